// The console's tables in the company's PostgreSQL: versioned migrations, each run once, in order, in its own
// transaction, under an advisory lock.
import type pg from 'pg';

export const SCHEMA = 'qa_console';

/** Versioned migrations of the console's tables; each runs once, in order, in its own transaction. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'appraisal records, components, sync log',
    sql: `
      CREATE TABLE ${SCHEMA}.appraisal_records (
        employee_number text NOT NULL,
        period_key text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        period_kind text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        staff_name text NOT NULL,
        team_name text NOT NULL,
        composite numeric(9,4),
        grade text,
        missing text[] NOT NULL DEFAULT '{}',
        content_hash char(64) NOT NULL,
        locked_at timestamptz NOT NULL,
        locked_by text NOT NULL,
        content jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (employee_number, period_key, version)
      );
      CREATE TABLE ${SCHEMA}.appraisal_components (
        employee_number text NOT NULL,
        period_key text NOT NULL,
        version integer NOT NULL,
        component text NOT NULL,
        value numeric(9,4),
        weight numeric(9,4) NOT NULL,
        share numeric(9,6) NOT NULL,
        missing text,
        PRIMARY KEY (employee_number, period_key, version, component),
        FOREIGN KEY (employee_number, period_key, version) REFERENCES ${SCHEMA}.appraisal_records ON DELETE CASCADE
      );
      CREATE TABLE ${SCHEMA}.sync_log (
        id bigserial PRIMARY KEY,
        batch_id text NOT NULL,
        client text NOT NULL,
        received integer NOT NULL,
        inserted integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 2,
    name: 'amendments: the record each one supersedes, the reason, the record in force per person and period',
    sql: `
      ALTER TABLE ${SCHEMA}.appraisal_records ADD COLUMN supersedes_hash char(64), ADD COLUMN amend_reason text;
      CREATE INDEX appraisal_records_period ON ${SCHEMA}.appraisal_records (period_key);
      CREATE VIEW ${SCHEMA}.appraisal_current AS
        SELECT DISTINCT ON (employee_number, period_key) * FROM ${SCHEMA}.appraisal_records
        ORDER BY employee_number, period_key, version DESC;`,
  },
  {
    version: 3,
    name: 'signatures: the locking console key and its Ed25519 signature over the content hash; content kept as sent',
    // json (not jsonb) keeps the canonical text byte for byte, so the server can check a record by itself:
    // encode(sha256(convert_to(content::text, 'UTF8')), 'hex') = content_hash.
    sql: `
      DROP VIEW ${SCHEMA}.appraisal_current;
      ALTER TABLE ${SCHEMA}.appraisal_records ADD COLUMN signer_key_id text, ADD COLUMN signer_public_key text, ADD COLUMN signature text;
      ALTER TABLE ${SCHEMA}.appraisal_records ALTER COLUMN content TYPE json USING content::json;
      CREATE VIEW ${SCHEMA}.appraisal_current AS
        SELECT DISTINCT ON (employee_number, period_key) * FROM ${SCHEMA}.appraisal_records
        ORDER BY employee_number, period_key, version DESC;`,
  },
];
export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** A set of migrations and the table that records which have run (the appraisal's and team mode's are separate). */
export interface MigrationSet {
  migrations: Migration[];
  table: string;
  lockKey: string;
  /** The role the migrations run as (the tables' owner), when not the login itself. */
  role?: string;
}

export const APPRAISAL_MIGRATIONS: MigrationSet = { migrations: MIGRATIONS, table: 'schema_migrations', lockKey: 'qa_console_schema' };

/** Applies the migrations after the server's version, up to `upTo`, under an advisory lock; returns [from, to]. */
export async function migrate(client: pg.ClientBase, upTo = LATEST_SCHEMA, set: MigrationSet = APPRAISAL_MIGRATIONS): Promise<{ from: number; to: number }> {
  const latest = set.migrations[set.migrations.length - 1]!.version;
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [set.lockKey]);
    if (set.role) await client.query(`SET LOCAL ROLE ${set.role}`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.${set.table} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.${set.table}`);
    const from = rows[0]?.v ?? 0;
    for (const m of set.migrations) {
      if (m.version <= from || m.version > upTo) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${SCHEMA}.${set.table} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, Math.min(upTo, latest)) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
