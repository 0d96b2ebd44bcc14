// Recording import in main: list what a chosen folder holds, analyse each audio file in worker threads
// (hash, format, duration, peaks) with progress and cancel, optionally copy it into the media library, and
// register it under the renderer's opaque id. Moved or changed files are detected, never silently mis-played.
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { JoinedLegs, MediaScan, RecordingFileCheck, RecordingFileResult, RecordingImportStatus, ScannedFile } from '@contract';
import type { AudioAnalyserPool } from './audio/pool';
import type { MediaEntry, MediaRegistry } from './media';
import { ServiceError } from './errors';

const AUDIO = new Set(['.wav', '.wave', '.mp3', '.ogg', '.opus', '.oga', '.flac', '.m4a', '.mp4', '.aac']);
const TRANSCRIPT = new Set(['.vtt', '.srt', '.json']);
const METADATA = new Set(['.csv', '.tsv', '.xlsx', '.txt']);
const MAX_FILES = 20000;

function kindOf(name: string): ScannedFile['kind'] {
  const ext = extname(name).toLowerCase();
  if (AUDIO.has(ext)) return 'audio';
  if (TRANSCRIPT.has(ext)) return 'transcript';
  if (METADATA.has(ext)) return 'metadata';
  return 'other';
}

/** Files under the given paths (folders recursed, hidden entries skipped), classified by extension. */
export async function scanMediaPaths(paths: string[]): Promise<MediaScan> {
  const files: ScannedFile[] = [];
  const missing: string[] = [];
  let truncated = false;
  const walk = async (p: string, depth: number): Promise<void> => {
    if (files.length >= MAX_FILES) {
      truncated = true;
      return;
    }
    let st;
    try {
      st = await stat(p);
    } catch {
      if (depth === 0) missing.push(p);
      return;
    }
    if (st.isFile()) {
      files.push({ path: p, name: basename(p), bytes: st.size, kind: kindOf(p) });
      return;
    }
    if (!st.isDirectory() || depth > 8) return;
    const entries = await readdir(p).catch(() => [] as string[]);
    for (const e of entries.sort()) if (!e.startsWith('.')) await walk(join(p, e), depth + 1);
  };
  for (const p of paths) await walk(p, 0);
  return { files, missing, truncated };
}

interface Job {
  status: RecordingImportStatus;
  cancel: () => void;
}

export class RecordingImportJobs {
  private jobs = new Map<string, Job>();

  constructor(
    private readonly pool: AudioAnalyserPool,
    private readonly media: MediaRegistry,
    private readonly libraryDir: string,
  ) {}

  /**
   * `store`: what else each imported file needs before it counts as imported (a team console keeping audio on the
   * server sends it there); its failure fails the file, naming it, and the import goes on with the next.
   */
  start(files: { id: string; path: string }[], copyToLibrary: boolean, store?: (id: string, entry: MediaEntry & { sha256: string; mime: string }, onFraction: (f: number) => void, cancelled: () => boolean) => Promise<void>): string {
    const jobId = randomUUID();
    const status: RecordingImportStatus = { jobId, total: files.length, done: 0, currentFile: null, currentFraction: 0, finished: false, cancelled: false, results: [] };
    let cancelled = false;
    let currentTask: number | null = null;
    const job: Job = {
      status,
      cancel: () => {
        cancelled = true;
        status.cancelled = true;
        if (currentTask !== null) this.pool.cancel(currentTask);
      },
    };
    this.jobs.set(jobId, job);
    void (async () => {
      for (const f of files) {
        if (cancelled) break;
        status.currentFile = basename(f.path);
        status.currentFraction = 0;
        const task = this.pool.analyse(f.path, (done, total) => (status.currentFraction = total ? done / total : 0));
        currentTask = task.id;
        const r = await task.result;
        currentTask = null;
        if (!r.ok) {
          if (r.code !== 'cancelled') status.results.push({ ...r, id: f.id });
        } else {
          try {
            const storedPath = copyToLibrary ? await this.copyIn(f.path, r.sha256) : f.path;
            const entry = { path: storedPath, bytes: r.bytes, mime: r.mime, mtimeMs: r.mtimeMs, sha256: r.sha256 };
            await this.media.register(f.id, entry);
            if (store) await store(f.id, entry, (x) => (status.currentFraction = x), () => cancelled);
            status.results.push({ ...r, id: f.id, storedPath });
          } catch (e) {
            status.results.push({ ok: false, id: f.id, path: f.path, fileName: basename(f.path), code: 'io', detail: e instanceof Error ? e.message : String(e) });
          }
        }
        status.done++;
      }
      status.finished = true;
      status.currentFile = null;
      // Finished jobs are kept a while for the last status poll, then dropped.
      setTimeout(() => this.jobs.delete(jobId), 10 * 60_000).unref?.();
    })();
    return jobId;
  }

