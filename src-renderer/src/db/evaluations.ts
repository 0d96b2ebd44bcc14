// Evaluations: a reviewer's draft (autosaved on every change, restored after a reload or crash), submission
// (validated, scored on the pinned rubric version, immutable from then on), revisions with a reason and history,
// acknowledgement by the staff member, disputes within the window and their resolution. Facts go to the audit log;
// draft autosaves do not (a draft is the reviewer's working state until submitted).
import type { Dispute, DisputeItem, Evaluation, EvaluationAnswer, EvaluationComment, RubricVersion } from '@renderer/domain/model';
import { scoreEvaluation } from '@renderer/domain/scoring';
import { checkSubmission, disputeDeadline, type SubmissionProblem } from '@renderer/domain/evaluationRules';
import { readSettings } from './settings';
import { mayReadItem, requireActor, requireReadablePerson } from './access';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { createRecord, updateRecord, writeRecords } from './records';
import { getOwned } from './scoped';
import { isLeadRole, mayScore } from '@renderer/domain/roles';

export class SubmissionInvalid extends Error {
  constructor(readonly problems: SubmissionProblem[]) {
    super(`The evaluation cannot be submitted: ${problems.map((p) => `${p.criterionId} (${p.problem})`).join(', ')}`);
    this.name = 'SubmissionInvalid';
  }
}

function requireReviewer(ctx: RepoContext) {
  const a = ctx.actor;
  if (!a || !mayScore(a.role)) throw new AccessDenied('scoring is for reviewers');
  return a;
}

async function pinnedRubric(ctx: RepoContext, versionId: string) {
  const v = await ctx.db.rubricVersions.get(versionId);
  if (!v) throw new ValidationError('rubricVersionId', 'review.noRubric', 'the rubric version this evaluation uses is missing');
  return v;
}

/** Moves the reviewer's queued assignment for an item along (open -> in progress -> done), if there is one. */
async function advanceAssignment(ctx: RepoContext, itemId: string, reviewerId: string, to: 'in-progress' | 'done') {
  const from = to === 'done' ? ['open', 'in-progress'] : ['open'];
  const mine = (await ctx.db.assignments.where('itemId').equals(itemId).toArray()).filter((a) => a.reviewerId === reviewerId && from.includes(a.status) && !a.deletedAt);
  for (const a of mine) await updateRecord(ctx, ctx.db.assignments, a.id, { status: to }, to === 'done' ? 'complete' : 'start');
}

/** The reviewer's open draft for an item, or a new one on the rubric version given. */
export async function openDraft(
  ctx: RepoContext,
  item: { kind: 'call' | 'ticket'; id: string; agentId: string | null; teamId: string | null; occurredAt: string },
  rubricVersionId: string,
  calibrationSessionId: string | null = null,
): Promise<Evaluation> {
  const actor = requireReviewer(ctx);
  const existing = (await ctx.db.evaluations.where('itemId').equals(item.id).toArray()).find(
    (e) => e.status === 'draft' && e.reviewerId === actor.personId && !e.deletedAt && (e.calibrationSessionId ?? null) === calibrationSessionId,
  );
  if (existing) return existing;
  // A lead scores their own teams' work (and calibration items); never another team's, whatever item is handed in.
  const stored = item.kind === 'ticket' ? await ctx.db.tickets.get(item.id) : await ctx.db.recordings.get(item.id);
  if (!stored) throw new ValidationError('item', 'review.noItem', 'that item does not exist');
  if (!(await mayReadItem(ctx, stored, calibrationSessionId))) throw new AccessDenied(`scoring ${item.kind} ${item.id}`);
  item = { ...item, agentId: stored.agentId, teamId: stored.agentId ? ((await ctx.db.people.get(stored.agentId))?.teamId ?? null) : null };
  if (calibrationSessionId) {
    // A calibration item is scored on the session's rubric version, by the session's reviewers only.
    const session = await ctx.db.calibrationSessions.get(calibrationSessionId);
    if (!session || session.status !== 'open' || !session.reviewerIds.includes(actor.personId) || !session.items.some((i) => i.id === item.id))
      throw new AccessDenied('not a reviewer of this open calibration session');
    rubricVersionId = session.rubricVersionId;
  }
  const v = await pinnedRubric(ctx, rubricVersionId);
  if (v.status !== 'published' && !calibrationSessionId) throw new ValidationError('rubricVersionId', 'review.notPublished', 'evaluations use a published rubric version');
  if (!calibrationSessionId) await advanceAssignment(ctx, item.id, actor.personId, 'in-progress');
  return createRecord<Evaluation>(ctx, ctx.db.evaluations, {
    itemKind: item.kind,
    itemId: item.id,
    agentId: item.agentId,
    teamId: item.teamId,
    reviewerId: actor.personId,
    rubricId: v.rubricId,
    rubricVersionId: v.id,
    occurredAt: item.occurredAt,
    status: 'draft',
    answers: {},
    comments: [],
    feedback: '',
    score: null,
    outcome: null,
    failedBy: null,
    submittedAt: null,
    revision: 0,
    revisions: [],
    acknowledgedAt: null,
    calibrationSessionId,
  });
}

