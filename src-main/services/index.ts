// Every contract method's handler, as plain Node functions. Electron main and the browser test host both
// register exactly these, through `dispatch`, so what the web E2E exercises is what the app runs.
import { createHash } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { contract, parseInput, type Access, type AppInfo, type ChosenPaths, type Input, type SavedFile, type SessionRole, type Method, type Output, type Result, type RecordingFileCheck } from '@contract';
import { canonicalJson } from '@domain/auditChain';
import { describeIoError, ServiceError } from './errors';
import { AccountDirectory, accountsFile, MainAuditLog, Sessions, type Session } from './accounts';
import { insideFolder, PathGrants } from './grants';
import { privateFolder } from './privateFiles';
import { listBackups, readBackup, writeBackup } from './backups';
import { renderDemoCall, DEMO_PEAKS_PER_SECOND, type DemoRenderer } from './demoAudio';
import { MediaRegistry, mediaRegistryFile, type MediaEntry } from './media';
import { AudioAnalyserPool } from './audio/pool';
import { AppraisalSync, describeUnreachable, pgClientConfig } from './appraisalSync';
import { fileSecretBox, type SecretBox } from './secretBox';
import { RecordSigner } from './signing';
import { checkRecordingFile, joinCallLegs, RecordingImportJobs, relinkRecording, scanMediaPaths } from './recordings';
import { isAdminRole } from '@domain/roles';
import { jobLease } from '@domain/scheduledJobs';
import { TeamMode, teamConfigFile } from './teamMode';
import { locateOnShare, shareRelative, type SharedRecording } from './recordingShare';
import { AUDIO_SCHEMA, fetchAudio, storeAudio } from './teamAudio';
import { SealedChanges } from './sealedChanges';
import { beginMove, finishMove, tableDigest, uploadRecords } from './teamMove';
import pg from 'pg';
import type { TeamServerConnection, TeamSession } from './teamSync';
import { REPLICA_PREFIX } from '@domain/replication';

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
  accounts: AccountDirectory;
  sessions: Sessions;
  /** Folders and files the user chose in a dialog or typed in this session: the only places main will read from. */
  grants: PathGrants;
  audit: MainAuditLog;
  /** Renders demo calls off main's event loop (worker threads in the app; in-process in unit tests). */
  renderDemo: DemoRenderer;
  /** Team mode: the server this workstation joined and each window's team session. */
  team: TeamMode;
  /** Team consoles' changes not yet sent when their person signed out, kept sealed for that person. */
  sealed: SealedChanges;
  /** A standalone workspace being moved to a team server, per main session: the migration login's connection. */
  moves: Map<string, { client: pg.Client; connection: TeamServerConnection }>;
  /** Prints the view to PDF bytes: the window (Electron printToPDF) or the renderer's snapshot (the browser host); null where nothing can print. */
  printToPdf: PdfPrinter | null;
}

export interface ServiceOptions {
  /** The audio worker-thread entry; null analyses in-process. */
  audioWorker?: string | null;
  /** A pool shared with other contexts (the browser host's profiles); audioWorker is then ignored. */
  audioPool?: AudioAnalyserPool;
  choosePaths?: PathChooser;
  chooseSavePath?: SaveChooser;
  notify?: Notifier;
  /** Where the appraisal-database password is kept encrypted; a key file beside the data when not given. */
  secrets?: SecretBox;
  printToPdf?: PdfPrinter;
  clock?: () => number;
}

/** Makes the PDF of the view: Electron prints its window and ignores the snapshot; the browser host prints the snapshot. */
export type PdfPrinter = (landscape: boolean, snapshot: string | undefined) => Promise<Buffer>;

/** Who is calling: the session id the preload (or the browser host's bridge) passes, and which window sent it. */
export interface Caller {
  sessionId?: string | null;
  /** Electron's web contents id; null in the browser host. */
  owner?: number | null;
}

