// Two legs of one call (the agent's file and the caller's) joined into one call, and split back: main writes the
// stereo file; this keeps the legs (soft-deleted, pointing at the call), merges their transcripts by side, and
// refuses what would orphan a score.
import type { JoinedLegs } from '@contract';
import type { Recording, RecordingPeaks, Transcript, TranscriptSegment } from '@renderer/domain/model';
import type { NameMeta } from '@renderer/domain/import/fileNamePattern';
import type { ImportIssue } from '@renderer/domain/import/tickets';
import { baseName } from '@renderer/domain/import/transcripts';
import { newId, nowIso, type RepoContext } from './context';
import { stampNew, writeRecords } from './records';
import { PLANNER_ROLES, requireRoles } from './access';

/** What joining two legs needs from main: write them as one stereo recording under `joinedId`. */
export type JoinLegsApi = (agentId: string, callerId: string, joinedId: string) => Promise<JoinedLegs>;

export type JoinOutcome =
  | { ok: true; recording: Recording; warnings: string[] }
  | { ok: false; code: Extract<JoinedLegs, { ok: false }>['code'] | 'same-call' | 'not-found' | 'already-joined' | 'evaluated' | 'queued'; file: string | null; detail: string };

/**
 * Two legs of one call (agent's and caller's files) become one call: one stereo recording (agent left), one
 * player and one evaluation. The legs are kept, soft-deleted and pointing at the call, so splitting gives them back.
 * A leg already evaluated or queued for review is refused (its score would no longer name a call anyone sees).
 */
export async function joinCallLegs(ctx: RepoContext, api: JoinLegsApi, agentLegId: string, callerLegId: string): Promise<JoinOutcome> {
  requireRoles(ctx, PLANNER_ROLES, 'joining call legs');
  if (agentLegId === callerLegId) return { ok: false, code: 'same-call', file: null, detail: '' };
  const legs = await ctx.db.recordings.bulkGet([agentLegId, callerLegId]);
  for (const [i, leg] of legs.entries()) {
    if (!leg || (leg.deletedAt && !leg.joinedInto)) return { ok: false, code: 'not-found', file: leg?.fileName ?? [agentLegId, callerLegId][i]!, detail: '' };
    if (leg.joinedInto || leg.legs) return { ok: false, code: 'already-joined', file: leg.fileName, detail: '' };
  }
  const [agent, caller] = legs as [Recording, Recording];
  const ids = [agent.id, caller.id];
  const evaluated = (await ctx.db.evaluations.where('itemId').anyOf(ids).toArray()).filter((e) => !e.deletedAt);
  if (evaluated.length) return { ok: false, code: 'evaluated', file: (evaluated[0]!.itemId === agent.id ? agent : caller).fileName, detail: String(evaluated.length) };
  const queued = (await ctx.db.assignments.where('itemId').anyOf(ids).toArray()).filter((a) => !a.deletedAt && a.status !== 'replaced');
  if (queued.length) return { ok: false, code: 'queued', file: (queued[0]!.itemId === agent.id ? agent : caller).fileName, detail: String(queued.length) };

  const joinedId = newId(ctx);
  const r = await api(agent.id, caller.id, joinedId);
  if (!r.ok) return r;
  const a = r.recording;
  // The call takes its facts from the agent leg, then the caller leg: who, which ticket, when (the earlier start).
  const pick = <K extends keyof Recording>(k: K, empty: Recording[K]) => (agent[k] !== empty ? agent[k] : caller[k]);
  const first = agent.startedAt <= caller.startedAt ? agent : caller;
  const agentId = pick('agentId', null);
  const recording = stampNew<Recording>(ctx, {
    id: joinedId,
    agentId,
    teamId: agentId === agent.agentId ? agent.teamId : caller.teamId,
    ticketId: pick('ticketId', null),
    startedAt: first.startedAt,
    ...(first.startedAtSource ? { startedAtSource: first.startedAtSource } : {}),
    durationSec: a.durationSec,
    direction: agent.direction,
    customerNumber: pick('customerNumber', ''),
    queue: pick('queue', ''),
    fileName: `${agent.fileName} + ${caller.fileName}`,
    path: a.storedPath,
    contentHash: a.sha256,
    bytes: a.bytes,
    format: a.format,
    warnings: [...a.warnings.map((w) => w.code), ...r.warnings.map((w) => w.code)],
    legs: { agentId: agent.id, callerId: caller.id },
    ...(agent.importRunId ? { importRunId: agent.importRunId } : {}),
  });
  const peaks = stampNew<RecordingPeaks>(ctx, { recordingId: joinedId, peaks: a.peaks, peaksPerSecond: a.peaksPerSecond, ...(a.channelPeaks ? { channelPeaks: a.channelPeaks } : {}) });
  const transcripts = await ctx.db.transcripts.where('recordingId').anyOf(ids).toArray();
  await ctx.db.transaction('rw', [ctx.db.recordings, ctx.db.recordingPeaks, ctx.db.transcripts, ctx.db.auditLog], async () => {
    const at = nowIso(ctx);
    const legs = [agent, caller].map((leg) => ({ before: leg, after: { ...leg, deletedAt: at, joinedInto: joinedId } }));
    const audit = { batch: { action: 'join', entityId: joinedId, after: { legs: recording.legs, fileName: recording.fileName, warnings: recording.warnings } } };
    await writeRecords(ctx, ctx.db.recordings, { create: [recording], revise: legs }, audit);
    await writeRecords(ctx, ctx.db.recordingPeaks, { create: [peaks] }, { none: 'derived from the joined file (the join is audited)' });
    // Each leg's transcript speaks for its side; together, in time order, they are the call's.
    const merged = mergeLegTranscripts(transcripts, agent.id);
    if (merged) await writeRecords<Transcript>(ctx, ctx.db.transcripts, { create: [{ ...merged, recordingId: joinedId }] }, { none: 'the legs’ transcripts merged (the join is audited)' });
  });
  return { ok: true, recording, warnings: r.warnings.map((w) => w.detail) };
}

