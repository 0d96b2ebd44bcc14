// Role scoping for every read of a person's records (evaluations, disputes, corrective actions, tickets, recordings).
// Components never filter by role themselves: they call these, and these refuse what the session may not see.
import Dexie from 'dexie';
import { canReadPersonData, isLeadRole, overseesAll } from '@renderer/domain/roles';
import type { CorrectiveAction, Dispute, Evaluation, Recording, Ticket } from '@renderer/domain/model';
import { AccessDenied, type RepoContext } from './context';
import type { QaDatabase } from './database';
import { requireActor } from './access';

/** For each person-owned table: the field naming the owner and the compound index [owner+time] to query by. */
export const OWNED_TABLES = {
  evaluations: { ownerField: 'agentId', index: '[agentId+occurredAt]' },
  disputes: { ownerField: 'agentId', index: '[agentId+status]' },
  correctiveActions: { ownerField: 'staffId', index: '[staffId+status]' },
  tickets: { ownerField: 'agentId', index: '[agentId+openedAt]' },
  recordings: { ownerField: 'agentId', index: '[agentId+startedAt]' },
} as const;
export type OwnedTable = keyof typeof OWNED_TABLES;
/** What each person-owned table holds, so scoped reads come back typed. */
export interface OwnedRecords {
  evaluations: Evaluation;
  disputes: Dispute;
  correctiveActions: CorrectiveAction;
  tickets: Ticket;
  recordings: Recording;
}

function table<N extends OwnedTable>(db: QaDatabase, name: N) {
  return db.table<OwnedRecords[N], string>(name);
}

async function ownerOf(db: QaDatabase, personId: string | null) {
  if (!personId) return null;
  const p = await db.people.get(personId);
  return { personId, teamId: p?.teamId ?? null };
}

/**
 * The people whose records the session may read; null means everyone. Not `async`, and a Dexie promise on every
 * path: a live query's observation survives only awaits of Dexie's own promises, and an async function that
 * returned without touching the database would end it (the page would never refresh: issue 16, item 21).
 */
export function readablePersonIds(ctx: RepoContext): Promise<string[] | null> {
  const actor = requireActor(ctx);
  if (overseesAll(actor.role)) return Dexie.Promise.resolve(null);
  if (isLeadRole(actor.role) && actor.ledTeamIds.length > 0)
    return ctx.db.people
      .where('teamId')
      .anyOf([...actor.ledTeamIds])
      .primaryKeys()
      .then((members) => Array.from(new Set([actor.personId, ...members])));
  return Dexie.Promise.resolve([actor.personId]);
}

/** One person's records, newest first; refuses if the session may not see that person. */
export async function listOwnedBy<N extends OwnedTable>(ctx: RepoContext, name: N, personId: string, limit = 500): Promise<OwnedRecords[N][]> {
  const actor = requireActor(ctx);
  const owner = await ownerOf(ctx.db, personId);
  if (!owner || !canReadPersonData(actor, owner)) throw new AccessDenied(`${name} of person ${personId}`);
  const { index } = OWNED_TABLES[name];
  return table(ctx.db, name)
    .where(index)
    .between([personId, Dexie.minKey], [personId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .filter((r) => !r.deletedAt)
    .toArray();
}

/** Everything of a table the session may see (all for admins and supervisors, the team for a lead, self for staff). */
export async function listVisible<N extends OwnedTable>(ctx: RepoContext, name: N, limitPerPerson = 500): Promise<OwnedRecords[N][]> {
  const ids = await readablePersonIds(ctx);
  if (ids === null) return table(ctx.db, name).filter((r) => !r.deletedAt).toArray();
  const lists = await Promise.all(ids.map((id) => listOwnedBy(ctx, name, id, limitPerPerson)));
  return lists.flat();
}

/** One record by id; refuses when it belongs to someone the session may not see. */
export async function getOwned<N extends OwnedTable>(ctx: RepoContext, name: N, id: string): Promise<OwnedRecords[N] | undefined> {
  const actor = requireActor(ctx);
  const rec = await table(ctx.db, name).get(id);
  if (!rec || rec.deletedAt) return undefined;
  const owner = await ownerOf(ctx.db, ((rec as unknown as Record<string, unknown>)[OWNED_TABLES[name].ownerField] as string | null) ?? null);
  // Records with no owner (an unassigned ticket) are work material: supervisors and admins only.
  const allowed = owner ? canReadPersonData(actor, owner) : overseesAll(actor.role);
  if (!allowed) throw new AccessDenied(`${name} ${id}`);
  return rec;
}
