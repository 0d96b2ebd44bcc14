// Sample plans, their runs and the review queues they fill. A preview draws the sample for a period without
// writing anything (counts per person and stratum, shortfalls, margins of error); committing writes the run and
// one assignment per pick in one transaction, with the audit entries. Supervisors and admins plan; every
// reviewer reads their own queue.
import type { Assignment, Person, Recording, SamplePlan, SampleRun, Ticket } from '@renderer/domain/model';
import { checkPlan, callSignals, drawPeriod, leaveShare, LEAVE_SHARE_EXCLUDES, periodAt, ticketSignals, type PlanDefinition, type PlanProblem } from '@renderer/domain/samplePlan';
import { assignReviews, drawSample, type Pick, type SampleCandidate, type Shortfall } from '@renderer/domain/sampling';
import { marginOfError, scoreSpread } from '@renderer/domain/periodScore';
import { computeTicketMetrics } from '@renderer/domain/serviceStandards';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { AccessDenied, ValidationError, type RepoContext } from './context';
import { createRecord, stampNew, updateRecord } from './records';
import { appendAudit } from './audit';
import { readSettings } from './settings';

export class PlanInvalid extends Error {
  constructor(readonly problems: PlanProblem[]) {
    super(`The plan has ${problems.length} problem(s): ${problems.map((p) => `${p.path || '(plan)'}: ${p.message}`).join('; ')}`);
    this.name = 'PlanInvalid';
  }
}

function requirePlanner(ctx: RepoContext) {
  const a = ctx.actor;
  if (!a || (a.role !== 'admin' && a.role !== 'supervisor')) throw new AccessDenied('sample plans are made by quality supervisors');
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

export interface PersonPreview {
  personId: string;
  name: string;
  tickets: number;
  calls: number;
  /** Too few items in the period for the quota. */
  short: boolean;
  /** 95 % margin of error (points) of this person's QA score from this period's sample, and where the spread came from. */
  margin: number;
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
  /** Staff the plan covers who are on leave for at least half of the period: not sampled. */
  onLeave: { personId: string; name: string }[];
  picks: (Pick & { teamId: string | null; minutes: number })[];
  shortfalls: Shortfall[];
  people: PersonPreview[];
  strata: { stratum: string; picks: number; population: number }[];
}

/**
 * The people a plan covers in a period: active staff in its teams or named people (all staff when neither is
 * set), minus those on leave for at least half of the period (returned apart, so the preview can name them).
 */
async function coveredPeople(ctx: RepoContext, def: PlanDefinition, period: { start: number; end: number }, zone: string): Promise<{ people: Person[]; onLeave: Person[] }> {
  const staff = await ctx.db.people.where('role').equals('staff').toArray();
  const inPlan = staff.filter(
    (p) =>
      p.active &&
      !p.deletedAt &&
      (!def.filter.teamIds.length || (p.teamId !== null && def.filter.teamIds.includes(p.teamId))) &&
      (!def.filter.personIds.length || def.filter.personIds.includes(p.id)),
  );
  const away = (p: Person) => leaveShare(p.leave, period, zone) >= LEAVE_SHARE_EXCLUDES;
  return { people: inPlan.filter((p) => !away(p)), onLeave: inPlan.filter(away) };
}

/** Minutes a reviewer is expected to need: the call's length plus scoring, or a flat figure for a ticket. */
const TICKET_MINUTES = 6;
const callMinutes = (sec: number) => Math.ceil(sec / 60) + 3;

/**
 * The population of a period through the per-person indexes ([agentId+openedAt], [agentId+startedAt]), its risk
 * signals, and what must be left out (already evaluated, or in another open run).
 */
export async function planPopulation(ctx: RepoContext, def: PlanDefinition, period: { start: number; end: number }, people: Person[]) {
  const settings = await readSettings(ctx.db);
  const cal = compileCalendar(settings.workingCalendar);
  const from = new Date(period.start).toISOString();
  const to = new Date(period.end).toISOString();
  const f = def.filter;
  const tickets: Ticket[] = [];
  const calls: Recording[] = [];
  for (const p of people) {
    if (def.rules.quota.ticket > 0)
      tickets.push(
        ...(await ctx.db.tickets
          .where('[agentId+openedAt]')
          .between([p.id, from], [p.id, to], true, false)
          .filter(
            (t) =>
              !t.deletedAt &&
              (!f.channels.length || f.channels.includes(t.channel)) &&
              (!f.categories.length || f.categories.includes(t.category)) &&
              (!f.priorities.length || f.priorities.includes(t.priority)),
          )
          .toArray()),
      );
    if (def.rules.quota.call > 0)
      calls.push(...(await ctx.db.recordings.where('[agentId+startedAt]').between([p.id, from], [p.id, to], true, false).filter((r) => !r.deletedAt && r.durationSec >= f.minCallSec).toArray()));
  }
  const withCall = f.hasRecording ? new Set(calls.map((c) => c.ticketId).filter(Boolean)) : null;
  const keptTickets = withCall ? tickets.filter((t) => withCall.has(t.id)) : tickets;

  // Keywords in threads and transcripts (read only when the plan has keywords).
  const threadText = new Map<string, string>();
  const transcriptText = new Map<string, string>();
  if (def.risk.keywords.length) {
    for (let i = 0; i < keptTickets.length; i += 500) {
      const ids = keptTickets.slice(i, i + 500).map((t) => t.id);
      for (const m of await ctx.db.ticketMessages.where('ticketId').anyOf(ids).toArray()) threadText.set(m.ticketId, `${threadText.get(m.ticketId) ?? ''}\n${m.body}`);
    }
    for (const tr of await ctx.db.transcripts.where('recordingId').anyOf(calls.map((c) => c.id)).toArray())
      transcriptText.set(tr.recordingId, tr.segments.map((s) => s.text).join('\n'));
  }
  const now = ctx.clock();
  const signalsOfTicket = new Map<string, ReturnType<typeof ticketSignals>>();
  const candidates: SampleCandidate[] = [];
  const meta = new Map<string, { teamId: string | null; minutes: number }>();
  for (const t of keptTickets) {
    const { breached } = computeTicketMetrics(t, settings.serviceStandards, cal, now);
    const signals = ticketSignals(t, breached, threadText.get(t.id) ?? t.subject, def.risk);
    signalsOfTicket.set(t.id, signals);
    candidates.push({ id: t.id, kind: 'ticket', agentId: t.agentId!, stratum: t.channel, signals });
    meta.set(t.id, { teamId: t.teamId, minutes: TICKET_MINUTES });
  }
  for (const c of calls) {
    const linked = c.ticketId ? (signalsOfTicket.get(c.ticketId) ?? []) : [];
    candidates.push({ id: c.id, kind: 'call', agentId: c.agentId!, stratum: 'phone', signals: callSignals(c, transcriptText.get(c.id) ?? '', def.risk, linked) });
    meta.set(c.id, { teamId: c.teamId, minutes: callMinutes(c.durationSec) });
  }

  // Left out: evaluated already (outside calibration), or waiting in another open run's queue.
  const ids = candidates.map((c) => c.id);
  const exclude = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    for (const e of await ctx.db.evaluations.where('itemId').anyOf(chunk).toArray()) if (!e.calibrationSessionId && !e.deletedAt) exclude.add(e.itemId);
    for (const a of await ctx.db.assignments.where('itemId').anyOf(chunk).toArray()) if (a.status === 'open' || a.status === 'in-progress') exclude.add(a.itemId);
  }
  return { candidates, exclude, meta };
}

