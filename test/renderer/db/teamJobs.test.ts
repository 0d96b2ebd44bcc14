// Scheduled work on team consoles against one throwaway PostgreSQL (issue 19, item 2): two planners' consoles open
// when a plan falls due: the run is drawn once; the console holding the lease closes or loses its connection: the
// other takes over within a few lease checks; the same person signed in at two workstations is reminded once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leasePerRun } from '@renderer/domain/scheduledJobs';
import { JobLoop } from '@renderer/db/jobs';
import { commitDueRuns } from '@renderer/db/sampling';
import { createPlan } from '@renderer/db/samplePlans';
import { createRecord } from '@renderer/db/records';
import { refreshReminders } from '@renderer/db/notifications';
import { outboxState, pull } from '@renderer/db/replica';
import { DEFAULT_PLAN } from '@renderer/domain/samplePlan';
import type { Ticket } from '@renderer/domain/model';
import type { CorrectiveAction } from '@renderer/domain/actionRecords';
import type { TeamServerConnection } from '../../../src-main/services/teamSync';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, teamConsole, uuid as id, type Department, type TeamConsole } from '../../pg/teamConsoles';

let server: TeamServer;
let conn: TeamServerConnection;
const T1 = id(1);
const SUP = id(10), SUP2 = id(13), L1 = id(11), P1 = id(21);
const consoles: TeamConsole[] = [];
const loops: JobLoop[] = [];
const consoleOf = async (employeeNo: string, personId: string, role: 'supervisor' | 'lead' | 'staff', led: string[] = []) => {
  const c = await teamConsole(conn, employeeNo, personId, role, led);
  consoles.push(c);
  await pull(c.ctx, c.port);
  return c;
};

beforeAll(async () => {
  server = await startTeamServer();
  conn = { ...server.config, tls: 'disable' };
  await seedDepartment(conn, server.admin.password, {
    teams: [{ id: T1, name: 'Team 1', leadId: L1 }],
    people: [personRecord(SUP, 'supervisor', 'S010', null), personRecord(SUP2, 'supervisor', 'S013', null), personRecord(L1, 'lead', 'L011', null), personRecord(P1, 'staff', 'P021', T1)] as Department['people'],
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(loops.map((l) => l.stop()));
  await Promise.all(consoles.map((c) => c.close()));
  await server?.destroy();
});

async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < ms / 20; i++) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not within ${ms} ms`);
}

const serverCount = async (table: string, where = 'true') => Number((await server.cluster.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.includes('.') ? table : `qa_console.${table}`} WHERE ${where}`, [], 'qa_team'))[0]!.n);

/** A console's job loop on its own schedule: lease checks every 100 ms, the job due at once and then hourly. */
function loopOf(c: TeamConsole, job: 'sample-runs' | 'reminders', run: () => Promise<void>, errors: unknown[], everyMs = 3_600_000) {
  const sync = c.startSync();
  const l = new JobLoop({ job, firstMs: 0, everyMs, run, onError: (e) => errors.push(e), leasePerRun: leasePerRun(job) }, sync.jobs(), Date.now, 100).start();
  loops.push(l);
  return l;
}

