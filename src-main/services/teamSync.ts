// A person's team-mode session in main: signed in to the team server as their own login (SCRAM), the password held
// in this object's memory for the session only (never written anywhere), at most two connections — one for the
// feed and writes, one listening for change notices — reconnected when the server comes back.
import { createHash, timingSafeEqual } from 'node:crypto';
import pg from 'pg';
import { loginRoleOf, replicatedFor } from '@domain/replication';
import type { TeamLogin } from '@contract';
import { ServiceError } from './errors';
import { LATEST_TEAM_SCHEMA } from './teamSchema';
import { describeUnreachable, pgClientConfig } from './appraisalSync';
import { applyWrite, listLogins, provisionLogin, resetPassword, serverSchemaVersion, dropLease, takeLease, verifyAudit, changedTables, feedSince, changeOwnPassword, feedBounds, fetchRecords, pullPage, pullTombstones, visibleCounts, visibleIds, whoami, type FeedBounds, type FeedPosition, type FeedRow, type Me, type WriteOutcome, type WriteTx } from './teamServer';

export interface TeamServerConnection {
  host: string;
  port: number;
  database: string;
  tls: 'disable' | 'require' | 'verify-full';
}

/** What a failed team-server call says: the server's own words, the place, never the password. */
export function describeTeamError(err: unknown, c: TeamServerConnection, login: string): string {
  const e = err as { code?: string; message?: string };
  if (e.code === '28P01') return `Wrong employee number or password for ${c.host}:${c.port}/${c.database}`;
  if (e.code === '28000') return `The server refused the sign-in of ${login}: ${e.message ?? ''} (a deactivated person cannot sign in)`;
  return describeUnreachable(err, c, 'the team server') ?? `${c.host}:${c.port}/${c.database}: ${e.message ?? String(err)}`;
}

/** The console's message key for a failed team-server call (the window says it in the reader's language). */
export function teamErrorKey(err: unknown): string | undefined {
  const code = (err as { code?: string }).code;
  if (code === '28P01') return 'team.errors.wrongPassword';
  if (code === '28000') return 'team.errors.refused';
  if (code === '3D000') return 'team.errors.noDatabase';
  return isConnectionError(err) || code === 'ENOTFOUND' ? 'team.errors.unreachable' : undefined;
}

/** A failed team-server call as the service error the window gets: forbidden for a refused sign-in, io when away. */
function teamFailure(err: unknown, c: TeamServerConnection, login: string): ServiceError {
  const code = (err as { code?: string }).code;
  const refused = code === '28P01' || code === '28000';
  return new ServiceError(refused ? 'forbidden' : 'io', describeTeamError(err, c, login), refused ? 'password' : 'connection', teamErrorKey(err));
}

/** The server saying no to an admin's request (no such person, a login already there, not an admin) in its words. */
function serverRefusal(where: string) {
  return (err: unknown): never => {
    const code = (err as { code?: string }).code;
    if (code === '22023') throw new ServiceError('invalid-input', (err as Error).message, where);
    if (code === '23505') throw new ServiceError('invalid-input', (err as Error).message, where, 'team.errors.hasLogin');
    if (code === '42501') throw new ServiceError('forbidden', (err as Error).message, where);
    throw err;
  };
}

/** Errors of the connection itself (the server is away), as opposed to the server answering "no". */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  if (code && /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|57P0|08)/.test(code)) return true;
  const m = err instanceof Error ? err.message : '';
  return /Connection terminated|connection is closed|Client has encountered a connection error|not queryable|Query read timeout|timeout exceeded when trying to connect/i.test(m);
}

export interface TeamTimeouts {
  /** How long one question to the server may take before the link counts as lost. */
  queryMs: number;
  /**
   * How long the query connection stays open with nothing to do (it is opened again on the next call). A console
   * holding a scheduled job's lease keeps it: the lease is the connection's.
   */
  idleMs: number;
}
export const DEFAULT_TIMEOUTS: TeamTimeouts = { queryMs: 30_000, idleMs: 60_000 };

export class TeamSession {
  private client: pg.Client | null = null;
  private listener: pg.Client | null = null;
  /** The scheduled jobs whose lease this session's query connection holds. */
  private readonly leases = new Set<string>();
  /** Calls queued or running; the idle close waits for none. */
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly changeListeners = new Set<(table: string) => void>();
  private closed = false;
  /** The server's schema version as last seen (on each new connection). */
  schemaVersion = 0;

