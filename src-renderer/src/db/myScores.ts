// What "My scores" reads: the signed-in person's submitted evaluations (through the role scope), and their team's
// weekly averages as aggregates only; a staff member never receives a teammate's evaluation.
import type { Dispute, Evaluation } from '@renderer/domain/model';
import { weeklyMeans } from '@renderer/domain/evaluationStats';
import type { RubricDefinition } from '@renderer/domain/rubric';
import type { RepoContext } from './context';
import { AccessDenied } from './context';
import { listOwnedBy } from './scoped';
import { readSettings } from './settings';

export async function myEvaluations(ctx: RepoContext): Promise<Evaluation[]> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  const list = (await listOwnedBy(ctx, 'evaluations', ctx.actor.personId, 1000)) as unknown as Evaluation[];
  return list.filter((e) => e.status === 'submitted' && !e.calibrationSessionId);
}

export async function myDisputes(ctx: RepoContext): Promise<Dispute[]> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  return (await listOwnedBy(ctx, 'disputes', ctx.actor.personId, 1000)) as unknown as Dispute[];
}

/** The team's mean score per week: numbers only, computed here so no evaluation leaves the repository. */
export async function teamWeeklyMeans(ctx: RepoContext, teamId: string | null): Promise<Map<string, { mean: number; n: number }>> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  if (!teamId) return new Map();
  const rows = await ctx.db.evaluations.where('[teamId+occurredAt]').between([teamId, ''], [teamId, '\uffff']).toArray();
  return weeklyMeans(rows.filter((e) => e.status === 'submitted' && !e.deletedAt && !e.calibrationSessionId));
}

export async function rubricDefinitions(ctx: RepoContext, versionIds: string[]): Promise<Map<string, RubricDefinition>> {
  const vs = await ctx.db.rubricVersions.bulkGet([...new Set(versionIds)]);
  return new Map(vs.filter((v): v is NonNullable<typeof v> => !!v).map((v) => [v.id, v.definition]));
}

/** Open disputes a reviewer may decide: those of the people the session can see. */
export async function openDisputes(ctx: RepoContext): Promise<Dispute[]> {
  const a = ctx.actor;
  if (!a || a.role === 'staff') throw new AccessDenied('disputes are decided by reviewers');
  const open = await ctx.db.disputes.where('status').equals('open').toArray();
  if (a.role === 'admin' || a.role === 'supervisor') return open;
  if (!(await readSettings(ctx.db)).leadsDecideDisputes) return [];
  const team = new Set(await ctx.db.people.where('teamId').anyOf([...a.ledTeamIds]).primaryKeys());
  return open.filter((d) => team.has(d.agentId));
}
