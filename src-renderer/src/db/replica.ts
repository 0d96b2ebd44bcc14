// Team mode's replica: the rows the signed-in person may see, pulled from the team server into this workstation's
// database, and the writes made here sent up from the outbox, each local transaction as one server transaction.
// What talks to the server is a port (main's team session, through the contract); this module decides what to
// ask, applies what comes back, and keeps the feed's cursor, a first sync's progress and the outbox's state.
import Dexie, { type Table } from 'dexie';
import type { BaseRecord } from '@renderer/domain/model';
import { REPLICATED_TABLES, REPLICA_PREFIX, replicatedFor, type FeedBounds, type FeedPosition, type FeedRow, type WriteOutcome, type WriteTx } from '@renderer/domain/replication';
import type { RepoContext } from './context';
import { sameRole, type Role } from '@renderer/domain/roles';
import { QaDatabase, type OutboxRow } from './database';
import { ValidationError } from './context';
import { applyReplicated, writeRecords } from './records';
import { chosenRecord, mergeEvaluation } from '@renderer/domain/merge';
import type { Evaluation } from '@renderer/domain/model';

/** What the replica needs of the server (main's team session answers it as the signed-in person). */
export interface TeamPort {
  bounds(): Promise<FeedBounds>;
  page(table: string, lo: string, hi: string, after: FeedPosition | null, limit: number): Promise<FeedRow[]>;
  tombstones(lo: string, hi: string): Promise<{ table: string; id: string }[]>;
  /** The bounds and what changed since lo in one question (absent: bounds, then `changed`). */
  feed?(tables: string[], lo: string): Promise<{ bounds: FeedBounds; tables: string[]; removed: boolean }>;
  /** Which of these tables have changes in [lo, hi) (absent: every table is paged). */
  changed?(tables: string[], lo: string, hi: string): Promise<string[]>;
  ids(table: string): Promise<string[]>;
  write(tx: WriteTx): Promise<WriteOutcome>;
  /** The server's versions of records the person may see (the others are absent). */
  records(table: string, ids: string[]): Promise<Record<string, unknown>[]>;
}

/** Where the feed stands: pulled up to `lo`, from cluster `system`; a pull under way keeps its place to resume. */
interface Cursor {
  lo: string;
  system: string | null;
  running: { hi: string; table: number; after: FeedPosition | null } | null;
  /** The role the replica was pulled for: another role is granted other tables, so its pull starts again. */
  role?: string;
}

const CURSOR = 'feed';
const PAGE = 2000;

async function cursorOf(ctx: RepoContext): Promise<Cursor> {
  return ((await ctx.db.replicaMeta.get(CURSOR))?.value as Cursor | undefined) ?? { lo: '0', system: null, running: null };
}
const saveCursor = (ctx: RepoContext, c: Cursor) => ctx.db.replicaMeta.put({ id: CURSOR, value: c });

/** The tables the signed-in role's replica holds (a role without a table's grant never asks for it). */
const tablesOf = (ctx: RepoContext) => replicatedFor(ctx.actor?.role ?? 'staff');
const tableOf = (ctx: RepoContext, name: string) => (ctx.db as unknown as Record<string, Table<BaseRecord, string>>)[name]!;

export interface PullProgress {
  table: string;
  tableIndex: number;
  tables: number;
  rows: number;
}

/**
 * Pulls every change after the cursor, table by table in pages; each page is applied before the next is asked for,
 * and the place is kept, so a cancelled (or cut) pull resumes where it stopped. Rows removed on the server go too.
 * A replica of another cluster, or of a server that went back in time, is emptied and pulled again from the start.
 */
