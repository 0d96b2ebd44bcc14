// The append-only audit log. Entries are only ever added, inside the same transaction as the change they describe.
import { chainAuditEntry, verifyAuditChain, type ChainVerdict } from '@renderer/domain/auditChain';
import type { AuditEntry } from '@renderer/domain/model';
import type { QaDatabase } from './database';
import { AccessDenied, newId, nowIso, type RepoContext } from './context';
import { getOwned, OWNED_TABLES } from './scoped';
import { isLeadRole, mayReadAuditLog } from '@renderer/domain/roles';

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  /** Who acted when no session exists (e.g. a failed sign-in names the account tried). */
  actorId?: string | null;
}

const SECRET_FIELDS = new Set(['hash', 'salt', 'params', 'password']);

/** Password hashes never enter the log: the log is readable by auditors, hashes are not for them. */
function redactSecrets(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_FIELDS.has(k)));
}

/** Must run inside a rw transaction that includes db.auditLog: IndexedDB serialises those, so seq and links never race. */
export async function appendAudit(ctx: RepoContext, input: AuditInput): Promise<AuditEntry> {
  const last = await ctx.db.auditLog.orderBy('seq').last();
  const at = nowIso(ctx);
  const chained = chainAuditEntry(
    {
      seq: (last?.seq ?? 0) + 1,
      at,
      actorId: input.actorId !== undefined ? input.actorId : (ctx.actor?.personId ?? null),
      action: input.action,
      entity: input.entity,
      entityId: input.entityId,
      before: redactSecrets(input.before ?? null),
      after: redactSecrets(input.after ?? null),
    },
    last ?? null,
  );
  const entry: AuditEntry = {
    ...chained,
    id: newId(ctx),
    createdAt: at,
    updatedAt: at,
    rev: 1,
    createdBy: chained.actorId,
    deletedAt: null,
  };
  await ctx.db.auditLog.add(entry);
  return entry;
}

export async function verifyAuditLog(db: QaDatabase): Promise<ChainVerdict> {
  return verifyAuditChain(await db.auditLog.orderBy('seq').toArray());
}

/** The log's entries about some records (an evaluation and its disputes, say), oldest first: for reviewers only. */
export async function auditTrail(ctx: RepoContext, records: { entity: string; entityId: string }[]): Promise<AuditEntry[]> {
  const role = ctx.actor?.role;
  if (!mayReadAuditLog(role)) throw new AccessDenied('the audit log is for reviewers');
  // A lead reads the trail of their teams' records only: each record named must be one the session may read.
  if (isLeadRole(role))
    for (const r of records) {
      if (!(r.entity in OWNED_TABLES)) throw new AccessDenied(`the audit trail of ${r.entity}`);
      await getOwned(ctx, r.entity as keyof typeof OWNED_TABLES, r.entityId);
    }
  const found = await ctx.db.auditLog.where('[entity+entityId]').anyOf(records.map((r) => [r.entity, r.entityId])).toArray();
  return found.sort((a, b) => a.seq - b.seq);
}
