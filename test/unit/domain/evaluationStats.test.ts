// Which evaluations count toward a person's scores, through the one rule every view uses.
import { describe, expect, it } from 'vitest';
import { countedEvaluations, scoreSummary } from '@renderer/domain/evaluationStats';
import { computeFigures } from '@renderer/domain/appraisal';
import { submittedEvaluation } from '../../pg/records';
import { compileCalendar, DEFAULT_CALENDAR } from '@renderer/domain/workingCalendar';
import { DEFAULT_SERVICE_STANDARDS } from '@renderer/domain/serviceStandards';

const ev = (score: number | null, extra: Record<string, unknown> = {}) => ({ status: 'submitted' as const, calibrationSessionId: null, deletedAt: null, score, ...extra });

describe('evaluations that count', () => {
  it('an all-N/A evaluation (no score) is left out, not counted as 0: 90, 80 and one all-N/A give 85, n = 2', () => {
    const s = scoreSummary([ev(90), ev(80), ev(null)], 1);
    expect(s.mean).toBe(85);
    expect(s.n).toBe(2);
  });

  it('drafts, calibration-only and deleted evaluations are left out too', () => {
    const all = [ev(70), ev(100, { status: 'draft' }), ev(10, { calibrationSessionId: 'c1' }), ev(0, { deletedAt: '2026-01-01T00:00:00Z' })];
    expect(countedEvaluations(all).map((e) => e.score)).toEqual([70]);
  });

  it('the appraisal counts the same ones', () => {
    const evaluations = [90, 80, null].map((score, i) => submittedEvaluation(`e${i}`, score));
    const f = computeFigures(
      { evaluations, rubrics: new Map(), tickets: [], actions: [], disputes: [], supervisor: null, self: null },
      { standards: DEFAULT_SERVICE_STANDARDS, calendar: compileCalendar(DEFAULT_CALENDAR), minEvaluations: 1, nowMs: Date.parse('2026-11-01T00:00:00Z') },
    );
    expect(f.qa.mean).toBe(85);
    expect(f.qa.n).toBe(2);
  });
});
