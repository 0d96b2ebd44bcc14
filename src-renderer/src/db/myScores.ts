// What "My scores" reads: the signed-in person's submitted evaluations (through the role scope), and their team's
// weekly averages as aggregates only; a staff member never receives a teammate's evaluation.
import type { Dispute, Evaluation } from '@renderer/domain/model';
import { weekOf, weeklyMeans } from '@renderer/domain/evaluationStats';
import type { RubricDefinition } from '@renderer/domain/rubric';
import type { RepoContext } from './context';
import { AccessDenied } from './context';
import { listOwnedBy } from './scoped';
import { isPlanner, requireActor } from './access';
import { readSettings } from './settings';
import { leadsTeamOf, mayScore, overseesAll } from '@renderer/domain/roles';

export async function myEvaluations(ctx: RepoContext): Promise<Evaluation[]> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  const list = await listOwnedBy(ctx, 'evaluations', ctx.actor.personId, 1000);
  return list.filter((e) => e.status === 'submitted' && !e.calibrationSessionId);
}

export async function myDisputes(ctx: RepoContext): Promise<Dispute[]> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  return await listOwnedBy(ctx, 'disputes', ctx.actor.personId, 1000);
}

/** Below this many people in a week, a team's mean would let a member work out a teammate's scores: not shown. */
export const MIN_AGGREGATE_PEOPLE = 3;

/**
 * The team's mean score per week: numbers only, computed here so no evaluation leaves the repository, for the
 * session's own team (or one it may read whole), and only for weeks with at least MIN_AGGREGATE_PEOPLE people.
 */
export async function teamWeeklyMeans(ctx: RepoContext, teamId: string | null): Promise<Map<string, { mean: number; n: number }>> {
  const a = requireActor(ctx);
  if (!teamId) return new Map();
  const me = await ctx.db.people.get(a.personId);
  const own = me?.teamId === teamId;
  if (!own && !isPlanner(ctx) && !leadsTeamOf(a, teamId)) throw new AccessDenied(`weekly means of team ${teamId}`);
  const rows = (await ctx.db.evaluations.where('[teamId+occurredAt]').between([teamId, ''], [teamId, '\uffff']).toArray()).filter(
    (e) => e.status === 'submitted' && !e.deletedAt && !e.calibrationSessionId,
  );
  const means = weeklyMeans(rows);
  const byWeek = new Map<string, Set<string>>();
  for (const e of rows) {
    const week = weekOf(e.occurredAt);
    const set = byWeek.get(week) ?? new Set<string>();
    if (e.agentId) set.add(e.agentId);
    byWeek.set(week, set);
  }
  return new Map([...means].filter(([week]) => (byWeek.get(week)?.size ?? 0) >= MIN_AGGREGATE_PEOPLE));
}

export async function rubricDefinitions(ctx: RepoContext, versionIds: string[]): Promise<Map<string, RubricDefinition>> {
  const vs = await ctx.db.rubricVersions.bulkGet([...new Set(versionIds)]);
  return new Map(vs.filter((v): v is NonNullable<typeof v> => !!v).map((v) => [v.id, v.definition]));
}

/** Open disputes a reviewer may decide: those of the people the session can see. */
export async function openDisputes(ctx: RepoContext): Promise<Dispute[]> {
  const a = ctx.actor;
  if (!a || !mayScore(a.role)) throw new AccessDenied('disputes are decided by reviewers');
  const open = await ctx.db.disputes.where('status').equals('open').toArray();
  if (overseesAll(a.role)) return open;
  if (!(await readSettings(ctx.db)).leadsDecideDisputes) return [];
  const team = new Set(await ctx.db.people.where('teamId').anyOf([...a.ledTeamIds]).primaryKeys());
  return open.filter((d) => team.has(d.agentId));
}
