// Appraisal: every component formula against figures computed by hand, the composite with missing components
// (re-normalised and flagged), grade bands, periods in the company's zone, amendment chains, reconciliation.
import { describe, expect, it } from 'vitest';
import {
  brokenLink,
  checkAppraisalConfig,
  composite,
  computeFigures,
  contentHash,
  currentVersionOf,
  DEFAULT_APPRAISAL_CONFIG,
  gradeOf,
  periodContaining,
  periodFromKey,
  previousPeriod,
  reconcile,
  recordKey,
  resultsDiffer,
  type AppraisalContent,
  type AppraisalInputs,
  type EvaluationForAppraisal,
  type TicketForAppraisal,
} from '@renderer/domain/appraisal';
import type { RubricDefinition } from '@renderer/domain/rubric';
import { compileCalendar, DEFAULT_CALENDAR } from '@renderer/domain/workingCalendar';
import type { ServiceStandard } from '@renderer/domain/serviceStandards';

const ZONE = 'Asia/Shanghai';
const rubric: RubricDefinition = {
  name: 'r',
  description: '',
  language: 'en',
  passingScore: 80,
  sections: [
    {
      id: 's',
      title: 'S',
      weight: 1,
      criteria: [
        { id: 'greet', title: 'Greeting', description: '', guidance: [], scale: { kind: 'binary' }, weight: 10, allowNa: true, critical: null, appliesTo: 'both', rootCauses: [] },
        { id: 'solve', title: 'Solved', description: '', guidance: [], scale: { kind: 'points', levels: 4 }, weight: 50, allowNa: false, critical: null, appliesTo: 'both', rootCauses: [] },
      ],
    },
  ],
};
const rubrics = new Map([['rv1', rubric]]);

const ev = (id: string, score: number | null, over: Partial<EvaluationForAppraisal> = {}): EvaluationForAppraisal => ({
  id,
  score,
  outcome: score === null ? null : score >= 80 ? 'pass' : 'fail',
  failedBy: null,
  answers: { greet: { value: 1 }, solve: { value: 4 } },
  rubricVersionId: 'rv1',
  occurredAt: '2026-10-05T02:00:00.000Z',
  status: 'submitted',
  calibrationSessionId: null,
  deletedAt: null,
  ...over,
});

// Calendar clocks only, so the SLA figures are plain arithmetic: first response within 60 minutes.
const standards: ServiceStandard[] = [{ id: 'fr-60', metric: 'firstResponse', priorities: [], channels: [], target: 60, unit: 'minutes', clock: 'calendar' }];
const ticket = (id: string, over: Partial<TicketForAppraisal> = {}): TicketForAppraisal => ({
  id,
  priority: 'normal',
  channel: 'email',
  openedAt: '2026-10-06T01:00:00.000Z',
  firstResponseAt: '2026-10-06T01:30:00.000Z',
  resolvedAt: '2026-10-06T05:00:00.000Z',
  status: 'solved',
  reopenedCount: 0,
  csat: null,
  ...over,
});

const ctx = { standards, calendar: compileCalendar(DEFAULT_CALENDAR), minEvaluations: 5, nowMs: Date.parse('2026-11-03T00:00:00Z') };

function inputs(over: Partial<AppraisalInputs> = {}): AppraisalInputs {
  return {
    evaluations: [ev('e1', 90), ev('e2', 70, { answers: { greet: { value: 0 }, solve: { value: 2 } } }), ev('e3', 80), ev('e4', 100), ev('e5', 60, { failedBy: { criterionId: 'solve', scope: 'all' }, outcome: 'fail', answers: { greet: { value: null }, solve: { value: 1 } } })],
    rubrics,
    tickets: [
      ticket('t1', { csat: 5 }),
      ticket('t2', { csat: 4, reopenedCount: 1 }),
      ticket('t3', { csat: 2, firstResponseAt: '2026-10-06T03:00:00.000Z' }),
      ticket('t4', { status: 'open', resolvedAt: null, firstResponseAt: null, openedAt: '2026-11-02T23:30:00.000Z' }),
    ],
    actions: [
      { id: 'a1', createdAt: '2026-10-01T00:00:00Z', status: 'closed', outcome: 'effective', dueAt: '2026-10-15T16:00:00.000Z', completedAt: '2026-10-10T00:00:00.000Z' },
      { id: 'a2', createdAt: '2026-10-01T00:00:00Z', status: 'closed', outcome: 'not-effective', dueAt: '2026-10-15T16:00:00.000Z', completedAt: '2026-10-20T00:00:00.000Z' },
      { id: 'a3', createdAt: '2026-10-01T00:00:00Z', status: 'in-progress', outcome: null, dueAt: '2026-10-30T16:00:00.000Z', completedAt: null },
      { id: 'a4', createdAt: '2026-10-01T00:00:00Z', status: 'cancelled', outcome: null, dueAt: '2026-10-30T16:00:00.000Z', completedAt: null },
    ],
    disputes: [
      { id: 'd1', status: 'upheld', createdAt: '2026-10-07T00:00:00Z' },
      { id: 'd2', status: 'adjusted', createdAt: '2026-10-08T00:00:00Z' },
      { id: 'd3', status: 'open', createdAt: '2026-10-09T00:00:00Z' },
    ],
    supervisor: { scores: { workResults: 80, attitude: 90, ability: 70 }, note: '' },
    self: { scores: { workResults: 95, attitude: 95, ability: 95 }, note: 'ok' },
    ...over,
  };
}

