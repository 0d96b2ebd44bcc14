// Authorisation in main: sign-in decided against main's own account record, sessions main holds, each method's
// declared roles enforced by dispatch, and the handlers that narrow further (first admin, passwords, signing).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contract, methods, type Method, type SessionRole } from '@contract';
import { createHandlers, createServiceContext, dispatch, type Caller } from '../../../src-main/services';
import { LEGACY_PARAMS, hashPassword } from '../../../src-main/services/passwords';
import { THROTTLE_AFTER } from '../../../src-main/services/accounts';
import { lockedContent } from '../../pg/records';
import { contentHash } from '@renderer/domain/appraisal';
import { signedIn } from '../serviceSession';

function service() {
  const dataDir = mkdtempSync(join(tmpdir(), 'qa-auth-'));
  let now = Date.parse('2026-12-01T08:00:00Z');
  const ctx = createServiceContext({ version: '0', host: 'web', platform: 'linux', osLocale: 'en', dataDir, backupDir: join(dataDir, 'backups'), packaged: false }, (id) => `/media/${id}`, {
    clock: () => now,
  });
  const h = createHandlers(ctx);
  return { ctx, h, dataDir, tick: (ms: number) => (now += ms) };
}

/** Calls as the preload does: the session id it holds goes with the call; a reply's session change is kept. */
function window_(h: ReturnType<typeof service>['h'], owner: number | null = null) {
  let sessionId: string | null = null;
  return {
    get sessionId() {
      return sessionId;
    },
    async call(method: string, input: unknown) {
      const r = await dispatch(h, method, input, { sessionId, owner } satisfies Caller);
      if ('session' in r) sessionId = r.session ?? null;
      return r;
    },
  };
}

const record = () => {
  const content = lockedContent(1);
  return { content: content as unknown as Record<string, unknown>, contentHash: contentHash(content) };
};

