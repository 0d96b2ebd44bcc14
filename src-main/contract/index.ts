// The one typed API between renderer and main: method -> zod input schema -> output type.
// Imported by main, preload, the browser test host and the renderer. No electron, node or DOM here.
import { z } from 'zod';
import type { AppraisalSyncRecord } from '@domain/appraisal';

/** Phantom marker carrying an output type at the type level only. */
const out = <T>(): T => undefined as unknown as T;

const backupName = z
  .string()
  .regex(/^qa-backup-[0-9TZ-]+(-manual|-scheduled|-pre-restore)?\.json$/, 'not a backup file name');

/** A file or folder path the user chose or typed; never used to serve media (that goes by opaque id). */
const mediaPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'not a path');
const recordingId = z.string().regex(/^[0-9a-zA-Z-]{1,64}$/, 'not a recording id');
/** A file name for save-as: no folder, no control characters, nothing Windows refuses. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => ![...n].some((c) => c.charCodeAt(0) < 0x20 || '/\\<>:"|?*'.includes(c)), 'a file name, not a path')
  .refine((n) => n !== '.' && n !== '..', 'a file name, not a path');

/** Longest demo call, and the most audio one call may synthesise in all (main renders it on the worker pool). */
export const DEMO_MAX_CALL_SEC = 4 * 3600;
export const DEMO_MAX_TOTAL_SEC = 40 * 3600;

const demoTurn = z
  .object({
    speaker: z.enum(['agent', 'customer']),
    start: z.number().finite().min(0).max(DEMO_MAX_CALL_SEC),
    end: z.number().finite().min(0).max(DEMO_MAX_CALL_SEC),
  })
  .strict()
  .refine((t) => t.end >= t.start, 'a turn ends before it starts');

/** People's ids (UUIDv7 in the console; any short token in tests). */
const personId = z.string().regex(/^[0-9a-zA-Z-]{1,64}$/, 'not a person id');
const password = z.string().max(256);
export const ROLES = ['admin', 'supervisor', 'lead', 'staff'] as const;
export type SessionRole = (typeof ROLES)[number];

/** The most bytes a backup may hold (the demo workspace is about 64 MB). */
export const MAX_BACKUP_CHARS = 512 * 1024 * 1024;

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

/** A locked record's content: the figures with the ids behind them (a team of hundreds fits well inside this). */
export const MAX_RECORD_CONTENT = 2 * 1024 * 1024;
const jsonSize = (v: unknown): number => {
  try {
    return JSON.stringify(v)?.length ?? 0;
  } catch {
    return Infinity;
  }
};

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
          value: z.number().finite().min(-1e6).max(1e6).nullable(),
          weight: z.number().finite().min(0).max(1000),
          share: z.number().finite().min(0).max(1),
          missing: z.string().max(32).nullable(),
        }).strict(),
      )
      .max(16),
    /** The full locked content the hash covers (figures with the ids behind them). */
    content: z.record(z.string().max(64), z.unknown()).refine((c) => jsonSize(c) <= MAX_RECORD_CONTENT, 'the content is too large'),
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

/**
 * Who may call a method, decided in main from the session main holds (never from what the renderer says):
 * public: anyone, before sign-in too; signed-in: any role; a list: only those roles. A handler may narrow further
 * (e.g. setPassword: an admin, or the person themself).
 */
export type Access = 'public' | 'signed-in' | readonly SessionRole[];
const PLANNERS = ['admin', 'supervisor'] as const;
const ADMIN = ['admin'] as const;

/** A password hash as main keeps it, and as the workspace's own copy (backups) holds it. */
const credential = z
  .object({
    hash: z.string().regex(/^[0-9a-f]{128}$/, 'not a password hash'),
    salt: z.string().regex(/^[0-9a-f]{32}$/, 'not a salt'),
    params: z.object({ N: z.number().int().min(1024).max(2 ** 20), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16), keylen: z.number().int().min(32).max(128) }).strict(),
  })
  .strict();

const account = z
  .object({
    personId,
    role: z.enum(ROLES),
    active: z.boolean(),
    /** The stored hash (restores, the demo, an existing workspace); absent keeps what main holds. */
    credential: credential.optional(),
  })
  .strict();

