// Calibration sessions: a supervisor picks items and reviewers (and may score as the reference); reviewers score
// independently and blind: the report, with everyone's answers, opens to a reviewer only once they have submitted
// every item, or when the session is closed. Calibration evaluations never count toward staff scores.
import type { CalibrationSession, Evaluation } from '@renderer/domain/model';
import { calibrationReport, type CalibrationReport } from '@renderer/domain/calibration';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { createRecord, updateRecord } from './records';
import { recordingDetail } from './recordings';
import { ticketDetail } from './tickets';
import { isAdminRole, mayRunCalibration, mayScore } from '@renderer/domain/roles';

function requirePlanner(ctx: RepoContext) {
  const a = ctx.actor;
  if (!a || !mayRunCalibration(a.role)) throw new AccessDenied('calibration sessions are run by quality supervisors');
  return a;
}

export async function createCalibrationSession(
  ctx: RepoContext,
  input: { name: string; rubricVersionId: string; items: { kind: 'call' | 'ticket'; id: string }[]; reviewerIds: string[]; ownerIsReference: boolean },
): Promise<CalibrationSession> {
  const actor = requirePlanner(ctx);
  if (!input.name.trim()) throw new ValidationError('name', 'calibration.errors.name', 'a name is required');
  if (!input.items.length) throw new ValidationError('items', 'calibration.errors.items', 'pick at least one item');
  const reviewers = [...new Set([...input.reviewerIds, ...(input.ownerIsReference ? [actor.personId] : [])])];
  if (reviewers.length < 2) throw new ValidationError('reviewerIds', 'calibration.errors.reviewers', 'calibration needs at least two reviewers');
  const v = await ctx.db.rubricVersions.get(input.rubricVersionId);
  if (!v || v.status === 'draft') throw new ValidationError('rubricVersionId', 'calibration.errors.rubric', 'choose a published rubric');
  return createRecord<CalibrationSession>(ctx, ctx.db.calibrationSessions, {
    name: input.name.trim(),
    rubricVersionId: v.id,
    items: input.items,
    reviewerIds: reviewers,
    referenceReviewerId: input.ownerIsReference ? actor.personId : null,
    ownerId: actor.personId,
    status: 'open',
    closedAt: null,
  });
}

/** Sessions the signed-in person runs or reviews in, newest first. */
export async function listCalibrationSessions(ctx: RepoContext): Promise<CalibrationSession[]> {
  const a = ctx.actor;
  if (!a || !mayScore(a.role)) throw new AccessDenied('calibration is for reviewers');
  const all = await ctx.db.calibrationSessions.toArray();
  const planner = mayRunCalibration(a.role);
  return all.filter((s) => !s.deletedAt && (planner || s.reviewerIds.includes(a.personId))).sort((x, y) => y.createdAt.localeCompare(x.createdAt));
}

export async function closeCalibrationSession(ctx: RepoContext, id: string): Promise<CalibrationSession> {
  const actor = requirePlanner(ctx);
  const s = await ctx.db.calibrationSessions.get(id);
  if (!s || s.status !== 'open') throw new ValidationError('session', 'calibration.errors.notOpen', 'this session is not open');
  if (s.ownerId !== actor.personId && !isAdminRole(actor.role)) throw new AccessDenied('only the session owner closes it');
  return updateRecord<CalibrationSession>(ctx, ctx.db.calibrationSessions, id, { status: 'closed', closedAt: nowIso(ctx) }, 'close');
}

async function sessionEvaluations(ctx: RepoContext, id: string): Promise<Evaluation[]> {
  return (await ctx.db.evaluations.where('calibrationSessionId').equals(id).toArray()).filter((e) => !e.deletedAt);
}

/** What the signed-in reviewer still has to score in a session. */
export async function myCalibrationProgress(ctx: RepoContext, id: string): Promise<{ done: string[]; total: number }> {
  const a = ctx.actor;
  const s = await ctx.db.calibrationSessions.get(id);
  if (!a || !s) throw new AccessDenied('no such session');
  const mine = (await sessionEvaluations(ctx, id)).filter((e) => e.reviewerId === a.personId && e.status === 'submitted');
  return { done: mine.map((e) => e.itemId), total: s.items.length };
}

export interface SessionReport {
  session: CalibrationSession;
  report: CalibrationReport;
  /** Reviewers who submitted every item, and how many items each submitted. */
  submitted: Record<string, number>;
}

/**
 * The report: for the owner (and admins) at any time; for a reviewer once they have submitted every item or the
 * session is closed, so nobody sees others' answers while still scoring.
 */
export async function calibrationSessionReport(ctx: RepoContext, id: string): Promise<SessionReport> {
  const a = ctx.actor;
  const s = await ctx.db.calibrationSessions.get(id);
  if (!a || !s) throw new AccessDenied('no such session');
  const evals = (await sessionEvaluations(ctx, id)).filter((e) => e.status === 'submitted');
  const mineDone = new Set(evals.filter((e) => e.reviewerId === a.personId).map((e) => e.itemId));
  const owner = s.ownerId === a.personId || isAdminRole(a.role);
  const finished = s.items.every((i) => mineDone.has(i.id));
  if (!owner && !(s.reviewerIds.includes(a.personId) && (finished || s.status === 'closed'))) throw new AccessDenied('the report opens once you have scored every item, or when the session closes');
  return { session: s, ...(await reportOf(ctx, s, evals)) };
}