  private async copyIn(path: string, sha256: string): Promise<string> {
    const dir = join(this.libraryDir, sha256.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const target = join(dir, `${sha256.slice(0, 16)}${extname(path).toLowerCase()}`);
    await copyFile(path, target);
    return target;
  }

  status(jobId: string, since: number): RecordingImportStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new ServiceError('not-found', `No recording import ${jobId} is running`);
    return { ...job.status, results: job.status.results.slice(since) };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.status.finished) return false;
    job.cancel();
    return true;
  }
}

/** Is a registered recording's file still the one imported? Size and time first; the hash only when they moved. */
export async function checkRecordingFile(media: MediaRegistry, pool: AudioAnalyserPool, id: string): Promise<RecordingFileCheck> {
  const entry = await media.lookup(id);
  if (!entry) return { state: 'unknown', path: null };
  let st;
  try {
    st = await stat(entry.path);
  } catch {
    return { state: 'missing', path: entry.path };
  }
  if (st.size !== entry.bytes) return { state: 'changed', path: entry.path, detail: `size ${st.size} bytes, imported ${entry.bytes}` };
  if (entry.mtimeMs === undefined || st.mtimeMs === entry.mtimeMs || !entry.sha256) return { state: 'ok', path: entry.path };
  const r = await pool.analyse(entry.path).result;
  if (!r.ok || r.sha256 !== entry.sha256) return { state: 'changed', path: entry.path, detail: 'content differs from the imported file' };
  await media.register(id, { ...entry, mtimeMs: st.mtimeMs });
  return { state: 'ok', path: entry.path };
}

/** Points a recording at a file at a new place, if that file is the same recording (same content hash). */
export async function relinkRecording(media: MediaRegistry, pool: AudioAnalyserPool, id: string, path: string): Promise<RecordingFileResult> {
  const entry = await media.lookup(id);
  if (!entry) throw new ServiceError('not-found', `No recording registered with id ${id}`);
  const r = await pool.analyse(path).result;
  if (!r.ok) return { ...r, id };
  if (entry.sha256 && r.sha256 !== entry.sha256) throw new ServiceError('invalid-input', `${basename(path)} is not the imported recording (different content)`, 'path');
  await media.register(id, { path, bytes: r.bytes, mime: r.mime, mtimeMs: r.mtimeMs, sha256: r.sha256 });
  return { ...r, id, storedPath: path };
}

/**
 * Joins two imported legs into one stereo recording registered as `joinedId` (agent left, caller right). Each leg
 * must still be the file that was imported; the joined file lives in the media library and is analysed like any
 * other (hash, duration, a waveform per channel).
 */
export async function joinCallLegs(
  media: MediaRegistry,
  pool: AudioAnalyserPool,
  dir: string,
  { agentId, callerId, joinedId }: { agentId: string; callerId: string; joinedId: string },
): Promise<JoinedLegs> {
  const paths: string[] = [];
  for (const id of [agentId, callerId]) {
    const check = await checkRecordingFile(media, pool, id);
    if (check.state !== 'ok') return { ok: false, code: 'leg-missing', file: check.path ? basename(check.path) : id, detail: check.state === 'unknown' ? 'not an imported recording' : `the file is ${check.state}` };
    paths.push(check.path!);
  }
  await mkdir(dir, { recursive: true });
  const outPath = join(dir, `${joinedId}.wav`);
  const joined = await pool.join({ agentPath: paths[0]!, callerPath: paths[1]!, outPath }).result;
  if (!joined.ok) return joined;
  const r = await pool.analyse(outPath).result;
  if (!r.ok) return { ok: false, code: 'io', file: basename(outPath), detail: r.detail };
  await media.register(joinedId, { path: outPath, bytes: r.bytes, mime: r.mime, mtimeMs: r.mtimeMs, sha256: r.sha256 });
  return { ok: true, recording: { ...r, id: joinedId, storedPath: outPath }, warnings: joined.warnings };
}