describe('appraisal figures', () => {
  const f = computeFigures(inputs(), ctx);

  it('QA score: mean with n and a t interval; pass rate with Wilson; critical failures', () => {
    // (90 + 70 + 80 + 100 + 60) / 5 = 80; sd = sqrt(1000 / 4) = 15.811; t(4) = 2.776; half = 2.776 * 15.811 / sqrt 5 = 19.63
    expect(f.qa.n).toBe(5);
    expect(f.qa.mean).toBe(80);
    expect(f.qa.low).toBeCloseTo(60.37, 2);
    expect(f.qa.high).toBeCloseTo(99.63, 2);
    expect(f.qa.enough).toBe(true);
    // passes: 90, 80, 100 → 3 of 5
    expect(f.passRate).toMatchObject({ passes: 3, n: 5, rate: 0.6 });
    expect(f.passRate.low).toBeCloseTo(0.2307, 3);
    expect(f.passRate.high).toBeCloseTo(0.8824, 3);
    expect(f.criticalFailures).toEqual({ count: 1, evaluationIds: ['e5'] });
  });

  it('per-criterion failure rate is failed / applicable answers (N/A left out)', () => {
    // greet: e2 failed, e5 N/A → 1 / 4; solve (4-point, s < 1 fails): e2 (2 of 4), e5 (1 of 4) → 2 / 5
    expect(f.criterionFailures).toEqual([
      { criterionId: 'solve', title: 'Solved', failed: 2, applicable: 5, rate: 0.4 },
      { criterionId: 'greet', title: 'Greeting', failed: 1, applicable: 4, rate: 0.25 },
    ]);
  });

  it('CSAT: satisfied share and mean over rated tickets; FCR over resolved tickets', () => {
    expect(f.csat).toMatchObject({ rated: 3, satisfied: 2, mean: 11 / 3 });
    expect(f.csat.satisfiedShare).toBeCloseTo(2 / 3, 10);
    // resolved t1, t2, t3; t2 reopened → 2 / 3
    expect(f.fcr).toMatchObject({ resolved: 3, firstContact: 2 });
    expect(f.fcr.rate).toBeCloseTo(2 / 3, 10);
  });

  it('SLA compliance per standard and overall; a running clock is not judged yet', () => {
    // t1, t2 answered in 30 min (met), t3 in 120 min (breached), t4 opened 30 min before "now" and unanswered (running)
    expect(f.sla.perStandard).toEqual([{ standardId: 'fr-60', met: 2, breached: 1, rate: 2 / 3 }]);
    expect(f.sla).toMatchObject({ compliant: 2, judged: 3, breachedTicketIds: ['t3'] });
    // once the clock has run out, t4 is judged and breached
    const later = computeFigures(inputs(), { ...ctx, nowMs: Date.parse('2026-11-03T02:00:00Z') });
    expect(later.sla).toMatchObject({ compliant: 2, judged: 4, breachedTicketIds: ['t3', 't4'] });
  });

  it('corrective actions (cancelled count nowhere) and disputes', () => {
    expect(f.actions).toEqual({ opened: 3, closed: 2, closedOnTime: 1, onTimeRate: 0.5, effective: 1, effectiveRate: 0.5, actionIds: ['a1', 'a2', 'a3'] });
    expect(f.disputes).toEqual({ raised: 3, upheld: 1, adjusted: 1, open: 1, disputeIds: ['d1', 'd2', 'd3'] });
  });

  it('leaves out drafts, calibration-only and deleted evaluations', () => {
    const g = computeFigures(
      inputs({ evaluations: [ev('x', 10, { status: 'draft' }), ev('y', 10, { calibrationSessionId: 'c' }), ev('z', 10, { deletedAt: '2026-10-10T00:00:00Z' }), ev('k', 88)] }),
      ctx,
    );
    expect(g.qa).toMatchObject({ n: 1, mean: 88, enough: false, evaluationIds: ['k'] });
  });
});

