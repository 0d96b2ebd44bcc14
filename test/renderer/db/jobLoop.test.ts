// The scheduled-job loop with fake timers and a fake lease port: standalone it runs after firstMs and every
// everyMs, one run at a time; a team console runs only while it holds the lease, catches up first, runs at once
// when it takes a lease over, waits while the server is away, and gives the lease up when it can no longer do the job.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobLoop, type JobTeam } from '@renderer/db/jobs';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const offline = new Error('offline');
function fakeTeam(holder: { leader: boolean; away: boolean; current: boolean }) {
  const calls: string[] = [];
  const team: JobTeam = {
    lease: async (job, release) => {
      calls.push(release ? `release ${job}` : `lease ${job}`);
      if (holder.away) throw offline;
      return !release && holder.leader;
    },
    catchUp: async () => {
      calls.push('catch-up');
      return holder.current;
    },
    isOffline: (e) => e === offline,
  };
  return { team, calls };
}

describe('scheduled jobs', () => {
  it('standalone: after firstMs, then every everyMs', async () => {
    let runs = 0;
    const l = new JobLoop({ job: 'backups', firstMs: 1000, everyMs: 5000, run: async () => void runs++ }, null, () => Date.now()).start();
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(2);
    await l.now();
    expect(runs).toBe(3);
    await l.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toBe(3);
    expect(l.state.leader).toBeNull();
  });

  it('team: runs only with the lease, at once when taken over, not while away or behind; gives it up when not eligible', async () => {
    const h = { leader: false, away: false, current: true };
    const { team, calls } = fakeTeam(h);
    let runs = 0;
    let eligible = true;
    const errors: unknown[] = [];
    const l = new JobLoop({ job: 'sample-runs', firstMs: 0, everyMs: 3_600_000, run: async () => void runs++, eligible: async () => eligible, onError: (e) => errors.push(e) }, team, () => Date.now(), 1000).start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(0);
    expect(calls.filter((c) => c === 'lease sample-runs').length).toBeGreaterThanOrEqual(3);
    // Another console's lease freed: this one takes it within a check and runs at once (after catching up).
    h.leader = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    expect(calls.slice(-2)).toEqual(['lease sample-runs', 'catch-up']);
    // Holding it, the job waits for its interval.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(1);
    // The server away: not the leader any more, nothing runs; back and leader again: a new holder runs at once.
    h.away = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(l.state.leader).toBe(false);
    h.away = false;
    h.current = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1); // could not catch up: the job waits
    h.current = true;
    await l.now();
    expect(runs).toBe(2);
    // No longer able to do the job here: the lease is given up.
    eligible = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.at(-1)).toBe('release sample-runs');
    expect(l.state.leader).toBe(false);
    expect(errors).toEqual([]);
    await l.stop();
  });

  it('a failed run is reported and the job goes on', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const run = async () => {
      if (n++ === 0) throw new Error('disk full');
    };
    const l = new JobLoop({ job: 'reminders', firstMs: 0, everyMs: 100, run, onError: (e) => errors.push(e) }, null, () => Date.now()).start();
    await vi.advanceTimersByTimeAsync(250);
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full']);
    expect(l.state.runs).toBeGreaterThanOrEqual(2);
    await l.stop();
  });

  it('team, a lease per run (reminders): taken when due, caught up before and sent after, given up at once; busy elsewhere, asked again', async () => {
    const h = { leader: false, away: false, current: true };
    const { team, calls } = fakeTeam(h);
    let runs = 0;
    const l = new JobLoop({ job: 'reminders', firstMs: 0, everyMs: 10_000, leasePerRun: true, run: async () => void runs++ }, team, () => Date.now(), 1000).start();
    // The person's other console runs them: this one asks at each check while due, and holds nothing.
    await vi.advanceTimersByTimeAsync(2500);
    expect(runs).toBe(0);
    expect(calls.filter((c) => c === 'lease reminders').length).toBeGreaterThanOrEqual(2);
    expect(calls).not.toContain('catch-up');
    h.leader = true;
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    expect(calls).toEqual(['lease reminders', 'catch-up', 'catch-up', 'release reminders']);
    expect(l.state.leader).toBe(false);
    // Not due again until everyMs: no lease asked for meanwhile (and so no connection kept for it).
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(8000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(2);
    // Away from the server: no run, nothing thrown, asked again later.
    h.away = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(2);
    h.away = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(3);
    await l.stop();
    expect(calls.at(-1)).toBe('release reminders');
  });
});
