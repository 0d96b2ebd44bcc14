// The score engine against SCORING.md: worked examples, and properties that must hold for any rubric and answers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRubric, scaleValues, type Criterion, type RubricDefinition, type Scale } from '@renderer/domain/rubric';
import { displayScore, scoreEvaluation, unansweredCriteria, type Answers } from '@renderer/domain/scoring';

const crit = (id: string, weight: number, extra: Partial<Criterion> = {}): Criterion => ({
  id, title: id, description: '', guidance: [], scale: { kind: 'binary' }, weight, allowNa: true, critical: null, appliesTo: 'both', rootCauses: [], ...extra,
});
const rubric = (sections: { id: string; weight?: number; criteria: Criterion[] }[], passingScore = 80): RubricDefinition => ({
  name: 'r', description: '', language: 'en', passingScore, sections: sections.map((s) => ({ id: s.id, title: s.id, weight: s.weight ?? 1, criteria: s.criteria })),
});

describe('SCORING.md worked example', () => {
  const r = rubric([{ id: 's', criteria: [crit('greeting', 10), crit('identity', 20), crit('solved', 50), crit('closing', 10)] }]);
  const answers: Answers = { greeting: { value: 1 }, identity: { value: 1 }, solved: { value: 0 }, closing: { value: null } };
  it('binary criteria with one N/A: (10*1 + 20*1 + 50*0) / (10+20+50) = 37.5', () => {
    const res = scoreEvaluation(r, answers, 'call');
    expect(res.score).toBe(37.5);
    expect(res.outcome).toBe('fail');
    expect(displayScore(res.score)).toBe('37.5');
    expect(res.trace).toContainEqual(expect.objectContaining({ kind: 'excluded', criterionId: 'closing', reason: 'na' }));
    expect(res.trace).toContainEqual(expect.objectContaining({ kind: 'section', numerator: 30, denominator: 80, score: 0.375 }));
  });
  it('"verified identity" critical fail-all answered no: 0, failed by it', () => {
    const r2 = rubric([{ id: 's', criteria: [crit('greeting', 10), crit('identity', 20, { critical: { scope: 'all', threshold: 0.5 } }), crit('solved', 50), crit('closing', 10)] }]);
    const res = scoreEvaluation(r2, { ...answers, identity: { value: 0 }, solved: { value: 1 } }, 'call');
    expect(res).toMatchObject({ score: 0, outcome: 'fail', failedBy: { criterionId: 'identity', scope: 'all' } });
  });
  it('4-point scale gives 0, 1/3, 2/3, 1; sections weigh by W; fail-section zeroes only its section', () => {
    const four = crit('tone', 10, { scale: { kind: 'points', levels: 4 } });
    const r3 = rubric([
      { id: 'a', weight: 2, criteria: [four] },
      { id: 'b', weight: 1, criteria: [crit('policy', 10, { critical: { scope: 'section', threshold: 0.5 } }), crit('other', 10)] },
    ]);
    expect(scoreEvaluation(r3, { tone: { value: 2 }, policy: { value: 1 }, other: { value: 1 } }, 'call').score).toBeCloseTo((100 * (2 * (1 / 3) + 1)) / 3, 10);
    const failed = scoreEvaluation(r3, { tone: { value: 4 }, policy: { value: 0 }, other: { value: 1 } }, 'call');
    expect(failed.score).toBeCloseTo((100 * 2) / 3, 10);
    expect(failed.failedBy).toEqual({ criterionId: 'policy', scope: 'section' });
    expect(failed.sections[1]).toEqual({ sectionId: 'b', score: 0, failedBy: 'policy' });
  });
  it('criteria for the other kind of item are left out; nothing applicable is "not applicable", not 0', () => {
    const r4 = rubric([{ id: 's', criteria: [crit('callOnly', 10, { appliesTo: 'calls' }), crit('both', 10)] }]);
    expect(scoreEvaluation(r4, { callOnly: { value: 0 }, both: { value: 1 } }, 'ticket').score).toBe(100);
    expect(unansweredCriteria(r4, {}, 'ticket')).toEqual(['both']);
    expect(scoreEvaluation(r4, { both: { value: null } }, 'ticket')).toMatchObject({ score: null, outcome: 'not-applicable' });
  });
  it('passes at exactly the passing score', () => {
    const r5 = rubric([{ id: 's', criteria: [crit('a', 80), crit('b', 20)] }], 80);
    expect(scoreEvaluation(r5, { a: { value: 1 }, b: { value: 0 } }, 'call')).toMatchObject({ score: 80, outcome: 'pass' });
  });
});