/** Autosave: the whole draft state, written on every change; only the draft's own reviewer may write it. */
export async function saveDraftState(
  ctx: RepoContext,
  id: string,
  state: { answers: Record<string, EvaluationAnswer>; comments: EvaluationComment[]; feedback: string },
): Promise<void> {
  const actor = requireReviewer(ctx);
  await ctx.db.transaction('rw', ctx.db.evaluations, ctx.db.rubricVersions, async () => {
    const e = await ctx.db.evaluations.get(id);
    if (!e || e.status !== 'draft' || e.reviewerId !== actor.personId) throw new ValidationError('evaluation', 'review.notDraft', 'only your own draft can be edited');
    const v = await ctx.db.rubricVersions.get(e.rubricVersionId);
    const live = v ? scoreEvaluation(v.definition, state.answers, e.itemKind) : null;
    const after = { ...e, ...state, score: live?.score ?? null, outcome: live?.outcome ?? null, failedBy: live?.failedBy ?? null };
    await writeRecords(ctx, ctx.db.evaluations, { revise: [{ before: e, after }] }, { none: 'a draft autosave: the reviewer’s working state (its submission is audited)' });
  });
}

export async function submitEvaluation(ctx: RepoContext, id: string): Promise<Evaluation> {
  const actor = requireReviewer(ctx);
  const e = await ctx.db.evaluations.get(id);
  if (!e || e.status !== 'draft' || e.reviewerId !== actor.personId) throw new ValidationError('evaluation', 'review.notDraft', 'only your own draft can be submitted');
  const v = await pinnedRubric(ctx, e.rubricVersionId);
  const problems = checkSubmission(v.definition, e.itemKind, e.answers, e.comments);
  if (problems.length) throw new SubmissionInvalid(problems);
  const r = scoreEvaluation(v.definition, e.answers, e.itemKind);
  // The submission and its queue item's advance are one change: both or neither (the write's own check reads the
  // people and calibration sessions, so they are in the transaction too).
  return ctx.db.transaction('rw', [ctx.db.evaluations, ctx.db.assignments, ctx.db.auditLog, ctx.db.people, ctx.db.calibrationSessions], async () => {
    const submitted = await updateRecord<Evaluation>(
      ctx,
      ctx.db.evaluations,
      id,
      { status: 'submitted', submittedAt: nowIso(ctx), score: r.score, outcome: r.outcome, failedBy: r.failedBy, revision: 1 },
      'submit',
    );
    if (!e.calibrationSessionId) await advanceAssignment(ctx, e.itemId, actor.personId, 'done');
    return submitted;
  });
}

