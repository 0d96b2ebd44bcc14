// Recordings' audio on the team server, for departments without a recording share (team migration 6): an import
// sends the file in 1 MiB chunks (each its own statement, so a cut upload resumes where it stopped), checks what the
// server holds chunk by chunk, and only then writes the header naming the file's SHA-256. Playing a call on another
// workstation fetches it once into a local cache named by that hash (checked end to end before it is used), and the
// media protocol then serves it with Range from there. Who may fetch is the server's decision: the recording must
// be one the signed-in person reads. Plain functions over a query function (each call may be a separate turn on
// the session's connection, so a long download does not hold the feed up).
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SCHEMA } from './appraisalSchema';
import { ServiceError } from './errors';

const S = SCHEMA;
export const AUDIO_CHUNK_BYTES = 1024 * 1024;
/** The team schema version that keeps audio (older servers answer "ask the DBA to migrate"). */
export const AUDIO_SCHEMA = 6;
/** Chunks fetched per question (4 MiB). */
const FETCH_BATCH = 4;

export type Query = <R extends Record<string, unknown>>(sql: string, params: unknown[]) => Promise<R[]>;

export interface AudioFile {
  recordingId: string;
  path: string;
  bytes: number;
  sha256: string;
  mime: string;
}

interface Header {
  sha256: string;
  bytes: string;
  mime: string;
  chunk_bytes: number;
  chunks: number;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function header(q: Query, recordingId: string): Promise<Header | null> {
  const rows = await q<Header & Record<string, unknown>>(`SELECT sha256, bytes::text AS bytes, mime, chunk_bytes, chunks FROM ${S}.recording_audio WHERE recording_id = $1`, [recordingId]);
  return rows[0] ?? null;
}

/**
 * Sends a recording's audio to the server (resuming an upload cut off) and answers whether it was already there.
 * The file is read once: its hash must still be the one its import found, and every chunk the server holds must be
 * the file's, before the header is written.
 */
export async function storeAudio(q: Query, file: AudioFile, onFraction?: (f: number) => void, cancelled?: () => boolean): Promise<{ already: boolean; chunks: number }> {
  const name = file.path.split(/[\\/]/).pop();
  const there = await header(q, file.recordingId);
  if (there) {
    if (there.sha256 !== file.sha256) throw new ServiceError('damaged', `The team server holds other audio for recording ${file.recordingId} (${name})`, 'recordingId');
    return { already: true, chunks: there.chunks };
  }
  const held = new Map((await q<{ n: number; h: string }>(`SELECT n, encode(sha256(bytes), 'hex') AS h FROM ${S}.recording_audio_chunks WHERE recording_id = $1`, [file.recordingId])).map((r) => [r.n, r.h]));
  const chunks = Math.ceil(file.bytes / AUDIO_CHUNK_BYTES);
  const whole = createHash('sha256');
  const fh = await open(file.path, 'r');
  try {
    const buf = Buffer.alloc(AUDIO_CHUNK_BYTES);
    for (let n = 0; n < chunks; n++) {
      if (cancelled?.()) throw new ServiceError('io', `Upload of ${name} cancelled`, 'recordingId');
      const { bytesRead } = await fh.read(buf, 0, AUDIO_CHUNK_BYTES, n * AUDIO_CHUNK_BYTES);
      const chunk = buf.subarray(0, bytesRead);
      whole.update(chunk);
      const h = sha(chunk);
      const had = held.get(n);
      if (had === undefined) await q(`INSERT INTO ${S}.recording_audio_chunks (recording_id, n, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [file.recordingId, n, Buffer.from(chunk)]);
      else if (had !== h) throw new ServiceError('damaged', `The team server holds a different part ${n + 1} of ${name}: the upload cannot resume`, 'recordingId');
      onFraction?.((n + 1) / chunks);
    }
  } finally {
    await fh.close();
  }
  if (whole.digest('hex') !== file.sha256) throw new ServiceError('damaged', `${name} changed after it was imported: import it again`, 'path');
  const counted = await q<{ n: string; total: string }>(`SELECT count(*)::text AS n, coalesce(sum(length(bytes)), 0)::text AS total FROM ${S}.recording_audio_chunks WHERE recording_id = $1`, [file.recordingId]);
  if (Number(counted[0]!.n) !== chunks || Number(counted[0]!.total) !== file.bytes)
    throw new ServiceError('damaged', `The team server holds ${counted[0]!.n} of ${chunks} parts of ${name} (${counted[0]!.total} of ${file.bytes} bytes)`, 'recordingId');
  await q(`INSERT INTO ${S}.recording_audio (recording_id, sha256, bytes, mime, chunk_bytes, chunks) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [file.recordingId, file.sha256, file.bytes, file.mime, AUDIO_CHUNK_BYTES, chunks]);
  return { already: false, chunks };
}

export const audioCachePath = (cacheDir: string, sha256: string) => join(cacheDir, sha256.slice(0, 2), sha256);

/**
 * The recording's audio from the server in the local cache (fetched unless already there), or null when the server
 * keeps none for it. `expected` is the recording record's content hash: the server's audio must be that file.
 */
export async function fetchAudio(q: Query, recordingId: string, expected: string, cacheDir: string, onFraction?: (f: number) => void): Promise<{ path: string; bytes: number; mime: string; sha256: string } | null> {
  const h = await header(q, recordingId);
  if (!h) return null;
  if (h.sha256 !== expected) throw new ServiceError('damaged', `The team server's audio of recording ${recordingId} is not the file that was scored (its hash differs)`, 'recordingId', 'team.errors.audioMismatch');
  const bytes = Number(h.bytes);
  const target = audioCachePath(cacheDir, h.sha256);
  // Only a file whose hash was checked is ever renamed into the cache: one of the right size is that file.
  const cached = await stat(target).catch(() => null);
  if (cached?.size === bytes) return { path: target, bytes, mime: h.mime, sha256: h.sha256 };
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.part`;
  const fh = await open(temp, 'w', 0o600);
  const whole = createHash('sha256');
  try {
    for (let n = 0; n < h.chunks; n += FETCH_BATCH) {
      const rows = await q<{ n: number; bytes: Buffer }>(`SELECT n, bytes FROM ${S}.recording_audio_chunks WHERE recording_id = $1 AND n >= $2 AND n < $3 ORDER BY n`, [recordingId, n, n + FETCH_BATCH]);
      const want = Math.min(FETCH_BATCH, h.chunks - n);
      if (rows.length !== want || rows.some((r, i) => r.n !== n + i)) throw new ServiceError('damaged', `The team server is missing part of recording ${recordingId}'s audio`, 'recordingId', 'team.errors.audioMismatch');
      for (const r of rows) {
        whole.update(r.bytes);
        await fh.write(r.bytes);
      }
      onFraction?.(Math.min(1, (n + want) / Math.max(1, h.chunks)));
    }
    await fh.close();
    if (whole.digest('hex') !== h.sha256) throw new ServiceError('damaged', `The team server's audio of recording ${recordingId} does not match its hash`, 'recordingId', 'team.errors.audioMismatch');
    await rename(temp, target);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  return { path: target, bytes, mime: h.mime, sha256: h.sha256 };
}
