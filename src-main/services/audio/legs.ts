// Two legs of one call (the agent's and the caller's files, sample-aligned, as call recorders and cloud contact
// centres deliver them) written as one stereo WAV: agent on the left, caller on the right, so the call has one
// player, a waveform per side and one evaluation. Each leg is decoded once, streaming, to a temporary 16-bit file;
// the two are then interleaved chunk by chunk, so an hour-long call never sits in memory.
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import { openAudio, streamAudio, DecoderMissing } from './analyse';

export type JoinResult =
  | { ok: true; path: string; sampleRate: number; frames: number; warnings: { code: 'legs-length-differ'; detail: string }[] }
  | { ok: false; code: 'leg-unreadable' | 'rate-mismatch' | 'no-waveform' | 'cancelled' | 'io'; file: string | null; detail: string };

/** Legs whose lengths differ by more than this are joined but said not to line up. */
const ALIGN_TOLERANCE_SEC = 1;

export async function joinLegs(agentPath: string, callerPath: string, outPath: string, signal?: AbortSignal): Promise<JoinResult> {
  const temps = [`${outPath}.agent.s16`, `${outPath}.caller.s16`];
  try {
    const legs: { rate: number; frames: number }[] = [];
    for (const [i, path] of [agentPath, callerPath].entries()) {
      const r = await decodeLeg(path, temps[i]!, signal);
      if (!r.ok) return r;
      legs.push(r);
    }
    const [agent, caller] = legs as [{ rate: number; frames: number }, { rate: number; frames: number }];
    if (agent.rate !== caller.rate)
      return { ok: false, code: 'rate-mismatch', file: null, detail: `${basename(agentPath)} is ${agent.rate} Hz, ${basename(callerPath)} is ${caller.rate} Hz` };
    const frames = Math.max(agent.frames, caller.frames);
    await interleave(temps[0]!, temps[1]!, outPath, agent.rate, frames, signal);
    const warnings: { code: 'legs-length-differ'; detail: string }[] = [];
    const gap = Math.abs(agent.frames - caller.frames) / agent.rate;
    if (gap > ALIGN_TOLERANCE_SEC)
      warnings.push({ code: 'legs-length-differ', detail: `${basename(agentPath)} ${(agent.frames / agent.rate).toFixed(2)} s, ${basename(callerPath)} ${(caller.frames / caller.rate).toFixed(2)} s` });
    return { ok: true, path: outPath, sampleRate: agent.rate, frames, warnings };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    await rm(outPath, { force: true });
    return { ok: false, code: msg === 'cancelled' ? 'cancelled' : 'io', file: null, detail: msg };
  } finally {
    for (const t of temps) await rm(t, { force: true });
  }
}

async function decodeLeg(path: string, temp: string, signal?: AbortSignal): Promise<{ ok: true; rate: number; frames: number } | Extract<JoinResult, { ok: false }>> {
  const a = await openAudio(path);
  if (!a.ok) return { ok: false, code: 'leg-unreadable', file: basename(path), detail: a.detail };
  if (a.container === 'mp4' || a.container === 'aac') return { ok: false, code: 'no-waveform', file: basename(path), detail: `${a.container} is played but not decoded here` };
  const out = createWriteStream(temp);
  let rate = 0;
  let frames = 0;
  const pending: Promise<unknown>[] = [];
  try {
    await streamAudio(
      a,
      { signal },
      () => undefined,
      (b) => {
        if (!rate) rate = b.sampleRate;
        const mono = b.mono();
        const s16 = Buffer.allocUnsafe(b.frames * 2);
        for (let i = 0; i < b.frames; i++) s16.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(mono[i]! * 32768))), i * 2);
        frames += b.frames;
        if (!out.write(s16)) pending.push(once(out, 'drain'));
      },
    );
  } catch (e) {
    out.destroy();
    if (e instanceof DecoderMissing) return { ok: false, code: 'leg-unreadable', file: basename(path), detail: e.message };
    throw e;
  }
  await Promise.all(pending);
  out.end();
  await once(out, 'finish');
  if (!frames) return { ok: false, code: 'leg-unreadable', file: basename(path), detail: 'no sound samples' };
  return { ok: true, rate, frames };
}

async function interleave(leftPath: string, rightPath: string, outPath: string, rate: number, frames: number, signal?: AbortSignal) {
  const [left, right] = await Promise.all([open(leftPath, 'r'), open(rightPath, 'r')]);
  const out = await open(outPath, 'w');
  try {
    await out.write(wavHeader(rate, 2, frames), 0, 44, 0);
    const CHUNK = 1 << 16;
    const l = Buffer.alloc(CHUNK * 2);
    const r = Buffer.alloc(CHUNK * 2);
    const o = Buffer.alloc(CHUNK * 4);
    let pos = 44;
    for (let f = 0; f < frames; f += CHUNK) {
      if (signal?.aborted) throw new Error('cancelled');
      const n = Math.min(CHUNK, frames - f);
      l.fill(0);
      r.fill(0);
      // A shorter leg reads as silence past its end.
      await left.read(l, 0, n * 2, f * 2);
      await right.read(r, 0, n * 2, f * 2);
      for (let i = 0; i < n; i++) {
        o.writeInt16LE(l.readInt16LE(i * 2), i * 4);
        o.writeInt16LE(r.readInt16LE(i * 2), i * 4 + 2);
      }
      await out.write(o, 0, n * 4, pos);
      pos += n * 4;
    }
  } finally {
    await Promise.all([left.close(), right.close(), out.close()]);
  }
}

/** A canonical 44-byte PCM 16-bit WAVE header. */
export function wavHeader(rate: number, channels: number, frames: number): Buffer {
  const h = Buffer.alloc(44);
  const data = frames * channels * 2;
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data, 40);
  return h;
}