export async function pull(ctx: RepoContext, port: TeamPort, opts: { onProgress?: (p: PullProgress) => void; signal?: AbortSignal } = {}): Promise<{ rows: number; removed: number; complete: boolean; tables: string[]; roleChanged: boolean }> {
  let cursor = await cursorOf(ctx);
  const role = ctx.actor?.role ?? 'staff';
  // The person's role changed on the server (staff made lead): tables newly granted hold rows older than the cursor.
  const pulledFor = cursor.role as Role | undefined;
  const roleChanged = !!pulledFor && !sameRole(pulledFor, role);
  if (roleChanged) {
    cursor = { lo: '0', system: cursor.system, running: null };
    // And tables no longer granted (a lead made staff) leave the replica.
    const kept = new Set(tablesOf(ctx).map((t) => t.table));
    for (const spec of REPLICATED_TABLES.filter((t) => !kept.has(t.table))) {
      const table = tableOf(ctx, spec.table);
      const ids = (await table.toCollection().primaryKeys()) as string[];
      if (ids.length) await applyReplicated(ctx, table, [], ids);
    }
  }
  cursor = { ...cursor, role };
  const tables = tablesOf(ctx);
  const names = tables.map((t) => t.table);
  // One question first: where the feed stands and which tables changed at all (most pulls after a notice find one).
  const fresh = !cursor.running && port.feed ? await port.feed(names, cursor.lo) : null;
  const b = fresh?.bounds ?? (await port.bounds());
  let changed = fresh ? new Set(fresh.tables) : null;
  let removed = fresh?.removed ?? true;
  if (cursor.system !== null && (cursor.system !== b.system || BigInt(cursor.lo) > BigInt(b.current))) {
    await resetReplica(ctx);
    cursor = { lo: '0', system: null, running: null, role };
    changed = null;
    removed = true;
  }
  const running = cursor.running ?? { hi: b.hi, table: 0, after: null };
  if (!changed && port.changed) changed = new Set(await port.changed(names, cursor.lo, running.hi));
  const touched = new Set<string>();
  let rows = 0;
  for (let i = running.table; i < tables.length; i++) {
    const spec = tables[i]!;
    if (changed && !changed.has(spec.table)) continue;
    let after = i === running.table ? running.after : null;
    for (;;) {
      if (opts.signal?.aborted) {
        await saveCursor(ctx, { ...cursor, system: b.system, running: { hi: running.hi, table: i, after } });
        return { rows, removed: 0, complete: false, tables: [...touched], roleChanged };
      }
      const page = await port.page(spec.table, cursor.lo, running.hi, after, PAGE);
      if (page.length) {
        await applyReplicated(ctx, tableOf(ctx, spec.table), page.map((r) => r.record as unknown as BaseRecord));
        rows += page.length;
        touched.add(spec.table);
        after = { xid: page[page.length - 1]!.xid, seq: page[page.length - 1]!.seq };
        await saveCursor(ctx, { ...cursor, system: b.system, running: { hi: running.hi, table: i, after } });
      }
      opts.onProgress?.({ table: spec.table, tableIndex: i, tables: tables.length, rows });
      if (page.length < PAGE) break;
    }
  }
  const gone = removed ? await port.tombstones(cursor.lo, running.hi) : [];
  for (const [table, ids] of groupBy(gone)) {
    await applyReplicated(ctx, tableOf(ctx, table), [], ids);
    touched.add(table);
  }
  await saveCursor(ctx, { lo: running.hi, system: b.system, running: null, role });
  return { rows, removed: gone.length, complete: true, tables: [...touched], roleChanged };
}

function groupBy(items: { table: string; id: string }[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const x of items) m.set(x.table, [...(m.get(x.table) ?? []), x.id]);
  return m;
}

/**
 * Drops what the person may no longer see (rows do not change when a staff member moves team, so the feed cannot
 * tell): the ids still visible on the server per table against the replica's; local rows waiting in the outbox stay.
 */
export async function reconcile(ctx: RepoContext, port: TeamPort, tables: readonly string[] = tablesOf(ctx).map((t) => t.table)): Promise<number> {
  let dropped = 0;
  for (const name of tables) {
    const visible = new Set(await port.ids(name));
    const table = tableOf(ctx, name);
    const local = (await table.toCollection().primaryKeys()) as string[];
    const waiting = new Set((await ctx.db.teamOutbox.where('table').equals(name).toArray()).map((o) => o.recordId));
    const gone = local.filter((id) => !visible.has(id) && !waiting.has(id));
    if (gone.length) await applyReplicated(ctx, table, [], gone);
    dropped += gone.length;
  }
  return dropped;
}

async function resetReplica(ctx: RepoContext): Promise<void> {
  for (const spec of tablesOf(ctx)) {
    const table = tableOf(ctx, spec.table);
    const ids = (await table.toCollection().primaryKeys()) as string[];
    if (ids.length) await applyReplicated(ctx, table, [], ids);
  }
}

export interface PushResult {
  sent: number;
  conflicts: number;
  refused: number;
  /** The server could not be reached: what is pending stays pending. */
  offline: boolean;
}

/**
 * Sends the outbox in write order, a local transaction at a time, each as one server transaction named by its id
 * (a replay after a lost answer applies nothing twice). Applied: its rows leave the outbox. A conflict or a refusal
 * sets that transaction aside with the server's version or words, for the person to decide; the rest go on.
 */
