// Speech-like synthetic call audio, written as telephony recorders do: 8 kHz mono G.711 mu-law WAV.
// Voiced syllables come from a glottal pulse train through three formant resonators, so it sounds like two
// people talking in turns (lower agent voice, higher customer voice) without any recorded speech.
import { createRng, type Rng } from '@domain/random';
import type { DemoTurn } from '@domain/demoWorkspace';

export const DEMO_SAMPLE_RATE = 8000;
export const DEMO_PEAKS_PER_SECOND = 50;

/** Synthesises one demo call: on the worker pool in the app, in-process in unit tests. */
export type DemoRenderer = (spec: { id: string; seed: number; durationSec: number; turns: DemoTurn[] }) => Promise<{ wav: Buffer; peaks: number[] }>;

/** G.711 mu-law encoding of a 16-bit linear sample. */
export function muLawEncode(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function muLawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const s = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -s : s;
}

/** RIFF/WAVE header for format tag 7 (mu-law), with the fact chunk non-PCM formats need. */
export function muLawWavHeader(samples: number, rate = DEMO_SAMPLE_RATE): Buffer {
  const h = Buffer.alloc(58);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(50 + samples + (samples % 2), 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(18, 16);
  h.writeUInt16LE(7, 20); // WAVE_FORMAT_MULAW
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate, 28); // byte rate: 1 byte a sample
  h.writeUInt16LE(1, 32); // block align
  h.writeUInt16LE(8, 34); // bits per sample
  h.writeUInt16LE(0, 36); // cbSize
  h.write('fact', 38, 'ascii');
  h.writeUInt32LE(4, 42);
  h.writeUInt32LE(samples, 46);
  h.write('data', 50, 'ascii');
  h.writeUInt32LE(samples, 54);
  return h;
}

const VOWELS: [number, number, number][] = [
  [730, 1090, 2440],
  [530, 1840, 2480],
  [270, 2290, 3010],
  [570, 840, 2410],
  [300, 870, 2240],
  [660, 1720, 2410],
];

/** Syllable loudness envelope, sin(pi k)^0.6 sampled once. */
const ENVELOPE = Float32Array.from({ length: 256 }, (_, i) => Math.sin((Math.PI * i) / 255) ** 0.6);

class Resonator {
  private y1 = 0;
  private y2 = 0;
  private a = 0;
  private b = 0;
  private c = 0;
  set(freq: number, bw: number, rate: number) {
    const r = Math.exp((-Math.PI * bw) / rate);
    this.b = 2 * r * Math.cos((2 * Math.PI * freq) / rate);
    this.c = -r * r;
    this.a = 1 - this.b - this.c;
  }
  step(x: number): number {
    const y = this.a * x + this.b * this.y1 + this.c * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** Linear PCM (float, about -1..1) for the given turns; silence with faint line noise between them. */
export function synthesizeSpeech(turns: readonly DemoTurn[], durationSec: number, seed: number, rate = DEMO_SAMPLE_RATE): Float32Array {
  const out = new Float32Array(Math.round(durationSec * rate));
  const rng: Rng = createRng(seed);
  // Faint line noise from a short table: drawing a random number per sample is most of the cost otherwise.
  const noise = new Float32Array(4099);
  for (let i = 0; i < noise.length; i++) noise[i] = (rng.next() - 0.5) * 0.004;
  for (let i = 0; i < out.length; i++) out[i] = noise[i % noise.length]!;
  const f1 = new Resonator();
  const f2 = new Resonator();
  const f3 = new Resonator();
  for (const turn of turns) {
    const base = turn.speaker === 'agent' ? 118 + rng.next() * 10 : 205 + rng.next() * 20;
    let t = turn.start;
    while (t < turn.end - 0.1) {
      const syl = Math.min(0.12 + rng.next() * 0.16, turn.end - t);
      const [F1, F2, F3] = VOWELS[Math.floor(rng.next() * VOWELS.length)]!;
      const scale = turn.speaker === 'agent' ? 1 : 1.15;
      f1.set(F1 * scale, 90, rate);
      f2.set(F2 * scale, 110, rate);
      f3.set(F3 * scale, 170, rate);
      const from = Math.floor(t * rate);
      const to = Math.min(out.length, Math.floor((t + syl) * rate));
      const f0Start = base * (1 + (rng.next() - 0.5) * 0.2);
      const loud = 0.35 + rng.next() * 0.35;
      let phase = 0;
      for (let i = from; i < to; i++) {
        const k = (i - from) / (to - from);
        const f0 = f0Start * (1 - 0.12 * k);
        phase += f0 / rate;
        let excitation = 0;
        if (phase >= 1) {
          phase -= 1;
          excitation = 1;
        }
        // A little breath noise at the onset stands in for a consonant.
        if (k < 0.15) excitation += noise[i % noise.length]! * 150;
        const env = ENVELOPE[(k * 255) | 0]!;
        const y = f3.step(f2.step(f1.step(excitation)));
        out[i]! += y * env * loud * 2;
      }
      t += syl + 0.02 + rng.next() * 0.08;
    }
  }
  return out;
}

/** Min/max pairs per bucket, the shape wavesurfer draws without decoding the file. */
export function computePeaks(pcm: Float32Array, rate: number, perSecond: number): number[] {
  const bucket = Math.max(1, Math.round(rate / perSecond));
  const peaks: number[] = [];
  for (let i = 0; i < pcm.length; i += bucket) {
    let min = 1;
    let max = -1;
    const end = Math.min(pcm.length, i + bucket);
    for (let j = i; j < end; j++) {
      const v = pcm[j]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    peaks.push(Math.round(Math.max(-1, min) * 1000) / 1000, Math.round(Math.min(1, max) * 1000) / 1000);
  }
  return peaks;
}

const ENCODE = Uint8Array.from({ length: 65536 }, (_, i) => muLawEncode(i - 32768));
const DECODE = Float32Array.from({ length: 256 }, (_, b) => muLawDecode(b) / 32768);

/** A whole mu-law WAV file plus its peaks (computed from what the file will actually decode to). */
export function renderDemoCall(turns: readonly DemoTurn[], durationSec: number, seed: number): { wav: Buffer; peaks: number[] } {
  const pcm = synthesizeSpeech(turns, durationSec, seed);
  const data = Buffer.alloc(pcm.length + (pcm.length % 2));
  const decoded = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    const linear = Math.max(-32768, Math.min(32767, Math.round(pcm[i]! * 32767)));
    const byte = ENCODE[linear + 32768]!;
    data[i] = byte;
    decoded[i] = DECODE[byte]!;
  }
  return { wav: Buffer.concat([muLawWavHeader(pcm.length), data]), peaks: computePeaks(decoded, DEMO_SAMPLE_RATE, DEMO_PEAKS_PER_SECOND) };
}
