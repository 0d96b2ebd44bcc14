// Appraisal sync to the company's PostgreSQL: the saved connection (password encrypted by the platform's secret
// store), versioned migrations of the console's schema, batched idempotent upserts (one transaction per batch,
// keyed by employee number, period and record version) and the hashes the server holds, for reconciliation.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { AppraisalSyncRecord, PushOutcome, PushResult, ServerHashRow, SyncConnection, SyncSettings, SyncTest } from '@contract';
import { canonicalJson } from '@domain/auditChain';
import { ServiceError } from './errors';
import { writePrivateFile } from './privateFiles';
import { migrate, SCHEMA } from './appraisalSchema';
import type { SecretBox } from './secretBox';
import { keyIdOf, verifySignatureAsync } from './signing';

/** The record columns a push writes, in the order each VALUES row gives them (see `pushBatch`). */
const COLS = [
  'employee_number',
  'period_key',
  'version',
  'period_kind',
  'period_start',
  'period_end',
  'staff_name',
  'team_name',
  'composite',
  'grade',
  'missing',
  'content_hash',
  'supersedes_hash',
  'amend_reason',
  'locked_at',
  'locked_by',
  'content',
  'signer_key_id',
  'signer_public_key',
  'signature',
] as const;

const recordKey = (r: { employeeNo: string; periodKey: string; version: number }) => `${r.employeeNo}\u0000${r.periodKey}\u0000${r.version}`;

/**
 * One batch in one transaction: insert what the server lacks (ON CONFLICT DO NOTHING), then read back the hash of
 * what it already held, so a replay reports "already" and a different record under the same key "conflict" (a
 * locked record is never overwritten). The whole batch lands or none of it does.
 */
/**
 * Why a record may not be written, or null: its content must hash to its content hash (the same canonical JSON
 * the console hashes), the key id must name the key sent, and the signature must verify against that key.
 */
export async function recordProblem(r: AppraisalSyncRecord, canonical = canonicalJson(r.content)): Promise<string | null> {
  // Node's SHA-256 gives the same digest as the renderer's (pure JS) one, several times faster.
  if (createHash('sha256').update(canonical).digest('hex') !== r.contentHash) return 'the content does not match its hash';
  if (keyIdOf(r.signature.publicKey) !== r.signature.keyId) return 'the key id does not name the key sent';
  if (!(await verifySignatureAsync(r.contentHash, r.signature.value, r.signature.publicKey))) return 'the signature does not verify';
  return null;
}