export async function push(ctx: RepoContext, port: TeamPort, isOffline: (err: unknown) => boolean): Promise<PushResult> {
  const result: PushResult = { sent: 0, conflicts: 0, refused: 0, offline: false };
  const pending = await ctx.db.teamOutbox.where('status').equals('pending').sortBy('seq');
  const txs: OutboxRow[][] = [];
  for (const r of pending) {
    const last = txs[txs.length - 1];
    if (last && last[0]!.txId === r.txId) last.push(r);
    else txs.push([r]);
  }
  for (const rows of txs) {
    let outcome: WriteOutcome;
    try {
      outcome = await port.write({ id: rows[0]!.txId, ops: rows.map((r) => ({ table: r.table, kind: r.kind, id: r.recordId, baseRev: r.baseRev, record: r.record })) });
    } catch (err) {
      if (isOffline(err)) return { ...result, offline: true };
      throw err;
    }
    const seqs = rows.map((r) => r.seq!);
    if (!('op' in outcome)) {
      await ctx.db.teamOutbox.bulkDelete(seqs);
      result.sent++;
    } else {
      const o = outcome;
      await ctx.db.transaction('rw', ctx.db.teamOutbox, async () => {
        for (const [i, r] of rows.entries())
          await ctx.db.teamOutbox.update(r.seq!, { status: o.status, message: o.message, server: o.status === 'conflict' && i === o.op ? o.server : null });
      });
      if (o.status === 'conflict') result.conflicts++;
      else result.refused++;
    }
  }
  return result;
}

export interface OutboxState {
  pending: number;
  conflicts: OutboxRow[];
  refused: OutboxRow[];
}

export async function outboxState(ctx: RepoContext): Promise<OutboxState> {
  const all = await ctx.db.teamOutbox.toArray();
  return { pending: all.filter((r) => r.status === 'pending').length, conflicts: all.filter((r) => r.status === 'conflict'), refused: all.filter((r) => r.status === 'refused') };
}

/** Whether the feed has been pulled to the end at least once (a first sync finished). */
export async function firstSyncDone(ctx: RepoContext): Promise<boolean> {
  const c = await cursorOf(ctx);
  return c.system !== null && c.running === null;
}

/** The outbox rows of one local transaction. */
const txRows = (ctx: RepoContext, txId: string) => ctx.db.teamOutbox.where('txId').equals(txId).sortBy('seq');

/**
 * The person's choice on a conflict: the server's version, with the fields they took from theirs. The server's
 * version goes into the replica; when the choice differs from it, it is a new change based on the server's rev,
 * through the one write path (audited, in the outbox). The transaction's other changes are sent again as they were.
 */
export async function resolveConflict(ctx: RepoContext, seq: number, takeMine: readonly string[]): Promise<void> {
  const row = await ctx.db.teamOutbox.get(seq);
  if (!row || row.status !== 'conflict' || !row.server || !row.record) throw new Error(`outbox ${seq} is not a conflict with a server version`);
  const table = tableOf(ctx, row.table);
  const server = row.server as unknown as BaseRecord;
  const chosen = chosenRecord(row.record, row.server, takeMine) as unknown as BaseRecord;
  await ctx.db.transaction('rw', [table, ctx.db.teamOutbox, ctx.db.auditLog], async () => {
    const rows = await txRows(ctx, row.txId);
    await ctx.db.teamOutbox.bulkDelete(rows.filter((r) => r.table === row.table && r.recordId === row.recordId).map((r) => r.seq!));
    for (const r of rows) if (!(r.table === row.table && r.recordId === row.recordId)) await ctx.db.teamOutbox.update(r.seq!, { status: 'pending', server: null, message: null });
    await applyReplicated(ctx, table, [server], [], { replace: true });
    if (takeMine.length && JSON.stringify(chosen) !== JSON.stringify(server))
      await writeRecords(ctx, table, { revise: [{ before: server, after: chosen }] }, { each: 'resolve-conflict' });
  });
}

/**
 * Gives up a change the server refused (or a conflict the person drops): the whole local transaction leaves the
 * outbox and its records go back to the server's versions (a record the server does not have leaves the replica).
 */
export async function discardChange(ctx: RepoContext, port: TeamPort, seq: number): Promise<void> {
  const row = await ctx.db.teamOutbox.get(seq);
  if (!row) return;
  const rows = await txRows(ctx, row.txId);
  const byTable = new Map<string, string[]>();
  for (const r of rows) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r.recordId]);
  const servers = new Map<string, BaseRecord[]>();
  for (const [t, ids] of byTable) servers.set(t, (await port.records(t, ids)) as unknown as BaseRecord[]);
  const tables = [...byTable.keys()].map((t) => tableOf(ctx, t));
  await ctx.db.transaction('rw', [...tables, ctx.db.teamOutbox], async () => {
    await ctx.db.teamOutbox.bulkDelete(rows.map((r) => r.seq!));
    for (const [t, ids] of byTable) {
      const have = servers.get(t)!;
      const kept = new Set(have.map((r) => r.id));
      await applyReplicated(ctx, tableOf(ctx, t), have, ids.filter((i) => !kept.has(i)), { replace: true });
    }
  });
}

/**
 * Evaluations never conflict destructively: a conflict on one is merged at once (the server's scoring kept in its
 * history, this console's as the next revision; an acknowledgement kept) and sent again. Answers how many merged.
 */
