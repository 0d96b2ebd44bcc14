// Worker-thread entry: analyses files main hands it, so decoding a 60-minute call never blocks main's IPC.
import { parentPort } from 'node:worker_threads';
import { analyseAudioFile } from './analyse';

export type AnalyseRequest = { id: number; path: string } | { id: number; cancel: true };
export type AnalyseReply = { id: number; progress: number; total: number } | { id: number; result: Awaited<ReturnType<typeof analyseAudioFile>> };

const running = new Map<number, AbortController>();
parentPort?.on('message', async (m: AnalyseRequest) => {
  if ('cancel' in m) return running.get(m.id)?.abort();
  const ac = new AbortController();
  running.set(m.id, ac);
  let last = 0;
  const result = await analyseAudioFile(m.path, {
    signal: ac.signal,
    onProgress: (done, total) => {
      // A few progress messages per file are enough.
      if (done - last > total / 20 || done === total) {
        last = done;
        parentPort!.postMessage({ id: m.id, progress: done, total } satisfies AnalyseReply);
      }
    },
  });
  running.delete(m.id);
  parentPort!.postMessage({ id: m.id, result } satisfies AnalyseReply);
});
