// Moving a standalone workspace to an empty team server, as the DBA's migration login (the schema owner): the
// schema brought up to date, the server checked empty (or a move of the same workspace under way, which resumes),
// every record uploaded with its id, rev and content in chunks that may be sent again (a row already there is
// skipped), each table read back and compared by count and content digest, and only then the people's logins
// provisioned with one-time passwords and the move marked done, in one transaction.
import pg from 'pg';
import { REPLICATED_TABLES, replicatedTable } from '@domain/replication';
import { recordsDigest } from '@domain/auditChain';
import { migrate, SCHEMA } from './appraisalSchema';
import { ServiceError } from './errors';
import { LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS } from './teamSchema';
import { provisionLogin } from './teamServer';

const S = SCHEMA;

function serverTable(table: string): string {
  const t = replicatedTable(table);
  if (!t) throw new ServiceError('invalid-input', `${table} is not a table a team server keeps`, 'table');
  return t.server;
}

export interface MoveStart {
  /** A move of this workspace was under way and goes on from where it stopped. */
  resumed: boolean;
  /** Rows the server already holds per table (all 0 for a new move). */
  counts: Record<string, number>;
}

/** Prepares the server for the move; refuses one that holds anything but an unfinished move of this workspace. */
export async function beginMove(client: pg.ClientBase, workspace: string): Promise<MoveStart> {
  await migrate(client, LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS);
  const { rows: state } = await client.query<{ state: string; workspace: string }>(`SELECT state, workspace FROM ${S}.move_state`);
  const s = state[0];
  if (s?.state === 'done') throw new ServiceError('forbidden', 'A workspace has already been moved to this team server', 'connection', 'team.move.notEmpty');
  if (s && s.workspace !== workspace) throw new ServiceError('forbidden', 'Another workspace is being moved to this team server', 'connection', 'team.move.notEmpty');
  if (!s) {
    // Marked first, in a transaction: the owner's read policy then shows every row, so "empty" is the truth.
    await client.query('BEGIN');
    try {
      await client.query(`INSERT INTO ${S}.move_state (id, state, workspace) VALUES (1, 'uploading', $1)`, [workspace]);
      const { rows } = await client.query<{ n: number }>(
        `SELECT (${REPLICATED_TABLES.map((t) => `(SELECT count(*) FROM (SELECT 1 FROM ${S}.${t.server} LIMIT 1) x)`).join(' + ')} + (SELECT count(*) FROM ${S}.logins))::int AS n`,
      );
      if (rows[0]!.n > 0) throw new ServiceError('forbidden', 'The team server is not empty: a workspace moves only to a new, empty server', 'connection', 'team.move.notEmpty');
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  const counts: Record<string, number> = {};
  for (const t of REPLICATED_TABLES) counts[t.table] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${S}.${t.server}`)).rows[0]!.n);
  return { resumed: !!s, counts };
}

/** One chunk of one table, in one transaction (one audit entry); rows already there are skipped. Answers how many were new. */
export async function uploadRecords(client: pg.ClientBase, table: string, records: Record<string, unknown>[]): Promise<number> {
  const t = serverTable(table);
  const r = await client.query(
    `INSERT INTO ${S}.${t} (id, record) SELECT r->>'id', r FROM jsonb_array_elements($1::jsonb) r ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(records)],
  );
  return r.rowCount ?? 0;
}

/** The server's count and content digest of a table, read back in id order (the console compares its own). */
export async function tableDigest(client: pg.ClientBase, table: string): Promise<{ count: number; digest: string }> {
  const t = serverTable(table);
  const d = recordsDigest();
  let after = '';
  for (;;) {
    const { rows } = await client.query<{ id: string; record: Record<string, unknown> }>(`SELECT id, record FROM ${S}.${t} WHERE id COLLATE "C" > $1 ORDER BY id COLLATE "C" LIMIT 5000`, [after]);
    for (const r of rows) d.add(r.record);
    if (rows.length < 5000) break;
    after = rows[rows.length - 1]!.id;
  }
  return { count: d.count(), digest: d.hex() };
}

export interface Handout {
  personId: string;
  login: string;
  password: string;
}

/** Provisions a login for each active person and marks the move done, all or nothing. */
export async function finishMove(client: pg.ClientBase, personIds: string[]): Promise<Handout[]> {
  await client.query('BEGIN');
  try {
    const out: Handout[] = [];
    for (const id of personIds) out.push({ personId: id, ...(await provisionLogin(client, id)) });
    await client.query(`UPDATE ${S}.move_state SET state = 'done', finished_at = now() WHERE state = 'uploading'`);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
