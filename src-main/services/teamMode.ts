// Team mode in main: which team server this workstation belongs to (a file beside main's data, no password in it),
// and the team session each window's sign-in opened, keyed by main's session id. Change notices the session hears
// are kept per window until the window asks for them (a long poll: the contract has no push channel, and the same
// call serves Electron's IPC and the browser host).
import { readFile } from 'node:fs/promises';
import type { TeamNotices } from '@contract';
import { join } from 'node:path';
import { writePrivateFile } from './privateFiles';
import { ServiceError } from './errors';
import { TeamSession, type TeamServerConnection } from './teamSync';


interface Entry {
  session: TeamSession;
  heard: Set<string>;
  listening: boolean;
  waiters: Set<() => void>;
  heardOne(table: string): void;
  lost(): void;
}

export const teamConfigFile = (dataDir: string) => join(dataDir, 'team-server.json');

/** The longest a window's ask for notices is held open. */
export const MAX_WAIT_MS = 30_000;

export class TeamMode {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly file: string,
    private readonly signIn: (c: TeamServerConnection, employeeNo: string, password: string) => Promise<TeamSession> = (c, e, p) => TeamSession.signIn(c, e, p),
  ) {}

  private async read(): Promise<{ connection?: TeamServerConnection | null; recordingShare?: string | null; audioOnServer?: boolean }> {
    const text = await readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    return text === null ? {} : (JSON.parse(text) as { connection?: TeamServerConnection });
  }

  /** The server this workstation joined, or null (standalone). */
  async connection(): Promise<TeamServerConnection | null> {
    return (await this.read()).connection ?? null;
  }

  /** Where the department's recording share is mounted on this workstation (null: not set). */
  async recordingShare(): Promise<string | null> {
    return (await this.read()).recordingShare ?? null;
  }

  async setRecordingShare(path: string | null): Promise<void> {
    await writePrivateFile(this.file, JSON.stringify({ ...(await this.read()), recordingShare: path }, null, 1));
  }

  /** Whether calls imported here (from outside the recording share) send their audio to the team server. */
  async audioOnServer(): Promise<boolean> {
    return (await this.read()).audioOnServer ?? false;
  }

  async setAudioOnServer(on: boolean): Promise<void> {
    await writePrivateFile(this.file, JSON.stringify({ ...(await this.read()), audioOnServer: on }, null, 1));
  }

  /** Makes this workstation a team console of that server (null: standalone again). Open sessions end. */
  async join(connection: TeamServerConnection | null): Promise<void> {
    await this.endAll();
    await writePrivateFile(this.file, JSON.stringify({ ...(await this.read()), connection }, null, 1));
  }

  /** Signs a person in to the joined server; the caller opens main's session for them under `sessionId`. */
  async open(employeeNo: string, password: string): Promise<TeamSession> {
    const c = await this.connection();
    if (!c) throw new ServiceError('forbidden', 'This workstation has not joined a team server', 'connection');
    return this.signIn(c, employeeNo, password);
  }

  adopt(sessionId: string, session: TeamSession): void {
    const e: Entry = {
      session,
      heard: new Set(),
      listening: false,
      waiters: new Set(),
      heardOne: (table) => {
        e.heard.add(table);
        e.waiters.forEach((w) => w());
      },
      lost: () => {
        e.listening = false;
        e.waiters.forEach((w) => w());
      },
    };
    this.entries.set(sessionId, e);
  }

  /** The team session of a main session, or a refusal naming what is missing. */
  session(sessionId: string | undefined): TeamSession {
    const e = sessionId ? this.entries.get(sessionId) : undefined;
    if (!e) throw new ServiceError('forbidden', 'Not signed in to a team server', 'session');
    return e.session;
  }

  has(sessionId: string | undefined): boolean {
    return !!sessionId && this.entries.has(sessionId);
  }

  /**
   * The tables changed since the window last asked: at once when some are waiting, else when a notice comes or
   * after `timeoutMs`. The first ask starts listening; a lost listener answers offline, and the next ask listens again.
   */
  async notices(sessionId: string, timeoutMs: number): Promise<TeamNotices> {
    const e = this.entries.get(sessionId);
    if (!e) throw new ServiceError('forbidden', 'Not signed in to a team server', 'session');
    if (!e.listening) {
      try {
        await e.session.listen(e.heardOne, e.lost);
        e.listening = true;
      } catch {
        return { tables: [], online: false };
      }
    }
    if (!e.heard.size) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          e.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(Math.max(0, timeoutMs), MAX_WAIT_MS));
        e.waiters.add(done);
      });
    }
    const tables = [...e.heard];
    e.heard.clear();
    return { tables, online: e.listening };
  }

  /** Ends a window's team session (sign-out, or main's session closed). */
  async end(sessionId: string | null | undefined): Promise<void> {
    const e = sessionId ? this.entries.get(sessionId) : undefined;
    if (!e) return;
    this.entries.delete(sessionId!);
    e.waiters.forEach((w) => w());
    await e.session.close();
  }

  async endAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.end(id)));
  }
}
