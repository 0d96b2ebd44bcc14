// The dashboard's figures (SCORING.md; formulas in the README, "Dashboards"): a period in the company's zone and the
// one before it, the filters, and every widget computed from plain rows. Pure: the repository reads the rows the
// session may see, a worker runs this off the UI thread, and the figures for one person and period are the
// appraisal sheet's own (qualityFigures / ticketFigures), so the two cannot disagree.
import { csatFigure, qualityFigures, ticketFigures, periodContaining, type EvaluationForAppraisal, type TicketForAppraisal } from './appraisal';
import { countedEvaluations } from './evaluationStats';
import { periodAt } from './samplePlan';
import { periodScore, wilsonInterval, type PeriodScore } from './periodScore';
import { criterionScore } from './scoring';
import { actionRates, isOverdue, type ActionForRates } from './correctiveActions';
import { DEFAULT_PASSING_SCORE, type RubricDefinition } from './rubric';
import type { ServiceStandard } from './serviceStandards';
import type { CompiledCalendar } from './workingCalendar';
import type { RootCause } from './actionRecords';
import { toZonedWallMs, fromZonedWallMs } from './timeZones';

// ---------------------------------------------------------------------------------------------------- periods and filters

export const DASH_PERIOD_KINDS = ['week', 'month', 'quarter', 'custom'] as const;
export type DashPeriodKind = (typeof DASH_PERIOD_KINDS)[number];

export interface DashboardFilters {
  /** The period containing `anchor` (YYYY-MM-DD), or the custom days from..to (both included). */
  period: { kind: DashPeriodKind; anchor: string; from?: string; to?: string };
  /** Show each headline figure's change from the period before (of the same length). */
  compare: boolean;
  teamIds: string[];
  personIds: string[];
  channels: string[];
  rubricIds: string[];
  rubricVersionIds: string[];
  reviewerIds: string[];
  /** Trend buckets, and what the heatmap's columns are. */
  trendBy: 'week' | 'month';
  heatmapBy: 'team' | 'week';
  /** How many of the lowest (ranked) people the table marks. */
  bottomN: number;
}

export interface DashPeriod {
  start: number;
  end: number;
  /** "2026-10", "2026-Q4", "2026-10-05 week", "2026-10-01 – 2026-10-15". */
  label: string;
}

export function defaultFilters(todayIso: string): DashboardFilters {
  return {
    period: { kind: 'month', anchor: todayIso },
    compare: true,
    teamIds: [],
    personIds: [],
    channels: [],
    rubricIds: [],
    rubricVersionIds: [],
    reviewerIds: [],
    trendBy: 'week',
    heatmapBy: 'team',
    bottomN: 5,
  };
}

const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** The period the filters name, in the company's zone: weeks start on Monday, months and quarters as the appraisal's. */
export function resolvePeriod(p: DashboardFilters['period'], zone: string): DashPeriod {
  if (p.kind === 'custom') {
    const from = p.from ?? p.anchor;
    const to = p.to && p.to >= from ? p.to : from;
    return periodAt({ kind: 'custom', from, to }, 0, zone);
  }
  // Noon of the anchor day, local: inside that day whatever the zone's offset.
  const at = (fromZonedWallMs(dayMs(p.anchor) + 12 * 3_600_000, zone) ?? dayMs(p.anchor)) as number;
  if (p.kind === 'week') return periodAt({ kind: 'weekly' }, at, zone);
  const q = periodContaining(p.kind, at, zone);
  return { start: q.start, end: q.end, label: q.key };
}

/** The period before: the previous week, month or quarter; for custom days the same number of days before. */
export function previousDashPeriod(p: DashboardFilters['period'], current: DashPeriod, zone: string): DashPeriod {
  if (p.kind === 'custom') {
    const days = Math.round((toZonedWallMs(current.end, zone) - toZonedWallMs(current.start, zone)) / 86_400_000);
    const fromWall = toZonedWallMs(current.start, zone) - days * 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return periodAt({ kind: 'custom', from: iso(fromWall), to: iso(fromWall + (days - 1) * 86_400_000) }, 0, zone);
  }
  const wallBefore = toZonedWallMs(current.start - 1, zone);
  return resolvePeriod({ kind: p.kind, anchor: new Date(wallBefore).toISOString().slice(0, 10) }, zone);
}

