// Team mode's access rules, proved against a real PostgreSQL with raw SQL as each person's own login (not through
// the console): what every role reads of every table, what it may write, and what the server refuses — a staff
// member's SELECT * of every table and UPDATE of another person's row included. Also: the change feed never skips a
// change committed out of order, the audit chain is written by the server and detects tampering, a team move takes
// rows out of a lead's sight, and a deactivated person cannot sign in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { REPLICATED_TABLES } from '@domain/replication';
import { applyWrite, changeOwnPassword, feedBounds, provisionLogin, pullPage, pullTombstones, visibleIds, type WriteOp } from '../../../src-main/services/teamServer';
import { personRecord, startTeamServer, type TeamServer } from '../../pg/team';

let server: TeamServer;
const clients: pg.Client[] = [];
const PW = 'person-password-1';
const AT = '2026-11-02T09:00:00.000Z';

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const T1 = id(1), T2 = id(2);
const SUP = id(10), L1 = id(11), L2 = id(12), P1 = id(21), P2 = id(22), P3 = id(23);
const base = (rid: string, extra: Record<string, unknown>) => ({ id: rid, createdAt: AT, updatedAt: AT, rev: 1, createdBy: SUP, deletedAt: null, ...extra });

let txN = 0;
async function write(c: pg.Client, ...ops: WriteOp[]) {
  return applyWrite(c, { id: `tx-${++txN}`, ops });
}
const create = (table: string, record: Record<string, unknown> & { id: string }): WriteOp => ({ table, kind: 'create', id: record.id, baseRev: null, record });

/** Signs in as a person (changing the one-time password first, as the console makes them). */
async function signIn(login: string, oneTime: string): Promise<pg.Client> {
  const first = await server.as(login, oneTime);
  await changeOwnPassword(first, PW);
  await first.end();
  const c = await server.as(login, PW);
  clients.push(c);
  return c;
}

let admin: pg.Client, sup: pg.Client, lead1: pg.Client, lead2: pg.Client, p1: pg.Client, p3: pg.Client;
const logins: Record<string, string> = {};

