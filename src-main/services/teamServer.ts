// Team mode's conversation with the server, as the signed-in person's own login role: who I am, the change feed
// (rows changed after a cursor, bounded by the oldest transaction still open so a late commit is never skipped),
// tombstones, the ids still visible (rows a person can no longer see leave their replica), and writes — each
// console transaction one server transaction, named so a replay applies nothing twice, every change checked
// against the rev it was based on. Plain functions over a pg client; the session keeping the client is teamSync.ts.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { REPLICATED_TABLES, replicatedServerTable, replicatedTable, type FeedBounds, type ReplicatedTable, type FeedPosition, type FeedRow, type WriteOp, type WriteOutcome, type WriteTx } from '@domain/replication';

export type { FeedBounds, FeedPosition, FeedRow, WriteOp, WriteOutcome, WriteTx } from '@domain/replication';
import type { TeamLogin } from '@contract';
import { migrate, SCHEMA } from './appraisalSchema';
import { readScope, uniqueIndexName, LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS } from './teamSchema';

const S = SCHEMA;

/** A SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it: the password itself never goes to the server. */
export function scramVerifier(password: string, iterations = 4096, salt = randomBytes(16)): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** A one-time password an admin hands over: 4 groups of 4 letters and digits without look-alikes (80 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export interface Me {
  personId: string;
  role: 'admin' | 'supervisor' | 'lead' | 'staff';
  mustChange: boolean;
  active: boolean;
}

/** Who the session's login is (null: a login that is not a person's). */
export async function whoami(client: pg.ClientBase): Promise<Me | null> {
  const { rows } = await client.query<{ person_id: string; role: Me['role'] | null; must_change: boolean; active: boolean }>(`SELECT * FROM ${S}.whoami()`);
  const r = rows[0];
  if (!r || !r.role) return null;
  return { personId: r.person_id, role: r.role, mustChange: r.must_change, active: r.active };
}

export async function changeOwnPassword(client: pg.ClientBase, password: string): Promise<void> {
  await client.query(`SELECT ${S}.change_my_password($1)`, [scramVerifier(password)]);
}

/** Provisions a login for a person already on the server; answers the login and its one-time password. */
export async function provisionLogin(client: pg.ClientBase, personId: string, password = oneTimePassword()): Promise<{ login: string; password: string }> {
  const { rows } = await client.query<{ login: string }>(`SELECT ${S}.provision_login($1, $2) AS login`, [personId, scramVerifier(password)]);
  return { login: rows[0]!.login, password };
}

export async function resetPassword(client: pg.ClientBase, personId: string, password = oneTimePassword()): Promise<string> {
  await client.query(`SELECT ${S}.reset_password($1, $2)`, [personId, scramVerifier(password)]);
  return password;
}

/**
 * A new team server, run once by the schema's owner (the DBA's migration login): the schema, then the first admin
 * (a person record written as given) and their login with a one-time password.
 */
export async function initTeamServer(client: pg.ClientBase, firstAdmin: Record<string, unknown> & { id: string }): Promise<{ schema: { from: number; to: number }; login: string; password: string }> {
  const schema = await migrate(client, LATEST_TEAM_SCHEMA, TEAM_MIGRATIONS);
  await client.query('BEGIN');
  try {
    await client.query(`INSERT INTO ${S}.people (id, record) VALUES ($1, $2)`, [firstAdmin.id, firstAdmin]);
    const login = await provisionLogin(client, firstAdmin.id);
    await client.query('COMMIT');
    return { schema, ...login };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

// ---- The change feed

export async function feedBounds(client: pg.ClientBase): Promise<FeedBounds> {
  const { rows } = await client.query<{ hi: string; current: string; system: string }>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS hi, pg_snapshot_xmax(pg_current_snapshot())::text AS current,
            (SELECT system_identifier::text FROM pg_control_system()) AS system`,
  );
  return { hi: rows[0]!.hi, current: rows[0]!.current, system: rows[0]!.system };
}

/**
 * A table's rows matching `where` (then `tail`: ORDER BY, LIMIT) as the change feed reads them: with the read rule's
 * own part added, so a person who does not oversee everything reads through the indexes on their columns, and a
 * UNION ALL whose branches each open only for those they concern (the gate is a constant of the query, evaluated
 * once), so admins and supervisors read the change index alone. Row-level security still decides what is returned.
 */
function scopedSelect(t: ReplicatedTable, columns: string, where: string, page?: { limit: string }): string {
  const from = `SELECT ${columns} FROM ${S}.${t.server} WHERE ${where}`;
  // In change order, for those who read everything by the change index; a person's own rows are found by their
  // indexes first and then put in order (sorting by the row value keeps the planner from walking the change index
  // and filtering: it cannot know a person's share of the table before the query runs).
  const all = page ? ` ORDER BY change_xid, change_seq LIMIT ${page.limit}` : '';
  const own = page ? ` ORDER BY ROW(change_xid, change_seq) LIMIT ${page.limit}` : '';
  const scope = readScope(t);
  if (!scope) return `${from}${all}`;
  if (!scope.gate) return `${from} AND (${scope.own})${own}`;
  return `(${from} AND ${scope.gate}${all}) UNION ALL (${from} AND NOT ${scope.gate} AND (${scope.own})${own})`;
}

function replicated(table: string): ReplicatedTable {
  const t = replicatedTable(table);
  if (!t) throw new Error(`${table} is not replicated`);
  return t;
}

const IN_RANGE = 'change_xid >= $1::xid8 AND change_xid < $2::xid8';

/** One page of a table's changes with lo <= change < hi, after `after` (keyset), in change order. */
export async function pullPage(client: pg.ClientBase, table: string, lo: string, hi: string, after: FeedPosition | null, limit: number): Promise<FeedRow[]> {
  const t = replicated(table);
  const params: unknown[] = [lo, hi, limit];
  let keyset = '';
  if (after) {
    params.push(after.xid, after.seq);
    keyset = 'AND (change_xid, change_seq) > ($4::xid8, $5::bigint)';
  }
  const { rows } = await client.query<{ id: string; record: Record<string, unknown>; xid: string; seq: string }>(
    `SELECT id, record, change_xid::text AS xid, change_seq::text AS seq
     FROM (${scopedSelect(t, 'id, record, change_xid, change_seq', `${IN_RANGE} ${keyset}`, { limit: '$3' })}) page ORDER BY change_xid, change_seq LIMIT $3`,
    params,
  );
  return rows;
}

/** Which of these tables have changes the session may see in [lo, hi): a pull pages only those (one query, not one per table). */
export async function changedTables(client: pg.ClientBase, tables: string[], lo: string, hi: string): Promise<string[]> {
  const specs = tables.map(replicated);
  if (!specs.length) return [];
  const sql = specs.map((t) => `SELECT '${t.table}' AS t WHERE EXISTS (${scopedSelect(t, '1', IN_RANGE)})`).join(' UNION ALL ');
  const { rows } = await client.query<{ t: string }>(sql, [lo, hi]);
  return rows.map((r) => r.t);
}

/**
 * Where the feed stands and what changed since `lo`, in one statement (one snapshot): the bounds, the tables with
 * changes the session may see in [lo, hi), and whether anything was removed for good there. Most pulls after a
 * notice need exactly this and one page.
 */
export async function feedSince(client: pg.ClientBase, tables: string[], lo: string): Promise<{ bounds: FeedBounds; tables: string[]; removed: boolean }> {
  const specs = tables.map(replicated);
  const range = 'change_xid >= $1::xid8 AND change_xid < (SELECT hi FROM b)';
  const changed = specs.length ? specs.map((t) => `SELECT '${t.table}' AS t WHERE EXISTS (${scopedSelect(t, '1', range)})`).join(' UNION ALL ') : `SELECT NULL::text AS t WHERE false`;
  const { rows } = await client.query<{ hi: string; current: string; system: string; tables: string[]; removed: boolean }>(
    `WITH b AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS hi, pg_snapshot_xmax(pg_current_snapshot()) AS current)
     SELECT hi::text, current::text, (SELECT system_identifier::text FROM pg_control_system()) AS system,
            ARRAY(${changed}) AS tables, EXISTS (SELECT 1 FROM ${S}.tombstones WHERE ${range}) AS removed
     FROM b`,
    [lo],
  );
  const r = rows[0]!;
  return { bounds: { hi: r.hi, current: r.current, system: r.system }, tables: r.tables, removed: r.removed };
}

/** Rows removed for good in [lo, hi), by local table. */
export async function pullTombstones(client: pg.ClientBase, lo: string, hi: string): Promise<{ table: string; id: string }[]> {
  const { rows } = await client.query<{ tbl: string; id: string }>(`SELECT tbl, id FROM ${S}.tombstones WHERE change_xid >= $1::xid8 AND change_xid < $2::xid8`, [lo, hi]);
  return rows.flatMap((r) => {
    const t = replicatedServerTable(r.tbl);
    return t ? [{ table: t.table, id: r.id }] : [];
  });
}

/** The ids of a table the session may see now (the replica drops the rest). */
export async function visibleIds(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(scopedSelect(replicated(table), 'id', 'true'));
  return rows.map((r) => r.id);
}

/** The server's versions of some records the session may see (a refused change put back); the others are absent. */
export async function fetchRecords(client: pg.ClientBase, table: string, ids: string[]): Promise<Record<string, unknown>[]> {
  const t = replicated(table);
  const { rows } = await client.query<{ record: Record<string, unknown> }>(`SELECT record FROM ${S}.${t.server} WHERE id = ANY ($1::text[])`, [ids]);
  return rows.map((r) => r.record);
}

/** The server's audit chain checked end to end (admins and supervisors; the others are refused by the server). */
export async function verifyAudit(client: pg.ClientBase): Promise<{ entries: number; firstBroken: number | null; reason: string | null }> {
  const { rows } = await client.query<{ entries: string; first_broken: string | null; reason: string | null }>(`SELECT * FROM ${S}.verify_audit()`);
  const r = rows[0]!;
  return { entries: Number(r.entries), firstBroken: r.first_broken === null ? null : Number(r.first_broken), reason: r.reason };
}

/** How many rows of each table the session may see (a first sync's progress). */
export async function visibleCounts(client: pg.ClientBase, tables: readonly ReplicatedTable[] = REPLICATED_TABLES): Promise<Record<string, number>> {
  const sql = tables.map((t) => `SELECT '${t.table}' AS t, count(*)::int AS n FROM (${scopedSelect(t, '1', 'true')}) visible`).join(' UNION ALL ');
  const { rows } = await client.query<{ t: string; n: number }>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

// ---- Writes

/** PostgreSQL's error code of a failure, when it is one. */
const pgCode = (err: unknown): string | undefined => (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined);
const pgMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The server's copy of a record, if the session may see it. */
async function serverRecord(client: pg.ClientBase, server: string, id: string): Promise<Record<string, unknown> | null> {
  const { rows } = await client.query<{ record: Record<string, unknown> }>(`SELECT record FROM ${S}.${server} WHERE id = $1`, [id]);
  return rows[0]?.record ?? null;
}

const sameRecord = (a: Record<string, unknown> | null, b: Record<string, unknown> | null) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

class Stop extends Error {
  constructor(readonly outcome: WriteOutcome) {
    super(outcome.status);
  }
}

/**
 * Applies one console transaction in one server transaction: its name first (a replay finds it and answers
 * "already"), then each op — a create inserts (the same record already there counts as done), a revise updates
 * only where the server still has the rev it was based on, a remove deletes. The first op that cannot land undoes
 * the whole transaction and is answered with the server's version (a conflict) or the server's refusal.
 */
export async function applyWrite(client: pg.ClientBase, tx: WriteTx): Promise<WriteOutcome> {
  await client.query('BEGIN');
  try {
    const named = await client.query(`INSERT INTO ${S}.applied_writes (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [tx.id]);
    if (named.rowCount === 0) {
      await client.query('ROLLBACK');
      return { id: tx.id, status: 'already' };
    }
    for (let i = 0; i < tx.ops.length; i++) await applyOp(client, tx.id, i, tx.ops[i]!);
    await client.query('COMMIT');
    return { id: tx.id, status: 'applied' };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof Stop) return err.outcome;
    const code = pgCode(err);
    // Refusals by policy, privilege or the schema's rules; anything else (a lost connection) is for the caller to retry.
    if (code && (code.startsWith('42') || code.startsWith('22') || code.startsWith('23') || code === 'P0001'))
      return { id: tx.id, status: 'refused', op: failedOp(err), message: pgMessage(err) };
    if (code === '40001') return { id: tx.id, status: 'conflict', op: failedOp(err), server: null, message: pgMessage(err) };
    throw err;
  }
}

