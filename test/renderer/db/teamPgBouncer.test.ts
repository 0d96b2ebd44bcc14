// Team consoles through PgBouncer in session mode (issue 19, item 7): sign-in (SCRAM passed through), a write that
// reaches the other console by its change notice (LISTEN needs a session: session mode keeps one), a scheduled
// job's lease (a session-level advisory lock), and at most two server connections per console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createRecord } from '@renderer/db/records';
import type { Ticket } from '@renderer/domain/model';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { PGBOUNCER, startPgBouncer, type Bouncer } from '../../pg/pgbouncer';
import { AT, personRecord, seedDepartment, teamConsole, uuid as id, type Department, type TeamConsole } from '../../pg/teamConsoles';

const have = existsSync(PGBOUNCER);
if (!have) console.log(`skipped: PgBouncer is not installed here (${PGBOUNCER}); .ci/run installs Debian's pgbouncer`);

let server: TeamServer;
let bouncer: Bouncer;
const T1 = id(1), SUP = id(10), P1 = id(21);
const consoles: TeamConsole[] = [];

describe.skipIf(!have)('through PgBouncer in session mode', () => {
  beforeAll(async () => {
    server = await startTeamServer();
    await seedDepartment({ ...server.config, tls: 'disable' }, server.admin.password, {
      teams: [{ id: T1, name: 'Team 1', leadId: null as unknown as string }],
      people: [personRecord(SUP, 'supervisor', 'S010', null), personRecord(P1, 'staff', 'P021', T1)] as Department['people'],
    });
    bouncer = await startPgBouncer(server.cluster, 'qa_team', ['qa_u_s010', 'qa_u_p021']);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(consoles.map((c) => c.close().catch(() => undefined)));
    await bouncer?.stop();
    await server?.destroy();
  });

  it('signs in, hears another console’s change, holds a lease, two connections a console', async () => {
    const conn = { ...server.config, port: bouncer.port, tls: 'disable' as const };
    const sup = await teamConsole(conn, 'S010', SUP, 'supervisor');
    const staff = await teamConsole(conn, 'P021', P1, 'staff');
    consoles.push(sup, staff);
    const a = sup.startSync();
    const b = staff.startSync();
    await a.round();
    await b.round();
    await createRecord(sup.ctx, sup.ctx.db.tickets, { id: id(100), source: 'demo', externalId: 'B1', agentId: P1, teamId: T1, subject: 'Through the pooler', priority: 'normal', openedAt: AT } as unknown as Ticket);
    const start = Date.now();
    for (let i = 0; i < 250 && !(await staff.ctx.db.tickets.get(id(100))); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await staff.ctx.db.tickets.get(id(100))).toBeTruthy();
    expect(Date.now() - start).toBeLessThan(3000);
    expect(await sup.port.lease('sample-runs')).toBe(true);
    const perLogin = await server.cluster.query<{ u: string; n: number }>(`SELECT usename AS u, count(*)::int AS n FROM pg_stat_activity WHERE usename IN ('qa_u_s010', 'qa_u_p021') GROUP BY usename`, [], 'qa_team');
    expect(perLogin.map((r) => r.u).sort()).toEqual(['qa_u_p021', 'qa_u_s010']);
    for (const r of perLogin) expect(r.n, r.u).toBeLessThanOrEqual(2);
  }, 60_000);
});
