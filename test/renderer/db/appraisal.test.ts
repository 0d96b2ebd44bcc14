// Appraisal on the small demo workspace, end to end below the UI: sheets computed for a team's month, assessments,
// reviews by the lead and the supervisor, the lock (hashed immutable records + outbox), an amendment superseding a
// record, and the outbox synced to a real PostgreSQL (throwaway cluster) through the same service handlers main
// registers: first sync, replay, server down, app closed mid-sync, wrong password, reconciliation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushResult, RecordSignatures, Result, ServerHashRow, SyncConnection } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../../../src-main/services';
import { signedIn } from '../../unit/serviceSession';
import { SCHEMA } from '../../../src-main/services/appraisalSchema';
import { verifySignature } from '../../../src-main/services/signing';
import { amendRecord, lockPeriod, lockedRecords, type Signer } from '@renderer/db/appraisalLock';
import { periodView } from '@renderer/db/appraisal';
import { saveAssessment, setReviewed } from '@renderer/db/appraisalReviews';
import { outboxSummary, reconcilePeriod, runSync, type Pusher } from '@renderer/db/appraisalOutbox';
import { AccessDenied, ValidationError, type RepoContext } from '@renderer/db/context';
import { verifyAuditLog } from '@renderer/db/audit';
import { brokenLink, contentHash } from '@renderer/domain/appraisal';
import { startCluster, type Cluster } from '../../pg/cluster';
import { loadSmallDemo } from '../fixtures';

let cluster: Cluster;
const PASSWORD = 'appraisal-pw-9';
const KEY = '2026-10';

beforeAll(async () => {
  cluster = await startCluster();
  await cluster.createApp('qa_sync', PASSWORD, 'appraisal');
}, 120_000);
afterAll(async () => {
  await cluster?.destroy();
});