beforeAll(async () => {
  server = await startTeamServer();
  admin = await server.as(server.admin.login, server.admin.password);
  clients.push(admin);
  const people = [
    personRecord(SUP, 'supervisor', 'S010', null),
    personRecord(L1, 'lead', 'L011', null),
    personRecord(L2, 'lead', 'L012', null),
    personRecord(P1, 'staff', 'P021', T1),
    personRecord(P2, 'staff', 'P022', T1),
    personRecord(P3, 'staff', 'P023', T2),
  ];
  expect(
    await write(
      admin,
      create('teams', base(T1, { name: 'Team 1', leadId: L1 })),
      create('teams', base(T2, { name: 'Team 2', leadId: L2 })),
      ...people.map((p) => create('people', p)),
    ),
  ).toMatchObject({ status: 'applied' });
  const passwords: Record<string, string> = {};
  for (const p of people) {
    const l = await provisionLogin(admin, p.id);
    logins[p.id] = l.login;
    passwords[p.id] = l.password;
  }
  [sup, lead1, lead2, p1, p3] = (await Promise.all([SUP, L1, L2, P1, P3].map((p) => signIn(logins[p]!, passwords[p]!)))) as [pg.Client, pg.Client, pg.Client, pg.Client, pg.Client];

  const ticket = (n: number, agentId: string, teamId: string) => base(id(n), { source: 'demo', externalId: String(n), agentId, teamId, subject: `Ticket ${n}` });
  const evaluation = (n: number, agentId: string, teamId: string | null, extra: Record<string, unknown> = {}) =>
    base(id(n), { agentId, teamId, reviewerId: SUP, itemId: id(100), status: 'submitted', score: 80, acknowledgedAt: null, calibrationSessionId: null, ...extra });
  const r = await write(
    sup,
    create('tickets', ticket(100, P1, T1)),
    create('tickets', ticket(101, P2, T1)),
    create('tickets', ticket(102, P3, T2)),
    create('ticketMessages', base(id(110), { ticketId: id(100), at: AT, text: 'hello' })),
    create('ticketMessages', base(id(112), { ticketId: id(102), at: AT, text: 'other team' })),
    create('recordings', base(id(120), { agentId: P1, teamId: T1, ticketId: null })),
    create('recordingPeaks', base(id(121), { recordingId: id(120) })),
    create('transcripts', base(id(122), { recordingId: id(120) })),
    create('recordings', base(id(123), { agentId: P3, teamId: T2, ticketId: null })),
    create('evaluations', evaluation(130, P1, T1)),
    create('evaluations', evaluation(131, P2, T1)),
    create('evaluations', evaluation(132, P3, T2)),
    create('correctiveActions', base(id(140), { staffId: P1, teamId: T1, ownerId: L1, status: 'open', acknowledgedAt: null, title: 'Greeting' })),
    create('correctiveActions', base(id(141), { staffId: P3, teamId: T2, ownerId: L2, status: 'open', acknowledgedAt: null, title: 'Other' })),
    create('correctiveActionEvents', base(id(142), { actionId: id(140), at: AT, actorId: SUP, kind: 'created', text: '' })),
    create('notifications', base(id(150), { recipientId: P1, key: 'k1', kind: 'assigned', actionId: id(140), readAt: null })),
    create('notifications', base(id(151), { recipientId: P2, key: 'k1', kind: 'assigned', actionId: null, readAt: null })),
    create('samplePlans', base(id(160), { name: 'Monthly' })),
    create('sampleRuns', base(id(161), { planId: id(160) })),
    create('assignments', base(id(162), { runId: id(161), agentId: P2, teamId: T1, reviewerId: L1, itemId: id(101), status: 'pending' })),
    create('assignments', base(id(163), { runId: id(161), agentId: P3, teamId: T2, reviewerId: SUP, itemId: id(102), status: 'pending' })),
    create('calibrationSessions', base(id(170), { name: 'Nov', ownerId: SUP, reviewerIds: [L2], items: [], status: 'open' })),
    create('importRuns', base(id(180), { kind: 'tickets' })),
    create('importPresets', base(id(181), { kind: 'tickets', name: 'Zendesk' })),
    create('importSnapshots', base(id(182), { runId: id(180), ticketId: id(100) })),
    create('rubrics', base(id(190), { name: 'Calls', status: 'published' })),
    create('rubricVersions', base(id(191), { rubricId: id(190), version: 1 })),
    create('settings', base('general', { value: {} })),
    create('appraisalPeriods', base(id(200), { teamId: T1, key: '2026-10', status: 'open', reviews: {} })),
    create('appraisalPeriods', base(id(201), { teamId: T2, key: '2026-10', status: 'open', reviews: {} })),
    create('appraisalAssessments', base(id(210), { staffId: P1, periodKey: '2026-10', kind: 'supervisor', authorId: SUP, scores: {} })),
    create('appraisalAssessments', base(id(211), { staffId: P3, periodKey: '2026-10', kind: 'supervisor', authorId: SUP, scores: {} })),
    create('appraisalRecords', base(id(220), { staffId: P1, periodId: id(200), version: 1 })),
    create('appraisalRecords', base(id(221), { staffId: P3, periodId: id(201), version: 1 })),
  );
  expect(r, JSON.stringify(r)).toMatchObject({ status: 'applied' });
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await server?.destroy();
});

async function ids(c: pg.Client, table: string): Promise<string[] | 'denied'> {
  try {
    return (await c.query<{ id: string }>(`SELECT * FROM qa_console.${table}`)).rows.map((r) => r.id).sort();
  } catch (err) {
    if ((err as { code?: string }).code === '42501') return 'denied';
    throw err;
  }
}

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? 'error',
  );

