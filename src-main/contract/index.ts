// The one typed API between renderer and main: method -> zod input schema -> output type.
// Imported by main, preload, the browser test host and the renderer. No electron, node or DOM here.
import { z } from 'zod';

/** Phantom marker carrying an output type at the type level only. */
const out = <T>(): T => undefined as unknown as T;

const backupName = z
  .string()
  .regex(/^qa-backup-[0-9TZ-]+(-manual|-scheduled|-pre-restore)?\.json$/, 'not a backup file name');

const demoTurn = z.object({
  speaker: z.enum(['agent', 'customer']),
  start: z.number().min(0),
  end: z.number().min(0),
});

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
} as const;

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