async function service(password = PASSWORD) {
  const dataDir = await mkdtemp(join(tmpdir(), 'qa-appraisal-'));
  const ctx = createServiceContext({ version: '0.1.0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false }, (id) => id, { audioWorker: null });
  const h = createHandlers(ctx);
  const as = signedIn(ctx);
  const connection: SyncConnection = { host: cluster.host, port: cluster.port, database: 'appraisal', user: 'qa_sync', tls: 'disable' };
  await dispatch(h, 'saveSyncSettings', { connection, password }, as);
  /** As the renderer's platform layer does: unwrap the envelope, throw the server's words. */
  const push: Pusher = async (batchId, records) => {
    const r = (await dispatch(h, 'pushAppraisalRecords', { batchId, records }, as)) as Result<PushResult>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const hashes = async (periodKeys: string[]) => {
    const r = (await dispatch(h, 'serverAppraisalHashes', { periodKeys }, as)) as Result<ServerHashRow[]>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  return { h, as, push, hashes, connection, setPassword: (pw: string) => dispatch(h, 'saveSyncSettings', { connection, password: pw }, as) };
}

/** The console's signer as main runs it (a key made on first use in a temp data folder). */
let signerService: Awaited<ReturnType<typeof service>> | null = null;
const sign: Signer = async (records) => {
  signerService ??= await service();
  const r = (await dispatch(signerService.h, 'signAppraisalRecords', { records }, signerService.as)) as Result<RecordSignatures>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const serverRows = async (employeeNos: string[]) =>
  cluster.query<{ employee_number: string; version: number; content_hash: string }>(
    `SELECT employee_number, version, content_hash FROM ${SCHEMA}.appraisal_records WHERE employee_number = ANY($1) ORDER BY 1, 2`,
    [employeeNos],
    'appraisal',
  );

/** The small demo with one team's October reviewed by its lead and a supervisor, self- and supervisor assessments in. */
async function reviewedTeam() {
  const w = await loadSmallDemo();
  const team = (await w.ctx.db.teams.toArray()).find((t) => t.leadId)!;
  const sup = await w.as(w.people.find((p) => p.role === 'supervisor')!.id);
  const lead = await w.as(team.leadId!);
  const staff = w.people.filter((p) => p.teamId === team.id && p.role === 'staff');
  for (const s of staff) {
    await saveAssessment(await w.as(s.id), { periodKey: KEY, staffId: s.id, kind: 'self', scores: { workResults: 90, attitude: 85, ability: 80 }, note: '' });
    await saveAssessment(lead, { periodKey: KEY, staffId: s.id, kind: 'supervisor', scores: { workResults: 80, attitude: 90, ability: 70 }, note: 'steady' });
    await setReviewed(lead, team.id, KEY, s.id, true);
    await setReviewed(sup, team.id, KEY, s.id, true);
  }
  return { w, team, sup, lead, staff };
}

describe('appraisal sheets, reviews and the lock', () => {
  it('computes each staff member’s month from their own records, with the ids behind every figure', async () => {
    const { w, team, sup, staff } = await reviewedTeam();
    const view = await periodView(sup, team.id, KEY);
    expect(view.sheets.map((s) => s.person.id).sort()).toEqual(staff.map((s) => s.id).sort());
    expect(view.over).toBe(true);
    expect(view.unreviewed).toEqual([]);
    const evals = await w.ctx.db.evaluations.toArray();
    for (const s of view.sheets) {
      // every evaluation id behind the QA score is this person's, submitted, in October (Beijing time)
      for (const id of s.figures.qa.evaluationIds) {
        const e = evals.find((x) => x.id === id)!;
        expect(e.agentId).toBe(s.person.id);
        expect(e.status).toBe('submitted');
        expect(e.occurredAt >= '2026-09-30T16:00:00.000Z' && e.occurredAt < '2026-10-31T16:00:00.000Z').toBe(true);
      }
      // The mean of those evaluations' scores (summed in ascending order, as periodScore does, so every page agrees).
      const scores = s.figures.qa.evaluationIds.map((id) => evals.find((x) => x.id === id)!.score!).sort((a, b) => a - b);
      const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / s.figures.qa.n : null;
      expect(s.figures.qa.mean).toBe(mean);
      expect(s.figures.supervisor).toEqual({ scores: { workResults: 80, attitude: 90, ability: 70 }, note: 'steady' });
      expect(s.composite.components.find((c) => c.key === 'self')!.value).toBe(85);
    }
    expect(view.sheets.some((s) => s.figures.qa.n > 0)).toBe(true);
  });

  it('assessments: only the person writes their self-assessment; scores are checked field by field', async () => {
    const { w, lead, staff } = await reviewedTeam();
    const other = w.people.find((p) => p.role === 'staff' && p.id !== staff[0]!.id)!;
    await expect(saveAssessment(await w.as(other.id), { periodKey: KEY, staffId: staff[0]!.id, kind: 'self', scores: { workResults: 1, attitude: 1, ability: 1 }, note: '' })).rejects.toThrow(AccessDenied);
    await expect(saveAssessment(await w.as(staff[0]!.id), { periodKey: KEY, staffId: staff[0]!.id, kind: 'supervisor', scores: { workResults: 1, attitude: 1, ability: 1 }, note: '' })).rejects.toThrow(AccessDenied);
    const bad = saveAssessment(lead, { periodKey: KEY, staffId: staff[0]!.id, kind: 'supervisor', scores: { workResults: 80, attitude: 101, ability: 70 }, note: '' });
    await expect(bad).rejects.toThrow(ValidationError);
    await expect(bad).rejects.toMatchObject({ field: 'scores.attitude', messageKey: 'appraisal.errors.scoreRange' });
    await expect(saveAssessment(lead, { periodKey: '2026-13', staffId: staff[0]!.id, kind: 'supervisor', scores: { workResults: 1, attitude: 1, ability: 1 }, note: '' })).rejects.toMatchObject({ field: 'period' });
    // the earlier assessment is untouched by the refused ones
    const view = await periodView(lead, staff[0]!.teamId!, KEY);
    expect(view.sheets.find((s) => s.person.id === staff[0]!.id)!.figures.supervisor!.scores.attitude).toBe(90);
  });

  it('locks only a finished, fully reviewed period, by a supervisor; records are hashed and queued for sync', async () => {
    const { w, team, sup, lead, staff } = await reviewedTeam();
    await expect(lockPeriod(lead, team.id, KEY, sign)).rejects.toThrow(AccessDenied);
    await setReviewed(lead, team.id, KEY, staff[0]!.id, false);
    await expect(lockPeriod(sup, team.id, KEY, sign)).rejects.toMatchObject({ field: 'reviews', messageKey: 'appraisal.errors.unreviewed' });
    await setReviewed(lead, team.id, KEY, staff[0]!.id, true);
    await expect(lockPeriod(sup, team.id, '2026-11', sign)).rejects.toMatchObject({ messageKey: 'appraisal.errors.notOver' });
    expect(await lockPeriod(sup, team.id, KEY, sign)).toEqual({ records: staff.length });
    await expect(lockPeriod(sup, team.id, KEY, sign)).rejects.toMatchObject({ messageKey: 'appraisal.errors.locked' });
    await expect(setReviewed(sup, team.id, KEY, staff[0]!.id, false)).rejects.toMatchObject({ messageKey: 'appraisal.errors.locked' });
    const records = await lockedRecords(sup, KEY, [team.id]);
    expect(records).toHaveLength(staff.length);
    for (const r of records) {
      expect(r.version).toBe(1);
      expect(r.contentHash).toBe(contentHash(r.content));
      // signed by the console's key over the hash
      expect(verifySignature(r.contentHash, r.signature.value, r.signature.publicKey)).toBe(true);
    }
    expect(await outboxSummary(sup)).toMatchObject({ pending: staff.length, failed: 0, synced: 0 });
    const view = await periodView(sup, team.id, KEY);
    expect(view.row!.status).toBe('locked');
    expect(view.sheets.every((s) => s.current && !s.changedSinceLock)).toBe(true);
    expect((await verifyAuditLog(w.ctx.db)).ok).toBe(true);
  });

  it('a change after the lock shows, and an amendment supersedes the record by hash with a reason', async () => {
    const { team, sup, lead, staff } = await reviewedTeam();
    await lockPeriod(sup, team.id, KEY, sign);
    await saveAssessment(lead, { periodKey: KEY, staffId: staff[0]!.id, kind: 'supervisor', scores: { workResults: 60, attitude: 60, ability: 60 }, note: 'late correction' });
    const view = await periodView(sup, team.id, KEY);
    const sheet = view.sheets.find((s) => s.person.id === staff[0]!.id)!;
    expect(sheet.changedSinceLock).toBe(true);
    expect(view.sheets.filter((s) => s.changedSinceLock)).toHaveLength(1);
    await expect(amendRecord(sup, team.id, KEY, staff[0]!.id, '  ', sign)).rejects.toMatchObject({ field: 'reason' });
    await expect(amendRecord(sup, team.id, KEY, staff[1]!.id, 'nothing', sign)).rejects.toMatchObject({ messageKey: 'appraisal.errors.unchanged' });
    const v2 = await amendRecord(sup, team.id, KEY, staff[0]!.id, 'supervisor assessment corrected', sign);
    expect(v2.version).toBe(2);
    expect(v2.content.supersedesHash).toBe(sheet.current!.contentHash);
    expect(v2.content.figures.supervisor!.scores.attitude).toBe(60);
    const after = (await periodView(sup, team.id, KEY)).sheets.find((s) => s.person.id === staff[0]!.id)!;
    expect(after.current!.id).toBe(v2.id);
    expect(after.changedSinceLock).toBe(false);
    expect(brokenLink(after.records.map((r) => ({ version: r.version, hash: r.contentHash, supersedesHash: r.content.supersedesHash })))).toBeNull();
    expect(Object.values(after.sync).map((o) => o.status)).toEqual(['pending', 'pending']);
  });
});

describe('the sync outbox against a real PostgreSQL', () => {
  // The demo is deterministic (same clock, same records, same hashes): each test starts from an empty server.
  beforeEach(async () => {
    await cluster.query(`DO $$ BEGIN IF to_regclass('${SCHEMA}.appraisal_records') IS NOT NULL THEN TRUNCATE ${SCHEMA}.appraisal_records CASCADE; END IF; END $$`, [], 'appraisal');
  });

  it('first sync and a replay: every record arrives once; reconciliation matches; a tampered row shows', async () => {
    const { team, sup, staff } = await reviewedTeam();
    await lockPeriod(sup, team.id, KEY, sign);
    const s = await service();
    const run = await runSync(sup, s.push, { batchSize: 3 });
    expect(run).toEqual({ sent: staff.length, inserted: staff.length, already: 0, conflicts: 0, error: null });
    expect(await outboxSummary(sup)).toMatchObject({ pending: 0, synced: staff.length });
    const nos = staff.map((p) => p.employeeNo);
    const held = await serverRows(nos);
    expect(held).toHaveLength(staff.length);
    const local = await lockedRecords(sup, KEY, [team.id]);
    expect(new Set(held.map((r) => r.content_hash))).toEqual(new Set(local.map((r) => r.contentHash)));
    // replay everything (as after a restore): the server answers "already", nothing doubles
    await sup.db.syncOutbox.toCollection().modify({ status: 'pending' });
    const replay = await runSync(sup, s.push, { all: true });
    expect(replay).toMatchObject({ sent: staff.length, inserted: 0, already: staff.length });
    expect(await serverRows(nos)).toHaveLength(staff.length);

    expect(await reconcilePeriod(sup, KEY, s.hashes)).toMatchObject({ matched: staff.length, differences: [] });
    await cluster.query(`UPDATE ${SCHEMA}.appraisal_records SET content_hash = repeat('0', 64) WHERE employee_number = $1`, [nos[0]], 'appraisal');
    await cluster.query(`DELETE FROM ${SCHEMA}.appraisal_records WHERE employee_number = $1`, [nos[1]], 'appraisal');
    const r = await reconcilePeriod(sup, KEY, s.hashes);
    expect(r.matched).toBe(staff.length - 2);
    expect(r.differences.map((d) => [d.kind, d.kind === 'only-on-server' ? d.server.employeeNo : d.local.employeeNo])).toEqual(
      expect.arrayContaining([
        ['hash-differs', nos[0]],
        ['missing-on-server', nos[1]],
      ]),
    );
  });

  it('a record damaged in the local store is refused by main, kept aside with the reason; the others arrive', async () => {
    const { team, sup, staff } = await reviewedTeam();
    await lockPeriod(sup, team.id, KEY, sign);
    const s = await service();
    const victim = (await lockedRecords(sup, KEY, [team.id]))[0]!;
    await sup.db.appraisalRecords.update(victim.id, { 'content.composite.grade': 'A' });
    const run = await runSync(sup, s.push, { batchSize: 3 });
    expect(run).toMatchObject({ sent: staff.length, inserted: staff.length - 1, conflicts: 1, error: null });
    const entry = (await sup.db.syncOutbox.where('recordId').equals(victim.id).first())!;
    expect(entry.status).toBe('conflict');
    expect(entry.lastError).toBe('refused: the content does not match its hash');
    expect(await serverRows([victim.content.employeeNo])).toHaveLength(0);
  });

  it('server down: the outbox keeps every record, backs off with the server’s error, and after a restart each arrives exactly once', async () => {
    const { team, sup, staff } = await reviewedTeam();
    await lockPeriod(sup, team.id, KEY, sign);
    const s = await service();
    await cluster.stop('immediate');
    let down;
    try {
      down = await runSync(sup, s.push);
    } finally {
      await cluster.start();
    }
    expect(down.sent).toBe(0);
    expect(down.error).toMatch(/connection refused|shutting down|terminat/i);
    const summary = await outboxSummary(sup);
    expect(summary).toMatchObject({ pending: 0, failed: staff.length, synced: 0 });
    expect(summary.lastError).toBe(down.error);
    // not due yet: the back-off holds the retry
    expect(await runSync(sup, s.push)).toMatchObject({ sent: 0, error: null });
    const later: RepoContext = { ...sup, clock: () => Date.parse(summary.nextAttemptAt!) + 1000 };
    expect(await runSync(later, s.push)).toMatchObject({ sent: staff.length, inserted: staff.length, error: null });
    expect(await serverRows(staff.map((p) => p.employeeNo))).toHaveLength(staff.length);
  });

  it('app closed mid-sync (the batch landed, its answer never did): the replay is recognised, no duplicates', async () => {
    const { team, sup, staff } = await reviewedTeam();
    await lockPeriod(sup, team.id, KEY, sign);
    const s = await service();
    let calls = 0;
    const closing: Pusher = async (batchId, records) => {
      calls++;
      const r = await s.push(batchId, records);
      if (calls === 2) throw new Error('window closed before the answer arrived');
      return r;
    };
    const cut = await runSync(sup, closing, { batchSize: 3, concurrency: 1 });
    expect(cut.error).toBe('window closed before the answer arrived');
    expect(cut.inserted).toBe(3);
    const mid = await outboxSummary(sup);
    expect(mid.synced).toBe(3);
    // the batch whose answer was lost is failed (to be retried); the run stopped before the rest
    expect(mid.failed).toBe(3);
    expect(mid.pending).toBe(staff.length - 6);
    const again = await runSync(sup, s.push, { all: true });
    // the second batch is on the server already; the rest is new
    expect(again.already).toBe(3);
    expect(again.inserted).toBe(staff.length - 6);
    const held = await serverRows(staff.map((p) => p.employeeNo));
    expect(held).toHaveLength(staff.length);
    expect(new Set(held.map((r) => r.employee_number)).size).toBe(staff.length);
  });

  it('wrong password: a clear error, nothing lost; with the right one it all arrives, amendments after originals', async () => {
    const { team, sup, lead, staff } = await reviewedTeam();
    await lockPeriod(sup, team.id, KEY, sign);
    await saveAssessment(lead, { periodKey: KEY, staffId: staff[0]!.id, kind: 'supervisor', scores: { workResults: 50, attitude: 50, ability: 50 }, note: '' });
    await amendRecord(sup, team.id, KEY, staff[0]!.id, 'corrected', sign);
    const s = await service('wrong-password');
    const bad = await runSync(sup, s.push, { all: true });
    expect(bad.error).toMatch(/password authentication failed for user "qa_sync"/);
    expect(await outboxSummary(sup)).toMatchObject({ failed: staff.length + 1, synced: 0 });
    await s.setPassword(PASSWORD);
    const good = await runSync(sup, s.push, { all: true, batchSize: 4 });
    expect(good).toMatchObject({ inserted: staff.length + 1, error: null });
    const held = await serverRows([staff[0]!.employeeNo]);
    expect(held.map((r) => r.version)).toEqual([1, 2]);
  });
});