describe('what each role reads, with SELECT * as its own login', () => {
  const SEEN: Record<string, Record<string, string[] | 'denied'>> = {
    // staff member P1 (team 1): only their own rows; the planning and import tables are not theirs at all
    p1: {
      tickets: [id(100)], ticket_messages: [id(110)], recordings: [id(120)], recording_peaks: [id(121)], transcripts: [id(122)],
      evaluations: [id(130)], corrective_actions: [id(140)], corrective_action_events: [id(142)], notifications: [id(150)],
      appraisal_assessments: [id(210)], locked_appraisal_records: [id(220)], disputes: [],
      sample_plans: 'denied', sample_runs: 'denied', assignments: 'denied', calibration_sessions: 'denied', appraisal_periods: 'denied',
      import_runs: 'denied', import_presets: 'denied', import_snapshots: 'denied',
    },
    // lead of team 1: the team's rows (P1, P2) and what is theirs to review
    lead1: {
      tickets: [id(100), id(101)], ticket_messages: [id(110)], recordings: [id(120)], evaluations: [id(130), id(131)],
      corrective_actions: [id(140)], notifications: [], assignments: [id(162)], calibration_sessions: [], appraisal_periods: [id(200)],
      appraisal_assessments: [id(210)], locked_appraisal_records: [id(220)], import_runs: 'denied', sample_plans: [id(160)],
    },
    // lead of team 2, a calibration reviewer
    lead2: { tickets: [id(102)], evaluations: [id(132)], corrective_actions: [id(141)], calibration_sessions: [id(170)], appraisal_periods: [id(201)], assignments: [] },
    // supervisor: everything, but only their own notifications
    sup: { tickets: [id(100), id(101), id(102)], evaluations: [id(130), id(131), id(132)], notifications: [], assignments: [id(162), id(163)], import_runs: [id(180)], ticket_messages: [id(110), id(112)] },
  };
  for (const [who, tables] of Object.entries(SEEN))
    for (const [table, expected] of Object.entries(tables))
      it(`${who} reads ${table}`, async () => {
        const c = { p1, lead1, lead2, sup }[who]!;
        expect(await ids(c, table)).toEqual(expected);
      });

  it('a staff member reads nothing of another person on every table, and cannot read the access tables at all', async () => {
    for (const t of REPLICATED_TABLES) {
      const rows = await p1.query(`SELECT * FROM qa_console.${t.server}`).then(
        (r) => r.rows as { owner_id: string | null }[],
        () => [],
      );
      const foreign = rows.filter((r) => r.owner_id !== null && r.owner_id !== P1 && t.kind !== 'directory');
      expect(foreign, t.server).toEqual([]);
    }
    for (const t of ['logins', 'access_people', 'access_teams', 'team_migrations']) expect(await ids(p1, t), t).toBe('denied');
    // The names of applied writes: only their own.
    expect((await sup.query(`SELECT DISTINCT login FROM qa_console.applied_writes`)).rows).toEqual([{ login: logins[SUP] }]);
    expect(await ids(p1, 'audit_log')).toEqual([]);
  });
});

