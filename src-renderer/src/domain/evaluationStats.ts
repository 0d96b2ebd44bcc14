// Aggregates over evaluations for "My scores": weekly averages, per-criterion results and the period the figures
// cover. Plain data in and out.
import type { Evaluation } from './model';
import type { RubricDefinition } from './rubric';
import { criterionScore } from './scoring';
import { periodAt } from './samplePlan';
import { periodScore, type PeriodScore } from './periodScore';

/**
 * The evaluations that count toward a person's scores: submitted, not calibration-only, not deleted, and with a
 * score (an evaluation where every criterion was N/A has none: it is left out, never counted as 0). The one rule
 * My scores, the appraisal and every mean use.
 */
export function countedEvaluations<E extends Pick<Evaluation, 'status' | 'calibrationSessionId' | 'deletedAt' | 'score'>>(evals: readonly E[]): (E & { score: number })[] {
  return evals.filter((e): e is E & { score: number } => e.status === 'submitted' && !e.calibrationSessionId && !e.deletedAt && e.score !== null);
}

/** A person's mean score with its interval, over the evaluations that count. */
export function scoreSummary(evals: readonly Pick<Evaluation, 'status' | 'calibrationSessionId' | 'deletedAt' | 'score'>[], minN: number): PeriodScore {
  return periodScore(countedEvaluations(evals).map((e) => e.score), minN);
}

/** Monday (UTC) of the week an instant falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

/** Mean score per week of the work's date; evaluations without a score are left out. */
export function weeklyMeans(evals: Pick<Evaluation, 'occurredAt' | 'score'>[]): Map<string, { mean: number; n: number }> {
  const acc = new Map<string, { sum: number; n: number }>();
  for (const e of evals) {
    if (e.score === null) continue;
    const w = weekOf(e.occurredAt);
    const a = acc.get(w) ?? { sum: 0, n: 0 };
    a.sum += e.score;
    a.n++;
    acc.set(w, a);
  }
  return new Map([...acc].map(([w, a]) => [w, { mean: a.sum / a.n, n: a.n }]));
}

export interface CriterionResult {
  criterionId: string;
  title: string;
  /** Mean criterion score s (0..1) over applicable answers. */
  mean: number;
  failed: number;
  applicable: number;
}

/** Per criterion: mean s and failures (s < 1) over the applicable answers, strongest first. */
export function criterionResults(evals: Pick<Evaluation, 'answers' | 'rubricVersionId'>[], rubrics: Map<string, RubricDefinition>): CriterionResult[] {
  const acc = new Map<string, CriterionResult & { sum: number }>();
  for (const e of evals) {
    const def = rubrics.get(e.rubricVersionId);
    if (!def) continue;
    for (const c of def.sections.flatMap((s) => s.criteria)) {
      const a = e.answers[c.id];
      if (!a || a.value === null) continue;
      const s = criterionScore(c, a.value);
      const r = acc.get(c.id) ?? { criterionId: c.id, title: c.title, mean: 0, failed: 0, applicable: 0, sum: 0 };
      r.sum += s;
      r.applicable++;
      if (s < 1) r.failed++;
      acc.set(c.id, r);
    }
  }
  return [...acc.values()].map(({ sum, ...r }) => ({ ...r, mean: sum / r.applicable })).sort((a, b) => b.mean - a.mean);
}

export const SCORE_RANGES = ['month', 'lastMonth', 'quarter', 'all'] as const;
export type ScoreRange = (typeof SCORE_RANGES)[number];

/**
 * Whether a work date (ISO instant) falls in the chosen period: this or last calendar month in the company's zone,
 * the last 90 days, or any time.
 */
export function rangeFilter(range: ScoreRange, nowMs: number, zone: string): (iso: string) => boolean {
  if (range === 'all') return () => true;
  if (range === 'quarter') {
    const from = new Date(nowMs - 90 * 86_400_000).toISOString();
    return (iso) => iso >= from;
  }
  const month = periodAt({ kind: 'monthly' }, nowMs, zone);
  const p = range === 'month' ? month : periodAt({ kind: 'monthly' }, month.start - 1, zone);
  const [from, to] = [new Date(p.start).toISOString(), new Date(p.end).toISOString()];
  return (iso) => iso >= from && iso < to;
}
