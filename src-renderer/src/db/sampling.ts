// Sample runs: a preview draws the sample for a period without writing anything (counts per person and stratum,
// shortfalls, margins of error); committing writes the run and one assignment per pick in one transaction, with the
// audit entries; due runs of recurring plans; a run's detail, its progress and its verification from the seed; why
// an item was sampled. Supervisors and admins plan.
import type { Assignment, Person, SamplePlan, SampleRun } from '@renderer/domain/model';
import { drawPeriod, periodAt, type PlanDefinition } from '@renderer/domain/samplePlan';
import { assignReviews, type Pick, type Shortfall } from '@renderer/domain/sampling';
import { marginOfError, scoreSpread } from '@renderer/domain/periodScore';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { mayReadPerson, requireActor } from './access';
import { stampNew, updateRecord, writeRecords } from './records';
import { readSettings } from './settings';
import { listPlans, requirePlanner } from './samplePlans';
import { itemLabels } from './reviewQueue';
import { coveredPeople, drawWithMeta, followUpPicks, labelsOf, planPopulation, populationDigest } from './samplePopulation';
import { linkFollowUps } from './correctiveActions';

export interface PersonPreview {
  personId: string;
  name: string;
  tickets: number;
  calls: number;
  /** Too few items in the period for the quota. */
  short: boolean;
  /** Items added beyond the quota as follow-ups of this person's corrective actions waiting for verification. */
  followUps: number;
  /**
   * 95 % margin of error (points) of this person's QA score from this period's random picks only (the formula
   * assumes a simple random sample; risk-weighted picks are chosen for being likely worse, so they are left out
   * of n), and where the spread came from.
   */
  margin: number;
  /** The picks the margin is computed on: those drawn at random. */
  randomPicks: number;
  spreadFromHistory: boolean;
}

export interface RunPreview {
  planId: string;
  planVersion: number;
  definition: PlanDefinition;
  period: { start: string; end: string; label: string };
  seed: number;
  population: number;
  excluded: number;
  /** Each pick's label (ticket number and subject, or the call's file name), for the list of what would be drawn. */
  labels: Map<string, string>;
  /** What a committed run keeps to be verified later (SampleRun.drawn). */
  drawn: NonNullable<SampleRun['drawn']>;
  /** Staff the plan covers who are on leave for at least half of the period: not sampled. */
  onLeave: { personId: string; name: string }[];
  picks: (Pick & { teamId: string | null; minutes: number })[];
  shortfalls: Shortfall[];
  people: PersonPreview[];
  /** Picks per channel, with the channel's population when the tickets were read whole (null when not). */
  strata: { stratum: string; picks: number; population: number | null }[];
}

/**
 * Draws the sample without writing anything: of the period containing `atMs` when given, else of the period the
 * plan draws from now (the last complete week or month, or the custom range).
 */
