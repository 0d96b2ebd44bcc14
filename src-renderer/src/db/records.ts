// Create, update and soft-delete any record with its base fields and an audit entry, in one transaction.
import type { Table } from 'dexie';
import type { BaseRecord, NewRecord } from '@renderer/domain/model';
import { appendAudit } from './audit';
import { AccessDenied, newId, nowIso, type RepoContext } from './context';
import { inCalibrationSession, mayReadPerson } from './access';
import { isStaffRole, mayManagePeople, mayReassignOwner } from '@renderer/domain/roles';

/** Tables whose records belong to a person, and the field naming them. */
const OWNER_FIELD: Record<string, string> = { evaluations: 'agentId', disputes: 'agentId', correctiveActions: 'staffId', tickets: 'agentId', recordings: 'agentId' };
/** What a staff member may change on their own records through the generic write (the rest goes through its own rule). */
const STAFF_FIELDS: Record<string, readonly string[]> = { evaluations: ['acknowledgedAt'], credentials: ['hash', 'salt', 'params', 'failedAttempts', 'lockedUntil'] };

/**
 * The generic write's own check, whatever called it: a session is needed (except for the first admin, before
 * anyone exists); people, teams and others' credentials are the admin's; a person's records need that person in
 * the session's scope; staff change only the few fields of their own records listed above.
 */
async function checkWrite(ctx: RepoContext, table: string, record: Record<string, unknown>, patch: Record<string, unknown> | null): Promise<void> {
  const a = ctx.actor;
  if (!a) {
    // The first run: the first admin, then their credential (before anyone can sign in).
    const admins = await ctx.db.people.where('role').equals('admin').primaryKeys();
    const firstRun =
      patch === null &&
      ((table === 'people' && admins.length === 0) || (table === 'credentials' && admins.length === 1 && admins[0] === record.id && !(await ctx.db.credentials.get(String(record.id)))));
    if (!firstRun) throw new AccessDenied(`writing ${table} needs a signed-in session`);
    return;
  }
  if (table === 'people' || table === 'teams') {
    if (!mayManagePeople(a.role)) throw new AccessDenied(`changing ${table} needs the admin role`);
    return;
  }
  if (table === 'credentials') {
    if (!mayManagePeople(a.role) && record.id !== a.personId) throw new AccessDenied('another person’s credentials');
  } else if (table in OWNER_FIELD) {
    // A calibration evaluation is the reviewer's own work on an item of their session, whoever's item it is.
    const calibration = table === 'evaluations' && typeof record.calibrationSessionId === 'string' && (await inCalibrationSession(ctx, record.calibrationSessionId, String(record.itemId)));
    if (!calibration && !(await mayReadPerson(ctx, (record[OWNER_FIELD[table]!] as string | null) ?? null))) throw new AccessDenied(`${table} ${String(record.id)}`);
  }
  if (isStaffRole(a.role) && patch && table in STAFF_FIELDS && Object.keys(patch).some((k) => !STAFF_FIELDS[table]!.includes(k)))
    throw new AccessDenied(`changing ${Object.keys(patch).join(', ')} of ${table}`);
  if (isStaffRole(a.role) && patch && table in OWNER_FIELD && !(table in STAFF_FIELDS)) throw new AccessDenied(`changing ${table}`);
}

export async function createRecord<T extends BaseRecord>(
  ctx: RepoContext,
  table: Table<T, string>,
  data: NewRecord<T>,
): Promise<T> {
  const record = stampNew(ctx, data);
  await checkWrite(ctx, table.name, record as unknown as Record<string, unknown>, null);
  await ctx.db.transaction('rw', table, ctx.db.auditLog, async () => {
    await table.add(record);
    await appendAudit(ctx, { action: 'create', entity: table.name, entityId: record.id, after: record });
  });
  return record;
}

export async function updateRecord<T extends BaseRecord>(
  ctx: RepoContext,
  table: Table<T, string>,
  id: string,
  patch: Partial<Omit<T, keyof BaseRecord>>,
  action = 'update',
): Promise<T> {
  // Checked before the write's transaction (the check reads people, which that transaction does not hold); the
  // owner field a check relies on is the one stored, re-read inside, and a patch never moves a record's owner.
  const current = await table.get(id);
  if (!current) throw new Error(`${table.name} ${id} not found`);
  await checkWrite(ctx, table.name, current as unknown as Record<string, unknown>, patch as Record<string, unknown>);
  const ownerField = OWNER_FIELD[table.name];
  if (ownerField && ownerField in patch && !mayReassignOwner(ctx.actor?.role)) throw new AccessDenied(`moving ${table.name} ${id} to another person`);
  return ctx.db.transaction('rw', table, ctx.db.auditLog, async () => {
    const before = await table.get(id);
    if (!before) throw new Error(`${table.name} ${id} not found`);
    const after = { ...before, ...patch, updatedAt: nowIso(ctx), rev: before.rev + 1 } as T;
    await table.put(after);
    await appendAudit(ctx, { action, entity: table.name, entityId: id, before, after });
    return after;
  });
}

export async function softDeleteRecord<T extends BaseRecord>(ctx: RepoContext, table: Table<T, string>, id: string): Promise<T> {
  return updateRecord(ctx, table, id, { deletedAt: nowIso(ctx) } as unknown as Partial<Omit<T, keyof BaseRecord>>, 'delete');
}

/** Fills base fields for records written in bulk (imports, demo data); the caller writes one audit entry for the batch. */
export function stampNew<T extends BaseRecord>(ctx: RepoContext, data: NewRecord<T>): T {
  const at = nowIso(ctx);
  return {
    ...data,
    id: data.id ?? newId(ctx),
    createdAt: at,
    updatedAt: at,
    rev: 1,
    createdBy: ctx.actor?.personId ?? null,
    deletedAt: null,
  } as T;
}
