// A person's team session in main against a real server: signing in by employee number (the connection is the
// password check), clear errors, the first password change, change notices within a second of a commit, and a
// server restart: the write in flight fails as "cannot reach", nothing half-applied, the replay lands once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionLogin } from '../../../src-main/services/teamServer';
import { TeamSession, type TeamServerConnection } from '../../../src-main/services/teamSync';
import { personRecord, startTeamServer, type TeamServer } from '../../pg/team';

let server: TeamServer;
let conn: TeamServerConnection;
const SUP = '0190a000-0000-7000-8000-000000000010';
const AT = '2026-11-02T09:00:00.000Z';
let oneTime = '';

beforeAll(async () => {
  server = await startTeamServer();
  conn = { ...server.config, tls: 'disable' };
  const admin = await TeamSession.signIn(conn, 'A001', server.admin.password);
  const sup = personRecord(SUP, 'supervisor', 'S010', null);
  expect(await admin.write({ id: 'seed-1', ops: [{ table: 'people', kind: 'create', id: SUP, baseRev: null, record: sup }] })).toMatchObject({ status: 'applied' });
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

describe('team session', () => {
  it('signs in by employee number; a wrong password or an unknown number says so', async () => {
    await expect(TeamSession.signIn(conn, 'S010', 'wrong-password')).rejects.toThrow(/Wrong employee number or password/);
    await expect(TeamSession.signIn(conn, 'NOPE', 'whatever-1')).rejects.toThrow(/Wrong employee number or password/);
    await expect(TeamSession.signIn(conn, '', 'whatever-1')).rejects.toMatchObject({ code: 'invalid-input', where: 'employeeNo' });
    await expect(TeamSession.signIn({ ...conn, port: 1 }, 'S010', oneTime)).rejects.toThrow(/Cannot reach the team server at 127.0.0.1:1/);
    const s = await TeamSession.signIn(conn, 'S010', oneTime);
    expect(s.me).toMatchObject({ personId: SUP, role: 'supervisor', mustChange: true });
    await s.changePassword('supervisor-pass-1');
    expect(s.me.mustChange).toBe(false);
    await s.close();
    await expect(TeamSession.signIn(conn, 'S010', oneTime)).rejects.toThrow(/Wrong employee number or password/);
  });

  it('hears a change notice within a second of another console’s commit (the notice carries the table only)', async () => {
    const a = await TeamSession.signIn(conn, 'S010', 'supervisor-pass-1');
    const b = await TeamSession.signIn(conn, 'S010', 'supervisor-pass-1');
    try {
      const heard: { table: string; at: number }[] = [];
      await b.listen((table) => heard.push({ table, at: Date.now() }));
      const t = ticket(500);
      const before = Date.now();
      expect(await a.write({ id: 'notice-1', ops: [{ table: 'tickets', kind: 'create', id: t.id, baseRev: null, record: t }] })).toMatchObject({ status: 'applied' });
      for (let i = 0; i < 100 && !heard.length; i++) await new Promise((r) => setTimeout(r, 10));
      expect(heard[0]?.table).toBe('tickets');
      expect(heard[0]!.at - before).toBeLessThan(1000);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('closes its query connection when idle and opens it again on demand; a console holding a lease keeps it', async () => {
    const connections = async () =>
      Number((await server.cluster.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = 'qa_u_s010'`))[0]!.n);
    const s = await TeamSession.signIn(conn, 'S010', 'supervisor-pass-1', { idleMs: 300 });
    try {
      expect(s.connectedNow).toBe(true);
      expect(await connections()).toBe(1);
      for (let i = 0; i < 100 && s.connectedNow; i++) await new Promise((r) => setTimeout(r, 20));
      expect(s.connectedNow).toBe(false);
      expect(await connections()).toBe(0);
      // The next call connects again, by itself.
      expect((await s.bounds()).hi).toMatch(/^\d+$/);
      expect(s.connectedNow).toBe(true);
      // A lease is the connection's: held, the connection stays past the idle time; given up, it closes.
      expect(await s.lead('sample-runs')).toBe(true);
      await new Promise((r) => setTimeout(r, 700));
      expect(s.connectedNow).toBe(true);
      expect(await connections()).toBe(1);
      await s.resign('sample-runs');
      for (let i = 0; i < 100 && s.connectedNow; i++) await new Promise((r) => setTimeout(r, 20));
      expect(s.connectedNow).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('survives a server restart: the write in flight is refused as unreachable, its replay lands once', async () => {
    const s = await TeamSession.signIn(conn, 'S010', 'supervisor-pass-1');
    let lost = 0;
    await s.listen(
      () => undefined,
      () => lost++,
    );
    const t = ticket(501);
    const tx = { id: 'restart-1', ops: [{ table: 'tickets', kind: 'create' as const, id: t.id, baseRev: null, record: t }] };
    await server.cluster.stop('fast');
    try {
      await expect(s.write(tx)).rejects.toMatchObject({ code: 'io' });
    } finally {
      await server.cluster.start();
    }
    expect(lost).toBe(1);
    expect(await s.write(tx)).toEqual({ id: 'restart-1', status: 'applied' });
    // The answer of that write lost on the way back: the console replays, the server applies nothing twice.
    expect(await s.write(tx)).toEqual({ id: 'restart-1', status: 'already' });
    expect((await s.ids('tickets')).filter((id) => id === t.id)).toHaveLength(1);
    await s.close();
  });
});
