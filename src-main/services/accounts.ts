// Who may sign in, as main knows it, and the sessions main holds. The renderer keeps the people; main keeps, per
// person, the role, whether they are active and the password hash, in a file only the OS user can read. Sign-in
// is decided here, so a role the renderer claims never authorises anything main does.
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PasswordHash, SessionRole, SignInAnswer } from '@contract';
import { hashPassword, LEGACY_PARAMS, needsRehash, verifyPassword } from './passwords';
import { ServiceError } from './errors';
import { writePrivateFile } from './privateFiles';
import { isAdminRole, sameRole } from '@domain/roles';

export interface Account {
  role: SessionRole;
  active: boolean;
  credential: PasswordHash | null;
}

export interface Session {
  id: string;
  personId: string;
  role: SessionRole;
  startedAt: number;
  /** Electron: the web contents that opened it (a session id used from another window is refused). */
  owner: number | null;
  /** Opened by a team server's sign-in: the server, not main's directory, vouches for the person and role. */
  team?: boolean;
}

/** Consecutive wrong passwords after which main stops checking for a while (the console's own lock-out comes first). */
export const THROTTLE_AFTER = 10;
export const THROTTLE_MS = 5 * 60_000;

export class AccountDirectory {
  private accounts: Map<string, Account> | null = null;
  private failures = new Map<string, { count: number; until: number }>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly clock: () => number = Date.now,
  ) {}

  private async load(): Promise<Map<string, Account>> {
    if (this.accounts) return this.accounts;
    const text = await readFile(this.file, 'utf8').catch(() => null);
    const raw = text ? (JSON.parse(text) as { accounts: Record<string, Account> }) : { accounts: {} };
    this.accounts = new Map(Object.entries(raw.accounts));
    return this.accounts;
  }

  private save(): Promise<void> {
    const body = JSON.stringify({ version: 1, accounts: Object.fromEntries(this.accounts ?? []) });
    this.writing = this.writing.then(() => writePrivateFile(this.file, body));
    return this.writing;
  }

  async state(): Promise<{ accounts: number; admins: number }> {
    const all = [...(await this.load()).values()];
    return { accounts: all.length, admins: all.filter((a) => isAdminRole(a.role) && a.active && a.credential).length };
  }

  async get(personId: string): Promise<Account | undefined> {
    return (await this.load()).get(personId);
  }

  async put(entries: { personId: string; role: SessionRole; active: boolean; credential?: PasswordHash | undefined }[], replace: boolean): Promise<number> {
    const all = await this.load();
    const next = replace ? new Map<string, Account>() : new Map(all);
    for (const e of entries) {
      const credential = e.credential ? { ...e.credential, params: e.credential.params ?? { ...LEGACY_PARAMS } } : (all.get(e.personId)?.credential ?? null);
      next.set(e.personId, { role: e.role, active: e.active, credential });
    }
    this.accounts = next;
    await this.save();
    return next.size;
  }

  async setPassword(personId: string, password: string, account: { role: SessionRole; active: boolean } | null): Promise<PasswordHash> {
    const all = await this.load();
    const credential = await hashPassword(password);
    const existing = all.get(personId);
    all.set(personId, { role: account?.role ?? existing?.role ?? 'staff', active: account?.active ?? existing?.active ?? true, credential });
    await this.save();
    return credential;
  }

  /** Checks a password against the stored hash; raises the cost of an old hash on success. */
  async check(personId: string, password: string): Promise<SignInAnswer> {
    const account = (await this.load()).get(personId);
    if (!account?.credential) return { ok: false, reason: 'unknown' };
    if (!account.active) return { ok: false, reason: 'inactive' };
    const f = this.failures.get(personId);
    if (f && f.until > this.clock()) return { ok: false, reason: 'throttled' };
    const { hash, salt, params } = account.credential;
    if (!(await verifyPassword(password, hash, salt, params))) {
      const count = (f?.count ?? 0) + 1;
      this.failures.set(personId, { count: count >= THROTTLE_AFTER ? 0 : count, until: count >= THROTTLE_AFTER ? this.clock() + THROTTLE_MS : 0 });
      return { ok: false, reason: 'wrong-password' };
    }
    this.failures.delete(personId);
    let rehash: PasswordHash | null = null;
    if (needsRehash(params)) {
      rehash = await hashPassword(password);
      account.credential = rehash;
      await this.save();
    }
    return { ok: true, personId, role: account.role, rehash };
  }
}

/** The sessions main holds: opaque ids, each for one person with the role main's directory gave them. */
export class Sessions {
  private sessions = new Map<string, Session>();

  constructor(private readonly clock: () => number = Date.now) {}

  open(personId: string, role: SessionRole, owner: number | null, team = false): Session {
    const s: Session = { id: randomBytes(24).toString('base64url'), personId, role, startedAt: this.clock(), owner, ...(team ? { team } : {}) };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The session an id names, if it is live and (in Electron) belongs to the window asking. */
  find(id: string | null | undefined, owner: number | null): Session | null {
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    if (s.owner !== null && s.owner !== owner) return null;
    return s;
  }

  close(id: string | null | undefined): boolean {
    return !!id && this.sessions.delete(id);
  }

  /** Ends every session of a person (deactivated, or their role changed). */
  closeFor(personId: string): void {
    for (const [id, s] of this.sessions) if (s.personId === personId) this.sessions.delete(id);
  }

  /** Keeps open sessions in line with the directory after an admin changed it. */
  async refresh(directory: AccountDirectory): Promise<void> {
    for (const [id, s] of this.sessions) {
      if (s.team) continue;
      const a = await directory.get(s.personId);
      if (!a || !a.active || !sameRole(a.role, s.role)) this.sessions.delete(id);
    }
  }
}

export function accountsFile(dataDir: string): string {
  return join(dataDir, 'accounts.json');
}

/** Main's own log of what each session had main do (the workspace's hash-chained audit log lives in the renderer). */
export class MainAuditLog {
  private ready: Promise<unknown> | null = null;

  constructor(private readonly file: string) {}

  async append(entry: { personId: string | null; role: SessionRole | null; method: string; outcome: 'ok' | 'refused' | 'failed'; detail?: string }): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n';
    this.ready ??= mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await this.ready;
    await appendFile(this.file, line, { mode: 0o600 });
  }
}

export const forbidden = (message: string) => new ServiceError('forbidden', message);
