// Every contract method against arbitrary payloads, as an admin (who may call everything): the answer is always an
// envelope, a typed error or a value, never a throw or a hang, and nothing is written outside main's own folder.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { methods, type Method } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../../../src-main/services';
import { lockedContent } from '../../pg/records';
import { contentHash } from '@renderer/domain/appraisal';
import { signedIn } from '../serviceSession';

/** One accepted payload per method: the fuzz mutates these field by field as well as throwing anything at them. */
function examples(dir: string): Record<Method, Record<string, unknown>> {
  const content = lockedContent(2) as unknown as Record<string, unknown>;
  return {
    appInfo: {},
    accountsState: {},
    signIn: { personId: 'p1', password: 'password-1' },
    signOut: {},
    confirmPassword: { password: 'password-1' },
    setPassword: { personId: 'p2', password: 'password-2', role: 'staff', active: true },
    putAccounts: { accounts: [{ personId: 'p3', role: 'lead', active: true }], replace: false },
    writeBackup: { content: '{"a":1}', kind: 'scheduled', keep: 2 },
    listBackups: {},
    readBackup: { name: 'qa-backup-2026-01-01T00-00-00-000Z-manual.json' },
    writeDemoRecordings: { recordings: [{ id: 'demo-1', seed: 1, durationSec: 2, turns: [{ speaker: 'agent', start: 0, end: 1.5 }] }] },
    mediaUrl: { recordingId: 'demo-1' },
    chooseMediaPaths: { mode: 'files' },
    scanMediaPaths: { paths: [dir] },
    startRecordingImport: { files: [{ id: 'r1', path: join(dir, 'none.wav') }], copyToLibrary: false },
    recordingImportStatus: { jobId: '00000000-0000-4000-8000-000000000000', since: 0 },
    cancelRecordingImport: { jobId: '00000000-0000-4000-8000-000000000000' },
    relinkRecording: { recordingId: 'demo-1', path: join(dir, 'none.wav') },
    checkRecordingFile: { recordingId: 'demo-1' },
    joinCallLegs: { agentId: 'demo-1', callerId: 'demo-2', joinedId: 'joined-1' },
    notify: { title: 't', body: 'b', tag: 'x' },
    saveFile: { defaultName: 'a.csv', contentBase64: 'YQ==', filters: [] },
    getSyncSettings: {},
    // Port 9 on loopback: nothing listens, so a connection attempt fails at once (no network is ever reached).
    saveSyncSettings: { connection: { host: '127.0.0.1', port: 9, database: 'd', user: 'u', tls: 'disable' }, password: 'pw' },
    testSyncConnection: {},
    signAppraisalRecords: { records: [{ content, contentHash: contentHash(content as never) }] },
    pushAppraisalRecords: { batchId: 'b1', records: [] },
    serverAppraisalHashes: { periodKeys: ['2026-10'] },
    printToPdf: { defaultName: 'a.pdf', landscape: false },
    teamConfig: {},
    teamJoin: { connection: { host: '127.0.0.1', port: 9, database: 'd', tls: 'disable' } },
    teamSignIn: { employeeNo: 'S001', password: 'password-1' },
    teamChangePassword: { password: 'password-2' },
    teamBounds: {},
    teamPage: { table: 'tickets', lo: '0', hi: '10', after: null, limit: 10 },
    teamFeed: { tables: ['tickets'], lo: '0' },
    teamChanged: { tables: ['tickets'], lo: '0', hi: '10' },
    teamTombstones: { lo: '0', hi: '10' },
    teamIds: { table: 'tickets' },
    teamRecords: { table: 'tickets', ids: ['t1'] },
    teamCounts: {},
    teamWrite: { id: 'tx1', ops: [{ table: 'tickets', kind: 'remove', id: 't1', baseRev: null, record: null }] },
    teamVerifyAudit: {},
    teamRecordingShare: { path: null },
    teamAudioOnServer: { on: false },
    teamSealChanges: { rows: [] },
    teamSealedChanges: {},
    teamSealOtherReplica: { replica: 'qa-team qa_u_p021@127.0.0.1:5432/qa_team', rows: [] },
    teamMoveBegin: { connection: { host: '127.0.0.1', port: 1, database: 'd', tls: 'disable' }, user: 'u', password: 'secret-password', workspace: 'w' },
    teamMoveUpload: { table: 'people', records: [{ id: 'p1' }] },
    teamMoveDigest: { table: 'people' },
    teamMoveFinish: { people: [] },
    teamMoveCancel: {},
    teamProvision: { personId: 'p1' },
    teamResetPassword: { personId: 'p1' },
    teamLogins: {},
    teamLease: { job: 'sample-runs' },
    teamNotices: { timeoutMs: 10 },
  };
}

/** Hosts a mutated connection may name: loopback only, so the fuzz never waits on DNS or the network. */
const SAFE_HOST = fc.constantFrom('127.0.0.1', 'localhost', '::1', '');

function payloads(example: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(example);
  const mutated = keys.length
    ? fc.tuple(fc.constantFrom(...keys), fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true })).map(([k, v]) => ({ ...example, [k]: v }))
    : fc.constant(example);
  const extra = fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 3 }).map((d) => ({ ...example, ...d }));
  return fc.oneof(fc.anything({ maxDepth: 3 }), mutated, extra, fc.constant(example), fc.string({ maxLength: 2000 }), fc.constant(null), fc.constant(undefined));
}