// ---------------------------------------------------------------------------------------------------- rows

export type DashEvaluation = EvaluationForAppraisal & {
  agentId: string | null;
  teamId: string | null;
  reviewerId: string;
  rubricId: string;
  itemKind: 'call' | 'ticket';
  itemId: string;
  submittedAt: string | null;
  /** The channel of the item: a call is 'phone'; a ticket its own. */
  channel: string;
};
export type DashTicket = TicketForAppraisal & { agentId: string | null; teamId: string | null };
export type DashAction = ActionForRates & {
  id: string;
  staffId: string;
  teamId: string | null;
  createdAt: string;
  closedAt: string | null;
  rootCauses: RootCause[];
  criterionIds: string[];
  followUpsFrom: string | null;
  followUpItemIds: string[];
};
export interface DashDispute {
  id: string;
  evaluationId: string;
  agentId: string;
  status: 'open' | 'upheld' | 'adjusted';
  createdAt: string;
  resolvedAt: string | null;
  criterionIds: string[];
}
export interface DashAssignment {
  id: string;
  agentId: string;
  teamId: string | null;
  reviewerId: string;
  status: 'open' | 'in-progress' | 'done' | 'replaced';
  dueAt: string;
  minutes: number;
  runId: string;
}
export interface DashRun {
  id: string;
  periodStart: string;
  periodEnd: string;
  /** Items per person the plan asks for (per-person quotas; null for a total). */
  perPerson: number | null;
  peopleIds: string[];
}
export interface DashPerson {
  id: string;
  teamId: string | null;
}

export interface DashboardInput {
  /** Submitted evaluations whose work falls in the current or previous period. */
  evaluations: DashEvaluation[];
  /** Tickets opened in the current or previous period (the population and CSAT / SLA). */
  tickets: DashTicket[];
  /** Calls started in the current period (the call population): agent, team. */
  calls: { id: string; agentId: string | null; teamId: string | null; startedAt: string }[];
  actions: DashAction[];
  disputes: DashDispute[];
  assignments: DashAssignment[];
  runs: DashRun[];
  /** The staff the session may see (the people table lists them, with or without evaluations). */
  people: DashPerson[];
  /** Evaluations of the people with closed actions, around those actions (coaching's before and after). */
  history: DashEvaluation[];
  rubrics: Map<string, RubricDefinition>;
}

export interface DashboardContext {
  zone: string;
  minEvaluations: number;
  standards: ServiceStandard[];
  calendar: CompiledCalendar;
  nowMs: number;
}

const inRange = (iso: string | null, p: DashPeriod) => {
  if (!iso) return false;
  const ms = Date.parse(iso);
  return ms >= p.start && ms < p.end;
};

const pick = <T>(chosen: readonly T[], v: T) => chosen.length === 0 || chosen.includes(v);

export function evaluationMatches(f: DashboardFilters, e: DashEvaluation): boolean {
  return (
    pick(f.teamIds, e.teamId ?? '') &&
    pick(f.personIds, e.agentId ?? '') &&
    pick(f.channels, e.channel) &&
    pick(f.rubricIds, e.rubricId) &&
    pick(f.rubricVersionIds, e.rubricVersionId) &&
    pick(f.reviewerIds, e.reviewerId)
  );
}

const ownerMatches = (f: DashboardFilters, personId: string | null, teamId: string | null) => pick(f.teamIds, teamId ?? '') && pick(f.personIds, personId ?? '');

// ---------------------------------------------------------------------------------------------------- widgets

export interface Headline {
  qa: PeriodScore;
  passRate: { passes: number; n: number; rate: number | null; low: number | null; high: number | null };
  criticalFailures: number;
  csat: { rated: number; satisfiedShare: number | null; mean: number | null };
  sla: { judged: number; rate: number | null };
}

export interface TrendPoint {
  bucket: string;
  n: number;
  mean: number | null;
  low: number | null;
  high: number | null;
}