/**
 * Draws the sample without writing anything: of the period containing `atMs` when given, else of the period the
 * plan draws from now (the last complete week or month, or the custom range).
 */
export async function previewRun(ctx: RepoContext, planId: string, opts: { atMs?: number; seed?: number } = {}): Promise<RunPreview> {
  requirePlanner(ctx);
  const plan = await ctx.db.samplePlans.get(planId);
  if (!plan) throw new ValidationError('plan', 'sampling.errors.notFound', 'plan not found');
  const def = plan.definition;
  const settings = await readSettings(ctx.db);
  const zone = settings.workingCalendar.zone;
  const period = opts.atMs === undefined ? drawPeriod(def.period, ctx.clock(), zone) : periodAt(def.period, opts.atMs, zone);
  const { people, onLeave } = await coveredPeople(ctx, def, period, zone);
  const { candidates, exclude, meta } = await planPopulation(ctx, def, period, people);
  const seed = opts.seed ?? (Math.floor(Math.random() * 2 ** 31) >>> 0);
  const drawn = drawSample(
    candidates,
    people.map((p) => p.id),
    def.rules,
    seed,
    exclude,
  );
  const picks = drawn.picks.map((p) => ({ ...p, ...meta.get(p.itemId)! }));

  // Margins of error: each person's past score spread (or the default) at this period's sample size.
  const history = await Promise.all(
    people.map((p) => ctx.db.evaluations.where('[agentId+occurredAt]').between([p.id, ''], [p.id, '\uffff']).filter((e) => e.status === 'submitted' && !e.calibrationSessionId && e.score !== null).toArray()),
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
        short: drawn.shortfalls.some((s) => s.key === p.id),
        margin: marginOfError(spread.sd, mine.length),
        spreadFromHistory: spread.fromHistory,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const strata = new Map<string, { picks: number; population: number }>();
  for (const c of candidates) if (!exclude.has(c.id)) strata.set(c.stratum, { picks: 0, population: (strata.get(c.stratum)?.population ?? 0) + 1 });
  for (const p of picks) strata.get(p.stratum)!.picks++;
  return {
    planId,
    planVersion: plan.version,
    definition: def,
    period: { start: new Date(period.start).toISOString(), end: new Date(period.end).toISOString(), label: period.label },
    seed,
    population: candidates.length - exclude.size,
    excluded: exclude.size,
    onLeave: onLeave.map((p) => ({ personId: p.id, name: p.name })),
    picks,
    shortfalls: drawn.shortfalls,
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
  await ctx.db.transaction('rw', ctx.db.sampleRuns, ctx.db.assignments, ctx.db.auditLog, async () => {
    await ctx.db.sampleRuns.add(run);
    await ctx.db.assignments.bulkAdd(assignments);
    await appendAudit(ctx, { action: 'create', entity: 'sampleRuns', entityId: run.id, after: { planId: plan.id, planVersion: plan.version, seed: run.seed, period: run.periodLabel, picks: assignments.length, unassignable } });
    await appendAudit(ctx, { action: 'bulk-create', entity: 'assignments', entityId: run.id, after: { count: assignments.length, byReviewer: Object.fromEntries(pool.map((r) => [r.id, assignments.filter((a) => a.reviewerId === r.id).length])) } });
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

/** The signed-in reviewer's queue. */
export async function myQueue(ctx: RepoContext): Promise<Assignment[]> {
  const a = ctx.actor;
  if (!a || a.role === 'staff') throw new AccessDenied('review queues are for reviewers');
  const mine = await ctx.db.assignments.where('[reviewerId+dueAt]').between([a.personId, ''], [a.personId, '\uffff']).toArray();
  return mine.filter((x) => !x.deletedAt && x.status !== 'replaced');
}

/** What a queue shows for each assignment: the item's label (ticket number and subject, or file name). */
export async function itemLabels(ctx: RepoContext, assignments: Assignment[]): Promise<Map<string, string>> {
  const [tickets, calls] = await Promise.all([
    ctx.db.tickets.bulkGet(assignments.filter((a) => a.itemKind === 'ticket').map((a) => a.itemId)),
    ctx.db.recordings.bulkGet(assignments.filter((a) => a.itemKind === 'call').map((a) => a.itemId)),
  ]);
  const labels = new Map<string, string>();
  for (const x of tickets) if (x) labels.set(x.id, `${x.externalId} · ${x.subject}`);
  for (const x of calls) if (x) labels.set(x.id, x.fileName);
  return labels;
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

/** Why an item was sampled, for the people it concerns (the evaluated person sees it on their evaluation). */
export async function samplingReason(ctx: RepoContext, itemId: string): Promise<Assignment['reason'] | null> {
  if (!ctx.actor) throw new AccessDenied('no signed-in session');
  const found = await ctx.db.assignments.where('itemId').equals(itemId).toArray();
  const visible = found.filter((a) => ctx.actor!.role !== 'staff' || a.agentId === ctx.actor!.personId);
  return visible.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.reason ?? null;
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
  if (!reviewer || !reviewer.active || reviewer.role === 'staff') throw new ValidationError('reviewerId', 'sampling.errors.notReviewer', 'choose an active reviewer');
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
  const { candidates, exclude, meta } = await planPopulation(ctx, def, { start: Date.parse(run.periodStart), end: Date.parse(run.periodEnd) }, [person]);
  const pool = candidates.filter((c) => c.kind === a.itemKind && c.id !== a.itemId);
  const replaced = await ctx.db.assignments.where('runId').equals(run.id).filter((x) => x.status === 'replaced').count();
  const drawn = drawSample(pool, [person.id], { ...def.rules, quota: { mode: 'per-person', ticket: a.itemKind === 'ticket' ? 1 : 0, call: a.itemKind === 'call' ? 1 : 0 } }, (run.seed + 7919 * (replaced + 1)) >>> 0, exclude);
  const pick = drawn.picks[0];
  const next = pick
    ? stampNew<Assignment>(ctx, {
        runId: run.id,
        itemKind: pick.kind,
        itemId: pick.itemId,
        agentId: pick.agentId,
        teamId: meta.get(pick.itemId)?.teamId ?? a.teamId,
        reviewerId: a.reviewerId,
        status: 'open',
        dueAt: a.dueAt,
        reason: pick.reason,
        blind: a.blind,
        minutes: meta.get(pick.itemId)?.minutes ?? a.minutes,
        note: `replaces ${a.itemId}`,
      })
    : null;
  await ctx.db.transaction('rw', ctx.db.assignments, ctx.db.auditLog, async () => {
    await updateRecord<Assignment>(ctx, ctx.db.assignments, a.id, { status: 'replaced', note: reason.trim() }, 'replace');
    if (next) {
      await ctx.db.assignments.add(next);
      await appendAudit(ctx, { action: 'create', entity: 'assignments', entityId: next.id, after: next });
    }
  });
  return next;
}
