// The appraisal sync outbox in the console: what waits, batches sent with back-off and their answers, retry on
// demand, and reconciliation of a period against the hashes the appraisal database holds.
import Dexie from 'dexie';
import type { AppraisalSyncRecord, PushResult, ServerHashRow } from '@contract';
import type { SyncOutboxEntry } from '@renderer/domain/model';
import { recordKey, reconcile, toSyncRecord, type Difference } from '@renderer/domain/appraisal';
import { mayReviewAppraisals } from '@renderer/domain/roles';
import { requireActor } from './access';
import { AccessDenied, newId, nowIso, type RepoContext } from './context';
import { writeRecords } from './records';

const isReviewer = (ctx: RepoContext) => mayReviewAppraisals(requireActor(ctx).role);

/** What the outbox sends per batch, and how many batches are in flight at once. */
export const SYNC_BATCH_SIZE = 250;
export const SYNC_CONCURRENCY = 2;

/** Wait before retrying a batch that failed `attempts` times: 30 s doubling to at most 30 min. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

export type Pusher = (batchId: string, records: AppraisalSyncRecord[]) => Promise<PushResult>;

export interface SyncRun {
  sent: number;
  inserted: number;
  already: number;
  conflicts: number;
  /** The error that stopped the run (the server's words), or null. */
  error: string | null;
}

export interface OutboxSummary {
  pending: number;
  failed: number;
  synced: number;
  conflict: number;
  lastError: string | null;
  nextAttemptAt: string | null;
}

export async function outboxSummary(ctx: RepoContext): Promise<OutboxSummary> {
  requireActor(ctx);
  const count = (s: SyncOutboxEntry['status']) => ctx.db.syncOutbox.where('[status+nextAttemptAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]).count();
  const [pending, failed, synced, conflict] = await Promise.all([count('pending'), count('failed'), count('synced'), count('conflict')]);
  const nextFailed = await ctx.db.syncOutbox.where('[status+nextAttemptAt]').between(['failed', Dexie.minKey], ['failed', Dexie.maxKey]).first();
  // The server's words can name people and servers: for the supervisors and admins who run the sync.
  return { pending, failed, synced, conflict, lastError: isReviewer(ctx) ? (nextFailed?.lastError ?? null) : null, nextAttemptAt: nextFailed?.nextAttemptAt ?? null };
}

/** Entries due now (pending, or failed whose back-off has passed), oldest record first so amendments follow originals. */
async function dueEntries(ctx: RepoContext, all: boolean): Promise<SyncOutboxEntry[]> {
  const until = all ? Dexie.maxKey : nowIso(ctx);
  const due = (s: SyncOutboxEntry['status']) => ctx.db.syncOutbox.where('[status+nextAttemptAt]').between([s, Dexie.minKey], [s, until], true, true).toArray();
  const [pending, failed] = await Promise.all([due('pending'), due('failed')]);
  return [...pending, ...failed].sort((a, b) => a.employeeNo.localeCompare(b.employeeNo) || a.version - b.version || a.id.localeCompare(b.id));
}

/**
 * Pushes due outbox entries in batches. Each batch is one transaction on the server and idempotent there, so an
 * entry is marked synced only when its result came back: a run cut short (server down, app closed) is simply
 * replayed later and the server answers "already". A failed batch stops the run and backs off.
 */
export async function runSync(
  ctx: RepoContext,
  push: Pusher,
  opts: { batchSize?: number; concurrency?: number; all?: boolean; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<SyncRun> {
  if (!isReviewer(ctx)) throw new AccessDenied('appraisal sync is run by a quality supervisor or an administrator');
  const batchSize = opts.batchSize ?? SYNC_BATCH_SIZE;
  const due = await dueEntries(ctx, opts.all ?? false);
  const run: SyncRun = { sent: 0, inserted: 0, already: 0, conflicts: 0, error: null };

  /** One batch out and its answer recorded; false when it failed (the run then stops taking new batches). */
  const send = async (batch: SyncOutboxEntry[]): Promise<boolean> => {
    const records = await ctx.db.appraisalRecords.bulkGet(batch.map((e) => e.recordId));
    const nowMs = ctx.clock();
    const at = new Date(nowMs).toISOString();
    let result: PushResult;
    try {
      result = await push(newId(ctx), records.map((r) => toSyncRecord(r!.content, r!.contentHash, r!.signature)));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      run.error ??= error;
      const failed = batch.map((e) => ({ before: e, after: { ...e, status: 'failed' as const, attempts: e.attempts + 1, lastError: error, lastAttemptAt: at, nextAttemptAt: new Date(nowMs + backoffMs(e.attempts + 1)).toISOString() } }));
      await writeRecords(ctx, ctx.db.syncOutbox, { revise: failed }, { none: 'the outbox’s own bookkeeping: a failed attempt, retried later' });
      return false;
    }
    const outcome = new Map(result.outcomes.map((o) => [recordKey({ employeeNo: o.employeeNo, periodKey: o.periodKey, version: o.version }), o]));
    await ctx.db.transaction('rw', ctx.db.syncOutbox, ctx.db.auditLog, async () => {
      const updated = batch.map((e): Omit<SyncOutboxEntry, 'rev' | 'updatedAt'> => {
        const o = outcome.get(recordKey(e));
        if (!o) return { ...e, status: 'failed', attempts: e.attempts + 1, lastError: 'the server did not answer for this record', lastAttemptAt: at, nextAttemptAt: at };
        if (o.status === 'conflict' || o.status === 'rejected') {
          // Neither goes away by retrying: kept aside (status conflict) with the reason, for a person to look at.
          run.conflicts++;
          const why = o.status === 'rejected' ? `refused: ${o.reason ?? 'failed its checks'}` : `the server holds a different record under this key (hash ${o.serverHash.slice(0, 12)}…)`;
          return { ...e, status: 'conflict', attempts: e.attempts + 1, lastError: why, lastAttemptAt: at, serverHash: o.serverHash || null };
        }
        if (o.status === 'inserted') run.inserted++;
        else run.already++;
        return { ...e, status: 'synced', attempts: e.attempts + 1, lastError: null, lastAttemptAt: at, syncedAt: result.syncedAt, serverHash: o.serverHash };
      });
      const audit = { batch: { action: 'sync', entityId: result.batchId, after: { records: batch.length, inserted: result.outcomes.filter((o) => o.status === 'inserted').length } } };
      await writeRecords(ctx, ctx.db.syncOutbox, { revise: updated.map((after, i) => ({ before: batch[i]!, after })) }, audit);
    });
    run.sent += batch.length;
    opts.onProgress?.(run.sent, due.length);
    return true;
  };

  // Batches go out `concurrency` at a time (main's pool has as many connections): while the server writes one,
  // the next is checked and sent. Each is independent on the server (its own transaction, idempotent).
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && !opts.signal?.aborted && next < due.length) {
      const batch = due.slice(next, next + batchSize);
      next += batchSize;
      if (!(await send(batch))) failed = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? SYNC_CONCURRENCY) }, lane));
  return run;
}

