// The fault suite against a real team server (issue 19, item 5): a console's connection killed by the server in the
// middle of its write transaction; a link that stalls and then is cut (through a TCP proxy on 127.0.0.1); a
// streaming-replication standby promoted while consoles write, the address moved to it. Each time the console says
// it is offline, keeps its changes, and when it can reach a server again every change lands exactly once (one
// audit entry each) and every other console's replica gets all of them, nothing missed or doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord } from '@renderer/db/records';
import { outboxState, pull } from '@renderer/db/replica';
import type { Ticket } from '@renderer/domain/model';
import type { TeamServerConnection } from '../../../src-main/services/teamSync';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { startProxy, type TcpProxy } from '../../pg/tcpProxy';
import { LATEST_TEAM_SCHEMA } from '../../../src-main/services/teamSchema';
import { AT, personRecord, seedDepartment, teamConsole, uuid as id, type Department, type TeamConsole } from '../../pg/teamConsoles';

let server: TeamServer;
let proxy: TcpProxy;
let direct: TeamServerConnection;
let viaProxy: TeamServerConnection;
const T1 = id(1), SUP = id(10), SUP2 = id(13), P1 = id(21);
const consoles: TeamConsole[] = [];

beforeAll(async () => {
  server = await startTeamServer();
  direct = { ...server.config, tls: 'disable' };
  proxy = await startProxy(server.config.port);
  viaProxy = { ...direct, port: proxy.port };
  await seedDepartment(direct, server.admin.password, {
    teams: [{ id: T1, name: 'Team 1', leadId: null as unknown as string }],
    people: [personRecord(SUP, 'supervisor', 'S010', null), personRecord(SUP2, 'supervisor', 'S013', null), personRecord(P1, 'staff', 'P021', T1)] as Department['people'],
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(consoles.map((c) => c.close().catch(() => undefined)));
  await proxy?.close();
  await server?.destroy();
});

const ticketOf = (n: number) => ({ id: id(n), source: 'demo', externalId: `F${n}`, agentId: P1, teamId: T1, subject: `Ticket ${n}`, priority: 'normal', openedAt: AT }) as unknown as Ticket;

async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < ms / 25; i++) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not within ${ms} ms`);
}

/** How many rows and audit entries the server holds for these ticket numbers (each must be exactly one). */
async function onServer(cluster: TeamServer['cluster'], numbers: number[]) {
  const ids = numbers.map(id);
  const rows = await cluster.query<{ id: string }>(`SELECT id FROM qa_console.tickets WHERE id = ANY($1)`, [ids], 'qa_team');
  const audits = await cluster.query<{ id: string; n: number }>(`SELECT i AS id, count(a.seq)::int AS n FROM unnest($1::text[]) i LEFT JOIN qa_console.audit_log a ON i = ANY (a.row_ids) GROUP BY i`, [ids], 'qa_team');
  return { rows: rows.length, auditedOnce: audits.every((a) => a.n === 1) };
}

async function consoleOf(conn: TeamServerConnection, employeeNo: string, personId: string, queryMs = 1500) {
  const c = await teamConsole(conn, employeeNo, personId, 'supervisor', [], undefined, { queryMs });
  consoles.push(c);
  await pull(c.ctx, c.port);
  return c;
}

describe('faults', () => {
  it('the console’s connection killed by the server in the middle of its write transaction: offline, then the write lands once', async () => {
    const c = await consoleOf(direct, 'S010', SUP, 10_000);
    const sync = c.startSync();
    await sync.round();
    // Hold the server's audit lock so the console's write waits inside its transaction, then kill its backend.
    const blocker = await server.cluster.superClient('qa_team');
    await blocker.query('BEGIN');
    await blocker.query(`SELECT pg_advisory_xact_lock(hashtext('qa_console_audit'))`);
    await createRecord(c.ctx, c.ctx.db.tickets, ticketOf(100));
    await within(5000, async () => (await server.cluster.query(`SELECT 1 FROM pg_stat_activity WHERE usename = 'qa_u_s010' AND wait_event_type = 'Lock'`, [], 'qa_team')).length > 0);
    await server.cluster.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'qa_u_s010' AND wait_event_type = 'Lock'`, [], 'qa_team');
    await blocker.query('COMMIT');
    await blocker.end();
    await within(15_000, async () => (await outboxState(c.ctx)).pending === 0);
    expect(await onServer(server.cluster, [100])).toEqual({ rows: 1, auditedOnce: true });
    expect(await outboxState(c.ctx)).toMatchObject({ conflicts: [], refused: [] });
  }, 60_000);

  it('a link that stalls, then is cut: the console gives up the stalled question, says offline, keeps its changes and sends each once', async () => {
    const a = await consoleOf(viaProxy, 'S013', SUP2);
    const b = await consoleOf(direct, 'S010', SUP);
    const sa = a.startSync({ retryMs: { min: 100, max: 400 }, noticeTimeoutMs: 1000 });
    const sb = b.startSync();
    await sa.round();
    proxy.stall();
    for (const n of [200, 201, 202]) await createRecord(a.ctx, a.ctx.db.tickets, ticketOf(n));
    // The stalled question is given up after the query timeout: offline, the changes wait.
    await within(10_000, () => !sa.state.online);
    expect((await outboxState(a.ctx)).pending).toBe(3);
    proxy.cut();
    proxy.resume();
    await within(20_000, async () => sa.state.online && (await outboxState(a.ctx)).pending === 0);
    expect(await onServer(server.cluster, [200, 201, 202])).toEqual({ rows: 3, auditedOnce: true });
    await within(10_000, async () => (await b.ctx.db.tickets.where('id').anyOf([200, 201, 202].map(id)).count()) === 3);
    void sb;
  }, 90_000);

  it('the password changed (reset by the admin) or expired under a running console: it says so, keeps its changes, and sends them after signing in again', async () => {
    const c = await consoleOf(direct, 'S010', SUP, 10_000);
    const sync = c.startSync({ retryMs: { min: 100, max: 400 }, noticeTimeoutMs: 1000 });
    await sync.round();
    await server.cluster.query(`ALTER ROLE qa_u_s010 VALID UNTIL '2000-01-01'`, [], 'qa_team');
    await server.cluster.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'qa_u_s010'`, [], 'qa_team');
    await createRecord(c.ctx, c.ctx.db.tickets, ticketOf(400));
    await within(10_000, () => /Wrong employee number or password/.test(sync.state.error ?? ''));
    // The status bar offers "Sign in again" for exactly this.
    expect(sync.state.signInRefused).toBe(true);
    expect((await outboxState(c.ctx)).pending).toBe(1);
    expect(await onServer(server.cluster, [400])).toEqual({ rows: 0, auditedOnce: false });
    // The person signs out (this console's schedule stops), the DBA extends the login, they sign in again.
    await sync.close();
    await server.cluster.query(`ALTER ROLE qa_u_s010 VALID UNTIL 'infinity'`, [], 'qa_team');
    const again = await teamConsole(direct, 'S010', SUP, 'supervisor');
    consoles.push(again);
    const { push } = await import('@renderer/db/replica');
    expect(await push(c.ctx, again.port, () => false)).toMatchObject({ sent: 1, conflicts: 0, refused: 0 });
    expect(await onServer(server.cluster, [400])).toEqual({ rows: 1, auditedOnce: true });
  }, 60_000);
});

describe('failover to a promoted standby', () => {
  it('consoles write while the primary dies and the standby takes over behind the same address: nothing lost, nothing doubled', async () => {
    const standby = await server.cluster.standby();
    try {
      const fo = await startProxy(server.config.port);
      const conn = { ...direct, port: fo.port };
      const a = await consoleOf(conn, 'S010', SUP);
      const b = await consoleOf(conn, 'S013', SUP2);
      const sa = a.startSync({ retryMs: { min: 100, max: 500 }, noticeTimeoutMs: 1000 });
      const sb = b.startSync({ retryMs: { min: 100, max: 500 }, noticeTimeoutMs: 1000 });
      const made: number[] = [];
      const write = async (c: TeamConsole, n: number) => {
        await createRecord(c.ctx, c.ctx.db.tickets, ticketOf(n));
        made.push(n);
      };
      for (let n = 300; n < 310; n++) await write(n % 2 ? a : b, n);
      await within(15_000, async () => (await outboxState(a.ctx)).pending + (await outboxState(b.ctx)).pending === 0);
      // The standby has replayed everything acknowledged so far (asynchronous replication: what was not replayed
      // would be the DBA's loss, not the console's), then the primary dies.
      await within(15_000, async () => {
        const [p] = await server.cluster.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
        const [s] = await standby.query<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [p!.lsn]);
        return s!.ok;
      });
      await server.cluster.stop('immediate');
      fo.cut();
      // Writes while there is no server at all: they wait in each console's outbox.
      for (let n = 310; n < 316; n++) await write(n % 2 ? a : b, n);
      await within(10_000, () => !sa.state.online && !sb.state.online);
      await standby.promote();
      fo.retarget(standby.port);
      for (let n = 316; n < 320; n++) await write(n % 2 ? a : b, n);
      await within(30_000, async () => sa.state.online && sb.state.online && (await outboxState(a.ctx)).pending + (await outboxState(b.ctx)).pending === 0);
      // Every write made is on the promoted server once; each console's replica has all of them.
      expect(await onServer(standby, made)).toEqual({ rows: made.length, auditedOnce: true });
      for (const c of [a, b]) await within(15_000, async () => (await c.ctx.db.tickets.where('id').anyOf(made.map(id)).count()) === made.length);
      for (const c of [a, b]) expect(await outboxState(c.ctx)).toMatchObject({ pending: 0, conflicts: [], refused: [] });
      // The schema was checked again on the new server's connections.
      expect(a.session.schemaVersion).toBe(LATEST_TEAM_SCHEMA);
      await Promise.all([a, b].map((c) => c.close()));
      consoles.splice(consoles.indexOf(a), 1);
      consoles.splice(consoles.indexOf(b), 1);
      await fo.close();
    } finally {
      await standby.destroy();
      await server.cluster.start().catch(() => undefined);
    }
  }, 180_000);
});
