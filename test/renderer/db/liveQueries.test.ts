// The lists the pages observe must refresh when the data under them changes, for every role. A live query stays
// observed only while its querier awaits Dexie's own promises; a repository helper that resolved a native promise
// without touching the database (readablePersonIds for an admin did) silently ended the observation, and a page
// behind the demo loader said "No tickets yet" until visited again (issue 16, item 21).
import { liveQuery } from 'dexie';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RepoContext } from '@renderer/db/context';
import { listTickets, ticketIdsWithRecordings } from '@renderer/db/tickets';
import { listRecordings } from '@renderer/db/recordings';
import { disputesOf, listMyEvaluations, scoredItems } from '@renderer/db/evaluations';
import { actionsById } from '@renderer/db/correctiveActions';
import { openDisputes } from '@renderer/db/myScores';
import { listVisible } from '@renderer/db/scoped';
import { publishedRubrics } from '@renderer/db/rubrics';
import { listNotifications } from '@renderer/db/notifications';
import type { Role } from '@renderer/domain/roles';
import { loadSmallDemo } from '../fixtures';

type Demo = Awaited<ReturnType<typeof loadSmallDemo>>;
let demo: Demo;
const sessions = new Map<Role, RepoContext>();

beforeAll(async () => {
  demo = await loadSmallDemo();
  const teams = await demo.ctx.db.teams.toArray();
  const lead = demo.people.find((p) => p.role === 'lead' && teams.some((t) => t.leadId === p.id))!;
  for (const role of ['admin', 'supervisor', 'staff'] as const) sessions.set(role, await demo.as(demo.people.find((p) => p.role === role)!.id));
  sessions.set('lead', await demo.as(lead.id));
}, 60_000);

const REVIEWERS: Role[] = ['admin', 'supervisor', 'lead'];
const EVERYONE: Role[] = ['admin', 'supervisor', 'lead', 'staff'];

/**
 * Each observed list, the table a new row of it goes into, the field naming the person it is for, and what else
 * makes it one the list holds (a new external id, an open status); `blank` stands in where the demo has none.
 */
interface Case {
  name: string;
  roles: Role[];
  table: string;
  owner: string;
  read: (ctx: RepoContext) => Promise<unknown>;
  patch?: (n: string) => Record<string, unknown>;
  blank?: Record<string, unknown>;
}
const AT = '2026-11-01T08:00:00.000Z';
const CASES: Case[] = [
  { name: 'listTickets', roles: EVERYONE, table: 'tickets', owner: 'agentId', read: (c) => listTickets(c), patch: (n) => ({ externalId: n }) },
  { name: 'listRecordings', roles: EVERYONE, table: 'recordings', owner: 'agentId', read: (c) => listRecordings(c) },
  { name: 'ticketIdsWithRecordings', roles: EVERYONE, table: 'recordings', owner: 'agentId', read: (c) => ticketIdsWithRecordings(c) },
  { name: 'listVisible(evaluations)', roles: EVERYONE, table: 'evaluations', owner: 'agentId', read: (c) => listVisible(c, 'evaluations') },
  {
    name: 'listVisible(correctiveActions)',
    roles: EVERYONE,
    table: 'correctiveActions',
    owner: 'staffId',
    read: (c) => listVisible(c, 'correctiveActions'),
    blank: { status: 'open', teamId: null, createdAt: AT, updatedAt: AT, rev: 1, deletedAt: null },
  },
  {
    name: 'listNotifications',
    roles: EVERYONE,
    table: 'notifications',
    owner: 'recipientId',
    read: (c) => listNotifications(c),
    blank: { key: 'k', kind: 'due', createdAt: AT, updatedAt: AT, rev: 1, deletedAt: null, readAt: null },
  },
  { name: 'scoredItems', roles: REVIEWERS, table: 'evaluations', owner: 'agentId', read: (c) => scoredItems(c) },
  { name: 'listMyEvaluations', roles: REVIEWERS, table: 'evaluations', owner: 'reviewerId', read: (c) => listMyEvaluations(c) },
  { name: 'openDisputes', roles: REVIEWERS, table: 'disputes', owner: 'agentId', read: (c) => openDisputes(c), patch: () => ({ status: 'open' }) },
  { name: 'publishedRubrics', roles: EVERYONE, table: 'rubrics', owner: 'createdBy', read: (c) => publishedRubrics(c) },
];

