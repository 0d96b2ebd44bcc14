// One sync run at a time, whoever starts it (the background timer or "Sync now"), through main's appraisal-sync
// service. Listeners hear progress so every open view shows the same run.
import { type Signer } from '@renderer/db/appraisalLock';
import { runSync, type SyncRun } from '@renderer/db/appraisalOutbox';
import type { RepoContext } from '@renderer/db/context';
import { qa } from '@renderer/platform/qa';

export interface SyncProgress {
  running: boolean;
  done: number;
  total: number;
  last: (SyncRun & { at: number }) | null;
}

let state: SyncProgress = { running: false, done: 0, total: 0, last: null };
let current: Promise<SyncRun> | null = null;
let abort: AbortController | null = null;
const listeners = new Set<(s: SyncProgress) => void>();

function set(next: Partial<SyncProgress>) {
  state = { ...state, ...next };
  for (const l of listeners) l(state);
}

export const syncProgress = {
  get: () => state,
  subscribe(l: (s: SyncProgress) => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

/** Starts a run, or joins the one under way. `all` also sends entries still waiting out their back-off. */
export function syncOnce(ctx: RepoContext, all = false): Promise<SyncRun> {
  if (current) return current;
  abort = new AbortController();
  set({ running: true, done: 0, total: 0 });
  current = runSync(ctx, (batchId, records) => qa('pushAppraisalRecords', { batchId, records }), {
    all,
    signal: abort.signal,
    onProgress: (done, total) => set({ done, total }),
  }).finally(() => {
    current = null;
    abort = null;
  });
  return current.then(
    (run) => {
      set({ running: false, last: { ...run, at: Date.now() } });
      return run;
    },
    (err: unknown) => {
      set({ running: false });
      throw err;
    },
  );
}

/** Stops after the batch in flight (which lands or not as a whole; the outbox knows which). */
export function cancelSync() {
  abort?.abort();
}

export const serverHashes = (keys: string[]) => qa('serverAppraisalHashes', { periodKeys: keys });

/** Signs locked records with this console's key, in main (which checks each content against its hash). */
export const consoleSigner: Signer = (records) => qa('signAppraisalRecords', { records: records.map((r) => ({ contentHash: r.contentHash, content: r.content as unknown as Record<string, unknown> })) });
