// The one typed API between renderer and main: method -> zod input schema -> output type.
// Imported by main, preload, the browser test host and the renderer. No electron, node or DOM here.
import { z } from 'zod';

/** Phantom marker carrying an output type at the type level only. */
const out = <T>(): T => undefined as unknown as T;

const backupName = z
  .string()
  .regex(/^qa-backup-[0-9TZ-]+(-manual|-scheduled|-pre-restore)?\.json$/, 'not a backup file name');

/** A file or folder path the user chose or typed; never used to serve media (that goes by opaque id). */
const mediaPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'not a path');
const recordingId = z.string().regex(/^[0-9a-zA-Z-]{1,64}$/, 'not a recording id');

const demoTurn = z.object({
  speaker: z.enum(['agent', 'customer']),
  start: z.number().min(0),
  end: z.number().min(0),
});

const hash64 = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest');
const periodKey = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'not a period key (2026-10, 2026-Q4 or 2026)');
const isoInstant = z.string().datetime({ offset: true });

/** The appraisal database's connection (the password travels separately and is kept encrypted by main). */
const syncConnection = z
  .object({
    host: z.string().trim().min(1, 'host is required').max(255),
    port: z.number().int().min(1).max(65535),
    database: z.string().trim().min(1, 'database is required').max(63),
    user: z.string().trim().min(1, 'user is required').max(63),
    tls: z.enum(['disable', 'require', 'verify-full']),
  })
  .strict();

/** One locked appraisal record as it goes to the appraisal database: the columns HR reads plus the whole content. */
const appraisalSyncRecord = z
  .object({
    employeeNo: z.string().min(1).max(64),
    periodKey,
    periodKind: z.enum(['month', 'quarter', 'year']),
    periodStart: isoInstant,
    periodEnd: isoInstant,
    version: z.number().int().min(1).max(100_000),
    staffName: z.string().max(200),
    teamName: z.string().max(200),
    composite: z.number().min(0).max(100).nullable(),
    grade: z.string().max(32).nullable(),
    missing: z.array(z.string().max(32)).max(16),
    contentHash: hash64,
    supersedesHash: hash64.nullable(),
    amendReason: z.string().max(2000).nullable(),
    lockedAt: isoInstant,
    lockedBy: z.string().max(200),
    components: z
      .array(
        z.object({
          key: z.string().min(1).max(32),
          value: z.number().nullable(),
          weight: z.number(),
          share: z.number(),
          missing: z.string().max(32).nullable(),
        }),
      )
      .max(16),
    /** The full locked content the hash covers (figures with the ids behind them). */
    content: z.record(z.string(), z.unknown()),
    /** Ed25519 over the content hash (its 64 hex characters as ASCII) by the locking console's key. */
    signature: z
      .object({
        keyId: z.string().regex(/^[0-9a-f]{16}$/, 'not a key id'),
        publicKey: z.string().min(40).max(200),
        value: z.string().min(40).max(200),
      })
      .strict(),
  })
  .strict();