function mergeLegTranscripts(ts: Transcript[], agentLegId: string): Pick<Transcript, 'language' | 'segments' | 'sourceFile'> | null {
  const live = ts.filter((t) => !t.deletedAt && t.timed !== false);
  if (!live.length) return null;
  const segments = live
    // A leg holds one side only: whatever its transcript called the speaker, it is that side.
    .flatMap((t) => t.segments.map((s) => ({ ...s, speaker: (t.recordingId === agentLegId ? 'agent' : 'customer') as TranscriptSegment['speaker'] })))
    .sort((x, y) => x.start - y.start);
  return { language: live[0]!.language, segments, sourceFile: live.map((t) => t.sourceFile ?? '').filter(Boolean).join(' + ') };
}

/** A joined call back into its two legs; refused once the call has been evaluated or queued (say which). */
export async function splitCall(ctx: RepoContext, joinedId: string): Promise<{ ok: true; legs: Recording[] } | { ok: false; code: 'not-joined' | 'evaluated' | 'queued'; detail: string }> {
  requireRoles(ctx, PLANNER_ROLES, 'splitting a joined call');
  const call = await ctx.db.recordings.get(joinedId);
  if (!call || call.deletedAt || !call.legs) return { ok: false, code: 'not-joined', detail: '' };
  const evaluated = (await ctx.db.evaluations.where('itemId').equals(joinedId).toArray()).filter((e) => !e.deletedAt).length;
  if (evaluated) return { ok: false, code: 'evaluated', detail: String(evaluated) };
  const queued = (await ctx.db.assignments.where('itemId').equals(joinedId).toArray()).filter((a) => !a.deletedAt && a.status !== 'replaced').length;
  if (queued) return { ok: false, code: 'queued', detail: String(queued) };
  const legs = (await ctx.db.recordings.bulkGet([call.legs.agentId, call.legs.callerId])).filter((l): l is Recording => !!l);
  const at = nowIso(ctx);
  const restore = legs.map((l) => {
    const { joinedInto: _, ...rest } = l;
    return { before: l, after: { ...rest, deletedAt: null } };
  });
  return ctx.db.transaction('rw', [ctx.db.recordings, ctx.db.transcripts, ctx.db.auditLog], async () => {
    const audit = { batch: { action: 'split', entityId: joinedId, after: { legs: call.legs } } };
    const { revised } = await writeRecords(ctx, ctx.db.recordings, { revise: [{ before: call, after: { ...call, deletedAt: at } }, ...restore] }, audit);
    const transcripts = await ctx.db.transcripts.where('recordingId').equals(joinedId).toArray();
    await writeRecords(ctx, ctx.db.transcripts, { revise: transcripts.map((t) => ({ before: t, after: { ...t, deletedAt: at } })) }, { none: 'the joined call’s transcript, gone with the split audited above' });
    return { ok: true as const, legs: revised.slice(1) };
  });
}

/**
 * After an import whose file-name pattern has `{leg}`: the agent and caller legs of each call imported here (same
 * name but for the leg word) are joined. What could not be joined is an issue naming the files.
 */
export async function joinImportedLegs(ctx: RepoContext, api: JoinLegsApi, meta: Map<string, NameMeta>): Promise<{ joined: number; issues: ImportIssue[] }> {
  requireRoles(ctx, PLANNER_ROLES, 'joining call legs');
  const byKey = new Map<string, { agent?: string; caller?: string }>();
  for (const [file, m] of meta) if (m.leg) byKey.set(m.leg.callKey, { ...byKey.get(m.leg.callKey), [m.leg.side]: file });
  const live = (await ctx.db.recordings.toArray()).filter((r) => !r.deletedAt);
  const byName = new Map(live.map((r) => [baseName(r.fileName), r]));
  let joined = 0;
  const issues: ImportIssue[] = [];
  for (const pair of byKey.values()) {
    const agent = pair.agent ? byName.get(pair.agent) : undefined;
    const caller = pair.caller ? byName.get(pair.caller) : undefined;
    if (!agent || !caller) continue;
    const r = await joinCallLegs(ctx, api, agent.id, caller.id);
    if (r.ok) joined++;
    else issues.push({ row: 0, file: `${agent.fileName} + ${caller.fileName}`, column: null, code: 'legs-not-joined', severity: 'warning', value: r.code, detail: r.file ? `${r.file}: ${r.detail}` : r.detail });
  }
  return { joined, issues };
}