/** A change to a submitted evaluation: a reason is required, the previous answers and score go into its history. */
export async function reviseEvaluation(ctx: RepoContext, id: string, answers: Record<string, EvaluationAnswer>, reason: string): Promise<Evaluation> {
  const actor = requireReviewer(ctx);
  if (reason.trim().length < 3) throw new ValidationError('reason', 'review.reasonRequired', 'say why the evaluation changes');
  const e = await ctx.db.evaluations.get(id);
  if (!e || e.status !== 'submitted') throw new ValidationError('evaluation', 'review.notSubmitted', 'only a submitted evaluation is revised');
  await requireReadablePerson(ctx, e.agentId, `revising evaluation ${id}`);
  const v = await pinnedRubric(ctx, e.rubricVersionId);
  const merged = { ...e.answers, ...answers };
  const problems = checkSubmission(v.definition, e.itemKind, merged, e.comments);
  if (problems.length) throw new SubmissionInvalid(problems);
  const r = scoreEvaluation(v.definition, merged, e.itemKind);
  return updateRecord<Evaluation>(
    ctx,
    ctx.db.evaluations,
    id,
    {
      answers: merged,
      score: r.score,
      outcome: r.outcome,
      failedBy: r.failedBy,
      revision: e.revision + 1,
      revisions: [...e.revisions, { revision: e.revision, at: nowIso(ctx), byId: actor.personId, reason: reason.trim(), answers: e.answers, score: e.score, outcome: e.outcome ?? '' }],
    },
    'revise',
  );
}

/** The staff member confirms having read the evaluation. */
export async function acknowledgeEvaluation(ctx: RepoContext, id: string): Promise<Evaluation> {
  const e = (await getOwned(ctx, 'evaluations', id)) as Evaluation | undefined;
  if (!e || e.status !== 'submitted' || e.agentId !== ctx.actor?.personId) throw new AccessDenied('only the evaluated person acknowledges');
  if (e.acknowledgedAt) return e;
  return updateRecord<Evaluation>(ctx, ctx.db.evaluations, id, { acknowledgedAt: nowIso(ctx) }, 'acknowledge');
}

/** A dispute by the evaluated person, per criterion, within the window; one open dispute per evaluation. */
export async function disputeEvaluation(ctx: RepoContext, id: string, items: DisputeItem[]): Promise<Dispute> {
  const e = (await getOwned(ctx, 'evaluations', id)) as Evaluation | undefined;
  if (!e || e.status !== 'submitted' || e.agentId !== ctx.actor?.personId) throw new AccessDenied('only the evaluated person disputes');
  const settings = await readSettings(ctx.db);
  const deadline = disputeDeadline(e.submittedAt!, settings.disputeWindowDays);
  if (nowIso(ctx) > deadline) throw new ValidationError('evaluation', 'review.disputeClosed', `disputes closed on ${deadline}`);
  if (!items.length) throw new ValidationError('items', 'review.disputeEmpty', 'dispute at least one criterion');
  for (const [i, it] of items.entries()) {
    if (!(it.criterionId in e.answers)) throw new ValidationError(`items.${i}.criterionId`, 'review.disputeCriterion', 'not a criterion of this evaluation');
    if (it.reason.trim().length < 3) throw new ValidationError(`items.${i}.reason`, 'review.disputeReason', 'explain why');
  }
  const open = await ctx.db.disputes.where('evaluationId').equals(id).filter((d) => d.status === 'open').count();
  if (open) throw new ValidationError('evaluation', 'review.disputeOpen', 'this evaluation already has an open dispute');
  const dueAt = new Date(ctx.clock() + settings.disputeResponseDays * 86400000).toISOString();
  return createRecord<Dispute>(ctx, ctx.db.disputes, { evaluationId: id, agentId: e.agentId!, status: 'open', items, dueAt, resolvedAt: null, resolvedById: null, reply: '' });
}

/** The reviewer's decision: uphold as scored, or adjust answers (a revision whose reason is the reply). */
export async function resolveDispute(
  ctx: RepoContext,
  disputeId: string,
  decision: { outcome: 'upheld' } | { outcome: 'adjusted'; answers: Record<string, EvaluationAnswer> },
  reply: string,
): Promise<Dispute> {
  const actor = requireReviewer(ctx);
  if (isLeadRole(actor.role) && !(await readSettings(ctx.db)).leadsDecideDisputes) throw new AccessDenied('disputes are decided by quality supervisors here');
  if (reply.trim().length < 3) throw new ValidationError('reply', 'review.replyRequired', 'reply to the staff member');
  const d = await ctx.db.disputes.get(disputeId);
  if (!d || d.status !== 'open') throw new ValidationError('dispute', 'review.disputeNotOpen', 'this dispute is not open');
  await requireReadablePerson(ctx, d.agentId, `deciding dispute ${disputeId}`);
  if (decision.outcome === 'adjusted') await reviseEvaluation(ctx, d.evaluationId, decision.answers, `dispute: ${reply.trim()}`);
  return updateRecord<Dispute>(ctx, ctx.db.disputes, disputeId, { status: decision.outcome, resolvedAt: nowIso(ctx), resolvedById: actor.personId, reply: reply.trim() }, 'resolve');
}

