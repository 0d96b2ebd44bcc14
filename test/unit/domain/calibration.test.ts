// The calibration report on the call-handling template: agreement per criterion, alignment with the reference
// (SCORING.md: 1 - |s_reviewer - s_reference|, weighted over the rubric), leniency, spread per item, overall alpha.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrationReport, type CalibrationScoring } from '@renderer/domain/calibration';
import { checkRubric, type RubricDefinition } from '@renderer/domain/rubric';
import type { EvaluationAnswer } from '@renderer/domain/model';

const checked = checkRubric(JSON.parse(readFileSync(join(__dirname, '..', '../../resources/rubrics/call-handling.en.json'), 'utf8')));
if (!checked.ok) throw new Error('template invalid');
const rubric: RubricDefinition = checked.rubric;

const answers = (over: Partial<Record<string, number | null>> = {}): Record<string, EvaluationAnswer> => {
  const base: Record<string, number | null> = { greeting: 4, listening: 4, diagnosis: 3, accuracy: 3, policy: 1, promises: 2, closing: 3, attitude: 1, ...over };
  return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, { value: v ?? null }]));
};
const scoring = (reviewerId: string, itemId: string, a: Record<string, EvaluationAnswer>): CalibrationScoring => ({ reviewerId, itemId, itemKind: 'call', answers: a });

describe('calibration report', () => {
  it('identical scoring: full alignment, no leniency, no spread', () => {
    const ref = new Map([['i1', answers()], ['i2', answers({ accuracy: 4 })]]);
    const s = ['a', 'b', 'c'].flatMap((r) => [scoring(r, 'i1', answers()), scoring(r, 'i2', answers({ accuracy: 4 }))]);
    const rep = calibrationReport(rubric, s, ref);
    for (const r of rep.reviewers) expect(r).toMatchObject({ alignment: 1, leniency: 0, scored: 2 });
    for (const i of rep.items) expect(i.sd).toBe(0);
    expect(rep.criteria.find((c) => c.criterionId === 'accuracy')!.alpha).toBe(1);
    expect(rep.criteria.find((c) => c.criterionId === 'greeting')!.alpha).toBeNull();
    expect(rep.criteria.find((c) => c.criterionId === 'greeting')!.exactShare).toBe(1);
  });

  it('one level off on greeting: alignment = 1 - (10 x 1/3) / 110 on that item; a harsher reviewer shows negative leniency', () => {
    const ref = new Map([['i1', answers()], ['i2', answers()]]);
    const s = [
      scoring('a', 'i1', answers()),
      scoring('a', 'i2', answers()),
      scoring('b', 'i1', answers({ greeting: 3 })),
      scoring('b', 'i2', answers()),
      scoring('c', 'i1', answers({ accuracy: 1, closing: 1 })),
      scoring('c', 'i2', answers({ accuracy: 2 })),
    ];
    const rep = calibrationReport(rubric, s, ref);
    const b = rep.reviewers.find((r) => r.reviewerId === 'b')!;
    // Item 1: 1 - 10*(1/3)/110; item 2: 1. Averaged over the two items.
    expect(b.alignment!).toBeCloseTo((1 - (10 / 3) / 110 + 1) / 2, 10);
    const c = rep.reviewers.find((r) => r.reviewerId === 'c')!;
    expect(c.leniency!).toBeLessThan(0);
    expect(rep.reviewers.find((r) => r.reviewerId === 'a')!.leniency!).toBeGreaterThan(0);
    expect(rep.items.find((i) => i.itemId === 'i1')!.max! - rep.items.find((i) => i.itemId === 'i1')!.min!).toBeGreaterThan(0);
    const accuracy = rep.criteria.find((x) => x.criterionId === 'accuracy')!;
    expect(accuracy.level).toBe('ordinal');
    expect(accuracy.alpha!).toBeLessThan(1);
    expect(accuracy.exactShare).toBe(0);
    expect(rep.overall.ordinal.raters).toBe(3);
    expect(rep.overall.ordinal.items).toBe(12);
    expect(rep.reviewers.every((r) => r.scored === 2)).toBe(true);
  });

  it('without a reference there is no alignment, but agreement and leniency still come out', () => {
    const s = [scoring('a', 'i1', answers()), scoring('b', 'i1', answers({ policy: 0 }))];
    const rep = calibrationReport(rubric, s);
    expect(rep.reviewers.map((r) => r.alignment)).toEqual([null, null]);
    expect(rep.criteria.find((c) => c.criterionId === 'policy')!.level).toBe('nominal');
    expect(rep.items[0]!.scores.map((x) => x.score)).toContain(0);
  });
});