/** What a handler knows of its call besides the input: the session main holds for the caller, and how to change it. */
export interface Call {
  session: Session | null;
  /** Opens the caller's session (a team sign-in's: vouched for by the team server); answers its id. */
  open(personId: string, role: SessionRole, team?: boolean): string | null;
  close(): void;
}

/** Each method's handler; `call` is absent when a test drives a handler directly (nothing session-bound then works). */
export type Handlers = { [M in Method]: (input: Input<M>, call?: Call) => Promise<Output<M>> };

const NO_CALL: Call = { session: null, open: () => null, close: () => undefined };

export function createServiceContext(info: AppInfo, mediaUrl: (id: string) => string, opts: ServiceOptions = {}): ServiceContext {
  const media = new MediaRegistry(mediaRegistryFile(info.dataDir));
  const audio = opts.audioPool ?? new AudioAnalyserPool(opts.audioWorker ?? null);
  const clock = opts.clock ?? Date.now;
  const secrets = opts.secrets ?? fileSecretBox(info.dataDir);
  return {
    info,
    mediaUrl,
    media,
    audio,
    recordingJobs: new RecordingImportJobs(audio, media, join(info.dataDir, 'media-library')),
    choosePaths: opts.choosePaths ?? (async () => ({ paths: [], canceled: true, unavailable: true })),
    chooseSavePath: opts.chooseSavePath ?? (async () => ({ path: null, canceled: true, unavailable: true })),
    notify: opts.notify ?? (async () => false),
    ...appraisalServices(info, secrets),
    accounts: new AccountDirectory(accountsFile(info.dataDir), clock),
    sessions: new Sessions(clock),
    // The media library is the console's own folder: imports copy into it and relink to the copies.
    grants: new PathGrants([join(info.dataDir, 'media-library')]),
    audit: new MainAuditLog(join(info.dataDir, 'main-audit.log')),
    renderDemo: audio.threaded ? (r) => audio.renderDemo(r) : async (r) => renderDemoCall(r.turns, r.durationSec, r.seed),
    printToPdf: opts.printToPdf ?? null,
    team: new TeamMode(teamConfigFile(info.dataDir)),
    moves: new Map(),
    sealed: new SealedChanges(join(info.dataDir, 'sealed-changes'), secrets),
  };
}

function appraisalServices(info: AppInfo, secrets: SecretBox) {
  return { appraisal: new AppraisalSync(info.dataDir, secrets, `qa-console ${info.version} (${info.host})`), signer: new RecordSigner(info.dataDir, secrets) };
}

/** The session's person, or a refusal naming what is needed. */
function requireSession(call: Call | undefined): Session {
  if (!call?.session) throw new ServiceError('forbidden', 'Sign in first');
  return call.session;
}

/**
 * On a team console, the recording as the server shows it to this person: refused when the server does not let them
 * see it (their own calls only, for staff), else located on this workstation's mount of the recording share. Null
 * where the server has nothing to say: standalone, offline (the file registered here, if any, plays), or a
 * recording not on the share (registered here by its import).
 */
async function sharedRecording(ctx: ServiceContext, call: Call | undefined, id: string): Promise<RecordingFileCheck | null> {
  if (!ctx.team.has(call?.session?.id)) return null;
  let rows: Record<string, unknown>[];
  try {
    rows = await ctx.team.session(call!.session!.id).records('recordings', [id]);
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'io') return null;
    throw err;
  }
  const rec = rows[0] as (SharedRecording & { deletedAt?: string | null }) | undefined;
  if (!rec) throw new ServiceError('forbidden', `The team server does not let ${call!.session!.personId} play recording ${id}`, 'recordingId', 'team.errors.notYourRecording');
  const local = await ctx.media.lookup(id);
  if (local && local.sha256 === rec.contentHash) {
    const here = await checkRecordingFile(ctx.media, ctx.audio, id);
    if (here.state === 'ok') return here;
  }
  if (rec.sharePath) return locateOnShare(ctx.media, await ctx.team.recordingShare(), { ...rec, id });
  // Not on the share: the team server's copy, if it keeps one (fetched once into the cache named by its hash).
  const session = ctx.team.session(call!.session!.id);
  if (session.schemaVersion < AUDIO_SCHEMA) return null;
  let got: Awaited<ReturnType<typeof fetchAudio>>;
  try {
    got = await fetchAudio((sql, params) => session.rows(sql, params), id, rec.contentHash, teamAudioCache(ctx));
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'io') return null;
    throw err;
  }
  if (!got) return null;
  const st = await stat(got.path);
  await ctx.media.register(id, { path: got.path, bytes: got.bytes, mime: got.mime, sha256: got.sha256, mtimeMs: st.mtimeMs });
  return checkRecordingFile(ctx.media, ctx.audio, id);
}

