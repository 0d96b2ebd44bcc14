// team-move-workspace: "Move to a team server" of the demo workspace (teams, people, 20,000 tickets and their
// messages, the calls and transcripts: about 100,000 records) from a standalone workspace (Dexie over
// fake-indexeddb in Node, the real db/teamMove code) to an empty server through main's move functions — upload in
// chunks, every table read back and compared, logins provisioned — against pg_restore-class loading of the same
// rows in the same run: COPY FROM STDIN into tables of the same shape, with their indexes, without triggers.
import Dexie, { type Table } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateDemoWorkspace } from '../../src-renderer/src/domain/demoWorkspace';
import { REPLICATED_TABLES } from '../../src-renderer/src/domain/replication';
import { QaDatabase } from '../../src-renderer/src/db/database';
import type { RepoContext } from '../../src-renderer/src/db/context';
import { moveWorkspace } from '../../src-renderer/src/db/teamMove';
import { beginMove, finishMove, tableDigest, uploadRecords } from '../../src-main/services/teamMove';
import { MIGRATION_LOGIN, MIGRATION_PASSWORD, startBareTeamServer, TEAM_DB } from '../pg/team';
import type { BenchResult } from './run';
import { demoTables } from './team';

Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

const AT = '2026-11-01T00:00:00.000Z';

export async function teamMoveBench(): Promise<BenchResult> {
  const bare = await startBareTeamServer();
  const clients: pg.Client[] = [];
  try {
    const demo = generateDemoWorkspace({ now: Date.parse('2026-11-23T00:00:00Z') });
    const admin = demo.people.find((p) => p.role === 'admin') ?? demo.people[0]!;
    const tables = demoTables(demo);
    const db = new QaDatabase(`bench-move-${Date.now()}`);
    for (const [name, rows] of tables) await (db as unknown as Record<string, Table<Record<string, unknown>, string>>)[name]!.bulkPut(rows);
    const total = tables.reduce((n, [, rows]) => n + rows.length, 0);
    const ctx: RepoContext = { db, actor: { personId: admin.id, role: 'admin', ledTeamIds: [] }, clock: Date.now, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) };

    // The baseline: COPY of the same rows into tables of the same shape (indexes, defaults; no triggers, no policies).
    const su = await bare.cluster.superClient(TEAM_DB);
    clients.push(su);
    await su.query('CREATE SCHEMA copy_bench');
    const t0 = performance.now();
    for (const [name, rows] of tables) {
      const server = REPLICATED_TABLES.find((t) => t.table === name)!.server;
      await su.query(`CREATE TABLE copy_bench.${server} (id text PRIMARY KEY, record jsonb NOT NULL, rev integer NOT NULL, created_at timestamptz NOT NULL, change_xid xid8 NOT NULL DEFAULT pg_current_xact_id())`);
      await su.query(`CREATE INDEX ON copy_bench.${server} (change_xid)`);
      const text = rows.map((r) => `${r.id as string}\t${JSON.stringify(r).replace(/\\/g, '\\\\')}\t1\t${AT}\n`).join('');
      await pipeline(Readable.from([text]), su.query(copyFrom(`COPY copy_bench.${server} (id, record, rev, created_at) FROM STDIN`)));
    }
    const copyMs = performance.now() - t0;

    const c = new pg.Client({ ...bare.config, user: MIGRATION_LOGIN, password: MIGRATION_PASSWORD });
    await c.connect();
    clients.push(c);
    const t1 = performance.now();
    const moved = await moveWorkspace(ctx, { begin: () => beginMove(c, 'bench'), upload: (t, r) => uploadRecords(c, t, r), digest: (t) => tableDigest(c, t), finish: (ids) => finishMove(c, ids) });
    const moveMs = performance.now() - t1;
    const sent = moved.tables.reduce((n, t) => n + t.count, 0);
    if (sent !== total) throw new Error(`moved ${sent} of ${total} records`);
    const ratio = moveMs / copyMs;
    console.log(`[team-move-workspace] ${total} records, ${moved.handouts.length} logins: move ${(moveMs / 1000).toFixed(1)} s, COPY ${(copyMs / 1000).toFixed(1)} s`);
    return { id: 'team-move-workspace', value: moveMs, unit: `ms for ${total} records (upload, read back and compared, ${moved.handouts.length} logins)`, baseline: 'COPY FROM STDIN of the same rows into tables of the same shape', baselineValue: copyMs, ratio, target: 'figures printed (ratio to COPY)', met: true };
  } finally {
    await Promise.all(clients.map((x) => x.end().catch(() => undefined)));
    await bare.cluster.destroy();
  }
}
