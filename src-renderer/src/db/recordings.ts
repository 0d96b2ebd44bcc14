// Stores what a recording import found: new recordings with their peaks, the same audio found again
// (by content hash) left alone or relinked, per-file failures and warnings as report issues; transcripts
// linked to recordings by file name. Reading calls for browsing goes through the role scope.
import type { RecordingFileResult, RecordingImportStatus } from '@contract';
import type { ImportRun, NewRecord, Person, Recording, RecordingPeaks, Transcript } from '@renderer/domain/model';
import type { ImportIssue } from '@renderer/domain/import/tickets';
import type { RecordingMeta } from '@renderer/domain/import/recordingMetadata';
import { baseName, type ParsedTranscript } from '@renderer/domain/import/transcripts';
import { sha256Hex } from '@renderer/domain/auditChain';
import { newId, type RepoContext } from './context';
import { finishImportRun, startImportRun } from './imports';
import { stampNew, updateRecord, writeRecords, type Revision } from './records';
import { readablePersonIds } from './scoped';
import { AccessDenied, ValidationError } from './context';
import { mayReadItem, PLANNER_ROLES, requireRoles } from './access';


export interface RecordingSaveCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/**
 * Saves one batch of analysed files. `relink(existingId, path)` points an already imported recording at the file's
 * new place (main checks it is the same content).
 */
/** What a metadata row changes on a stored recording: the fields it carries that differ (never blanking one). */
function metadataPatch(prev: Recording, m: RecordingMeta, ticketIds: Map<string, string>, people: Map<string, Person>): Partial<Recording> {
  const patch: Partial<Recording> = {};
  if (m.agentId && m.agentId !== prev.agentId) Object.assign(patch, { agentId: m.agentId, teamId: people.get(m.agentId)?.teamId ?? null });
  const ticketId = m.ticketExternalId ? (ticketIds.get(m.ticketExternalId) ?? null) : null;
  if (ticketId && ticketId !== prev.ticketId) patch.ticketId = ticketId;
  if (m.startedAt && m.startedAt !== prev.startedAt) Object.assign(patch, { startedAt: m.startedAt, startedAtSource: 'metadata' });
  if (m.direction !== prev.direction && m.direction) patch.direction = m.direction;
  if (m.customerNumber && m.customerNumber !== prev.customerNumber) patch.customerNumber = m.customerNumber;
  if (m.queue && m.queue !== prev.queue) patch.queue = m.queue;
  return patch;
}

