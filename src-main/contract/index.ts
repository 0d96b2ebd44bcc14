// The one typed API between renderer and main: method -> zod input schema -> output type.
// Imported by main, preload, the browser test host and the renderer. No electron, node or DOM here.
import { z } from 'zod';
import type { AppraisalSyncRecord } from '@domain/lockedRecords';
import type { FeedBounds, FeedRow, WriteOutcome } from '@domain/replication';
import type { ScheduledJob } from '@domain/scheduledJobs';
import { backupName, mediaPath, recordingId, fileName, DEMO_MAX_CALL_SEC, DEMO_MAX_TOTAL_SEC, demoTurn, personId, password, ROLES, MAX_BACKUP_CHARS, hash64, periodKey, syncConnection, MAX_RECORD_CONTENT, jsonSize, appraisalSyncRecord, PLANNERS, ADMIN, account, teamConnection, replicatedTableName, xid8, feedPosition, writeTx, scheduledJob, MAX_WRITE_CHARS } from './schemas';
import type { Access } from './schemas';
import type { SyncSettings, SyncTest, RecordSignatures, PushResult, ServerHashRow, AccountsState, SignInAnswer, AppInfo, PasswordHash, BackupInfo, DemoRecordingFile, SavedFile, ChosenPaths, MediaScan, RecordingFileResult, JoinedLegs, RecordingImportStatus, RecordingFileCheck, Result, TeamConfig, TeamSignInAnswer, TeamNotices, TeamLogin } from './types';

