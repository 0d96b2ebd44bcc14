// Every contract method's handler, as plain Node functions. Electron main and the browser test host both
// register exactly these, through `dispatch`, so what the web E2E exercises is what the app runs.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseInput, type AppInfo, type ChosenPaths, type Input, type SavedFile, type Method, type Output, type Result } from '@contract';
import { ServiceError } from './errors';
import { hashPassword, verifyPassword } from './passwords';
import { listBackups, readBackup, writeBackup } from './backups';
import { renderDemoCall, DEMO_PEAKS_PER_SECOND } from './demoAudio';
import { MediaRegistry, mediaRegistryFile } from './media';
import { AudioAnalyserPool } from './audio/pool';
import { AppraisalSync, fileSecretBox, type SecretBox } from './appraisalSync';
import { RecordSigner } from './signing';
import { checkRecordingFile, RecordingImportJobs, relinkRecording, scanMediaPaths } from './recordings';

/** Opens the platform's file or folder dialog (Electron), or answers from a queue the tester controls (browser host). */
export type PathChooser = (mode: 'files' | 'folder') => Promise<ChosenPaths>;

/** The save-as dialog: where to write a file of this name, or none (cancelled / no dialog here). */
export type SaveChooser = (defaultName: string, filters: { name: string; extensions: string[] }[]) => Promise<Omit<SavedFile, 'bytes'>>;

/** Shows a desktop notification; false when the platform cannot. */
export type Notifier = (n: { title: string; body: string; tag: string }) => Promise<boolean>;

export interface ServiceContext {
  info: AppInfo;
  /** URL the renderer uses for a recording: app protocol in Electron, loopback in the test host. */
  mediaUrl(recordingId: string): string;
  media: MediaRegistry;
  audio: AudioAnalyserPool;
  recordingJobs: RecordingImportJobs;
  choosePaths: PathChooser;
  chooseSavePath: SaveChooser;
  notify: Notifier;
  appraisal: AppraisalSync;
  signer: RecordSigner;
  /** Prints the window's view to PDF bytes (Electron printToPDF); null where no window can print (browser host). */
  printToPdf: ((landscape: boolean) => Promise<Buffer>) | null;
}

export interface ServiceOptions {
  /** The audio worker-thread entry; null analyses in-process. */
  audioWorker?: string | null;
  choosePaths?: PathChooser;
  chooseSavePath?: SaveChooser;
  notify?: Notifier;
  /** Where the appraisal-database password is kept encrypted; a key file beside the data when not given. */
  secrets?: SecretBox;
  printToPdf?: (landscape: boolean) => Promise<Buffer>;
}

export type Handlers = { [M in Method]: (input: Input<M>) => Promise<Output<M>> };

export function createServiceContext(info: AppInfo, mediaUrl: (id: string) => string, opts: ServiceOptions = {}): ServiceContext {
  const media = new MediaRegistry(mediaRegistryFile(info.dataDir));
  const audio = new AudioAnalyserPool(opts.audioWorker ?? null);
  return {
    info,
    mediaUrl,
    media,
    audio,
    recordingJobs: new RecordingImportJobs(audio, media, join(info.dataDir, 'media-library')),
    choosePaths: opts.choosePaths ?? (async () => ({ paths: [], canceled: true, unavailable: true })),
    chooseSavePath: opts.chooseSavePath ?? (async () => ({ path: null, canceled: true, unavailable: true })),
    notify: opts.notify ?? (async () => false),
    ...appraisalServices(info, opts.secrets ?? fileSecretBox(info.dataDir)),
    printToPdf: opts.printToPdf ?? null,
  };
}

function appraisalServices(info: AppInfo, secrets: SecretBox) {
  return { appraisal: new AppraisalSync(info.dataDir, secrets, `qa-console ${info.version} (${info.host})`), signer: new RecordSigner(info.dataDir, secrets) };
}