export interface HeatCell {
  criterionId: string;
  column: string;
  failed: number;
  applicable: number;
  rate: number;
  /** The evaluations in which it failed: what a click on the cell lists. */
  evaluationIds: string[];
}

export type PersonBand = 'below' | 'near' | 'ok' | 'not-enough';
export interface PersonRow {
  personId: string;
  teamId: string | null;
  qa: PeriodScore;
  passRate: number | null;
  critical: number;
  csatMean: number | null;
  /** 1 = highest mean among those with enough evaluations; null when not ranked. */
  rank: number | null;
  band: PersonBand;
  bottom: boolean;
}

export interface ReviewerRow {
  reviewerId: string;
  assigned: number;
  done: number;
  overdue: number;
  minutes: number;
  submitted: number;
  /** Mean of (this reviewer's score - the others' mean on the same rubric), weighted by this reviewer's count. */
  leniency: number | null;
  leniencyN: number;
}

export type CoachingVerdict = 'improved' | 'worse' | 'no-clear-change' | 'too-few';
export interface Proportion {
  passed: number;
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}
export interface CoachingEffect {
  before: Proportion;
  after: Proportion;
  /** after - before, with Newcombe's interval (method 10, from the two Wilson intervals). */
  change: number | null;
  changeLow: number | null;
  changeHigh: number | null;
  verdict: CoachingVerdict;
}
export interface CoachingRow extends CoachingEffect {
  actionId: string;
  staffId: string;
  teamId: string | null;
  rootCauses: RootCause[];
}

export interface DashboardResult {
  period: DashPeriod;
  previous: DashPeriod | null;
  threshold: number;
  headline: Headline;
  previousHeadline: Headline | null;
  trend: { buckets: { key: string; start: number }[]; overall: TrendPoint[]; byTeam: { teamId: string; points: TrendPoint[] }[] };
  heatmap: { criteria: { criterionId: string; title: string }[]; columns: string[]; cells: HeatCell[] };
  people: PersonRow[];
  reviewers: ReviewerRow[];
  disputes: {
    raised: number;
    upheld: number;
    adjusted: number;
    open: number;
    medianHours: number | null;
    byCriterion: { criterionId: string; title: string; raised: number; upheld: number; adjusted: number }[];
    byReviewer: { reviewerId: string; raised: number; upheld: number; adjusted: number }[];
  };
  actions: {
    opened: number;
    closed: number;
    closedOnTime: number;
    overdue: number;
    effective: number;
    byTeam: { teamId: string; opened: number; closed: number; closedOnTime: number; overdue: number; effective: number }[];
    byRootCause: { cause: RootCause; count: number; cumulativeShare: number }[];
  };
  coverage: {
    byChannel: { channel: string; population: number; reviewed: number; share: number | null }[];
    byPerson: { personId: string; quota: number; reviewed: number; share: number | null }[];
  };
  scatter: { personId: string; qa: number; csat: number; n: number; rated: number }[];
  sla: { standardId: string; met: number; breached: number; rate: number | null }[];
  coaching: { actions: CoachingRow[]; byTeam: ({ teamId: string } & CoachingEffect)[]; byRootCause: ({ cause: RootCause } & CoachingEffect)[] };
}