export async function mergeEvaluationConflicts(ctx: RepoContext): Promise<number> {
  const rows = (await ctx.db.teamOutbox.where('status').equals('conflict').toArray()).filter((r) => r.table === 'evaluations' && r.server && r.record && r.base);
  for (const r of rows) {
    const merged = mergeEvaluation(r.base as unknown as Evaluation, r.record as unknown as Evaluation, r.server as unknown as Evaluation) as unknown as Record<string, unknown>;
    const takeMine = Object.keys(merged).filter((k) => JSON.stringify(merged[k]) !== JSON.stringify(r.server![k]));
    // The merged record is the server's with exactly these fields taken from the merge.
    await ctx.db.teamOutbox.update(r.seq!, { record: merged });
    await resolveConflict(ctx, r.seq!, takeMine);
  }
  return rows.length;
}


/**
 * A shared workstation (one OS account, several people): before a person's replica opens, every other person's
 * replica on this profile is deleted, so nothing one person pulled is readable by the next, from the page or from
 * IndexedDB. One still holding changes its owner never sent (their console closed without signing out) is handed
 * to main first (`sealOther`), which keeps the changes sealed for that owner when their sign-in here was left open;
 * refused, the replica is kept (deleting it would lose their work) and named.
 */
export async function removeOtherReplicas(
  current: string,
  open: (name: string) => QaDatabase = (n) => new QaDatabase(n),
  sealOther?: (name: string, rows: Record<string, unknown>[]) => Promise<unknown>,
): Promise<{ removed: string[]; sealed: string[]; kept: string[] }> {
  const names = (await Dexie.getDatabaseNames()).filter((n) => n.startsWith(REPLICA_PREFIX) && n !== current);
  const removed: string[] = [];
  const sealed: string[] = [];
  const kept: string[] = [];
  for (const name of names) {
    const db = open(name);
    let unsent: OutboxRow[];
    try {
      unsent = await db.teamOutbox.orderBy('seq').toArray();
    } finally {
      db.close();
    }
    if (unsent.length) {
      const handed = sealOther ? await sealOther(name, unsent.map(({ seq: _seq, ...r }) => r as unknown as Record<string, unknown>)).then(() => true, () => false) : false;
      if (!handed) {
        kept.push(name);
        continue;
      }
      sealed.push(name);
    } else removed.push(name);
    await Dexie.delete(name);
  }
  return { removed, sealed, kept };
}

/**
 * Sign-out on a team console: the changes not yet on the server (pending, or waiting for the person's decision)
 * are handed to main to keep sealed for this person (`seal`), then the replica is deleted, so nothing they pulled
 * stays readable at this PC. The seal failing keeps the replica (their work is not lost) and says why.
 */
export async function leaveReplica(ctx: RepoContext, seal: (rows: Record<string, unknown>[]) => Promise<unknown>): Promise<{ sealed: number }> {
  const rows = await ctx.db.teamOutbox.orderBy('seq').toArray();
  await seal(rows.map(({ seq: _seq, ...r }) => r as unknown as Record<string, unknown>));
  const name = ctx.db.name;
  ctx.db.close();
  await Dexie.delete(name);
  return { sealed: rows.length };
}

const OUTBOX_KINDS = new Set(['create', 'revise', 'remove']);
const OUTBOX_STATES = new Set(['pending', 'conflict', 'refused']);

/**
 * A sign-in's first step on a fresh replica: the person's changes kept at their last sign-out here go back into the
 * outbox in their order, and their records into the replica (a pull leaves a record with a change waiting alone),
 * so the next round sends them, and the server's changes since meet them as conflicts, field by field.
 */
export async function restoreSealedChanges(ctx: RepoContext, rows: readonly Record<string, unknown>[]): Promise<number> {
  const checked = rows.map((r, i) => {
    const row = r as unknown as OutboxRow;
    if (!REPLICATED_TABLES.some((t) => t.table === row.table) || typeof row.recordId !== 'string' || typeof row.txId !== 'string' || !OUTBOX_KINDS.has(row.kind) || !OUTBOX_STATES.has(row.status))
      throw new ValidationError(`rows.${i}`, 'team.sealedDamaged', `Kept change ${i + 1} is not a change this console made (${String(row.table)} ${String(row.recordId)})`);
    return row;
  });
  if (!checked.length) return 0;
  const tables = [...new Set(checked.map((r) => r.table))].map((t) => tableOf(ctx, t));
  await ctx.db.transaction('rw', [ctx.db.teamOutbox, ...tables], async () => {
    for (const row of checked) {
      const { seq: _old, ...fresh } = row;
      await ctx.db.teamOutbox.add(fresh);
      const table = tableOf(ctx, row.table);
      if (row.kind === 'remove') await table.delete(row.recordId);
      else if (row.record) await table.put(row.record as unknown as BaseRecord);
    }
  });
  return checked.length;
}
