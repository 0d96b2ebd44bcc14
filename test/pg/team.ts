// A throwaway team server: a cluster, the DBA's one-time setup exactly as the README gives it, the schema migrated by
// the migration login, the first admin, and helpers that sign in as a person with their own login.
import pg from 'pg';
import { dbaSetupSql } from '../../src-main/services/teamSchema';
import { changeOwnPassword, initTeamServer, personClient } from '../../src-main/services/teamServer';
import { startCluster, type Cluster } from './cluster';

export const TEAM_DB = 'qa_team';
export const MIGRATION_LOGIN = 'qa_migrator';
export const MIGRATION_PASSWORD = 'migrator-secret';

export interface TeamServer {
  cluster: Cluster;
  config: { host: string; port: number; database: string };
  /** A client as the migration login (the schema's owner). */
  owner(): Promise<pg.Client>;
  /** A connected client as a person's login. */
  as(login: string, password: string): Promise<pg.Client>;
  admin: { id: string; login: string; password: string };
  destroy(): Promise<void>;
}

export function personRecord(id: string, role: string, employeeNo: string, teamId: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  const at = '2026-11-01T08:00:00.000Z';
  return { id, name: `Person ${employeeNo}`, email: `${employeeNo}@example.com`, employeeNo, role, teamId, active: true, leave: [], createdAt: at, updatedAt: at, rev: 1, createdBy: null, deletedAt: null, ...extra };
}

/** A cluster after the DBA's one-time setup only: no schema, no admin yet (what the setup command starts from). */
export async function startBareTeamServer(): Promise<{ cluster: Cluster; config: TeamServer['config'] }> {
  const cluster = await startCluster();
  const statements = dbaSetupSql(TEAM_DB, MIGRATION_LOGIN, MIGRATION_PASSWORD);
  let c = await cluster.superClient();
  for (const sql of statements) {
    const m = /^\\c (\w+)$/.exec(sql);
    if (m) {
      await c.end();
      c = await cluster.superClient(m[1]);
    } else await c.query(sql);
  }
  await c.end();
  return { cluster, config: { host: cluster.host, port: cluster.port, database: TEAM_DB } };
}

export async function startTeamServer(adminPassword = 'admin-password-1'): Promise<TeamServer> {
  const { cluster, config } = await startBareTeamServer();
  const owner = async () => {
    const o = new pg.Client({ ...config, user: MIGRATION_LOGIN, password: MIGRATION_PASSWORD });
    await o.connect();
    return o;
  };
  const as = async (login: string, password: string) => {
    const p = personClient(config, login, password);
    await p.connect();
    return p;
  };
  const o = await owner();
  const adminId = '0190a000-0000-7000-8000-00000000a001';
  const init = await initTeamServer(o, personRecord(adminId, 'admin', 'A001', null));
  await o.end();
  const first = await as(init.login, init.password);
  await changeOwnPassword(first, adminPassword);
  await first.end();
  return { cluster, config, owner, as, admin: { id: adminId, login: init.login, password: adminPassword }, destroy: () => cluster.destroy() };
}