describe('scheduled work done once across consoles', () => {
  it('two planners open when a plan falls due: one run is drawn; the holder closes: the other takes the lease over', async () => {
    const [a, b] = await Promise.all([consoleOf('S010', SUP, 'supervisor'), consoleOf('S013', SUP2, 'supervisor')]);
    // Something to draw from, and a monthly plan drawing automatically, made on console A and pulled by B.
    for (let n = 0; n < 6; n++)
      await createRecord(a.ctx, a.ctx.db.tickets, { id: id(100 + n), source: 'demo', externalId: `J${n}`, agentId: P1, teamId: T1, subject: `Ticket ${n}`, priority: 'normal', channel: 'email', category: 'billing', openedAt: '2026-11-01T10:00:00.000Z', closedAt: '2026-11-01T12:00:00.000Z', status: 'closed', messages: 2 } as unknown as Ticket);
    const plan = await createPlan(a.ctx, { ...DEFAULT_PLAN, name: 'Monthly auto', period: { kind: 'monthly' }, assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: [SUP, SUP2], autoCommit: true } });
    await a.sync();
    await b.sync();
    expect(await b.ctx.db.samplePlans.get(plan.id)).toBeTruthy();

    const drawn: string[][] = [[], []];
    const errors: unknown[] = [];
    const la = loopOf(a, 'sample-runs', async () => void drawn[0]!.push(...(await commitDueRuns(a.ctx)).map((r) => `${r.plan} ${r.period} ${r.error ?? ''}`)), errors);
    const lb = loopOf(b, 'sample-runs', async () => void drawn[1]!.push(...(await commitDueRuns(b.ctx)).map((r) => `${r.plan} ${r.period} ${r.error ?? ''}`)), errors);
    await within(10_000, async () => (await serverCount('sample_runs')) > 0 && (la.state.runs > 0 || lb.state.runs > 0));
    // Both keep checking for a while: neither draws again, and only one of them ever runs the job.
    await new Promise((r) => setTimeout(r, 1000));
    expect(errors).toEqual([]);
    expect(await serverCount('sample_runs')).toBe(1);
    expect([la.state.leader, lb.state.leader].filter(Boolean)).toHaveLength(1);
    const [holder, other, holderConsole] = la.state.leader ? [la, lb, a] : [lb, la, b];
    expect(other.state.runs).toBe(0);
    expect(drawn.flat()).toHaveLength(1);
    expect(drawn.flat()[0]).toMatch(/^Monthly auto /);

    // The holder's console closes without a word (its connection ends): the other takes over and runs the job at once
    // (its replica brought up to date first: the period is drawn, nothing is drawn twice).
    const closedAt = Date.now();
    await holderConsole.session.close();
    await within(5000, () => other.state.leader === true && other.state.runs === 1);
    expect(Date.now() - closedAt).toBeLessThan(5000);
    expect(await serverCount('sample_runs')).toBe(1);
    // The connection budget: a console holds at most two (its work and its change notices).
    const perLogin = await server.cluster.query<{ u: string; n: number }>(`SELECT usename AS u, count(*)::int AS n FROM pg_stat_activity WHERE usename IN ('qa_u_s010', 'qa_u_s013') GROUP BY usename`, [], 'qa_team');
    expect(perLogin.length).toBeGreaterThan(0);
    for (const r of perLogin) expect(r.n, r.u).toBeLessThanOrEqual(2);
    // Stopping gives the lease up at once (a sign-out): nobody holds it then.
    await Promise.all([holder.stop(), other.stop()]);
    expect(await serverCount('pg_catalog.pg_locks', "locktype = 'advisory'")).toBe(0);
  }, 60_000);

  it('the holder’s connection killed by the server: the lease moves or comes back, and the job only ever runs where the server says the lease is', async () => {
    const [a, b] = await Promise.all([consoleOf('S010', SUP, 'supervisor'), consoleOf('S013', SUP2, 'supervisor')]);
    const errors: unknown[] = [];
    const runs: { login: string; holder: string | null }[] = [];
    const holderNow = async () =>
      (await server.cluster.query<{ u: string }>(`SELECT a.usename AS u FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted`, [], 'qa_team'))[0]?.u ?? null;
    // The job runs every 50 ms on whichever console holds the lease, and asks the server who holds it as it runs.
    const often = (c: TeamConsole, login: string) => {
      const l = new JobLoop({ job: 'sample-runs', firstMs: 0, everyMs: 50, run: async () => void runs.push({ login, holder: await holderNow() }), onError: (e) => errors.push(e) }, c.startSync().jobs(), Date.now, 50).start();
      loops.push(l);
      return l;
    };
    const la = often(a, 'qa_u_s010');
    const lb = often(b, 'qa_u_s013');
    await within(5000, () => runs.length > 3);
    const holderLogin = la.state.leader ? 'qa_u_s010' : 'qa_u_s013';
    const before = runs.length;
    await server.cluster.query(`SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND a.usename = $1`, [holderLogin], 'qa_team');
    await within(5000, () => runs.length > before + 5);
    await Promise.all([la.stop(), lb.stop()]);
    expect(runs.every((r) => r.holder === r.login)).toBe(true);
    expect(await serverCount('pg_catalog.pg_locks', "locktype = 'advisory'")).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('the same person signed in at two workstations is reminded once, and neither console has a change refused', async () => {
    const sup = await consoleOf('S010', SUP, 'supervisor');
    const overdue = { id: id(300), staffId: P1, teamId: T1, ownerId: L1, evaluationId: null, parentActionId: null, title: 'Greet by name', rootCauses: ['skill'], criterionIds: [], evidence: [], plan: 'Practise the greeting', priority: 'normal', dueAt: '2026-10-20T09:00:00.000Z', originalDueAt: '2026-10-20T09:00:00.000Z', extensions: 0, verification: { mode: 'manual' }, status: 'open', outcome: null, completedAt: null, closedAt: null, cancelReason: null, acknowledgedAt: null, followUpsFrom: null, attachments: [] } as unknown as CorrectiveAction;
    await createRecord(sup.ctx, sup.ctx.db.correctiveActions, overdue);
    await sup.sync();
    const [p, q] = [await consoleOf('P021', P1, 'staff'), await consoleOf('P021', P1, 'staff')];
    expect(await p.ctx.db.correctiveActions.get(id(300))).toBeTruthy();
    const added: string[] = [];
    const errors: unknown[] = [];
    // Due every 300 ms on both consoles: each run takes the person's lease for itself, catches up, sends, lets go.
    const lp = loopOf(p, 'reminders', async () => void added.push(...(await refreshReminders(p.ctx)).added.map((n) => n.key)), errors, 300);
    const lq = loopOf(q, 'reminders', async () => void added.push(...(await refreshReminders(q.ctx)).added.map((n) => n.key)), errors, 300);
    await within(10_000, async () => (await serverCount('notifications', `record->>'recipientId' = '${P1}'`)) >= 2);
    await within(10_000, async () => lp.state.runs >= 3 && lq.state.runs >= 3);
    await Promise.all([lp.stop(), lq.stop()]);
    // Told once: 'assigned' and 'overdue' for the action, and the day's digest; each once on the server.
    const keys = (await server.cluster.query<{ k: string }>(`SELECT record->>'key' AS k FROM qa_console.notifications WHERE record->>'recipientId' = $1 ORDER BY 1`, [P1], 'qa_team')).map((r) => r.k);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect([...added].sort()).toEqual(keys);
    // Between runs neither console holds the lease (nor, for it, a connection).
    expect([lp.state.leader, lq.state.leader]).toEqual([false, false]);
    expect(await serverCount('pg_catalog.pg_locks', "locktype = 'advisory'")).toBe(0);
    for (const c of [p, q]) expect(await outboxState(c.ctx)).toMatchObject({ pending: 0, conflicts: [], refused: [] });
    expect(errors).toEqual([]);
  }, 60_000);
});
