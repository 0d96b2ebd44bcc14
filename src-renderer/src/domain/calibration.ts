// The calibration report (SCORING.md, "Calibration"): per criterion how well the reviewers agree (Krippendorff's
// alpha, ordinal for point scales and nominal for yes/no, with the share of exact agreement), each reviewer's
// alignment with the reference answers (1 - |s_reviewer - s_reference| per criterion, weighted mean over the
// rubric), the spread of total scores per item, each reviewer's leniency (mean deviation from the item's mean
// score), and alpha over the whole session with item and rater counts.
import { krippendorffAlpha, type AlphaResult } from './krippendorff';
import { appliesToItem, type Criterion, type RubricDefinition } from './rubric';
import { criterionScore, scoreEvaluation } from './scoring';
import type { EvaluationAnswer } from './model';

export interface CalibrationScoring {
  reviewerId: string;
  itemId: string;
  itemKind: 'call' | 'ticket';
  answers: Record<string, EvaluationAnswer>;
}

export interface CriterionAgreement {
  criterionId: string;
  title: string;
  level: 'ordinal' | 'nominal';
  alpha: number | null;
  /** Items on which every reviewer who answered chose the same level. */
  exactShare: number | null;
  items: number;
}

export interface ReviewerAlignment {
  reviewerId: string;
  /** 0..1 against the reference, null without a reference. */
  alignment: number | null;
  /** Mean of (this reviewer's score - the item's mean score) over the items they scored: + lenient, - severe. */
  leniency: number | null;
  scored: number;
}

export interface ItemSpread {
  itemId: string;
  scores: { reviewerId: string; score: number | null }[];
  min: number | null;
  max: number | null;
  sd: number | null;
}

export interface CalibrationReport {
  criteria: CriterionAgreement[];
  reviewers: ReviewerAlignment[];
  items: ItemSpread[];
  overall: { ordinal: AlphaResult; nominal: AlphaResult };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** `reference` holds the reference answers per item (from the session owner), when they were given. */
export function calibrationReport(rubric: RubricDefinition, scorings: CalibrationScoring[], reference: Map<string, Record<string, EvaluationAnswer>> = new Map()): CalibrationReport {
  const reviewers = [...new Set(scorings.map((s) => s.reviewerId))].sort();
  const itemIds = [...new Set(scorings.map((s) => s.itemId))].sort();
  const kindOf = new Map(scorings.map((s) => [s.itemId, s.itemKind]));
  const all = rubric.sections.flatMap((s) => s.criteria);
  const byKey = new Map(scorings.map((s) => [`${s.reviewerId}|${s.itemId}`, s]));
  const value = (r: string, item: string, c: Criterion) => {
    const a = byKey.get(`${r}|${item}`)?.answers[c.id];
    return a && a.value !== null && appliesToItem(c, kindOf.get(item)!) ? a.value : null;
  };

  const criteria: CriterionAgreement[] = all.map((c) => {
    const level = c.scale.kind === 'binary' ? 'nominal' : 'ordinal';
    const data = reviewers.map((r) => itemIds.map((item) => value(r, item, c)));
    const result = krippendorffAlpha(data, level);
    const judged = itemIds.map((_, u) => data.map((row) => row[u]).filter((v): v is number => v !== null)).filter((vs) => vs.length >= 2);
    return {
      criterionId: c.id,
      title: c.title,
      level,
      alpha: result.alpha,
      exactShare: judged.length ? judged.filter((vs) => vs.every((v) => v === vs[0])).length / judged.length : null,
      items: result.items,
    };
  });

  // Whole session: every (item, criterion) is a unit; levels become criterion scores s in 0..1 so scales mix.
  const units = itemIds.flatMap((item) => all.map((c) => ({ item, c })));
  const sOf = (r: string, u: { item: string; c: Criterion }) => {
    const v = value(r, u.item, u.c);
    return v === null ? null : criterionScore(u.c, v);
  };
  const overall = {
    ordinal: krippendorffAlpha(reviewers.map((r) => units.map((u) => (u.c.scale.kind === 'binary' ? null : sOf(r, u)))), 'ordinal'),
    nominal: krippendorffAlpha(reviewers.map((r) => units.map((u) => (u.c.scale.kind === 'binary' ? sOf(r, u) : null))), 'nominal'),
  };

  const totals = new Map(scorings.map((s) => [`${s.reviewerId}|${s.itemId}`, scoreEvaluation(rubric, s.answers, s.itemKind).score]));
  const items: ItemSpread[] = itemIds.map((item) => {
    const scores = reviewers.filter((r) => byKey.has(`${r}|${item}`)).map((r) => ({ reviewerId: r, score: totals.get(`${r}|${item}`) ?? null }));
    const xs = scores.map((x) => x.score).filter((x): x is number => x !== null);
    const m = mean(xs);
    return {
      itemId: item,
      scores,
      min: xs.length ? Math.min(...xs) : null,
      max: xs.length ? Math.max(...xs) : null,
      sd: xs.length >= 2 ? Math.sqrt(xs.reduce((a, x) => a + (x - m!) ** 2, 0) / (xs.length - 1)) : null,
    };
  });
  const itemMean = new Map(items.map((i) => [i.itemId, mean(i.scores.map((x) => x.score).filter((x): x is number => x !== null))]));

  const reviewerRows: ReviewerAlignment[] = reviewers.map((r) => {
    const mine = scorings.filter((s) => s.reviewerId === r);
    // Alignment: weighted mean over the criteria both answered, per item, then averaged over items.
    const perItem: number[] = [];
    for (const s of mine) {
      const ref = reference.get(s.itemId);
      if (!ref) continue;
      let w = 0;
      let acc = 0;
      for (const c of all) {
        if (!appliesToItem(c, s.itemKind)) continue;
        const mineV = s.answers[c.id]?.value;
        const refV = ref[c.id]?.value;
        if (mineV === null || mineV === undefined || refV === null || refV === undefined) continue;
        w += c.weight;
        acc += c.weight * (1 - Math.abs(criterionScore(c, mineV) - criterionScore(c, refV)));
      }
      if (w > 0) perItem.push(acc / w);
    }
    const deviations = mine
      .map((s) => {
        const own = totals.get(`${r}|${s.itemId}`);
        const m = itemMean.get(s.itemId);
        return own === null || own === undefined || m === null || m === undefined ? null : own - m;
      })
      .filter((x): x is number => x !== null);
    return { reviewerId: r, alignment: mean(perItem), leniency: mean(deviations), scored: mine.length };
  });
  return { criteria, reviewers: reviewerRows, items, overall };
}
