// Pulls that cost what they return (issue 19, item 7): a team server holding 1,000,000 tickets and as many ticket
// messages, 400 staff members in 40 teams. The change feed's own queries (pullPage, feedSince, changedTables,
// visibleIds, visibleCounts, called as the console calls them) are run under EXPLAIN (ANALYZE, BUFFERS) as a staff
// member, a team lead and a supervisor with their own logins: the rows each query visits in the big tables and the
// pages it touches must follow what the person reads, not the table's size. Before the read rule's own part went
// into these queries, a staff member's first page visited some 800,000 tickets to find their 2,000.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { changedTables, feedBounds, feedSince, provisionLogin, pullPage, visibleCounts, visibleIds, applyWrite, changeOwnPassword } from '../../../src-main/services/teamServer';
import { replicatedTable } from '@domain/replication';
import { personRecord, startTeamServer, TEAM_DB, type TeamServer } from '../../pg/team';

const TICKETS = 1_000_000;
const STAFF = 400;
const TEAMS = 40;
const PAGE = 2000;
const AT = '2026-11-02T09:00:00.000Z';
const PW = 'person-password-1';

const staffId = (n: number) => `p${String(n).padStart(4, '0')}`;
const teamId = (n: number) => `t${String(n).padStart(3, '0')}`;
const leadId = (n: number) => `l${String(n).padStart(3, '0')}`;
const SUP = 'sup-1';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}
interface Cost {
  /** Rows read from each big table (returned by a scan, or read and filtered out), over all loops. */
  visited: Record<string, number>;
  /** Shared buffers the whole query touched. */
  buffers: number;
  plan: PlanNode;
}

function costOf(plan: PlanNode): Cost {
  const visited: Record<string, number> = {};
  const walk = (n: PlanNode) => {
    if (n['Relation Name']) {
      const rows = (n['Actual Rows'] + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0)) * n['Actual Loops'];
      visited[n['Relation Name']] = (visited[n['Relation Name']] ?? 0) + rows;
    }
    n.Plans?.forEach(walk);
  };
  walk(plan);
  return { visited, buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'], plan };
}

/** A client that runs every query twice: under EXPLAIN ANALYZE (its cost kept), then for its answer. */
function explaining(client: pg.Client): { client: pg.Client; costs: Cost[] } {
  const costs: Cost[] = [];
  const wrapped = {
    query: async (text: string, params?: unknown[]) => {
      const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
      costs.push(costOf(rows[0]!['QUERY PLAN'][0]!.Plan));
      // QA_SHOW_PLANS=1 prints each query's plan (what to look at when a bound below fails).
      if (process.env.QA_SHOW_PLANS) console.log(text, JSON.stringify(rows[0]!['QUERY PLAN'][0]!.Plan, null, 1));
      return client.query(text, params);
    },
  };
  return { client: wrapped as unknown as pg.Client, costs };
}

let server: TeamServer;
const clients: pg.Client[] = [];
let staff: pg.Client, lead: pg.Client, sup: pg.Client;
let ticketPages = 0;
/** Where the feed stood after the load (the others' changes come after it). */
let loaded = '';