/** The passing mark the people table colours by: the one most of the evaluations' rubrics use. */
export function thresholdOf(evals: readonly Pick<DashEvaluation, 'rubricVersionId'>[], rubrics: Map<string, RubricDefinition>): number {
  const counts = new Map<number, number>();
  for (const e of evals) {
    const p = rubrics.get(e.rubricVersionId)?.passingScore;
    if (p !== undefined) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  let best = DEFAULT_PASSING_SCORE;
  let most = 0;
  for (const [p, n] of counts) if (n > most || (n === most && p < best)) [best, most] = [p, n];
  return best;
}

/** Within this many points above the mark a person is "near" it. */
export const NEAR_MARGIN = 5;

export function bandOf(qa: PeriodScore, threshold: number): PersonBand {
  if (!qa.enough || qa.mean === null) return 'not-enough';
  if (qa.mean < threshold) return 'below';
  return qa.mean < threshold + NEAR_MARGIN ? 'near' : 'ok';
}

function headlineOf(evals: DashEvaluation[], t: ReturnType<typeof ticketFigures>, rubrics: Map<string, RubricDefinition>, ctx: DashboardContext): Headline {
  const q = qualityFigures(evals, rubrics, ctx.minEvaluations);
  return {
    qa: { n: q.qa.n, mean: q.qa.mean, low: q.qa.low, high: q.qa.high, enough: q.qa.enough },
    passRate: q.passRate,
    criticalFailures: q.criticalFailures.count,
    csat: { rated: t.csat.rated, satisfiedShare: t.csat.satisfiedShare, mean: t.csat.mean },
    sla: { judged: t.sla.judged, rate: t.sla.rate },
  };
}

/** The local day an instant falls in (company zone): its date and the instants it starts and ends at. */
export function dayInZone(ms: number, zone: string): { iso: string; start: number; end: number } {
  const iso = new Date(toZonedWallMs(ms, zone)).toISOString().slice(0, 10);
  const start = fromZonedWallMs(dayMs(iso), zone) ?? dayMs(iso);
  const end = fromZonedWallMs(dayMs(iso) + 86_400_000, zone) ?? start + 86_400_000;
  return { iso, start, end };
}

/** The Monday (weeks) or first day (months) of the local bucket an instant falls in, as YYYY-MM-DD. */
export function bucketOf(ms: number, by: 'week' | 'month', zone: string): string {
  const wall = new Date(toZonedWallMs(ms, zone));
  if (by === 'month') return `${wall.toISOString().slice(0, 7)}-01`;
  const back = (wall.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() - back)).toISOString().slice(0, 10);
}

function bucketsOf(p: DashPeriod, by: 'week' | 'month', zone: string): { key: string; start: number }[] {
  const out: { key: string; start: number }[] = [];
  let key = bucketOf(p.start, by, zone);
  for (let i = 0; i < 400; i++) {
    const start = fromZonedWallMs(dayMs(key), zone) ?? dayMs(key);
    if (start >= p.end) break;
    out.push({ key, start });
    const d = new Date(dayMs(key));
    const next = by === 'week' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 7) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    key = new Date(next).toISOString().slice(0, 10);
  }
  return out;
}

function trendPoints(evals: readonly (DashEvaluation & { score: number })[], keys: string[], by: 'week' | 'month', ctx: DashboardContext): TrendPoint[] {
  const scores = new Map<string, number[]>(keys.map((k) => [k, []]));
  for (const e of evals) scores.get(bucketOf(Date.parse(e.occurredAt), by, ctx.zone))?.push(e.score);
  return keys.map((k) => {
    const s = periodScore(scores.get(k)!, ctx.minEvaluations);
    return { bucket: k, n: s.n, mean: s.mean, low: s.low, high: s.high };
  });
}

/** The pass rate of the targeted criteria's answers in a set of evaluations: each applicable answer is one trial. */
export function targetedPasses(evals: readonly DashEvaluation[], criterionIds: readonly string[], rubrics: Map<string, RubricDefinition>): { passed: number; n: number } {
  let passed = 0;
  let n = 0;
  for (const e of evals) {
    const def = rubrics.get(e.rubricVersionId);
    if (!def) continue;
    for (const c of def.sections.flatMap((s) => s.criteria)) {
      if (!criterionIds.includes(c.id)) continue;
      const a = e.answers[c.id];
      if (!a || a.value === null) continue;
      n++;
      if (criterionScore(c, a.value) >= 1) passed++;
    }
  }
  return { passed, n };
}

/** Below this many targeted answers on either side, coaching's verdict is "too few evaluations". */
export const COACHING_MIN_ANSWERS = 3;
/** How far back "before the action" looks. */
export const COACHING_LOOKBACK_DAYS = 90;

const proportion = (x: { passed: number; n: number }): Proportion => ({ ...x, ...wilsonInterval(x.passed, x.n) });