  private constructor(
    readonly connection: TeamServerConnection,
    readonly login: string,
    private password: string,
    public me: Me,
    private readonly timeouts: TeamTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  private config(): pg.ClientConfig {
    // A stalled link (no answer, no reset) is given up after the query timeout and the connection dropped; the server
    // ends a statement a little before that, so a slow one is not left running behind a console that moved on.
    const wait = this.timeouts.queryMs;
    return { ...pgClientConfig({ ...this.connection, user: this.login }, this.password), keepAlive: true, keepAliveInitialDelayMillis: 20_000, query_timeout: wait, statement_timeout: Math.max(1000, wait - 5000) };
  }

  /** Signs in as the person with this employee number: connecting as their login is the password check. */
  static async signIn(connection: TeamServerConnection, employeeNo: string, password: string, timeouts: Partial<TeamTimeouts> = {}): Promise<TeamSession> {
    let login: string;
    try {
      login = loginRoleOf(employeeNo);
    } catch (err) {
      throw new ServiceError('invalid-input', (err as Error).message, 'employeeNo');
    }
    const s = new TeamSession(connection, login, password, { personId: '', role: 'staff', mustChange: false, active: false }, { ...DEFAULT_TIMEOUTS, ...timeouts });
    const me = await s.run(whoami);
    if (!me) {
      await s.close();
      throw new ServiceError('forbidden', `${login} is not a person of this team server`, 'employeeNo');
    }
    s.me = me;
    return s;
  }

  private async connected(): Promise<pg.Client> {
    if (this.closed) throw new ServiceError('forbidden', 'This team session has ended', 'session');
    if (this.client) return this.client;
    const c = new pg.Client(this.config());
    const gone = () => {
      if (this.client !== c) return;
      this.client = null;
      // The server let go of this connection's advisory locks with it.
      this.leases.clear();
    };
    c.on('error', gone);
    c.on('end', gone);
    await c.connect();
    // The server notices a console that vanished (a cut cable, a sleeping laptop) within about 40 s, which frees its
    // scheduled-job leases for another console.
    await c.query('SET tcp_keepalives_idle = 20; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 4');
    // Checked on every connection, so a server restored or failed over to another schema is noticed.
    this.schemaVersion = await serverSchemaVersion(c);
    this.client = c;
    return c;
  }

  /** The work on the connection, one at a time: two write transactions interleaved on one connection would commit each other's halves. */
  private queue: Promise<unknown> = Promise.resolve();

  /** Runs one piece of work on the session's connection (after the work before it), connecting (again) when needed. */
  run<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
    this.busy++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const next = this.queue.then(() => this.runNow(work)).finally(() => {
      this.busy--;
      this.closeWhenIdle();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Whether the query connection is open now (it closes after `idleMs` with nothing to do and no lease held). */
  get connectedNow(): boolean {
    return !!this.client;
  }

  private closeWhenIdle(): void {
    if (this.busy || this.leases.size || !this.client || this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const c = this.client;
      if (this.busy || this.leases.size || !c) return;
      this.client = null;
      c.end().catch(() => undefined);
    }, this.timeouts.idleMs);
    this.idleTimer.unref?.();
  }

  private async runNow<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
    let c: pg.Client;
    try {
      c = await this.connected();
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      throw teamFailure(err, this.connection, this.login);
    }
    try {
      return await work(c);
    } catch (err) {
      if (isConnectionError(err)) {
        // A connection that failed is not reused (a cut can leave it half-open).
        if (this.client === c) this.client = null;
        c.end().catch(() => undefined);
        throw teamFailure(err, this.connection, this.login);
      }
      throw err;
    }
  }

  /** Whether this is the password the session signed in with (the idle lock's unlock), compared in constant time. */
  isPassword(candidate: string): boolean {
    const h = (x: string) => createHash('sha256').update(x, 'utf8').digest();
    return !this.closed && timingSafeEqual(h(candidate), h(this.password));
  }

  async changePassword(newPassword: string): Promise<void> {
    await this.run((c) => changeOwnPassword(c, newPassword));
    this.password = newPassword;
    this.me = { ...this.me, mustChange: false };
  }

  /** One statement's rows, as a turn on the session's connection (a long piece of work made of many turns lets the feed in between). */
  rows<R extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
    return this.run(async (c) => (await c.query<R>(sql, params)).rows);
  }
  bounds(): Promise<FeedBounds> {
    return this.run(feedBounds);
  }
  page(table: string, lo: string, hi: string, after: FeedPosition | null, limit: number): Promise<FeedRow[]> {
    return this.run((c) => pullPage(c, table, lo, hi, after, limit));
  }
  verifyAudit(): Promise<{ entries: number; firstBroken: number | null; reason: string | null }> {
    return this.run(verifyAudit);
  }
  feed(tables: string[], lo: string): Promise<{ bounds: FeedBounds; tables: string[]; removed: boolean }> {
    return this.run((c) => feedSince(c, tables, lo));
  }
  changed(tables: string[], lo: string, hi: string): Promise<string[]> {
    return this.run((c) => changedTables(c, tables, lo, hi));
  }
  tombstones(lo: string, hi: string): Promise<{ table: string; id: string }[]> {
    return this.run((c) => pullTombstones(c, lo, hi));
  }
  ids(table: string): Promise<string[]> {
    return this.run((c) => visibleIds(c, table));
  }
  records(table: string, ids: string[]): Promise<Record<string, unknown>[]> {
    return this.run((c) => fetchRecords(c, table, ids));
  }
  /** Over the tables the person's role is granted (the others answer "permission denied"). */
  counts(): Promise<Record<string, number>> {
    return this.run((c) => visibleCounts(c, replicatedFor(this.me.role)));
  }
  write(tx: WriteTx): Promise<WriteOutcome> {
    return this.run((c) => {
      // A newer schema may mean rules this console does not know: it reads, but writes nothing until updated.
      if (this.schemaVersion > LATEST_TEAM_SCHEMA)
        throw new ServiceError('forbidden', `The team server's schema is version ${this.schemaVersion}; this console knows up to version ${LATEST_TEAM_SCHEMA}. Update the console to make changes.`, 'schema', 'team.errors.newerSchema');
      return applyWrite(c, tx);
    });
  }
  /** Admin: provisions a login for a person already on the server; answers it with its one-time password. */
  provision(personId: string): Promise<{ login: string; password: string }> {
    return this.run((c) => provisionLogin(c, personId)).catch(serverRefusal('personId'));
  }
  resetPassword(personId: string): Promise<string> {
    return this.run((c) => resetPassword(c, personId)).catch(serverRefusal('personId'));
  }
  logins(): Promise<TeamLogin[]> {
    return this.run(listLogins);
  }
  /** Whether this console holds the lease of a scheduled job now (taking it when free); see takeLease. */
  lead(job: string): Promise<boolean> {
    return this.run(async (c) => {
      const held = await takeLease(c, job);
      if (held && this.client === c) this.leases.add(job);
      else this.leases.delete(job);
      return held;
    });
  }
  resign(job: string): Promise<void> {
    return this.run(async (c) => {
      await dropLease(c, job);
      this.leases.delete(job);
    });
  }

  /**
   * Hears the server's change notices (a table name, no data; the console then pulls through row-level security).
   * The listening connection is the session's second; when it drops, `listen` may be called again.
   */
  async listen(onChange: (table: string) => void, onLost: () => void = () => undefined): Promise<() => void> {
    this.changeListeners.add(onChange);
    if (!this.listener) {
      const l = new pg.Client(this.config());
      const lost = () => {
        if (this.listener !== l) return;
        this.listener = null;
        onLost();
      };
      l.on('error', lost);
      l.on('end', lost);
      l.on('notification', (n) => {
        if (n.channel === 'qa_console_changes') this.changeListeners.forEach((f) => f(n.payload ?? ''));
      });
      try {
        await l.connect();
        await l.query('LISTEN qa_console_changes');
      } catch (err) {
        l.end().catch(() => undefined);
        throw teamFailure(err, this.connection, this.login);
      }
      this.listener = l;
    }
    return () => this.changeListeners.delete(onChange);
  }

  /** Ends the session: both connections closed, the password dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.password = '';
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const cs = [this.client, this.listener];
    this.client = null;
    this.listener = null;
    await Promise.all(cs.map((c) => c?.end().catch(() => undefined)));
  }
}