/** Phantom marker carrying an output type at the type level only. */
const out = <T>(): T => undefined as unknown as T;

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
  /** The team server this workstation joined (null: standalone), and whether this window is signed in to it. */
  teamConfig: {
    access: 'public',
    input: z.object({}).strict(),
    output: out<TeamConfig>(),
  },
  /**
   * Makes this workstation a console of a team server (or standalone again, with null). Only where main keeps no
   * standalone accounts (a standalone workspace moves to a server by its own path) and nobody is signed in here.
   */
  teamJoin: {
    access: 'public',
    input: z.object({ connection: teamConnection.nullable() }).strict(),
    output: out<TeamConfig>(),
  },
  /** Signs in to the team server as the person's own login; main opens this window's session with the role the server gives. */
  teamSignIn: {
    access: 'public',
    input: z.object({ employeeNo: z.string().trim().min(1, 'employee number is required').max(64), password }).strict(),
    output: out<TeamSignInAnswer>(),
  },
  /** Changes the signed-in person's own password on the team server (the one-time password at first sign-in). */
  teamChangePassword: {
    access: 'signed-in',
    input: z.object({ password: z.string().min(8).max(256) }).strict(),
    output: out<{ changed: true }>(),
  },
  /** Where the server's change feed stands (the pull's upper bound). */
  teamBounds: {
    access: 'signed-in',
    input: z.object({}).strict(),
    output: out<FeedBounds>(),
  },
  /** One page of a table's changes the person may see, lo <= change < hi, after a position. */
  teamPage: {
    access: 'signed-in',
    input: z.object({ table: replicatedTableName, lo: xid8, hi: xid8, after: feedPosition.nullable(), limit: z.number().int().min(1).max(5000) }).strict(),
    output: out<FeedRow[]>(),
  },
  /** Where the feed stands and what changed since lo, in one statement: the bounds, the changed tables, any removals. */
  teamFeed: {
    access: 'signed-in',
    input: z.object({ tables: z.array(replicatedTableName).min(1).max(100), lo: xid8 }).strict(),
    output: out<{ bounds: FeedBounds; tables: string[]; removed: boolean }>(),
  },
  /** Which of these tables have changes the person may see in [lo, hi) (a pull pages only those). */
  teamChanged: {
    access: 'signed-in',
    input: z.object({ tables: z.array(replicatedTableName).min(1).max(100), lo: xid8, hi: xid8 }).strict(),
    output: out<string[]>(),
  },
  teamTombstones: {
    access: 'signed-in',
    input: z.object({ lo: xid8, hi: xid8 }).strict(),
    output: out<{ table: string; id: string }[]>(),
  },
  /** The ids of a table the person may see now (the replica drops the others). */
  teamIds: {
    access: 'signed-in',
    input: z.object({ table: replicatedTableName }).strict(),
    output: out<string[]>(),
  },
  /** The server's versions of some records the person may see (a change of theirs put back); the rest are absent. */
  teamRecords: {
    access: 'signed-in',
    input: z.object({ table: replicatedTableName, ids: z.array(z.string().min(1).max(64)).min(1).max(5000) }).strict(),
    output: out<Record<string, unknown>[]>(),
  },
  /** How many rows of each table the person may see (a first sync's progress bar). */
  teamCounts: {
    access: 'signed-in',
    input: z.object({}).strict(),
    output: out<Record<string, number>>(),
  },
  /** One console transaction as one server transaction, as the signed-in person. */
  teamWrite: {
    access: 'signed-in',
    input: writeTx,
    output: out<WriteOutcome>(),
  },
  /** "Verify audit chain" against the team server's own log (its hash chain, recomputed by the server). */
  teamVerifyAudit: {
    access: PLANNERS,
    input: z.object({}).strict(),
    output: out<{ entries: number; firstBroken: number | null; reason: string | null }>(),
  },
  /**
   * Where the department's recording share is mounted on this workstation (a folder; null: none). Calls imported
   * from inside it play on every workstation that set its own mount of the same share.
   */
  teamRecordingShare: {
    access: 'signed-in',
    input: z.object({ path: mediaPath.nullable() }).strict(),
    output: out<TeamConfig>(),
  },
  /**
   * A team console's changes not yet on the server when its person signs out (their replica is then removed): kept by
   * main sealed for this window's team sign-in (its login and server), replacing what was kept; none: nothing kept.
   */
  teamSealChanges: {
    access: 'signed-in',
    input: z.object({ rows: z.array(z.record(z.string().max(64), z.unknown())).max(20_000) }).strict().refine((t) => jsonSize(t) <= MAX_WRITE_CHARS, 'too many changes to keep'),
    output: out<{ sealed: number }>(),
  },
  /**
   * Another person's replica found at this sign-in, holding changes they never sent (their console was closed without
   * signing out): main keeps those changes sealed for them (only if their sign-in here was left open, once), so the
   * replica can be deleted rather than stay readable on this PC.
   */
  teamSealOtherReplica: {
    access: 'signed-in',
    input: z
      .object({ replica: z.string().max(300).regex(/^qa-team qa_u_[a-z0-9_]{1,50}@[^\s]{1,240}$/), rows: z.array(z.record(z.string().max(64), z.unknown())).max(20_000) })
      .strict()
      .refine((t) => jsonSize(t) <= MAX_WRITE_CHARS, 'too many changes to keep'),
    output: out<{ sealed: number }>(),
  },
  /** The changes kept at this team sign-in's last sign-out on this workstation (its own only). */
  teamSealedChanges: {
    access: 'signed-in',
    input: z.object({}).strict(),
    output: out<{ rows: Record<string, unknown>[] }>(),
  },
  /**
   * Whether calls imported on this workstation from outside the recording share send their audio to the team server
   * (team schema 6), so every entitled workstation can play them without a share.
   */
  teamAudioOnServer: {
    access: 'signed-in',
    input: z.object({ on: z.boolean() }).strict(),
    output: out<TeamConfig>(),
  },
  /**
   * "Move to a team server" (an admin of a standalone workspace): connects to an empty team server as the DBA's
   * migration login, brings its schema up to date and checks it is empty (or resumes a move of this workspace).
   */
  teamMoveBegin: {
    access: ADMIN,
    input: z.object({ connection: teamConnection, user: z.string().trim().min(1, 'the migration login is required').max(63), password, workspace: z.string().min(1).max(200) }).strict(),
    output: out<{ resumed: boolean; counts: Record<string, number> }>(),
  },
  /** One chunk of one table of the workspace (rows the server already has are skipped). */
  teamMoveUpload: {
    access: ADMIN,
    input: z
      .object({ table: replicatedTableName, records: z.array(z.record(z.string().max(64), z.unknown())).min(1).max(5000) })
      .strict()
      .refine((x) => jsonSize(x) <= MAX_WRITE_CHARS, 'the chunk is too large'),
    output: out<{ inserted: number }>(),
  },
  /** The server's count and content digest of a table, read back (the console compares its own). */
  teamMoveDigest: {
    access: ADMIN,
    input: z.object({ table: replicatedTableName }).strict(),
    output: out<{ count: number; digest: string }>(),
  },
  /** Provisions the people's logins (one-time passwords, shown once), finishes the move and makes this workstation a console of the server. */
  teamMoveFinish: {
    access: ADMIN,
    input: z.object({ people: z.array(personId).max(100_000) }).strict(),
    output: out<{ handouts: { personId: string; login: string; password: string }[] }>(),
  },
  teamMoveCancel: {
    access: ADMIN,
    input: z.object({}).strict(),
    output: out<{ cancelled: boolean }>(),
  },
  /** Admin: a login on the team server for a person already there, with a one-time password shown once. */
  teamProvision: {
    access: ADMIN,
    input: z.object({ personId }).strict(),
    output: out<{ login: string; password: string }>(),
  },
  /** Admin: a new one-time password for a person's login (the old one stops working; changed at next sign-in). */
  teamResetPassword: {
    access: ADMIN,
    input: z.object({ personId }).strict(),
    output: out<{ password: string }>(),
  },
  /** Admin: every person's login, whether it can sign in and when it last did. */
  teamLogins: {
    access: ADMIN,
    input: z.object({}).strict(),
    output: out<TeamLogin[]>(),
  },
  /**
   * Whether this console runs a scheduled job now: takes the job's lease on the server when free, keeps it while held
   * (`release` gives it up). Refused for a job the person's role does not run.
   */
  teamLease: {
    access: 'signed-in',
    input: z.object({ job: scheduledJob, release: z.boolean().optional() }).strict(),
    output: out<{ leader: boolean }>(),
  },
  /** The tables changed since this window last asked: held open until a change notice or the timeout. */
  teamNotices: {
    access: 'signed-in',
    input: z.object({ timeoutMs: z.number().int().min(0).max(30_000) }).strict(),
    output: out<TeamNotices>(),
  },
} as const satisfies Record<string, { access: Access; input: z.ZodType; output: unknown }>;

export type SyncConnection = z.infer<typeof syncConnection>;
export type TeamConnection = z.infer<typeof teamConnection>;
// The record's shape is the domain's; the schema checks what crosses the boundary against it.
export type { AppraisalSyncRecord };
const _sameShape: z.ZodType<AppraisalSyncRecord> = appraisalSyncRecord;
void _sameShape;
// The jobs the contract accepts are exactly the domain's.
const _sameJobs: [z.ZodType<ScheduledJob>, ScheduledJob extends z.infer<typeof scheduledJob> ? true : never] = [scheduledJob, true];
void _sameJobs;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = Contract[M]['output'];
export const methods = Object.keys(contract) as Method[];

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

// The shapes of what methods answer, in their own file.
export type * from './types';
export { DEMO_MAX_CALL_SEC, DEMO_MAX_TOTAL_SEC, ROLES, MAX_BACKUP_CHARS, MAX_RECORD_CONTENT } from './schemas';
export type { SessionRole, Access } from './schemas';
