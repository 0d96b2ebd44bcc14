// Create, update and soft-delete any record with its base fields and an audit entry, in one transaction.
import type { Table } from 'dexie';
import type { BaseRecord, NewRecord } from '@renderer/domain/model';
import { appendAudit } from './audit';
import { newId, nowIso, type RepoContext } from './context';

export async function createRecord<T extends BaseRecord>(
  ctx: RepoContext,
  table: Table<T, string>,
  data: NewRecord<T>,
): Promise<T> {
  const record = stampNew(ctx, data);
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
