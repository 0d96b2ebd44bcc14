// One long-lived dashboard worker per open page: each request is numbered, and a reply to an older request than the
// latest is dropped (the user changed the filters meanwhile), so the page always shows the filters it shows.
import type { DashboardFilters, DashboardResult } from '@renderer/domain/dashboard';
import type { SessionScope } from '@renderer/domain/roles';
import type { DashboardReply, DashboardRequest } from './dashboard.worker';

export class DashboardClient {
  private worker = new Worker(new URL('./dashboard.worker.ts', import.meta.url), { type: 'module' });
  private seq = 0;
  private waiting = new Map<number, { resolve: (r: DashboardResult | null) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (e: MessageEvent<DashboardReply>) => {
      const m = e.data;
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      if (!w) return;
      if (m.seq !== this.seq) w.resolve(null);
      else if (m.ok) {
        // For the benchmark and for a support call: how long the reads and the folding took off the UI thread.
        console.debug(`[dashboard] computed in ${m.ms.toFixed(0)} ms`);
        w.resolve(m.result);
      }
      else w.reject(new Error(m.message));
    };
    this.worker.onerror = (e) => {
      for (const w of this.waiting.values()) w.reject(new Error(`dashboard worker failed: ${e.message}`));
      this.waiting.clear();
    };
  }

  /** The figures for the filters, or null when a newer request has been made since. */
  compute(dbName: string, actor: SessionScope, filters: DashboardFilters, nowMs: number): Promise<DashboardResult | null> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, dbName, actor, filters, nowMs } satisfies DashboardRequest);
    });
  }

  dispose() {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.resolve(null);
    this.waiting.clear();
  }
}
