// Worker-thread entry: analyses files main hands it, so decoding a 60-minute call never blocks main's IPC.
import { parentPort } from 'node:worker_threads';
import { analyseAudioFile } from './analyse';
import { renderDemoCall } from '../demoAudio';
import { joinLegs, type JoinResult } from './legs';
import type { DemoTurn } from '@domain/demoWorkspace';

export interface DemoSpec {
  id: string;
  seed: number;
  durationSec: number;
  turns: DemoTurn[];
}
export interface JoinSpec {
  agentPath: string;
  callerPath: string;
  outPath: string;
}
export type AnalyseRequest = { id: number; path: string } | { id: number; cancel: true } | { id: number; demo: DemoSpec } | { id: number; join: JoinSpec };
export type AnalyseReply =
  | { id: number; progress: number; total: number }
  | { id: number; result: Awaited<ReturnType<typeof analyseAudioFile>> }
  | { id: number; demo: { wav: Uint8Array; peaks: number[] } }
  | { id: number; joined: JoinResult };

const running = new Map<number, AbortController>();
parentPort?.on('message', async (m: AnalyseRequest) => {
  if ('cancel' in m) return running.get(m.id)?.abort();
  if ('demo' in m) {
    const { wav, peaks } = renderDemoCall(m.demo.turns, m.demo.durationSec, m.demo.seed);
    return parentPort!.postMessage({ id: m.id, demo: { wav, peaks } } satisfies AnalyseReply);
  }
  const ac = new AbortController();
  running.set(m.id, ac);
  if ('join' in m) {
    const joined = await joinLegs(m.join.agentPath, m.join.callerPath, m.join.outPath, ac.signal);
    running.delete(m.id);
    return parentPort!.postMessage({ id: m.id, joined } satisfies AnalyseReply);
  }
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
