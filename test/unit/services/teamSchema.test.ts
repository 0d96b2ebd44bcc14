// Team mode's server schema as migrations: applied once under the advisory lock (also when two consoles' setups
// race), beside the appraisal tables HR reads in the same schema, and with every table's security as designed:
// row-level security enabled and forced, owned by the NOLOGIN owner, no person's login able to bypass it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICATED_TABLES } from '@domain/replication';
import { migrate, SCHEMA } from '../../../src-main/services/appraisalSchema';
import { LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS, TEAM_ROLES } from '../../../src-main/services/teamSchema';
import { startTeamServer, TEAM_DB, type TeamServer } from '../../pg/team';

let server: TeamServer;

beforeAll(async () => {
  server = await startTeamServer();
}, 120_000);

afterAll(async () => {
  await server?.destroy();
});

describe('team schema migrations', () => {
  it('runs once: again, or twice at the same moment, changes nothing', async () => {
    const [a, b] = await Promise.all([server.owner(), server.owner()]);
    try {
      const both = await Promise.all([migrate(a, LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS), migrate(b, LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS)]);
      expect(both).toEqual([
        { from: LATEST_TEAM_SCHEMA, to: LATEST_TEAM_SCHEMA },
        { from: LATEST_TEAM_SCHEMA, to: LATEST_TEAM_SCHEMA },
      ]);
      const { rows } = await a.query(`SELECT version FROM ${SCHEMA}.team_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(TEAM_MIGRATIONS.migrations.map((m) => m.version));
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('lives beside the appraisal tables in the same schema, each with its own versions', async () => {
    const o = await server.owner();
    try {
      const m = await migrate(o);
      expect(m.from).toBe(0);
      const { rows } = await o.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.appraisal_records`);
      expect(rows[0].n).toBe(0);
      expect((await o.query(`SELECT max(version) AS v FROM ${SCHEMA}.team_migrations`)).rows[0].v).toBe(LATEST_TEAM_SCHEMA);
    } finally {
      await o.end();
    }
  });

  it('forces row-level security on every replicated table, owned by the NOLOGIN owner; no person can bypass it', async () => {
    const tables = await server.cluster.query<{ relname: string; rls: boolean; forced: boolean; owner: string }>(
      `SELECT c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [SCHEMA],
      TEAM_DB,
    );
    const byName = new Map(tables.map((t) => [t.relname, t]));
    for (const t of [...REPLICATED_TABLES.map((x) => x.server), 'audit_log', 'tombstones', 'applied_writes']) {
      expect(byName.get(t), t).toMatchObject({ rls: true, forced: true, owner: TEAM_ROLES.owner });
    }
    const roles = await server.cluster.query<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean; rolcanlogin: boolean }>(
      `SELECT rolname, rolbypassrls, rolsuper, rolcanlogin FROM pg_roles WHERE rolname LIKE 'qa\\_%'`,
    );
    expect(roles.filter((r) => r.rolbypassrls || r.rolsuper)).toEqual([]);
    expect(roles.find((r) => r.rolname === TEAM_ROLES.owner)).toMatchObject({ rolcanlogin: false });
    expect(roles.find((r) => r.rolname === TEAM_ROLES.provisioner)).toMatchObject({ rolcanlogin: false });
  });
});
