// team-first-sync: a new supervisor console's first pull of the demo workspace from a team server into its replica
// (the real replica code and main's team session, Dexie over fake-indexeddb in Node), against the ceiling measured
// in the same run on the same server and store: COPY of the same rows to stdout as the same login, then a raw Dexie
// bulkPut of them. Seeded: the demo's teams, people, 20,000 tickets and their messages, the calls and transcripts.
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { generateDemoWorkspace } from '../../src-renderer/src/domain/demoWorkspace';
import { REPLICATED_TABLES, replicatedFor } from '../../src-renderer/src/domain/replication';
import { QaDatabase } from '../../src-renderer/src/db/database';
import type { RepoContext } from '../../src-renderer/src/db/context';
import { pull } from '../../src-renderer/src/db/replica';
import { provisionLogin } from '../../src-main/services/teamServer';
import { TeamSession } from '../../src-main/services/teamSync';
import { startTeamServer, TEAM_DB } from '../pg/team';
import type { BenchResult } from './run';

// Dexie may have been loaded by another benchmark's module before this one: give it the Node IndexedDB directly.
Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

const AT = '2026-11-01T00:00:00.000Z';
const stamped = (r: Record<string, unknown>) => ({ createdAt: AT, updatedAt: AT, rev: 1, createdBy: null, deletedAt: null, ...r });

/** The demo workspace's team-mode tables as stamped records, by local table name (the move bench uses them too). */
export function demoTables(demo: ReturnType<typeof generateDemoWorkspace>): [string, Record<string, unknown>[]][] {
  return [
    ['teams', demo.teams.map(stamped)],
    ['people', demo.people.map(stamped)],
    ['tickets', demo.tickets.map(stamped)],
    ['ticketMessages', demo.messages.map(stamped)],
    ['recordings', demo.recordings.map((r) => stamped({ ...r }))],
    ['transcripts', demo.transcripts.map((t, i) => stamped({ id: `0190b000-0000-7000-8000-${String(i).padStart(12, '0')}`, ...t }))],
  ];
}

export async function teamFirstSyncBench(): Promise<BenchResult> {
  const server = await startTeamServer();
  try {
    const demo = generateDemoWorkspace({ now: Date.parse('2026-11-23T00:00:00Z') });
    const supervisor = demo.people.find((p) => p.role === 'supervisor')!;
    const tables = demoTables(demo).map(([t, rows]) => [REPLICATED_TABLES.find((x) => x.table === t)!.server, t === 'people' ? rows.filter((p) => p.role !== 'admin') : rows] as [string, Record<string, unknown>[]]);
    // Seeded as the superuser (as a migration of an existing workspace will be), in chunks; the triggers stamp each row.
    const su = await server.cluster.superClient(TEAM_DB);
    let total = 0;
    for (const [table, rows] of tables) {
      for (let i = 0; i < rows.length; i += 2000)
        await su.query(`INSERT INTO qa_console.${table} (id, record, rev, created_at) SELECT x->>'id', x, 0, now() FROM jsonb_array_elements($1::jsonb) x`, [JSON.stringify(rows.slice(i, i + 2000))]);
      total += rows.length;
    }
    await su.end();
    const admin = await TeamSession.signIn({ ...server.config, tls: 'disable' }, 'A001', server.admin.password);
    const { password } = await admin.run((c) => provisionLogin(c, supervisor.id));
    await admin.close();
    const session = await TeamSession.signIn({ ...server.config, tls: 'disable' }, String(supervisor.employeeNo), password);
    await session.changePassword('bench-password-1');
    const ctxOf = (name: string): RepoContext => ({ db: Object.assign(new QaDatabase(name), { journal: true }), actor: { personId: supervisor.id, role: 'supervisor', ledTeamIds: [] }, clock: Date.now, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) });

    // The ceiling: every table the supervisor's replica holds, COPY'd out as this login, parsed, bulkPut raw.
    const ceilingCtx = ctxOf(`bench-ceiling-${Date.now()}`);
    const t0 = performance.now();
    for (const spec of replicatedFor('supervisor')) {
      const chunks: Buffer[] = [];
      await session.run(async (c) => {
        const stream = c.query(copyTo(`COPY (SELECT record FROM qa_console.${spec.server}) TO STDOUT`));
        await pipeline(stream, new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()) }));
      });
      const text = Buffer.concat(chunks).toString('utf8');
      // COPY's text format escapes backslashes; the records hold none that matter for the count, but unescape anyway.
      const records = text ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l.replace(/\\\\/g, '\\')) as { id: string }) : [];
      const table = (ceilingCtx.db as unknown as Record<string, { bulkPut(r: unknown[]): Promise<unknown> }>)[spec.table]!;
      for (let i = 0; i < records.length; i += 2000) await table.bulkPut(records.slice(i, i + 2000));
    }
    const ceiling = performance.now() - t0;

    const ctx = ctxOf(`bench-replica-${Date.now()}`);
    const t1 = performance.now();
    const r = await pull(ctx, session);
    const first = performance.now() - t1;
    // Every row the login may see (the seeded ones and the first admin), counted by the server.
    const visible = Object.values(await session.counts()).reduce((a, b) => a + b, 0);
    await session.close();
    if (!r.complete || r.rows !== visible || visible !== total + 1) throw new Error(`first sync pulled ${r.rows} of ${visible} rows (${total} seeded)`);
    const ratio = first / ceiling;
    return { id: 'team-first-sync', value: first, unit: `ms for ${visible} rows`, baseline: 'COPY TO STDOUT of the same rows + raw Dexie bulkPut', baselineValue: ceiling, ratio, target: 'ratio <= 2', met: ratio <= 2 };
  } finally {
    await server.destroy();
  }
}
