// The shipped rubric templates: valid, the same structure in both languages, guidance for every level, and
// scoring as intended (all best answers pass with 100; a policy breach fails the whole call).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRubric, scaleValues, type RubricDefinition } from '@renderer/domain/rubric';
import { scoreEvaluation, type Answers } from '@renderer/domain/scoring';

const load = (name: string): RubricDefinition => {
  const r = checkRubric(JSON.parse(readFileSync(join(__dirname, '..', '../../resources/rubrics', name), 'utf8')));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.rubric;
};
const shape = (r: RubricDefinition) => r.sections.map((s) => [s.id, s.weight, s.criteria.map((c) => [c.id, c.weight, c.scale, c.critical, c.allowNa, c.appliesTo, c.guidance.length])]);
const best = (r: RubricDefinition): Answers => Object.fromEntries(r.sections.flatMap((s) => s.criteria.map((c) => [c.id, { value: scaleValues(c.scale).at(-1)! }])));

describe('rubric templates', () => {
  for (const base of ['call-handling', 'ticket-handling']) {
    it(`${base}: valid in en and zh-CN with the same structure, guidance for every level`, () => {
      const en = load(`${base}.en.json`);
      const zh = load(`${base}.zh-CN.json`);
      expect(en.language).toBe('en');
      expect(zh.language).toBe('zh-CN');
      expect(shape(zh)).toEqual(shape(en));
      for (const c of en.sections.flatMap((s) => s.criteria)) expect(c.guidance.length, c.id).toBe(scaleValues(c.scale).length);
      const kind = base === 'call-handling' ? 'call' : 'ticket';
      expect(scoreEvaluation(en, best(en), kind)).toMatchObject({ score: 100, outcome: 'pass' });
    });
  }
  it('a policy breach fails the whole call; a wrong ticket answer zeroes the Answer section only', () => {
    const call = load('call-handling.en.json');
    expect(scoreEvaluation(call, { ...best(call), policy: { value: 0 } }, 'call')).toMatchObject({ score: 0, outcome: 'fail', failedBy: { criterionId: 'policy', scope: 'all' } });
    const ticket = load('ticket-handling.en.json');
    const r = scoreEvaluation(ticket, { ...best(ticket), correctness: { value: 1 } }, 'ticket');
    expect(r.failedBy).toEqual({ criterionId: 'correctness', scope: 'section' });
    expect(r.score).toBeCloseTo((100 * 3) / 5, 10);
  });
});
