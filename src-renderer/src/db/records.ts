// The write path: every change to a table passes `writeRecords` — new records get their base fields, changed ones
// rev + 1 and updatedAt, removed ones go — with the audit entry in the same transaction, and every committed write
// is told to `onRecordsWritten` listeners (the one place a sync can observe all changes). The single, checked
// forms (create, update, soft delete) sit on top of it. Nothing else in the renderer writes a table (a test greps).
import Dexie, { type IndexableType, type Table } from 'dexie';
import type { BaseRecord, NewRecord } from '@renderer/domain/model';
import { appendAudit, type AuditInput } from './audit';
import { AccessDenied, newId, nowIso, type RepoContext } from './context';
import { inCalibrationSession, mayReadPerson } from './access';
import { isStaffRole, mayManagePeople, mayReassignOwner } from '@renderer/domain/roles';
import { replicatedTable } from '@renderer/domain/replication';
import type { OutboxRow, QaDatabase } from './database';

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

/** The base fields only the write path sets. */
type BaseFields = 'id' | 'createdAt' | 'updatedAt' | 'rev' | 'createdBy';

/** A record changed: as it is stored, and what it is to hold (its base fields are the write path's). */
export interface Revision<T extends BaseRecord> {
  before: T;
  after: Omit<T, BaseFields> & Partial<Pick<T, BaseFields>>;
}

/**
 * What the audit log says of a write: an entry per record (`each`, with before and after), one for the whole
 * batch (`batch`: an import, a run's assignments), or none, with the reason (derived data such as peaks, a draft
 * autosave, the outbox's own bookkeeping).
 */
export type AuditPlan = { each: string } | { batch: Omit<AuditInput, 'entity'> & { entity?: string } } | { none: string };

export interface RecordWrites<T extends BaseRecord> {
  /**
   * New records: id (unless given), createdAt, updatedAt, rev 1, createdBy (the session), deletedAt null. Records
   * stamped beforehand by `stampNew` (when other rows must name their ids and times first) are kept as stamped.
   */
  create?: NewRecord<T>[];
  /** Changed records (a soft delete is a change of deletedAt): rev + 1 and updatedAt now. */
  revise?: Revision<T>[];
  /** Records that come with their base fields, written as they are (demo history generated in the past). */
  asRecorded?: T[];
  /** Rows removed for good (a thread replaced by an import, derived rows). */
  remove?: string[];
}

/** What a listener hears once the transaction holding a write has committed. */
export interface RecordsWritten {
  /** The database written (several consoles can share a process: tests, the benchmarks). */
  db: QaDatabase;
  /** Rows the team server sent (applyReplicated), as opposed to this console's own writes. */
  fromServer: boolean;
  /** The revs of `revised`, in order (rows from the server). */
  revs?: number[];
  table: string;
  created: string[];
  revised: string[];
  removed: string[];
}

const listeners = new Set<(w: RecordsWritten) => void>();