export async function pushBatch(client: pg.ClientBase, batchId: string, all: AppraisalSyncRecord[], clientName: string): Promise<PushOutcome[]> {
  const seen = new Set<string>();
  for (const r of all) {
    if (seen.has(recordKey(r))) throw new ServiceError('invalid-input', `The batch holds ${r.employeeNo} ${r.periodKey} version ${r.version} twice`, r.employeeNo);
    seen.add(recordKey(r));
  }
  // A record failing its checks is answered "rejected" and not written; the rest of the batch goes on.
  // The canonical JSON is hashed for the check and is also what the content column receives (one serialisation).
  const canonical = new Map(all.map((r) => [r, canonicalJson(r.content)]));
  const checked = await Promise.all(all.map(async (r) => [recordKey(r), await recordProblem(r, canonical.get(r))] as const));
  const problems = new Map(checked.filter((x): x is readonly [string, string] => x[1] !== null));
  const records = all.filter((r) => !problems.has(recordKey(r)));
  if (!records.length) return all.map((r) => ({ employeeNo: r.employeeNo, periodKey: r.periodKey, version: r.version, status: 'rejected', serverHash: '', reason: problems.get(recordKey(r))! }));
  // One VALUES row per record with a parameter per column (a batch of 250 uses 5,000 of the 65,535 allowed): the
  // content goes as its own text parameter, not escaped inside an array literal.
  const params: unknown[] = [];
  const rows: string[] = [];
  for (const r of records) {
    const row = [
      r.employeeNo,
      r.periodKey,
      r.version,
      r.periodKind,
      r.periodStart,
      r.periodEnd,
      r.staffName,
      r.teamName,
      r.composite,
      r.grade,
      r.missing,
      r.contentHash,
      r.supersedesHash,
      r.amendReason,
      r.lockedAt,
      r.lockedBy,
      canonical.get(r)!,
      r.signature.keyId,
      r.signature.publicKey,
      r.signature.value,
    ];
    rows.push(`(${row.map((_, i) => `$${params.length + i + 1}`).join(', ')})`);
    params.push(...row);
  }
  await client.query('BEGIN');
  try {
    // Records and their components in one statement: the components of the records this statement inserted
    // (a replayed record's components are already there).
    const comp: unknown[][] = [[], [], [], [], [], [], [], []];
    for (const r of records) for (const c of r.components) [r.employeeNo, r.periodKey, r.version, c.key, c.value, c.weight, c.share, c.missing].forEach((v, i) => comp[i]!.push(v));
    const n = params.length;
    const inserted = await client.query<{ employee_number: string; period_key: string; version: number }>(
      `WITH ins AS (
         INSERT INTO ${SCHEMA}.appraisal_records (${COLS.join(', ')})
         VALUES ${rows.join(', ')}
         ON CONFLICT (employee_number, period_key, version) DO NOTHING
         RETURNING employee_number, period_key, version
       ), comp AS (
         INSERT INTO ${SCHEMA}.appraisal_components (employee_number, period_key, version, component, value, weight, share, missing)
         SELECT c.* FROM unnest($${n + 1}::text[], $${n + 2}::text[], $${n + 3}::int[], $${n + 4}::text[], $${n + 5}::numeric[], $${n + 6}::numeric[], $${n + 7}::numeric[], $${n + 8}::text[])
           AS c(employee_number, period_key, version, component, value, weight, share, missing)
         JOIN ins USING (employee_number, period_key, version)
       )
       SELECT employee_number, period_key, version FROM ins`,
      [...params, ...comp],
    );
    const fresh = new Set(inserted.rows.map((r) => recordKey({ employeeNo: r.employee_number, periodKey: r.period_key, version: r.version })));
    const held = new Map<string, string>();
    const old = records.filter((r) => !fresh.has(recordKey(r)));
    if (old.length) {
      const { rows } = await client.query<{ employee_number: string; period_key: string; version: number; content_hash: string }>(
        `SELECT r.employee_number, r.period_key, r.version, r.content_hash FROM ${SCHEMA}.appraisal_records r
         JOIN unnest($1::text[], $2::text[], $3::int[]) AS k(e, p, v) ON r.employee_number = k.e AND r.period_key = k.p AND r.version = k.v`,
        [old.map((r) => r.employeeNo), old.map((r) => r.periodKey), old.map((r) => r.version)],
      );
      for (const row of rows) held.set(recordKey({ employeeNo: row.employee_number, periodKey: row.period_key, version: row.version }), row.content_hash);
    }
    await client.query(`INSERT INTO ${SCHEMA}.sync_log (batch_id, client, received, inserted) VALUES ($1, $2, $3, $4)`, [batchId, clientName, all.length, fresh.size]);
    await client.query('COMMIT');
    return all.map((r): PushOutcome => {
      const key = recordKey(r);
      const problem = problems.get(key);
      if (problem) return { employeeNo: r.employeeNo, periodKey: r.periodKey, version: r.version, status: 'rejected', serverHash: '', reason: problem };
      if (fresh.has(key)) return { employeeNo: r.employeeNo, periodKey: r.periodKey, version: r.version, status: 'inserted', serverHash: r.contentHash };
      const serverHash = held.get(key) ?? '';
      return { employeeNo: r.employeeNo, periodKey: r.periodKey, version: r.version, status: serverHash === r.contentHash ? 'already' : 'conflict', serverHash };
    });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export async function serverHashes(client: pg.ClientBase, periodKeys: string[]): Promise<ServerHashRow[]> {
  const { rows } = await client.query<{ employee_number: string; period_key: string; version: number; content_hash: string }>(
    `SELECT employee_number, period_key, version, content_hash FROM ${SCHEMA}.appraisal_records WHERE period_key = ANY($1::text[]) ORDER BY 1, 2, 3`,
    [periodKeys],
  );
  return rows.map((r) => ({ employeeNo: r.employee_number, periodKey: r.period_key, version: r.version, hash: r.content_hash }));
}

/** A pg or network failure as one sentence a supervisor can act on; the server's own words are kept. */
/** A pg client's settings for a connection: TLS as chosen (require: encrypted, not verified; verify-full: the chain and host), bounded waits. */
export function pgClientConfig(c: Pick<SyncConnection, 'host' | 'port' | 'database' | 'user' | 'tls'>, password: string | undefined): pg.PoolConfig {
  return {
    host: c.host,
    port: c.port,
    database: c.database,
    user: c.user,
    password,
    ssl: c.tls === 'disable' ? false : c.tls === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true, servername: c.host },
    connectionTimeoutMillis: 8000,
    query_timeout: 120_000,
    statement_timeout: 120_000,
    application_name: 'qa-console',
  };
}

/**
 * What a failure to reach a PostgreSQL server says, for either server the console talks to (`what`: "the appraisal
 * database", "the team server"), or null when the server answered (the caller words the answer).
 */
export function describeUnreachable(err: unknown, c: { host: string; port: number; database: string }, what: string): string | null {
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${what} at ${c.host}:${c.port}: connection refused (is the server running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot find the host "${c.host}"`;
    case 'ETIMEDOUT':
      return `${what[0]!.toUpperCase()}${what.slice(1)} at ${c.host}:${c.port} did not answer in time`;
    case 'ECONNRESET':
      return `The connection to ${c.host}:${c.port} was cut (${e.message ?? 'reset'})`;
    case '3D000':
      return `The database "${c.database}" does not exist on ${c.host}:${c.port}`;
    case '57P01':
    case '57P02':
    case '57P03':
      return `${what[0]!.toUpperCase()}${what.slice(1)} is shutting down or starting up: ${e.message ?? ''}`;
    default:
      return null;
  }
}

export function describePgError(err: unknown, c: SyncConnection): string {
  const e = err as { code?: string; message?: string };
  const where = `${c.user}@${c.host}:${c.port}/${c.database}`;
  switch (e.code) {
    case '28P01':
    case '28000':
      return `The server refused the sign-in for ${where}: ${e.message}`;
    case '42501':
      return `The role "${c.user}" lacks a permission the console needs (${e.message}); see the README's "Company PostgreSQL" grants`;
    default:
      return describeUnreachable(err, c, 'the appraisal database') ?? `${where}: ${e.message ?? String(err)}`;
  }
}

/** The fields that say where a password goes; a change to any of them means the saved one may not follow. */
const DESTINATION = ['host', 'port', 'database', 'user', 'tls'] as const;

/** Refuses to use (or keep) the saved password for a connection other than the one it was saved with. */
export function passwordStaysWith(saved: SyncConnection | null, next: SyncConnection): void {
  const changed = saved ? DESTINATION.filter((k) => saved[k] !== next[k]) : ['host'];
  if (changed.length)
    throw new ServiceError('invalid-input', `The saved password belongs to ${saved ? `${saved.user}@${saved.host}:${saved.port}/${saved.database}` : 'another connection'}; with ${changed.join(', ')} changed, type the password again`, 'password', 'settings.dbPasswordAgain');
}

interface StoredConfig {
  connection: SyncConnection | null;
  /** The password as the secret box encrypted it. */
  password: string | null;
  passwordKind: SecretBox['kind'] | null;
}

const EMPTY: StoredConfig = { connection: null, password: null, passwordKind: null };

export class AppraisalSync {
  private pool: pg.Pool | null = null;
  private poolKey = '';
  private migrated = false;

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretBox,
    private readonly clientName: string,
  ) {}

  private get file(): string {
    return join(this.dataDir, 'appraisal-db.json');
  }

  private async load(): Promise<StoredConfig> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (!text) return { ...EMPTY };
    try {
      return { ...EMPTY, ...(JSON.parse(text) as StoredConfig) };
    } catch {
      throw new ServiceError('damaged', `The saved appraisal-database settings (${this.file}) are not valid JSON; save the connection again`, this.file);
    }
  }

  async settings(): Promise<SyncSettings> {
    const c = await this.load();
    return { connection: c.connection, hasPassword: c.password !== null, secretStorage: this.secrets.kind };
  }

  async save(connection: SyncConnection, password: string | null | undefined): Promise<SyncSettings> {
    const before = await this.load();
    if (password === undefined && before.password !== null) passwordStaysWith(before.connection, connection);
    let stored = { password: before.password, passwordKind: before.passwordKind };
    if (password === null) stored = { password: null, passwordKind: null };
    else if (password !== undefined) {
      if (this.secrets.kind === 'unavailable') throw new ServiceError('io', 'This system offers no secure storage for the password (no keychain); it was not saved', 'password');
      stored = { password: await this.secrets.encrypt(password), passwordKind: this.secrets.kind };
    }
    await writePrivateFile(this.file, JSON.stringify({ connection, ...stored }, null, 2));
    await this.reset();
    return this.settings();
  }

  private async resolve(connection?: SyncConnection, password?: string): Promise<{ connection: SyncConnection; password: string | undefined }> {
    const saved = await this.load();
    const c = connection ?? saved.connection;
    if (!c) throw new ServiceError('invalid-input', 'No appraisal database is set up: enter the connection in Settings first', 'connection');
    if (password !== undefined) return { connection: c, password };
    if (saved.password === null) return { connection: c, password: undefined };
    // The saved password goes only to the server it was saved for: anything else needs it typed again.
    passwordStaysWith(saved.connection, c);
    try {
      return { connection: c, password: await this.secrets.decrypt(saved.password) };
    } catch {
      throw new ServiceError('damaged', 'The saved password can no longer be decrypted on this machine; enter it again', 'password');
    }
  }

  private async client(): Promise<{ client: pg.PoolClient; connection: SyncConnection }> {
    const { connection, password } = await this.resolve();
    const key = JSON.stringify([connection, password]);
    if (!this.pool || this.poolKey !== key) {
      await this.reset();
      this.pool = new pg.Pool({ ...pgClientConfig(connection, password), max: 2, idleTimeoutMillis: 30_000 });
      // An idle client whose server went away errors here; the pool drops it and the next push reconnects.
      this.pool.on('error', () => undefined);
      this.poolKey = key;
    }
    try {
      return { client: await this.pool.connect(), connection };
    } catch (err) {
      throw new ServiceError('io', describePgError(err, connection), 'connection');
    }
  }

  private async withClient<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const { client, connection } = await this.client();
    let broken: Error | undefined;
    // A checked-out client whose connection drops emits 'error' besides failing its query: unhandled, that would
    // take the whole main process down. The failed query reports it.
    const swallow = (err: Error) => {
      broken = err;
    };
    client.on('error', swallow);
    try {
      if (!this.migrated) {
        await migrate(client);
        this.migrated = true;
      }
      return await work(client);
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      broken = err instanceof Error ? err : new Error(String(err));
      // The server may have been replaced or restored: check the schema again on the next connection.
      this.migrated = false;
      throw new ServiceError('io', describePgError(err, connection), 'connection');
    } finally {
      // A client that failed is not reused (its connection may be half-open after a cut).
      client.off('error', swallow);
      client.release(broken);
    }
  }

  async test(connection?: SyncConnection, password?: string): Promise<SyncTest> {
    const r = await this.resolve(connection, password);
    const client = new pg.Client(pgClientConfig(r.connection, r.password));
    client.on('error', () => undefined);
    try {
      await client.connect();
      const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
      const m = await migrate(client);
      const count = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${SCHEMA}.appraisal_records`)).rows[0]!.n;
      return { serverVersion: version, schemaVersion: m.to, migratedFrom: m.from, records: Number(count) };
    } catch (err) {
      throw new ServiceError('io', describePgError(err, r.connection), 'connection');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async push(batchId: string, records: AppraisalSyncRecord[]): Promise<PushResult> {
    const outcomes = await this.withClient((c) => pushBatch(c, batchId, records, this.clientName));
    return { batchId, outcomes, syncedAt: new Date().toISOString() };
  }

  async hashes(periodKeys: string[]): Promise<ServerHashRow[]> {
    return this.withClient((c) => serverHashes(c, periodKeys));
  }

  async reset(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    this.migrated = false;
    if (p) await p.end().catch(() => undefined);
  }
}
