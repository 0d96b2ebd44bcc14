// A throwaway PgBouncer in session mode in front of a test cluster (Debian's pgbouncer package), for the team
// console's "works through PgBouncer in session mode": SCRAM pass-through with the logins' verifiers copied from
// pg_authid into its auth file. PgBouncer refuses to run as root, so as root it runs as the postgres user.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { promisify } from 'node:util';
import { freePort, type Cluster } from './cluster';

const run = promisify(execFile);
export const PGBOUNCER = '/usr/sbin/pgbouncer';

export interface Bouncer {
  port: number;
  stop(): Promise<void>;
}

export async function startPgBouncer(cluster: Cluster, database: string, logins: string[]): Promise<Bouncer> {
  if (!existsSync(PGBOUNCER)) throw new Error(`PgBouncer is not installed (apt-get install pgbouncer): ${PGBOUNCER} not found`);
  const dir = await mkdtemp(join(tmpdir(), 'qa-pgbouncer-'));
  const secrets = await cluster.query<{ rolname: string; rolpassword: string }>(`SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY($1)`, [logins]);
  await writeFile(join(dir, 'userlist.txt'), secrets.map((s) => `"${s.rolname}" "${s.rolpassword}"`).join('\n') + '\n');
  const port = await freePort();
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${cluster.host} port=${cluster.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = session',
      'max_client_conn = 200',
      'default_pool_size = 50',
      // node-postgres sends the statement timeout as a startup parameter; PgBouncer 1.18 knows only a few.
      'ignore_startup_parameters = extra_float_digits,statement_timeout',
      `logfile = ${join(dir, 'log')}`,
      `pidfile = ${join(dir, 'pid')}`,
      '',
    ].join('\n'),
  );
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    for (const f of [dir, join(dir, 'userlist.txt'), join(dir, 'pgbouncer.ini')]) await chown(f, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const child: ChildProcess = asRoot ? spawn('runuser', ['-u', 'postgres', '--', PGBOUNCER, join(dir, 'pgbouncer.ini')], { stdio: 'ignore' }) : spawn(PGBOUNCER, [join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
  // Listening within 10 s (bounded).
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((ok) => {
      const s = createConnection(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), ok(true)));
      s.once('error', () => ok(false));
    });
    if (up) break;
    if (i === 99) throw new Error(`PgBouncer did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
