// The UI's handle on one ticket import worker: promise-returning calls, progress callbacks, cancel, dispose.
import type { DryRun, OpenedSource, TicketImportReply, TicketImportRequest } from './ticketImport.worker';
import type { ImportRun } from '@renderer/domain/model';

export class ImportFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFailed';
  }
}

type Progress = Extract<TicketImportReply, { type: 'progress' }>;

export class TicketImportSession {
  private worker = new Worker(new URL('./ticketImport.worker.ts', import.meta.url), { type: 'module' });
  private pending: { resolve: (m: TicketImportReply) => void; reject: (e: Error) => void } | null = null;
  onProgress: (p: Progress) => void = () => undefined;

  constructor() {
    this.worker.onmessage = (e: MessageEvent<TicketImportReply>) => {
      const m = e.data;
      if (m.type === 'progress') return this.onProgress(m);
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (m.type === 'error') p.reject(new ImportFailed(m.code, m.message));
      else p.resolve(m);
    };
    this.worker.onerror = (e) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(new ImportFailed('internal', e.message || 'the import worker stopped'));
    };
  }

  private call(req: TicketImportRequest): Promise<TicketImportReply> {
    if (this.pending) return Promise.reject(new ImportFailed('busy', 'another step of this import is still running'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(req);
    });
  }

  async open(file: File, override: Extract<TicketImportRequest, { type: 'open' }>['override'] = {}): Promise<OpenedSource> {
    const r = await this.call({ type: 'open', file, override });
    return (r as Extract<TicketImportReply, { type: 'opened' }>).source;
  }

  async profile(req: Omit<Extract<TicketImportRequest, { type: 'profile' }>, 'type'>): Promise<DryRun> {
    const r = await this.call({ type: 'profile', ...req });
    return (r as Extract<TicketImportReply, { type: 'profiled' }>).dryRun;
  }

  async commit(req: Omit<Extract<TicketImportRequest, { type: 'commit' }>, 'type'>): Promise<ImportRun> {
    const r = await this.call({ type: 'commit', ...req });
    return (r as Extract<TicketImportReply, { type: 'done' }>).run;
  }

  /** Stops writing at the next chunk; what was written stays (a re-import completes it). */
  cancel() {
    this.worker.postMessage({ type: 'cancel' } satisfies TicketImportRequest);
  }

  /** Ends the session; while reading or parsing (nothing written yet) this is also how a cancel takes effect. */
  dispose() {
    this.worker.terminate();
    this.pending?.reject(new ImportFailed('cancelled', 'cancelled'));
    this.pending = null;
  }
}
