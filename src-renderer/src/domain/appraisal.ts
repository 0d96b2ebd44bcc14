// Appraisal: a staff member's results over a month, quarter or year (SCORING.md, "An agent over a period" and
// "Appraisal composite"), the composite with re-normalised weights and grade, and the locked, hashed record that
// goes to the appraisal database. Plain data in, plain data out: every figure keeps the ids it was computed from
// so the sheet can drill down to them.
import { countedEvaluations } from './evaluationStats';
import type { Evaluation, Ticket } from './model';
import type { RubricDefinition } from './rubric';
import { criterionScore } from './scoring';
import { periodScore, wilsonInterval, type PeriodScore } from './periodScore';
import { computeTicketMetrics, type ServiceStandard } from './serviceStandards';
import type { CompiledCalendar } from './workingCalendar';
import { actionRates, type ActionForRates } from './correctiveActions';
import { fromZonedWallMs, toZonedWallMs } from './timeZones';

// ---------------------------------------------------------------------------------------------------- periods

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface AppraisalPeriod {
  kind: PeriodKind;
  /** "2026-10", "2026-Q4", "2026". */
  key: string;
  /** Start (inclusive) and end (exclusive), epoch ms, of the period's local days in the calendar's zone. */
  start: number;
  end: number;
}

const KEY_PATTERNS: Record<PeriodKind, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

export function periodKindOf(key: string): PeriodKind | null {
  return PERIOD_KINDS.find((k) => KEY_PATTERNS[k].test(key)) ?? null;
}

/** The period a key names, in the company's zone; null when the key is not a month, quarter or year. */
export function periodFromKey(key: string, zone: string): AppraisalPeriod | null {
  const kind = periodKindOf(key);
  if (!kind) return null;
  const m = KEY_PATTERNS[kind].exec(key)!;
  const y = Number(m[1]);
  const [fromMonth, months] = kind === 'month' ? [Number(m[2]) - 1, 1] : kind === 'quarter' ? [(Number(m[2]) - 1) * 3, 3] : [0, 12];
  const local = (month: number) => fromZonedWallMs(Date.UTC(y, month, 1), zone) ?? Date.UTC(y, month, 1);
  return { kind, key, start: local(fromMonth), end: local(fromMonth + months) };
}

/** The period of this kind that contains an instant. */
export function periodContaining(kind: PeriodKind, atMs: number, zone: string): AppraisalPeriod {
  const wall = new Date(toZonedWallMs(atMs, zone));
  const y = wall.getUTCFullYear();
  const m = wall.getUTCMonth();
  const key = kind === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : kind === 'quarter' ? `${y}-Q${Math.floor(m / 3) + 1}` : String(y);
  return periodFromKey(key, zone)!;
}

/** The period before this one (appraisals look at finished periods: last month in the first days of this one). */
export function previousPeriod(p: AppraisalPeriod, zone: string): AppraisalPeriod {
  return periodContaining(p.kind, p.start - 1, zone);
}

// ---------------------------------------------------------------------------------------------------- inputs

/** Indicators of the appraisal's assessment forms (SERVICE-STANDARDS.md), each scored 0-100. */
export const ASSESSMENT_INDICATORS = ['workResults', 'attitude', 'ability'] as const;
export type AssessmentIndicator = (typeof ASSESSMENT_INDICATORS)[number];

export interface AssessmentScores {
  scores: Record<AssessmentIndicator, number>;
  note: string;
}

export type EvaluationForAppraisal = Pick<
  Evaluation,
  'id' | 'score' | 'outcome' | 'failedBy' | 'answers' | 'rubricVersionId' | 'occurredAt' | 'status' | 'calibrationSessionId' | 'deletedAt'
>;
export type TicketForAppraisal = Pick<
  Ticket,
  'id' | 'priority' | 'channel' | 'openedAt' | 'firstResponseAt' | 'resolvedAt' | 'status' | 'reopenedCount' | 'csat'
>;
export type ActionForAppraisal = ActionForRates & { id: string; createdAt: string };
export interface DisputeForAppraisal {
  id: string;
  status: 'open' | 'upheld' | 'adjusted';
  createdAt: string;
}

export interface AppraisalInputs {
  /** The person's evaluations whose work happened in the period. */
  evaluations: EvaluationForAppraisal[];
  rubrics: Map<string, RubricDefinition>;
  /** The person's tickets opened in the period. */
  tickets: TicketForAppraisal[];
  /** The person's corrective actions due in the period. */
  actions: ActionForAppraisal[];
  /** Disputes the person raised in the period. */
  disputes: DisputeForAppraisal[];
  supervisor: AssessmentScores | null;
  self: AssessmentScores | null;
}

