// Team mode through the contract, as a window calls it (dispatch, the same handlers Electron registers) against a
// real team server: joining, signing in as one's own login, the first password change, the feed and writes as that
// person, change notices held open until a commit, and sign-out ending the team session with main's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workstation } from '../../pg/teamWorkstation';
import { TeamSession } from '../../../src-main/services/teamSync';
import { provisionLogin } from '../../../src-main/services/teamServer';
import { personRecord, startTeamServer, type TeamServer } from '../../pg/team';

let server: TeamServer;
let oneTime = '';
const SUP = '0190a000-0000-7000-8000-000000000020';
const AT = '2026-11-02T09:00:00.000Z';

beforeAll(async () => {
  server = await startTeamServer();
  const admin = await TeamSession.signIn({ ...server.config, tls: 'disable' }, 'A001', server.admin.password);
  expect(await admin.write({ id: 'seed-h1', ops: [{ table: 'people', kind: 'create', id: SUP, baseRev: null, record: personRecord(SUP, 'supervisor', 'S020', null) }] })).toMatchObject({ status: 'applied' });
  oneTime = (await admin.run((c) => provisionLogin(c, SUP))).password;
  await admin.close();
}, 120_000);

afterAll(async () => {
  await server?.destroy();
});

const ticket = (n: number) => {
  const id = `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  return { id, createdAt: AT, updatedAt: AT, rev: 1, createdBy: SUP, deletedAt: null, source: 'demo', externalId: String(n), agentId: null, teamId: null };
};

describe('team mode through the contract', () => {
  it('joins a server, signs in as the person, changes the one-time password, pulls and writes as them', async () => {
    const ws = workstation();
    expect(await ws.call('teamConfig')).toMatchObject({ ok: true, value: { connection: null, signedIn: null, standaloneAccounts: 0 } });
    expect(await ws.call('teamSignIn', { employeeNo: 'S020', password: oneTime })).toMatchObject({ ok: false, error: { code: 'forbidden', where: 'connection' } });
    expect(await ws.call('teamJoin', { connection: { ...server.config, host: '', tls: 'disable' } })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'connection.host' } });
    expect(await ws.call('teamJoin', { connection: { ...server.config, tls: 'disable' } })).toMatchObject({ ok: true, value: { connection: { port: server.config.port, database: 'qa_team' } } });

    const wrong = await ws.call('teamSignIn', { employeeNo: 'S020', password: 'not-the-password' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'forbidden', where: 'password', key: 'team.errors.wrongPassword', message: expect.stringMatching(/Wrong employee number or password/) } });
    expect(await ws.call('teamBounds')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const signed = await ws.call('teamSignIn', { employeeNo: 'S020', password: oneTime });
    expect(signed).toMatchObject({ ok: true, value: { login: 'qa_u_s020', personId: SUP, role: 'supervisor', mustChange: true } });
    expect(await ws.call('accountsState')).toMatchObject({ ok: true, value: { session: { personId: SUP, role: 'supervisor' } } });
    // The one-time password opens nothing but the change: not even the people directory.
    expect(await ws.call('teamIds', { table: 'people' })).toEqual({ ok: true, value: [] });
    expect(await ws.call('teamChangePassword', { password: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'password' } });
    expect(await ws.call('teamChangePassword', { password: 'supervisor-pass-2' })).toMatchObject({ ok: true });

    // The idle lock's unlock checks the session's own password.
    expect(await ws.call('confirmPassword', { password: oneTime })).toEqual({ ok: true, value: { ok: false } });
    expect(await ws.call('confirmPassword', { password: 'supervisor-pass-2' })).toEqual({ ok: true, value: { ok: true } });
    const t = ticket(700);
    expect(await ws.call('teamWrite', { id: 'h-write-1', ops: [{ table: 'tickets', kind: 'create', id: t.id, baseRev: null, record: t }] })).toMatchObject({ ok: true, value: { status: 'applied' } });
    const bounds = (await ws.call('teamBounds')) as { ok: true; value: { hi: string } };
    const page = await ws.call('teamPage', { table: 'tickets', lo: '0', hi: bounds.value.hi, after: null, limit: 100 });
    expect(page).toMatchObject({ ok: true, value: [{ id: t.id, record: { externalId: '700' } }] });
    expect(await ws.call('teamIds', { table: 'tickets' })).toMatchObject({ ok: true, value: [t.id] });
    expect(((await ws.call('teamIds', { table: 'people' })) as { value: string[] }).value.sort()).toEqual([server.admin.id, SUP].sort());
    expect(await ws.call('teamConfig')).toMatchObject({ ok: true, value: { signedIn: { login: 'qa_u_s020', personId: SUP } } });
    // "Verify audit chain" asks the server, whose log has an entry for every write so far.
    expect(await ws.call('teamVerifyAudit')).toMatchObject({ ok: true, value: { entries: expect.any(Number), firstBroken: null, reason: null } });
    // Joining another server needs a sign-out first.
    expect(await ws.call('teamJoin', { connection: null })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await ws.call('signOut')).toMatchObject({ ok: true, value: { signedOut: true } });
    expect(await ws.call('teamBounds')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ws.call('teamSignIn', { employeeNo: 'S020', password: oneTime })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Wrong employee number or password/) } });
  });

  it('holds a notice ask open until another console commits, and answers within a second of the commit', async () => {
    const a = workstation();
    const b = workstation();
    for (const ws of [a, b]) {
      await ws.call('teamJoin', { connection: { ...server.config, tls: 'disable' } });
      expect(await ws.call('teamSignIn', { employeeNo: 'S020', password: 'supervisor-pass-2' })).toMatchObject({ ok: true });
    }
    // The first ask starts listening; nothing has changed yet, so it waits out its short timeout.
    expect(await b.call('teamNotices', { timeoutMs: 50 })).toMatchObject({ ok: true, value: { tables: [], online: true } });
    // Scheduled work: the same supervisor's two consoles, one lease; the second has it once the first lets it go.
    expect(await a.call('teamLease', { job: 'sample-runs' })).toEqual({ ok: true, value: { leader: true } });
    expect(await a.call('teamLease', { job: 'sample-runs' })).toEqual({ ok: true, value: { leader: true } });
    expect(await b.call('teamLease', { job: 'sample-runs' })).toEqual({ ok: true, value: { leader: false } });
    expect(await a.call('teamLease', { job: 'sample-runs', release: true })).toEqual({ ok: true, value: { leader: false } });
    expect(await b.call('teamLease', { job: 'sample-runs' })).toEqual({ ok: true, value: { leader: true } });
    // A team console makes no local backups (no lease for them), and restores none over its replica.
    expect(await a.call('writeBackup', { content: '{}', kind: 'manual', keep: 5 })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'team.errors.backupsOnServer' } });
    const admin = workstation();
    await admin.call('teamJoin', { connection: { ...server.config, tls: 'disable' } });
    expect(await admin.call('teamSignIn', { employeeNo: 'A001', password: server.admin.password })).toMatchObject({ ok: true, value: { role: 'admin' } });
    expect(await admin.call('readBackup', { name: 'qa-backup-2026-11-01T08-00-00-000Z-manual.json' })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'team.errors.backupsOnServer' } });
    await admin.call('signOut');
    expect(await a.call('teamLease', { job: 'backups' })).toMatchObject({ ok: false, error: { code: 'forbidden', where: 'job' } });
    const waiting = b.call('teamNotices', { timeoutMs: 20_000 });
    const t = ticket(701);
    const before = Date.now();
    expect(await a.call('teamWrite', { id: 'h-notice-1', ops: [{ table: 'tickets', kind: 'create', id: t.id, baseRev: null, record: t }] })).toMatchObject({ ok: true });
    expect(await waiting).toMatchObject({ ok: true, value: { tables: ['tickets'], online: true } });
    expect(Date.now() - before).toBeLessThan(1000);
    // Signing out answers an ask still open, at once.
    const open = b.call('teamNotices', { timeoutMs: 20_000 });
    await b.call('signOut');
    const started = Date.now();
    await open;
    expect(Date.now() - started).toBeLessThan(1000);
    await a.call('signOut');
  });

  it('a workstation holding a standalone workspace cannot join: it moves instead', async () => {
    const ws = workstation();
    expect(await ws.call('putAccounts', { accounts: [{ personId: 'p1', role: 'admin', active: true }], replace: true })).toMatchObject({ ok: true });
    expect(await ws.call('teamJoin', { connection: { ...server.config, tls: 'disable' } })).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'team.hasWorkspace' } });
  });

  it('an admin provisions, lists and resets logins through the contract; a deactivated person’s login is disabled; others may not', async () => {
    const admin = workstation();
    await admin.call('teamJoin', { connection: { ...server.config, tls: 'disable' } });
    expect(await admin.call('teamSignIn', { employeeNo: 'A001', password: server.admin.password })).toMatchObject({ ok: true, value: { role: 'admin' } });
    const P = '0190a000-0000-7000-8000-000000000031';
    expect(await admin.call('teamWrite', { id: 'h-person-31', ops: [{ table: 'people', kind: 'create', id: P, baseRev: null, record: personRecord(P, 'staff', 'P031', null) }] })).toMatchObject({ ok: true, value: { status: 'applied' } });
    const made = (await admin.call('teamProvision', { personId: P })) as { ok: true; value: { login: string; password: string } };
    expect(made).toMatchObject({ ok: true, value: { login: 'qa_u_p031', password: expect.stringMatching(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/) } });
    // Twice is refused by name; a person not on the server too.
    expect(await admin.call('teamProvision', { personId: P })).toMatchObject({ ok: false, error: { code: 'invalid-input', where: 'personId', key: 'team.errors.hasLogin' } });
    expect(await admin.call('teamProvision', { personId: 'nobody-here' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/not on the server/) } });
    const loginOf = async () => ((await admin.call('teamLogins')) as { value: { personId: string; mustChange: boolean; lastSignIn: string | null; canLogin: boolean }[] }).value.find((l) => l.personId === P)!;
    expect(await loginOf()).toMatchObject({ mustChange: true, lastSignIn: null, canLogin: true });

    // The person signs in with it (the sign-in shows on the People page), and may not list logins.
    const staff = workstation();
    await staff.call('teamJoin', { connection: { ...server.config, tls: 'disable' } });
    expect(await staff.call('teamSignIn', { employeeNo: 'P031', password: made.value.password })).toMatchObject({ ok: true, value: { mustChange: true } });
    expect(await staff.call('teamChangePassword', { password: 'staff-pass-31' })).toMatchObject({ ok: true });
    expect(await staff.call('teamLogins')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await staff.call('teamResetPassword', { personId: P })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await staff.call('signOut');
    expect(await loginOf()).toMatchObject({ mustChange: false, lastSignIn: expect.any(String) });

    // Forgotten: a reset gives a new one-time password; the old one stops working.
    const reset = (await admin.call('teamResetPassword', { personId: P })) as { ok: true; value: { password: string } };
    expect(reset.ok).toBe(true);
    expect(await staff.call('teamSignIn', { employeeNo: 'P031', password: 'staff-pass-31' })).toMatchObject({ ok: false, error: { key: 'team.errors.wrongPassword' } });
    expect(await staff.call('teamSignIn', { employeeNo: 'P031', password: reset.value.password })).toMatchObject({ ok: true, value: { mustChange: true } });
    await staff.call('signOut');

    // Deactivated on the People page (a person write): the login is disabled with them.
    const bounds = (await admin.call('teamBounds')) as { value: { hi: string } };
    const row = ((await admin.call('teamPage', { table: 'people', lo: '0', hi: bounds.value.hi, after: null, limit: 100 })) as { value: { id: string; record: Record<string, unknown> & { rev: number } }[] }).value.find((r) => r.id === P)!;
    expect(await admin.call('teamWrite', { id: 'h-deactivate-31', ops: [{ table: 'people', kind: 'revise', id: P, baseRev: row.record.rev, record: { ...row.record, active: false, rev: row.record.rev + 1 } }] })).toMatchObject({ ok: true, value: { status: 'applied' } });
    expect(await loginOf()).toMatchObject({ canLogin: false });
    expect(await staff.call('teamSignIn', { employeeNo: 'P031', password: reset.value.password })).toMatchObject({ ok: false });
    await admin.call('signOut');
  });

  it('a server schema newer than the console: it still reads, refuses to write and says to update', async () => {
    await server.cluster.query(`INSERT INTO qa_console.team_migrations (version, name) VALUES (99, 'from a newer console')`, [], 'qa_team');
    try {
      const ws = workstation();
      await ws.call('teamJoin', { connection: { ...server.config, tls: 'disable' } });
      expect(await ws.call('teamSignIn', { employeeNo: 'S020', password: 'supervisor-pass-2' })).toMatchObject({ ok: true });
      expect(await ws.call('teamIds', { table: 'people' })).toMatchObject({ ok: true });
      const t = ticket(790);
      expect(await ws.call('teamWrite', { id: 'h-newer-1', ops: [{ table: 'tickets', kind: 'create', id: t.id, baseRev: null, record: t }] })).toMatchObject({ ok: false, error: { code: 'forbidden', where: 'schema', key: 'team.errors.newerSchema', message: expect.stringMatching(/version 99/) } });
      await ws.call('signOut');
    } finally {
      await server.cluster.query(`DELETE FROM qa_console.team_migrations WHERE version = 99`, [], 'qa_team');
    }
  });
});