// Random rubrics and answers for the properties.
const scaleArb: fc.Arbitrary<Scale> = fc.oneof(
  fc.constant({ kind: 'binary' as const }),
  fc.constantFrom(3, 4, 5).map((levels) => ({ kind: 'points' as const, levels: levels as 3 | 4 | 5 })),
  fc.integer({ min: 1, max: 10 }).map((max) => ({ kind: 'range' as const, max })),
);
const rubricArb = (withCritical: boolean) =>
  fc
    .array(
      fc.record({
        weight: fc.integer({ min: 1, max: 5 }),
        criteria: fc.array(
          fc.record({
            scale: scaleArb,
            weight: fc.integer({ min: 0, max: 100 }),
            critical: withCritical ? fc.option(fc.record({ scope: fc.constantFrom('section' as const, 'all' as const), threshold: fc.double({ min: 0.01, max: 1, noNaN: true }) })) : fc.constant(null),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((secs) =>
      rubric(secs.map((s, si) => ({ id: `s${si}`, weight: s.weight, criteria: s.criteria.map((c, ci) => crit(`c${si}_${ci}`, c.weight, { scale: c.scale, critical: c.critical })) }))),
    );
const answersArb = (r: RubricDefinition) =>
  fc.tuple(
    ...r.sections.flatMap((s) => s.criteria.map((c) => fc.option(fc.constantFrom(...scaleValues(c.scale)), { freq: 5 }).map((v) => [c.id, { value: v }] as const))),
  ).map((pairs) => Object.fromEntries(pairs) as Answers);
const withAnswers = (withCritical: boolean) => rubricArb(withCritical).chain((r) => fc.tuple(fc.constant(r), answersArb(r)));

describe('score engine properties', () => {
  it('the score is always within [0, 100] (or not applicable)', () => {
    fc.assert(
      fc.property(withAnswers(true), ([r, a]) => {
        const { score } = scoreEvaluation(r, a, 'call');
        return score === null || (score >= 0 && score <= 100 + 1e-9);
      }),
    );
  });
  it('raising any answer never lowers the score (no critical thresholds)', () => {
    fc.assert(
      fc.property(withAnswers(false), fc.nat(), ([r, a], pick) => {
        const all = r.sections.flatMap((s) => s.criteria);
        const c = all[pick % all.length]!;
        const values = scaleValues(c.scale);
        const cur = a[c.id]?.value;
        if (cur === null || cur === undefined || cur === values[values.length - 1]) return true;
        const before = scoreEvaluation(r, a, 'call').score!;
        const after = scoreEvaluation(r, { ...a, [c.id]: { value: values[values.indexOf(cur) + 1]! } }, 'call').score!;
        return after >= before - 1e-9;
      }),
    );
  });
  it('an N/A answer scores exactly like the rubric without that criterion', () => {
    fc.assert(
      fc.property(withAnswers(true), fc.nat(), ([r, a], pick) => {
        const all = r.sections.flatMap((s) => s.criteria);
        const c = all[pick % all.length]!;
        const withNa = scoreEvaluation(r, { ...a, [c.id]: { value: null } }, 'call').score;
        const without = rubric(
          r.sections.map((s) => ({ id: s.id, weight: s.weight, criteria: s.criteria.filter((x) => x.id !== c.id) })).filter((s) => s.criteria.length),
          r.passingScore,
        );
        const rest = Object.fromEntries(Object.entries(a).filter(([k]) => k !== c.id));
        const ref = scoreEvaluation(without, rest, 'call').score;
        return withNa === ref || (withNa !== null && ref !== null && Math.abs(withNa - ref) < 1e-9);
      }),
    );
  });
  it('a failed fail-all criterion always gives 0 and a fail', () => {
    fc.assert(
      fc.property(withAnswers(false), fc.nat(), ([r, a], pick) => {
        const all = r.sections.flatMap((s) => s.criteria);
        const c = all[pick % all.length]!;
        c.critical = { scope: 'all', threshold: 0.5 };
        const res = scoreEvaluation(r, { ...a, [c.id]: { value: scaleValues(c.scale)[0]! } }, 'call');
        return res.score === 0 && res.outcome === 'fail' && res.failedBy?.criterionId === c.id;
      }),
    );
  });
});

describe('checkRubric', () => {
  it('names where each problem is', () => {
    const bad = checkRubric({ name: '', sections: [{ id: 's', title: 'S', criteria: [{ id: 'a', title: 'A', scale: { kind: 'binary' }, weight: 120 }] }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toContainEqual({ path: 'name', message: 'a name is required' });
    expect(bad.problems.map((p) => p.path)).toContain('sections.0.criteria.0.weight');
    const dup = checkRubric({ name: 'x', sections: [{ id: 's', title: 'S', criteria: [crit('a', 1), crit('a', 1)] }] });
    expect(dup).toMatchObject({ ok: false, problems: [{ path: 'sections.0.criteria.1.id', message: 'duplicate id "a"' }] });
  });
});
