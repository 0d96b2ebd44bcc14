// Reads one audio file once, streaming: content hash, real format (by bytes, not extension), duration and
// waveform peaks. WAV (PCM, float, G.711) is decoded here; MP3, FLAC, Ogg Opus and Ogg Vorbis by WebAssembly
// decoders (no system ffmpeg); MP4/AAC get a duration without a waveform. Every failure is a per-file result.
import type { AudioAnalysis, AudioFailure, AudioProblem } from '@contract';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { EXTENSIONS, MIME, sniffAudio, type AudioContainer } from './sniff';
import { decodeWavFrames, parseWavHeader, type WavInfo } from './wav';
import { PeakAccumulator } from './peaks';
import { importEsm } from '../esm';

export type { AudioAnalysis, AudioFailure };
export type AudioResult = AudioAnalysis | AudioFailure;

type Decoded = { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors?: unknown[] };

/** The WebAssembly decoders' common shape; some decode synchronously, FLAC returns a promise. */
interface StreamingDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): Decoded | Promise<Decoded>;
  flush?(): Promise<Decoded>;
  free(): void;
}

// ESM-only WebAssembly decoders are loaded on first use (dynamic import works from CommonJS main too).
async function makeDecoder(container: AudioContainer): Promise<StreamingDecoder | null> {
  if (container === 'mp3') return new (await importEsm<typeof import('mpg123-decoder')>('mpg123-decoder')).MPEGDecoder() as unknown as StreamingDecoder;
  if (container === 'flac') return new (await importEsm<typeof import('@wasm-audio-decoders/flac')>('@wasm-audio-decoders/flac')).FLACDecoder() as unknown as StreamingDecoder;
  if (container === 'ogg-opus') return new (await importEsm<typeof import('ogg-opus-decoder')>('ogg-opus-decoder')).OggOpusDecoder() as unknown as StreamingDecoder;
  if (container === 'ogg-vorbis')
    return new (await importEsm<typeof import('@wasm-audio-decoders/ogg-vorbis')>('@wasm-audio-decoders/ogg-vorbis')).OggVorbisDecoder() as unknown as StreamingDecoder;
  return null;
}

const fail = (path: string, code: AudioProblem, detail: string): AudioFailure => ({ ok: false, path, fileName: basename(path), code, detail });

/** A file opened for decoding: its size and time, real container, WAVE layout, and warnings so far. */
export interface OpenedAudio {
  ok: true;
  path: string;
  size: number;
  mtimeMs: number;
  container: AudioContainer;
  wav: WavInfo | null;
  /** Where the sample data ends (a crashed recorder's header may claim more than the file holds). */
  dataEnd: number;
  warnings: AudioAnalysis['warnings'];
}

/** Reads what a file is by its bytes; a failure names the file and why. */
export async function openAudio(path: string): Promise<OpenedAudio | AudioFailure> {
  let size: number;
  let mtimeMs: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return fail(path, 'not-found', 'not a file');
    size = st.size;
    mtimeMs = st.mtimeMs;
  } catch {
    return fail(path, 'not-found', 'the file does not exist or cannot be read');
  }
  if (size === 0) return fail(path, 'empty-file', '0 bytes');
  const head = new Uint8Array(Math.min(size, 1 << 20));
  try {
    const fh = await open(path, 'r');
    try {
      await fh.read(head, 0, head.length, 0);
    } finally {
      await fh.close();
    }
  } catch (e) {
    return fail(path, 'io', e instanceof Error ? e.message : String(e));
  }
  const sniffed = sniffAudio(head);
  if (!sniffed.ok) return fail(path, sniffed.looksLike === 'empty' ? 'empty-file' : 'not-audio', sniffed.looksLike === 'text' ? `text starting "${sniffed.start}"` : 'unknown binary data');
  const container = sniffed.container;
  const warnings: AudioAnalysis['warnings'] = [];
  const ext = extname(path).toLowerCase();
  if (!EXTENSIONS[container].includes(ext)) warnings.push({ code: 'extension-mismatch', detail: `${ext || '(none)'} but the content is ${container}` });

  let wav: WavInfo | null = null;
  let dataEnd = size;
  if (container === 'wav') {
    const h = parseWavHeader(head);
    if (!h.ok) {
      if (h.reason === 'unsupported-format') return fail(path, 'unsupported-codec', h.detail ?? 'unsupported WAVE format');
      return fail(path, 'corrupt', h.reason === 'no-fmt' ? 'the WAVE header has no format chunk' : 'the WAVE file has no data chunk');
    }
    wav = h.info;
    const declaredEnd = wav.dataOffset + wav.dataBytes;
    // Recorders that crash leave the header's size larger than the file (or 0 / 0xFFFFFFFF while streaming).
    if (wav.dataBytes === 0 && size > wav.dataOffset) dataEnd = size;
    else if (wav.dataBytes === 0xffffffff || declaredEnd > size) {
      dataEnd = size;
      if (wav.dataBytes !== 0xffffffff) warnings.push({ code: 'truncated', detail: `${declaredEnd - size} bytes of sound data missing` });
    } else dataEnd = declaredEnd;
    if (dataEnd - wav.dataOffset < wav.blockAlign) return fail(path, 'no-audio', 'the header is valid but there are no sound samples');
  }
  return { ok: true, path, size, mtimeMs, container, wav, dataEnd, warnings };
}