export async function submittedFor(ctx: RepoContext, evaluationId: string): Promise<{ evaluation: Evaluation; disputes: Dispute[] } | null> {
  const evaluation = (await getOwned(ctx, 'evaluations', evaluationId)) as Evaluation | undefined;
  if (!evaluation) return null;
  const disputes = await ctx.db.disputes.where('evaluationId').equals(evaluationId).toArray();
  return { evaluation, disputes };
}


/** The reviewer's own evaluations: open drafts first, then the latest submitted. */
export async function listMyEvaluations(ctx: RepoContext, limit = 200): Promise<Evaluation[]> {
  const actor = requireReviewer(ctx);
  const mine = await ctx.db.evaluations.filter((e) => e.reviewerId === actor.personId && !e.deletedAt).toArray();
  return mine
    .sort((a, b) => Number(a.status !== 'draft') - Number(b.status !== 'draft') || b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, limit);
}

/** The latest submitted score of each scored item the reviewer may list, for "scored" marks in the lists. */
export async function scoredItems(ctx: RepoContext): Promise<Map<string, { score: number | null; outcome: Evaluation['outcome'] }>> {
  // Not a reviewer (or signing out while a list is still on screen): nothing is marked.
  const actor = ctx.actor;
  const role = actor?.role;
  if (!actor || !mayScore(role)) return new Map();
  // A team lead's lists hold their teams' items only, and so do the marks.
  const teams = isLeadRole(role) ? new Set(actor.ledTeamIds) : null;
  const out = new Map<string, { score: number | null; outcome: Evaluation['outcome']; at: string }>();
  await ctx.db.evaluations
    .where('status')
    .equals('submitted')
    .each((e) => {
      if (e.deletedAt || e.calibrationSessionId || (teams && !(e.teamId && teams.has(e.teamId)))) return;
      const seen = out.get(e.itemId);
      if (!seen || seen.at < e.submittedAt!) out.set(e.itemId, { score: e.score, outcome: e.outcome, at: e.submittedAt! });
    });
  return out;
}

/** An evaluation the session may read, with the rubric version it was scored on. */
export async function evaluationWithVersion(ctx: RepoContext, id: string): Promise<{ evaluation: Evaluation; version: RubricVersion | null } | null> {
  // Observed reads first (the evaluation and its version), then the access check.
  const stored = await ctx.db.evaluations.get(id);
  const version = stored ? await ctx.db.rubricVersions.get(stored.rubricVersionId) : undefined;
  const evaluation = await getOwned(ctx, 'evaluations', id);
  if (!evaluation) return null;
  return { evaluation, version: version ?? null };
}

/** The disputes of an evaluation the session may read. */
export async function disputesOf(ctx: RepoContext, evaluationId: string): Promise<Dispute[]> {
  // The observed read first: a live query keeps watching only what it reads before awaiting nested async work.
  const disputes = await ctx.db.disputes.where('evaluationId').equals(evaluationId).toArray();
  if (!(await getOwned(ctx, 'evaluations', evaluationId))) return [];
  return disputes;
}

/** The session's own open draft for an item (in a calibration session or not), if there is one. */
export async function myDraftFor(ctx: RepoContext, itemId: string, calibrationSessionId: string | null): Promise<Evaluation | undefined> {
  const a = requireActor(ctx);
  return (await ctx.db.evaluations.where('itemId').equals(itemId).toArray()).find(
    (e) => e.status === 'draft' && e.reviewerId === a.personId && !e.deletedAt && (e.calibrationSessionId ?? null) === calibrationSessionId,
  );
}

