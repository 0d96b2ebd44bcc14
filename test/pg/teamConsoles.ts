// Consoles of one team server in one Node process: each its own replica (the real db/ code over fake-indexeddb,
// journal on) and its own team session in main (the real service, and main's TeamMode for change notices), signed
// in as a different person. The port can be taken offline or made to lose answers, as a network would.
import { QaDatabase } from '@renderer/db/database';
import type { RepoContext } from '@renderer/db/context';
import { pull, push } from '@renderer/db/replica';
import { TeamSync, type TeamLink } from '@renderer/db/teamSync';
import type { Role } from '@renderer/domain/roles';
import { jobLease, type ScheduledJob } from '@renderer/domain/scheduledJobs';
import { ServiceError } from '../../src-main/services/errors';
import { TeamMode } from '../../src-main/services/teamMode';
import { provisionLogin } from '../../src-main/services/teamServer';
import { isConnectionError, TeamSession, type TeamServerConnection, type TeamTimeouts } from '../../src-main/services/teamSync';
import { personRecord } from './team';

export const TEAM_PW = 'team-password-1';
export const AT = '2026-11-02T09:00:00.000Z';
export const uuid = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

export interface TeamConsole {
  ctx: RepoContext;
  session: TeamSession;
  port: TeamLink & { offline: boolean; loseAnswers: boolean };
  /** Push then pull, by hand. */
  sync(): Promise<void>;
  /** The console's own schedule (notices, writes, retries), started. */
  startSync(opts?: { retryMs?: { min: number; max: number }; noticeTimeoutMs?: number }): TeamSync;
  close(): Promise<void>;
}

export const isSignInRefused = (err: unknown) => err instanceof ServiceError && err.code === 'forbidden' && err.where === 'password';
export const isOffline = (err: unknown) => (err instanceof ServiceError && err.code === 'io') || isConnectionError(err);

/** A console signed in as a person: its own database, its own session, a port that can go offline. */
export async function teamConsole(conn: TeamServerConnection, employeeNo: string, personId: string, role: Role, ledTeamIds: string[] = [], password = TEAM_PW, timeouts?: Partial<TeamTimeouts>): Promise<TeamConsole> {
  const session = await TeamSession.signIn(conn, employeeNo, password, timeouts);
  const mode = new TeamMode('/nonexistent/team-server.json');
  mode.adopt('s', session);
  const db = new QaDatabase(`team-${employeeNo}-${Date.now()}-${Math.random()}`);
  db.journal = true;
  let now = Date.parse(AT);
  const ctx: RepoContext = { db, actor: { personId, role, ledTeamIds }, clock: () => (now += 1000), randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) };
  const away = () => new ServiceError('io', 'Cannot reach the team server (offline in this test)', 'connection');
  const guard = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A) => (port.offline ? Promise.reject(away()) : f(...a));
  const port: TeamConsole['port'] = {
    offline: false,
    loseAnswers: false,
    bounds: guard(() => session.bounds()),
    page: guard((...a: Parameters<TeamSession['page']>) => session.page(...a)),
    feed: guard((tables: string[], lo: string) => session.feed(tables, lo)),
    changed: guard((tables: string[], lo: string, hi: string) => session.changed(tables, lo, hi)),
    tombstones: guard((lo: string, hi: string) => session.tombstones(lo, hi)),
    ids: guard((t: string) => session.ids(t)),
    records: guard((t: string, ids: string[]) => session.records(t, ids)),
    notices: guard((ms: number) => mode.notices('s', ms)),
    lease: guard(async (job: ScheduledJob, release?: boolean) => {
      const lease = jobLease(job, session.me)!;
      if (release) return session.resign(lease).then(() => false);
      return session.lead(lease);
    }),
    write: async (tx) => {
      if (port.offline) throw away();
      const outcome = await session.write(tx);
      // The server applied it, but the answer never came back.
      if (port.loseAnswers) throw away();
      return outcome;
    },
  };
  let sync: TeamSync | null = null;
  return {
    ctx,
    session,
    port,
    sync: async () => {
      await push(ctx, port, isOffline);
      await pull(ctx, port);
    },
    startSync: (opts = {}) => {
      sync = new TeamSync(ctx, port, { isOffline, isSignInRefused, retryMs: opts.retryMs ?? { min: 50, max: 400 }, noticeTimeoutMs: opts.noticeTimeoutMs ?? 2000 });
      sync.start();
      return sync;
    },
    close: async () => {
      await sync?.close();
      await mode.end('s');
      db.close();
    },
  };
}

export interface Department {
  teams: { id: string; name: string; leadId: string }[];
  people: (Record<string, unknown> & { id: string; employeeNo: string; role: string })[];
}

/** Writes teams and people as the admin and gives each person their own password (TEAM_PW). */
export async function seedDepartment(conn: TeamServerConnection, adminPassword: string, dept: Department): Promise<void> {
  const admin = await TeamSession.signIn(conn, 'A001', adminPassword);
  try {
    const team = (t: Department['teams'][number]) => ({ ...t, createdAt: AT, updatedAt: AT, rev: 1, createdBy: null, deletedAt: null });
    const ops = [...dept.teams.map((t) => ({ table: 'teams', record: team(t) })), ...dept.people.map((p) => ({ table: 'people', record: p }))].map((o) => ({ table: o.table, kind: 'create' as const, id: o.record.id, baseRev: null, record: o.record }));
    const seeded = await admin.write({ id: `seed-${Date.now()}`, ops });
    if (seeded.status !== 'applied') throw new Error(`seeding the department: ${JSON.stringify(seeded)}`);
    for (const p of dept.people) {
      const l = await admin.run((c) => provisionLogin(c, p.id));
      const s = await TeamSession.signIn(conn, p.employeeNo, l.password);
      await s.changePassword(TEAM_PW);
      await s.close();
    }
  } finally {
    await admin.close();
  }
}

export { personRecord };
