// Consoles on their own schedule (TeamSync: change notices through main's TeamMode, pushes after writes, retries)
// against one throwaway PostgreSQL: a change reaches the entitled replica within a second with nobody pressing
// "Sync"; a conflict is chosen field by field and both sides' changes survive; an evaluation changed on two
// consoles at once is merged without losing a revision or an acknowledgement; a change the server refuses is put
// back; two supervisors taking the same queue item: one gets it; the server restarted mid-pull and mid-push:
// nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, updateRecord, writeRecords } from '@renderer/db/records';
import { acknowledgeEvaluation } from '@renderer/db/evaluations';
import { outboxState, pull, push } from '@renderer/db/replica';
import { conflictFields } from '@renderer/domain/merge';
import type { Assignment, Evaluation, Ticket } from '@renderer/domain/model';
import type { TeamSyncState } from '@renderer/db/teamSync';
import { TeamSession, type TeamServerConnection } from '../../../src-main/services/teamSync';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { AT, isOffline, personRecord, seedDepartment, teamConsole, uuid as id, type Department, type TeamConsole } from '../../pg/teamConsoles';

let server: TeamServer;
let conn: TeamServerConnection;
const T1 = id(1);
const SUP = id(10), SUP2 = id(13), L1 = id(11), P1 = id(21);
const consoles: TeamConsole[] = [];
const consoleOf = async (employeeNo: string, personId: string, role: 'supervisor' | 'lead' | 'staff', led: string[] = []) => {
  const c = await teamConsole(conn, employeeNo, personId, role, led);
  consoles.push(c);
  await pull(c.ctx, c.port);
  return c;
};
let sup: TeamConsole, sup2: TeamConsole, staff: TeamConsole;

beforeAll(async () => {
  server = await startTeamServer();
  conn = { ...server.config, tls: 'disable' };
  await seedDepartment(conn, server.admin.password, {
    teams: [{ id: T1, name: 'Team 1', leadId: L1 }],
    people: [personRecord(SUP, 'supervisor', 'S010', null), personRecord(SUP2, 'supervisor', 'S013', null), personRecord(L1, 'lead', 'L011', null), personRecord(P1, 'staff', 'P021', T1)] as Department['people'],
  });
  [sup, sup2, staff] = await Promise.all([consoleOf('S010', SUP, 'supervisor'), consoleOf('S013', SUP2, 'supervisor'), consoleOf('P021', P1, 'staff')]);
}, 180_000);

afterAll(async () => {
  await Promise.all(consoles.map((c) => c.close()));
  await server?.destroy();
});

const ticketOf = (n: number, extra: Partial<Ticket> = {}) => ({ id: id(n), source: 'demo', externalId: String(n), agentId: P1, teamId: T1, subject: `Ticket ${n}`, priority: 'normal', openedAt: AT, ...extra }) as unknown as Ticket;
const evaluationOf = (n: number, itemId: string) =>
  ({
    id: id(n), itemKind: 'ticket', itemId, agentId: P1, teamId: T1, reviewerId: SUP, rubricId: id(901), rubricVersionId: id(900), status: 'submitted',
    answers: { c1: { value: 0 } }, comments: [], feedback: 'Greet the customer by name.', score: 50, outcome: 'fail', failedBy: null, occurredAt: AT,
    submittedAt: AT, revision: 1, revisions: [], acknowledgedAt: null, calibrationSessionId: null,
  }) as unknown as Evaluation;

