// The score of one evaluation, exactly as shared/domain/SCORING.md defines it, with a step-by-step trace the UI
// shows ("why is this 37.5?"). Full precision throughout; rounding is for display only.
import { add, cmp, div, frac, fromNumber, isZero, mul, toNumber, type Fraction } from './fraction';
import { appliesToItem, scaleRange, type Criterion, type RubricDefinition } from './rubric';

/** A reviewer's answer: a scale value, or null for N/A. */
export interface AnswerValue {
  value: number | null;
}
export type Answers = Record<string, AnswerValue | undefined>;

export type TraceStep =
  | { kind: 'criterion'; sectionId: string; criterionId: string; title: string; selected: number; min: number; max: number; s: number; weight: number }
  | { kind: 'excluded'; sectionId: string; criterionId: string; title: string; reason: 'na' | 'not-applicable' | 'unanswered' }
  | { kind: 'critical'; sectionId: string; criterionId: string; title: string; s: number; threshold: number; scope: 'section' | 'all' }
  | { kind: 'section'; sectionId: string; title: string; numerator: number; denominator: number; score: number | null; failed: boolean; weight: number }
  | { kind: 'total'; numerator: number; denominator: number; score: number | null }
  | { kind: 'fail-all'; criterionId: string; title: string }
  | { kind: 'outcome'; score: number | null; passingScore: number; outcome: Outcome };

export type Outcome = 'pass' | 'fail' | 'not-applicable';

export interface ScoreResult {
  /** 0-100 at full precision; null when no section applies. */
  score: number | null;
  outcome: Outcome;
  failedBy: { criterionId: string; scope: 'section' | 'all' } | null;
  sections: { sectionId: string; score: number | null; failedBy: string | null }[];
  criteria: Record<string, number | null>;
  trace: TraceStep[];
}

const ZERO = frac(0n);
const HUNDRED = frac(100n);

export function criterionScore(c: Criterion, selected: number): number {
  return toNumber(criterionFraction(c, selected));
}

/** The criterion score exactly: (selected - min) / (max - min). */
function criterionFraction(c: Criterion, selected: number): Fraction {
  const { min, max } = scaleRange(c.scale);
  return div(fromNumber(selected - min), fromNumber(max - min));
}

export function scoreEvaluation(rubric: RubricDefinition, answers: Answers, itemKind: 'call' | 'ticket'): ScoreResult {
  const trace: TraceStep[] = [];
  const criteria: Record<string, number | null> = {};
  const sections: ScoreResult['sections'] = [];
  let failAll: Criterion | null = null;
  let firstSectionFail: Criterion | null = null;
  // Sums kept exactly (fractions); the trace and the stored score get the nearest double.
  let num = ZERO;
  let den = ZERO;

  for (const section of rubric.sections) {
    let sNum = ZERO;
    let sDen = ZERO;
    let applicable = 0;
    let sectionFail: Criterion | null = null;
    for (const c of section.criteria) {
      const a = answers[c.id];
      const reason = !appliesToItem(c, itemKind) ? 'not-applicable' : a === undefined ? 'unanswered' : a.value === null ? 'na' : null;
      if (reason) {
        criteria[c.id] = null;
        trace.push({ kind: 'excluded', sectionId: section.id, criterionId: c.id, title: c.title, reason });
        continue;
      }
      const { min, max } = scaleRange(c.scale);
      const exact = criterionFraction(c, a!.value!);
      const s = toNumber(exact);
      criteria[c.id] = s;
      applicable++;
      sNum = add(sNum, mul(fromNumber(c.weight), exact));
      sDen = add(sDen, fromNumber(c.weight));
      trace.push({ kind: 'criterion', sectionId: section.id, criterionId: c.id, title: c.title, selected: a!.value!, min, max, s, weight: c.weight });
      if (c.critical && cmp(exact, fromNumber(c.critical.threshold)) < 0) {
        trace.push({ kind: 'critical', sectionId: section.id, criterionId: c.id, title: c.title, s, threshold: c.critical.threshold, scope: c.critical.scope });
        if (c.critical.scope === 'all') failAll ??= c;
        else sectionFail ??= c;
      }
    }
    // A failed critical criterion counts its section as 0 even when the others are N/A (fail section > N/A).
    const exactSection = sectionFail ? ZERO : applicable > 0 && !isZero(sDen) ? div(sNum, sDen) : null;
    const sectionScore = exactSection === null ? null : toNumber(exactSection);
    if (sectionFail) firstSectionFail ??= sectionFail;
    trace.push({ kind: 'section', sectionId: section.id, title: section.title, numerator: toNumber(sNum), denominator: toNumber(sDen), score: sectionScore, failed: !!sectionFail, weight: section.weight });
    sections.push({ sectionId: section.id, score: sectionScore, failedBy: sectionFail?.id ?? null });
    if (exactSection !== null) {
      num = add(num, mul(fromNumber(section.weight), exactSection));
      den = add(den, fromNumber(section.weight));
    }
  }

  let exactScore = !isZero(den) ? div(mul(HUNDRED, num), den) : null;
  let score = exactScore === null ? null : toNumber(exactScore);
  trace.push({ kind: 'total', numerator: toNumber(num), denominator: toNumber(den), score });
  if (failAll) {
    exactScore = ZERO;
    score = 0;
    trace.push({ kind: 'fail-all', criterionId: failAll.id, title: failAll.title });
  }
  // Compared exactly: a score that is the passing mark passes.
  const outcome: Outcome = exactScore === null ? 'not-applicable' : !failAll && cmp(exactScore, fromNumber(rubric.passingScore)) >= 0 ? 'pass' : 'fail';
  trace.push({ kind: 'outcome', score, passingScore: rubric.passingScore, outcome });
  const failedBy = failAll ? { criterionId: failAll.id, scope: 'all' as const } : firstSectionFail ? { criterionId: firstSectionFail.id, scope: 'section' as const } : null;
  return { score, outcome, failedBy, sections, criteria, trace };
}

/** Criteria that still need an answer before submitting (applicable to the item, no value and no N/A). */
export function unansweredCriteria(rubric: RubricDefinition, answers: Answers, itemKind: 'call' | 'ticket'): string[] {
  return rubric.sections.flatMap((s) => s.criteria.filter((c) => appliesToItem(c, itemKind) && answers[c.id] === undefined).map((c) => c.id));
}

/** Display rounding (1 decimal), the only rounding anywhere. */
export function displayScore(score: number | null): string {
  return score === null ? '—' : (Math.round(score * 10) / 10).toFixed(1);
}

/**
 * A score shown next to its outcome: one decimal, unless that would read as the mark on the other side of it
 * (79.96 fails a mark of 80 but rounds to "80.0"): then the digits that show why ("79.96"), cut, not rounded.
 */
export function displayScoreFor(score: number | null, passingScore: number, outcome: Outcome | null): string {
  const shown = displayScore(score);
  if (score === null || outcome === null || outcome === 'not-applicable') return shown;
  const readsAsPass = Number(shown) >= passingScore;
  if (readsAsPass === (outcome === 'pass')) return shown;
  for (let digits = 2; digits <= 6; digits++) {
    const f = 10 ** digits;
    const cut = (outcome === 'pass' ? Math.ceil(score * f - 1e-9) : Math.floor(score * f + 1e-9)) / f;
    if (cut >= passingScore === (outcome === 'pass')) return cut.toFixed(digits);
  }
  return String(score);
}
