// sync-10k: 10,000 locked appraisal records into a local PostgreSQL through the console's path (the contract's
// dispatch → zod validation → hash and signature checks → one-transaction batched upsert of records and components,
// with the outbox's batch size and number of batches in flight) against a COPY of the same rows into scratch tables
// of the same shape, in the same run (the server's ceiling).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { AppraisalSyncRecord, Result } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../../src-main/services';
import { signedIn } from '../unit/serviceSession';
import { SCHEMA } from '../../src-main/services/appraisalSchema';
import { startCluster } from '../pg/cluster';
import { syncRecord } from '../pg/records';
import { SYNC_BATCH_SIZE, SYNC_CONCURRENCY } from '../../src-renderer/src/db/appraisalOutbox';
import type { BenchResult } from './run';

const N = 10_000;
const BATCH = SYNC_BATCH_SIZE;

const csv = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);

export async function syncBench(): Promise<BenchResult> {
  const cluster = await startCluster();
  try {
    await cluster.createApp('qa_bench', 'bench-pw', 'appraisal');
    const records: AppraisalSyncRecord[] = Array.from({ length: N }, (_, i) => syncRecord(i));
    const dataDir = await mkdtemp(join(tmpdir(), 'qa-bench-sync-'));
    const ctx = createServiceContext({ version: 'bench', host: 'web', platform: process.platform, osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false }, (id) => id, { audioWorker: null });
    const h = createHandlers(ctx);
    const as = signedIn(ctx);
    const connection = { host: cluster.host, port: cluster.port, database: 'appraisal', user: 'qa_bench', tls: 'disable' as const };
    await dispatch(h, 'saveSyncSettings', { connection, password: 'bench-pw' }, as);
    const test = await dispatch(h, 'testSyncConnection', {}, as);
    if (!test.ok) throw new Error(test.error.message);

    // As the outbox sends them: batches of SYNC_BATCH_SIZE, SYNC_CONCURRENCY in flight.
    const t0 = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < N) {
        const i = next;
        next += BATCH;
        const r = (await dispatch(h, 'pushAppraisalRecords', { batchId: `bench-${i}`, records: records.slice(i, i + BATCH) }, as)) as Result<unknown>;
        if (!r.ok) throw new Error(r.error.message);
      }
    };
    await Promise.all(Array.from({ length: SYNC_CONCURRENCY }, lane));
    const upsertMs = performance.now() - t0;
    const held = await cluster.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.appraisal_records`, [], 'appraisal');
    if (Number(held[0]!.n) !== N) throw new Error(`expected ${N} records on the server, found ${held[0]!.n}`);

    // The ceiling: the same rows (records and their components) streamed with COPY into empty tables of the same shape.
    const c = await cluster.superClient('appraisal');
    try {
      await c.query(`CREATE TABLE scratch_records (LIKE ${SCHEMA}.appraisal_records INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
      await c.query(`CREATE TABLE scratch_components (LIKE ${SCHEMA}.appraisal_components INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
      const cols = 'employee_number, period_key, version, period_kind, period_start, period_end, staff_name, team_name, composite, grade, missing, content_hash, supersedes_hash, amend_reason, locked_at, locked_by, content, signer_key_id, signer_public_key, signature';
      const recordLines = records.map(
        (r) =>
          [r.employeeNo, r.periodKey, r.version, r.periodKind, r.periodStart, r.periodEnd, r.staffName, r.teamName, r.composite, r.grade, `{${r.missing.join(',')}}`, r.contentHash, r.supersedesHash, r.amendReason, r.lockedAt, r.lockedBy, JSON.stringify(r.content), r.signature.keyId, r.signature.publicKey, r.signature.value]
            .map(csv)
            .join(',') + '\n',
      );
      const componentLines = records.flatMap((r) => r.components.map((x) => [r.employeeNo, r.periodKey, r.version, x.key, x.value, x.weight, x.share, x.missing].map(csv).join(',') + '\n'));
      const t1 = performance.now();
      await c.query('BEGIN');
      await pipeline(Readable.from(recordLines), c.query(copyFrom(`COPY scratch_records (${cols}) FROM STDIN WITH (FORMAT csv)`)));
      await pipeline(
        Readable.from(componentLines),
        c.query(copyFrom(`COPY scratch_components (employee_number, period_key, version, component, value, weight, share, missing) FROM STDIN WITH (FORMAT csv)`)),
      );
      await c.query('COMMIT');
      const copyMs = performance.now() - t1;
      const copied = await c.query<{ n: string }>('SELECT count(*) AS n FROM scratch_records');
      if (Number(copied.rows[0]!.n) !== N) throw new Error(`COPY wrote ${copied.rows[0]!.n} rows`);
      // Throughput share: COPY's time over ours (1.0 = as fast as COPY).
      const ratio = copyMs / upsertMs;
      return {
        id: 'sync-10k',
        value: upsertMs,
        unit: `ms for ${N} records (batches of ${BATCH}, ${SYNC_CONCURRENCY} in flight)`,
        baseline: 'COPY of the same rows (server ceiling)',
        baselineValue: copyMs,
        ratio,
        target: 'ratio >= 0.25 (at least 25 % of COPY throughput)',
        met: ratio >= 0.25,
      };
    } finally {
      await c.end();
    }
  } finally {
    await cluster.destroy();
  }
}
