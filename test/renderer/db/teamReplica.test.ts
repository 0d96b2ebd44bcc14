// Several consoles in one Node process against one throwaway PostgreSQL: each its own replica (the real db/ code
// over fake-indexeddb) and its own team session in main (the real service), signed in as a different person. A
// supervisor's evaluation reaches the staff member after the change notice, the staff member acknowledges and
// disputes it through the repository, the supervisor sees both; a draft stays local until submitted; two
// supervisors editing the same record: the second gets a conflict with the server's version, nothing lost; a
// console offline queues its writes and replays them exactly once, also when an answer is lost; a first sync
// cancelled halfway resumes; a staff member moved to another team leaves the old lead's replica.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, updateRecord } from '@renderer/db/records';
import { acknowledgeEvaluation, disputeEvaluation } from '@renderer/db/evaluations';
import { outboxState, pull, push, reconcile } from '@renderer/db/replica';
import type { Evaluation, Ticket } from '@renderer/domain/model';
import type { Role } from '@renderer/domain/roles';
import { TeamSession, type TeamServerConnection } from '../../../src-main/services/teamSync';
import { ServiceError } from '../../../src-main/services/errors';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { AT, personRecord, seedDepartment, teamConsole, uuid, type Department, type TeamConsole } from '../../pg/teamConsoles';

let server: TeamServer;
let conn: TeamServerConnection;
const id = uuid;
const T1 = id(1), T2 = id(2);
const SUP = id(10), SUP2 = id(13), L1 = id(11), L2 = id(12), P1 = id(21), P2 = id(22);
const consoles: TeamConsole[] = [];
const consoleOf = async (employeeNo: string, personId: string, role: Role, led: string[] = []) => {
  const c = await teamConsole(conn, employeeNo, personId, role, led);
  consoles.push(c);
  return c;
};

let sup: TeamConsole, sup2: TeamConsole, staff: TeamConsole, lead1: TeamConsole;

beforeAll(async () => {
  server = await startTeamServer();
  conn = { ...server.config, tls: 'disable' };
  await seedDepartment(conn, server.admin.password, {
    teams: [
      { id: T1, name: 'Team 1', leadId: L1 },
      { id: T2, name: 'Team 2', leadId: L2 },
    ],
    people: [
      personRecord(SUP, 'supervisor', 'S010', null),
      personRecord(SUP2, 'supervisor', 'S013', null),
      personRecord(L1, 'lead', 'L011', null),
      personRecord(L2, 'lead', 'L012', null),
      personRecord(P1, 'staff', 'P021', T1),
      personRecord(P2, 'staff', 'P022', T1),
    ] as Department['people'],
  });
  [sup, sup2, staff, lead1] = await Promise.all([consoleOf('S010', SUP, 'supervisor'), consoleOf('S013', SUP2, 'supervisor'), consoleOf('P021', P1, 'staff'), consoleOf('L011', L1, 'lead', [T1])]);
  await Promise.all([sup, sup2, staff, lead1].map((c) => pull(c.ctx, c.port)));
}, 180_000);

afterAll(async () => {
  await Promise.all(consoles.map((c) => c.close()));
  await server?.destroy();
});

const ticketOf = (n: number, agentId: string, teamId: string) =>
  ({ id: id(n), source: 'demo', externalId: String(n), agentId, teamId, subject: `Ticket ${n}`, openedAt: AT }) as unknown as Ticket;

function evaluationOf(n: number, itemId: string, status: 'draft' | 'submitted'): Evaluation {
  return {
    id: id(n),
    itemKind: 'ticket',
    itemId,
    agentId: P1,
    teamId: T1,
    reviewerId: SUP,
    rubricVersionId: id(900),
    status,
    answers: { c1: { value: 0, na: false } },
    comments: [],
    feedback: 'Greet the customer by name.',
    score: 50,
    outcome: 'fail',
    occurredAt: AT,
    submittedAt: status === 'submitted' ? AT : null,
    acknowledgedAt: null,
    revisions: [],
    calibrationSessionId: null,
  } as unknown as Evaluation;
}

