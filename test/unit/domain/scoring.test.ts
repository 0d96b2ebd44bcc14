// The score engine against SCORING.md: worked examples, and properties that must hold for any rubric and answers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRubric, scaleValues, type Criterion, type RubricDefinition, type Scale } from '@renderer/domain/rubric';
import { displayScore, displayScoreFor, scoreEvaluation, unansweredCriteria, type Answers } from '@renderer/domain/scoring';

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

describe('a score exactly on the passing mark', () => {
  const four = (id: string) => crit(id, 1, { scale: { kind: 'points', levels: 4 } });
  it('sections weighted 1, 2, 1 scoring 1, 2/3, 2/3 are exactly 75 and pass a mark of 75 (floating point gave 74.99999999999999)', () => {
    const r = rubric(
      [
        { id: 'a', weight: 1, criteria: [four('a1')] },
        { id: 'b', weight: 2, criteria: [four('b1')] },
        { id: 'c', weight: 1, criteria: [four('c1')] },
      ],
      75,
    );
    const res = scoreEvaluation(r, { a1: { value: 4 }, b1: { value: 3 }, c1: { value: 3 } }, 'call');
    expect(res.score).toBe(75);
    expect(res.outcome).toBe('pass');
  });

  it('an ordinary 4-point rubric at exactly 80 passes a mark of 80', () => {
    // Five equally weighted 4-point criteria: 1, 1, 2/3, 2/3, 2/3 = 4/5 = 80 %.
    const r = rubric([{ id: 's', criteria: ['a', 'b', 'c', 'd', 'e'].map(four) }], 80);
    const res = scoreEvaluation(r, { a: { value: 4 }, b: { value: 4 }, c: { value: 3 }, d: { value: 3 }, e: { value: 3 } }, 'call');
    expect(res).toMatchObject({ score: 80, outcome: 'pass' });
  });

  // Random rubrics and answers; the exact score, worked out here with BigInt fractions, becomes the mark whenever it
  // is a short decimal: the engine must pass it, and fail a mark a hair above.
  it('property: a rubric whose exact score equals the mark passes; a mark just above fails', () => {
    const scale = fc.constantFrom<Scale>({ kind: 'binary' }, { kind: 'points', levels: 3 }, { kind: 'points', levels: 4 }, { kind: 'points', levels: 5 }, { kind: 'range', max: 10 });
    const section = fc.record({ weight: fc.integer({ min: 1, max: 5 }), criteria: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 20 }), scale, pick: fc.nat() }), { minLength: 1, maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 4 }), (sections) => {
        let num = 0n;
        let den = 1n;
        let wsum = 0n;
        const defs = sections.map((s, i) => {
          let sn = 0n;
          let sd = 1n;
          let cw = 0n;
          const criteria = s.criteria.map((c, j) => {
            const values = scaleValues(c.scale);
            const value = values[c.pick % values.length]!;
            const min = values[0]!;
            const max = values[values.length - 1]!;
            // sn/sd += w * (value - min) / (max - min)
            sn = sn * BigInt(max - min) + BigInt(c.weight * (value - min)) * sd;
            sd = sd * BigInt(max - min);
            cw += BigInt(c.weight);
            return { crit: crit(`c${i}_${j}`, c.weight, { scale: c.scale }), value };
          });
          // section = sn / (sd * cw); num/den += W * section
          num = num * sd * cw + BigInt(s.weight) * sn * den;
          den = den * sd * cw;
          wsum += BigInt(s.weight);
          return { id: `s${i}`, weight: s.weight, criteria };
        });
        // exact score = 100 * num / (den * wsum); keep the cases that are a decimal with at most 4 places
        const n = 100n * num * 10000n;
        const d = den * wsum;
        fc.pre(n % d === 0n);
        const mark = Number(n / d) / 10000;
        const answers = Object.fromEntries(defs.flatMap((s) => s.criteria.map((c) => [c.crit.id, { value: c.value }])));
        const r = rubric(defs.map((s) => ({ id: s.id, weight: s.weight, criteria: s.criteria.map((c) => c.crit) })), mark);
        expect(scoreEvaluation(r, answers, 'call').outcome).toBe('pass');
        expect(scoreEvaluation({ ...r, passingScore: mark + 0.0001 }, answers, 'call').outcome).toBe('fail');
      }),
      { numRuns: 400, seed: 75 },
    );
  });

  it('shown next to its outcome, a score that would round onto the mark shows the digits that explain it', () => {
    expect(displayScoreFor(79.96, 80, 'fail')).toBe('79.96');
    expect(displayScoreFor(79.999, 80, 'fail')).toBe('79.99');
    expect(displayScoreFor(80, 80, 'pass')).toBe('80.0');
    expect(displayScoreFor(79.94, 80, 'fail')).toBe('79.9');
    expect(displayScoreFor(80.04, 80.04, 'pass')).toBe('80.04');
    expect(displayScoreFor(null, 80, 'not-applicable')).toBe('—');
  });
});
