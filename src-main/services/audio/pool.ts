// A small pool of worker threads for audio analysis. Without a worker script (unit tests) it runs in-process.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { analyseAudioFile, type AudioResult } from './analyse';
import type { AnalyseReply, AnalyseRequest, DemoSpec, JoinSpec } from './analyseWorker';
import { joinLegs, type JoinResult } from './legs';

interface Task {
  id: number;
  path: string;
  /** Set for a demo call to synthesise instead of a file to analyse. */
  demo?: DemoSpec;
  resolve: (r: AudioResult) => void;
  resolveDemo?: (r: { wav: Buffer; peaks: number[] }) => void;
  /** Set for two legs of a call to write as one stereo file. */
  join?: JoinSpec;
  resolveJoin?: (r: JoinResult) => void;
  reject?: (err: Error) => void;
  onProgress?: (done: number, total: number) => void;
  worker?: Worker;
}

export class AudioAnalyserPool {
  private idle: Worker[] = [];
  private all: Worker[] = [];
  private queue: Task[] = [];
  private running = new Map<number, Task>();
  private nextId = 1;

  /** workerScript: the built worker file (Electron) or its .ts source (test host under tsx); null runs in-process. */
  constructor(
    private readonly workerScript: string | null,
    private readonly size = Math.max(1, Math.min(2, availableParallelism())),
  ) {}

  analyse(path: string, onProgress?: (done: number, total: number) => void): { id: number; result: Promise<AudioResult> } {
    const id = this.nextId++;
    if (!this.workerScript) {
      const ac = new AbortController();
      this.inProcess.set(id, ac);
      const result = analyseAudioFile(path, { onProgress, signal: ac.signal }).finally(() => this.inProcess.delete(id));
      return { id, result };
    }
    const result = new Promise<AudioResult>((resolve) => {
      this.queue.push({ id, path, resolve, onProgress });
    });
    this.pump();
    return { id, result };
  }

  private inProcess = new Map<number, AbortController>();

  /** Does work run on worker threads (not in-process)? */
  get threaded(): boolean {
    return this.workerScript !== null;
  }

  /** Synthesises one demo call on a worker thread (never on main's event loop, which answers the window). */
  renderDemo(spec: DemoSpec): Promise<{ wav: Buffer; peaks: number[] }> {
    const id = this.nextId++;
    return new Promise((resolveDemo, reject) => {
      this.queue.push({ id, path: `demo:${spec.id}`, demo: spec, resolve: () => undefined, resolveDemo, reject });
      this.pump();
    });
  }

  /** Writes two legs of a call as one stereo WAV (agent left), on a worker thread when there is one. */
  join(spec: JoinSpec): { id: number; result: Promise<JoinResult> } {
    const id = this.nextId++;
    if (!this.workerScript) {
      const ac = new AbortController();
      this.inProcess.set(id, ac);
      return { id, result: joinLegs(spec.agentPath, spec.callerPath, spec.outPath, ac.signal).finally(() => this.inProcess.delete(id)) };
    }
    const result = new Promise<JoinResult>((resolveJoin) => {
      this.queue.push({ id, path: spec.agentPath, join: spec, resolve: () => undefined, resolveJoin });
    });
    this.pump();
    return { id, result };
  }

  cancel(id: number) {
    this.inProcess.get(id)?.abort();
    const queued = this.queue.findIndex((t) => t.id === id);
    if (queued >= 0) {
      const [t] = this.queue.splice(queued, 1);
      if (t!.join) return t!.resolveJoin?.({ ok: false, code: 'cancelled', file: null, detail: 'cancelled' });
      t!.resolve({ ok: false, path: t!.path, fileName: t!.path.split(/[\\/]/).pop() ?? t!.path, code: 'cancelled', detail: 'cancelled' });
      return;
    }
    const t = this.running.get(id);
    t?.worker?.postMessage({ id, cancel: true } satisfies AnalyseRequest);
  }

  private spawn(): Worker {
    const script = this.workerScript!;
    // The test host runs services from TypeScript under tsx; its workers register tsx before loading the entry.
    const w = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true })
      : new Worker(script);
    w.on('message', (m: AnalyseReply) => {
      const t = this.running.get(m.id);
      if (!t) return;
      if ('progress' in m) return t.onProgress?.(m.progress, m.total);
      this.running.delete(m.id);
      this.idle.push(w);
      if ('demo' in m) t.resolveDemo?.({ wav: Buffer.from(m.demo.wav), peaks: m.demo.peaks });
      else if ('joined' in m) t.resolveJoin?.(m.joined);
      else t.resolve(m.result);
      this.pump();
    });
    w.on('error', (err) => {
      // A crashed worker fails its file, not the import: the next file gets a fresh worker.
      for (const t of this.running.values()) {
        if (t.worker !== w) continue;
        this.running.delete(t.id);
        if (t.join) {
          t.resolveJoin?.({ ok: false, code: 'io', file: null, detail: `the audio worker stopped: ${err.message}` });
          continue;
        }
        if (t.demo) {
          t.reject?.(new Error(`the demo audio worker stopped: ${err.message}`));
          continue;
        }
        t.resolve({ ok: false, path: t.path, fileName: t.path.split(/[\\/]/).pop() ?? t.path, code: 'corrupt', detail: `the decoder stopped: ${err.message}` });
      }
      this.all = this.all.filter((x) => x !== w);
      this.idle = this.idle.filter((x) => x !== w);
      this.pump();
    });
    this.all.push(w);
    return w;
  }

  private pump() {
    while (this.queue.length) {
      const w = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : null);
      if (!w) return;
      const t = this.queue.shift()!;
      t.worker = w;
      this.running.set(t.id, t);
      w.postMessage((t.demo ? { id: t.id, demo: t.demo } : t.join ? { id: t.id, join: t.join } : { id: t.id, path: t.path }) satisfies AnalyseRequest);
    }
  }

  async close() {
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all = [];
    this.idle = [];
  }
}
