// Sample plans, their runs and the review queues they fill. A preview draws the sample for a period without
// writing anything (counts per person and stratum, shortfalls, margins of error); committing writes the run and
// one assignment per pick in one transaction, with the audit entries. Supervisors and admins plan; every
// reviewer reads their own queue.
import { REMOVAL_STATES } from '@renderer/domain/valueLists';
import type { Assignment, Person, Recording, SamplePlan, SampleRun, Ticket } from '@renderer/domain/model';
import { checkPlan, callSignals, drawPeriod, leaveShare, LEAVE_SHARE_EXCLUDES, periodAt, textHasKeyword, ticketSignals, type PlanDefinition, type PlanProblem } from '@renderer/domain/samplePlan';
import { assignReviews, callMinutes, drawFollowUps, drawSample, setDigest, TICKET_MINUTES, type Pick, type RiskSignal, type SampleCandidate, type SamplingRules, type Shortfall, type SignalsOf } from '@renderer/domain/sampling';
import { marginOfError, scoreSpread } from '@renderer/domain/periodScore';
import { computeTicketMetrics } from '@renderer/domain/serviceStandards';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { mayReadItem, mayReadPerson, requireActor } from './access';
import { createRecord, stampNew, updateRecord } from './records';
import { appendAudit } from './audit';
import { readSettings } from './settings';
import { linkFollowUps } from './correctiveActions';
import { followUpKinds, followUpsOutstanding, pendingFollowUps } from './followUps';
import { mayPlanSamples, mayScore } from '@renderer/domain/roles';

export class PlanInvalid extends Error {
  constructor(readonly problems: PlanProblem[]) {
    super(`The plan has ${problems.length} problem(s): ${problems.map((p) => `${p.path || '(plan)'}: ${p.message}`).join('; ')}`);
    this.name = 'PlanInvalid';
  }
}

