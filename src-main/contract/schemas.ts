// The contract's shared schemas: ids, paths, names, credentials, sync records (zod; no electron, node or DOM).
import { z } from 'zod';

export const backupName = z
  .string()
  .regex(/^qa-backup-[0-9TZ-]+(-manual|-scheduled|-pre-restore)?\.json$/, 'not a backup file name');

/** A file or folder path the user chose or typed; never used to serve media (that goes by opaque id). */
export const mediaPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'not a path');
export const recordingId = z.string().regex(/^[0-9a-zA-Z-]{1,64}$/, 'not a recording id');
/** A file name for save-as: no folder, no control characters, nothing Windows refuses. */
export const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => ![...n].some((c) => c.charCodeAt(0) < 0x20 || '/\\<>:"|?*'.includes(c)), 'a file name, not a path')
  .refine((n) => n !== '.' && n !== '..', 'a file name, not a path');

/** Longest demo call, and the most audio one call may synthesise in all (main renders it on the worker pool). */
export const DEMO_MAX_CALL_SEC = 4 * 3600;
export const DEMO_MAX_TOTAL_SEC = 40 * 3600;

export const demoTurn = z
  .object({
    speaker: z.enum(['agent', 'customer']),
    start: z.number().finite().min(0).max(DEMO_MAX_CALL_SEC),
    end: z.number().finite().min(0).max(DEMO_MAX_CALL_SEC),
  })
  .strict()
  .refine((t) => t.end >= t.start, 'a turn ends before it starts');

/** People's ids (UUIDv7 in the console; any short token in tests). */
export const personId = z.string().regex(/^[0-9a-zA-Z-]{1,64}$/, 'not a person id');
export const password = z.string().max(256);
export const ROLES = ['admin', 'supervisor', 'lead', 'staff'] as const;
export type SessionRole = (typeof ROLES)[number];

/** The most bytes a backup may hold (the demo workspace is about 64 MB). */
export const MAX_BACKUP_CHARS = 512 * 1024 * 1024;

export const hash64 = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest');
export const periodKey = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'not a period key (2026-10, 2026-Q4 or 2026)');
export const isoInstant = z.string().datetime({ offset: true });

/** The appraisal database's connection (the password travels separately and is kept encrypted by main). */
export const syncConnection = z
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
export const jsonSize = (v: unknown): number => {
  try {
    return JSON.stringify(v)?.length ?? 0;
  } catch {
    return Infinity;
  }
};

/** One locked appraisal record as it goes to the appraisal database: the columns HR reads plus the whole content. */
export const appraisalSyncRecord = z
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
export const PLANNERS = ['admin', 'supervisor'] as const;
export const ADMIN = ['admin'] as const;

/** A password hash as main keeps it, and as the workspace's own copy (backups) holds it. */
export const credential = z
  .object({
    hash: z.string().regex(/^[0-9a-f]{128}$/, 'not a password hash'),
    salt: z.string().regex(/^[0-9a-f]{32}$/, 'not a salt'),
    params: z.object({ N: z.number().int().min(1024).max(2 ** 20), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16), keylen: z.number().int().min(32).max(128) }).strict(),
  })
  .strict();

export const account = z
  .object({
    personId,
    role: z.enum(ROLES),
    active: z.boolean(),
    /** The stored hash (restores, the demo, an existing workspace); absent keeps what main holds. */
    credential: credential.optional(),
  })
  .strict();

/** A team server as a workstation joins it (each person signs in as their own login: no user here). */
export const teamConnection = z
  .object({
    host: z.string().trim().min(1, 'host is required').max(255),
    port: z.number().int().min(1).max(65535),
    database: z.string().trim().min(1, 'database is required').max(63),
    tls: z.enum(['disable', 'require', 'verify-full']),
  })
  .strict();

/** A local table the team server keeps (the replica's names; main maps them to the server's). */
export const replicatedTableName = z.string().regex(/^[a-zA-Z]{1,40}$/, 'not a table name');
/** A transaction id of the server (xid8) as text. */
export const xid8 = z.string().regex(/^\d{1,20}$/, 'not a change position');
export const feedPosition = z.object({ xid: xid8, seq: xid8 }).strict();

/** A console's scheduled job (domain/scheduledJobs; the contract file checks the two lists are the same). */
export const scheduledJob = z.enum(['sample-runs', 'appraisal-push', 'reminders', 'backups']);

/** The most one console transaction may carry to the server. */
export const MAX_WRITE_CHARS = 32 * 1024 * 1024;
export const writeTx = z
  .object({
    id: z.string().min(1).max(64),
    ops: z
      .array(
        z
          .object({
            table: replicatedTableName,
            kind: z.enum(['create', 'revise', 'remove']),
            id: z.string().min(1).max(64),
            baseRev: z.number().int().min(1).nullable(),
            record: z.record(z.string().max(64), z.unknown()).nullable(),
          })
          .strict(),
      )
      .min(1)
      .max(20_000),
  })
  .strict()
  .refine((t) => jsonSize(t) <= MAX_WRITE_CHARS, 'the transaction is too large for one write');