/** Puts a conflicting or failed entry back in line now (after the DBA fixed the server, for instance). */
export async function retryNow(ctx: RepoContext, entryIds: string[]): Promise<void> {
  if (!isReviewer(ctx)) throw new AccessDenied('appraisal sync is run by a quality supervisor or an administrator');
  const at = nowIso(ctx);
  await ctx.db.transaction('rw', ctx.db.syncOutbox, async () => {
    const entries = (await ctx.db.syncOutbox.bulkGet(entryIds)).filter((e): e is SyncOutboxEntry => !!e && e.status !== 'synced');
    await writeRecords(ctx, ctx.db.syncOutbox, { revise: entries.map((e) => ({ before: e, after: { ...e, status: 'pending' as const, nextAttemptAt: at } })) }, { none: 'the outbox’s own bookkeeping: back in line' });
  });
}

/** Local locked records of a period (every team) against what the server holds for it. */
export async function reconcilePeriod(ctx: RepoContext, key: string, fetchHashes: (keys: string[]) => Promise<ServerHashRow[]>): Promise<{ matched: number; differences: Difference[]; checkedAt: string }> {
  if (!isReviewer(ctx)) throw new AccessDenied('reconciliation is for quality supervisors and administrators');
  const rows = await ctx.db.appraisalPeriods.where('[key+teamId]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray();
  const records = rows.length ? await ctx.db.appraisalRecords.where('periodId').anyOf(rows.map((r) => r.id)).toArray() : [];
  const outbox = await ctx.db.syncOutbox.where('periodKey').equals(key).toArray();
  const pending = new Set(outbox.filter((o) => o.status !== 'synced').map((o) => recordKey(o)));
  const server = await fetchHashes([key]);
  const local = records.map((r) => ({ employeeNo: r.content.employeeNo, periodKey: key, version: r.version, hash: r.contentHash }));
  return { ...reconcile(local, server, pending), checkedAt: nowIso(ctx) };
}