export const contract = {
  appInfo: {
    access: 'public',
    input: z.object({}).strict(),
    output: out<AppInfo>(),
  },
  /** How many accounts main knows, and whose session this window holds (restored after a reload). */
  accountsState: {
    access: 'public',
    input: z.object({}).strict(),
    output: out<AccountsState>(),
  },
  /** Checks the password against main's own record of the person; on success main opens this window's session. */
  signIn: {
    access: 'public',
    input: z.object({ personId, password }).strict(),
    output: out<SignInAnswer>(),
  },
  signOut: {
    access: 'public',
    input: z.object({}).strict(),
    output: out<{ signedOut: boolean }>(),
  },
  /** Re-checks the signed-in person's password (unlocking after the idle lock). */
  confirmPassword: {
    access: 'signed-in',
    input: z.object({ password }).strict(),
    output: out<{ ok: boolean }>(),
  },
  /**
   * Sets a person's password (main hashes it with scrypt and keeps the hash): an admin for anyone, a person for
   * themself, or, while main knows no admin, the first admin (which opens their session).
   */
  setPassword: {
    access: 'public',
    input: z.object({ personId, password: z.string().min(8).max(256), role: z.enum(ROLES), active: z.boolean() }).strict(),
    output: out<PasswordHash>(),
  },
  /** Tells main who may sign in with which role: an admin's session, or anyone while main knows no account. */
  putAccounts: {
    access: 'public',
    input: z.object({ accounts: z.array(account).max(20_000), replace: z.boolean() }).strict(),
    output: out<{ accounts: number }>(),
  },
  writeBackup: {
    access: PLANNERS,
    input: z
      .object({
        content: z.string().min(2).max(MAX_BACKUP_CHARS),
        kind: z.enum(['manual', 'scheduled', 'pre-restore']),
        keep: z.number().int().min(1).max(365),
      })
      .strict(),
    output: out<BackupInfo>(),
  },
  listBackups: {
    access: ADMIN,
    input: z.object({}).strict(),
    output: out<BackupInfo[]>(),
  },
  readBackup: {
    access: ADMIN,
    input: z.object({ name: backupName }).strict(),
    output: out<{ name: string; content: string }>(),
  },
  writeDemoRecordings: {
    access: ADMIN,
    input: z
      .object({
        recordings: z
          .array(
            z
              .object({
                id: recordingId,
                seed: z.number().int().min(0).max(2 ** 32 - 1),
                durationSec: z.number().finite().positive().max(DEMO_MAX_CALL_SEC),
                turns: z.array(demoTurn).max(2000),
              })
              .strict()
              .refine((r) => r.turns.every((t) => t.end <= r.durationSec), { message: 'a turn ends after the call', path: ['turns'] }),
          )
          .max(500)
          .refine((rs) => rs.reduce((s, r) => s + r.durationSec, 0) <= DEMO_MAX_TOTAL_SEC, `more than ${DEMO_MAX_TOTAL_SEC / 3600} hours of demo audio in one call`),
      })
      .strict(),
    output: out<DemoRecordingFile[]>(),
  },
  mediaUrl: {
    access: 'signed-in',
    input: z.object({ recordingId }).strict(),
    output: out<{ url: string }>(),
  },
  /** The native open dialog; main remembers what was chosen, for the scan and import that follow. */
  chooseMediaPaths: {
    access: PLANNERS,
    input: z.object({ mode: z.enum(['files', 'folder']) }).strict(),
    output: out<ChosenPaths>(),
  },
  /**
   * Lists what chosen paths hold. A path must have come from the dialog, or be typed in the import form
   * (`typed: true`, the user's own words in this session): main never scans a path it was merely handed.
   */
  scanMediaPaths: {
    access: PLANNERS,
    input: z.object({ paths: z.array(mediaPath).min(1).max(500), typed: z.boolean().optional() }).strict(),
    output: out<MediaScan>(),
  },
  startRecordingImport: {
    access: PLANNERS,
    input: z
      .object({
        files: z.array(z.object({ id: recordingId, path: mediaPath }).strict()).min(1).max(20000),
        copyToLibrary: z.boolean(),
      })
      .strict(),
    output: out<{ jobId: string }>(),
  },
  recordingImportStatus: {
    access: PLANNERS,
    input: z.object({ jobId: z.string().uuid(), since: z.number().int().min(0).max(1_000_000) }).strict(),
    output: out<RecordingImportStatus>(),
  },
  cancelRecordingImport: {
    access: PLANNERS,
    input: z.object({ jobId: z.string().uuid() }).strict(),
    output: out<{ cancelled: boolean }>(),
  },
  relinkRecording: {
    access: PLANNERS,
    input: z.object({ recordingId, path: mediaPath, typed: z.boolean().optional() }).strict(),
    output: out<RecordingFileResult>(),
  },
  /**
   * Two legs of one call (already imported, by id) written as one stereo recording under `joinedId`: agent left,
   * caller right. Main reads only the files it registered for those ids.
   */
  joinCallLegs: {
    access: PLANNERS,
    input: z.object({ agentId: recordingId, callerId: recordingId, joinedId: recordingId }).strict().refine((x) => x.agentId !== x.callerId, 'the two legs must be two recordings'),
    output: out<JoinedLegs>(),
  },
  checkRecordingFile: {
    access: 'signed-in',
    input: z.object({ recordingId }).strict(),
    output: out<RecordingFileCheck>(),
  },
  /** A desktop notification (Electron's Notification in main; recorded by the browser host for tests). */
  notify: {
    access: 'signed-in',
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
    access: 'signed-in',
    input: z
      .object({
        defaultName: fileName,
        /** base64 of the file's bytes. */
        contentBase64: z.string().max(200 * 1024 * 1024),
        filters: z.array(z.object({ name: z.string().max(80), extensions: z.array(z.string().regex(/^[a-z0-9]{1,8}$/)).max(8) }).strict()).max(8),
      })
      .strict(),
    output: out<SavedFile>(),
  },
  /** The appraisal database's connection as saved (never the password itself). */
  getSyncSettings: {
    access: PLANNERS,
    input: z.object({}).strict(),
    output: out<SyncSettings>(),
  },
  /**
   * Saves the connection; password: a new one, null to forget it, absent to keep the saved one. The saved password
   * is kept only for the connection it was typed for: changing host, port, database, user or TLS needs it again.
   */
  saveSyncSettings: {
    access: PLANNERS,
    input: z.object({ connection: syncConnection, password: z.string().max(1024).nullable().optional() }).strict(),
    output: out<SyncSettings>(),
  },
  /** Connects (to the given connection, or the saved one), creates or migrates the console's schema, reports. */
  testSyncConnection: {
    access: PLANNERS,
    input: z.object({ connection: syncConnection.optional(), password: z.string().max(1024).optional() }).strict(),
    output: out<SyncTest>(),
  },
  /**
   * Signs records being locked with this console's Ed25519 key (created on first use): main hashes each content
   * itself and signs only when it matches the hash given, for a supervisor's or admin's session.
   */
  signAppraisalRecords: {
    access: PLANNERS,
    input: z
      .object({
        records: z
          .array(z.object({ contentHash: hash64, content: z.record(z.string().max(64), z.unknown()).refine((c) => jsonSize(c) <= MAX_RECORD_CONTENT, 'the content is too large') }).strict())
          .min(1)
          .max(5000),
      })
      .strict(),
    output: out<RecordSignatures>(),
  },
  /** One batch of locked records: one transaction, idempotent by (employee number, period, version). */
  pushAppraisalRecords: {
    access: PLANNERS,
    input: z.object({ batchId: z.string().min(1).max(64), records: z.array(appraisalSyncRecord).min(1).max(1000) }).strict(),
    output: out<PushResult>(),
  },
  /** What the server holds for these periods (key and hash per record), for reconciliation. */
  serverAppraisalHashes: {
    access: PLANNERS,
    input: z.object({ periodKeys: z.array(periodKey).min(1).max(100) }).strict(),
    output: out<ServerHashRow[]>(),
  },
  /**
   * Prints the window's current view to PDF (Electron printToPDF) and saves it where the user chooses. A host that
   * cannot print the window (the browser host) prints `snapshot` instead: the view's HTML with its styles and no
   * scripts, made by the renderer at the moment of the click. Electron ignores it.
   */
  printToPdf: {
    access: 'signed-in',
    input: z
      .object({
        defaultName: fileName.regex(/\.pdf$/i, 'a .pdf file name'),
        landscape: z.boolean(),
        snapshot: z.string().max(32 * 1024 * 1024).optional(),
      })
      .strict(),
    output: out<SavedFile>(),
  },
} as const satisfies Record<string, { access: Access; input: z.ZodType; output: unknown }>;

