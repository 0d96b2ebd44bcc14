// A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl from Debian's postgresql package on a
// temp dir and a free port, password (scram) auth over 127.0.0.1, torn down afterwards. PostgreSQL refuses to run
// as root, so as root every server command runs as the `postgres` system user on a directory it owns.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const SUPERUSER_PASSWORD = 'throwaway-superuser';

export interface Cluster {
  host: string;
  port: number;
  dir: string;
  /** A client as the superuser on a database (default "postgres"). */
  superClient(database?: string): Promise<pg.Client>;
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** Creates a login role with a password and a database it owns: what a company DBA would hand the console. */
  createApp(role: string, password: string, database: string): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** A streaming-replication standby of this cluster (pg_basebackup), started on its own port. */
  standby(): Promise<Cluster & { promote(): Promise<void> }>;
  destroy(): Promise<void>;
}

/** The newest installed server's bin dir, or null when PostgreSQL is not installed. */
export async function postgresBin(): Promise<string | null> {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = (await readdir(root)).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

/** As root, the server runs as the postgres user: what it reads and writes must be that user's. */
async function ownedByPostgres(...paths: string[]): Promise<void> {
  if (userInfo().uid !== 0) return;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  for (const p of paths) await chown(p, Number(stdout.trim()), Number(gid.trim()));
}

export async function startCluster(): Promise<Cluster> {
  const bin = await postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql): /usr/lib/postgresql/<version>/bin/initdb not found');
  const asRoot = userInfo().uid === 0;
  const dir = await mkdtemp(join(tmpdir(), 'qa-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  await writeFile(pwfile, SUPERUSER_PASSWORD);
  await ownedByPostgres(dir, pwfile);
  await chmod(dir, 0o700);
  const pgCmd = (cmd: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  await pgCmd('initdb', ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  return clusterOn(bin, dir, data, await freePort(), pgCmd);
}

type PgCmd = (cmd: string, args: string[]) => Promise<unknown>;

/** The cluster in `data`, started on `port` (the primary made by initdb, or a standby made by pg_basebackup). */
async function clusterOn(bin: string, dir: string, data: string, port: number, pgCmd: PgCmd): Promise<Cluster> {
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    await pgCmd('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgCmd('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']).catch(() => undefined);
  };
  await start();
  const host = '127.0.0.1';
  const superClient = async (database = 'postgres') => {
    const c = new pg.Client({ host, port, user: 'postgres', password: SUPERUSER_PASSWORD, database });
    await c.connect();
    return c;
  };
  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres') => {
    const c = await superClient(database);
    try {
      return (await c.query<T>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    host,
    port,
    dir,
    superClient,
    query,
    createApp: async (role, password, database) => {
      const c = await superClient();
      try {
        await c.query(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)} OWNER ${pg.escapeIdentifier(role)}`);
      } finally {
        await c.end();
      }
    },
    stop,
    start,
    standby: async () => {
      const sdir = await mkdtemp(join(tmpdir(), 'qa-pg-standby-'));
      await ownedByPostgres(sdir);
      await chmod(sdir, 0o700);
      const sdata = join(sdir, 'data');
      // A physical copy streaming the primary's WAL (-R writes primary_conninfo, with the password, and standby.signal).
      const args = ['-D', sdata, '-h', host, '-p', String(port), '-U', 'postgres', '-R', '-X', 'stream', '-c', 'fast', '--no-sync'];
      const env = `PGPASSWORD=${SUPERUSER_PASSWORD}`;
      if (userInfo().uid === 0) await run('runuser', ['-u', 'postgres', '--', 'env', env, join(bin, 'pg_basebackup'), ...args]);
      else await run('env', [env, join(bin, 'pg_basebackup'), ...args]);
      const sb = await clusterOn(bin, sdir, sdata, await freePort(), pgCmd);
      return { ...sb, promote: async () => void (await pgCmd('pg_ctl', ['-D', sdata, '-w', '-t', '60', 'promote'])) };
    },
    destroy: async () => {
      await stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
