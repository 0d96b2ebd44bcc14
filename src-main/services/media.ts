// Recordings by opaque id: a registry of allowed files, and a Range-aware reader that both the Electron
// media protocol and the browser test host serve. The renderer never hands us a path.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { writePrivateFile } from './privateFiles';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';

export interface MediaEntry {
  path: string;
  bytes: number;
  /** Set by imports: what the content really is (by its bytes), and when it was last seen unchanged. */
  mime?: string;
  mtimeMs?: number;
  sha256?: string;
}

const MIME: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
};

export class MediaRegistry {
  private entries = new Map<string, MediaEntry>();

  constructor(private readonly file: string) {}

  private loading: Promise<void> | null = null;

  /** Read once; calls at once share the one read (each reading it would replace what the others added since). */
  private load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const raw = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, MediaEntry>;
        this.entries = new Map(Object.entries(raw));
      } catch {
        this.entries = new Map();
      }
    })();
    return this.loading;
  }

  async register(id: string, entry: MediaEntry): Promise<void> {
    await this.registerMany([[id, entry]]);
  }

  /** Writes one after another: two at once (a file check and a play of the same call) would race on the file. */
  private writing: Promise<void> = Promise.resolve();

  async registerMany(items: [string, MediaEntry][]): Promise<void> {
    await this.load();
    for (const [id, e] of items) this.entries.set(id, e);
    const write = this.writing.then(() => writePrivateFile(this.file, JSON.stringify(Object.fromEntries(this.entries))));
    this.writing = write.catch(() => undefined);
    await write;
  }

  async lookup(id: string): Promise<MediaEntry | undefined> {
    await this.load();
    return this.entries.get(id);
  }
}

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

/** Serves a registered recording; answers `Range: bytes=a-b` with 206 so seeking never reads the whole file. */
export async function serveMedia(registry: MediaRegistry, id: string, range: string | null): Promise<MediaResponse> {
  const entry = /^[0-9a-zA-Z-]{1,64}$/.test(id) ? await registry.lookup(id) : undefined;
  if (!entry) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'unknown recording' };
  let size: number;
  let mtimeMs: number;
  try {
    ({ size, mtimeMs } = await stat(entry.path));
  } catch {
    return { status: 410, headers: { 'content-type': 'text/plain' }, body: 'recording file is missing' };
  }
  // A file replaced by another is not the recording that was scored: refuse, do not mis-play. Same size and time:
  // the file as imported. Either changed: the content hash decides (and the new time is remembered when it matches).
  const changed = { status: 409, headers: { 'content-type': 'text/plain' }, body: 'recording file changed since import' };
  if (entry.bytes && size !== entry.bytes) return changed;
  if (entry.mtimeMs !== undefined && mtimeMs !== entry.mtimeMs) {
    if (!entry.sha256) return changed;
    if ((await fileSha256(entry.path).catch(() => null)) !== entry.sha256) return changed;
    await registry.register(id, { ...entry, mtimeMs });
  }
  const type = entry.mime ?? MIME[extname(entry.path).toLowerCase()] ?? 'application/octet-stream';
  const base = { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-store' };
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (range && !m) return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
  if (m) {
    let start = m[1] ? Number(m[1]) : size - Number(m[2]);
    let end = m[1] && m[2] ? Number(m[2]) : size - 1;
    if (!m[1]) end = size - 1;
    start = Math.max(0, start);
    end = Math.min(end, size - 1);
    if (start > end || start >= size) return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
    return {
      status: 206,
      headers: { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
      body: createReadStream(entry.path, { start, end }),
    };
  }
  return { status: 200, headers: { ...base, 'content-length': String(size) }, body: createReadStream(entry.path) };
}

/** SHA-256 of a file, read as a stream (a 60-minute WAV is about 115 MB). */
export function fileSha256(path: string): Promise<string> {
  return new Promise((ok, bad) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', bad)
      .on('end', () => ok(h.digest('hex')));
  });
}

export function mediaRegistryFile(dataDir: string): string {
  return join(dataDir, 'media-registry.json');
}
