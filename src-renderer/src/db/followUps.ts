// The follow-up items corrective actions ask for: how many an action still needs, which actions wait for them (what a
// sample run adds), which kind of item each should be, and what one has been given.
import type { Assignment, CorrectiveAction } from '@renderer/domain/model';
import { mayReadPerson, PLANNER_ROLES, requireRoles } from './access';
import type { RepoContext } from './context';
import { getOwned } from './scoped';

/** How many follow-up items an action waiting for verification still needs requested (0 otherwise). */
export function followUpsOutstanding(a: Pick<CorrectiveAction, 'status' | 'verification' | 'followUpItems'>): number {
  if (a.status !== 'awaiting-verification' || a.verification.kind !== 'follow-ups') return 0;
  return Math.max(0, a.verification.count - (a.followUpItems?.length ?? 0));
}

/** The actions of these people that wait for follow-up items: what the next sample run adds for them. */
export async function pendingFollowUps(ctx: RepoContext, personIds: readonly string[]): Promise<CorrectiveAction[]> {
  requireRoles(ctx, PLANNER_ROLES, 'follow-ups for a sample run');
  const rows = await ctx.db.transaction('r', ctx.db.correctiveActions, () =>
    Promise.all(personIds.map((id) => ctx.db.correctiveActions.where('[staffId+status]').equals([id, 'awaiting-verification']).toArray())),
  );
  return rows.flat().filter((a) => !a.deletedAt && followUpsOutstanding(a) > 0);
}

/**
 * The kind of item each action's follow-ups should be: that of the evaluation it came from (its rubric holds the
 * target criteria; a call rubric's criteria never apply to a ticket). Standalone actions are not in the map (they accept either kind).
 */
export async function followUpKinds(ctx: RepoContext, actions: readonly CorrectiveAction[]): Promise<Map<string, 'ticket' | 'call'>> {
  // Only actions the session may see, re-read from the store (never what the caller hands in).
  const stored = (await ctx.db.correctiveActions.bulkGet(actions.map((a) => a.id))).filter((a): a is CorrectiveAction => !!a && !a.deletedAt);
  const readable = await Promise.all(stored.map((a) => mayReadPerson(ctx, a.staffId)));
  const from = stored.filter((a, i) => readable[i] && a.evaluationId);
  const evals = await ctx.db.evaluations.bulkGet(from.map((a) => a.evaluationId!));
  return new Map(from.flatMap((a, i) => (evals[i] ? [[a.id, evals[i].itemKind] as const] : [])));
}

/** The queue items a corrective action asked for (the drawer shows them with their reviewers). */
export async function requestedFollowUps(ctx: RepoContext, action: CorrectiveAction): Promise<Assignment[]> {
  // The observed read first, then the access check (see actionsById).
  const items = (await ctx.db.assignments.bulkGet((action.followUpItems ?? []).map((f) => f.assignmentId))).filter((x): x is Assignment => !!x);
  if (!(await getOwned(ctx, 'correctiveActions', action.id))) return [];
  return items;
}