/** The report of a session from its submitted evaluations (the reference reviewer's answers apart). */
async function reportOf(ctx: RepoContext, s: CalibrationSession, evals: Evaluation[]): Promise<Omit<SessionReport, 'session'>> {
  const v = await ctx.db.rubricVersions.get(s.rubricVersionId);
  if (!v) throw new ValidationError('rubricVersionId', 'calibration.errors.rubricMissing', 'the session rubric is missing');
  const reference = new Map(evals.filter((e) => e.reviewerId === s.referenceReviewerId).map((e) => [e.itemId, e.answers]));
  const scorings = evals.filter((e) => e.reviewerId !== s.referenceReviewerId).map((e) => ({ reviewerId: e.reviewerId, itemId: e.itemId, itemKind: e.itemKind, answers: e.answers }));
  const submitted: Record<string, number> = {};
  for (const e of evals) submitted[e.reviewerId] = (submitted[e.reviewerId] ?? 0) + 1;
  return { report: calibrationReport(v.definition, scorings, reference), submitted };
}

export interface LeniencyPoint {
  sessionId: string;
  name: string;
  at: string;
  /** Reviewer id -> mean deviation (points) from the item means in that session. */
  leniency: Record<string, number>;
}

/**
 * Each reviewer's leniency (+) or severity (−) session by session, oldest first: sessions where at least two
 * reviewers submitted. For planners (who see every session).
 */
export async function leniencyOverTime(ctx: RepoContext): Promise<{ points: LeniencyPoint[]; names: Record<string, string> }> {
  requirePlanner(ctx);
  const sessions = (await ctx.db.calibrationSessions.toArray()).filter((x) => !x.deletedAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const points: LeniencyPoint[] = [];
  for (const s of sessions) {
    const evals = (await sessionEvaluations(ctx, s.id)).filter((e) => e.status === 'submitted');
    const { report } = await reportOf(ctx, s, evals);
    const leniency: Record<string, number> = {};
    for (const r of report.reviewers) if (r.leniency !== null) leniency[r.reviewerId] = r.leniency;
    if (Object.keys(leniency).length >= 2) points.push({ sessionId: s.id, name: s.name, at: s.createdAt, leniency });
  }
  const ids = [...new Set(points.flatMap((p) => Object.keys(p.leniency)))];
  const people = await ctx.db.people.bulkGet(ids);
  return { points, names: Object.fromEntries(ids.map((id, i) => [id, people[i]?.name ?? id])) };
}

/**
 * An item of a session for one of its reviewers: calibration crosses teams (a lead may score another team's call),
 * so the session, not the team scope, grants the read, and only for the session's items.
 */
async function sessionItem<T>(ctx: RepoContext, sessionId: string, id: string, read: () => Promise<T | undefined>): Promise<T | null> {
  const s = await ctx.db.calibrationSessions.get(sessionId);
  const a = ctx.actor;
  if (!a || !s || !(s.reviewerIds.includes(a.personId) || s.ownerId === a.personId) || !s.items.some((i) => i.id === id)) throw new AccessDenied('not an item of your calibration session');
  return (await read()) ?? null;
}

export async function calibrationRecording(ctx: RepoContext, sessionId: string, id: string) {
  await sessionItem(ctx, sessionId, id, async () => true);
  return recordingDetail(ctx, id, sessionId);
}

export async function calibrationTicket(ctx: RepoContext, sessionId: string, id: string) {
  await sessionItem(ctx, sessionId, id, async () => true);
  return ticketDetail(ctx, id, sessionId);
}

/** What a planner may put into a calibration session: the newest calls or tickets, labelled. */
export async function calibrationCandidates(ctx: RepoContext, kind: 'call' | 'ticket'): Promise<{ value: string; label: string }[]> {
  const a = ctx.actor;
  if (!a || !mayRunCalibration(a.role)) throw new AccessDenied('calibration sessions are run by quality supervisors');
  return kind === 'call'
    ? (await ctx.db.recordings.orderBy('startedAt').reverse().limit(300).toArray()).map((r) => ({ value: r.id, label: r.fileName }))
    : (await ctx.db.tickets.orderBy('openedAt').reverse().limit(300).toArray()).map((x) => ({ value: x.id, label: `${x.externalId} · ${x.subject}` }));
}

/** The session's calibration sessions as a reviewer, what it has submitted in each, and the items' labels. */
export async function myCalibrationWork(ctx: RepoContext): Promise<{ sessions: CalibrationSession[]; done: Set<string>; labels: Map<string, string> }> {
  const me = ctx.actor?.personId;
  if (!me) throw new AccessDenied('no signed-in session');
  // The observed read first (a live query watches what it reads before nested async work).
  const mine = await ctx.db.evaluations.where('[reviewerId+submittedAt]').between([me, ''], [me, '\uffff']).toArray();
  const sessions = (await listCalibrationSessions(ctx)).filter((s) => s.reviewerIds.includes(me));
  const done = new Set(mine.filter((e) => e.calibrationSessionId && e.status === 'submitted').map((e) => `${e.calibrationSessionId}|${e.itemId}`));
  const labels = new Map<string, string>();
  for (const r of await ctx.db.recordings.bulkGet(sessions.flatMap((s) => s.items.filter((i) => i.kind === 'call').map((i) => i.id)))) if (r) labels.set(r.id, r.fileName);
  for (const x of await ctx.db.tickets.bulkGet(sessions.flatMap((s) => s.items.filter((i) => i.kind === 'ticket').map((i) => i.id)))) if (x) labels.set(x.id, `${x.externalId} · ${x.subject}`);
  return { sessions, done, labels };
}