export interface AppraisalContext {
  standards: ServiceStandard[];
  calendar: CompiledCalendar;
  minEvaluations: number;
  /** When the figures are computed: running SLA clocks and open actions are judged at this instant. */
  nowMs: number;
}

// ---------------------------------------------------------------------------------------------------- figures

export interface CriterionFailure {
  criterionId: string;
  title: string;
  failed: number;
  applicable: number;
  rate: number;
}

export interface SlaStandardFigure {
  standardId: string;
  met: number;
  breached: number;
  rate: number | null;
}

export interface AppraisalFigures {
  qa: PeriodScore & { evaluationIds: string[] };
  passRate: { passes: number; n: number; rate: number | null; low: number | null; high: number | null };
  criticalFailures: { count: number; evaluationIds: string[] };
  criterionFailures: CriterionFailure[];
  csat: { rated: number; satisfied: number; satisfiedShare: number | null; mean: number | null; ticketIds: string[] };
  /** Resolved tickets never reopened, of the resolved tickets: first-contact resolution as far as tickets record it. */
  fcr: { resolved: number; firstContact: number; rate: number | null; ticketIds: string[] };
  sla: { perStandard: SlaStandardFigure[]; compliant: number; judged: number; rate: number | null; breachedTicketIds: string[] };
  actions: { opened: number; closed: number; closedOnTime: number; onTimeRate: number | null; effective: number; effectiveRate: number | null; actionIds: string[] };
  disputes: { raised: number; upheld: number; adjusted: number; open: number; disputeIds: string[] };
  supervisor: AssessmentScores | null;
  self: AssessmentScores | null;
}

const round = (x: number, places = 6) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * QA figures of a set of evaluations (SCORING.md, "An agent over a period"): the mean with its interval, pass rate
 * (Wilson), critical failures and per-criterion failures over the evaluations that count. The one function the
 * appraisal sheet, My scores' period and every dashboard figure use, so they cannot disagree.
 */
export function qualityFigures(
  evaluations: readonly EvaluationForAppraisal[],
  rubrics: Map<string, RubricDefinition>,
  minEvaluations: number,
): Pick<AppraisalFigures, 'qa' | 'passRate' | 'criticalFailures' | 'criterionFailures'> {
  const evals = countedEvaluations(evaluations);
  const qa = periodScore(
    evals.map((e) => e.score),
    minEvaluations,
  );
  const judged = evals.filter((e) => e.outcome === 'pass' || e.outcome === 'fail');
  const passes = judged.filter((e) => e.outcome === 'pass').length;
  const critical = evals.filter((e) => e.failedBy !== null);

  const crit = new Map<string, CriterionFailure>();
  for (const e of evals) {
    const def = rubrics.get(e.rubricVersionId);
    if (!def) continue;
    for (const c of def.sections.flatMap((s) => s.criteria)) {
      const a = e.answers[c.id];
      if (!a || a.value === null) continue;
      const r = crit.get(c.id) ?? { criterionId: c.id, title: c.title, failed: 0, applicable: 0, rate: 0 };
      r.applicable++;
      if (criterionScore(c, a.value) < 1) r.failed++;
      crit.set(c.id, r);
    }
  }
  return {
    qa: { ...qa, evaluationIds: evals.map((e) => e.id) },
    passRate: { passes, n: judged.length, ...wilsonInterval(passes, judged.length) },
    criticalFailures: { count: critical.length, evaluationIds: critical.map((e) => e.id) },
    criterionFailures: [...crit.values()].map((r) => ({ ...r, rate: r.failed / r.applicable })).sort((a, b) => b.rate - a.rate || a.criterionId.localeCompare(b.criterionId)),
  };
}

/** CSAT of a set of tickets: the satisfied share (ratings 4-5) and the mean rating, over the rated ones. */
export function csatFigure(tickets: readonly Pick<TicketForAppraisal, 'id' | 'csat'>[]): AppraisalFigures['csat'] {
  const rated = tickets.filter((t) => t.csat !== null);
  const satisfied = rated.filter((t) => t.csat! >= 4).length;
  return {
    rated: rated.length,
    satisfied,
    satisfiedShare: rated.length ? satisfied / rated.length : null,
    mean: rated.length ? rated.reduce((s, t) => s + t.csat!, 0) / rated.length : null,
    ticketIds: rated.map((t) => t.id),
  };
}