export async function previewRun(ctx: RepoContext, planId: string, opts: { atMs?: number; seed?: number } = {}): Promise<RunPreview> {
  requirePlanner(ctx);
  const began = performance.now();
  const plan = await ctx.db.samplePlans.get(planId);
  if (!plan) throw new ValidationError('plan', 'sampling.errors.notFound', 'plan not found');
  const def = plan.definition;
  const settings = await readSettings(ctx.db);
  const zone = settings.workingCalendar.zone;
  const period = opts.atMs === undefined ? drawPeriod(def.period, ctx.clock(), zone) : periodAt(def.period, opts.atMs, zone);
  const { people, onLeave } = await coveredPeople(ctx, def, period, zone);
  const timings: Record<string, number> = {};
  const pop = await planPopulation(ctx, def, period, people, timings);
  let t0 = performance.now();
  const seed = opts.seed ?? (Math.floor(Math.random() * 2 ** 31) >>> 0);
  const { picks, shortfalls, exclude } = await drawWithMeta(pop, people.map((p) => p.id), def.rules, seed);
  const followUps = await followUpPicks(ctx, pop, people, seed, new Set([...exclude, ...picks.map((p) => p.itemId)]));
  timings.draw = Math.round(performance.now() - t0);
  t0 = performance.now();

  // Margins of error: each person's past score spread (or the default) at this period's sample size.
  const history = await ctx.db.transaction('r', ctx.db.evaluations, () =>
    Promise.all(
      people.map(async (p) =>
        (await ctx.db.evaluations.where('[agentId+occurredAt]').between([p.id, ''], [p.id, '\uffff']).toArray()).filter((e) => e.status === 'submitted' && !e.calibrationSessionId && e.score !== null),
      ),
    ),
  );
  const peoplePreview = people
    .map((p, i) => {
      const mine = picks.filter((x) => x.agentId === p.id);
      const spread = scoreSpread(history[i]!.map((e) => e.score!));
      return {
        personId: p.id,
        name: p.name,
        tickets: mine.filter((x) => x.kind === 'ticket').length,
        calls: mine.filter((x) => x.kind === 'call').length,
        short: shortfalls.some((s) => s.key === p.id),
        followUps: followUps.filter((x) => x.agentId === p.id).length,
        margin: marginOfError(spread.sd, mine.filter((x) => x.reason.kind === 'random').length),
        randomPicks: mine.filter((x) => x.reason.kind === 'random').length,
        spreadFromHistory: spread.fromHistory,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  // Per channel: the picks, and the population where the records were read (tickets drawn from keys alone: unknown).
  const strata = new Map<string, { picks: number; population: number | null }>();
  const unread = pop.candidates.some((c) => c.stratum === '');
  for (const c of pop.candidates) if (c.stratum && !exclude.has(c.id)) strata.set(c.stratum, { picks: 0, population: (strata.get(c.stratum)?.population ?? 0) + 1 });
  for (const p of picks) {
    const s = strata.get(p.stratum) ?? { picks: 0, population: null };
    s.picks++;
    strata.set(p.stratum, s);
  }
  if (unread) for (const [k, v] of strata) strata.set(k, { ...v, population: null });
  timings.margins = Math.round(performance.now() - t0);
  const all = [...picks, ...followUps];
  const labels = await labelsOf(ctx, all.map((p) => p.itemId), new Map(all.map((p) => [p.itemId, p.kind])));
  timings.total = Math.round(performance.now() - began);
  console.info('[sampling] preview phases (ms)', JSON.stringify(timings));
  return {
    planId,
    planVersion: plan.version,
    definition: def,
    period: { start: new Date(period.start).toISOString(), end: new Date(period.end).toISOString(), label: period.label },
    seed,
    population: pop.candidates.length - exclude.size,
    excluded: exclude.size,
    drawn: { peopleIds: people.map((p) => p.id), excludedIds: [...pop.exclude].sort(), populationDigest: populationDigest(pop.candidates), pickIds: picks.map((p) => p.itemId) },
    onLeave: onLeave.map((p) => ({ personId: p.id, name: p.name })),
    picks: all,
    labels,
    shortfalls,
    people: peoplePreview,
    strata: [...strata].map(([stratum, v]) => ({ stratum, ...v })).sort((a, b) => a.stratum.localeCompare(b.stratum)),
  };
}

/** Writes the run and its assignments (balanced over the plan's reviewers) in one transaction. */
export async function commitRun(ctx: RepoContext, preview: RunPreview): Promise<{ run: SampleRun; assignments: Assignment[]; unassignable: string[] }> {
  requirePlanner(ctx);
  const plan = await ctx.db.samplePlans.get(preview.planId);
  if (!plan || plan.version !== preview.planVersion) throw new ValidationError('plan', 'sampling.errors.planChanged', 'the plan changed since this preview; preview it again');
  if (await ctx.db.sampleRuns.where('[planId+periodStart]').equals([plan.id, preview.period.start]).count())
    throw new ValidationError('period', 'sampling.errors.alreadyDrawn', `this plan already has a run for ${preview.period.label}`);
  const def = preview.definition;
  const reviewerIds = def.assignment.reviewerIds;
  if (!reviewerIds.length) throw new ValidationError('assignment.reviewerIds', 'sampling.errors.noReviewers', 'choose at least one reviewer');
  const reviewers = await ctx.db.people.bulkGet(reviewerIds);
  const teams = await ctx.db.teams.toArray();
  const pool = reviewers
    .filter((r): r is Person => !!r && r.active && !r.deletedAt)
    .map((r) => ({ id: r.id, ledTeamIds: teams.filter((t) => t.leadId === r.id).map((t) => t.id) }));
  const { assignments: byItem, unassignable } = assignReviews(
    preview.picks.map((p) => ({ itemId: p.itemId, agentId: p.agentId, teamId: p.teamId, minutes: p.minutes })),
    pool,
    { balanceBy: def.assignment.balanceBy, avoidOwnLead: def.assignment.avoidOwnLead },
  );
  const run = stampNew<SampleRun>(ctx, {
    planId: plan.id,
    planVersion: plan.version,
    definition: def,
    periodStart: preview.period.start,
    periodEnd: preview.period.end,
    periodLabel: preview.period.label,
    seed: preview.seed,
    status: 'committed',
    shortfalls: preview.shortfalls,
    excluded: preview.excluded,
    population: preview.population,
    drawn: preview.drawn,
  });
  const dueAt = new Date(ctx.clock() + def.assignment.dueDays * 86_400_000).toISOString();
  const assignments = preview.picks
    .filter((p) => byItem.has(p.itemId))
    .map((p) =>
      stampNew<Assignment>(ctx, {
        runId: run.id,
        itemKind: p.kind,
        itemId: p.itemId,
        agentId: p.agentId,
        teamId: p.teamId,
        reviewerId: byItem.get(p.itemId)!,
        status: 'open',
        dueAt,
        reason: p.reason,
        blind: def.assignment.blind,
        minutes: p.minutes,
      }),
    );
  await ctx.db.transaction('rw', [ctx.db.sampleRuns, ctx.db.assignments, ctx.db.auditLog, ctx.db.correctiveActions, ctx.db.correctiveActionEvents], async () => {
    await writeRecords(ctx, ctx.db.sampleRuns, { create: [run] }, { batch: { action: 'create', entityId: run.id, after: { planId: plan.id, planVersion: plan.version, seed: run.seed, period: run.periodLabel, picks: assignments.length, unassignable } } });
    const byReviewer = Object.fromEntries(pool.map((r) => [r.id, assignments.filter((a) => a.reviewerId === r.id).length]));
    await writeRecords(ctx, ctx.db.assignments, { create: assignments }, { batch: { action: 'bulk-create', entityId: run.id, after: { count: assignments.length, byReviewer } } });
    // Follow-ups drawn for corrective actions: each action lists its items and says which run they came from.
    const byAction = new Map<string, Assignment[]>();
    for (const x of assignments) if (x.reason.kind === 'follow-up') byAction.set(x.reason.actionId, [...(byAction.get(x.reason.actionId) ?? []), x]);
    for (const [actionId, xs] of byAction)
      await linkFollowUps(ctx, actionId, xs.map((x) => ({ assignmentId: x.id, itemKind: x.itemKind, itemId: x.itemId, reviewerId: x.reviewerId, requestedAt: run.createdAt, runId: run.id })), `${def.name} · ${run.periodLabel}`);
  });
  return { run, assignments, unassignable };
}

/** Recurring plans whose period to draw now has no run yet: what the Sampling page shows as due. */
export async function duePlans(ctx: RepoContext): Promise<{ plan: SamplePlan; period: { start: string; label: string } }[]> {
  const plans = (await listPlans(ctx)).filter((p) => p.active && p.definition.period.kind !== 'custom');
  const zone = (await readSettings(ctx.db)).workingCalendar.zone;
  const due = [];
  for (const plan of plans) {
    const p = drawPeriod(plan.definition.period, ctx.clock(), zone);
    const start = new Date(p.start).toISOString();
    if (!(await ctx.db.sampleRuns.where('[planId+periodStart]').equals([plan.id, start]).count())) due.push({ plan, period: { start, label: p.label } });
  }
  return due;
}

/**
 * Draws and assigns every due period of the recurring plans that ask for it, as the signed-in planner (the run and
 * its audit entries name them). One plan failing (e.g. no reviewer left) does not stop the others.
 */
export async function commitDueRuns(ctx: RepoContext): Promise<{ plan: string; period: string; assigned?: number; error?: unknown }[]> {
  const out = [];
  for (const { plan, period } of await duePlans(ctx)) {
    if (!plan.definition.assignment.autoCommit) continue;
    try {
      const { assignments } = await commitRun(ctx, await previewRun(ctx, plan.id));
      out.push({ plan: plan.definition.name, period: period.label, assigned: assignments.length });
    } catch (error) {
      out.push({ plan: plan.definition.name, period: period.label, error });
    }
  }
  return out;
}

export interface RunDetail {
  run: SampleRun;
  /** Every assignment of the run, replaced ones included (they are its history). */
  assignments: Assignment[];
  labels: Map<string, string>;
  names: Map<string, string>;
}

/** A committed run as its planner follows it: every item, who reviews it, its state. */
export async function runDetail(ctx: RepoContext, runId: string): Promise<RunDetail> {
  requirePlanner(ctx);
  const run = await ctx.db.sampleRuns.get(runId);
  if (!run) throw new ValidationError('run', 'sampling.errors.notFound', 'run not found');
  const assignments = (await ctx.db.assignments.where('runId').equals(runId).toArray()).filter((a) => !a.deletedAt);
  const people = await ctx.db.people.bulkGet([...new Set([...assignments.flatMap((a) => [a.agentId, a.reviewerId]), ...run.shortfalls.map((s) => s.key)])]);
  const names = new Map(people.filter((p): p is Person => !!p).map((p) => [p.id, p.name]));
  return { run, assignments, labels: await itemLabels(ctx, assignments), names };
}

export interface RunVerification {
  /** 'unavailable': the run was committed before runs kept what they drew from. */
  status: 'identical' | 'different' | 'unavailable';
  /** Quota picks of the run the redraw did not make, and picks of the redraw the run does not have. */
  onlyInRun: string[];
  onlyInRedraw: string[];
  labels: Map<string, string>;
  /** Why they may differ: items of the period imported, changed or deleted since the commit. */
  addedSince: number;
  changedSince: number;
  deletedSince: number;
  /** The population as reconstructed (the period's items that existed at commit) has the stored digest. */
  populationMatches: boolean;
}

/**
 * Draws a committed run again: the stored seed, the plan as drawn, the people it covered, the items it left out,
 * over the period's items as they were at commit (those imported since left out; risk signals judged at the commit
 * instant), and compares the quota picks (follow-ups depend on the actions open then, and are not compared). Says
 * "identical", or exactly which picks differ and what changed since that may explain it. Records the verdict on
 * the run (and in the audit log) for the people who ask why an item was chosen.
 */
export async function verifyRun(ctx: RepoContext, runId: string): Promise<RunVerification> {
  requirePlanner(ctx);
  const run = await ctx.db.sampleRuns.get(runId);
  if (!run) throw new ValidationError('run', 'sampling.errors.notFound', 'run not found');
  const none = { onlyInRun: [], onlyInRedraw: [], labels: new Map<string, string>(), addedSince: 0, changedSince: 0, deletedSince: 0, populationMatches: false };
  if (!run.drawn) return { status: 'unavailable', ...none };
  const drawn = run.drawn;
  const committedAt = run.createdAt;
  const people = (await ctx.db.people.bulkGet(drawn.peopleIds)).filter((p): p is Person => !!p);
  const period = { start: Date.parse(run.periodStart), end: Date.parse(run.periodEnd) };
  const pop = await planPopulation(ctx, run.definition, period, people, {}, Date.parse(committedAt));
  // The period's items as they were at commit: what was imported since is left out and counted; edits since are counted.
  const ids = pop.candidates.map((c) => c.id);
  const [tickets, calls] = await Promise.all([ctx.db.tickets.bulkGet(ids), ctx.db.recordings.bulkGet(ids)]);
  const stamps = new Map<string, { createdAt: string; updatedAt: string }>();
  for (const r of [...tickets, ...calls]) if (r) stamps.set(r.id, r);
  const addedSince = new Set(ids.filter((id) => (stamps.get(id)?.createdAt ?? '') > committedAt));
  const changedSince = ids.filter((id) => !addedSince.has(id) && (stamps.get(id)?.updatedAt ?? '') > committedAt).length;
  const then = pop.candidates.filter((c) => !addedSince.has(c.id));
  const deletedRecords = await Promise.all([ctx.db.tickets.bulkGet(drawn.pickIds), ctx.db.recordings.bulkGet(drawn.pickIds)]);
  const deletedSince = drawn.pickIds.filter((id, i) => (deletedRecords[0][i] ?? deletedRecords[1][i])?.deletedAt).length;
  const redraw = await drawWithMeta({ ...pop, candidates: then, exclude: new Set(drawn.excludedIds) }, drawn.peopleIds, run.definition.rules, run.seed);
  const mine = new Set(drawn.pickIds);
  const again = new Set(redraw.picks.map((p) => p.itemId));
  const onlyInRun = drawn.pickIds.filter((id) => !again.has(id));
  const onlyInRedraw = [...again].filter((id) => !mine.has(id));
  const identical = onlyInRun.length === 0 && onlyInRedraw.length === 0;
  const labels = await labelsOf(ctx, [...onlyInRun, ...onlyInRedraw]);
  const verdict = { at: nowIso(ctx), byId: requireActor(ctx).personId, identical };
  await updateRecord<SampleRun>(ctx, ctx.db.sampleRuns, run.id, { verified: verdict }, 'verify');
  return { status: identical ? 'identical' : 'different', onlyInRun, onlyInRedraw, labels, addedSince: addedSince.size, changedSince, deletedSince, populationMatches: populationDigest(then) === drawn.populationDigest };
}

/** Done and total per run, replaced items left out: the progress bars of the runs table. */
export async function runProgress(ctx: RepoContext, runIds: string[]): Promise<Map<string, { done: number; total: number }>> {
  requirePlanner(ctx);
  const out = new Map<string, { done: number; total: number }>();
  for (const a of await ctx.db.assignments.where('runId').anyOf(runIds).toArray()) {
    if (a.deletedAt || a.status === 'replaced') continue;
    const p = out.get(a.runId) ?? { done: 0, total: 0 };
    p.total++;
    if (a.status === 'done') p.done++;
    out.set(a.runId, p);
  }
  return out;
}

export interface SamplingReason {
  reason: Assignment['reason'];
  /** The run's seed and its last verification (null for follow-ups requested directly, outside a run). */
  seed: number | null;
  periodLabel: string | null;
  verified: SampleRun['verified'] | null;
}

/**
 * Why an item was sampled, for the people it concerns (the evaluated person sees it on their evaluation): the
 * reason, and the run's seed and verification, so anyone can check the draw was what the plan says.
 */
export async function samplingReason(ctx: RepoContext, itemId: string): Promise<SamplingReason | null> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  const found = await ctx.db.assignments.where('itemId').equals(itemId).toArray();
  const readable = await Promise.all(found.map((a) => (a.reviewerId === ctx.actor!.personId ? true : mayReadPerson(ctx, a.agentId))));
  const latest = found.filter((_, i) => readable[i]).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!latest) return null;
  const run = await ctx.db.sampleRuns.get(latest.runId);
  return { reason: latest.reason, seed: run?.seed ?? null, periodLabel: run?.periodLabel ?? null, verified: run?.verified ?? null };
}

/** What the queue says of each run its items came from: the plan's name and the period (nothing of the draw). */
export async function runSummaries(ctx: RepoContext, ids: string[]): Promise<Map<string, { name: string; periodLabel: string }>> {
  requireActor(ctx);
  const runs = await ctx.db.sampleRuns.bulkGet(ids);
  return new Map(runs.filter((r): r is SampleRun => !!r).map((r) => [r.id, { name: r.definition.name, periodLabel: r.periodLabel }]));
}

/** The newest runs, for the sampling page (planners). */
export async function recentRuns(ctx: RepoContext, limit = 100): Promise<SampleRun[]> {
  requirePlanner(ctx);
  return (await ctx.db.sampleRuns.toArray()).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}