describe('the composite', () => {
  it('is the weighted mean of the components on 0-100', () => {
    const c = composite(computeFigures(inputs(), ctx), DEFAULT_APPRAISAL_CONFIG);
    const byKey = Object.fromEntries(c.components.map((x) => [x.key, x.value]));
    // qa 80; csat satisfied 2/3 → 66.666667; sla 2/3 → 66.666667; actions on time 50; supervisor (80+90+70)/3 = 80; self 95
    expect(byKey).toEqual({ qa: 80, csat: 66.666667, sla: 66.666667, actions: 50, supervisor: 80, self: 95 });
    // (40*80 + 20*66.666667 + 10*66.666667 + 10*50 + 15*80 + 5*95) / 100 = 73.75
    expect(c.value).toBeCloseTo(73.75, 4);
    expect(c.grade).toBe('C');
    expect(c.missing).toEqual([]);
    expect(c.components.find((x) => x.key === 'qa')!.share).toBe(0.4);
  });

  it('CSAT as mean rating rescaled from 1-5', () => {
    const c = composite(computeFigures(inputs(), ctx), { ...DEFAULT_APPRAISAL_CONFIG, csatMode: 'mean' });
    // mean 11/3 → (11/3 - 1) / 4 = 2/3 → 66.666667
    expect(c.components.find((x) => x.key === 'csat')!.value).toBe(66.666667);
  });

  it('leaves missing components out, re-normalises the rest and says why each is missing', () => {
    const f = computeFigures(inputs({ evaluations: [ev('e1', 90), ev('e2', 70)], tickets: [], supervisor: null }), ctx);
    const c = composite(f, DEFAULT_APPRAISAL_CONFIG);
    expect(c.missing).toEqual(['qa', 'csat', 'sla', 'supervisor']);
    expect(c.components.find((x) => x.key === 'qa')!.missing).toBe('not-enough-evaluations');
    expect(c.components.find((x) => x.key === 'csat')!.missing).toBe('no-data');
    expect(c.components.find((x) => x.key === 'supervisor')!.missing).toBe('not-entered');
    // actions 50 (w 10) and self 95 (w 5): (500 + 475) / 15 = 65
    expect(c.value).toBe(65);
    expect(c.components.find((x) => x.key === 'actions')!.share).toBeCloseTo(2 / 3, 5);
    expect(c.grade).toBe('D');
  });

  it('a weight of 0 leaves a component out without calling it missing; nothing present gives no composite', () => {
    const weights = { qa: 1, csat: 0, sla: 0, actions: 0, supervisor: 0, self: 0 };
    const c = composite(computeFigures(inputs(), ctx), { ...DEFAULT_APPRAISAL_CONFIG, weights });
    expect(c.value).toBe(80);
    expect(c.missing).toEqual([]);
    expect(c.components.find((x) => x.key === 'csat')!.missing).toBe('weight-zero');
    const none = composite(computeFigures(inputs({ evaluations: [] }), ctx), { ...DEFAULT_APPRAISAL_CONFIG, weights });
    expect(none).toMatchObject({ value: null, grade: null, missing: ['qa'] });
  });

  it('grade bands: at or above the band minimum', () => {
    const g = DEFAULT_APPRAISAL_CONFIG.grades;
    expect([gradeOf(90, g), gradeOf(89.99, g), gradeOf(80, g), gradeOf(70, g), gradeOf(3, g)]).toEqual(['A', 'B', 'B', 'C', 'D']);
  });

  it('checks a configuration and names the field', () => {
    expect(checkAppraisalConfig(DEFAULT_APPRAISAL_CONFIG)).toEqual([]);
    const bad = checkAppraisalConfig({
      ...DEFAULT_APPRAISAL_CONFIG,
      weights: { qa: 101, csat: -1, sla: 0, actions: 0, supervisor: 0, self: 0 },
      grades: [
        { grade: 'A', min: 80 },
        { grade: '', min: 90 },
      ],
    });
    expect(bad.map((p) => p.field)).toEqual(['weights.qa', 'weights.csat', 'grades.1.grade', 'grades.1.min']);
  });
});