const LIMIT_MS = 10_000;
const withLimit = <T>(p: Promise<T>, what: string) =>
  Promise.race([p, new Promise<never>((_, bad) => setTimeout(() => bad(new Error(`${what} did not answer within ${LIMIT_MS} ms`)), LIMIT_MS).unref())]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('every contract method survives arbitrary payloads', () => {
  const root = mkdtempSync(join(tmpdir(), 'qa-fuzz-'));
  const dataDir = join(root, 'data');
  const outside = join(root, 'outside');
  const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'backups'), packaged: false }, (id) => `/media/${id}`);
  const h = createHandlers(ctx);
  const ex = examples(outside);

  for (const method of methods) {
    it(method, async () => {
      const admin = signedIn(ctx, 'admin');
      await fc.assert(
        fc.asyncProperty(payloads(ex[method]), async (payload) => {
          // A connection under test is kept on loopback (see SAFE_HOST).
          if (payload && typeof payload === 'object' && 'connection' in payload && payload.connection && typeof payload.connection === 'object')
            (payload.connection as Record<string, unknown>).host = fc.sample(SAFE_HOST, 1)[0];
          const r = await withLimit(dispatch(h, method, payload, admin), method);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) {
            expect(['invalid-input', 'forbidden', 'not-found', 'io', 'damaged', 'internal']).toContain(r.error.code);
            expect(typeof r.error.message).toBe('string');
            // An internal error never carries an absolute path across the boundary.
            if (r.error.code === 'internal') expect(r.error.message).not.toMatch(/(^|[\s'"(])\/(?:[\w.-]+\/)+/);
          }
        }),
        { numRuns: method === 'writeDemoRecordings' || method === 'signIn' || method === 'setPassword' || method === 'confirmPassword' ? 25 : 120, seed: 20261201 },
      );
    });
  }

  it('wrote nothing outside main’s data folder', () => {
    const stray = filesUnder(root).filter((f) => relative(dataDir, f).startsWith('..'));
    expect(stray).toEqual([]);
    // Demo audio only ever lands in the demo folder.
    const wavs = filesUnder(dataDir).filter((f) => f.endsWith('.wav'));
    expect(wavs.every((f) => relative(join(dataDir, 'recordings', 'demo'), f).split(/[\\/]/).length === 1)).toBe(true);
    expect(statSync(dataDir).isDirectory()).toBe(true);
  });
});

describe('bounded inputs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-bounds-'));
  const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'b'), packaged: false }, (id) => `/media/${id}`);
  const h = createHandlers(ctx);
  const admin = signedIn(ctx, 'admin');
  const demo = (r: Record<string, unknown>) => dispatch(h, 'writeDemoRecordings', { recordings: [{ id: 'd1', seed: 1, durationSec: 10, turns: [], ...r }] }, admin);

  it('demo recordings: ids by the recording-id pattern, turns inside the call, a cap on the total duration', async () => {
    expect(await demo({ id: '../../escape' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'recordings.0.id' } });
    expect(await demo({ turns: [{ speaker: 'agent', start: 0, end: 11 }] })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'recordings.0.turns' } });
    expect(await demo({ turns: [{ speaker: 'agent', start: 5, end: 2 }] })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await demo({ durationSec: Number.POSITIVE_INFINITY })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const many = Array.from({ length: 11 }, (_, i) => ({ id: `d${i}`, seed: i, durationSec: 4 * 3600, turns: [] }));
    expect(await dispatch(h, 'writeDemoRecordings', { recordings: many }, admin)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('hours of demo audio') } });
    const ok = await demo({ turns: [{ speaker: 'customer', start: 0, end: 9 }] });
    expect(ok).toMatchObject({ ok: true, value: [{ id: 'd1', path: join(dataDir, 'recordings', 'demo', 'd1.wav') }] });
  });

  it('strings, numbers and names are bounded: a backup, a file name, a password, a period key', async () => {
    expect(await dispatch(h, 'saveFile', { defaultName: 'a\u0001b.csv', contentBase64: '', filters: [] }, admin)).toMatchObject({ ok: false, error: { where: 'defaultName' } });
    expect(await dispatch(h, 'saveFile', { defaultName: 'con:x.csv', contentBase64: '', filters: [] }, admin)).toMatchObject({ ok: false, error: { where: 'defaultName' } });
    expect(await dispatch(h, 'saveFile', { defaultName: '..', contentBase64: '', filters: [] }, admin)).toMatchObject({ ok: false, error: { where: 'defaultName' } });
    expect(await dispatch(h, 'signIn', { personId: 'p', password: 'x'.repeat(257) })).toMatchObject({ ok: false, error: { where: 'password' } });
    expect(await dispatch(h, 'serverAppraisalHashes', { periodKeys: ['2026-13'] }, admin)).toMatchObject({ ok: false, error: { where: 'periodKeys.0' } });
    expect(await dispatch(h, 'writeBackup', { content: '{}', kind: 'manual', keep: 1e9 }, admin)).toMatchObject({ ok: false, error: { where: 'keep' } });
    expect(await dispatch(h, 'recordingImportStatus', { jobId: 'x', since: -1 }, admin)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