export type SyncConnection = z.infer<typeof syncConnection>;
// The record's shape is the domain's; the schema checks what crosses the boundary against it.
export type { AppraisalSyncRecord };
const _sameShape: z.ZodType<AppraisalSyncRecord> = appraisalSyncRecord;
void _sameShape;

export interface SyncSettings {
  connection: SyncConnection | null;
  hasPassword: boolean;
  /**
   * os: the platform's keychain (Electron safeStorage); plain: safeStorage with no keychain behind it (Linux
   * basic_text: the password is not protected on this machine); file: a key file beside the data (browser host, tests).
   */
  secretStorage: 'os' | 'plain' | 'file' | 'unavailable';
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

export interface AccountsState {
  accounts: number;
  admins: number;
  /** The person this window is signed in as, in main's own records; null when signed out. */
  session: { personId: string; role: SessionRole } | null;
}

export type SignInAnswer =
  | { ok: true; personId: string; role: SessionRole; /** A new hash when main raised the cost: store it. */ rehash: PasswordHash | null }
  | { ok: false; reason: 'unknown' | 'wrong-password' | 'inactive' | 'throttled' };

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
  /** The file itself (base64) when no dialog exists here but main made the bytes (a PDF): the renderer downloads it. */
  contentBase64?: string;
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

/** The stereo recording two legs became, or why they could not be joined (naming the leg when one is at fault). */
export type JoinedLegs =
  | { ok: true; recording: Extract<RecordingFileResult, { ok: true }>; warnings: { code: 'legs-length-differ'; detail: string }[] }
  | { ok: false; code: 'leg-unreadable' | 'rate-mismatch' | 'no-waveform' | 'cancelled' | 'io' | 'leg-missing'; file: string | null; detail: string };

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
  /** The console's message key for it, when the window should say it in the reader's language. */
  key?: string;
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
