// The score of one evaluation, exactly as shared/domain/SCORING.md defines it, with a step-by-step trace the UI
// shows ("why is this 37.5?"). Full precision throughout; rounding is for display only.
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

export function criterionScore(c: Criterion, selected: number): number {
  const { min, max } = scaleRange(c.scale);
  return (selected - min) / (max - min);
}

export function scoreEvaluation(rubric: RubricDefinition, answers: Answers, itemKind: 'call' | 'ticket'): ScoreResult {
  const trace: TraceStep[] = [];
  const criteria: Record<string, number | null> = {};
  const sections: ScoreResult['sections'] = [];
  let failAll: Criterion | null = null;
  let firstSectionFail: Criterion | null = null;
  let num = 0;
  let den = 0;

  for (const section of rubric.sections) {
    let sNum = 0;
    let sDen = 0;
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
      const s = criterionScore(c, a!.value!);
      criteria[c.id] = s;
      applicable++;
      sNum += c.weight * s;
      sDen += c.weight;
      trace.push({ kind: 'criterion', sectionId: section.id, criterionId: c.id, title: c.title, selected: a!.value!, min, max, s, weight: c.weight });
      if (c.critical && s < c.critical.threshold) {
        trace.push({ kind: 'critical', sectionId: section.id, criterionId: c.id, title: c.title, s, threshold: c.critical.threshold, scope: c.critical.scope });
        if (c.critical.scope === 'all') failAll ??= c;
        else sectionFail ??= c;
      }
    }
    // A failed critical criterion counts its section as 0 even when the others are N/A (fail section > N/A).
    const sectionScore = sectionFail ? 0 : applicable > 0 && sDen > 0 ? sNum / sDen : null;
    if (sectionFail) firstSectionFail ??= sectionFail;
    trace.push({ kind: 'section', sectionId: section.id, title: section.title, numerator: sNum, denominator: sDen, score: sectionScore, failed: !!sectionFail, weight: section.weight });
    sections.push({ sectionId: section.id, score: sectionScore, failedBy: sectionFail?.id ?? null });
    if (sectionScore !== null) {
      num += section.weight * sectionScore;
      den += section.weight;
    }
  }

  let score = den > 0 ? (100 * num) / den : null;
  trace.push({ kind: 'total', numerator: num, denominator: den, score });
  if (failAll) {
    score = 0;
    trace.push({ kind: 'fail-all', criterionId: failAll.id, title: failAll.title });
  }
  const outcome: Outcome = score === null ? 'not-applicable' : !failAll && score >= rubric.passingScore ? 'pass' : 'fail';
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