export async function saveRecordingResults(
  ctx: RepoContext,
  results: RecordingFileResult[],
  meta: Map<string, RecordingMeta>,
  runId: string,
  relink: (recordingId: string, path: string) => Promise<void>,
): Promise<RecordingSaveCounts & { issues: ImportIssue[] }> {
  requireRoles(ctx, PLANNER_ROLES, 'importing recordings');
  const { db } = ctx;
  const issues: ImportIssue[] = [];
  const counts: RecordingSaveCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const ok = results.filter((r): r is Extract<RecordingFileResult, { ok: true }> => r.ok);
  for (const r of results) {
    if (!r.ok) {
      counts.failed++;
      issues.push({ row: 0, file: r.fileName, column: null, code: 'audio-failed', severity: 'error', value: r.code, detail: r.detail });
    } else for (const w of r.warnings) issues.push({ row: 0, file: r.fileName, column: null, code: 'audio-warning', severity: 'warning', value: w.code, detail: w.detail });
  }
  // A leg joined into a call is still the recording it was: importing its file again changes nothing.
  const existing = new Map((await db.recordings.where('contentHash').anyOf(ok.map((r) => r.sha256)).toArray()).filter((x) => !x.deletedAt || x.joinedInto).map((x) => [x.contentHash, x]));
  const metas = ok.map((r) => meta.get(baseName(r.fileName)));
  const ticketIds = new Map(
    (await db.tickets.where('externalId').anyOf(metas.flatMap((m) => (m?.ticketExternalId ? [m.ticketExternalId] : []))).toArray()).map((t) => [t.externalId, t.id]),
  );
  const people = new Map((await db.people.toArray()).map((p) => [p.id, p]));
  const recs: Recording[] = [];
  const peaks: RecordingPeaks[] = [];
  const moved: Revision<Recording>[] = [];
  for (const [i, r] of ok.entries()) {
    const prev = existing.get(r.sha256);
    const m = metas[i];
    if (prev?.joinedInto) {
      counts.unchanged++;
      continue;
    }
    if (prev) {
      // The same recording again: a metadata row for it now applies (agent, ticket, start, direction...), and a
      // new location is relinked; with neither, it is unchanged.
      const patch = m ? metadataPatch(prev, m, ticketIds, people) : {};
      if (prev.path === r.storedPath && (!r.sharePath || prev.sharePath === r.sharePath) && !Object.keys(patch).length) {
        counts.unchanged++;
        continue;
      }
      if (prev.path !== r.storedPath) await relink(prev.id, r.storedPath);
      moved.push({ before: prev, after: { ...prev, ...patch, path: r.storedPath, ...(r.sharePath ? { sharePath: r.sharePath } : {}), importRunId: runId } });
      counts.updated++;
      continue;
    }
    if (m?.ticketExternalId && !ticketIds.has(m.ticketExternalId)) {
      issues.push({ row: m.row, file: r.fileName, column: null, code: 'unknown-ticket', severity: 'warning', value: m.ticketExternalId });
    }
    const agentId = m?.agentId ?? null;
    recs.push(
      stampNew<Recording>(ctx, {
        id: r.id,
        agentId,
        teamId: agentId ? (people.get(agentId)?.teamId ?? null) : null,
        ticketId: m?.ticketExternalId ? (ticketIds.get(m.ticketExternalId) ?? null) : null,
        // Without metadata the file's modification time stands in, and is said to be only that.
        startedAt: m?.startedAt ?? new Date(r.mtimeMs).toISOString(),
        startedAtSource: m?.startedAt ? 'metadata' : 'file-time',
        durationSec: r.durationSec,
        direction: m?.direction ?? 'inbound',
        customerNumber: m?.customerNumber ?? '',
        queue: m?.queue ?? '',
        fileName: r.fileName,
        path: r.storedPath,
        ...(r.sharePath ? { sharePath: r.sharePath } : {}),
        contentHash: r.sha256,
        bytes: r.bytes,
        format: r.format,
        warnings: r.warnings.map((w) => w.code),
        importRunId: runId,
      }),
    );
    if (r.peaks.length) peaks.push(stampNew<RecordingPeaks>(ctx, { recordingId: r.id, peaks: r.peaks, peaksPerSecond: r.peaksPerSecond, ...(r.channelPeaks ? { channelPeaks: r.channelPeaks } : {}) }));
    counts.created++;
  }
  await db.transaction('rw', db.recordings, db.recordingPeaks, db.auditLog, async () => {
    const after = { created: recs.length, relinked: moved.length, idsSha256: sha256Hex([...recs, ...moved.map((m) => m.before)].map((r) => r.id).join(',')) };
    await writeRecords(ctx, db.recordings, { create: recs, revise: moved }, { batch: { action: 'import', entityId: runId, after } });
    await writeRecords(ctx, db.recordingPeaks, { create: peaks }, { none: 'derived from the imported files (the import is audited)' });
  });
  return { ...counts, issues };
}

/** Transcripts matched to recordings by the file's base name, or a name the transcript carries inside. */
export async function saveTranscripts(
  ctx: RepoContext,
  items: { fileName: string; parsed: ParsedTranscript }[],
): Promise<{ linked: number; replaced: number; issues: ImportIssue[] }> {
  requireRoles(ctx, PLANNER_ROLES, 'importing transcripts');
  const { db } = ctx;
  const recordings = (await db.recordings.toArray()).filter((r) => !r.deletedAt);
  const byName = new Map(recordings.map((r) => [baseName(r.fileName), r]));
  const byId = new Map(recordings.map((r) => [r.id, r]));
  const issues: ImportIssue[] = [];
  const creates: NewRecord<Transcript>[] = [];
  const revisions: Revision<Transcript>[] = [];
  let replaced = 0;
  for (const { fileName, parsed } of items) {
    const rec = [fileName, ...parsed.names].map((n) => byName.get(baseName(n)) ?? byId.get(n)).find(Boolean);
    if (!rec) {
      issues.push({ row: 0, file: fileName, column: null, code: 'no-recording', severity: 'error', value: baseName(fileName) });
      continue;
    }
    for (const p of parsed.problems) issues.push({ row: p.line, file: fileName, column: null, code: 'transcript-line', severity: 'warning', value: p.reason });
    const prev = await db.transcripts.where('recordingId').equals(rec.id).first();
    const data = { recordingId: rec.id, language: parsed.language ?? 'und', segments: parsed.segments, timed: parsed.timed, sourceFile: fileName };
    if (prev) {
      replaced++;
      revisions.push({ before: prev, after: { ...prev, ...data } });
    } else creates.push(data);
  }
  const linked = creates.length + revisions.length;
  await writeRecords(ctx, db.transcripts, { create: creates, revise: revisions }, { batch: { action: 'import', entityId: null, after: { linked, replaced, files: items.length } } });
  return { linked, replaced, issues };
}