async function signIn(personId: string, admin: pg.Client): Promise<pg.Client> {
  const l = await provisionLogin(admin, personId);
  const first = await server.as(l.login, l.password);
  await changeOwnPassword(first, PW);
  await first.end();
  const c = await server.as(l.login, PW);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = await startTeamServer();
  const admin = await server.as(server.admin.login, server.admin.password);
  clients.push(admin);
  const base = { createdAt: AT, updatedAt: AT, rev: 1, createdBy: null, deletedAt: null };
  const people = [
    personRecord(SUP, 'supervisor', 'S001', null),
    ...Array.from({ length: TEAMS }, (_, i) => personRecord(leadId(i), 'lead', `L${i}`, null)),
    ...Array.from({ length: STAFF }, (_, i) => personRecord(staffId(i), 'staff', `P${i}`, teamId(i % TEAMS))),
  ];
  const r = await applyWrite(admin, {
    id: 'directory',
    ops: [
      ...Array.from({ length: TEAMS }, (_, i) => ({ table: 'teams', kind: 'create' as const, id: teamId(i), baseRev: null, record: { id: teamId(i), name: `Team ${i}`, leadId: leadId(i), ...base } })),
      ...people.map((p) => ({ table: 'people', kind: 'create' as const, id: p.id, baseRev: null, record: p })),
    ],
  });
  expect(r).toMatchObject({ status: 'applied' });
  [staff, lead, sup] = [await signIn(staffId(7), admin), await signIn(leadId(7), admin), await signIn(SUP, admin)];

  // The load, as a DBA's restore would: triggers off (the typed columns written as the stamp trigger writes them),
  // in ten transactions, so the feed holds many positions.
  const su = await server.cluster.superClient(TEAM_DB);
  try {
    await su.query('SET session_replication_role = replica');
    const chunk = TICKETS / 10;
    for (let c = 0; c < 10; c++) {
      await su.query(
        `INSERT INTO qa_console.tickets (id, owner_id, team_id, record, rev, created_at)
         SELECT 'k' || g, 'p' || lpad((g % ${STAFF})::text, 4, '0'), 't' || lpad((g % ${STAFF} % ${TEAMS})::text, 3, '0'),
                jsonb_build_object('id', 'k' || g, 'source', 'demo', 'externalId', g::text, 'agentId', 'p' || lpad((g % ${STAFF})::text, 4, '0'),
                  'teamId', 't' || lpad((g % ${STAFF} % ${TEAMS})::text, 3, '0'), 'subject', 'Ticket ' || g, 'status', 'solved',
                  'rev', 1, 'createdAt', $1::text, 'updatedAt', $1::text, 'deletedAt', null),
                1, $1::timestamptz
         FROM generate_series($2::int, $3::int) g`,
        [AT, c * chunk, (c + 1) * chunk - 1],
      );
      await su.query(
        `INSERT INTO qa_console.ticket_messages (id, parent_id, record, rev, created_at)
         SELECT 'm' || g, 'k' || g, jsonb_build_object('id', 'm' || g, 'ticketId', 'k' || g, 'at', $1::text, 'text', 'Hello, about ticket ' || g,
                  'rev', 1, 'createdAt', $1::text, 'updatedAt', $1::text, 'deletedAt', null), 1, $1::timestamptz
         FROM generate_series($2::int, $3::int) g`,
        [AT, c * chunk, (c + 1) * chunk - 1],
      );
    }
    await su.query('ANALYZE qa_console.tickets, qa_console.ticket_messages');
    ticketPages = (await su.query<{ n: number }>(`SELECT relpages::int AS n FROM pg_class WHERE oid = 'qa_console.tickets'::regclass`)).rows[0]!.n;
    loaded = (await feedBounds(staff)).hi;
    // Then the others work: 50,000 tickets of other people's change (none of staff member 7's, none of team 7's).
    await su.query(
      `UPDATE qa_console.tickets SET change_xid = pg_current_xact_id(), change_seq = nextval('qa_console.change_seq')
       WHERE id IN (SELECT 'k' || g FROM generate_series(0, 999999) g WHERE g % ${TEAMS} <> 7 LIMIT 50000)`,
    );
    await su.query('ANALYZE qa_console.tickets');
  } finally {
    await su.end();
  }
}, 600_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await server?.destroy();
});

const MINE = TICKETS / STAFF; // 2,500 tickets (and messages) each
const TEAM = TICKETS / TEAMS; // 25,000 a team