export const contract = {
  appInfo: {
    input: z.object({}).strict(),
    output: out<AppInfo>(),
  },
  hashPassword: {
    input: z.object({ password: z.string().min(8).max(256) }).strict(),
    output: out<PasswordHash>(),
  },
  verifyPassword: {
    input: z
      .object({
        password: z.string().max(256),
        hash: z.string().regex(/^[0-9a-f]{128}$/),
        salt: z.string().regex(/^[0-9a-f]{32}$/),
      })
      .strict(),
    output: out<{ ok: boolean }>(),
  },
  writeBackup: {
    input: z
      .object({
        content: z.string().min(2),
        kind: z.enum(['manual', 'scheduled', 'pre-restore']),
        keep: z.number().int().min(1).max(365),
      })
      .strict(),
    output: out<BackupInfo>(),
  },
  listBackups: {
    input: z.object({}).strict(),
    output: out<BackupInfo[]>(),
  },
  readBackup: {
    input: z.object({ name: backupName }).strict(),
    output: out<{ name: string; content: string }>(),
  },
  writeDemoRecordings: {
    input: z
      .object({
        recordings: z
          .array(
            z.object({
              id: z.string().min(1).max(64),
              seed: z.number().int(),
              durationSec: z.number().positive().max(4 * 3600),
              turns: z.array(demoTurn).max(2000),
            }),
          )
          .max(500),
      })
      .strict(),
    output: out<DemoRecordingFile[]>(),
  },
  mediaUrl: {
    input: z.object({ recordingId: z.string().min(1).max(64) }).strict(),
    output: out<{ url: string }>(),
  },
  chooseMediaPaths: {
    input: z.object({ mode: z.enum(['files', 'folder']) }).strict(),
    output: out<ChosenPaths>(),
  },
  scanMediaPaths: {
    input: z.object({ paths: z.array(mediaPath).min(1).max(500) }).strict(),
    output: out<MediaScan>(),
  },
  startRecordingImport: {
    input: z
      .object({
        files: z.array(z.object({ id: recordingId, path: mediaPath })).min(1).max(20000),
        copyToLibrary: z.boolean(),
      })
      .strict(),
    output: out<{ jobId: string }>(),
  },
  recordingImportStatus: {
    input: z.object({ jobId: z.string().min(1).max(64), since: z.number().int().min(0) }).strict(),
    output: out<RecordingImportStatus>(),
  },
  cancelRecordingImport: {
    input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    output: out<{ cancelled: boolean }>(),
  },
  relinkRecording: {
    input: z.object({ recordingId, path: mediaPath }).strict(),
    output: out<RecordingFileResult>(),
  },
  checkRecordingFile: {
    input: z.object({ recordingId }).strict(),
    output: out<RecordingFileCheck>(),
  },
  /** A desktop notification (Electron's Notification in main; recorded by the browser host for tests). */
  notify: {
    input: z
      .object({
        title: z.string().min(1).max(200),
        body: z.string().max(2000),
        /** Identifies what it is about (e.g. an action), so a repeat replaces rather than stacks. */
        tag: z.string().min(1).max(200),
      })
      .strict(),
    output: out<{ shown: boolean }>(),
  },
  /** Save-as: the platform's dialog (Electron) or the tester's queued answer (browser host); writes the bytes. */
  saveFile: {
    input: z
      .object({
        defaultName: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'a file name, not a path'),
        /** base64 of the file's bytes. */
        contentBase64: z.string().max(200 * 1024 * 1024),
        filters: z.array(z.object({ name: z.string().max(80), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(8) })).max(8),
      })
      .strict(),
    output: out<SavedFile>(),
  },
  /** The appraisal database's connection as saved (never the password itself). */
  getSyncSettings: {
    input: z.object({}).strict(),
    output: out<SyncSettings>(),
  },
  /** Saves the connection; password: a new one, null to forget it, absent to keep the saved one. */
  saveSyncSettings: {
    input: z.object({ connection: syncConnection, password: z.string().max(1024).nullable().optional() }).strict(),
    output: out<SyncSettings>(),
  },
  /** Connects (to the given connection, or the saved one), creates or migrates the console's schema, reports. */
  testSyncConnection: {
    input: z.object({ connection: syncConnection.optional(), password: z.string().max(1024).optional() }).strict(),
    output: out<SyncTest>(),
  },
  /** Signs content hashes of records being locked with this console's Ed25519 key (created on first use). */
  signAppraisalHashes: {
    input: z.object({ hashes: z.array(hash64).min(1).max(5000) }).strict(),
    output: out<RecordSignatures>(),
  },
  /** One batch of locked records: one transaction, idempotent by (employee number, period, version). */
  pushAppraisalRecords: {
    input: z.object({ batchId: z.string().min(1).max(64), records: z.array(appraisalSyncRecord).min(1).max(1000) }).strict(),
    output: out<PushResult>(),
  },
  /** What the server holds for these periods (key and hash per record), for reconciliation. */
  serverAppraisalHashes: {
    input: z.object({ periodKeys: z.array(periodKey).min(1).max(100) }).strict(),
    output: out<ServerHashRow[]>(),
  },
  /** Prints the window's current view to PDF (Electron printToPDF) and saves it where the user chooses. */
  printToPdf: {
    input: z
      .object({
        defaultName: z.string().min(1).max(255).regex(/^[^/\\\0]+\.pdf$/, 'a .pdf file name, not a path'),
        landscape: z.boolean(),
      })
      .strict(),
    output: out<SavedFile>(),
  },
} as const;

export type SyncConnection = z.infer<typeof syncConnection>;
export type AppraisalSyncRecord = z.infer<typeof appraisalSyncRecord>;

export interface SyncSettings {
  connection: SyncConnection | null;
  hasPassword: boolean;
  /** os: the platform's keychain (Electron safeStorage); file: a key file beside the data (browser host, tests). */
  secretStorage: 'os' | 'file' | 'unavailable';
}

export interface SyncTest {
  serverVersion: string;
  /** The console's schema version on the server after the test (migrations applied). */
  schemaVersion: number;
  migratedFrom: number;
  records: number;
}

export interface PushOutcome {
  employeeNo: string;
  periodKey: string;
  version: number;
  /**
   * inserted: new on the server; already: the server holds the same record (a replay); conflict: it holds a
   * different one under this key; rejected: the record failed its checks (hash or signature) and was not written.
   */
  status: 'inserted' | 'already' | 'conflict' | 'rejected';
  serverHash: string;
  /** Why a record was rejected. */
  reason?: string;
}

export interface RecordSignatures {
  keyId: string;
  /** SPKI DER, base64. */
  publicKey: string;
  /** One per hash, in order: Ed25519 signatures, base64. */
  signatures: string[];
}

export interface PushResult {
  batchId: string;
  outcomes: PushOutcome[];
  syncedAt: string;
}