/** What can be set or corrected on calls after import; a field left out is not changed. */
export interface RecordingEdit {
  agentId?: string | null;
  /** The ticket by its number in the helpdesk (as the metadata CSV names it); null unlinks. */
  ticketExternalId?: string | null;
  startedAt?: string;
  direction?: Recording['direction'];
}

/**
 * Sets or corrects calls' agent, ticket, start time and direction (one call or many with the same values), for
 * supervisors and admins. Each value is checked first and named when wrong (nothing is written then); each call
 * gets a new revision and an audit entry; a start set here is no longer "file time".
 */
export async function editRecordings(ctx: RepoContext, ids: string[], edit: RecordingEdit): Promise<Recording[]> {
  requireRoles(ctx, PLANNER_ROLES, 'editing calls');
  const patch: Partial<Recording> = {};
  if (edit.agentId !== undefined) {
    const agent = edit.agentId === null ? null : await ctx.db.people.get(edit.agentId);
    if (edit.agentId !== null && (!agent || agent.deletedAt || !agent.active)) throw new ValidationError('agentId', 'calls.edit.errors.agent', 'choose an active person');
    Object.assign(patch, { agentId: edit.agentId, teamId: agent?.teamId ?? null });
  }
  if (edit.ticketExternalId !== undefined) {
    const number = edit.ticketExternalId?.trim() ?? '';
    const ticket = number ? (await ctx.db.tickets.where('externalId').equals(number).toArray()).find((t) => !t.deletedAt) : null;
    if (number && !ticket) throw new ValidationError('ticketExternalId', 'calls.edit.errors.ticket', `no ticket numbered ${number}`);
    patch.ticketId = ticket?.id ?? null;
  }
  if (edit.startedAt !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}T/.test(edit.startedAt) || Number.isNaN(Date.parse(edit.startedAt))) throw new ValidationError('startedAt', 'calls.edit.errors.start', 'a date and time');
    Object.assign(patch, { startedAt: new Date(edit.startedAt).toISOString(), startedAtSource: 'edited' });
  }
  if (edit.direction !== undefined) {
    if (edit.direction !== 'inbound' && edit.direction !== 'outbound') throw new ValidationError('direction', 'calls.edit.errors.direction', 'inbound or outbound');
    patch.direction = edit.direction;
  }
  if (!ids.length || !Object.keys(patch).length) return [];
  const out: Recording[] = [];
  for (const id of ids) out.push(await updateRecord<Recording>(ctx, ctx.db.recordings, id, patch, 'edit'));
  return out;
}

/** Calls the session may see. */
export async function listRecordings(ctx: RepoContext): Promise<Recording[]> {
  const ids = await readablePersonIds(ctx);
  if (ids === null) return ctx.db.recordings.filter((r) => !r.deletedAt).toArray();
  const allowed = new Set(ids);
  return ctx.db.recordings.filter((r) => !r.deletedAt && r.agentId !== null && allowed.has(r.agentId)).toArray();
}

/**
 * A call with its waveform, transcript and ticket: one the session may read (its agent is in scope), or an item of
 * a calibration session the person reviews or owns (calibration crosses teams).
 */