describe('what each role may write', () => {
  it('a staff member cannot change another person’s row, nor a score on their own, but may acknowledge', async () => {
    expect((await p1.query(`UPDATE qa_console.tickets SET record = record || '{"subject":"x","rev":9}' WHERE id = $1`, [id(101)])).rowCount).toBe(0);
    expect((await p1.query(`UPDATE qa_console.evaluations SET record = record || '{"rev":9}' WHERE id = $1`, [id(132)])).rowCount).toBe(0);
    expect(await code(p1.query(`UPDATE qa_console.evaluations SET record = record || '{"score":100,"rev":2}' WHERE id = $1`, [id(130)]))).toBe('42501');
    expect(await code(p1.query(`UPDATE qa_console.evaluations SET record = record || jsonb_build_object('acknowledgedAt', $2::text, 'rev', 2) WHERE id = $1`, [id(130), AT]))).toBe('ok');
    expect(await code(p1.query(`UPDATE qa_console.corrective_actions SET record = record || '{"status":"closed","rev":2}' WHERE id = $1`, [id(140)]))).toBe('42501');
    expect(await code(p1.query(`INSERT INTO qa_console.evaluations (id, record, rev, created_at) VALUES ($1, $2, 1, now())`, [id(900), base(id(900), { agentId: P1, reviewerId: P1, status: 'submitted' })]))).toBe('42501');
    expect(await code(p1.query(`INSERT INTO qa_console.tickets (id, record, rev, created_at) VALUES ($1, $2, 1, now())`, [id(901), base(id(901), { agentId: P1 })]))).toBe('42501');
    expect(await code(p1.query(`DELETE FROM qa_console.ticket_messages`))).toBe('42501');
  });

  it('a staff member raises a dispute on their own evaluation only, and cannot decide it', async () => {
    const dispute = (n: number, evaluationId: string, agentId: string) => base(id(n), { evaluationId, agentId, status: 'open', items: [], dueAt: AT, resolvedAt: null, resolvedById: null, reply: '' });
    expect(await write(p1, create('disputes', dispute(300, id(130), P1)))).toMatchObject({ status: 'applied' });
    expect(await write(p1, create('disputes', dispute(301, id(131), P2)))).toMatchObject({ status: 'refused' });
    expect(await write(p1, create('disputes', dispute(302, id(131), P1)))).toMatchObject({ status: 'refused' });
    expect(await code(p1.query(`UPDATE qa_console.disputes SET record = record || '{"status":"upheld","rev":2}' WHERE id = $1`, [id(300)]))).toBe('ok');
    expect((await p1.query(`SELECT record->>'status' AS s FROM qa_console.disputes WHERE id = $1`, [id(300)])).rows[0].s).toBe('open');
    // The lead of the team decides it; the supervisor sees it.
    expect((await lead1.query(`UPDATE qa_console.disputes SET record = record || '{"status":"upheld","rev":2}' WHERE id = $1`, [id(300)])).rowCount).toBe(1);
    expect(await ids(sup, 'disputes')).toEqual([id(300)]);
  });

  it('a lead starts and extends their team’s actions, not another team’s; never writes tickets', async () => {
    const action = (n: number, staffId: string, teamId: string) => base(id(n), { staffId, teamId, ownerId: L1, status: 'open', acknowledgedAt: null, title: 'x' });
    expect(await write(lead1, create('correctiveActions', action(310, P2, T1)))).toMatchObject({ status: 'applied' });
    expect(await write(lead1, create('correctiveActions', action(311, P3, T2)))).toMatchObject({ status: 'refused' });
    expect(await write(lead1, { table: 'correctiveActions', kind: 'revise', id: id(140), baseRev: 1, record: base(id(140), { staffId: P1, teamId: T1, ownerId: L1, status: 'in-progress', acknowledgedAt: null, title: 'Greeting', rev: 2 }) })).toMatchObject({ status: 'applied' });
    expect((await lead1.query(`UPDATE qa_console.corrective_actions SET record = record || '{"rev":5}' WHERE id = $1`, [id(141)])).rowCount).toBe(0);
    expect((await lead1.query(`UPDATE qa_console.tickets SET record = record || '{"rev":5}' WHERE id = $1`, [id(100)])).rowCount).toBe(0);
    expect(await write(lead1, create('tickets', base(id(902), { agentId: P1, teamId: T1 })))).toMatchObject({ status: 'refused' });
    // A lead moves nothing to another person.
    expect(await code(lead1.query(`UPDATE qa_console.corrective_actions SET record = record || jsonb_build_object('staffId', $2::text, 'rev', 9) WHERE id = $1`, [id(310), P1]))).toBe('42501');
  });

  it('only an admin writes people and teams, and provisions logins', async () => {
    expect((await sup.query(`UPDATE qa_console.people SET record = record || '{"role":"admin","rev":2}' WHERE id = $1`, [SUP])).rowCount).toBe(0);
    expect((await p1.query(`UPDATE qa_console.people SET record = record || '{"role":"admin","rev":2}' WHERE id = $1`, [P1])).rowCount).toBe(0);
    expect(await write(sup, create('people', personRecord(id(30), 'admin', 'X030', null)))).toMatchObject({ status: 'refused' });
    expect(await write(sup, create('teams', base(id(31), { name: 'T3', leadId: SUP })))).toMatchObject({ status: 'refused' });
    expect(await code(p1.query(`SELECT qa_console.provision_login($1, 'SCRAM-SHA-256$x')`, [P1]))).toBe('42501');
    expect(await code(sup.query(`SELECT qa_console.reset_password($1, 'SCRAM-SHA-256$x')`, [P1]))).toBe('42501');
    expect(await code(p1.query(`SET ROLE ${logins[P2]}`))).toBe('42501');
    expect(await code(p1.query(`SET ROLE qa_owner`))).toBe('42501');
    expect(await code(p1.query(`SELECT qa_console.verify_audit()`))).toBe('42501');
  });

  it('a rev conflict is answered with the server’s version; a replay is applied once', async () => {
    const t = (rev: number, subject: string) => base(id(101), { source: 'demo', externalId: '101', agentId: P2, teamId: T1, subject, rev });
    const first = { id: 'tx-conflict-a', ops: [{ table: 'tickets', kind: 'revise' as const, id: id(101), baseRev: 1, record: t(2, 'A') }] };
    expect(await applyWrite(sup, first)).toEqual({ id: 'tx-conflict-a', status: 'applied' });
    expect(await applyWrite(sup, first)).toEqual({ id: 'tx-conflict-a', status: 'already' });
    const second = await applyWrite(admin, { id: 'tx-conflict-b', ops: [{ table: 'tickets', kind: 'revise', id: id(101), baseRev: 1, record: t(2, 'B') }] });
    expect(second).toMatchObject({ status: 'conflict', op: 0, server: { subject: 'A', rev: 2 } });
    // One transaction: the second op fails, so the first did not land either.
    const both = await applyWrite(sup, {
      id: 'tx-both',
      ops: [create('tickets', base(id(103), { agentId: P1, teamId: T1 })), { table: 'tickets', kind: 'revise', id: id(101), baseRev: 1, record: t(2, 'C') }],
    });
    expect(both).toMatchObject({ status: 'conflict', op: 1 });
    expect(await visibleIds(sup, 'tickets')).not.toContain(id(103));
  });
});

