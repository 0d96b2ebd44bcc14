// RIFF/WAVE headers read chunk by chunk (a LIST chunk may sit between fmt and data, or after data), and the
// sample formats call recorders write: PCM 8/16/24/32-bit, IEEE float, G.711 mu-law and A-law.

export type WavEncoding = 'pcm' | 'float' | 'mulaw' | 'alaw';

export interface WavInfo {
  encoding: WavEncoding;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  dataOffset: number;
  /** Bytes of sample data the header declares. */
  dataBytes: number;
}

export type WavHeader = { ok: true; info: WavInfo } | { ok: false; reason: 'no-fmt' | 'no-data' | 'unsupported-format' | 'need-more'; detail?: string };

const TAGS: Record<number, WavEncoding> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw' };

export function parseWavHeader(buf: Uint8Array): WavHeader {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes'> | null = null;
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = String.fromCharCode(buf[at]!, buf[at + 1]!, buf[at + 2]!, buf[at + 3]!);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      if (at + 8 + 16 > buf.length) return { ok: false, reason: 'need-more' };
      let tag = view.getUint16(at + 8, true);
      const channels = view.getUint16(at + 10, true);
      const sampleRate = view.getUint32(at + 12, true);
      const blockAlign = view.getUint16(at + 20, true);
      const bitsPerSample = view.getUint16(at + 22, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (tag === 0xfffe && size >= 40 && at + 8 + 26 <= buf.length) tag = view.getUint16(at + 8 + 24, true);
      const encoding = TAGS[tag];
      if (!encoding) return { ok: false, reason: 'unsupported-format', detail: `WAVE format tag ${tag}` };
      if (!channels || !sampleRate || !blockAlign) return { ok: false, reason: 'unsupported-format', detail: 'zero channels, rate or block size' };
      if (encoding === 'pcm' && ![8, 16, 24, 32].includes(bitsPerSample)) return { ok: false, reason: 'unsupported-format', detail: `${bitsPerSample}-bit PCM` };
      fmt = { encoding, channels, sampleRate, bitsPerSample, blockAlign };
    } else if (id === 'data') {
      if (!fmt) return { ok: false, reason: 'no-fmt' };
      return { ok: true, info: { ...fmt, dataOffset: at + 8, dataBytes: size } };
    }
    at += 8 + size + (size % 2);
  }
  if (at + 8 > buf.length && at < 1 << 24) return { ok: false, reason: fmt ? 'need-more' : buf.length < 64 ? 'no-fmt' : 'need-more' };
  return { ok: false, reason: fmt ? 'no-data' : 'no-fmt' };
}

/** Lookup tables: 8-bit codes to samples in [-1, 1]. */
export const MULAW_TABLE = (() => {
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) {
    const u = ~b & 0xff;
    const e = (u >> 4) & 7;
    const s = ((((u & 0x0f) << 3) + 0x84) << e) - 0x84;
    t[b] = (u & 0x80 ? -s : s) / 32768;
  }
  return t;
})();

export const ALAW_TABLE = (() => {
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) {
    const a = b ^ 0x55;
    const e = (a >> 4) & 7;
    let s = (a & 0x0f) << 4;
    s = e === 0 ? s + 8 : (s + 0x108) << (e - 1);
    t[b] = (a & 0x80 ? s : -s) / 32768;
  }
  return t;
})();

const PCM8_TABLE = (() => {
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) t[b] = (b - 128) / 128;
  return t;
})();

/**
 * Decodes the whole frames of a chunk of sample data to mono (the loudest channel of each frame) in `scratch`.
 * Returns the number of frames decoded; the caller keeps the trailing partial frame for the next chunk.
 */
export function decodeWavFrames(info: WavInfo, chunk: Uint8Array, scratch: { buf: Float32Array; channels?: Float32Array[] }): number {
  const frameBytes = info.blockAlign;
  const frames = Math.floor(chunk.length / frameBytes);
  if (scratch.buf.length < frames) scratch.buf = new Float32Array(frames * 2);
  const out = scratch.buf;
  // Each channel on its own as well, when the caller asked (stereo calls: agent and customer side by side).
  const split = scratch.channels && info.channels > 1 ? scratch.channels : null;
  if (split) for (let c = 0; c < info.channels; c++) if (!split[c] || split[c]!.length < frames) split[c] = new Float32Array(frames * 2);
  const ch = info.channels;
  const bytesPer = info.bitsPerSample / 8;
  const table = info.encoding === 'mulaw' ? MULAW_TABLE : info.encoding === 'alaw' ? ALAW_TABLE : info.encoding === 'pcm' && bytesPer === 1 ? PCM8_TABLE : null;
  if (table && ch === 1 && frameBytes === 1) {
    // The telephony case (8 kHz mono G.711): one table lookup per byte.
    for (let f = 0; f < frames; f++) out[f] = table[chunk[f]!]!;
    return frames;
  }
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  for (let f = 0, o = 0; f < frames; f++, o += frameBytes) {
    let v = 0;
    for (let c = 0; c < ch; c++) {
      const p = o + c * bytesPer;
      let s: number;
      if (table) s = table[chunk[p]!]!;
      else if (info.encoding === 'float') s = bytesPer === 8 ? view.getFloat64(p, true) : view.getFloat32(p, true);
      else if (bytesPer === 2) s = view.getInt16(p, true) / 32768;
      else if (bytesPer === 3) s = (((chunk[p]! | (chunk[p + 1]! << 8) | (chunk[p + 2]! << 16)) << 8) >> 8) / 8388608;
      else s = view.getInt32(p, true) / 2147483648;
      if (c === 0 || Math.abs(s) > Math.abs(v)) v = s;
      if (split) split[c]![f] = s;
    }
    out[f] = v;
  }
  return frames;
}