const opIndex = new WeakMap<object, number>();
const failedOp = (err: unknown): number => (err && typeof err === 'object' ? (opIndex.get(err) ?? -1) : -1);

async function applyOp(client: pg.ClientBase, txId: string, i: number, op: WriteOp): Promise<void> {
  const t = replicatedTable(op.table);
  if (!t) throw new Stop({ id: txId, status: 'refused', op: i, message: `${op.table} is not kept on the team server` });
  const table = `${S}.${t.server}`;
  try {
    if (op.kind === 'remove') {
      await client.query(`DELETE FROM ${table} WHERE id = $1`, [op.id]);
      return;
    }
    if (!op.record || op.record.id !== op.id) throw new Stop({ id: txId, status: 'refused', op: i, message: `${op.table} ${op.id}: the record is missing or names another id` });
    if (op.kind === 'create') {
      // Not ON CONFLICT: that makes the new row pass the SELECT policy too, and a reviewer may create a row (a
      // notification for someone else) they may not read. A savepoint keeps the transaction through a duplicate.
      await client.query('SAVEPOINT op');
      try {
        await client.query(`INSERT INTO ${table} (id, record, rev, created_at) VALUES ($1, $2, 0, now())`, [op.id, op.record]);
        await client.query('RELEASE SAVEPOINT op');
        return;
      } catch (err) {
        if (pgCode(err) !== '23505') throw err;
        await client.query('ROLLBACK TO SAVEPOINT op');
        const constraint = (err as { constraint?: string }).constraint ?? '';
        const key = (t.unique ?? []).findIndex((_f, k) => constraint === uniqueIndexName(t.server, k));
        // Another record holds the same unique key (the same helpdesk ticket imported on two consoles): refused, named.
        if (key >= 0)
          throw new Stop({ id: txId, status: 'refused', op: i, message: `${op.table} ${op.id}: the server already holds another record with the same ${t.unique![key]!.join(' + ')} (${t.unique![key]!.map((f) => String(op.record![f])).join(', ')})` });
      }
      const server = await serverRecord(client, t.server, op.id);
      if (sameRecord(server, op.record)) return;
      throw new Stop({ id: txId, status: 'conflict', op: i, server, message: `${op.table} ${op.id} exists on the server already` });
    }
    const r = await client.query(`UPDATE ${table} SET record = $2 WHERE id = $1 AND rev = $3`, [op.id, op.record, op.baseRev]);
    if (r.rowCount === 1) return;
    const server = await serverRecord(client, t.server, op.id);
    if (server === null) throw new Stop({ id: txId, status: 'refused', op: i, message: `${op.table} ${op.id} is not on the server or not yours to change` });
    if (sameRecord(server, op.record)) return;
    throw new Stop({ id: txId, status: 'conflict', op: i, server, message: `${op.table} ${op.id} was changed on the server (rev ${String(server.rev)}, this change was based on rev ${String(op.baseRev)})` });
  } catch (err) {
    if (err && typeof err === 'object' && !(err instanceof Stop)) opIndex.set(err, i);
    throw err;
  }
}