export function createHandlers(ctx: ServiceContext): Handlers {
  return {
    appInfo: async () => ctx.info,
    hashPassword: async ({ password }) => hashPassword(password),
    verifyPassword: async ({ password, hash, salt }) => ({ ok: await verifyPassword(password, hash, salt) }),
    writeBackup: async ({ content, kind, keep }) => writeBackup(ctx.info.backupDir, content, kind, keep),
    listBackups: async () => listBackups(ctx.info.backupDir),
    readBackup: async ({ name }) => readBackup(ctx.info.backupDir, name),
    writeDemoRecordings: async ({ recordings }) => {
      const dir = join(ctx.info.dataDir, 'recordings', 'demo');
      await mkdir(dir, { recursive: true });
      const results = [];
      for (const r of recordings) {
        const { wav, peaks } = renderDemoCall(r.turns, r.durationSec, r.seed);
        const path = join(dir, `${r.id}.wav`);
        await writeFile(path, wav);
        results.push({
          id: r.id,
          path,
          sha256: createHash('sha256').update(wav).digest('hex'),
          bytes: wav.length,
          durationSec: r.durationSec,
          format: 'wav-mulaw-8k' as const,
          peaks,
          peaksPerSecond: DEMO_PEAKS_PER_SECOND,
        });
        // Yield between files so other calls are not starved while the demo renders.
        await new Promise((res) => setImmediate(res));
      }
      await ctx.media.registerMany(results.map((r) => [r.id, { path: r.path, bytes: r.bytes }]));
      return results;
    },
    mediaUrl: async ({ recordingId }) => {
      if (!(await ctx.media.lookup(recordingId))) throw new ServiceError('not-found', `No recording registered with id ${recordingId}`);
      return { url: ctx.mediaUrl(recordingId) };
    },
    chooseMediaPaths: async ({ mode }) => ctx.choosePaths(mode),
    scanMediaPaths: async ({ paths }) => scanMediaPaths(paths),
    startRecordingImport: async ({ files, copyToLibrary }) => ({ jobId: ctx.recordingJobs.start(files, copyToLibrary) }),
    recordingImportStatus: async ({ jobId, since }) => ctx.recordingJobs.status(jobId, since),
    cancelRecordingImport: async ({ jobId }) => ({ cancelled: ctx.recordingJobs.cancel(jobId) }),
    relinkRecording: async ({ recordingId, path }) => relinkRecording(ctx.media, ctx.audio, recordingId, path),
    checkRecordingFile: async ({ recordingId }) => checkRecordingFile(ctx.media, ctx.audio, recordingId),
    notify: async (n) => ({ shown: await ctx.notify(n) }),
    saveFile: async ({ defaultName, contentBase64, filters }) => saveBytes(ctx, defaultName, filters, async () => Buffer.from(contentBase64, 'base64')),
    getSyncSettings: async () => ctx.appraisal.settings(),
    saveSyncSettings: async ({ connection, password }) => ctx.appraisal.save(connection, password),
    testSyncConnection: async ({ connection, password }) => ctx.appraisal.test(connection, password),
    signAppraisalHashes: async ({ hashes }) => ctx.signer.sign(hashes),
    pushAppraisalRecords: async ({ batchId, records }) => ctx.appraisal.push(batchId, records),
    serverAppraisalHashes: async ({ periodKeys }) => ctx.appraisal.hashes(periodKeys),
    printToPdf: async ({ defaultName, landscape }) => {
      const print = ctx.printToPdf;
      if (!print) return { path: null, canceled: true, unavailable: true, bytes: 0 };
      return saveBytes(ctx, defaultName, [{ name: 'PDF', extensions: ['pdf'] }], () => print(landscape));
    },
  };
}

/** Asks where to save (the dialog, or the tester's queued answer), then makes the bytes and writes them there. */
async function saveBytes(ctx: ServiceContext, defaultName: string, filters: { name: string; extensions: string[] }[], bytesOf: () => Promise<Buffer>): Promise<SavedFile> {
  const target = await ctx.chooseSavePath(defaultName, filters);
  if (!target.path) return { ...target, bytes: 0 };
  const bytes = await bytesOf();
  try {
    await writeFile(target.path, bytes);
  } catch (err) {
    throw new ServiceError('io', `Could not write ${target.path}: ${err instanceof Error ? err.message : String(err)}`, target.path);
  }
  return { ...target, bytes: bytes.length };
}

/** The one choke point: validate the payload with the contract's schema, run the handler, wrap every outcome. */
export async function dispatch(handlers: Handlers, method: string, payload: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(handlers, method)) return { ok: false, error: { code: 'invalid-input', message: `Unknown method "${method}"` } };
  const parsed = parseInput(method as Method, payload);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[method as Method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.value) };
  } catch (err) {
    if (err instanceof ServiceError) return { ok: false, error: err.toShape() };
    console.error(`[qa] ${method} failed`, err);
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }
}