/**
 * One decoded block: each channel on its own, and the loudest channel of each frame (mono). A WAV block comes as
 * mono already; a decoder's mono is made only when a consumer asks (analysis reads the channels, joining the mono).
 */
export type DecodedBlock = { mono: () => Float32Array; channels: Float32Array[]; frames: number; sampleRate: number };

function loudest(ch: Float32Array[], frames: number): Float32Array {
  if (ch.length === 1) return ch[0]!;
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let v = 0;
    for (let c = 0; c < ch.length; c++) if (Math.abs(ch[c]![i]!) > Math.abs(v)) v = ch[c]![i]!;
    mono[i] = v;
  }
  return mono;
}

/**
 * Streams an opened file once: every raw chunk to `onBytes` (hash, progress), every decoded block to `onBlock`.
 * Resolves with the number of damaged frames the decoder skipped; throws 'cancelled' or the read error.
 */
export async function streamAudio(
  a: OpenedAudio,
  opts: { signal?: AbortSignal; splitChannels?: boolean },
  onBytes: (chunk: Buffer, end: number) => void,
  onBlock: (b: DecodedBlock) => void,
): Promise<number> {
  const { wav, dataEnd } = a;
  let decoder: StreamingDecoder | null = null;
  try {
    decoder = await makeDecoder(a.container);
    if (decoder) await decoder.ready;
  } catch (e) {
    throw new DecoderMissing(`no decoder for ${a.container}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let decodeErrors = 0;
  const takeDecoded = (r: Decoded) => {
    decodeErrors += r.errors?.length ?? 0;
    if (r.samplesDecoded <= 0) return;
    onBlock({ mono: () => loudest(r.channelData, r.samplesDecoded), channels: r.channelData, frames: r.samplesDecoded, sampleRate: r.sampleRate });
  };
  const scratch: { buf: Float32Array; channels?: Float32Array[] } = { buf: new Float32Array(1 << 16), channels: opts.splitChannels && wav && wav.channels > 1 ? [] : undefined };
  let carry: Uint8Array | null = null;
  let offset = 0;
  try {
    const stream = createReadStream(a.path, { highWaterMark: 1 << 20 });
    opts.signal?.addEventListener('abort', () => stream.destroy(new Error('cancelled')), { once: true });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const start = offset;
      offset += chunk.length;
      onBytes(chunk, offset);
      if (wav) {
        const from = Math.max(start, wav.dataOffset);
        const to = Math.min(offset, dataEnd);
        if (to > from) {
          let part: Uint8Array = chunk.subarray(from - start, to - start);
          if (carry) {
            const joined = new Uint8Array(carry.length + part.length);
            joined.set(carry);
            joined.set(part, carry.length);
            part = joined;
            carry = null;
          }
          const frames = decodeWavFrames(wav, part, scratch);
          const buf = scratch.buf;
          onBlock({ mono: () => buf, channels: scratch.channels ?? [], frames, sampleRate: wav.sampleRate });
          const rest = part.length - frames * wav.blockAlign;
          if (rest > 0) carry = part.slice(part.length - rest);
        }
      } else if (decoder) {
        takeDecoded(await decoder.decode(chunk));
      }
    }
    if (decoder?.flush) takeDecoded(await decoder.flush());
  } finally {
    decoder?.free();
  }
  return decodeErrors;
}

/** No WebAssembly decoder could be loaded for the container. */
export class DecoderMissing extends Error {}

export async function analyseAudioFile(path: string, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<AudioResult> {
  const a = await openAudio(path);
  if (!a.ok) return a;
  const { size, mtimeMs, container, wav, warnings } = a;
  const acc = new PeakAccumulator();
  if (wav) acc.setRate(wav.sampleRate);
  // A stereo call (agent on one side, customer on the other) also gets one waveform per channel.
  let stereo: PeakAccumulator[] | null = null;
  let channels = wav?.channels ?? 0;
  const hash = createHash('sha256');
  let decodeErrors = 0;
  try {
    decodeErrors = await streamAudio(
      a,
      { signal: opts.signal, splitChannels: true },
      (chunk, end) => {
        hash.update(chunk);
        opts.onProgress?.(end, size);
      },
      (b) => {
        acc.setRate(b.sampleRate);
        // WAV blocks are mono already (the loudest channel); decoders' blocks keep their channels for the peaks.
        acc.add(wav ? [b.mono()] : b.channels, b.frames);
        const count = wav ? wav.channels : b.channels.length;
        channels = Math.max(channels, count);
        if (!stereo && count === 2) {
          stereo = [new PeakAccumulator(), new PeakAccumulator()];
          for (const x of stereo) x.setRate(b.sampleRate);
        }
        if (stereo && b.channels.length === 2) stereo.forEach((x, c) => x.add([b.channels[c]!], b.frames));
      },
    );
  } catch (e) {
    if (e instanceof DecoderMissing) return fail(path, 'unsupported-codec', e.message);
    const msg = e instanceof Error ? e.message : String(e);
    return fail(path, msg === 'cancelled' ? 'cancelled' : 'io', msg);
  }

  let durationSec: number;
  let peaks: number[] = [];
  let channelPeaks: number[][] | undefined;
  let peaksPerSecond = 0;
  let sampleRate = acc.sampleRate;
  if (container === 'mp4' || container === 'aac') {
    const d = container === 'mp4' ? await mp4Duration(path, size) : await adtsDuration(path);
    if (!d) return fail(path, 'corrupt', container === 'mp4' ? 'no movie header (mvhd) found' : 'no ADTS frames found');
    durationSec = d.durationSec;
    sampleRate = d.sampleRate;
    warnings.push({ code: 'no-waveform', detail: 'AAC is played but not decoded here; no waveform' });
  } else {
    if (acc.frames === 0) return fail(path, decodeErrors ? 'corrupt' : 'no-audio', decodeErrors ? `${decodeErrors} frames could not be decoded` : 'no sound samples');
    const r = acc.finish();
    // Garbage with a frame sync in front "decodes" to a few frames of silence: that is a damaged file, not a call.
    if (decodeErrors && r.peaks.every((p) => p === 0)) return fail(path, 'corrupt', `no sound could be decoded (${decodeErrors} damaged frames)`);
    peaks = r.peaks;
    peaksPerSecond = r.peaksPerSecond;
    if (stereo) channelPeaks = (stereo as PeakAccumulator[]).map((x) => x.finish().peaks);
    durationSec = r.durationSec;
    if (decodeErrors) warnings.push({ code: 'decode-errors', detail: `${decodeErrors} damaged frames skipped` });
  }
  const format = wav ? `wav-${wav.encoding === 'pcm' ? `pcm${wav.bitsPerSample}` : wav.encoding}` : container;
  return {
    ok: true,
    path,
    fileName: basename(path),
    bytes: size,
    mtimeMs,
    sha256: hash.digest('hex'),
    container,
    format,
    mime: MIME[container],
    sampleRate,
    channels: channels || 1,
    durationSec: Math.round(durationSec * 1000) / 1000,
    peaks,
    ...(channelPeaks ? { channelPeaks } : {}),
    peaksPerSecond,
    warnings,
  };
}

/** Duration from the MP4 movie header (moov/mvhd), wherever moov sits in the file. */
async function mp4Duration(path: string, size: number): Promise<{ durationSec: number; sampleRate: number } | null> {
  const fh = await open(path, 'r');
  try {
    const hdr = new Uint8Array(16);
    const box = async (start: number, end: number, want: string): Promise<[number, number] | null> => {
      let at = start;
      while (at + 8 <= end) {
        await fh.read(hdr, 0, 16, at);
        const dv = new DataView(hdr.buffer);
        let len = dv.getUint32(0);
        const type = String.fromCharCode(...hdr.subarray(4, 8));
        let headLen = 8;
        if (len === 1) {
          len = Number(dv.getBigUint64(8));
          headLen = 16;
        } else if (len === 0) len = end - at;
        if (len < headLen) return null;
        if (type === want) return [at + headLen, at + len];
        at += len;
      }
      return null;
    };
    const moov = await box(0, size, 'moov');
    if (!moov) return null;
    const mvhd = await box(moov[0], moov[1], 'mvhd');
    if (!mvhd) return null;
    const body = new Uint8Array(32);
    await fh.read(body, 0, 32, mvhd[0]);
    const dv = new DataView(body.buffer);
    const v1 = body[0] === 1;
    const timescale = dv.getUint32(v1 ? 20 : 12);
    const duration = v1 ? Number(dv.getBigUint64(24)) : dv.getUint32(16);
    return timescale ? { durationSec: duration / timescale, sampleRate: timescale } : null;
  } finally {
    await fh.close();
  }
}

const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** Duration of raw AAC by walking its ADTS frame headers (1024 samples per frame). */
async function adtsDuration(path: string): Promise<{ durationSec: number; sampleRate: number } | null> {
  const { readFile } = await import('node:fs/promises');
  const b = await readFile(path);
  let at = 0;
  let frames = 0;
  let rate = 0;
  while (at + 7 <= b.length && b[at] === 0xff && (b[at + 1]! & 0xf6) === 0xf0) {
    rate = ADTS_RATES[(b[at + 2]! >> 2) & 0x0f] ?? 0;
    const len = ((b[at + 3]! & 0x03) << 11) | (b[at + 4]! << 3) | (b[at + 5]! >> 5);
    if (len < 7) break;
    frames++;
    at += len;
  }
  return frames && rate ? { durationSec: (frames * 1024) / rate, sampleRate: rate } : null;
}