describe('the change feed on a 1,000,000-ticket server', () => {
  it('a staff member pulls their own tickets and messages visiting about what they read', async () => {
    const { client, costs } = explaining(staff);
    const hi = (await feedBounds(staff)).hi;
    const counts = await visibleCounts(client, [replicatedTable('tickets')!, replicatedTable('ticketMessages')!]);
    expect(counts).toEqual({ tickets: MINE, ticketMessages: MINE });
    const first = await pullPage(client, 'tickets', '0', hi, null, PAGE);
    expect(first).toHaveLength(PAGE);
    expect(first.every((r) => r.record.agentId === staffId(7))).toBe(true);
    const messages = await pullPage(client, 'ticketMessages', '0', hi, null, PAGE);
    expect(messages).toHaveLength(PAGE);
    const ids = await visibleIds(client, 'tickets');
    expect(ids).toHaveLength(MINE);
    const [countCost, pageCost, messageCost, idsCost] = costs as [Cost, Cost, Cost, Cost];
    // Every query visits the person's rows, never the table: their tickets once, and for the messages each message
    // once and its ticket twice (found as the person's, then row-level security's own check of the parent).
    expect(pageCost.visited.tickets).toBeLessThanOrEqual(MINE);
    expect(idsCost.visited.tickets).toBeLessThanOrEqual(MINE);
    expect(messageCost.visited.ticket_messages).toBeLessThanOrEqual(MINE);
    expect(messageCost.visited.tickets).toBeLessThanOrEqual(2 * MINE);
    expect(countCost.visited.ticket_messages).toBeLessThanOrEqual(MINE);
    expect(countCost.visited.tickets).toBeLessThanOrEqual(3 * MINE);
    // Pages touched: about one heap page a row read (the person's rows are spread over the table) plus the index.
    expect(pageCost.buffers).toBeLessThan(MINE + 200);
    expect(idsCost.buffers).toBeLessThan(MINE + 200);
    expect(messageCost.buffers).toBeLessThan(12 * MINE);
    expect(pageCost.buffers).toBeLessThan(ticketPages / 5);
  });

  it('a staff member asks what changed since the load: nothing of theirs, found without walking the others\' 50,000 changes', async () => {
    const { client, costs } = explaining(staff);
    const since = await feedSince(client, ['tickets', 'ticketMessages'], loaded);
    expect(since.tables).toEqual([]);
    const changed = await changedTables(client, ['tickets'], loaded, since.bounds.hi);
    expect(changed).toEqual([]);
    const page = await pullPage(client, 'tickets', loaded, since.bounds.hi, null, PAGE);
    expect(page).toEqual([]);
    for (const c of costs) {
      expect(c.visited.tickets ?? 0).toBeLessThanOrEqual(10);
      expect(c.buffers).toBeLessThan(100);
    }
  });

  it('a team lead pulls their team\'s tickets visiting the team\'s rows, not the department\'s', async () => {
    const { client, costs } = explaining(lead);
    const hi = (await feedBounds(lead)).hi;
    const first = await pullPage(client, 'tickets', '0', hi, null, PAGE);
    expect(first).toHaveLength(PAGE);
    expect(first.every((r) => r.record.teamId === teamId(7))).toBe(true);
    const since = await feedSince(client, ['tickets'], loaded);
    expect(since.tables).toEqual([]);
    const [pageCost, sinceCost] = costs as [Cost, Cost];
    expect(pageCost.visited.tickets).toBeLessThanOrEqual(TEAM);
    expect(pageCost.buffers).toBeLessThan(ticketPages / 2);
    expect(sinceCost.visited.tickets ?? 0).toBeLessThanOrEqual(10);
  });

  it('a supervisor reads everything by the change index: a page visits a page of rows', async () => {
    const { client, costs } = explaining(sup);
    const hi = (await feedBounds(sup)).hi;
    const first = await pullPage(client, 'tickets', '0', hi, null, PAGE);
    expect(first).toHaveLength(PAGE);
    const last = first[first.length - 1]!;
    const second = await pullPage(client, 'tickets', '0', hi, { xid: last.xid, seq: last.seq }, PAGE);
    expect(second).toHaveLength(PAGE);
    expect(second[0]!.id).not.toBe(first[0]!.id);
    const since = await feedSince(client, ['tickets'], loaded);
    expect(since.tables).toEqual(['tickets']);
    const [firstCost, secondCost] = costs as [Cost, Cost];
    expect(firstCost.visited.tickets).toBeLessThanOrEqual(PAGE);
    expect(secondCost.visited.tickets).toBeLessThanOrEqual(PAGE);
    expect(secondCost.buffers).toBeLessThan(PAGE);
  });
});