/** Resolves once the observable has emitted `count` values (bounded: fails after two seconds). */
function emissions(read: () => Promise<unknown>) {
  const values: unknown[] = [];
  let wake: (() => void) | null = null;
  const sub = liveQuery(read).subscribe({ next: (v) => (values.push(v), wake?.()), error: (e) => (values.push(e), wake?.()) });
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 2000;
    while (values.length < count && Date.now() < deadline) await new Promise<void>((ok) => ((wake = ok), setTimeout(ok, 50)));
    return values.length;
  };
  return { values, waitFor, stop: () => sub.unsubscribe() };
}

describe('observed lists refresh after a write, for every role', () => {
  for (const c of CASES)
    for (const role of c.roles)
      test(`${c.name} as ${role}`, async () => {
        const ctx = sessions.get(role)!;
        const table = demo.ctx.db.table(c.table);
        const template = (await table.toCollection().first()) ?? c.blank;
        expect(template, `the small demo has ${c.table}`).toBeDefined();
        const id = `live-${c.name}-${role}`;
        const seen = emissions(() => c.read(ctx));
        expect(await seen.waitFor(1)).toBe(1);
        expect(seen.values[0]).not.toBeInstanceOf(Error);
        await table.put({ ...template, id, [c.owner]: ctx.actor!.personId, ...c.patch?.(id) });
        expect(await seen.waitFor(2), `${c.name} re-ran after a write to ${c.table}`).toBe(2);
        seen.stop();
        await table.delete(id);
      });
});

test('the ticket list as an admin grows by the ticket written', async () => {
  const ctx = sessions.get('admin')!;
  const seen = emissions(() => listTickets(ctx));
  await seen.waitFor(1);
  const before = (seen.values[0] as unknown[]).length;
  const template = (await demo.ctx.db.tickets.toCollection().first())!;
  await demo.ctx.db.tickets.bulkPut([1, 2].map((n) => ({ ...template, id: `live-grow-${n}`, externalId: `live-grow-${n}` })));
  await seen.waitFor(2);
  seen.stop();
  expect((seen.values.at(-1) as unknown[]).length).toBe(before + 2);
});

test("an evaluation's disputes refresh for the staff member who disputes it (the history says 'disputed')", async () => {
  const ctx = sessions.get('staff')!;
  const own = (await demo.ctx.db.evaluations.where('[agentId+occurredAt]').between([ctx.actor!.personId, ''], [ctx.actor!.personId, '\uffff']).toArray()).find((e) => e.status === 'submitted')!;
  expect(own, 'the staff member has a submitted evaluation').toBeDefined();
  const seen = emissions(() => disputesOf(ctx, own.id));
  expect(await seen.waitFor(1)).toBe(1);
  const template = (await demo.ctx.db.disputes.toCollection().first())!;
  await demo.ctx.db.disputes.put({ ...template, id: 'live-dispute', evaluationId: own.id, agentId: ctx.actor!.personId, status: 'open' });
  expect(await seen.waitFor(2), 'disputesOf re-ran after the dispute was written').toBe(2);
  seen.stop();
  expect((seen.values.at(-1) as { id: string }[]).map((d) => d.id)).toContain('live-dispute');
  await demo.ctx.db.disputes.delete('live-dispute');
});

test('the digest\'s and the drawer\'s actions refresh after a write', async () => {
  const ctx = sessions.get('supervisor')!;
  const staff = demo.people.find((p) => p.role === 'staff')!;
  const a = { id: 'live-action', staffId: staff.id, ownerId: ctx.actor!.personId, teamId: staff.teamId, title: 'observed', status: 'open', createdAt: AT, updatedAt: AT, rev: 1, createdBy: null, deletedAt: null };
  // A bare action row is enough here (what is observed is the read, not the action's rules).
  const actionsTable = demo.ctx.db.table('correctiveActions');
  await actionsTable.put(a);
  const seen = emissions(() => actionsById(ctx, ['live-action']));
  expect(await seen.waitFor(1)).toBe(1);
  await actionsTable.put({ ...a, title: 'changed while observed' });
  expect(await seen.waitFor(2), 'actionsById re-ran after the action changed').toBe(2);
  seen.stop();
  expect((seen.values.at(-1) as { id: string; title: string }[]).find((x) => x.id === a.id)!.title).toBe('changed while observed');
  await demo.ctx.db.correctiveActions.delete('live-action');
});
