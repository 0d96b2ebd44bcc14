// "Move to a team server" against real servers (issue 19, item 3): the small demo workspace moves to an empty server
// and verifies table by table; interrupted halfway (cancelled) and started again, it goes on without doubling a row;
// refused on a server that is not empty; and after the move a staff member signs in with their one-time password
// and their replica holds exactly their own tickets, with the ids and revs the workspace had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { moveWorkspace, type MovePort } from '@renderer/db/teamMove';
import { pull } from '@renderer/db/replica';
import { beginMove, finishMove, tableDigest, uploadRecords } from '../../../src-main/services/teamMove';
import { REPLICATED_TABLES } from '@renderer/domain/replication';
import { MIGRATION_LOGIN, MIGRATION_PASSWORD, startBareTeamServer, startTeamServer, type TeamServer } from '../../pg/team';
import type { Cluster } from '../../pg/cluster';
import { teamConsole } from '../../pg/teamConsoles';
import { loadSmallDemo } from '../fixtures';

let bare: { cluster: Cluster; config: TeamServer['config'] };
const clients: pg.Client[] = [];

beforeAll(async () => {
  bare = await startBareTeamServer();
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await bare?.cluster.destroy();
});

async function migrator(config: TeamServer['config']): Promise<pg.Client> {
  const c = new pg.Client({ ...config, user: MIGRATION_LOGIN, password: MIGRATION_PASSWORD });
  c.on('error', () => undefined);
  await c.connect();
  clients.push(c);
  return c;
}

/** Main's move session, as plain functions over the migration login's connection. */
const portOver = (c: pg.Client, workspace: string, uploads = { n: 0 }): MovePort => ({
  begin: () => beginMove(c, workspace),
  upload: async (table, records) => {
    uploads.n++;
    return uploadRecords(c, table, records);
  },
  digest: (table) => tableDigest(c, table),
  finish: (ids) => finishMove(c, ids),
});

describe('moving a standalone workspace to a team server', () => {
  it('moves the demo workspace, verified table by table; cancelled halfway and started again it completes without doubling; then people sign in', async () => {
    const { asAdmin, ctx, people } = await loadSmallDemo();
    const localCounts: Record<string, number> = Object.fromEntries(await Promise.all(REPLICATED_TABLES.map(async (t) => [t.table, await (ctx.db as unknown as Record<string, { count(): Promise<number> }>)[t.table]!.count()] as const)));
    const total = Object.values(localCounts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1000);

    // Cancelled after a few chunks: nothing is finished, the standalone workspace unchanged.
    const first = await migrator(bare.config);
    const abort = new AbortController();
    const uploads = { n: 0 };
    const progress: number[] = [];
    await expect(
      moveWorkspace(asAdmin, portOver(first, 'demo-ws', uploads), {
        chunk: 500,
        signal: abort.signal,
        onProgress: (p) => {
          progress.push(p.done);
          if (uploads.n === 4) abort.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(uploads.n).toBe(4);
    expect(await ctx.db.people.count()).toBe(people.length);
    await first.end();

    // Started again on a new connection: it resumes, sends the rest (the first chunks are skipped on the server), verifies, provisions.
    const again = await migrator(bare.config);
    const moved = await moveWorkspace(asAdmin, portOver(again, 'demo-ws'), { chunk: 2000 });
    expect(moved.resumed).toBe(true);
    expect(Object.fromEntries(moved.tables.map((t) => [t.table, t.count]))).toEqual(localCounts);
    const active = people.filter((p) => p.active);
    expect(moved.handouts.map((h) => h.personId).sort()).toEqual(active.map((p) => p.id).sort());
    expect(moved.handouts.every((h) => /^qa_u_/.test(h.login) && /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/.test(h.password))).toBe(true);
    // Nothing doubled: the server's counts are the workspace's.
    for (const t of REPLICATED_TABLES) {
      const [r] = await bare.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.${t.server}`, [], 'qa_team');
      expect(r!.n, t.table).toBe(localCounts[t.table]);
    }
    // A second move onto it is refused: it is not empty any more.
    await expect(beginMove(again, 'demo-ws')).rejects.toMatchObject({ key: 'team.move.notEmpty' });

    // A staff member signs in with their one-time password: their replica holds their own tickets, ids and revs kept.
    const staffMember = active.find((p) => p.role === 'staff')!;
    const handout = moved.handouts.find((h) => h.personId === staffMember.id)!;
    const consoleOfStaff = await teamConsole({ ...bare.config, tls: 'disable' }, staffMember.employeeNo, staffMember.id, 'staff', [], handout.password);
    try {
      await consoleOfStaff.session.changePassword('staff-own-pass-1');
      await pull(consoleOfStaff.ctx, consoleOfStaff.port);
      const theirs = (await ctx.db.tickets.toArray()).filter((t) => t.agentId === staffMember.id).map((t) => [t.id, t.rev]).sort();
      const replica = (await consoleOfStaff.ctx.db.tickets.toArray()).map((t) => [t.id, t.rev]).sort();
      expect(replica).toEqual(theirs);
      expect(replica.length).toBeGreaterThan(0);
    } finally {
      await consoleOfStaff.close();
    }
  }, 180_000);

  it('refuses a server that already has a workspace (an admin set up by init)', async () => {
    const used = await startTeamServer();
    try {
      const c = await migrator(used.config);
      await expect(beginMove(c, 'another')).rejects.toMatchObject({ code: 'forbidden', key: 'team.move.notEmpty' });
      // Refused without leaving a mark: the server is as it was.
      const [r] = await used.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.move_state`, [], 'qa_team');
      expect(r!.n).toBe(0);
      await c.end();
    } finally {
      await used.destroy();
    }
  }, 120_000);
});