describe('consoles sharing one team server', () => {
  it('supervisor scores on A, the staff member sees it on B after the notice, acknowledges and disputes it, A sees both', async () => {
    // Listening before anything is written (LISTEN takes a connection of its own: not yet there, the first notice is missed).
    let heard!: (table: string) => void;
    const woke = new Promise<string>((ok) => (heard = ok));
    await staff.session.listen((table) => heard(table));
    await createRecord(sup.ctx, sup.ctx.db.tickets, ticketOf(100, P1, T1));
    const draft = await createRecord(sup.ctx, sup.ctx.db.evaluations, evaluationOf(200, id(100), 'draft'));
    // The draft is the reviewer's own working state: nothing of it leaves the workstation.
    expect((await sup.ctx.db.teamOutbox.toArray()).map((r) => r.table)).toEqual(['tickets']);
    await updateRecord(sup.ctx, sup.ctx.db.evaluations, draft.id, { status: 'submitted', submittedAt: AT });
    expect((await sup.ctx.db.teamOutbox.toArray()).map((r) => [r.table, r.kind])).toEqual([
      ['tickets', 'create'],
      ['evaluations', 'create'],
    ]);
    expect(await push(sup.ctx, sup.port, () => false)).toMatchObject({ sent: 2, conflicts: 0, offline: false });
    expect(await woke).toBe('tickets');
    await pull(staff.ctx, staff.port);
    expect(await staff.ctx.db.evaluations.get(id(200))).toMatchObject({ status: 'submitted', score: 50 });

    await acknowledgeEvaluation(staff.ctx, id(200));
    const dispute = await disputeEvaluation(staff.ctx, id(200), [{ criterionId: 'c1', proposedValue: 1, reason: 'I did greet them by name' }]);
    expect(await push(staff.ctx, staff.port, () => false)).toMatchObject({ sent: 2, conflicts: 0, refused: 0 });
    await pull(sup.ctx, sup.port);
    expect((await sup.ctx.db.evaluations.get(id(200)))?.acknowledgedAt).toBeTruthy();
    expect(await sup.ctx.db.disputes.get(dispute.id)).toMatchObject({ status: 'open', agentId: P1 });
  });

  it('a staff member’s replica holds only their own rows', async () => {
    await createRecord(sup.ctx, sup.ctx.db.tickets, ticketOf(101, P2, T1));
    await sup.sync();
    await pull(staff.ctx, staff.port);
    await pull(lead1.ctx, lead1.port);
    expect((await staff.ctx.db.tickets.toArray()).map((t) => t.agentId)).toEqual([P1]);
    expect((await lead1.ctx.db.tickets.toArray()).map((t) => t.id).sort()).toEqual([id(100), id(101)]);
    expect(await staff.ctx.db.notifications.count()).toBe(0);
    // A first sync's counts ask only the tables the role is granted (the others would be "permission denied").
    const counts = await staff.session.counts();
    expect(counts.tickets).toBe(1);
    expect(Object.keys(counts)).not.toContain('importRuns');
  });

  it('two supervisors change the same ticket: the second is shown a conflict with the server’s version', async () => {
    await pull(sup2.ctx, sup2.port);
    await updateRecord(sup.ctx, sup.ctx.db.tickets, id(101), { subject: 'Refund (A)' } as Partial<Ticket>);
    await updateRecord(sup2.ctx, sup2.ctx.db.tickets, id(101), { subject: 'Refund (B)' } as Partial<Ticket>);
    expect(await push(sup.ctx, sup.port, () => false)).toMatchObject({ sent: 1, conflicts: 0 });
    expect(await push(sup2.ctx, sup2.port, () => false)).toMatchObject({ sent: 0, conflicts: 1 });
    const state = await outboxState(sup2.ctx);
    expect(state.conflicts).toHaveLength(1);
    expect(state.conflicts[0]).toMatchObject({ record: { subject: 'Refund (B)' }, server: { subject: 'Refund (A)' } });
    // B's own version is kept on B until the person chooses; the feed does not overwrite it.
    await pull(sup2.ctx, sup2.port);
    expect((await sup2.ctx.db.tickets.get(id(101)))?.subject).toBe('Refund (B)');
  });

  it('offline: writes are queued, shown pending, and replayed exactly once (also when an answer is lost)', async () => {
    lead1.port.offline = true;
    const action = await createRecord(lead1.ctx, lead1.ctx.db.correctiveActions, {
      staffId: P2,
      teamId: T1,
      ownerId: L1,
      evaluationId: null,
      parentActionId: null,
      title: 'Refund policy',
      status: 'open',
      acknowledgedAt: null,
    } as never);
    await updateRecord(lead1.ctx, lead1.ctx.db.correctiveActions, action.id, { title: 'Refund policy, step by step' } as never);
    expect(await push(lead1.ctx, lead1.port, (e) => e instanceof ServiceError)).toMatchObject({ offline: true, sent: 0 });
    expect((await outboxState(lead1.ctx)).pending).toBe(2);
    lead1.port.offline = false;
    lead1.port.loseAnswers = true;
    expect(await push(lead1.ctx, lead1.port, (e) => e instanceof ServiceError)).toMatchObject({ offline: true });
    lead1.port.loseAnswers = false;
    expect(await push(lead1.ctx, lead1.port, (e) => e instanceof ServiceError)).toMatchObject({ sent: 2, conflicts: 0, offline: false });
    expect((await outboxState(lead1.ctx)).pending).toBe(0);
    const rows = await server.cluster.query<{ rev: number; title: string }>(`SELECT rev, record->>'title' AS title FROM qa_console.corrective_actions WHERE id = $1`, [action.id], 'qa_team');
    expect(rows).toEqual([{ rev: 2, title: 'Refund policy, step by step' }]);
    const audited = await server.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.audit_log WHERE $1 = ANY (row_ids)`, [action.id], 'qa_team');
    expect(audited[0]!.n).toBe(2);
  });

  it('a first sync cancelled halfway resumes where it stopped and ends with the same rows', async () => {
    const fresh = await consoleOf('S013', SUP2, 'supervisor');
    const stop = new AbortController();
    const first = await pull(fresh.ctx, fresh.port, { signal: stop.signal, onProgress: (p) => p.tableIndex >= 8 && stop.abort() });
    expect(first.complete).toBe(false);
    const second = await pull(fresh.ctx, fresh.port);
    expect(second.complete).toBe(true);
    expect(await fresh.ctx.db.tickets.count()).toBe(await sup.ctx.db.tickets.count());
    expect(await fresh.ctx.db.people.count()).toBe(7);
  });

  it('a staff member moved to another team leaves the old lead’s replica', async () => {
    await pull(lead1.ctx, lead1.port);
    expect(await lead1.ctx.db.tickets.get(id(101))).toBeTruthy();
    const admin = await TeamSession.signIn(conn, 'A001', server.admin.password);
    const [p2] = await admin.run(async (c) => (await c.query(`SELECT record FROM qa_console.people WHERE id = $1`, [P2])).rows);
    const record = { ...p2.record, teamId: T2, rev: p2.record.rev + 1 };
    expect(await admin.write({ id: 'move-p2', ops: [{ table: 'people', kind: 'revise', id: P2, baseRev: p2.record.rev, record }] })).toMatchObject({ status: 'applied' });
    await admin.close();
    await pull(lead1.ctx, lead1.port);
    expect(await reconcile(lead1.ctx, lead1.port)).toBeGreaterThan(0);
    expect(await lead1.ctx.db.tickets.get(id(101))).toBeUndefined();
    expect(await lead1.ctx.db.tickets.get(id(100))).toBeTruthy();
  });
});