function requirePlanner(ctx: RepoContext) {
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

/**
 * Rows for many keys as one key-range read per key, side by side: a bulk read per key is far quicker than anyOf,
 * which walks a cursor over the index.
 */
const each = async <T,>(keys: string[], read: (key: string) => Promise<T[]>): Promise<T[]> => (await Promise.all(keys.map(read))).flat();

type ItemMeta = { teamId: string | null; minutes: number; stratum: string; deleted: boolean };

/**
 * The population of a period through the per-person indexes ([agentId+openedAt], [agentId+startedAt]) and what
 * must be left out (already evaluated, or in another open run). Tickets are read whole only when the plan filters
 * on their fields or splits a total by channel; otherwise only their keys are read, and the draw asks
 * `signalsOf` for the few it looks at (a month of a big helpdesk is too much to read whole). Calls are read whole
 * (their length is a filter). Risk signals, keywords included, are worked out only for the items asked about.
 */
export async function planPopulation(ctx: RepoContext, def: PlanDefinition, period: { start: number; end: number }, people: Person[], timings: Record<string, number> = {}, asOf?: number) {
  requirePlanner(ctx);
  const settings = await readSettings(ctx.db);
  const cal = compileCalendar(settings.workingCalendar);
  let t0 = performance.now();
  const mark = (phase: string) => {
    const t1 = performance.now();
    timings[phase] = Math.round(t1 - t0);
    t0 = t1;
  };
  const from = new Date(period.start).toISOString();
  const to = new Date(period.end).toISOString();
  const f = def.filter;
  const q = def.rules.quota;
  const keysOnly = q.mode === 'per-person' && !f.channels.length && !f.categories.length && !f.priorities.length && !f.hasRecording;
  const okTicket = (t: Ticket) =>
    !t.deletedAt && !t.helpdeskState && (!f.channels.length || f.channels.includes(t.channel)) && (!f.categories.length || f.categories.includes(t.category)) && (!f.priorities.length || f.priorities.includes(t.priority));
  const ticketRange = (p: Person) => ctx.db.tickets.where('[agentId+openedAt]').between([p.id, from], [p.id, to], true, false);
  // Whole index ranges in bulk, filtered here (a Dexie filter would walk a cursor record by record).
  // One read transaction for the many range reads (each read outside one would open its own).
  const [ticketKeys, ticketLists, callLists] = await ctx.db.transaction('r', ctx.db.tickets, ctx.db.recordings, () =>
    Promise.all([
      q.ticket > 0 && keysOnly ? Promise.all(people.map((p) => ticketRange(p).primaryKeys())) : [],
      q.ticket > 0 && !keysOnly ? Promise.all(people.map((p) => ticketRange(p).toArray())) : [],
      q.call > 0 ? Promise.all(people.map((p) => ctx.db.recordings.where('[agentId+startedAt]').between([p.id, from], [p.id, to], true, false).toArray())) : [],
    ]),
  );
  const tickets = new Map<string, Ticket>(ticketLists.flat().filter(okTicket).map((t) => [t.id, t]));
  const calls = new Map<string, Recording>(callLists.flat().filter((r) => !r.deletedAt && r.durationSec >= f.minCallSec).map((r) => [r.id, r]));
  const withCall = f.hasRecording ? new Set([...calls.values()].map((c) => c.ticketId).filter(Boolean)) : null;
  const candidates: SampleCandidate[] = [];
  // Tickets the helpdesk took out (deleted, spam, merged, scrubbed) are never drawn (issue 16, item 3): the few there
  // are come from their own sparse index, so the keys-only path still reads no ticket.
  const removed = ticketKeys.length ? new Set(await ctx.db.tickets.where('helpdeskState').anyOf([...REMOVAL_STATES]).primaryKeys()) : null;
  people.forEach((p, i) => {
    for (const id of ticketKeys[i] ?? []) if (!removed?.has(id)) candidates.push({ id, kind: 'ticket', agentId: p.id, stratum: '' });
  });
  for (const t of tickets.values()) if (!withCall || withCall.has(t.id)) candidates.push({ id: t.id, kind: 'ticket', agentId: t.agentId!, stratum: t.channel });
  for (const c of calls.values()) candidates.push({ id: c.id, kind: 'call', agentId: c.agentId!, stratum: 'phone' });
  mark('read');

  /** Tickets by id: from what was read, else from the store (cached). */
  const ticketsById = async (ids: string[]) => {
    const missing = ids.filter((id) => !tickets.has(id));
    if (missing.length) for (const t of await ctx.db.tickets.bulkGet(missing)) if (t) tickets.set(t.id, t);
    return ids.map((id) => tickets.get(id)).filter((t): t is Ticket => !!t);
  };
  const textOf = async <T,>(rows: Promise<T[]>, key: (r: T) => string, text: (r: T) => string) => {
    const out = new Map<string, string>();
    for (const r of await rows) out.set(key(r), `${out.get(key(r)) ?? ''}\n${text(r)}`);
    return out;
  };
  // Signals are judged at this instant: now, or (verifying a run) when the run was committed.
  const now = asOf ?? ctx.clock();
  // Signals without text search (from the record and its clocks), and keyword hits (threads, transcripts), each
  // worked out once per item and only when asked for.
  const baseSignals = new Map<string, RiskSignal[]>();
  const keywordHit = new Map<string, boolean>();
  const ticketBase = async (ids: string[]) => {
    for (const t of await ticketsById(ids.filter((id) => !baseSignals.has(id)))) {
      const { breached } = computeTicketMetrics(t, settings.serviceStandards, cal, now);
      baseSignals.set(t.id, ticketSignals(t, breached, '', def.risk));
    }
  };
  const searchText = async (ticketIds: string[], callIds: string[]) => {
    const tIds = ticketIds.filter((id) => !keywordHit.has(id));
    const cIds = callIds.filter((id) => !keywordHit.has(id));
    const [thread, transcript] = await ctx.db.transaction('r', ctx.db.ticketMessages, ctx.db.transcripts, () =>
      Promise.all([
        textOf(each(tIds, (id) => ctx.db.ticketMessages.where('ticketId').equals(id).toArray()), (m) => m.ticketId, (m) => m.body),
        textOf(each(cIds, (id) => ctx.db.transcripts.where('recordingId').equals(id).toArray()), (tr) => tr.recordingId, (tr) => tr.segments.map((x) => x.text).join('\n')),
      ]),
    );
    for (const t of await ticketsById(tIds)) keywordHit.set(t.id, textHasKeyword(`${t.subject}${thread.get(t.id) ?? ''}`, def.risk.keywords));
    for (const id of cIds) keywordHit.set(id, textHasKeyword(transcript.get(id) ?? '', def.risk.keywords));
  };
  const signalsOf: SignalsOf = async (ids, withText) => {
    const began = performance.now();
    timings[withText ? 'askedText' : 'asked'] = (timings[withText ? 'askedText' : 'asked'] ?? 0) + ids.length;
    const callIds = ids.filter((id) => calls.has(id));
    const ticketIds = ids.filter((id) => !calls.has(id));
    await ticketBase([...ticketIds, ...callIds.map((id) => calls.get(id)!.ticketId).filter((x): x is string => !!x)]);
    const text = withText && def.risk.keywords.length > 0;
    if (text) await searchText(ticketIds, callIds);
    const out = new Map<string, RiskSignal[]>();
    for (const id of ids) {
      const c = calls.get(id);
      const base = c ? callSignals(c, '', def.risk, c.ticketId ? (baseSignals.get(c.ticketId) ?? []) : []) : (baseSignals.get(id) ?? []);
      out.set(id, text && keywordHit.get(id) ? [...base, 'keyword'] : base);
    }
    timings.signals = (timings.signals ?? 0) + Math.round(performance.now() - began);
    return out;
  };
  /** What a pick needs beyond its id: its team, the expected minutes, its channel, and whether it was deleted. */
  const metaOf = async (ids: string[]): Promise<Map<string, ItemMeta>> => {
    const out = new Map<string, ItemMeta>();
    const ts = await ticketsById(ids.filter((id) => !calls.has(id)));
    for (const t of ts) out.set(t.id, { teamId: t.teamId, minutes: TICKET_MINUTES, stratum: t.channel, deleted: !!t.deletedAt });
    for (const id of ids) {
      const c = calls.get(id);
      if (c) out.set(id, { teamId: c.teamId, minutes: callMinutes(c.durationSec), stratum: 'phone', deleted: false });
      else if (!out.has(id)) out.set(id, { teamId: null, minutes: TICKET_MINUTES, stratum: '', deleted: true });
    }
    return out;
  };

  // Left out: evaluated already (outside calibration; an evaluation carries its item's time, so the period's
  // evaluations of these people are all there is), or waiting in another open run's queue (runs draw from their
  // own period, so only runs overlapping this one can hold these items).
  const ids = new Set(candidates.map((c) => c.id));
  const exclude = new Set<string>();
  const [evaluated, runs] = await ctx.db.transaction('r', ctx.db.evaluations, ctx.db.sampleRuns, () =>
    Promise.all([Promise.all(people.map((p) => ctx.db.evaluations.where('[agentId+occurredAt]').between([p.id, from], [p.id, to], true, false).toArray())), ctx.db.sampleRuns.toArray()]),
  );
  for (const e of evaluated.flat()) if (!e.calibrationSessionId && !e.deletedAt && ids.has(e.itemId)) exclude.add(e.itemId);
  const overlapping = runs.filter((r) => r.periodStart < to && r.periodEnd > from);
  const queued = await Promise.all(overlapping.map((r) => ctx.db.assignments.where('runId').equals(r.id).toArray()));
  for (const a of queued.flat()) if (!a.deletedAt && (a.status === 'open' || a.status === 'in-progress') && ids.has(a.itemId)) exclude.add(a.itemId);
  mark('exclusions');
  return { candidates, exclude, signalsOf, metaOf, keysOnly, timings };
}

type Population = Awaited<ReturnType<typeof planPopulation>>;

/**
 * Labels of items a planner draws from (ticket number and subject, or the call's file name), by id; where the kind
 * is known each id is read from its own table only.
 */
async function labelsOf(ctx: RepoContext, ids: string[], kinds?: Map<string, 'ticket' | 'call'>): Promise<Map<string, string>> {
  const ticketIds = kinds ? ids.filter((id) => kinds.get(id) === 'ticket') : ids;
  const callIds = kinds ? ids.filter((id) => kinds.get(id) === 'call') : ids;
  const [tickets, calls] = await Promise.all([ctx.db.tickets.bulkGet(ticketIds), ctx.db.recordings.bulkGet(callIds)]);
  const out = new Map<string, string>(ids.map((id) => [id, id]));
  for (const c of calls) if (c) out.set(c.id, c.fileName);
  for (const t of tickets) if (t) out.set(t.id, `${t.externalId} · ${t.subject}`);
  return out;
}

/** The population's digest (what a verification compares). */
const populationDigest = (candidates: readonly SampleCandidate[]) => setDigest(candidates.map((c) => c.id));

const withMeta = (p: Pick, m: ItemMeta) => ({ ...p, stratum: m.stratum, teamId: m.teamId, minutes: m.minutes });

/**
 * Draws from a population and completes the picks (team, minutes, channel). A pick whose record turns out to be
 * deleted (seen only when keys alone were read) is left out and the draw repeated, so the result depends only on
 * the seed and the live data.
 */
async function drawWithMeta(pop: Population, people: string[], rules: SamplingRules, seed: number) {
  const exclude = new Set(pop.exclude);
  for (;;) {
    const drawn = await drawSample(pop.candidates, people, rules, seed, exclude, pop.signalsOf);
    const began = performance.now();
    const meta = await pop.metaOf(drawn.picks.map((p) => p.itemId));
    pop.timings.meta = Math.round(performance.now() - began);
    const gone = drawn.picks.filter((p) => meta.get(p.itemId)!.deleted);
    if (!gone.length) {
      const picks = drawn.picks.map((p) => withMeta(p, meta.get(p.itemId)!));
      return { picks, shortfalls: drawn.shortfalls, exclude };
    }
    for (const p of gone) exclude.add(p.itemId);
  }
}

/**
 * Follow-ups beyond the quotas: for each covered person's corrective actions waiting for verification, the items
 * still needed, drawn from the period's remaining candidates (tagged with the action, linked to it on commit).
 */
async function followUpPicks(ctx: RepoContext, pop: Population, people: Person[], seed: number, taken: Set<string>) {
  const pending = await pendingFollowUps(ctx, people.map((p) => p.id));
  if (!pending.length) return [];
  const kinds = await followUpKinds(ctx, pending);
  const drawn = drawFollowUps(pop.candidates, pending.map((a) => ({ actionId: a.id, staffId: a.staffId, count: followUpsOutstanding(a), kind: kinds.get(a.id) ?? null })), seed, taken);
  const meta = await pop.metaOf(drawn.map((p) => p.itemId));
  return drawn.filter((p) => !meta.get(p.itemId)!.deleted).map((p) => withMeta(p, meta.get(p.itemId)!));
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
    await ctx.db.sampleRuns.add(run);
    await ctx.db.assignments.bulkAdd(assignments);
    // Follow-ups drawn for corrective actions: each action lists its items and says which run they came from.
    const byAction = new Map<string, Assignment[]>();
    for (const x of assignments) if (x.reason.kind === 'follow-up') byAction.set(x.reason.actionId, [...(byAction.get(x.reason.actionId) ?? []), x]);
    for (const [actionId, xs] of byAction)
      await linkFollowUps(ctx, actionId, xs.map((x) => ({ assignmentId: x.id, itemKind: x.itemKind, itemId: x.itemId, reviewerId: x.reviewerId, requestedAt: run.createdAt, runId: run.id })), `${def.name} · ${run.periodLabel}`);
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
      await ctx.db.assignments.add(next);
      await appendAudit(ctx, { action: 'create', entity: 'assignments', entityId: next.id, after: next });
    }
  });
  return next;
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

/** Is the session reviewing this item blind (who did the work hidden until the evaluation is submitted)? */
export async function reviewingBlind(ctx: RepoContext, itemId: string): Promise<boolean> {
  const me = requireActor(ctx).personId;
  return (await ctx.db.assignments.where('itemId').equals(itemId).toArray()).some((a) => a.blind && a.reviewerId === me && a.status !== 'done');
}