describe('sign-in decided in main', () => {
  it('the first admin is made once, opens their session; nobody can make a second one without an admin', async () => {
    const { h } = service();
    const w = window_(h);
    expect(await w.call('accountsState', {})).toMatchObject({ ok: true, value: { accounts: 0, admins: 0, session: null } });
    const first = await w.call('setPassword', { personId: 'admin-1', password: 'admin-pass-1', role: 'admin', active: true });
    expect(first).toMatchObject({ ok: true, value: { params: { N: 2 ** 17 } } });
    expect(await w.call('accountsState', {})).toMatchObject({ ok: true, value: { accounts: 1, admins: 1, session: { personId: 'admin-1', role: 'admin' } } });
    const other = window_(h);
    expect(await other.call('setPassword', { personId: 'mallory', password: 'mallory-pass', role: 'admin', active: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Nor by declaring the accounts: main knows some, so only an admin may change them.
    expect(await other.call('putAccounts', { accounts: [{ personId: 'mallory', role: 'admin', active: true }], replace: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a wrong password is refused; the right one opens a session with the role main holds, whatever the renderer thinks', async () => {
    const { h } = service();
    const admin = window_(h);
    await admin.call('setPassword', { personId: 'admin-1', password: 'admin-pass-1', role: 'admin', active: true });
    await admin.call('setPassword', { personId: 'staff-1', password: 'staff-pass-1', role: 'staff', active: true });
    const w = window_(h);
    expect(await w.call('signIn', { personId: 'staff-1', password: 'wrong-pass' })).toMatchObject({ ok: true, value: { ok: false, reason: 'wrong-password' } });
    expect(w.sessionId).toBeNull();
    expect(await w.call('signIn', { personId: 'nobody', password: 'whatever1' })).toMatchObject({ ok: true, value: { ok: false, reason: 'unknown' } });
    expect(await w.call('signIn', { personId: 'staff-1', password: 'staff-pass-1' })).toMatchObject({ ok: true, value: { ok: true, role: 'staff' } });
    expect(w.sessionId).toMatch(/^[\w-]{20,}$/);
    expect(await w.call('accountsState', {})).toMatchObject({ ok: true, value: { session: { personId: 'staff-1', role: 'staff' } } });
    expect(await w.call('confirmPassword', { password: 'staff-pass-1' })).toEqual({ ok: true, value: { ok: true } });
    expect(await w.call('confirmPassword', { password: 'nope-nope' })).toEqual({ ok: true, value: { ok: false } });
    // A staff member may change their own password, not their role, and nobody else's.
    expect(await w.call('setPassword', { personId: 'staff-1', password: 'staff-pass-2', role: 'admin', active: true })).toMatchObject({ ok: true });
    expect(await w.call('setPassword', { personId: 'admin-1', password: 'taken-over', role: 'admin', active: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const again = window_(h);
    expect(await again.call('signIn', { personId: 'staff-1', password: 'staff-pass-2' })).toMatchObject({ ok: true, value: { ok: true, role: 'staff' } });
    // Signing out ends the session main holds.
    expect(await again.call('signOut', {})).toMatchObject({ ok: true, value: { signedOut: true } });
    expect(again.sessionId).toBeNull();
    expect(await again.call('confirmPassword', { password: 'staff-pass-2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('an old, cheaper hash verifies and is upgraded at sign-in; the new hash comes back for the workspace copy', async () => {
    const { h } = service();
    const w = window_(h);
    const old = await hashPassword('legacy-pass', LEGACY_PARAMS);
    // An existing workspace tells main its accounts (main knows nobody yet).
    expect(await w.call('putAccounts', { accounts: [{ personId: 'p1', role: 'supervisor', active: true, credential: old }], replace: true })).toMatchObject({ ok: true, value: { accounts: 1 } });
    const r = await w.call('signIn', { personId: 'p1', password: 'legacy-pass' });
    expect(r).toMatchObject({ ok: true, value: { ok: true, role: 'supervisor', rehash: { params: { N: 2 ** 17 } } } });
    const again = window_(h);
    expect(await again.call('signIn', { personId: 'p1', password: 'legacy-pass' })).toMatchObject({ ok: true, value: { ok: true, rehash: null } });
  });

  it('after repeated wrong passwords main stops checking for a while, even for the right one', async () => {
    const { h, tick } = service();
    const w = window_(h);
    await w.call('setPassword', { personId: 'admin-1', password: 'admin-pass-1', role: 'admin', active: true });
    for (let i = 0; i < THROTTLE_AFTER; i++) await w.call('signIn', { personId: 'admin-1', password: `wrong-${i}-pass` });
    expect(await w.call('signIn', { personId: 'admin-1', password: 'admin-pass-1' })).toMatchObject({ ok: true, value: { ok: false, reason: 'throttled' } });
    tick(6 * 60_000);
    expect(await w.call('signIn', { personId: 'admin-1', password: 'admin-pass-1' })).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('a deactivated or re-roled person loses the session main held for them; the account file is private', async () => {
    const { h, dataDir } = service();
    const admin = window_(h);
    await admin.call('setPassword', { personId: 'admin-1', password: 'admin-pass-1', role: 'admin', active: true });
    await admin.call('setPassword', { personId: 'sup-1', password: 'sup-pass-11', role: 'supervisor', active: true });
    const sup = window_(h);
    await sup.call('signIn', { personId: 'sup-1', password: 'sup-pass-11' });
    expect(await sup.call('getSyncSettings', {})).toMatchObject({ ok: true });
    await admin.call('putAccounts', { accounts: [{ personId: 'sup-1', role: 'staff', active: true }], replace: false });
    expect(await sup.call('getSyncSettings', {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Sign in') } });
    expect(await window_(h).call('signIn', { personId: 'sup-1', password: 'sup-pass-11' })).toMatchObject({ ok: true, value: { role: 'staff' } });
    await admin.call('putAccounts', { accounts: [{ personId: 'sup-1', role: 'staff', active: false }], replace: false });
    expect(await window_(h).call('signIn', { personId: 'sup-1', password: 'sup-pass-11' })).toMatchObject({ ok: true, value: { ok: false, reason: 'inactive' } });
    if (process.platform !== 'win32') {
      expect(statSync(join(dataDir, 'accounts.json')).mode & 0o777).toBe(0o600);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    }
  });

  it('a session id used from another window is refused (Electron binds it to the web contents that opened it)', async () => {
    const { h } = service();
    const w = window_(h, 1);
    await w.call('setPassword', { personId: 'admin-1', password: 'admin-pass-1', role: 'admin', active: true });
    expect(await dispatch(h, 'listBackups', {}, { sessionId: w.sessionId, owner: 1 })).toMatchObject({ ok: true });
    expect(await dispatch(h, 'listBackups', {}, { sessionId: w.sessionId, owner: 2 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(h, 'listBackups', {}, { sessionId: 'made-up', owner: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('each method as each role', () => {
  // A payload each protected method accepts, so a refusal can only come from the role check.
  const valid: Partial<Record<Method, unknown>> = {
    writeBackup: { content: '{"x":1}', kind: 'manual', keep: 3 },
    listBackups: {},
    readBackup: { name: 'qa-backup-2026-01-01T00-00-00-000Z-manual.json' },
    writeDemoRecordings: { recordings: [] },
    chooseMediaPaths: { mode: 'folder' },
    scanMediaPaths: { paths: [tmpdir()], typed: true },
    startRecordingImport: { files: [{ id: 'r1', path: join(tmpdir(), 'x.wav') }], copyToLibrary: false },
    recordingImportStatus: { jobId: '00000000-0000-4000-8000-000000000000', since: 0 },
    cancelRecordingImport: { jobId: '00000000-0000-4000-8000-000000000000' },
    relinkRecording: { recordingId: 'r1', path: join(tmpdir(), 'x.wav') },
    getSyncSettings: {},
    saveSyncSettings: { connection: { host: '127.0.0.1', port: 1, database: 'd', user: 'u', tls: 'disable' }, password: null },
    testSyncConnection: {},
    signAppraisalRecords: { records: [record()] },
    pushAppraisalRecords: { batchId: 'b', records: [] },
    serverAppraisalHashes: { periodKeys: ['2026-10'] },
  };

  it('every method with a role list refuses every other role, and a signed-out caller, with a typed forbidden error', async () => {
    const { ctx, h } = service();
    let checked = 0;
    for (const m of methods) {
      const access = contract[m].access;
      if (access === 'public') continue;
      const input = valid[m] ?? {};
      const signedOut = await dispatch(h, m, input);
      expect(signedOut, m).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (access === 'signed-in') continue;
      for (const role of ['admin', 'supervisor', 'lead', 'staff'] as SessionRole[]) {
        const r = await dispatch(h, m, input, signedIn(ctx, role));
        // Allowed: anything but a refusal of the role (a path not chosen, or no team sign-in behind this session, is another matter).
        if ((access as readonly SessionRole[]).includes(role)) expect(r.ok || r.error.code !== 'forbidden' || r.error.message.includes('chosen') || r.error.message === 'Not signed in to a team server', `${m} as ${role}: ${JSON.stringify(r)}`).toBe(true);
        else expect(r, `${m} as ${role}`).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`this session is ${role}`) } });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('a staff session cannot make main sign, push, scan, back up, write demo files or change the sync settings', async () => {
    const { ctx, h, dataDir } = service();
    await ctx.accounts.put([{ personId: 'test-staff', role: 'staff', active: true }], true);
    const staff = signedIn(ctx, 'staff');
    for (const m of ['signAppraisalRecords', 'pushAppraisalRecords', 'scanMediaPaths', 'startRecordingImport', 'writeBackup', 'readBackup', 'writeDemoRecordings', 'saveSyncSettings', 'testSyncConnection', 'putAccounts'] as Method[]) {
      const r = await dispatch(h, m, valid[m] ?? { accounts: [], replace: false }, staff);
      expect(r, m).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Main's own log names the session's person for each refusal.
    const log = readFileSync(join(dataDir, 'main-audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { personId: string; method: string; outcome: string });
    expect(log.filter((l) => l.outcome === 'refused' && l.personId === 'test-staff').map((l) => l.method)).toEqual(expect.arrayContaining(['signAppraisalRecords', 'writeBackup', 'scanMediaPaths']));
  });

  it('main signs only content that hashes to the claimed hash, for a supervisor or admin', async () => {
    const { ctx, h, dataDir } = service();
    const good = record();
    const sup = signedIn(ctx, 'supervisor', 'sup-7');
    const signed = await dispatch(h, 'signAppraisalRecords', { records: [good] }, sup);
    expect(signed).toMatchObject({ ok: true, value: { signatures: [expect.any(String)] } });
    const forged = { ...good, contentHash: 'a'.repeat(64) };
    expect(await dispatch(h, 'signAppraisalRecords', { records: [good, forged] }, sup)).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'records.1.contentHash' } });
    const altered = { ...good, content: { ...good.content, composite: 100 } };
    expect(await dispatch(h, 'signAppraisalRecords', { records: [altered] }, sup)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h, 'signAppraisalRecords', { records: [good] }, signedIn(ctx, 'lead'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const log = readFileSync(join(dataDir, 'main-audit.log'), 'utf8');
    expect(log).toContain('"personId":"sup-7","role":"supervisor","method":"signAppraisalRecords","outcome":"ok"');
  });

  it('main reads only folders chosen in its dialog or typed in the import form', async () => {
    const chosen = mkdtempSync(join(tmpdir(), 'qa-chosen-'));
    const { ctx, h } = service();
    ctx.choosePaths = async () => ({ paths: [chosen], canceled: false, unavailable: false });
    const sup = signedIn(ctx, 'supervisor');
    expect(await dispatch(h, 'scanMediaPaths', { paths: ['/etc'] }, sup)).toMatchObject({ ok: false, error: { code: 'forbidden', where: 'path' } });
    expect(await dispatch(h, 'startRecordingImport', { files: [{ id: 'x', path: '/etc/passwd' }], copyToLibrary: false }, sup)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(h, 'relinkRecording', { recordingId: 'x', path: '/etc/passwd' }, sup)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await dispatch(h, 'chooseMediaPaths', { mode: 'folder' }, sup);
    expect(await dispatch(h, 'scanMediaPaths', { paths: [chosen] }, sup)).toMatchObject({ ok: true });
    expect(await dispatch(h, 'scanMediaPaths', { paths: [join(chosen, 'sub', '..', '..')] }, sup)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(h, 'scanMediaPaths', { paths: ['relative/path'], typed: true }, sup)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