describe('the server keeps the audit log', () => {
  it('writes an entry per statement with the login, chained, verifiable by a supervisor; tampering is found', async () => {
    const rows = (await sup.query(`SELECT login, op, tbl, row_ids FROM qa_console.audit_log WHERE tbl = 'disputes' ORDER BY seq`)).rows;
    expect(rows[0]).toMatchObject({ login: logins[P1], op: 'insert', row_ids: [id(300)] });
    expect(rows[1]).toMatchObject({ login: logins[L1], op: 'update' });
    expect((await sup.query(`SELECT * FROM qa_console.verify_audit()`)).rows[0]).toMatchObject({ first_broken: null });
    expect(await code(sup.query(`UPDATE qa_console.audit_log SET login = 'someone' WHERE seq = 1`))).toBe('42501');
    await server.cluster.query(`UPDATE qa_console.audit_log SET login = 'someone' WHERE seq = 2`, [], 'qa_team');
    expect((await sup.query(`SELECT * FROM qa_console.verify_audit()`)).rows[0]).toMatchObject({ first_broken: '2', reason: 'the entry was changed after it was written' });
    await server.cluster.query(`UPDATE qa_console.audit_log SET login = $1 WHERE seq = 2`, [logins[SUP]], 'qa_team');
  });
});

describe('the change feed', () => {
  it('never skips a change whose transaction commits after a later one', async () => {
    const start = await feedBounds(sup);
    const a = await server.as(logins[SUP]!, PW);
    const b = await server.as(logins[SUP]!, PW);
    clients.push(a, b);
    // A takes its transaction id first (as every transaction that has written something does), B writes and commits,
    // and only then A writes its row: A's change position is below B's, but A commits later.
    await a.query('BEGIN');
    await a.query('SELECT pg_current_xact_id()');
    await b.query('BEGIN');
    await b.query(`INSERT INTO qa_console.tickets (id, record, rev, created_at) VALUES ($1, $2, 1, now())`, [id(401), base(id(401), { agentId: P1, teamId: T1 })]);
    await b.query('COMMIT');
    // B committed, A (the earlier change position) still open: the feed holds B back rather than pass A by.
    const mid = await feedBounds(p1);
    const firstPull = (await pullPage(p1, 'tickets', start.hi, mid.hi, null, 100)).map((r) => r.id);
    expect(firstPull).not.toContain(id(401));
    await a.query(`INSERT INTO qa_console.tickets (id, record, rev, created_at) VALUES ($1, $2, 1, now())`, [id(400), base(id(400), { agentId: P1, teamId: T1 })]);
    await a.query('COMMIT');
    const end = await feedBounds(p1);
    const secondPull = await pullPage(p1, 'tickets', mid.hi, end.hi, null, 100);
    expect(secondPull.map((r) => r.id)).toEqual([id(400), id(401)]);
    // Pages in change order continue after the last row seen, and nothing comes twice.
    const page1 = await pullPage(p1, 'tickets', '0', end.hi, null, 1);
    const page2 = await pullPage(p1, 'tickets', '0', end.hi, page1[0]!, 100);
    expect(new Set([...page1, ...page2].map((r) => r.id)).size).toBe(page1.length + page2.length);
  });

  it('rows removed for good come as tombstones', async () => {
    const start = await feedBounds(sup);
    await write(sup, { table: 'ticketMessages', kind: 'remove', id: id(110), baseRev: null, record: null });
    const end = await feedBounds(p1);
    expect(await pullTombstones(p1, start.hi, end.hi)).toEqual([{ table: 'ticketMessages', id: id(110) }]);
  });
});