/**
 * Before against after: the change in pass rate with Newcombe's hybrid score interval for a difference of two
 * independent proportions (from the two Wilson intervals). Improved when the whole interval is above 0, worse when
 * below, no clear change when it spans 0, too few with under COACHING_MIN_ANSWERS answers on either side.
 */
export function coachingEffect(before: { passed: number; n: number }, after: { passed: number; n: number }): CoachingEffect {
  const b = proportion(before);
  const a = proportion(after);
  if (b.n < COACHING_MIN_ANSWERS || a.n < COACHING_MIN_ANSWERS) return { before: b, after: a, change: b.n && a.n ? a.rate! - b.rate! : null, changeLow: null, changeHigh: null, verdict: 'too-few' };
  const d = a.rate! - b.rate!;
  const low = d - Math.sqrt((a.rate! - a.low!) ** 2 + (b.high! - b.rate!) ** 2);
  const high = d + Math.sqrt((a.high! - a.rate!) ** 2 + (b.rate! - b.low!) ** 2);
  return { before: b, after: a, change: d, changeLow: low, changeHigh: high, verdict: low > 0 ? 'improved' : high < 0 ? 'worse' : 'no-clear-change' };
}

/**
 * For one closed action: "before" is the staff member's evaluations in the COACHING_LOOKBACK_DAYS before the action
 * was opened; "after" the follow-up evaluations (work from followUpsFrom, or the opening, up to the close; and any
 * item asked for as a follow-up). Only the targeted criteria count.
 */
