// Corrective actions through their lifecycle: created from an evaluation (prefilled) or standalone; moved through
// the state machine by their owner (a lead for their team) or a quality supervisor; deadlines extended with a
// reason; acknowledged and commented by the staff member; verified by the follow-up evaluations submitted after
// verification was asked for. Every change is a history line and an audit entry, in one transaction. Reads are
// role-scoped: staff see only their own actions, a lead their team's.
import type { Assignment, CorrectiveAction, CorrectiveActionEvent, Evaluation, FollowUpItem, NewRecord, Person, RootCause } from '@renderer/domain/model';
import { ROOT_CAUSES } from '@renderer/domain/model';
import {
  closeRefusal,
  deadlineOf,
  IllegalTransition,
  isFinal,
  nextStatus,
  verifyByFollowUps,
  type ActionEvent,
  type ActionPriority,
  type Verification,
  type VerificationResult,
} from '@renderer/domain/correctiveActions';
import { criterionScore } from '@renderer/domain/scoring';
import { callMinutes, TICKET_MINUTES } from '@renderer/domain/sampling';
import type { RubricDefinition } from '@renderer/domain/rubric';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { stampNew, writeRecords } from './records';
import { getOwned, listVisible } from './scoped';
import { followUpKinds } from './followUps';
import { readSettings } from './settings';
import { isLeadRole, isStaffRole, leadsTeamOf, mayOwnActions, mayScore, overseesAll } from '@renderer/domain/roles';