describe('people', () => {
  it('moving a staff member to another team takes their rows out of the old lead’s sight', async () => {
    expect(await visibleIds(lead1, 'tickets')).toContain(id(101));
    const { rows } = await admin.query(`SELECT record FROM qa_console.people WHERE id = $1`, [P2]);
    const moved = { ...rows[0].record, teamId: T2, rev: rows[0].record.rev + 1 };
    expect(await write(admin, { table: 'people', kind: 'revise', id: P2, baseRev: rows[0].record.rev, record: moved })).toMatchObject({ status: 'applied' });
    expect(await visibleIds(lead1, 'tickets')).not.toContain(id(101));
    expect(await visibleIds(lead2, 'tickets')).toContain(id(101));
  });

  it('a role change takes effect at once; a deactivated person cannot sign in', async () => {
    const { rows } = await admin.query(`SELECT record FROM qa_console.people WHERE id = $1`, [P3]);
    const off = { ...rows[0].record, active: false, rev: rows[0].record.rev + 1 };
    expect(await write(admin, { table: 'people', kind: 'revise', id: P3, baseRev: rows[0].record.rev, record: off })).toMatchObject({ status: 'applied' });
    // The open session sees nothing now, and a new one is refused.
    expect(await ids(p3, 'tickets')).toEqual([]);
    await expect(server.as(logins[P3]!, PW)).rejects.toThrow(/not permitted to log in/);
  });

  it('a one-time password opens nothing until it is changed', async () => {
    const n = personRecord(id(24), 'staff', 'P024', T1);
    await write(admin, create('people', n));
    const l = await provisionLogin(admin, n.id);
    const c = await server.as(l.login, l.password);
    clients.push(c);
    expect((await c.query(`SELECT * FROM qa_console.whoami()`)).rows[0]).toMatchObject({ must_change: true });
    expect(await ids(c, 'people')).toEqual([]);
    await changeOwnPassword(c, PW);
    expect((await ids(c, 'people')) as string[]).toContain(n.id);
  });
});
