// Sample plans: made and changed (each change a new version) by quality supervisors and admins, checked against
// the plan rules with every problem named.
import type { SamplePlan } from '@renderer/domain/model';
import { checkPlan, type PlanDefinition, type PlanProblem } from '@renderer/domain/samplePlan';
import { AccessDenied, ValidationError, type RepoContext } from './context';
import { createRecord, updateRecord } from './records';
import { mayPlanSamples } from '@renderer/domain/roles';

export class PlanInvalid extends Error {
  constructor(readonly problems: PlanProblem[]) {
    super(`The plan has ${problems.length} problem(s): ${problems.map((p) => `${p.path || '(plan)'}: ${p.message}`).join('; ')}`);
    this.name = 'PlanInvalid';
  }
}

export function requirePlanner(ctx: RepoContext) {
  const a = ctx.actor;
  if (!a || !mayPlanSamples(a.role)) throw new AccessDenied('sample plans are made by quality supervisors');
  return a;
}

function validated(input: unknown): PlanDefinition {
  const r = checkPlan(input);
  if (!r.ok) throw new PlanInvalid(r.problems);
  return r.plan;
}

export async function createPlan(ctx: RepoContext, definition: unknown): Promise<SamplePlan> {
  requirePlanner(ctx);
  return createRecord<SamplePlan>(ctx, ctx.db.samplePlans, { definition: validated(definition), version: 1, active: true });
}

/** A changed plan is a new version; runs keep the version (and the definition) they drew with. */
export async function updatePlan(ctx: RepoContext, id: string, definition: unknown): Promise<SamplePlan> {
  requirePlanner(ctx);
  const plan = await ctx.db.samplePlans.get(id);
  if (!plan) throw new ValidationError('plan', 'sampling.errors.notFound', 'plan not found');
  return updateRecord<SamplePlan>(ctx, ctx.db.samplePlans, id, { definition: validated(definition), version: plan.version + 1 });
}

export async function listPlans(ctx: RepoContext): Promise<SamplePlan[]> {
  requirePlanner(ctx);
  return (await ctx.db.samplePlans.toArray()).filter((p) => !p.deletedAt).sort((a, b) => a.definition.name.localeCompare(b.definition.name));
}