/** Whose sealed changes a call may keep or take: its own team sign-in's (the login and server main signed in to). */
function sealOwner(ctx: ServiceContext, call: Call | undefined): string {
  const s = requireSession(call);
  if (!ctx.team.has(s.id)) throw new ServiceError('forbidden', 'Only a team sign-in keeps unsent changes', 'session');
  return teamOwner(ctx.team.session(s.id));
}

/** A team sign-in's login and server, as its replica is named after them (`qa-team <owner>`). */
const teamOwner = (t: TeamSession) => `${t.login}@${t.connection.host}:${t.connection.port}/${t.connection.database}`;

const teamAudioCache = (ctx: ServiceContext) => join(ctx.info.dataDir, 'team-audio-cache');

/**
 * On a team console keeping audio on the server: each imported file not inside the recording share is sent there
 * as part of its import (undefined: nothing to send, standalone or the setting off).
 */
async function audioUpload(ctx: ServiceContext, call: Call | undefined): Promise<Parameters<RecordingImportJobs['start']>[2]> {
  if (!call?.session || !ctx.team.has(call.session.id) || !(await ctx.team.audioOnServer())) return undefined;
  const session = ctx.team.session(call.session.id);
  const share = await ctx.team.recordingShare();
  return async (id, entry, onFraction, cancelled) => {
    if (share && shareRelative(share, entry.path)) return;
    if (session.schemaVersion < AUDIO_SCHEMA)
      throw new ServiceError('forbidden', `The team server's schema (version ${session.schemaVersion}) keeps no audio yet: ask its DBA to run the console's migrate (version ${AUDIO_SCHEMA})`, 'schema', 'team.errors.audioNeedsMigrate');
    await storeAudio((sql, params) => session.rows(sql, params), { recordingId: id, path: entry.path, bytes: entry.bytes, sha256: entry.sha256, mime: entry.mime }, onFraction, cancelled);
  };
}

function moveOf(ctx: ServiceContext, call: Call | undefined): pg.Client {
  const m = ctx.moves.get(requireSession(call).id);
  if (!m) throw new ServiceError('forbidden', 'No move under way: start it again', 'session');
  return m.client;
}

async function endMove(ctx: ServiceContext, sessionId: string): Promise<boolean> {
  const m = ctx.moves.get(sessionId);
  if (!m) return false;
  ctx.moves.delete(sessionId);
  await m.client.end().catch(() => undefined);
  return true;
}

/** Local backups are a standalone workspace's: a team console's data is the server's, backed up by its DBA. */
function standaloneOnly(ctx: ServiceContext, call: Call | undefined): void {
  if (ctx.team.has(call?.session?.id)) throw new ServiceError('forbidden', 'A team console makes and restores no local backups: the team server is backed up by its DBA (pg_dump, point-in-time recovery)', 'backup', 'team.errors.backupsOnServer');
}