export async function recordingDetail(ctx: RepoContext, id: string, calibrationSessionId: string | null = null) {
  const recording = await ctx.db.recordings.get(id);
  if (!recording || recording.deletedAt) return null;
  if (!(await mayReadItem(ctx, recording, calibrationSessionId))) throw new AccessDenied(`recordings ${id}`);
  return recordingParts(ctx, recording);
}

async function recordingParts(ctx: RepoContext, recording: Recording) {
  const id = recording.id;
  const [peaks, transcript, ticket, agent] = await Promise.all([
    ctx.db.recordingPeaks.where('recordingId').equals(id).first(),
    ctx.db.transcripts.where('recordingId').equals(id).first(),
    recording.ticketId ? ctx.db.tickets.get(recording.ticketId) : Promise.resolve(undefined),
    // Whoever may open the call may see whose work it is.
    recording.agentId ? ctx.db.people.get(recording.agentId) : Promise.resolve(undefined),
  ]);
  return { recording, peaks: peaks ?? null, transcript: transcript ?? null, ticket: ticket ?? null, agentName: agent?.name ?? null };
}

/** What the recording import needs from main (window.qa in the app; the service handlers in tests). */
export interface RecordingImportApi {
  start(files: { id: string; path: string }[], copyToLibrary: boolean): Promise<{ jobId: string }>;
  status(jobId: string, since: number): Promise<RecordingImportStatus>;
  cancel(jobId: string): Promise<unknown>;
  relink(recordingId: string, path: string): Promise<void>;
}

/**
 * A whole recording import: one run in the history, main analysing the files in worker threads, each finished
 * batch saved as it arrives (so a cancel keeps what was done), metadata issues and per-file failures in the report.
 */
export async function runRecordingImport(
  ctx: RepoContext,
  api: RecordingImportApi,
  files: { path: string; bytes: number }[],
  opts: {
    label: string;
    copyToLibrary: boolean;
    meta: Map<string, RecordingMeta>;
    metaIssues: ImportIssue[];
    actorName: string;
    onProgress?: (s: RecordingImportStatus) => void;
    shouldStop?: () => boolean;
    pause?: () => Promise<void>;
  },
): Promise<ImportRun> {
  const pause = opts.pause ?? (() => new Promise<void>((r) => setTimeout(r, 250)));
  const run = await startImportRun(
    ctx,
    { kind: 'recordings', fileName: opts.label, bytes: files.reduce((a, f) => a + f.bytes, 0), source: 'recorder', format: 'audio', encoding: null, rows: files.length },
    opts.actorName,
  );
  const issues: ImportIssue[] = [...opts.metaIssues];
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const withIds = files.map((f) => ({ id: newId(ctx), path: f.path }));
  let received = 0;
  let stopping = false;
  let last: RecordingImportStatus | null = null;
  try {
    const { jobId } = await api.start(withIds, opts.copyToLibrary);
    for (;;) {
      await pause();
      if (!stopping && opts.shouldStop?.()) {
        stopping = true;
        await api.cancel(jobId);
      }
      last = await api.status(jobId, received);
      if (last.results.length) {
        received += last.results.length;
        const saved = await saveRecordingResults(ctx, last.results, opts.meta, run.id, api.relink);
        counts.created += saved.created;
        counts.updated += saved.updated;
        counts.unchanged += saved.unchanged;
        counts.failed += saved.failed;
        issues.push(...saved.issues);
      }
      opts.onProgress?.(last);
      if (last.finished) break;
    }
  } catch (e) {
    return finishImportRun(ctx, run.id, 'failed', { rows: files.length, ...counts, warnings: 0 }, issues, e instanceof Error ? e.message : String(e));
  }
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  return finishImportRun(ctx, run.id, last?.cancelled ? 'cancelled' : 'completed', { rows: files.length, ...counts, warnings }, issues);
}

/** Ids of the calls that have a transcript (the calls list's filter and column). */
export async function recordingIdsWithTranscript(ctx: RepoContext): Promise<Set<string>> {
  const ids = await readablePersonIds(ctx);
  const transcripts = await ctx.db.transcripts.toArray();
  if (ids === null) return new Set(transcripts.map((x) => x.recordingId));
  const visible = new Set((await listRecordings(ctx)).map((r) => r.id));
  return new Set(transcripts.map((x) => x.recordingId).filter((id) => visible.has(id)));
}