/** Ticket figures (SCORING.md): CSAT, first-contact resolution and service-standard compliance per standard. */
export function ticketFigures(tickets: readonly TicketForAppraisal[], ctx: Pick<AppraisalContext, 'standards' | 'calendar' | 'nowMs'>): Pick<AppraisalFigures, 'csat' | 'fcr' | 'sla'> {
  const resolved = tickets.filter((t) => t.status === 'solved' || t.status === 'closed');
  const firstContact = resolved.filter((t) => t.reopenedCount === 0);

  const perStandard = new Map<string, SlaStandardFigure>();
  let compliant = 0;
  let judgedTickets = 0;
  const breachedTicketIds: string[] = [];
  for (const t of tickets) {
    const m = computeTicketMetrics(t, ctx.standards, ctx.calendar, ctx.nowMs);
    const clocks = [m.firstResponse, m.resolution].filter((c) => c !== null && c.state !== 'running');
    for (const c of clocks) {
      const f = perStandard.get(c!.standardId) ?? { standardId: c!.standardId, met: 0, breached: 0, rate: null };
      if (c!.state === 'met') f.met++;
      else f.breached++;
      perStandard.set(c!.standardId, f);
    }
    // A ticket is judged once a clock has stopped or run out; it complies when no clock is breached.
    if (!clocks.length) continue;
    judgedTickets++;
    if (m.breached) breachedTicketIds.push(t.id);
    else compliant++;
  }
  return {
    csat: csatFigure(tickets),
    fcr: { resolved: resolved.length, firstContact: firstContact.length, rate: resolved.length ? firstContact.length / resolved.length : null, ticketIds: resolved.map((t) => t.id) },
    sla: {
      perStandard: [...perStandard.values()].map((f) => ({ ...f, rate: f.met / (f.met + f.breached) })).sort((a, b) => a.standardId.localeCompare(b.standardId)),
      compliant,
      judged: judgedTickets,
      rate: judgedTickets ? compliant / judgedTickets : null,
      breachedTicketIds,
    },
  };
}

/** Every figure of one person's period (SCORING.md). Calibration-only, draft and deleted evaluations do not count. */
export function computeFigures(input: AppraisalInputs, ctx: AppraisalContext): AppraisalFigures {
  const liveActions = input.actions.filter((a) => a.status !== 'cancelled');
  const rates = actionRates(liveActions, ctx.nowMs);
  const closedActions = liveActions.filter((a) => a.status === 'closed');

  return {
    ...qualityFigures(input.evaluations, input.rubrics, ctx.minEvaluations),
    ...ticketFigures(input.tickets, ctx),
    actions: {
      opened: liveActions.length,
      closed: rates.closed,
      closedOnTime: closedActions.filter((a) => a.completedAt !== null && a.completedAt < a.dueAt).length,
      onTimeRate: rates.onTimeRate,
      effective: closedActions.filter((a) => a.outcome === 'effective').length,
      effectiveRate: rates.effectiveRate,
      actionIds: liveActions.map((a) => a.id),
    },
    disputes: {
      raised: input.disputes.length,
      upheld: input.disputes.filter((d) => d.status === 'upheld').length,
      adjusted: input.disputes.filter((d) => d.status === 'adjusted').length,
      open: input.disputes.filter((d) => d.status === 'open').length,
      disputeIds: input.disputes.map((d) => d.id),
    },
    supervisor: input.supervisor,
    self: input.self,
  };
}

// ---------------------------------------------------------------------------------------------------- composite

export const COMPONENTS = ['qa', 'csat', 'sla', 'actions', 'supervisor', 'self'] as const;
export type ComponentKey = (typeof COMPONENTS)[number];

export interface GradeBand {
  grade: string;
  /** The lowest composite (0-100) that earns this grade. */
  min: number;
}

export interface AppraisalConfig {
  /** Relative weights (integers 0-100); a weight of 0 leaves the component out of every composite. */
  weights: Record<ComponentKey, number>;
  /** Highest first; a composite below every band gets the last band's grade. */
  grades: GradeBand[];
  /** CSAT component: the satisfied share (ratings 4-5), or the mean rating rescaled from 1-5 to 0-100. */
  csatMode: 'satisfied' | 'mean';
}

export const DEFAULT_APPRAISAL_CONFIG: AppraisalConfig = {
  weights: { qa: 40, csat: 20, sla: 10, actions: 10, supervisor: 15, self: 5 },
  grades: [
    { grade: 'A', min: 90 },
    { grade: 'B', min: 80 },
    { grade: 'C', min: 70 },
    { grade: 'D', min: 0 },
  ],
  csatMode: 'satisfied',
};

