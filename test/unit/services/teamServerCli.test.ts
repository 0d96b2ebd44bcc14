// The team server's setup command against a cluster straight after the DBA's setup: `init` migrates and creates the
// first admin with a one-time password that signs in (and must be changed), a second `init` is refused, `migrate`
// says the schema is current, and a missing flag or password is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamServerCli, UsageError } from '../../../src-main/cli/teamServer';
import { TeamSession } from '../../../src-main/services/teamSync';
import { LATEST_TEAM_SCHEMA } from '../../../src-main/services/teamSchema';
import { MIGRATION_LOGIN, MIGRATION_PASSWORD, startBareTeamServer } from '../../pg/team';
import type { Cluster } from '../../pg/cluster';

let cluster: Cluster;
let args: string[];
const env = { PGPASSWORD: MIGRATION_PASSWORD };

beforeAll(async () => {
  const s = await startBareTeamServer();
  cluster = s.cluster;
  args = ['--host', s.config.host, '--port', String(s.config.port), '--database', s.config.database, '--user', MIGRATION_LOGIN, '--tls', 'disable'];
}, 120_000);

afterAll(async () => {
  await cluster?.destroy();
});

describe('npm run team-server', () => {
  it('names what is missing', async () => {
    await expect(teamServerCli(['init', ...args], {}, () => undefined)).rejects.toThrow(new UsageError("PGPASSWORD is not set (the migration login's password)"));
    await expect(teamServerCli(['init', ...args], env, () => undefined)).rejects.toThrow('--admin-employee-no is missing');
    await expect(teamServerCli(['init', '--host', 'h'], env, () => undefined)).rejects.toThrow('--port is missing');
    await expect(teamServerCli(['start'], env, () => undefined)).rejects.toThrow(/init .* or migrate/);
  });

  it('init: the schema and a first admin whose one-time password signs in once, to be changed', async () => {
    const lines: string[] = [];
    await teamServerCli(['init', ...args, '--admin-employee-no', 'A9', '--admin-name', '王芳', '--admin-email', 'wang@example.com'], env, (l) => lines.push(l));
    expect(lines[0]).toBe(`Team schema at version ${LATEST_TEAM_SCHEMA}. First admin: 王芳 (A9), login qa_u_a9.`);
    const password = /One-time password .*: (\S+)$/.exec(lines[1]!)![1]!;
    const s = await TeamSession.signIn({ host: args[1]!, port: Number(args[3]), database: args[5]!, tls: 'disable' }, 'A9', password);
    expect(s.me).toMatchObject({ role: 'admin', mustChange: true });
    await s.close();
    // A second admin cannot be made this way once there is one.
    await expect(teamServerCli(['init', ...args, '--admin-employee-no', 'A10', '--admin-name', 'x', '--admin-email', 'x@example.com'], env, () => undefined)).rejects.toThrow(/row-level security/);
    const said: string[] = [];
    await teamServerCli(['migrate', ...args], env, (l) => said.push(l));
    expect(said).toEqual([`The team schema is at version ${LATEST_TEAM_SCHEMA} already.`]);
  });
});