export interface ActionInput {
  staffId: string;
  ownerId?: string | null;
  evaluationId?: string | null;
  parentActionId?: string | null;
  title: string;
  rootCauses: RootCause[];
  criterionIds: string[];
  evidence?: { note: string; at: number | null }[];
  plan: string;
  priority: ActionPriority;
  /** The deadline as a date (YYYY-MM-DD, the end of that day in the company zone). */
  dueDate: string;
  verification: Verification;
  attachments?: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function requireActor(ctx: RepoContext) {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  return ctx.actor;
}

/** Who may manage an action about this staff member: admins and supervisors, and the lead of their team. */
function mayManage(ctx: RepoContext, staff: Pick<Person, 'teamId'>, ownerId?: string): boolean {
  const a = requireActor(ctx);
  if (overseesAll(a.role)) return true;
  if (isLeadRole(a.role)) return a.personId === ownerId || leadsTeamOf(a, staff.teamId);
  return false;
}

async function addEvent(ctx: RepoContext, actionId: string, e: Pick<CorrectiveActionEvent, 'kind' | 'text'> & Partial<Pick<CorrectiveActionEvent, 'from' | 'to'>>) {
  const ev = { actionId, at: nowIso(ctx), actorId: ctx.actor!.personId, from: null, to: null, ...e };
  await writeRecords<CorrectiveActionEvent>(ctx, ctx.db.correctiveActionEvents, { create: [ev] }, { none: 'the action’s history line, written with the action’s own audited change' });
}

/** Writes the action's change, its history line and the audit entry together. */
async function change(ctx: RepoContext, before: CorrectiveAction, patch: Partial<CorrectiveAction>, action: string, event: Parameters<typeof addEvent>[2]): Promise<CorrectiveAction> {
  return ctx.db.transaction('rw', ctx.db.correctiveActions, ctx.db.correctiveActionEvents, ctx.db.auditLog, async () => {
    const current = await ctx.db.correctiveActions.get(before.id);
    if (!current || current.rev !== before.rev) throw new ValidationError('action', 'corrective.errors.changed', 'the action changed meanwhile; reload it');
    const [after] = (await writeRecords(ctx, ctx.db.correctiveActions, { revise: [{ before: current, after: { ...current, ...patch } }] }, { each: action })).revised;
    await addEvent(ctx, before.id, event);
    return after!;
  });
}

type EditableFields = Pick<ActionInput, 'title' | 'plan' | 'rootCauses' | 'criterionIds' | 'priority' | 'verification' | 'attachments' | 'ownerId'>;

const MAX_ATTACHMENTS = 20;

/** Checks the fields given (all of them on create); problems name the field. */
function checkFields(input: Partial<EditableFields>) {
  if (input.title !== undefined && !input.title.trim()) throw new ValidationError('title', 'corrective.errors.title', 'a title is required');
  if (input.plan !== undefined && input.plan.trim().length < 3) throw new ValidationError('plan', 'corrective.errors.plan', 'say what must change');
  if (input.rootCauses?.some((c) => !ROOT_CAUSES.includes(c))) throw new ValidationError('rootCauses', 'corrective.errors.rootCause', 'unknown root cause');
  if (input.verification?.kind === 'follow-ups') {
    const v = input.verification;
    if (!Number.isInteger(v.count) || v.count < 1 || v.count > 20) throw new ValidationError('verification.count', 'corrective.errors.followUpCount', 'between 1 and 20 follow-up evaluations');
    if (!v.criterionIds.length) throw new ValidationError('verification.criterionIds', 'corrective.errors.targets', 'name the criteria the follow-ups must pass');
  }
  if (input.attachments && (input.attachments.length > MAX_ATTACHMENTS || input.attachments.some((p) => !p.trim() || p.length > 4096 || p.includes('\0'))))
    throw new ValidationError('attachments', 'corrective.errors.attachments', `up to ${MAX_ATTACHMENTS} file paths, none empty`);
}

/** The owner: given, else the lead of the staff member's team, else the acting person; an active non-staff person. */
async function resolveOwner(ctx: RepoContext, staff: Person, ownerId: string | null | undefined): Promise<string> {
  let id = ownerId ?? null;
  if (!id && staff.teamId) id = (await ctx.db.teams.get(staff.teamId))?.leadId ?? null;
  id ??= requireActor(ctx).personId;
  const owner = await ctx.db.people.get(id);
  if (!owner || !owner.active || owner.deletedAt || !mayOwnActions(owner.role)) throw new ValidationError('ownerId', 'corrective.errors.owner', 'the owner is an active lead, supervisor or admin');
  return id;
}

/** Checks an action's fields; problems name the field, and nothing is written. */
async function validated(ctx: RepoContext, input: ActionInput): Promise<{ staff: Person; ownerId: string; evaluation: Evaluation | null }> {
  const staff = await ctx.db.people.get(input.staffId);
  if (!staff || !isStaffRole(staff.role) || staff.deletedAt) throw new ValidationError('staffId', 'corrective.errors.staff', 'choose a staff member');
  checkFields(input);
  if (!DAY.test(input.dueDate)) throw new ValidationError('dueDate', 'corrective.errors.dueDate', 'a deadline as YYYY-MM-DD');
  const evaluation = input.evaluationId ? ((await getOwned(ctx, 'evaluations', input.evaluationId)) as Evaluation | undefined) ?? null : null;
  if (input.evaluationId && (!evaluation || evaluation.status !== 'submitted' || evaluation.agentId !== staff.id))
    throw new ValidationError('evaluationId', 'corrective.errors.evaluation', 'a submitted evaluation of this staff member');
  return { staff, ownerId: await resolveOwner(ctx, staff, input.ownerId), evaluation };
}

export async function createAction(ctx: RepoContext, input: ActionInput): Promise<CorrectiveAction> {
  const { staff, ownerId, evaluation } = await validated(ctx, input);
  if (!mayManage(ctx, staff)) throw new AccessDenied('corrective actions are issued by quality supervisors and team leads');
  const zone = (await readSettings(ctx.db)).workingCalendar.zone;
  const dueAt = deadlineOf(input.dueDate, zone);
  const action = stampNew<CorrectiveAction>(ctx, {
    staffId: staff.id,
    teamId: staff.teamId,
    ownerId,
    evaluationId: evaluation?.id ?? null,
    parentActionId: input.parentActionId ?? null,
    title: input.title.trim(),
    rootCauses: input.rootCauses,
    criterionIds: input.criterionIds,
    evidence: input.evidence ?? [],
    plan: input.plan.trim(),
    priority: input.priority,
    dueAt,
    originalDueAt: dueAt,
    extensions: 0,
    verification: input.verification,
    status: 'open',
    outcome: null,
    completedAt: null,
    closedAt: null,
    cancelReason: null,
    acknowledgedAt: null,
    followUpsFrom: null,
    attachments: input.attachments ?? [],
  } as NewRecord<CorrectiveAction>);
  await ctx.db.transaction('rw', ctx.db.correctiveActions, ctx.db.correctiveActionEvents, ctx.db.auditLog, async () => {
    await writeRecords(ctx, ctx.db.correctiveActions, { create: [action] }, { each: 'create' });
    await addEvent(ctx, action.id, { kind: 'created', text: action.title, to: 'open' });
  });
  return action;
}

/** What a new action from this evaluation starts with: the staff member, the failed criteria, the comments as evidence. */
export async function prefillFromEvaluation(ctx: RepoContext, evaluationId: string, rubric: RubricDefinition): Promise<Partial<ActionInput>> {
  const e = (await getOwned(ctx, 'evaluations', evaluationId)) as Evaluation | undefined;
  if (!e || !e.agentId) throw new ValidationError('evaluationId', 'corrective.errors.evaluation', 'a submitted evaluation of this staff member');
  const criteria = rubric.sections.flatMap((s) => s.criteria);
  const failed = criteria.filter((c) => {
    const a = e.answers[c.id];
    return a && a.value !== null && criterionScore(c, a.value) < 1;
  });
  return {
    staffId: e.agentId,
    evaluationId: e.id,
    title: failed.length ? failed.map((c) => c.title).join(', ') : rubric.name,
    criterionIds: failed.map((c) => c.id),
    evidence: e.comments.map((c) => ({ note: c.text, at: c.start })),
    plan: e.feedback,
    verification: { kind: 'follow-ups', count: 2, criterionIds: failed.map((c) => c.id) },
  };
}

/** The actions the session may see (all, the team's, or one's own), newest first. */
export async function listActions(ctx: RepoContext): Promise<CorrectiveAction[]> {
  const all = await listVisible(ctx, 'correctiveActions');
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function getAction(ctx: RepoContext, id: string): Promise<CorrectiveAction> {
  const a = await getOwned(ctx, 'correctiveActions', id);
  if (!a) throw new ValidationError('action', 'corrective.errors.notFound', 'that action does not exist');
  return a;
}

async function getManaged(ctx: RepoContext, id: string): Promise<CorrectiveAction> {
  const a = await getAction(ctx, id);
  const staff = await ctx.db.people.get(a.staffId);
  if (!staff || !mayManage(ctx, staff, a.ownerId)) throw new AccessDenied('only the owner, the team lead or a quality supervisor changes an action');
  return a;
}

export interface ActionDetail {
  action: CorrectiveAction;
  events: CorrectiveActionEvent[];
  /** Submitted evaluations of the staff member since verification was asked for (oldest first), and what they say. */
  followUps: Evaluation[];
  verification: VerificationResult | null;
}

export async function actionDetail(ctx: RepoContext, id: string): Promise<ActionDetail> {
  const action = await getAction(ctx, id);
  const events = await ctx.db.correctiveActionEvents.where('[actionId+at]').between([id, ''], [id, '\uffff']).toArray();
  return { action, events, ...(await verificationOf(ctx, action)) };
}

/** The follow-ups counted for an action and what they say (null unless verified by follow-ups). */
async function verificationOf(ctx: RepoContext, action: CorrectiveAction): Promise<{ followUps: Evaluation[]; verification: VerificationResult | null }> {
  const followUps = action.followUpsFrom ? await followUpsOf(ctx, action) : [];
  if (action.verification.kind !== 'follow-ups') return { followUps, verification: null };
  const versions = await ctx.db.rubricVersions.bulkGet([...new Set(followUps.map((e) => e.rubricVersionId))]);
  const rubrics = new Map(versions.filter((v): v is NonNullable<typeof v> => !!v).map((v) => [v.id, v.definition]));
  return { followUps, verification: verifyByFollowUps(action.verification, followUps.map((e) => ({ evaluationId: e.id, rubricVersionId: e.rubricVersionId, answers: e.answers })), rubrics) };
}

async function followUpsOf(ctx: RepoContext, a: CorrectiveAction): Promise<Evaluation[]> {
  const rows = await ctx.db.evaluations.where('[agentId+occurredAt]').between([a.staffId, ''], [a.staffId, '\uffff']).toArray();
  return rows
    .filter((e) => e.status === 'submitted' && !e.deletedAt && !e.calibrationSessionId && e.submittedAt !== null && e.submittedAt >= a.followUpsFrom! && e.id !== a.evaluationId)
    .sort((x, y) => x.submittedAt!.localeCompare(y.submittedAt!));
}

/**
 * Moves an action through its lifecycle. Asking for verification starts counting follow-up evaluations; closing
 * records the outcome, and "not effective" may open a follow-on action linked to this one.
 */
export async function transitionAction(ctx: RepoContext, id: string, event: ActionEvent): Promise<CorrectiveAction> {
  const a = await getManaged(ctx, id);
  let to;
  try {
    to = nextStatus(a.status, event);
  } catch (e) {
    if (e instanceof IllegalTransition) throw new ValidationError('status', 'corrective.errors.transition', e.message);
    throw new ValidationError('reason', 'corrective.errors.reason', e instanceof Error ? e.message : String(e));
  }
  const now = nowIso(ctx);
  const patch: Partial<CorrectiveAction> = { status: to };
  if (event.kind === 'request-verification') {
    patch.completedAt = now;
    patch.followUpsFrom = a.followUpsFrom ?? now;
  }
  if (event.kind === 'resume') patch.completedAt = null;
  if (event.kind === 'close') {
    const refusal = closeRefusal(a.verification, (await verificationOf(ctx, a)).verification, event.outcome, event.override);
    if (refusal) throw new ValidationError('override', 'corrective.errors.closeNeedsOverride', refusal);
    patch.outcome = event.outcome;
    patch.closedAt = now;
    patch.closeOverride = event.override?.trim() || null;
  }
  if (event.kind === 'cancel') patch.cancelReason = event.reason.trim();
  const text = event.kind === 'cancel' ? event.reason.trim() : event.kind === 'close' ? (patch.closeOverride ? `${event.outcome} (override: ${patch.closeOverride})` : event.outcome) : '';
  return change(ctx, a, patch, event.kind, { kind: 'status', text, from: a.status, to });
}

/** A new deadline needs a reason; each extension is counted and kept in the history. */
export async function extendDeadline(ctx: RepoContext, id: string, dueDate: string, reason: string): Promise<CorrectiveAction> {
  const a = await getManaged(ctx, id);
  if (isFinal(a.status)) throw new ValidationError('dueDate', 'corrective.errors.final', 'a closed or cancelled action keeps its deadline');
  if (!DAY.test(dueDate)) throw new ValidationError('dueDate', 'corrective.errors.dueDate', 'a deadline as YYYY-MM-DD');
  if (reason.trim().length < 3) throw new ValidationError('reason', 'corrective.errors.reason', 'say why the deadline moves');
  const dueAt = deadlineOf(dueDate, (await readSettings(ctx.db)).workingCalendar.zone);
  if (dueAt <= a.dueAt) throw new ValidationError('dueDate', 'corrective.errors.notLater', 'an extension moves the deadline later');
  return change(ctx, a, { dueAt, extensions: a.extensions + 1 }, 'extend', { kind: 'extended', text: reason.trim(), from: a.dueAt, to: dueAt });
}

/** A comment by anyone who may see the action (the staff member included). */
export async function commentAction(ctx: RepoContext, id: string, text: string): Promise<CorrectiveAction> {
  const a = await getAction(ctx, id);
  if (!text.trim()) throw new ValidationError('comment', 'corrective.errors.comment', 'write something');
  return change(ctx, a, {}, 'comment', { kind: 'comment', text: text.trim() });
}

/** The staff member acknowledges their action (once; the moment is kept). */
export async function acknowledgeAction(ctx: RepoContext, id: string): Promise<CorrectiveAction> {
  const a = await getAction(ctx, id);
  if (a.staffId !== requireActor(ctx).personId) throw new AccessDenied('only the staff member acknowledges their action');
  if (a.acknowledgedAt) return a;
  return change(ctx, a, { acknowledgedAt: nowIso(ctx) }, 'acknowledge', { kind: 'acknowledged', text: '' });
}

/**
 * Records follow-up items requested for an action (a history line naming where they came from, and the audit).
 * Runs inside the caller's transaction when it has one (a sample run's commit).
 */
export async function linkFollowUps(ctx: RepoContext, actionId: string, items: FollowUpItem[], source: string): Promise<CorrectiveAction> {
  const a = await ctx.db.correctiveActions.get(actionId);
  if (!a) throw new ValidationError('action', 'corrective.errors.notFound', 'that action does not exist');
  // The action's own team (no read of people: this may run inside a sample run's commit transaction).
  if (!mayManage(ctx, { teamId: a.teamId }, a.ownerId)) throw new AccessDenied(`follow-ups of action ${actionId}`);
  return change(ctx, a, { followUpItems: [...(a.followUpItems ?? []), ...items] }, 'request-follow-ups', { kind: 'follow-ups', text: source, to: String(items.length) });
}

export const FOLLOW_UP_DUE_DAYS = 5;
const RECENT_ITEMS = 300;

/**
 * The owner asks for follow-up evaluations directly: the staff member's most recent unscored tickets or calls (of
 * the kind the failed evaluation scored; those since verification was asked for first), not already in someone's queue, go to the chosen reviewer's
 * queue tagged as follow-ups of this action. Fewer are assigned when fewer exist; none is an error naming why.
 */
export async function requestFollowUps(ctx: RepoContext, actionId: string, req: { count: number; reviewerId: string | null }): Promise<{ assigned: number; requested: number }> {
  const a = await getManaged(ctx, actionId);
  if (a.status !== 'awaiting-verification' || a.verification.kind !== 'follow-ups')
    throw new ValidationError('status', 'corrective.errors.followUpsWhen', 'follow-ups are requested once the action waits for verification by follow-up evaluations');
  if (!Number.isInteger(req.count) || req.count < 1 || req.count > 20) throw new ValidationError('count', 'corrective.errors.followUpCount', 'between 1 and 20 follow-up evaluations');
  const reviewer = req.reviewerId ? await ctx.db.people.get(req.reviewerId) : undefined;
  if (!reviewer || !reviewer.active || reviewer.deletedAt || !mayScore(reviewer.role) || reviewer.id === a.staffId)
    throw new ValidationError('reviewerId', 'corrective.errors.reviewer', 'choose an active reviewer other than the staff member');
  const [tickets, calls] = await Promise.all([
    ctx.db.tickets.where('[agentId+openedAt]').between([a.staffId, ''], [a.staffId, '\uffff']).reverse().limit(RECENT_ITEMS).toArray(),
    ctx.db.recordings.where('[agentId+startedAt]').between([a.staffId, ''], [a.staffId, '\uffff']).reverse().limit(RECENT_ITEMS).toArray(),
  ]);
  const items = [
    ...tickets.filter((t) => !t.deletedAt).map((t) => ({ kind: 'ticket' as const, id: t.id, at: t.openedAt, teamId: t.teamId, minutes: TICKET_MINUTES })),
    ...calls.filter((c) => !c.deletedAt).map((c) => ({ kind: 'call' as const, id: c.id, at: c.startedAt, teamId: c.teamId, minutes: callMinutes(c.durationSec) })),
  ];
  const kind = (await followUpKinds(ctx, [a])).get(a.id);
  const ids = items.map((i) => i.id);
  const [scored, queued] = await Promise.all([
    ctx.db.evaluations.where('itemId').anyOf(ids).toArray(),
    ctx.db.assignments.where('itemId').anyOf(ids).toArray(),
  ]);
  const busy = new Set([
    ...scored.filter((e) => !e.deletedAt && !e.calibrationSessionId).map((e) => e.itemId),
    ...queued.filter((q) => !q.deletedAt && q.status !== 'replaced').map((q) => q.itemId),
    ...(a.followUpItems ?? []).map((f) => f.itemId),
  ]);
  const since = a.followUpsFrom ?? a.createdAt;
  // Work done after the action took effect first, then the most recent.
  const free = items.filter((i) => !busy.has(i.id) && (!kind || i.kind === kind)).sort((x, y) => Number(y.at >= since) - Number(x.at >= since) || y.at.localeCompare(x.at));
  if (!free.length) throw new ValidationError('count', 'corrective.errors.noItems', 'this staff member has no unscored tickets or calls left to follow up');
  const now = nowIso(ctx);
  const dueAt = new Date(ctx.clock() + FOLLOW_UP_DUE_DAYS * 86_400_000).toISOString();
  const assignments = free.slice(0, req.count).map((i) =>
    stampNew<Assignment>(ctx, {
      runId: `follow-up:${a.id}`,
      itemKind: i.kind,
      itemId: i.id,
      agentId: a.staffId,
      teamId: i.teamId,
      reviewerId: reviewer.id,
      status: 'open',
      dueAt,
      reason: { kind: 'follow-up', actionId: a.id },
      blind: false,
      minutes: i.minutes,
    }),
  );
  await ctx.db.transaction('rw', [ctx.db.assignments, ctx.db.correctiveActions, ctx.db.correctiveActionEvents, ctx.db.auditLog], async () => {
    await writeRecords(ctx, ctx.db.assignments, { create: assignments }, { batch: { action: 'bulk-create', entityId: a.id, after: { followUpOf: a.id, reviewerId: reviewer.id, count: assignments.length } } });
    await linkFollowUps(ctx, a.id, assignments.map((x) => ({ assignmentId: x.id, itemKind: x.itemKind, itemId: x.itemId, reviewerId: x.reviewerId, requestedAt: now, runId: null })), '');
  });
  return { assigned: assignments.length, requested: req.count };
}

/**
 * Edits an open action's fields (owner, title, plan, root causes, targets, priority, verification, attachments).
 * The history names the fields changed; a closed or cancelled action is not edited.
 */
export async function editAction(ctx: RepoContext, id: string, patch: Partial<EditableFields>): Promise<CorrectiveAction> {
  const a = await getManaged(ctx, id);
  if (isFinal(a.status)) throw new ValidationError('status', 'corrective.errors.finalEdit', 'a closed or cancelled action is not edited');
  checkFields(patch);
  const next: Partial<CorrectiveAction> = {};
  if (patch.ownerId !== undefined && patch.ownerId !== a.ownerId) next.ownerId = await resolveOwner(ctx, (await ctx.db.people.get(a.staffId))!, patch.ownerId);
  if (patch.title !== undefined) next.title = patch.title.trim();
  if (patch.plan !== undefined) next.plan = patch.plan.trim();
  if (patch.rootCauses !== undefined) next.rootCauses = patch.rootCauses;
  if (patch.criterionIds !== undefined) next.criterionIds = patch.criterionIds;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.verification !== undefined) next.verification = patch.verification;
  if (patch.attachments !== undefined) next.attachments = patch.attachments.map((p) => p.trim());
  const changed = (Object.keys(next) as (keyof CorrectiveAction)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(a[k]));
  if (!changed.length) return a;
  return change(ctx, a, Object.fromEntries(changed.map((k) => [k, next[k]])), 'edit', { kind: 'edited', text: changed.join(', ') });
}

/** Actions by id that the session may read (the digest links them). */
export async function actionsById(ctx: RepoContext, ids: string[]): Promise<CorrectiveAction[]> {
  // The observed read first (a live query watches what it reads before nested async work), then who may see each.
  const stored = (await ctx.db.correctiveActions.bulkGet(ids)).filter((a): a is CorrectiveAction => !!a && !a.deletedAt);
  const out: CorrectiveAction[] = [];
  for (const a of stored) if (await getOwned(ctx, 'correctiveActions', a.id).catch(() => undefined)) out.push(a);
  return out;
}