/** A client as a person's login (SCRAM; the password is used for this connection and not kept here). */
export function personClient(config: { host: string; port: number; database: string; ssl?: pg.ClientConfig['ssl'] }, login: string, password: string): pg.Client {
  const c = new pg.Client({ ...config, user: login, password, application_name: 'qa-console', connectionTimeoutMillis: 10_000 });
  c.on('error', () => undefined);
  return c;
}

/** The console's advisory-lock key space (the first of the two int4 keys); the job's name hashes into the second. */
export const LEASE_SPACE = 0x51a_c0de;

export function leaseKey(job: string): number {
  return createHash('sha256').update(job, 'utf8').digest().readUInt32BE(0) & 0x7fffffff;
}

/**
 * Takes (or keeps) a scheduled job's lease: a session-level advisory lock on this connection, so the server frees it
 * when the console closes or its connection dies. Asked again on the same connection it answers true without
 * stacking a second hold; another connection holding it answers false.
 */
export async function takeLease(client: pg.ClientBase, job: string): Promise<boolean> {
  const { rows } = await client.query<{ leader: boolean }>(
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND pid = pg_catalog.pg_backend_pid()
       AND classid = $1::int4::oid AND objid = $2::int4::oid AND objsubid = 2 AND granted)
     THEN true ELSE pg_catalog.pg_try_advisory_lock($1::int4, $2::int4) END AS leader`,
    [LEASE_SPACE, leaseKey(job)],
  );
  return rows[0]!.leader;
}

/** Gives a job's lease up (sign-out does it too, by closing the connection). */
export async function dropLease(client: pg.ClientBase, job: string): Promise<void> {
  await client.query(`SELECT pg_catalog.pg_advisory_unlock($1::int4, $2::int4)`, [LEASE_SPACE, leaseKey(job)]);
}

/** The server's schema version (a server from before migration 3 has no function to say it: 2 at most). */
export async function serverSchemaVersion(client: pg.ClientBase): Promise<number> {
  try {
    const { rows } = await client.query<{ v: number }>(`SELECT ${S}.schema_version() AS v`);
    return rows[0]!.v;
  } catch (err) {
    if ((err as { code?: string }).code === '42883') return 2;
    throw err;
  }
}

/** Every person's login as an admin sees it on the People page. */
export async function listLogins(client: pg.ClientBase): Promise<TeamLogin[]> {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const { rows } = await client.query<{ person_id: string; login: string; must_change: boolean; created_at: Date; last_sign_in: Date | null; password_changed_at: Date | null; can_login: boolean }>(`SELECT * FROM ${S}.login_list()`);
  return rows.map((r) => ({ personId: r.person_id, login: r.login, mustChange: r.must_change, createdAt: r.created_at.toISOString(), lastSignIn: iso(r.last_sign_in), passwordChangedAt: iso(r.password_changed_at), canLogin: r.can_login }));
}