/** Problems with a configuration, as message keys naming the field; empty when usable. */
export function checkAppraisalConfig(c: AppraisalConfig): { field: string; key: string }[] {
  const problems: { field: string; key: string }[] = [];
  for (const k of COMPONENTS) {
    const w = c.weights[k];
    if (!Number.isInteger(w) || w < 0 || w > 100) problems.push({ field: `weights.${k}`, key: 'appraisal.config.weightRange' });
  }
  if (COMPONENTS.every((k) => c.weights[k] === 0)) problems.push({ field: 'weights', key: 'appraisal.config.allZero' });
  if (!c.grades.length) problems.push({ field: 'grades', key: 'appraisal.config.noGrades' });
  c.grades.forEach((g, i) => {
    if (!g.grade.trim()) problems.push({ field: `grades.${i}.grade`, key: 'appraisal.config.gradeName' });
    if (!(g.min >= 0 && g.min <= 100)) problems.push({ field: `grades.${i}.min`, key: 'appraisal.config.gradeRange' });
    if (i > 0 && g.min >= c.grades[i - 1]!.min) problems.push({ field: `grades.${i}.min`, key: 'appraisal.config.gradeOrder' });
  });
  return problems;
}

export type MissingReason = 'no-data' | 'not-enough-evaluations' | 'not-entered' | 'weight-zero';

export interface ComponentValue {
  key: ComponentKey;
  /** 0-100, or null when missing. */
  value: number | null;
  /** The configured weight, and the share of the composite it carries after re-normalising (0 when left out). */
  weight: number;
  share: number;
  missing: MissingReason | null;
}

export interface Composite {
  components: ComponentValue[];
  /** 0-100, or null when every weighted component is missing. */
  value: number | null;
  grade: string | null;
  /** Components left out (weights re-normalised over the rest). */
  missing: ComponentKey[];
}

const assessmentMean = (a: AssessmentScores) => ASSESSMENT_INDICATORS.reduce((s, k) => s + a.scores[k], 0) / ASSESSMENT_INDICATORS.length;

/** Each component on 0-100 from the figures, or why it is missing. */
export function componentValues(f: AppraisalFigures, csatMode: AppraisalConfig['csatMode']): Record<ComponentKey, { value: number | null; missing: MissingReason | null }> {
  const pct = (x: number | null, reason: MissingReason = 'no-data') => (x === null ? { value: null, missing: reason } : { value: round(x * 100), missing: null });
  const csat = csatMode === 'satisfied' ? f.csat.satisfiedShare : f.csat.mean === null ? null : (f.csat.mean - 1) / 4;
  return {
    qa: f.qa.n === 0 ? { value: null, missing: 'no-data' } : !f.qa.enough ? { value: null, missing: 'not-enough-evaluations' } : { value: round(f.qa.mean!), missing: null },
    csat: pct(csat),
    sla: pct(f.sla.rate),
    actions: pct(f.actions.onTimeRate),
    supervisor: f.supervisor ? { value: round(assessmentMean(f.supervisor)), missing: null } : { value: null, missing: 'not-entered' },
    self: f.self ? { value: round(assessmentMean(f.self)), missing: null } : { value: null, missing: 'not-entered' },
  };
}

export function gradeOf(value: number, grades: GradeBand[]): string | null {
  if (!grades.length) return null;
  return (grades.find((g) => value >= g.min) ?? grades[grades.length - 1]!).grade;
}

/** Weighted mean of the components present; missing ones are left out and the remaining weights re-normalised. */
export function composite(f: AppraisalFigures, config: AppraisalConfig): Composite {
  const values = componentValues(f, config.csatMode);
  const present = COMPONENTS.filter((k) => values[k].value !== null && config.weights[k] > 0);
  const total = present.reduce((s, k) => s + config.weights[k], 0);
  const components: ComponentValue[] = COMPONENTS.map((k) => {
    const v = values[k];
    const missing: MissingReason | null = v.missing ?? (config.weights[k] === 0 ? 'weight-zero' : null);
    return { key: k, value: v.value, weight: config.weights[k], share: missing || total === 0 ? 0 : round(config.weights[k] / total), missing };
  });
  const value = total === 0 ? null : round(present.reduce((s, k) => s + values[k].value! * config.weights[k], 0) / total);
  return {
    components,
    value,
    grade: value === null ? null : gradeOf(value, config.grades),
    missing: components.filter((c) => c.missing !== null && c.missing !== 'weight-zero').map((c) => c.key),
  };
}

// The locked, hashed record, its amendment chain, reconciliation with the server and the sync record: their own file.
export * from './lockedRecords';
