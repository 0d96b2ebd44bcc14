// Team mode's schedule: when the replica pulls and the outbox is sent. A change notice (main holds the ask open)
// pulls; a write made here sends; a lost server is retried with growing pauses, and when it answers again the
// outbox goes first, then the pull. One round at a time: a round asked for while one runs runs once after it.
import type { RepoContext } from './context';
import { onRecordsWritten } from './records';
import { discardChange, mergeEvaluationConflicts, outboxState, pull, push, reconcile, resolveConflict, type PullProgress, type TeamPort } from './replica';
import { replicatedTable } from '@renderer/domain/replication';
import type { JobTeam, LeasePort } from './jobs';

export interface TeamLink extends TeamPort, LeasePort {
  /** The tables changed since the last ask, held open up to `timeoutMs`; online false when main cannot hear the server. */
  notices(timeoutMs: number): Promise<{ tables: string[]; online: boolean }>;
}

export interface TeamSyncState {
  online: boolean;
  syncing: boolean;
  /** When the last pull finished (ISO), or null. */
  lastPullAt: string | null;
  pending: number;
  conflicts: number;
  refused: number;
  /** The last failure that was not the server being away, in its own words. */
  error: string | null;
  /** A pull under way that has brought rows (a first sync finishing in the background): how far it is. */
  progress: PullProgress | null;
  /** The server no longer takes this sign-in (the password changed or expired): the person must sign in again. */
  signInRefused: boolean;
}

export interface TeamSyncOptions {
  /** Whether an error means the server cannot be reached (then writes wait, and the round is retried). */
  isOffline(err: unknown): boolean;
  noticeTimeoutMs?: number;
  retryMs?: { min: number; max: number };
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How long after a notice the pull starts, so notices close together make one round. */
  coalesceMs?: number;
  clock?: () => number;
  /** How a failure is said to the person (their language); its message otherwise. */
  describe?: (err: unknown) => string;
  /** Whether a failure is the server refusing this sign-in (a changed or expired password). */
  isSignInRefused?: (err: unknown) => boolean;
}

const sleeper = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/** A pull shows its progress once it has brought this many rows (a first sync, not a notice's page). */
const PROGRESS_FROM = 2000;

/** Tables whose change can change what the person may see (a team move, a lead change): the replica reconciles. */
const DIRECTORY = new Set(['people', 'teams']);

export class TeamSync {
  private readonly stop = new AbortController();
  private readonly listeners = new Set<(s: TeamSyncState) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private unhook: (() => void) | null = null;
  state: TeamSyncState = { online: true, syncing: false, lastPullAt: null, pending: 0, conflicts: 0, refused: 0, error: null, progress: null, signInRefused: false };

  constructor(
    readonly ctx: RepoContext,
    private readonly link: TeamLink,
    private readonly opts: TeamSyncOptions,
  ) {}

  subscribe(listener: (s: TeamSyncState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<TeamSyncState>): void {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l(this.state));
  }

  /** Starts hearing notices and this console's writes; the first round runs at once. */
  start(): void {
    this.unhook = onRecordsWritten((w) => {
      if (w.db === this.ctx.db && !w.fromServer && replicatedTable(w.table)) void this.round();
    });
    void this.listenLoop();
    void this.round();
  }

  /** Stops for good (sign-out): the round under way finishes, nothing new starts. */
  async close(): Promise<void> {
    this.stop.abort();
    this.unhook?.();
    if (this.pendingRound) clearTimeout(this.pendingRound);
    await this.running?.catch(() => undefined);
  }

  /** Sends the outbox and pulls; resolves when a round that began after this call has finished. */
  round(): Promise<void> {
    if (this.stop.signal.aborted) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.once();
        } while (this.again && !this.stop.signal.aborted);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async once(): Promise<void> {
    this.set({ syncing: true });
    try {
      let sent = await push(this.ctx, this.link, this.opts.isOffline);
      // An evaluation's conflict is merged and sent again at once (a bounded number of tries: each merge is a new change).
      for (let i = 0; i < 3 && sent.conflicts && !sent.offline && (await mergeEvaluationConflicts(this.ctx)); i++) sent = await push(this.ctx, this.link, this.opts.isOffline);
      if (sent.offline) {
        this.set({ online: false });
        return;
      }
      const got = await pull(this.ctx, this.link, { onProgress: (p) => p.rows >= PROGRESS_FROM && this.set({ progress: p }) });
      if (got.roleChanged || got.tables.some((t) => DIRECTORY.has(t))) await reconcile(this.ctx, this.link);
      this.set({ online: true, error: null, signInRefused: false, lastPullAt: new Date((this.opts.clock ?? Date.now)()).toISOString() });
    } catch (err) {
      if (this.opts.isOffline(err)) this.set({ online: false });
      else this.set({ error: this.say(err), signInRefused: this.opts.isSignInRefused?.(err) ?? false });
    } finally {
      const o = await outboxState(this.ctx).catch(() => null);
      this.set({ syncing: false, progress: null, ...(o ? { pending: o.pending, conflicts: o.conflicts.length, refused: o.refused.length } : {}) });
    }
  }

  private async listenLoop(): Promise<void> {
    const { min, max } = this.opts.retryMs ?? { min: 1000, max: 30_000 };
    const sleep = this.opts.sleep ?? sleeper;
    let pause = min;
    while (!this.stop.signal.aborted) {
      let heard: { tables: string[]; online: boolean };
      try {
        heard = await this.link.notices(this.opts.noticeTimeoutMs ?? 25_000);
      } catch (err) {
        heard = { tables: [], online: false };
        if (!this.opts.isOffline(err)) this.set({ error: this.say(err) });
      }
      if (this.stop.signal.aborted) break;
      if (!heard.online) {
        this.set({ online: false });
        await sleep(pause, this.stop.signal);
        pause = Math.min(pause * 2, max);
        void this.round();
        continue;
      }
      pause = min;
      // A change heard, or a quiet spell ended by the timeout (a safety pull: one question). Notices close together
      // (a ticket and its evaluation) make one round: the pull starts a moment after the first.
      this.soon();
    }
  }

  private say(err: unknown): string {
    return this.opts.describe?.(err) ?? (err instanceof Error ? err.message : String(err));
  }

  private pendingRound: ReturnType<typeof setTimeout> | null = null;
  private soon(): void {
    if (this.pendingRound) return;
    this.pendingRound = setTimeout(() => {
      this.pendingRound = null;
      void this.round();
    }, this.opts.coalesceMs ?? 20);
  }

  /** What this console's scheduled jobs need of the server: their leases, and the replica current before they run. */
  jobs(): JobTeam {
    return {
      lease: (job, release) => this.link.lease(job, release),
      catchUp: async () => {
        await this.round();
        return this.state.online && this.state.error === null;
      },
      isOffline: this.opts.isOffline,
    };
  }

  /** The person's answer to a conflict: their fields over the server's version (see replica.resolveConflict). */
  async resolve(seq: number, takeMine: readonly string[]): Promise<void> {
    await resolveConflict(this.ctx, seq, takeMine);
    await this.round();
  }

  /** Drops a refused (or conflicting) change and puts the server's versions back. */
  async discard(seq: number): Promise<void> {
    await discardChange(this.ctx, this.link, seq);
    await this.round();
  }
}

export type { PullProgress };