export function createHandlers(ctx: ServiceContext): Handlers {
  const handlers: Handlers = {
    ...teamHandlers(ctx),
    appInfo: async () => ctx.info,
    accountsState: async (_i, call = NO_CALL) => ({ ...(await ctx.accounts.state()), session: call.session ? { personId: call.session.personId, role: call.session.role } : null }),
    signIn: async ({ personId, password }, call = NO_CALL) => {
      const r = await ctx.accounts.check(personId, password);
      if (r.ok) call.open(r.personId, r.role);
      await ctx.audit.append({ personId, role: r.ok ? r.role : null, method: 'signIn', outcome: r.ok ? 'ok' : 'refused', ...(r.ok ? {} : { detail: r.reason }) });
      return r;
    },
    signOut: async (_i, call = NO_CALL) => {
      const had = !!call.session;
      if (call.session && ctx.team.has(call.session.id)) await ctx.sealed.markClosed(teamOwner(ctx.team.session(call.session.id)));
      call.close();
      return { signedOut: had };
    },
    confirmPassword: async ({ password }, call) => {
      const s = requireSession(call);
      // A team sign-in is unlocked by the password it signed in with (main holds it for the session only).
      if (ctx.team.has(s.id)) return { ok: ctx.team.session(s.id).isPassword(password) };
      return { ok: (await ctx.accounts.check(s.personId, password)).ok };
    },
    setPassword: async ({ personId, password, role, active }, call = NO_CALL) => {
      const s = call.session;
      const first = !s && (await ctx.accounts.state()).admins === 0 && isAdminRole(role) && active;
      if (!first && !s) throw new ServiceError('forbidden', 'Sign in first');
      if (s && !isAdminRole(s.role) && s.personId !== personId) throw new ServiceError('forbidden', 'Only an admin or the person may set a password');
      // A person changing their own password keeps the role main knows; only an admin sets roles.
      const account = first || isAdminRole(s?.role) ? { role, active } : null;
      const hash = await ctx.accounts.setPassword(personId, password, account);
      if (first) call.open(personId, 'admin');
      else await ctx.sessions.refresh(ctx.accounts);
      return hash;
    },
    putAccounts: async ({ accounts, replace }, call = NO_CALL) => {
      const empty = (await ctx.accounts.state()).accounts === 0;
      if (!empty && !isAdminRole(call.session?.role)) throw new ServiceError('forbidden', 'Only an admin may change who can sign in');
      const n = await ctx.accounts.put(accounts, replace);
      await ctx.sessions.refresh(ctx.accounts);
      return { accounts: n };
    },
    writeBackup: async ({ content, kind, keep }, call) => {
      standaloneOnly(ctx, call);
      return writeBackup(ctx.info.backupDir, content, kind, keep);
    },
    listBackups: async () => listBackups(ctx.info.backupDir),
    readBackup: async ({ name }, call) => {
      // An old local backup can never be put over a team console's replica (and from there to the server).
      standaloneOnly(ctx, call);
      return readBackup(ctx.info.backupDir, name);
    },
    writeDemoRecordings: async ({ recordings }) => {
      const dir = join(ctx.info.dataDir, 'recordings', 'demo');
      await privateFolder(dir);
      const results = [];
      for (const r of recordings) {
        const { wav, peaks } = await ctx.renderDemo(r);
        const path = insideFolder(dir, `${r.id}.wav`);
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
      }
      await ctx.media.registerMany(await Promise.all(results.map(async (r) => [r.id, { path: r.path, bytes: r.bytes, sha256: r.sha256, mtimeMs: (await stat(r.path)).mtimeMs }] as [string, MediaEntry])));
      return results;
    },
    mediaUrl: async ({ recordingId }, call) => {
      const shared = await sharedRecording(ctx, call, recordingId);
      if (shared?.state === 'ok') return { url: ctx.mediaUrl(recordingId) };
      if (!(await ctx.media.lookup(recordingId))) throw new ServiceError('not-found', `No recording registered with id ${recordingId}${shared?.detail ? `: ${shared.detail}` : ''}`);
      return { url: ctx.mediaUrl(recordingId) };
    },
    chooseMediaPaths: async ({ mode }) => {
      const r = await ctx.choosePaths(mode);
      ctx.grants.grant(r.paths);
      return r;
    },
    scanMediaPaths: async ({ paths, typed }) => {
      if (typed) ctx.grants.grant(paths);
      await ctx.grants.require(paths);
      return scanMediaPaths(paths);
    },
    startRecordingImport: async ({ files, copyToLibrary }, call) => {
      await ctx.grants.require(files.map((f) => f.path));
      return { jobId: ctx.recordingJobs.start(files, copyToLibrary, await audioUpload(ctx, call)) };
    },
    recordingImportStatus: async ({ jobId, since }) => {
      const status = ctx.recordingJobs.status(jobId, since);
      const share = await ctx.team.recordingShare();
      return share ? { ...status, results: status.results.map((r) => (r.ok ? { ...r, sharePath: shareRelative(share, r.storedPath) } : r)) } : status;
    },
    cancelRecordingImport: async ({ jobId }) => ({ cancelled: ctx.recordingJobs.cancel(jobId) }),
    relinkRecording: async ({ recordingId, path, typed }) => {
      if (typed) ctx.grants.grant([path]);
      await ctx.grants.require([path]);
      return relinkRecording(ctx.media, ctx.audio, recordingId, path);
    },
    joinCallLegs: async (legs) => joinCallLegs(ctx.media, ctx.audio, join(ctx.info.dataDir, 'media-library', 'joined'), legs),
    checkRecordingFile: async ({ recordingId }, call) => (await sharedRecording(ctx, call, recordingId)) ?? checkRecordingFile(ctx.media, ctx.audio, recordingId),
    notify: async (n) => ({ shown: await ctx.notify(n) }),
    saveFile: async ({ defaultName, contentBase64, filters }) => saveBytes(ctx, defaultName, filters, async () => Buffer.from(contentBase64, 'base64')),
    getSyncSettings: async () => ctx.appraisal.settings(),
    saveSyncSettings: async ({ connection, password }) => ctx.appraisal.save(connection, password),
    testSyncConnection: async ({ connection, password }) => ctx.appraisal.test(connection, password),
    signAppraisalRecords: async ({ records }, call) => {
      const s = requireSession(call);
      records.forEach((r, i) => {
        if (createHash('sha256').update(canonicalJson(r.content)).digest('hex') !== r.contentHash)
          throw new ServiceError('invalid-input', `Record ${i + 1}: the content does not match its hash; nothing was signed`, `records.${i}.contentHash`);
      });
      const signed = await ctx.signer.sign(records.map((r) => r.contentHash));
      await ctx.audit.append({ personId: s.personId, role: s.role, method: 'signAppraisalRecords', outcome: 'ok', detail: `${records.length} record(s), key ${signed.keyId}` });
      return signed;
    },
    pushAppraisalRecords: async ({ batchId, records }) => ctx.appraisal.push(batchId, records),
    serverAppraisalHashes: async ({ periodKeys }) => ctx.appraisal.hashes(periodKeys),
    printToPdf: async ({ defaultName, landscape, snapshot }) => {
      const print = ctx.printToPdf;
      if (!print) return { path: null, canceled: true, unavailable: true, bytes: 0 };
      const saved = await saveBytes(ctx, defaultName, [{ name: 'PDF', extensions: ['pdf'] }], () => print(landscape, snapshot));
      if (!saved.unavailable) return saved;
      // No dialog here (the browser host with nothing queued): the PDF goes back for the browser to download.
      const pdf = await print(landscape, snapshot);
      return { ...saved, canceled: false, bytes: pdf.length, contentBase64: pdf.toString('base64') };
    },
  };
  contexts.set(handlers, ctx);
  return handlers;
}

