// The dashboard's reads and aggregation off the UI thread: a quarter of 100,000 evaluations is read and folded here,
// and only the figures (hundreds of points, not the rows) cross back to the window.
import { QaDatabase } from '../db/database';
import { dashboardFor } from '../db/dashboard';
import { cryptoRandomBytes } from '../db/context';
import type { DashboardFilters, DashboardResult } from '@renderer/domain/dashboard';
import type { SessionScope } from '@renderer/domain/roles';

export interface DashboardRequest {
  seq: number;
  dbName: string;
  actor: SessionScope;
  filters: DashboardFilters;
  /** The window's clock (the worker's own may differ under a test clock). */
  nowMs: number;
}

export type DashboardReply = { seq: number; ok: true; result: DashboardResult; ms: number } | { seq: number; ok: false; message: string };

let open: QaDatabase | null = null;

self.onmessage = async (e: MessageEvent<DashboardRequest>) => {
  const req = e.data;
  const started = performance.now();
  try {
    if (!open || open.name !== req.dbName) {
      open?.close();
      open = new QaDatabase(req.dbName);
    }
    const result = await dashboardFor({ db: open, actor: req.actor, clock: () => req.nowMs, randomBytes: cryptoRandomBytes }, req.filters);
    postMessage({ seq: req.seq, ok: true, result, ms: performance.now() - started } satisfies DashboardReply);
  } catch (err) {
    postMessage({ seq: req.seq, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies DashboardReply);
  }
};
