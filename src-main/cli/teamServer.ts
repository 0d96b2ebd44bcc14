// `npm run team-server -- init|migrate --host H --port P --database D --user MIGRATION_LOGIN [--tls disable|require|verify-full]
//   [--admin-employee-no N --admin-name NAME --admin-email EMAIL]`, the migration login's password in PGPASSWORD:
// what an administrator runs once after the DBA's setup (README: "Run a team server"). `init` migrates the schema and
// creates the first admin with a one-time password (printed once, to be changed at their first sign-in); `migrate`
// brings the schema up to this version of the console.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { uuidv7 } from '@domain/ids';
import { migrate } from '../services/appraisalSchema';
import { pgClientConfig } from '../services/appraisalSync';
import { LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS } from '../services/teamSchema';
import { initTeamServer } from '../services/teamServer';

/** A command-line mistake, naming the flag. */
export class UsageError extends Error {}

const TLS = ['disable', 'require', 'verify-full'] as const;

export async function teamServerCli(argv: string[], env: Record<string, string | undefined>, print: (line: string) => void, now = Date.now()): Promise<void> {
  const [command] = argv;
  const flag = (name: string, required = true): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    const v = i > 0 ? argv[i + 1] : undefined;
    if (required && (!v || v.startsWith('--'))) throw new UsageError(`--${name} is missing`);
    return v;
  };
  if (command !== 'init' && command !== 'migrate') throw new UsageError('say what to do: init (a new team server) or migrate (an existing one)');
  const port = Number(flag('port'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${flag('port')} is not a port number`);
  const tls = (flag('tls', false) ?? 'require') as (typeof TLS)[number];
  if (!TLS.includes(tls)) throw new UsageError(`--tls must be one of ${TLS.join(', ')}`);
  const password = env.PGPASSWORD;
  if (!password) throw new UsageError("PGPASSWORD is not set (the migration login's password)");
  const admin =
    command === 'init'
      ? { employeeNo: flag('admin-employee-no')!, name: flag('admin-name')!, email: flag('admin-email')! }
      : null;
  const client = new pg.Client(pgClientConfig({ host: flag('host')!, port, database: flag('database')!, user: flag('user')!, tls }, password));
  client.on('error', () => undefined);
  await client.connect();
  try {
    if (!admin) {
      const m = await migrate(client, LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS);
      print(m.from === m.to ? `The team schema is at version ${m.to} already.` : `Team schema migrated from version ${m.from} to ${m.to}.`);
      return;
    }
    const at = new Date(now).toISOString();
    const id = uuidv7(now, (n) => new Uint8Array(randomBytes(n)));
    const r = await initTeamServer(client, { id, ...admin, role: 'admin', teamId: null, active: true, leave: [], createdAt: at, updatedAt: at, rev: 1, createdBy: null, deletedAt: null });
    print(`Team schema at version ${r.schema.to}. First admin: ${admin.name} (${admin.employeeNo}), login ${r.login}.`);
    print(`One-time password (shown once; to be changed at the first sign-in): ${r.password}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(__filename);
if (isMain) {
  teamServerCli(process.argv.slice(2), process.env, (l) => console.log(l)).catch((err: unknown) => {
    console.error(err instanceof UsageError ? `team-server: ${err.message}` : `team-server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
