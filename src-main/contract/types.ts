// What the contract's methods answer (their outputs), and the records they carry: plain types, no schemas.
import type { SessionRole } from './schemas';
import type { SyncConnection, TeamConnection } from './index';

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
/** `sharePath`: the file's place inside the team's recording share (forward slashes), when it lies inside it. */
export type RecordingFileResult = (AudioAnalysis & { id: string; storedPath: string; sharePath?: string | null }) | (AudioFailure & { id: string });

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

export interface TeamConfig {
  /** The team server this workstation joined; null: standalone. */
  connection: TeamConnection | null;
  /** This window's team sign-in, if any: the login and who the server says it is. */
  signedIn: { login: string; personId: string; role: SessionRole } | null;
  /** Whether main keeps standalone accounts here (then joining a server is the move of issue 19, not a join). */
  standaloneAccounts: number;
  /** Where the department's recording share is mounted on this workstation (null: not set). */
  recordingShare: string | null;
  /** Whether calls imported here from outside the share send their audio to the team server (for departments without a share). */
  audioOnServer: boolean;
}

export interface TeamSignInAnswer {
  login: string;
  personId: string;
  role: SessionRole;
  /** A one-time password: nothing opens until the person sets their own. */
  mustChange: boolean;
}

/** A person's login on the team server, as an admin sees it on the People page. */
export interface TeamLogin {
  personId: string;
  login: string;
  /** Still on a one-time password (never signed in with their own). */
  mustChange: boolean;
  createdAt: string;
  lastSignIn: string | null;
  passwordChangedAt: string | null;
  /** False for a deactivated person (their login is disabled with them). */
  canLogin: boolean;
}

export interface TeamNotices {
  tables: string[];
  /** False when main cannot hear the server. */
  online: boolean;
}