export function coachingSides(a: DashAction, history: readonly DashEvaluation[], rubrics: Map<string, RubricDefinition>) {
  const opened = Date.parse(a.createdAt);
  const from = Date.parse(a.followUpsFrom ?? a.createdAt);
  const until = a.closedAt ? Date.parse(a.closedAt) : Number.POSITIVE_INFINITY;
  const own = countedEvaluations(history.filter((e) => e.agentId === a.staffId));
  const before = own.filter((e) => {
    const t = Date.parse(e.occurredAt);
    return t < opened && t >= opened - COACHING_LOOKBACK_DAYS * 86_400_000;
  });
  const after = own.filter((e) => {
    const t = Date.parse(e.occurredAt);
    return a.followUpItemIds.includes(e.itemId) || (t >= from && t <= until);
  });
  return { before: targetedPasses(before, a.criterionIds, rubrics), after: targetedPasses(after, a.criterionIds, rubrics) };
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function grouped<T>(xs: readonly T[], keyOf: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = keyOf(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Every widget's figures for the filters. */
export function computeDashboard(input: DashboardInput, f: DashboardFilters, ctx: DashboardContext): DashboardResult {
  const period = resolvePeriod(f.period, ctx.zone);
  const previous = f.compare ? previousDashPeriod(f.period, period, ctx.zone) : null;
  const matching = input.evaluations.filter((e) => evaluationMatches(f, e));
  const evals = matching.filter((e) => inRange(e.occurredAt, period));
  const counted = countedEvaluations(evals);
  const ticketMatches = (t: DashTicket) => ownerMatches(f, t.agentId, t.teamId) && pick(f.channels, t.channel);
  const tickets = input.tickets.filter((t) => ticketMatches(t) && inRange(t.openedAt, period));
  const rubrics = input.rubrics;
  const threshold = thresholdOf(counted, rubrics);

  const ticketFigs = ticketFigures(tickets, ctx);
  const headline = headlineOf(evals, ticketFigs, rubrics, ctx);
  const previousHeadline = previous
    ? headlineOf(
        matching.filter((e) => inRange(e.occurredAt, previous)),
        ticketFigures(
          input.tickets.filter((t) => ticketMatches(t) && inRange(t.openedAt, previous)),
          ctx,
        ),
        rubrics,
        ctx,
      )
    : null;

  // Trend
  const buckets = bucketsOf(period, f.trendBy, ctx.zone);
  const keys = buckets.map((b) => b.key);
  const byTeamEvals = grouped(counted, (e) => e.teamId ?? '');
  const trend = {
    buckets,
    overall: trendPoints(counted, keys, f.trendBy, ctx),
    byTeam: [...byTeamEvals].sort(([a], [b]) => a.localeCompare(b)).map(([teamId, xs]) => ({ teamId, points: trendPoints(xs, keys, f.trendBy, ctx) })),
  };

  // Heatmap: criteria x team (or week)
  const titles = new Map<string, string>();
  const cells = new Map<string, HeatCell>();
  for (const e of counted) {
    const def = rubrics.get(e.rubricVersionId);
    if (!def) continue;
    const column = f.heatmapBy === 'team' ? (e.teamId ?? '') : bucketOf(Date.parse(e.occurredAt), 'week', ctx.zone);
    for (const c of def.sections.flatMap((s) => s.criteria)) {
      const a = e.answers[c.id];
      if (!a || a.value === null) continue;
      titles.set(c.id, c.title);
      const key = `${c.id}|${column}`;
      const cell = cells.get(key) ?? { criterionId: c.id, column, failed: 0, applicable: 0, rate: 0, evaluationIds: [] };
      cell.applicable++;
      if (criterionScore(c, a.value) < 1) {
        cell.failed++;
        cell.evaluationIds.push(e.id);
      }
      cells.set(key, cell);
    }
  }
  const heatCells = [...cells.values()].map((c) => ({ ...c, rate: c.failed / c.applicable }));
  const failRate = (id: string) => {
    const xs = heatCells.filter((c) => c.criterionId === id);
    return xs.reduce((s, c) => s + c.failed, 0) / Math.max(1, xs.reduce((s, c) => s + c.applicable, 0));
  };
  const heatmap = {
    criteria: [...titles].map(([criterionId, title]) => ({ criterionId, title })).sort((a, b) => failRate(b.criterionId) - failRate(a.criterionId) || a.criterionId.localeCompare(b.criterionId)),
    columns: [...new Set(heatCells.map((c) => c.column))].sort(),
    cells: heatCells,
  };

  // People
  const evalsByPerson = grouped(
    evals.filter((e) => e.agentId),
    (e) => e.agentId!,
  );
  const ticketsByPerson = grouped(
    tickets.filter((t) => t.agentId),
    (t) => t.agentId!,
  );
  const staff = input.people.filter((p) => ownerMatches(f, p.id, p.teamId) && (f.reviewerIds.length === 0 || evalsByPerson.has(p.id)));
  const rows: PersonRow[] = staff.map((p) => {
    const q = qualityFigures(evalsByPerson.get(p.id) ?? [], rubrics, ctx.minEvaluations);
    const csat = csatFigure(ticketsByPerson.get(p.id) ?? []);
    const qa: PeriodScore = { n: q.qa.n, mean: q.qa.mean, low: q.qa.low, high: q.qa.high, enough: q.qa.enough };
    return { personId: p.id, teamId: p.teamId, qa, passRate: q.passRate.rate, critical: q.criticalFailures.count, csatMean: csat.mean, rank: null, band: bandOf(qa, threshold), bottom: false };
  });
  const ranked = rows.filter((r) => r.qa.enough && r.qa.mean !== null).sort((a, b) => b.qa.mean! - a.qa.mean! || a.personId.localeCompare(b.personId));
  ranked.forEach((r, i) => (r.rank = i + 1));
  ranked.slice(Math.max(0, ranked.length - f.bottomN)).forEach((r) => (r.bottom = true));
  const people = [...ranked, ...rows.filter((r) => r.rank === null).sort((a, b) => b.qa.n - a.qa.n || a.personId.localeCompare(b.personId))];

  // Reviewers: workload from the queue (items due in the period), leniency from the period's evaluations
  const assignments = input.assignments.filter((a) => a.status !== 'replaced' && inRange(a.dueAt, period) && ownerMatches(f, a.agentId, a.teamId) && pick(f.reviewerIds, a.reviewerId));
  const byRubric = grouped(counted, (e) => e.rubricId);
  const reviewerIds = [...new Set([...assignments.map((a) => a.reviewerId), ...counted.map((e) => e.reviewerId)])].sort();
  const reviewers: ReviewerRow[] = reviewerIds.map((r) => {
    const mine = assignments.filter((a) => a.reviewerId === r);
    let weighted = 0;
    let leniencyN = 0;
    for (const xs of byRubric.values()) {
      const own = xs.filter((e) => e.reviewerId === r);
      const others = xs.filter((e) => e.reviewerId !== r);
      if (!own.length || !others.length) continue;
      const mean = (ys: typeof xs) => ys.reduce((s, e) => s + e.score, 0) / ys.length;
      weighted += (mean(own) - mean(others)) * own.length;
      leniencyN += own.length;
    }
    return {
      reviewerId: r,
      assigned: mine.length,
      done: mine.filter((a) => a.status === 'done').length,
      overdue: mine.filter((a) => a.status !== 'done' && Date.parse(a.dueAt) <= ctx.nowMs).length,
      minutes: mine.filter((a) => a.status === 'done').reduce((s, a) => s + a.minutes, 0),
      submitted: counted.filter((e) => e.reviewerId === r).length,
      leniency: leniencyN ? weighted / leniencyN : null,
      leniencyN,
    };
  });

  // Disputes raised in the period, about evaluations that match the filters
  const evalById = new Map([...input.evaluations, ...input.history].map((e) => [e.id, e]));
  const disputes = input.disputes.filter((d) => {
    const e = evalById.get(d.evaluationId);
    return inRange(d.createdAt, period) && (e ? evaluationMatches(f, e) : ownerMatches(f, d.agentId, null));
  });
  const decided = disputes.filter((d) => d.status !== 'open' && d.resolvedAt);
  const critTitle = (id: string) => titles.get(id) ?? [...rubrics.values()].flatMap((r) => r.sections.flatMap((s) => s.criteria)).find((c) => c.id === id)?.title ?? id;
  const tally = (xs: DashDispute[]) => ({ raised: xs.length, upheld: xs.filter((d) => d.status === 'upheld').length, adjusted: xs.filter((d) => d.status === 'adjusted').length });
  const byCrit = new Map<string, DashDispute[]>();
  for (const d of disputes) for (const c of new Set(d.criterionIds)) byCrit.set(c, [...(byCrit.get(c) ?? []), d]);
  const disputeSummary = {
    ...tally(disputes),
    open: disputes.filter((d) => d.status === 'open').length,
    medianHours: median(decided.map((d) => (Date.parse(d.resolvedAt!) - Date.parse(d.createdAt)) / 3_600_000)),
    byCriterion: [...byCrit].map(([criterionId, xs]) => ({ criterionId, title: critTitle(criterionId), ...tally(xs) })).sort((a, b) => b.raised - a.raised || a.criterionId.localeCompare(b.criterionId)),
    byReviewer: [...grouped(disputes, (d) => evalById.get(d.evaluationId)?.reviewerId ?? '')]
      .map(([reviewerId, xs]) => ({ reviewerId, ...tally(xs) }))
      .sort((a, b) => b.raised - a.raised || a.reviewerId.localeCompare(b.reviewerId)),
  };

  // Corrective actions opened in the period
  const actions = input.actions.filter((a) => a.status !== 'cancelled' && inRange(a.createdAt, period) && ownerMatches(f, a.staffId, a.teamId));
  const actionTally = (xs: DashAction[]) => {
    const r = actionRates(xs, ctx.nowMs);
    const closed = xs.filter((a) => a.status === 'closed');
    return {
      opened: xs.length,
      closed: r.closed,
      closedOnTime: closed.filter((a) => a.completedAt !== null && a.completedAt < a.dueAt).length,
      overdue: xs.filter((a) => isOverdue(a, ctx.nowMs)).length,
      effective: closed.filter((a) => a.outcome === 'effective').length,
    };
  };
  const causeCounts = new Map<RootCause, number>();
  for (const a of actions) for (const c of a.rootCauses) causeCounts.set(c, (causeCounts.get(c) ?? 0) + 1);
  const causeTotal = [...causeCounts.values()].reduce((s, n) => s + n, 0);
  let running = 0;
  const actionSummary = {
    ...actionTally(actions),
    byTeam: [...grouped(actions, (a) => a.teamId ?? '')].map(([teamId, xs]) => ({ teamId, ...actionTally(xs) })).sort((a, b) => a.teamId.localeCompare(b.teamId)),
    byRootCause: [...causeCounts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([cause, count]) => {
        running += count;
        return { cause, count, cumulativeShare: running / causeTotal };
      }),
  };

  // Coverage: items reviewed of the population, by channel (tickets by their channel, calls as calls), and per person against the plans' quotas
  const reviewedItems = new Set(counted.map((e) => e.itemId));
  const population = new Map<string, { population: number; reviewed: number }>();
  const count = (channel: string, id: string) => {
    const c = population.get(channel) ?? { population: 0, reviewed: 0 };
    c.population++;
    if (reviewedItems.has(id)) c.reviewed++;
    population.set(channel, c);
  };
  for (const t of tickets) count(t.channel, t.id);
  if (pick(f.channels, 'phone')) for (const c of input.calls) if (ownerMatches(f, c.agentId, c.teamId) && inRange(c.startedAt, period)) count('call', c.id);
  const quota = new Map<string, number>();
  for (const r of input.runs) {
    if (r.perPerson === null || !inRange(r.periodStart, period)) continue;
    for (const p of r.peopleIds) quota.set(p, (quota.get(p) ?? 0) + r.perPerson);
  }
  const reviewedByPerson = grouped(counted.filter((e) => e.agentId), (e) => e.agentId!);
  const coverage = {
    byChannel: [...population].map(([channel, c]) => ({ channel, ...c, share: c.population ? c.reviewed / c.population : null })).sort((a, b) => a.channel.localeCompare(b.channel)),
    byPerson: staff
      .map((p) => {
        const q = quota.get(p.id) ?? 0;
        const reviewed = new Set((reviewedByPerson.get(p.id) ?? []).map((e) => e.itemId)).size;
        return { personId: p.id, quota: q, reviewed, share: q ? reviewed / q : null };
      })
      .sort((a, b) => (a.share ?? 2) - (b.share ?? 2) || a.personId.localeCompare(b.personId)),
  };

  // CSAT against QA per person (those with both)
  const scatter = rows
    .filter((r) => r.qa.mean !== null && r.csatMean !== null)
    .map((r) => ({ personId: r.personId, qa: r.qa.mean!, csat: r.csatMean!, n: r.qa.n, rated: csatFigure(ticketsByPerson.get(r.personId) ?? []).rated }));

  // Did coaching work: actions closed in the period with targeted criteria
  const closedActions = input.actions.filter((a) => a.status === 'closed' && a.criterionIds.length > 0 && inRange(a.closedAt, period) && ownerMatches(f, a.staffId, a.teamId));
  const sides = closedActions.map((a) => ({ a, ...coachingSides(a, input.history, rubrics) }));
  const pool = (xs: typeof sides) =>
    coachingEffect(
      { passed: xs.reduce((s, x) => s + x.before.passed, 0), n: xs.reduce((s, x) => s + x.before.n, 0) },
      { passed: xs.reduce((s, x) => s + x.after.passed, 0), n: xs.reduce((s, x) => s + x.after.n, 0) },
    );
  const causes = [...new Set(sides.flatMap((x) => x.a.rootCauses))].sort();
  const coaching = {
    actions: sides.map(({ a, before, after }) => ({ actionId: a.id, staffId: a.staffId, teamId: a.teamId, rootCauses: a.rootCauses, ...coachingEffect(before, after) })),
    byTeam: [...grouped(sides, (x) => x.a.teamId ?? '')].map(([teamId, xs]) => ({ teamId, ...pool(xs) })).sort((a, b) => a.teamId.localeCompare(b.teamId)),
    byRootCause: causes.map((cause) => ({ cause, ...pool(sides.filter((x) => x.a.rootCauses.includes(cause))) })),
  };

  return {
    period,
    previous,
    threshold,
    headline,
    previousHeadline,
    trend,
    heatmap,
    people,
    reviewers,
    disputes: disputeSummary,
    actions: actionSummary,
    coverage,
    scatter,
    sla: ticketFigs.sla.perStandard,
    coaching,
  };
}