export interface ServerHashRow {
  employeeNo: string;
  periodKey: string;
  version: number;
  hash: string;
}

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = Contract[M]['output'];
export const methods = Object.keys(contract) as Method[];

export interface AppInfo {
  version: string;
  host: 'electron' | 'web';
  platform: string;
  /** The operating system's preferred locale, e.g. "zh-CN". */
  osLocale: string;
  dataDir: string;
  backupDir: string;
  packaged: boolean;
}

export interface PasswordHash {
  hash: string;
  salt: string;
  /** Scrypt parameters so later versions can raise the cost and still verify old hashes. */
  params: { N: number; r: number; p: number; keylen: number };
}

export interface BackupInfo {
  name: string;
  bytes: number;
  createdAt: string;
}

export interface DemoRecordingFile {
  id: string;
  path: string;
  sha256: string;
  bytes: number;
  durationSec: number;
  format: 'wav-mulaw-8k';
  /** min/max pairs per bucket, in [-1, 1], for the waveform without decoding. */
  peaks: number[];
  peaksPerSecond: number;
}

export interface SavedFile {
  /** Where it was written, or null when cancelled or no dialog exists here. */
  path: string | null;
  canceled: boolean;
  /** No native dialog here (the browser host with nothing queued): the renderer downloads the file instead. */
  unavailable: boolean;
  bytes: number;
}

export interface ChosenPaths {
  paths: string[];
  canceled: boolean;
  /** No native dialog here (the browser host with nothing queued): the UI asks for a typed path instead. */
  unavailable: boolean;
}

export interface ScannedFile {
  path: string;
  name: string;
  bytes: number;
  kind: 'audio' | 'metadata' | 'transcript' | 'other';
}

export interface MediaScan {
  files: ScannedFile[];
  /** Paths that do not exist or cannot be read. */
  missing: string[];
  /** True when the folder held more files than one scan lists. */
  truncated: boolean;
}

export type AudioProblem = 'not-found' | 'empty-file' | 'not-audio' | 'unsupported-codec' | 'corrupt' | 'no-audio' | 'io' | 'cancelled';
export type AudioWarning = 'extension-mismatch' | 'truncated' | 'no-waveform' | 'decode-errors';

export interface AudioAnalysis {
  ok: true;
  path: string;
  fileName: string;
  bytes: number;
  mtimeMs: number;
  sha256: string;
  container: string;
  /** e.g. "wav-mulaw", "wav-pcm16", "mp3". */
  format: string;
  mime: string;
  sampleRate: number;
  channels: number;
  durationSec: number;
  /** min/max pairs per bucket, in [-1, 1]. */
  peaks: number[];
  /** Stereo files: the same per channel (left, right), for a per-channel view. */
  channelPeaks?: number[][];
  peaksPerSecond: number;
  warnings: { code: AudioWarning; detail?: string }[];
}

export interface AudioFailure {
  ok: false;
  path: string;
  fileName: string;
  code: AudioProblem;
  detail: string;
}

/** One file of a recording import: the analysis plus where the audio is kept (the original or a library copy). */
export type RecordingFileResult = (AudioAnalysis & { id: string; storedPath: string }) | (AudioFailure & { id: string });

export interface RecordingImportStatus {
  jobId: string;
  total: number;
  done: number;
  /** Bytes of the file being read, for a smooth progress bar on long files. */
  currentFile: string | null;
  currentFraction: number;
  finished: boolean;
  cancelled: boolean;
  /** Results from index `since` on. */
  results: RecordingFileResult[];
}

export interface RecordingFileCheck {
  state: 'ok' | 'missing' | 'changed' | 'unknown';
  path: string | null;
  detail?: string;
}

/** Every call returns an envelope so errors cross the process boundary typed, never as a crash. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: QaErrorShape };

export type QaErrorCode = 'invalid-input' | 'forbidden' | 'not-found' | 'io' | 'damaged' | 'internal';

export interface QaErrorShape {
  code: QaErrorCode;
  message: string;
  /** Which field, row or file the error is about, when there is one. */
  where?: string;
}

/** The function signatures window.qa exposes: one per method. */
export type QaApi = { [M in Method]: (input: Input<M>) => Promise<Result<Output<M>>> };

/** Validates a payload against a method's schema; the single choke point used by main and the test host. */
export function parseInput<M extends Method>(method: M, payload: unknown): Result<z.output<Contract[M]['input']>> {
  const schema = contract[method]?.input;
  if (!schema) return { ok: false, error: { code: 'invalid-input', message: `Unknown method "${String(method)}"` } };
  const parsed = schema.safeParse(payload ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as z.output<Contract[M]['input']> };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    error: {
      code: 'invalid-input',
      message: `${String(method)}: ${issue?.message ?? 'invalid payload'}`,
      where: issue?.path.join('.') || undefined,
    },
  };
}

export const IPC_PREFIX = 'qa:';