type TeamMethod = Extract<Method, `team${string}`>;

/** Team mode's methods: a workstation joins a server, a person signs in as their own login, the replica asks. */
function teamHandlers(ctx: ServiceContext): Pick<Handlers, TeamMethod> {
  const team = (call: Call | undefined) => ctx.team.session(requireSession(call).id);
  const config = async (call: Call | undefined) => {
    const s = call?.session && ctx.team.has(call.session.id) ? ctx.team.session(call.session.id) : null;
    return {
      connection: await ctx.team.connection(),
      signedIn: s && call?.session ? { login: s.login, personId: call.session.personId, role: call.session.role } : null,
      standaloneAccounts: (await ctx.accounts.state()).accounts,
      recordingShare: await ctx.team.recordingShare(),
      audioOnServer: await ctx.team.audioOnServer(),
    };
  };
  return {
    teamConfig: async (_i, call) => config(call),
    teamJoin: async ({ connection }, call) => {
      if ((await ctx.accounts.state()).accounts > 0)
        throw new ServiceError('forbidden', 'This workstation holds a standalone workspace: it moves to a team server by "Move to a team server", not by joining one', 'connection', 'team.hasWorkspace');
      if (call?.session) throw new ServiceError('forbidden', 'Sign out before changing the team server', 'connection');
      await ctx.team.join(connection);
      return config(call);
    },
    teamSignIn: async ({ employeeNo, password }, call = NO_CALL) => {
      let s;
      try {
        s = await ctx.team.open(employeeNo, password);
      } catch (err) {
        await ctx.audit.append({ personId: null, role: null, method: 'teamSignIn', outcome: 'refused', detail: `${employeeNo}: ${err instanceof Error ? err.message : String(err)}` });
        throw err;
      }
      if (!s.me.active) {
        await s.close();
        throw new ServiceError('forbidden', `${s.login} is deactivated on the team server`, 'employeeNo', 'signIn.inactive');
      }
      const id = call.open(s.me.personId, s.me.role, true);
      if (id) {
        ctx.team.adopt(id, s);
        await ctx.sealed.markOpen(teamOwner(s));
      } else await s.close();
      await ctx.audit.append({ personId: s.me.personId, role: s.me.role, method: 'teamSignIn', outcome: 'ok', detail: s.login });
      return { login: s.login, personId: s.me.personId, role: s.me.role, mustChange: s.me.mustChange };
    },
    teamChangePassword: async ({ password }, call) => {
      await team(call).changePassword(password);
      return { changed: true as const };
    },
    teamBounds: async (_i, call) => team(call).bounds(),
    teamPage: async ({ table, lo, hi, after, limit }, call) => team(call).page(table, lo, hi, after, limit),
    teamFeed: async ({ tables, lo }, call) => team(call).feed(tables, lo),
    teamChanged: async ({ tables, lo, hi }, call) => team(call).changed(tables, lo, hi),
    teamTombstones: async ({ lo, hi }, call) => team(call).tombstones(lo, hi),
    teamIds: async ({ table }, call) => team(call).ids(table),
    teamRecords: async ({ table, ids }, call) => team(call).records(table, ids),
    teamCounts: async (_i, call) => team(call).counts(),
    teamWrite: async (tx, call) => team(call).write(tx),
    teamVerifyAudit: async (_i, call) => team(call).verifyAudit(),
    teamRecordingShare: async ({ path }, call) => {
      requireSession(call);
      if (path !== null) {
        if (!isAbsolute(path)) throw new ServiceError('invalid-input', `"${path}" is not an absolute path`, 'path');
        const st = await stat(path).catch(() => null);
        if (!st?.isDirectory()) throw new ServiceError('invalid-input', `"${path}" is not a folder on this workstation`, 'path', 'team.errors.shareNotFolder');
      }
      await ctx.team.setRecordingShare(path);
      return config(call);
    },
    teamSealChanges: async ({ rows }, call) => {
      await ctx.sealed.seal(sealOwner(ctx, call), rows);
      return { sealed: rows.length };
    },
    teamSealedChanges: async (_i, call) => ({ rows: await ctx.sealed.open(sealOwner(ctx, call)) }),
    teamSealOtherReplica: async ({ replica, rows }, call) => {
      const mine = sealOwner(ctx, call);
      const owner = replica.slice(REPLICA_PREFIX.length);
      const server = (o: string) => o.slice(o.indexOf('@'));
      // Only a person of this server who signed in here and never signed out: a page cannot plant changes for anyone else.
      if (owner === mine || server(owner) !== server(mine) || !(await ctx.sealed.leftOpen(owner)))
        throw new ServiceError('forbidden', `No sign-in of ${owner.split('@')[0]} was left open on this workstation`, 'replica');
      await ctx.sealed.add(owner, rows);
      await ctx.sealed.markClosed(owner);
      return { sealed: rows.length };
    },
    teamAudioOnServer: async ({ on }, call) => {
      requireSession(call);
      await ctx.team.setAudioOnServer(on);
      return config(call);
    },
    teamMoveBegin: async ({ connection, user, password, workspace }, call) => {
      const s = requireSession(call);
      if (ctx.team.has(s.id) || (await ctx.team.connection())) throw new ServiceError('forbidden', 'This workstation is already a team console', 'connection');
      await endMove(ctx, s.id);
      const client = new pg.Client(pgClientConfig({ ...connection, user }, password));
      // A server gone mid-move fails the next call (said to the admin); it must not take main down with it.
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === '28P01' || code === '28000') throw new ServiceError('forbidden', `The server refused ${user}: ${(err as Error).message}`, 'password', 'team.move.wrongLogin');
        throw new ServiceError('io', describeUnreachable(err, connection, 'the team server') ?? String(err), 'connection', 'team.errors.unreachable');
      }
      ctx.moves.set(s.id, { client, connection });
      try {
        return await beginMove(client, workspace);
      } catch (err) {
        await endMove(ctx, s.id);
        throw err;
      }
    },
    teamMoveUpload: async ({ table, records }, call) => ({ inserted: await uploadRecords(moveOf(ctx, call), table, records) }),
    teamMoveDigest: async ({ table }, call) => tableDigest(moveOf(ctx, call), table),
    teamMoveFinish: async ({ people }, call) => {
      const s = requireSession(call);
      const m = ctx.moves.get(s.id);
      if (!m) throw new ServiceError('forbidden', 'No move under way', 'session');
      const handouts = await finishMove(m.client, people);
      await ctx.audit.append({ personId: s.personId, role: s.role, method: 'teamMoveFinish', outcome: 'ok', detail: `${m.connection.host}:${m.connection.port}/${m.connection.database}: ${handouts.length} logins` });
      await endMove(ctx, s.id);
      // The standalone workspace stays as it was (nothing deleted); from now on this workstation signs in to the server.
      await ctx.team.join(m.connection);
      return { handouts };
    },
    teamMoveCancel: async (_i, call) => ({ cancelled: await endMove(ctx, requireSession(call).id) }),
    teamProvision: async ({ personId }, call) => {
      const r = await team(call).provision(personId);
      await ctx.audit.append({ personId: requireSession(call).personId, role: 'admin', method: 'teamProvision', outcome: 'ok', detail: `${personId} → ${r.login}` });
      return r;
    },
    teamResetPassword: async ({ personId }, call) => {
      const password = await team(call).resetPassword(personId);
      await ctx.audit.append({ personId: requireSession(call).personId, role: 'admin', method: 'teamResetPassword', outcome: 'ok', detail: personId });
      return { password };
    },
    teamLogins: async (_i, call) => team(call).logins(),
    teamLease: async ({ job, release }, call) => {
      const s = team(call);
      const lease = jobLease(job, s.me);
      if (!lease) throw new ServiceError('forbidden', `The ${s.me.role} role does not run ${job}`, 'job');
      if (release) {
        await s.resign(lease);
        return { leader: false };
      }
      return { leader: await s.lead(lease) };
    },
    teamNotices: async ({ timeoutMs }, call) => ctx.team.notices(requireSession(call).id, timeoutMs),
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
    throw new ServiceError('io', `Could not write ${basename(target.path)}: ${describeIoError(err)}`, target.path);
  }
  return { ...target, bytes: bytes.length };
}

