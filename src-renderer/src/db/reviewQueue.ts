// The review queues sampling fills: each reviewer reads their own (with the items' labels and the corrective
// actions they follow up); planners give an item to another reviewer or replace it with another draw, with a reason.
import type { Assignment } from '@renderer/domain/model';
import { AccessDenied, ValidationError, type RepoContext } from './context';
import { mayReadItem, mayReadPerson, requireActor } from './access';
import { stampNew, updateRecord, writeRecords } from './records';
import { requirePlanner } from './samplePlans';
import { drawWithMeta, planPopulation } from './samplePopulation';
import { mayScore } from '@renderer/domain/roles';

/** The signed-in reviewer's queue. */
export async function myQueue(ctx: RepoContext): Promise<Assignment[]> {
  const a = ctx.actor;
  if (!a || !mayScore(a.role)) throw new AccessDenied('review queues are for reviewers');
  const mine = await ctx.db.assignments.where('[reviewerId+dueAt]').between([a.personId, ''], [a.personId, '\uffff']).toArray();
  return mine.filter((x) => !x.deletedAt && x.status !== 'replaced');
}

/**
 * The corrective actions that asked for follow-ups in the session's own queue: title, staff member and how many
 * follow-ups verification needs, for the queue's follow-up section. Only actions whose staff member the session
 * may read are named (a reviewer from elsewhere sees the items, not the action).
 */
export async function queueActions(ctx: RepoContext, assignments: Assignment[]): Promise<Map<string, { title: string; staffName: string; needed: number | null }>> {
  const actor = requireActor(ctx);
  const stored = (await ctx.db.assignments.bulkGet(assignments.map((a) => a.id))).filter((a): a is Assignment => !!a && !a.deletedAt && a.reviewerId === actor.personId);
  const ids = [...new Set(stored.flatMap((a) => (a.reason.kind === 'follow-up' ? [a.reason.actionId] : [])))];
  const actions = (await ctx.db.correctiveActions.bulkGet(ids)).filter((a): a is NonNullable<typeof a> => !!a && !a.deletedAt);
  const staff = await ctx.db.people.bulkGet(actions.map((a) => a.staffId));
  const out = new Map<string, { title: string; staffName: string; needed: number | null }>();
  for (const [i, a] of actions.entries())
    if (await mayReadPerson(ctx, a.staffId))
      out.set(a.id, { title: a.title, staffName: staff[i]?.name ?? '', needed: a.verification.kind === 'follow-ups' ? a.verification.count : null });
  return out;
}

/** What a queue shows for each assignment: the item's label (ticket number and subject, or file name). */
export async function itemLabels(ctx: RepoContext, assignments: Assignment[]): Promise<Map<string, string>> {
  const actor = requireActor(ctx);
  // The assignments as stored (never as handed in): labels for the session's own queue, or items it may read.
  const stored = (await ctx.db.assignments.bulkGet(assignments.map((a) => a.id))).filter((a): a is Assignment => !!a && !a.deletedAt);
  const [tickets, calls] = await Promise.all([
    ctx.db.tickets.bulkGet(stored.filter((a) => a.itemKind === 'ticket').map((a) => a.itemId)),
    ctx.db.recordings.bulkGet(stored.filter((a) => a.itemKind === 'call').map((a) => a.itemId)),
  ]);
  const mine = new Set(stored.filter((a) => a.reviewerId === actor.personId).map((a) => a.itemId));
  const labels = new Map<string, string>();
  const may = async (x: { id: string; agentId: string | null }) => mine.has(x.id) || (await mayReadItem(ctx, x));
  for (const x of tickets) if (x && (await may(x))) labels.set(x.id, `${x.externalId} · ${x.subject}`);
  for (const x of calls) if (x && (await may(x))) labels.set(x.id, x.fileName);
  return labels;
}

function requireReason(reason: string) {
  if (reason.trim().length < 3) throw new ValidationError('reason', 'sampling.errors.reasonRequired', 'say why');
}