describe('appraisal periods in the company zone', () => {
  it('months, quarters and years start at local midnight', () => {
    expect(periodFromKey('2026-10', ZONE)).toEqual({ kind: 'month', key: '2026-10', start: Date.parse('2026-09-30T16:00:00Z'), end: Date.parse('2026-10-31T16:00:00Z') });
    expect(periodFromKey('2026-Q4', ZONE)).toMatchObject({ kind: 'quarter', start: Date.parse('2026-09-30T16:00:00Z'), end: Date.parse('2026-12-31T16:00:00Z') });
    expect(periodFromKey('2026', ZONE)).toMatchObject({ kind: 'year', start: Date.parse('2025-12-31T16:00:00Z'), end: Date.parse('2026-12-31T16:00:00Z') });
    expect(periodFromKey('2026-13', ZONE)).toBeNull();
    expect(periodFromKey('2026-Q5', ZONE)).toBeNull();
  });

  it('the period containing an instant, and the one before', () => {
    // 2026-10-31T17:00Z is already November 1st in Shanghai
    expect(periodContaining('month', Date.parse('2026-10-31T17:00:00Z'), ZONE).key).toBe('2026-11');
    expect(periodContaining('quarter', Date.parse('2026-10-31T17:00:00Z'), ZONE).key).toBe('2026-Q4');
    expect(previousPeriod(periodFromKey('2026-01', ZONE)!, ZONE).key).toBe('2025-12');
    expect(previousPeriod(periodFromKey('2026-Q1', ZONE)!, ZONE).key).toBe('2025-Q4');
    expect(previousPeriod(periodFromKey('2026', ZONE)!, ZONE).key).toBe('2025');
  });
});

describe('records, amendments and reconciliation', () => {
  const f = computeFigures(inputs(), ctx);
  const content = (version: number, supersedesHash: string | null, figures = f): AppraisalContent => ({
    employeeNo: 'E001',
    staffId: 'p1',
    staffName: 'Li Na',
    teamId: 't',
    teamName: 'Team',
    period: { kind: 'month', key: '2026-10', start: '2026-09-30T16:00:00.000Z', end: '2026-10-31T16:00:00.000Z' },
    version,
    supersedesHash,
    amendReason: version > 1 ? 'dispute adjusted' : null,
    figures,
    config: DEFAULT_APPRAISAL_CONFIG,
    composite: composite(figures, DEFAULT_APPRAISAL_CONFIG),
    lockedAt: '2026-11-02T00:00:00.000Z',
    lockedBy: 'sup',
  });

  it('the content hash covers every field and does not depend on key order', () => {
    const a = content(1, null);
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ ...a })).toBe(contentHash(Object.fromEntries(Object.entries(a).reverse()) as unknown as AppraisalContent));
    expect(contentHash({ ...a, lockedBy: 'other' })).not.toBe(contentHash(a));
  });

  it('an amendment chain holds only when each version references the hash of the one before', () => {
    const v1 = content(1, null);
    const h1 = contentHash(v1);
    const changed = computeFigures(inputs({ disputes: [] }), ctx);
    const v2 = content(2, h1, changed);
    const h2 = contentHash(v2);
    expect(resultsDiffer(v1, v2)).toBe(true);
    expect(resultsDiffer(v1, content(1, null))).toBe(false);
    const chain = [
      { version: 1, hash: h1, supersedesHash: null },
      { version: 2, hash: h2, supersedesHash: h1 },
      { version: 3, hash: 'c'.repeat(64), supersedesHash: h2 },
    ];
    expect(brokenLink(chain)).toBeNull();
    expect(currentVersionOf(chain)!.version).toBe(3);
    expect(brokenLink([chain[0]!, { ...chain[1]!, supersedesHash: 'f'.repeat(64) }])).toBe(2);
    expect(brokenLink([chain[0]!, chain[2]!])).toBe(3);
    expect(brokenLink([{ ...chain[0]!, supersedesHash: h2 }])).toBe(1);
  });

  it('reconciliation lists what the server lacks, holds differently, or holds alone', () => {
    const row = (employeeNo: string, version: number, hash: string) => ({ employeeNo, periodKey: '2026-10', version, hash });
    const local = [row('E1', 1, 'a'), row('E2', 1, 'b'), row('E3', 1, 'c'), row('E4', 1, 'd')];
    const server = [row('E1', 1, 'a'), row('E2', 1, 'x'), row('E9', 1, 'z')];
    const r = reconcile(local, server, new Set([recordKey(row('E3', 1, 'c'))]));
    expect(r.matched).toBe(1);
    expect(r.differences).toEqual([
      { kind: 'hash-differs', local: row('E2', 1, 'b'), server: row('E2', 1, 'x') },
      { kind: 'missing-on-server', local: row('E3', 1, 'c'), pending: true },
      { kind: 'missing-on-server', local: row('E4', 1, 'd'), pending: false },
      { kind: 'only-on-server', server: row('E9', 1, 'z') },
    ]);
  });
});