/** Main-side methods whose use is worth a line in main's own audit log (who, through which session). */
const AUDITED = new Set<Method>(['putAccounts', 'setPassword', 'writeBackup', 'readBackup', 'writeDemoRecordings', 'scanMediaPaths', 'startRecordingImport', 'relinkRecording', 'joinCallLegs', 'saveSyncSettings', 'testSyncConnection', 'pushAppraisalRecords']);

export type DispatchResult = Result<unknown> & {
  /** Set when the call opened (an id) or closed (null) the caller's session: the preload keeps it, the page never sees it. */
  session?: string | null;
};

/**
 * The one choke point: validate the payload with the contract's schema, check the caller's session against the
 * method's access, run the handler, wrap every outcome. Never throws.
 */
export async function dispatch(handlers: Handlers, method: string, payload: unknown, caller: Caller = {}): Promise<DispatchResult> {
  if (typeof method !== 'string' || !Object.hasOwn(contract, method) || !Object.hasOwn(handlers, method))
    return { ok: false, error: { code: 'invalid-input', message: `Unknown method "${String(method).slice(0, 64)}"` } };
  const m = method as Method;
  const sessions = contexts.get(handlers)?.sessions;
  const sctx = contexts.get(handlers);
  const team = sctx?.team;
  // A window's team session (and a move under way) ends with main's session for it.
  const closeSession = (id: string) => {
    sessions?.close(id);
    void team?.end(id);
    if (sctx) void endMove(sctx, id);
  };
  const session = sessions?.find(caller.sessionId, caller.owner ?? null) ?? null;
  const refusal = accessRefusal(contract[m].access, session, m);
  if (refusal) {
    await contexts.get(handlers)?.audit.append({ personId: session?.personId ?? null, role: session?.role ?? null, method: m, outcome: 'refused', detail: refusal }).catch(() => undefined);
    return { ok: false, error: { code: 'forbidden', message: refusal } };
  }
  const parsed = parseInput(m, payload);
  if (!parsed.ok) return parsed;
  let changed: string | null | undefined;
  const call: Call = {
    session,
    open: (personId, role, team) => {
      if (session) closeSession(session.id);
      changed = sessions?.open(personId, role, caller.owner ?? null, team).id ?? null;
      return changed;
    },
    close: () => {
      if (session) closeSession(session.id);
      changed = null;
    },
  };
  try {
    const handler = handlers[m] as (input: unknown, call: Call) => Promise<unknown>;
    const value = await handler(parsed.value, call);
    if (AUDITED.has(m) && session) await contexts.get(handlers)?.audit.append({ personId: session.personId, role: session.role, method: m, outcome: 'ok' }).catch(() => undefined);
    return changed === undefined ? { ok: true, value } : { ok: true, value, session: changed };
  } catch (err) {
    if (err instanceof ServiceError) return { ok: false, error: err.toShape() };
    console.error(`[qa] ${m} failed`, err);
    // Never an absolute path or a stack across the boundary: the log has the detail.
    return { ok: false, error: { code: 'internal', message: `${m} failed: ${describeIoError(err)}` } };
  }
}

/** Why a session may not call a method with this access, or null when it may. */
export function accessRefusal(access: Access, session: Session | null, method: string): string | null {
  if (access === 'public') return null;
  if (!session) return `Sign in first (${method})`;
  if (access === 'signed-in' || access.includes(session.role)) return null;
  return `${method} is for ${access.join(' or ')}; this session is ${session.role}`;
}

// The handlers remember the context they were made with, so dispatch(handlers, …) finds its sessions and audit log.
const contexts = new WeakMap<Handlers, ServiceContext>();

/** The media registry behind a set of handlers (the browser host serves /media from it). */
export function mediaOf(handlers: Handlers): MediaRegistry {
  const ctx = contexts.get(handlers);
  if (!ctx) throw new Error('handlers not made by createHandlers');
  return ctx.media;
}
