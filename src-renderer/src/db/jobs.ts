// A console's scheduled work (due sample runs, reminders, the appraisal push): each job runs a while after sign-in
// and then every so often, one run at a time. On a standalone workstation that is all. On a team console a job runs
// only while this console holds the job's lease on the server (see domain/scheduledJobs): the lease is asked for
// at every check (every `leaseMs` at least, so a console takes over within that much of the holder closing or losing
// the server), the replica is brought up to date before the job runs (it must see what the last holder wrote), and
// a new holder runs the job at once rather than waiting out the old holder's interval.
import type { ScheduledJob } from '@renderer/domain/scheduledJobs';

export interface LeasePort {
  /** Takes or keeps the job's lease (true: this console runs it); `release` gives it up. */
  lease(job: ScheduledJob, release?: boolean): Promise<boolean>;
}

export interface JobTeam extends LeasePort {
  /** Brings the replica up to date (a sync round) before the job reads it; false when it could not (offline). */
  catchUp(): Promise<boolean>;
  isOffline(err: unknown): boolean;
}

export interface JobOptions {
  job: ScheduledJob;
  firstMs: number;
  everyMs: number;
  /** The work. Its failures are reported to `onError` and the job goes on at its next time. */
  run(): Promise<void>;
  /** Whether this console can do the job at all now (e.g. a connection set up); a console that cannot holds no lease. */
  eligible?(): Promise<boolean>;
  /**
   * Team mode: the lease is taken for each run only (then the run's changes are sent and it is given up), rather
   * than held between runs. For a job that finds its work in the records (a person's reminders): the next holder
   * catches up first and finds it done. A console holding no lease keeps no connection open while idle.
   */
  leasePerRun?: boolean;
  onError?(err: unknown): void;
}

export interface JobState {
  /** Team mode: whether this console holds the lease (null standalone). */
  leader: boolean | null;
  runs: number;
  lastRunAt: number | null;
}

const DEFAULT_LEASE_MS = 30_000;

/** One scheduled job of a signed-in console; `stop` at sign-out (it gives the lease up). */
export class JobLoop {
  readonly state: JobState;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private nextDueAt = 0;

  constructor(
    private readonly opts: JobOptions,
    private readonly team: JobTeam | null,
    private readonly clock: () => number = Date.now,
    private readonly leaseMs = DEFAULT_LEASE_MS,
  ) {
    this.state = { leader: team ? false : null, runs: 0, lastRunAt: null };
  }

  start(): this {
    this.nextDueAt = this.clock() + this.opts.firstMs;
    this.schedule(this.team ? Math.min(this.opts.firstMs, this.leaseMs) : this.opts.firstMs);
    return this;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check().finally(() => this.schedule(this.team ? Math.min(this.opts.everyMs, this.leaseMs) : this.opts.everyMs)), ms);
  }

  /** Runs the job now if it is this console's to run (a window back in focus, a button); answers when done. */
  now(): Promise<void> {
    return this.check(true);
  }

  private check(force = false): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.running)
      this.running = this.tick(force).finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async tick(force: boolean): Promise<void> {
    try {
      if (this.opts.eligible && !(await this.opts.eligible())) {
        if (this.state.leader) await this.resign();
        return;
      }
      const due = force || this.clock() >= this.nextDueAt;
      if (this.team && this.opts.leasePerRun) {
        if (due) await this.runOnce(this.team);
        return;
      }
      if (this.team) {
        let leader: boolean;
        try {
          leader = await this.team.lease(this.opts.job);
        } catch (err) {
          // Away from the server nobody here can know who holds the lease: the job waits (another console may run it).
          if (!this.team.isOffline(err)) throw err;
          leader = false;
        }
        const took = leader && !this.state.leader;
        this.state.leader = leader;
        if (!leader || this.stopped || (!due && !took)) return;
        if (!(await this.team.catchUp())) return;
      } else if (!due) return;
      if (this.stopped) return;
      this.nextDueAt = this.clock() + this.opts.everyMs;
      await this.opts.run();
      this.state.runs++;
      this.state.lastRunAt = this.clock();
    } catch (err) {
      (this.opts.onError ?? ((e) => console.error(`scheduled ${this.opts.job} failed`, e)))(err);
    }
  }

  /** One run under a lease taken for it: caught up before, the run's changes sent after, the lease given up. */
  private async runOnce(team: JobTeam): Promise<void> {
    let leader: boolean;
    try {
      leader = await team.lease(this.opts.job);
    } catch (err) {
      if (!team.isOffline(err)) throw err;
      return;
    }
    this.state.leader = leader;
    // Another console of the person is running it: this one asks again at its next check.
    if (!leader) return;
    try {
      if (this.stopped || !(await team.catchUp())) return;
      this.nextDueAt = this.clock() + this.opts.everyMs;
      await this.opts.run();
      this.state.runs++;
      this.state.lastRunAt = this.clock();
      await team.catchUp();
    } finally {
      await this.resign();
    }
  }

  private async resign(): Promise<void> {
    this.state.leader = false;
    await this.team?.lease(this.opts.job, true).catch(() => false);
  }

  /** Stops the job (the run under way finishes) and gives its lease up for another console. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    if (this.state.leader) await this.resign();
  }
}