/** Hears every committed write (the sync's hook); returns the way to stop listening. */
export function onRecordsWritten(listener: (w: RecordsWritten) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A new record stamped by `stampNew` already (rev 1, never deleted): taken as it is. */
function isStamped<T extends BaseRecord>(d: NewRecord<T>): d is T {
  const r = d as Partial<BaseRecord>;
  return r.rev === 1 && typeof r.createdAt === 'string' && r.updatedAt === r.createdAt && r.deletedAt === null;
}

/** The new version of a record: the content wanted, with the stored base fields, rev + 1 and updatedAt now. */
function revised<T extends BaseRecord>(r: Revision<T>, at: string): T {
  return { ...r.after, id: r.before.id, createdAt: r.before.createdAt, createdBy: r.before.createdBy, rev: r.before.rev + 1, updatedAt: at } as T;
}

/**
 * The one write: in a transaction of its own, or in the caller's when it holds the table (and the audit log when
 * audited), so multi-step changes stay atomic. Access is the caller's repository function's to check first.
 */
export async function writeRecords<T extends BaseRecord>(ctx: RepoContext, table: Table<T, string>, writes: RecordWrites<T>, audit: AuditPlan): Promise<{ created: T[]; revised: T[] }> {
  const at = nowIso(ctx);
  const created = (writes.create ?? []).map((d) => (isStamped<T>(d) ? d : stampNew<T>(ctx, d)));
  const changed = (writes.revise ?? []).map((r) => revised(r, at));
  const recorded = writes.asRecorded ?? [];
  const removed = writes.remove ?? [];
  const tables = 'none' in audit ? [table] : [table, ctx.db.auditLog];
  await ctx.db.transaction('rw', tables, async () => {
    if (created.length) await table.bulkAdd(created);
    if (changed.length || recorded.length) await table.bulkPut([...changed, ...recorded]);
    if (removed.length) await table.bulkDelete(removed);
    if ('each' in audit) {
      for (const r of created) await appendAudit(ctx, { action: audit.each, entity: table.name, entityId: r.id, after: r });
      for (let i = 0; i < changed.length; i++) await appendAudit(ctx, { action: audit.each, entity: table.name, entityId: changed[i]!.id, before: writes.revise![i]!.before, after: changed[i] });
      for (const r of recorded) await appendAudit(ctx, { action: audit.each, entity: table.name, entityId: r.id, after: r });
      for (const id of removed) await appendAudit(ctx, { action: audit.each, entity: table.name, entityId: id });
    } else if ('batch' in audit) {
      await appendAudit(ctx, { entity: table.name, ...audit.batch });
    }
    if (ctx.db.journal) await journal(ctx, table.name, created, changed.map((r, i) => [writes.revise![i]!.before, r] as const), recorded, removed);
    const told: RecordsWritten = { db: ctx.db, fromServer: false, table: table.name, created: created.map((r) => r.id), revised: [...changed, ...recorded].map((r) => r.id), removed };
    // Told once the whole transaction (the caller's, when nested) has committed: an aborted write is never heard.
    Dexie.currentTransaction!.idbtrans.addEventListener('complete', () => listeners.forEach((l) => l(told)));
  });
  return { created, revised: changed };
}

/** The local transaction's name for the server (one per top-level transaction, shared by nested writes). */
const txNames = new WeakMap<IDBTransaction, string>();

/**
 * Team mode: the outbox rows of a write, in its transaction. A record still local by its table's rule (a reviewer's
 * draft) is not sent; the change that takes it out of that state is sent as its creation.
 */
async function journal<T extends BaseRecord>(ctx: RepoContext, table: string, created: T[], changed: (readonly [T, T])[], recorded: T[], removed: string[]): Promise<void> {
  const spec = replicatedTable(table);
  if (!spec) return;
  const idb = Dexie.currentTransaction!.idbtrans;
  const txId = txNames.get(idb) ?? newId(ctx);
  txNames.set(idb, txId);
  const local = (r: BaseRecord) => !!spec.localWhile && (r as unknown as Record<string, unknown>)[spec.localWhile.field] === spec.localWhile.value;
  const at = nowIso(ctx);
  const row = (kind: OutboxRow['kind'], r: BaseRecord | null, id: string, baseRev: number | null, base: BaseRecord | null = null): OutboxRow => ({
    txId,
    table,
    recordId: id,
    kind,
    baseRev,
    record: r as unknown as Record<string, unknown> | null,
    base: base as unknown as Record<string, unknown> | null,
    status: 'pending',
    server: null,
    message: null,
    at,
  });
  const rows: OutboxRow[] = [
    ...[...created, ...recorded].filter((r) => !local(r)).map((r) => row('create', r, r.id, null)),
    ...changed.filter(([, after]) => !local(after)).map(([before, after]) => (local(before) ? row('create', after, after.id, null) : row('revise', after, after.id, before.rev, before))),
    ...removed.map((id) => row('remove', null, id, null)),
  ];
  if (rows.length) await ctx.db.teamOutbox.bulkAdd(rows);
}

/**
 * The other write: rows that came from the team server, put into the replica as they are (no stamping, no audit:
 * the server audited them; no outbox: they are the server's already). A local record newer than the server's, or
 * with changes still waiting to be sent, is kept (the push answers for it); `remove` drops rows the server removed
 * or the person may no longer see.
 */
export async function applyReplicated(ctx: RepoContext, table: Table<BaseRecord, string>, rows: BaseRecord[], remove: string[] = [], opts: { replace?: boolean } = {}): Promise<{ applied: number; removed: number }> {
  let applied = 0;
  await ctx.db.transaction('rw', [table, ctx.db.teamOutbox], async () => {
    const current = await table.bulkGet(rows.map((r) => r.id));
    // Most pulls find the outbox empty: then there is nothing waiting to look up row by row.
    const waiting = (await ctx.db.teamOutbox.count()) === 0 ? new Set<string>() : new Set((await ctx.db.teamOutbox.where('[table+recordId]').anyOf(rows.map((r) => [table.name, r.id])).toArray()).map((o) => o.recordId));
    // `replace`: the person chose the server's version over their own (a conflict, a refused change).
    const newer = opts.replace ? rows : rows.filter((r, i) => !waiting.has(r.id) && (!current[i] || current[i]!.rev < r.rev || (current[i]!.rev === r.rev && current[i]!.updatedAt !== r.updatedAt)));
    const displaced = newer.length ? await putReplicated(table, newer) : [];
    applied = newer.length;
    if (remove.length) await table.bulkDelete(remove);
    const told: RecordsWritten = { db: ctx.db, fromServer: true, table: table.name, created: [], revised: newer.map((r) => r.id), revs: newer.map((r) => r.rev), removed: [...remove, ...displaced] };
    Dexie.currentTransaction!.idbtrans.addEventListener('complete', () => listeners.forEach((l) => l(told)));
  });
  return { applied, removed: remove.length };
}

/**
 * Puts the server's rows. A row that clashes with another local row on a unique key (the same helpdesk ticket
 * imported here and elsewhere under two ids) takes its place: the server holds one, so the replica does; the local
 * row's own change, if it has one, stays in the outbox (the server refuses it, and the person decides). Answers the
 * ids of the local rows displaced. Without this a single clash would stop the feed for good.
 */
async function putReplicated(table: Table<BaseRecord, string>, rows: BaseRecord[]): Promise<string[]> {
  try {
    await table.bulkPut(rows);
    return [];
  } catch (err) {
    if (!(err instanceof Dexie.BulkError)) throw err;
    const displaced: string[] = [];
    const unique = table.schema.indexes.filter((i) => i.unique);
    for (const pos of Object.keys(err.failuresByPos).map(Number)) {
      const row = rows[pos]! as unknown as Record<string, unknown>;
      for (const idx of unique) {
        const paths = Array.isArray(idx.keyPath) ? idx.keyPath : [idx.keyPath!];
        const key = paths.map((p) => row[p]) as IndexableType[];
        if (key.some((k) => k === undefined || k === null)) continue;
        const value: IndexableType = Array.isArray(idx.keyPath) ? (key as unknown as IndexableType) : key[0]!;
        const others = ((await table.where(idx.name).equals(value).primaryKeys()) as string[]).filter((id) => id !== row.id);
        if (others.length) await table.bulkDelete(others);
        displaced.push(...others);
      }
      await table.put(rows[pos]!);
    }
    return displaced;
  }
}

export async function createRecord<T extends BaseRecord>(
  ctx: RepoContext,
  table: Table<T, string>,
  data: NewRecord<T>,
): Promise<T> {
  const withId = { ...data, id: data.id ?? newId(ctx) };
  await checkWrite(ctx, table.name, withId as Record<string, unknown>, null);
  return (await writeRecords(ctx, table, { create: [withId] }, { each: 'create' })).created[0]!;
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
    return (await writeRecords(ctx, table, { revise: [{ before, after: { ...before, ...patch } }] }, { each: action })).revised[0]!;
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