/** Polls (bounded) until the check holds; answers how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < ms / 10; i++) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`not within ${ms} ms`);
}

const serverRecord = async (table: string, rid: string) =>
  (await server.cluster.query<{ record: Record<string, unknown> }>(`SELECT record FROM qa_console.${table} WHERE id = $1`, [rid], 'qa_team'))[0]?.record;

describe('consoles on their own schedule', () => {
  it('a supervisor’s write reaches the staff member’s replica within a second, and the acknowledgement comes back as fast', async () => {
    const a = sup.startSync();
    const b = staff.startSync();
    try {
      await a.round();
      await b.round();
      const started = Date.now();
      await createRecord(sup.ctx, sup.ctx.db.tickets, ticketOf(100));
      await createRecord(sup.ctx, sup.ctx.db.evaluations, evaluationOf(200, id(100)));
      await within(5000, async () => !!(await staff.ctx.db.evaluations.get(id(200))));
      expect(Date.now() - started).toBeLessThan(1000);
      await acknowledgeEvaluation(staff.ctx, id(200));
      const back = await within(5000, async () => !!(await sup.ctx.db.evaluations.get(id(200)))?.acknowledgedAt);
      expect(back).toBeLessThan(1000);
      const states: TeamSyncState[] = [];
      a.subscribe((s) => states.push(s));
      expect(states.at(-1)).toMatchObject({ online: true, pending: 0, conflicts: 0, refused: 0, error: null });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a conflict is chosen field by field: the server’s change and the person’s both survive', async () => {
    await createRecord(sup.ctx, sup.ctx.db.tickets, ticketOf(101));
    await sup.sync();
    await pull(sup2.ctx, sup2.port);
    await updateRecord(sup.ctx, sup.ctx.db.tickets, id(101), { priority: 'high' } as Partial<Ticket>);
    await updateRecord(sup2.ctx, sup2.ctx.db.tickets, id(101), { subject: 'Refund, second look' } as Partial<Ticket>);
    await sup.sync();
    expect(await push(sup2.ctx, sup2.port, isOffline)).toMatchObject({ conflicts: 1 });
    const [c] = (await outboxState(sup2.ctx)).conflicts;
    const fields = conflictFields(c!.base ?? null, c!.record!, c!.server!);
    expect(fields.map((f) => [f.field, f.mine, f.server, f.proposed])).toEqual([
      ['priority', 'normal', 'high', 'server'],
      ['subject', 'Refund, second look', 'Ticket 101', 'mine'],
    ]);
    const s = sup2.startSync();
    try {
      await s.resolve(c!.seq!, fields.filter((f) => f.proposed === 'mine').map((f) => f.field));
      expect(await serverRecord('tickets', id(101))).toMatchObject({ priority: 'high', subject: 'Refund, second look', rev: 3 });
      expect(s.state).toMatchObject({ pending: 0, conflicts: 0 });
      expect(await sup2.ctx.db.tickets.get(id(101))).toMatchObject({ priority: 'high', subject: 'Refund, second look', rev: 3 });
    } finally {
      await s.close();
    }
  });

  it('an evaluation revised on one console and acknowledged on another at once: merged, no revision or acknowledgement lost', async () => {
    await pull(staff.ctx, staff.port);
    await pull(sup.ctx, sup.port);
    const e = (await sup.ctx.db.evaluations.get(id(200)))!;
    // Staff acknowledged already in the first test; a second evaluation for this one.
    await createRecord(sup.ctx, sup.ctx.db.evaluations, evaluationOf(201, id(100)));
    await sup.sync();
    await pull(staff.ctx, staff.port);
    expect(e.acknowledgedAt).toBeTruthy();
    const before = (await sup.ctx.db.evaluations.get(id(201)))!;
    await updateRecord<Evaluation>(sup.ctx, sup.ctx.db.evaluations, id(201), {
      answers: { c1: { value: 1 } }, score: 100, outcome: 'pass', revision: 2,
      revisions: [{ revision: 1, at: AT, byId: SUP, reason: 'Listened again: the greeting was there', answers: before.answers, score: 50, outcome: 'fail' }],
    } as Partial<Evaluation>, 'revise');
    await acknowledgeEvaluation(staff.ctx, id(201));
    await sup.sync();
    const s = staff.startSync();
    try {
      await s.round();
      const merged = await serverRecord('evaluations', id(201));
      expect(merged).toMatchObject({ score: 100, outcome: 'pass', revision: 2, acknowledgedAt: expect.any(String) });
      expect((merged!.revisions as unknown[]).length).toBe(1);
      expect(s.state).toMatchObject({ conflicts: 0, pending: 0 });
      expect(await staff.ctx.db.evaluations.get(id(201))).toMatchObject({ score: 100, acknowledgedAt: expect.any(String) });
    } finally {
      await s.close();
    }
  });

  it('a change the server refuses is shown, and put back to the server’s version when dropped', async () => {
    // Staff may not change their own score: the console's own checks are bypassed here, the server's are not.
    const mine = (await staff.ctx.db.evaluations.get(id(200)))!;
    await updateRecord<Evaluation>({ ...staff.ctx, actor: { personId: SUP, role: 'supervisor', ledTeamIds: [] } }, staff.ctx.db.evaluations, mine.id, { score: 100 } as Partial<Evaluation>);
    const s = staff.startSync();
    try {
      await s.round();
      expect(s.state).toMatchObject({ refused: 1, pending: 0 });
      const [r] = (await outboxState(staff.ctx)).refused;
      expect(r!.message).toBeTruthy();
      await s.discard(r!.seq!);
      expect(s.state.refused).toBe(0);
      expect(await staff.ctx.db.evaluations.get(id(200))).toMatchObject({ score: 50, rev: mine.rev });
    } finally {
      await s.close();
    }
  });

  it('two supervisors take the same queue item at once: the server gives it to one, the other is told', async () => {
    const item = { id: id(300), runId: id(301), itemKind: 'ticket', itemId: id(101), agentId: P1, teamId: T1, reviewerId: SUP, status: 'open', dueAt: AT, reason: { kind: 'random' } } as unknown as Assignment;
    await createRecord(sup.ctx, sup.ctx.db.assignments, item);
    await sup.sync();
    await pull(sup2.ctx, sup2.port);
    await updateRecord(sup.ctx, sup.ctx.db.assignments, id(300), { status: 'in-progress' } as Partial<Assignment>, 'start');
    await updateRecord(sup2.ctx, sup2.ctx.db.assignments, id(300), { reviewerId: SUP2, status: 'in-progress' } as Partial<Assignment>, 'reassign');
    const [one, two] = await Promise.all([push(sup.ctx, sup.port, isOffline), push(sup2.ctx, sup2.port, isOffline)]);
    expect(one.sent + two.sent).toBe(1);
    expect(one.conflicts + two.conflicts).toBe(1);
    const held = await serverRecord('assignments', id(300));
    expect(held!.rev).toBe(2);
  });

  it('the same helpdesk ticket made on two consoles: the server keeps one, the second is refused by name, the feed goes on', async () => {
    const twin = (n: number) => ({ ...ticketOf(n), source: 'freshdesk', externalId: 'FD-4711' }) as Ticket;
    await createRecord(sup.ctx, sup.ctx.db.tickets, twin(400));
    await createRecord(sup2.ctx, sup2.ctx.db.tickets, twin(401));
    expect(await push(sup.ctx, sup.port, isOffline)).toMatchObject({ sent: 1 });
    expect(await push(sup2.ctx, sup2.port, isOffline)).toMatchObject({ refused: 1 });
    const [r] = (await outboxState(sup2.ctx)).refused;
    expect(r!.message).toMatch(/the server already holds another record with the same source \+ externalId \(freshdesk, FD-4711\)/);
    // The server's ticket takes the local twin's place in the replica (the twin's change waits in the outbox), and
    // the feed does not stop on it: a later change still arrives.
    await createRecord(sup.ctx, sup.ctx.db.tickets, ticketOf(402));
    await sup.sync();
    expect((await pull(sup2.ctx, sup2.port)).complete).toBe(true);
    expect((await sup2.ctx.db.tickets.get(id(400)))?.externalId).toBe('FD-4711');
    expect(await sup2.ctx.db.tickets.get(id(401))).toBeUndefined();
    expect(await sup2.ctx.db.tickets.get(id(402))).toBeTruthy();
  });

  it('the server restarted mid-pull and mid-push: nothing lost, nothing doubled', async () => {
    // Enough rows for several pages.
    const many = Array.from({ length: 4500 }, (_, i) => ticketOf(10_000 + i));
    await writeRecords(sup.ctx, sup.ctx.db.tickets, { create: many }, { batch: { action: 'import', entityId: 'test', after: { tickets: many.length } } });
    await sup.sync();
    const fresh = await teamConsole(conn, 'S013', SUP2, 'supervisor');
    consoles.push(fresh);
    let pages = 0;
    const page = fresh.port.page;
    let restarted: Promise<void> | null = null;
    fresh.port.page = async (...a) => {
      const rows = await page(...a);
      if (rows.length && ++pages === 2) restarted = server.cluster.stop('fast');
      return rows;
    };
    await expect(pull(fresh.ctx, fresh.port)).rejects.toMatchObject({ code: 'io' });
    await restarted;
    await server.cluster.start();
    fresh.port.page = page;
    expect((await pull(fresh.ctx, fresh.port)).complete).toBe(true);
    const serverTickets = (await server.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.tickets`, [], 'qa_team'))[0]!.n;
    expect(await fresh.ctx.db.tickets.count()).toBe(serverTickets);

    // Mid-push: three transactions waiting; the server goes away after the first lands.
    for (const n of [1, 2, 3]) await updateRecord(fresh.ctx, fresh.ctx.db.tickets, id(10_000 + n), { subject: `Edited ${n}` } as Partial<Ticket>);
    const write = fresh.port.write;
    let writes = 0;
    fresh.port.write = async (tx) => {
      const out = await write(tx);
      if (++writes === 1) await server.cluster.stop('fast');
      return out;
    };
    expect(await push(fresh.ctx, fresh.port, isOffline)).toMatchObject({ sent: 1, offline: true });
    await server.cluster.start();
    fresh.port.write = write;
    expect(await push(fresh.ctx, fresh.port, isOffline)).toMatchObject({ sent: 2, offline: false });
    for (const n of [1, 2, 3]) {
      expect(await serverRecord('tickets', id(10_000 + n))).toMatchObject({ subject: `Edited ${n}`, rev: 2 });
      const audited = await server.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.audit_log WHERE $1 = ANY (row_ids)`, [id(10_000 + n)], 'qa_team');
      expect(audited[0]!.n).toBe(2);
    }
    expect((await outboxState(fresh.ctx)).pending).toBe(0);
    // A first sync left once the directory was in ("Open the console now"): the schedule's first round finishes it,
    // showing its progress on the way.
    const late = await teamConsole(conn, 'S013', SUP2, 'supervisor');
    consoles.push(late);
    const stop = new AbortController();
    expect((await pull(late.ctx, late.port, { signal: stop.signal, onProgress: (p) => p.tableIndex >= 2 && stop.abort() })).complete).toBe(false);
    expect(await late.ctx.db.people.count()).toBeGreaterThan(0);
    const seen: TeamSyncState[] = [];
    const bg = late.startSync();
    bg.subscribe((st) => seen.push(st));
    await bg.round();
    await bg.close();
    expect(seen.some((st) => st.progress && st.progress.rows >= 2000)).toBe(true);
    expect(bg.state.progress).toBeNull();
    expect(await late.ctx.db.tickets.count()).toBe(serverTickets);
  }, 120_000);

  it('a role changed on the server: the replica pulls again for the new role, and drops the tables no longer granted', async () => {
    const run = { id: id(500), planId: id(501), status: 'committed', seed: 7, createdAt: AT, updatedAt: AT, rev: 1, createdBy: SUP, deletedAt: null };
    await createRecord(sup.ctx, sup.ctx.db.sampleRuns, run as never);
    await sup.sync();
    await pull(staff.ctx, staff.port);
    expect(await staff.ctx.db.sampleRuns.count()).toBe(0);
    const setRole = async (role: string) => {
      const admin = await TeamSession.signIn(conn, 'A001', server.admin.password);
      const [p] = await admin.run(async (c) => (await c.query(`SELECT record FROM qa_console.people WHERE id = $1`, [P1])).rows);
      expect(await admin.write({ id: `role-${role}-${Date.now()}`, ops: [{ table: 'people', kind: 'revise', id: P1, baseRev: p.record.rev, record: { ...p.record, role, rev: p.record.rev + 1 } }] })).toMatchObject({ status: 'applied' });
      await admin.close();
    };
    await setRole('lead');
    // As the next sign-in would: the session's role is the server's.
    staff.ctx.actor = { personId: P1, role: 'lead', ledTeamIds: [] };
    expect(await pull(staff.ctx, staff.port)).toMatchObject({ complete: true, roleChanged: true });
    expect(await staff.ctx.db.sampleRuns.get(id(500))).toBeTruthy();
    await setRole('staff');
    staff.ctx.actor = { personId: P1, role: 'staff', ledTeamIds: [] };
    expect(await pull(staff.ctx, staff.port)).toMatchObject({ roleChanged: true });
    expect(await staff.ctx.db.sampleRuns.count()).toBe(0);
  });
});
