// Appraisal sync against a real PostgreSQL (a throwaway cluster): through the contract's dispatch, as the renderer
// calls it. First sync, replay without duplicates, amendments, a conflicting record refused, wrong credentials,
// server down, migration from an older schema, and the password kept encrypted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPrivateKey } from 'node:crypto';
import type { PushResult, RecordSignatures, Result, SyncConnection, SyncTest, ServerHashRow } from '@contract';
import { keyIdOf, verifySignature } from '../../../src-main/services/signing';
import { createHandlers, createServiceContext, dispatch } from '../../../src-main/services';
import { signedIn } from '../serviceSession';
import { LATEST_SCHEMA, migrate, SCHEMA } from '../../../src-main/services/appraisalSchema';
import { startCluster, type Cluster } from '../../pg/cluster';
import { syncRecord } from '../../pg/records';

let cluster: Cluster;
const PASSWORD = 'sync-secret-1';

beforeAll(async () => {
  cluster = await startCluster();
  await cluster.createApp('qa_sync', PASSWORD, 'appraisal');
  await cluster.createApp('qa_old', PASSWORD, 'appraisal_old');
}, 120_000);

afterAll(async () => {
  await cluster?.destroy();
});

async function console_(database = 'appraisal', user = 'qa_sync') {
  const dataDir = await mkdtemp(join(tmpdir(), 'qa-sync-'));
  const ctx = createServiceContext(
    { version: '0.1.0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false },
    (id) => `/media/${id}`,
    { audioWorker: null },
  );
  const h = createHandlers(ctx);
  const connection: SyncConnection = { host: cluster.host, port: cluster.port, database, user, tls: 'disable' };
  const caller = signedIn(ctx);
  const call = async <T>(method: string, payload: unknown) => (await dispatch(h, method, payload, caller)) as Result<T>;
  return { ctx, h, call, connection, dataDir };
}

const rows = (database = 'appraisal') =>
  cluster.query<{ employee_number: string; version: number; content_hash: string; supersedes_hash: string | null }>(
    `SELECT employee_number, version, content_hash, supersedes_hash FROM ${SCHEMA}.appraisal_records ORDER BY 1, 2`,
    [],
    database,
  );

/** Is this employee number one of the n records made from index `from` on (syncRecord's numbering)? */
const within = (employeeNo: string, from: number, n: number) => Number(employeeNo.slice(1)) >= from && Number(employeeNo.slice(1)) < from + n;

describe('appraisal sync to PostgreSQL', () => {
  it('saves the connection with the password encrypted, tests it and creates the schema', async () => {
    const c = await console_();
    const saved = await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    expect(saved).toEqual({ ok: true, value: { connection: c.connection, hasPassword: true, secretStorage: 'file' } });
    const onDisk = await readFile(join(c.dataDir, 'appraisal-db.json'), 'utf8');
    expect(onDisk).not.toContain(PASSWORD);
    const t = (await c.call<SyncTest>('testSyncConnection', {})) as { ok: true; value: SyncTest };
    expect(t.ok).toBe(true);
    expect(t.value).toMatchObject({ schemaVersion: LATEST_SCHEMA, migratedFrom: 0, records: 0 });
    expect(t.value.serverVersion).toMatch(/^\d+/);
    const tables = await cluster.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [SCHEMA], 'appraisal');
    expect(tables.map((r) => r.table_name)).toEqual(['appraisal_components', 'appraisal_current', 'appraisal_records', 'schema_migrations', 'sync_log']);
    // keeping the saved password when only the connection changes; forgetting it on null
    expect((await c.call('saveSyncSettings', { connection: c.connection })) as { value: { hasPassword: boolean } }).toMatchObject({ value: { hasPassword: true } });
    expect((await c.call('saveSyncSettings', { connection: c.connection, password: null })) as { value: { hasPassword: boolean } }).toMatchObject({ value: { hasPassword: false } });
  });

  it('first sync inserts every record with its components; a replay inserts nothing and reports "already"', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const batch = Array.from({ length: 40 }, (_, i) => syncRecord(1000 + i));
    const first = (await c.call<PushResult>('pushAppraisalRecords', { batchId: 'b1', records: batch })) as { ok: true; value: PushResult };
    expect(first.ok).toBe(true);
    expect(first.value.outcomes.map((o) => o.status)).toEqual(Array(40).fill('inserted'));
    const replay = (await c.call<PushResult>('pushAppraisalRecords', { batchId: 'b1-again', records: batch })) as { ok: true; value: PushResult };
    expect(replay.value.outcomes.map((o) => o.status)).toEqual(Array(40).fill('already'));
    const held = (await rows()).filter((r) => within(r.employee_number, 1000, 40));
    expect(held).toHaveLength(40);
    expect(new Set(held.map((r) => r.content_hash))).toEqual(new Set(batch.map((r) => r.contentHash)));
    const comps = await cluster.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.appraisal_components WHERE employee_number LIKE 'E0010%'`, [], 'appraisal');
    expect(Number(comps[0]!.n)).toBe(40 * 6);
    const log = await cluster.query<{ batch_id: string; received: number; inserted: number }>(`SELECT batch_id, received, inserted FROM ${SCHEMA}.sync_log WHERE batch_id LIKE 'b1%' ORDER BY id`, [], 'appraisal');
    expect(log).toEqual([
      { batch_id: 'b1', received: 40, inserted: 40 },
      { batch_id: 'b1-again', received: 40, inserted: 0 },
    ]);
    // The server can check every record by itself: the content as sent hashes to content_hash.
    const selfCheck = await cluster.query<{ ok: boolean }>(
      `SELECT encode(sha256(convert_to(content::text, 'UTF8')), 'hex') = content_hash AS ok FROM ${SCHEMA}.appraisal_records WHERE employee_number LIKE 'E0010%'`,
      [],
      'appraisal',
    );
    expect(selfCheck.map((r) => r.ok)).toEqual(Array(40).fill(true));
    // HR's columns are real columns: the composite and grade can be queried without JSON
    const r0 = await cluster.query<{ composite: string; grade: string; missing: string[] }>(
      `SELECT composite, grade, missing FROM ${SCHEMA}.appraisal_records WHERE employee_number = $1`,
      [batch[0]!.employeeNo],
      'appraisal',
    );
    expect(Number(r0[0]!.composite)).toBeCloseTo(batch[0]!.composite!, 4);
    expect(r0[0]!.grade).toBe(batch[0]!.grade);
    expect(r0[0]!.missing).toEqual(batch[0]!.missing);
  });

  it('list columns keep any text: quotes, backslashes, commas, braces, the word NULL', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const odd = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' sp ', '质检'];
    const r = { ...syncRecord(2500), missing: odd };
    expect((await c.call('pushAppraisalRecords', { batchId: 'odd', records: [r] })).ok).toBe(true);
    const held = await cluster.query<{ missing: string[] }>(`SELECT missing FROM ${SCHEMA}.appraisal_records WHERE employee_number = $1`, [r.employeeNo], 'appraisal');
    expect(held[0]!.missing).toEqual(odd);
  });

  it('an amendment is a new version referencing the one it supersedes; the current view shows it', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const v1 = syncRecord(2000);
    const v2 = syncRecord(2000, { version: 2, supersedesHash: v1.contentHash, selfScore: 60 });
    expect((await c.call('pushAppraisalRecords', { batchId: 'a1', records: [v1] })).ok).toBe(true);
    expect((await c.call('pushAppraisalRecords', { batchId: 'a2', records: [v2] })).ok).toBe(true);
    const held = (await rows()).filter((r) => r.employee_number === v1.employeeNo);
    expect(held).toEqual([
      { employee_number: v1.employeeNo, version: 1, content_hash: v1.contentHash, supersedes_hash: null },
      { employee_number: v1.employeeNo, version: 2, content_hash: v2.contentHash, supersedes_hash: v1.contentHash },
    ]);
    const current = await cluster.query<{ version: number; amend_reason: string }>(`SELECT version, amend_reason FROM ${SCHEMA}.appraisal_current WHERE employee_number = $1`, [v1.employeeNo], 'appraisal');
    expect(current).toEqual([{ version: 2, amend_reason: 'dispute adjusted after lock' }]);
  });

  it('refuses to overwrite a record the server holds with different content (reported as a conflict, batch kept whole)', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const original = syncRecord(3000);
    await c.call('pushAppraisalRecords', { batchId: 'c1', records: [original] });
    const tampered = { ...syncRecord(3000, { selfScore: 10 }) };
    const other = syncRecord(3001);
    const r = (await c.call<PushResult>('pushAppraisalRecords', { batchId: 'c2', records: [tampered, other] })) as { ok: true; value: PushResult };
    expect(r.value.outcomes.map((o) => [o.employeeNo, o.status, o.serverHash])).toEqual([
      [original.employeeNo, 'conflict', original.contentHash],
      [other.employeeNo, 'inserted', other.contentHash],
    ]);
    expect((await rows()).find((x) => x.employee_number === original.employeeNo)!.content_hash).toBe(original.contentHash);
  });

  it('a record whose content does not match its hash, or whose signature does not verify, is rejected; the rest lands', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const good = syncRecord(3500);
    const edited = syncRecord(3501);
    (edited.content as { staffName: string }).staffName = 'someone else';
    const forged = { ...syncRecord(3502), signature: { ...syncRecord(3502).signature, value: syncRecord(3503).signature.value } };
    const foreignKey = { ...syncRecord(3504), signature: { ...syncRecord(3504).signature, keyId: '0123456789abcdef' } };
    const r = (await c.call<PushResult>('pushAppraisalRecords', { batchId: 'sig', records: [good, edited, forged, foreignKey] })) as { ok: true; value: PushResult };
    expect(r.value.outcomes.map((o) => [o.employeeNo, o.status, o.reason ?? null])).toEqual([
      [good.employeeNo, 'inserted', null],
      [edited.employeeNo, 'rejected', 'the content does not match its hash'],
      [forged.employeeNo, 'rejected', 'the signature does not verify'],
      [foreignKey.employeeNo, 'rejected', 'the key id does not name the key sent'],
    ]);
    expect((await rows()).filter((x) => within(x.employee_number, 3500, 5)).map((x) => x.employee_number)).toEqual([good.employeeNo]);
    const held = await cluster.query<{ signer_key_id: string; signature: string }>(`SELECT signer_key_id, signature FROM ${SCHEMA}.appraisal_records WHERE employee_number = $1`, [good.employeeNo], 'appraisal');
    expect(held).toEqual([{ signer_key_id: good.signature.keyId, signature: good.signature.value }]);
  });

  it('signs hashes with a key made once per installation, kept encrypted; anyone can verify with the public key', async () => {
    const c = await console_();
    const records = [syncRecord(1), syncRecord(2)].map((r) => ({ contentHash: r.contentHash, content: r.content }));
    const hashes = records.map((r) => r.contentHash);
    const a = (await c.call<RecordSignatures>('signAppraisalRecords', { records })) as { ok: true; value: RecordSignatures };
    expect(a.value.signatures).toHaveLength(2);
    expect(a.value.keyId).toBe(keyIdOf(a.value.publicKey));
    expect(verifySignature(hashes[0]!, a.value.signatures[0]!, a.value.publicKey)).toBe(true);
    expect(verifySignature(hashes[1]!, a.value.signatures[0]!, a.value.publicKey)).toBe(false);
    // the same installation (data folder) keeps its key across restarts
    const againCtx = createServiceContext({ ...c.ctx.info }, (id) => id, { audioWorker: null });
    const again = createHandlers(againCtx);
    const b = (await dispatch(again, 'signAppraisalRecords', { records }, signedIn(againCtx))) as { ok: true; value: RecordSignatures };
    expect(b.value.keyId).toBe(a.value.keyId);
    const onDisk = JSON.parse(await readFile(join(c.dataDir, 'signing-key.json'), 'utf8')) as { publicKey: string; privateKey: string };
    expect(onDisk.publicKey).toBe(a.value.publicKey);
    expect(() => createPrivateKey({ key: Buffer.from(onDisk.privateKey, 'base64'), format: 'der', type: 'pkcs8' })).toThrow();
  });

  it('wrong credentials: a clear error naming the user and server, nothing written', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: 'not-the-password' });
    const before = (await rows()).length;
    const r = await c.call('pushAppraisalRecords', { batchId: 'w1', records: [syncRecord(4000)] });
    expect(r.ok).toBe(false);
    const err = (r as { error: { code: string; message: string; where: string } }).error;
    expect(err.code).toBe('io');
    expect(err.where).toBe('connection');
    expect(err.message).toContain(`qa_sync@127.0.0.1:${cluster.port}/appraisal`);
    expect(err.message).toMatch(/password authentication failed for user "qa_sync"/);
    expect((await rows()).length).toBe(before);
    const t = await c.call('testSyncConnection', { connection: { ...c.connection, database: 'nope' }, password: PASSWORD });
    expect((t as { error: { message: string } }).error.message).toContain('"nope"');
  });

  it('bad input is refused by the contract naming the field, before anything reaches the server', async () => {
    const c = await console_();
    const bad = { ...syncRecord(4500), contentHash: 'xyz' };
    const r = await c.call('pushAppraisalRecords', { batchId: 'x', records: [bad] });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'records.0.contentHash' } });
    const noHost = await c.call('saveSyncSettings', { connection: { ...c.connection, host: ' ' } });
    expect(noHost).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'connection.host', message: expect.stringContaining('host is required') } });
  });

  it('server down: a clear error; after a restart the same batch lands exactly once', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const batch = Array.from({ length: 5 }, (_, i) => syncRecord(5000 + i));
    expect((await c.call('pushAppraisalRecords', { batchId: 'd0', records: [batch[0]!] })).ok).toBe(true);
    await cluster.stop('immediate');
    try {
      const down = await c.call('pushAppraisalRecords', { batchId: 'd1', records: batch });
      expect(down.ok).toBe(false);
      expect((down as { error: { message: string } }).error.message).toMatch(/connection refused|terminat|shutting down|cut|ECONNRESET|Connection terminated/i);
    } finally {
      await cluster.start();
    }
    const again = (await c.call<PushResult>('pushAppraisalRecords', { batchId: 'd1', records: batch })) as { ok: true; value: PushResult };
    expect(again.ok).toBe(true);
    expect(again.value.outcomes.map((o) => o.status)).toEqual(['already', 'inserted', 'inserted', 'inserted', 'inserted']);
    expect((await rows()).filter((r) => within(r.employee_number, 5000, 5))).toHaveLength(5);
  });

  it('a batch cut mid-transaction (server stopped while the insert waits) leaves nothing; the retry lands it once', async () => {
    const c = await console_();
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    await c.call('testSyncConnection', {});
    // Another session holds the table: the push begins its transaction and waits inside it.
    const blocker = await cluster.superClient('appraisal');
    blocker.on('error', () => undefined);
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${SCHEMA}.appraisal_records IN ACCESS EXCLUSIVE MODE`);
    const batch = Array.from({ length: 20 }, (_, i) => syncRecord(6000 + i));
    const pending = c.call('pushAppraisalRecords', { batchId: 'm1', records: batch });
    let waited = false;
    for (let i = 0; i < 200 && !waited; i++) {
      const waiting = await cluster.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'qa-console' AND wait_event_type = 'Lock'`);
      waited = Number(waiting[0]!.n) > 0;
      if (!waited) await new Promise((r) => setTimeout(r, 50));
    }
    expect(waited).toBe(true);
    await cluster.stop('immediate');
    const cut = await pending;
    await cluster.start();
    await blocker.end().catch(() => undefined);
    expect(cut.ok).toBe(false);
    expect((await rows()).filter((r) => within(r.employee_number, 6000, 20))).toHaveLength(0);
    const retry = (await c.call<PushResult>('pushAppraisalRecords', { batchId: 'm1', records: batch })) as { ok: true; value: PushResult };
    expect(retry.value.outcomes.every((o) => o.status === 'inserted')).toBe(true);
    expect((await rows()).filter((r) => within(r.employee_number, 6000, 20))).toHaveLength(20);
  });

  it('migrates a server on an older schema version without losing its records', async () => {
    const old = new pg.Client({ host: cluster.host, port: cluster.port, user: 'qa_old', password: PASSWORD, database: 'appraisal_old' });
    await old.connect();
    try {
      expect(await migrate(old, 1)).toEqual({ from: 0, to: 1 });
      const r = syncRecord(7000);
      await old.query(
        `INSERT INTO ${SCHEMA}.appraisal_records (employee_number, period_key, version, period_kind, period_start, period_end, staff_name, team_name, composite, grade, content_hash, locked_at, locked_by, content)
         VALUES ($1, $2, 1, 'month', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [r.employeeNo, r.periodKey, r.periodStart, r.periodEnd, r.staffName, r.teamName, r.composite, r.grade, r.contentHash, r.lockedAt, r.lockedBy, JSON.stringify(r.content)],
      );
    } finally {
      await old.end();
    }
    const c = await console_('appraisal_old', 'qa_old');
    const t = (await c.call<SyncTest>('testSyncConnection', { connection: c.connection, password: PASSWORD })) as { ok: true; value: SyncTest };
    expect(t.value).toMatchObject({ migratedFrom: 1, schemaVersion: LATEST_SCHEMA, records: 1 });
    const kept = await cluster.query<{ employee_number: string; supersedes_hash: string | null }>(`SELECT employee_number, supersedes_hash FROM ${SCHEMA}.appraisal_current`, [], 'appraisal_old');
    expect(kept).toEqual([{ employee_number: 'E007000', supersedes_hash: null }]);
    await c.call('saveSyncSettings', { connection: c.connection, password: PASSWORD });
    const hashes = (await c.call<ServerHashRow[]>('serverAppraisalHashes', { periodKeys: ['2026-10'] })) as { ok: true; value: ServerHashRow[] };
    expect(hashes.value).toEqual([{ employeeNo: 'E007000', periodKey: '2026-10', version: 1, hash: syncRecord(7000).contentHash }]);
  });
});