/** Gives a queued item to another reviewer (never the person evaluated), with the reason in the record and the log. */
export async function reassignItem(ctx: RepoContext, assignmentId: string, reviewerId: string, reason: string): Promise<Assignment> {
  requirePlanner(ctx);
  requireReason(reason);
  const a = await ctx.db.assignments.get(assignmentId);
  if (!a || (a.status !== 'open' && a.status !== 'in-progress')) throw new ValidationError('assignment', 'sampling.errors.notOpen', 'only a queued item can be reassigned');
  if (reviewerId === a.agentId) throw new ValidationError('reviewerId', 'sampling.errors.selfReview', 'nobody reviews their own work');
  const reviewer = await ctx.db.people.get(reviewerId);
  if (!reviewer || !reviewer.active || !mayScore(reviewer.role)) throw new ValidationError('reviewerId', 'sampling.errors.notReviewer', 'choose an active reviewer');
  return updateRecord<Assignment>(ctx, ctx.db.assignments, assignmentId, { reviewerId, status: 'open', note: reason.trim() }, 'reassign');
}

/**
 * Replaces a queued item (e.g. the recording is unusable) with another of the same person, kind and period, drawn
 * reproducibly from the run's seed; the old one stays as "replaced" with the reason.
 */
export async function replaceItem(ctx: RepoContext, assignmentId: string, reason: string): Promise<Assignment | null> {
  requirePlanner(ctx);
  requireReason(reason);
  const a = await ctx.db.assignments.get(assignmentId);
  if (!a || (a.status !== 'open' && a.status !== 'in-progress')) throw new ValidationError('assignment', 'sampling.errors.notOpen', 'only a queued item can be replaced');
  const run = await ctx.db.sampleRuns.get(a.runId);
  const person = await ctx.db.people.get(a.agentId);
  if (!run || !person) throw new ValidationError('assignment', 'sampling.errors.notFound', 'the run or the person is gone');
  const def = run.definition;
  const pop = await planPopulation(ctx, def, { start: Date.parse(run.periodStart), end: Date.parse(run.periodEnd) }, [person]);
  const pool = { ...pop, candidates: pop.candidates.filter((c) => c.kind === a.itemKind && c.id !== a.itemId) };
  const replaced = (await ctx.db.assignments.where('runId').equals(run.id).toArray()).filter((x) => x.status === 'replaced').length;
  const one = { ...def.rules, quota: { mode: 'per-person' as const, ticket: a.itemKind === 'ticket' ? 1 : 0, call: a.itemKind === 'call' ? 1 : 0 } };
  const pick = (await drawWithMeta(pool, [person.id], one, (run.seed + 7919 * (replaced + 1)) >>> 0)).picks[0];
  const next = pick
    ? stampNew<Assignment>(ctx, {
        runId: run.id,
        itemKind: pick.kind,
        itemId: pick.itemId,
        agentId: pick.agentId,
        teamId: pick.teamId,
        reviewerId: a.reviewerId,
        status: 'open',
        dueAt: a.dueAt,
        reason: pick.reason,
        blind: a.blind,
        minutes: pick.minutes,
        note: `replaces ${a.itemId}`,
      })
    : null;
  await ctx.db.transaction('rw', ctx.db.assignments, ctx.db.auditLog, async () => {
    await updateRecord<Assignment>(ctx, ctx.db.assignments, a.id, { status: 'replaced', note: reason.trim() }, 'replace');
    if (next) {
      await writeRecords(ctx, ctx.db.assignments, { create: [next] }, { each: 'create' });
    }
  });
  return next;
}

/** Is the session reviewing this item blind (who did the work hidden until the evaluation is submitted)? */
export async function reviewingBlind(ctx: RepoContext, itemId: string): Promise<boolean> {
  const me = requireActor(ctx).personId;
  return (await ctx.db.assignments.where('itemId').equals(itemId).toArray()).some((a) => a.blind && a.reviewerId === me && a.status !== 'done');
}
