// The dashboard's figures on a fixture small enough to work out by hand (every expected number below is computed in
// the comments, not by the code under test): periods and trend buckets in Asia/Shanghai, the heatmap's cells, the
// people table's bands and ranks, leniency, dispute times, actions and their Pareto, coverage, and coaching's
// before/after with Wilson and Newcombe intervals.
import { describe, expect, it } from 'vitest';
import {
  coachingEffect,
  computeDashboard,
  defaultFilters,
  previousDashPeriod,
  resolvePeriod,
  type DashAction,
  type DashboardContext,
  type DashboardFilters,
  type DashboardInput,
  type DashEvaluation,
} from '@renderer/domain/dashboard';
import type { Criterion, RubricDefinition } from '@renderer/domain/rubric';
import { compileCalendar, DEFAULT_CALENDAR } from '@renderer/domain/workingCalendar';
import { DEFAULT_SERVICE_STANDARDS } from '@renderer/domain/serviceStandards';

const ZONE = 'Asia/Shanghai';
const yesNo = (id: string, title: string): Criterion => ({
  id,
  title,
  description: '',
  guidance: ['no', 'yes'],
  scale: { kind: 'binary' },
  weight: 50,
  allowNa: true,
  critical: null,
  appliesTo: 'both',
  rootCauses: [],
});
const rubric: RubricDefinition = { name: 'R', description: '', language: 'en', passingScore: 80, sections: [{ id: 's', title: 'S', weight: 1, criteria: [yesNo('c1', 'Greeting'), yesNo('c2', 'Solution')] }] };

let n = 0;
function ev(agentId: string, teamId: string, occurredAt: string, score: number | null, c1: number | null, c2: number | null, over: Partial<DashEvaluation> = {}): DashEvaluation {
  n++;
  return {
    id: `e${n}`,
    agentId,
    teamId,
    reviewerId: 'r1',
    rubricId: 'R',
    rubricVersionId: 'v1',
    itemKind: 'ticket',
    itemId: `item${n}`,
    channel: 'email',
    occurredAt,
    submittedAt: occurredAt,
    status: 'submitted',
    calibrationSessionId: null,
    deletedAt: null,
    score,
    outcome: score === null ? 'not-applicable' : score >= 80 ? 'pass' : 'fail',
    failedBy: null,
    answers: { c1: { value: c1 }, c2: { value: c2 } },
    ...over,
  };
}

// October 2026 in Shanghai (UTC+8): 2026-09-30T16:00Z .. 2026-10-31T16:00Z.
const e1 = ev('a1', 'T1', '2026-10-05T02:00:00Z', 90, 1, 1, { itemId: 't1' });
const e2 = ev('a1', 'T1', '2026-10-06T02:00:00Z', 70, 1, 0, { itemId: 't9' });
const e3 = ev('a2', 'T1', '2026-10-12T02:00:00Z', 80, 0, 1, { itemId: 't4', reviewerId: 'r2' });
const e4 = ev('b1', 'T2', '2026-10-13T02:00:00Z', 60, 0, 0, { itemId: 'call1', itemKind: 'call', channel: 'phone', reviewerId: 'r2' });
// 01:00 on 1 October in Shanghai, still 30 September in UTC: October's.
const e5 = ev('b1', 'T2', '2026-09-30T17:00:00Z', 100, 1, 1, { itemId: 't3' });
// 23:00 on 30 September in Shanghai: September's (the previous period).
const e6 = ev('a2', 'T1', '2026-09-30T15:00:00Z', 50, 0, 0);
// Every criterion N/A: no score, counted nowhere (not as 0).
const e7 = ev('a1', 'T1', '2026-10-07T02:00:00Z', null, null, null);

const ticket = (id: string, agentId: string, teamId: string, channel: string, csat: number | null) => ({
  id,
  agentId,
  teamId,
  channel: channel as 'email',
  priority: 'normal' as const,
  openedAt: '2026-10-09T01:00:00Z',
  firstResponseAt: '2026-10-09T01:30:00Z',
  resolvedAt: '2026-10-09T03:00:00Z',
  status: 'solved' as const,
  reopenedCount: 0,
  csat,
});

const x1: DashAction = {
  id: 'x1',
  staffId: 'a1',
  teamId: 'T1',
  createdAt: '2026-10-07T00:00:00Z',
  dueAt: '2026-10-20T00:00:00Z',
  completedAt: '2026-10-18T00:00:00Z',
  closedAt: '2026-10-25T00:00:00Z',
  status: 'closed',
  outcome: 'effective',
  rootCauses: ['knowledge', 'skill'],
  criterionIds: ['c2'],
  followUpsFrom: '2026-10-08T00:00:00Z',
  followUpItemIds: [],
};
const x2: DashAction = { ...x1, id: 'x2', staffId: 'b1', teamId: 'T2', status: 'open', outcome: null, completedAt: null, closedAt: null, dueAt: '2026-10-25T00:00:00Z', rootCauses: ['knowledge'] };
const x3: DashAction = { ...x1, id: 'x3', staffId: 'a2', status: 'cancelled', rootCauses: ['process'] };

// a1's history around x1 (opened 7 October): before it, c2 failed on 10 and 20 September and in e2, passed in e1 (1 of 4);
// after the follow-ups started (8 October) it passed three times (3 of 3).
const history = [e1, e2, ev('a1', 'T1', '2026-09-10T02:00:00Z', 90, 1, 0), ev('a1', 'T1', '2026-09-20T02:00:00Z', 90, 1, 0), ...['10', '15', '20'].map((d) => ev('a1', 'T1', `2026-10-${d}T02:00:00Z`, 100, 1, 1))];

const input: DashboardInput = {
  evaluations: [e1, e2, e3, e4, e5, e6, e7],
  tickets: [ticket('t1', 'a1', 'T1', 'email', 5), ticket('t2', 'a1', 'T1', 'chat', 3), ticket('t3', 'b1', 'T2', 'email', null), ticket('t4', 'a2', 'T1', 'email', 4)],
  calls: [
    { id: 'call1', agentId: 'b1', teamId: 'T2', startedAt: '2026-10-13T02:00:00Z' },
    { id: 'call2', agentId: 'a1', teamId: 'T1', startedAt: '2026-10-14T02:00:00Z' },
  ],
  actions: [x1, x2, x3],
  disputes: [
    { id: 'd1', evaluationId: e2.id, agentId: 'a1', status: 'adjusted', createdAt: '2026-10-08T00:00:00Z', resolvedAt: '2026-10-09T12:00:00Z', criterionIds: ['c2'] },
    { id: 'd2', evaluationId: e4.id, agentId: 'b1', status: 'upheld', createdAt: '2026-10-14T00:00:00Z', resolvedAt: '2026-10-14T06:00:00Z', criterionIds: ['c1', 'c2'] },
    { id: 'd3', evaluationId: e3.id, agentId: 'a2', status: 'open', createdAt: '2026-10-15T00:00:00Z', resolvedAt: null, criterionIds: ['c1'] },
  ],
  assignments: [
    { id: 'q1', agentId: 'a1', teamId: 'T1', reviewerId: 'r1', status: 'done', dueAt: '2026-10-10T00:00:00Z', minutes: 10, runId: 'run' },
    { id: 'q2', agentId: 'a2', teamId: 'T1', reviewerId: 'r1', status: 'done', dueAt: '2026-10-10T00:00:00Z', minutes: 12, runId: 'run' },
    { id: 'q3', agentId: 'b1', teamId: 'T2', reviewerId: 'r1', status: 'open', dueAt: '2026-10-20T00:00:00Z', minutes: 9, runId: 'run' },
    { id: 'q4', agentId: 'b1', teamId: 'T2', reviewerId: 'r2', status: 'replaced', dueAt: '2026-10-20T00:00:00Z', minutes: 9, runId: 'run' },
    { id: 'q5', agentId: 'b1', teamId: 'T2', reviewerId: 'r2', status: 'done', dueAt: '2026-10-21T00:00:00Z', minutes: 8, runId: 'run' },
  ],
  runs: [{ id: 'run', periodStart: '2026-10-01T00:00:00Z', periodEnd: '2026-10-31T00:00:00Z', perPerson: 2, peopleIds: ['a1', 'a2', 'b1'] }],
  people: [
    { id: 'a1', teamId: 'T1' },
    { id: 'a2', teamId: 'T1' },
    { id: 'b1', teamId: 'T2' },
  ],
  history,
  rubrics: new Map([['v1', rubric]]),
};
// e5 (100) was scored by r1 too: r1 scored 90, 70, 100 and r2 80, 60.
input.evaluations[4] = { ...e5, reviewerId: 'r1' };

const ctx: DashboardContext = { zone: ZONE, minEvaluations: 2, standards: DEFAULT_SERVICE_STANDARDS, calendar: compileCalendar(DEFAULT_CALENDAR), nowMs: Date.parse('2026-11-02T00:00:00Z') };
const filters: DashboardFilters = { ...defaultFilters('2026-10-15'), bottomN: 1 };

describe('dashboard periods', () => {
  it('resolves weeks, months, quarters and custom ranges in the company zone, and the period before', () => {
    const month = resolvePeriod({ kind: 'month', anchor: '2026-10-15' }, ZONE);
    expect([new Date(month.start).toISOString(), new Date(month.end).toISOString(), month.label]).toEqual(['2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z', '2026-10']);
    const prev = previousDashPeriod({ kind: 'month', anchor: '2026-10-15' }, month, ZONE);
    expect(prev.label).toBe('2026-09');
    // 15 October 2026 is a Thursday: its week starts on Monday 12 October, local midnight.
    const week = resolvePeriod({ kind: 'week', anchor: '2026-10-15' }, ZONE);
    expect(new Date(week.start).toISOString()).toBe('2026-10-11T16:00:00.000Z');
    expect(new Date(previousDashPeriod({ kind: 'week', anchor: '2026-10-15' }, week, ZONE).start).toISOString()).toBe('2026-10-04T16:00:00.000Z');
    expect(resolvePeriod({ kind: 'quarter', anchor: '2026-11-30' }, ZONE).label).toBe('2026-Q4');
    const custom = resolvePeriod({ kind: 'custom', anchor: '2026-10-01', from: '2026-10-01', to: '2026-10-10' }, ZONE);
    const before = previousDashPeriod({ kind: 'custom', anchor: '2026-10-01', from: '2026-10-01', to: '2026-10-10' }, custom, ZONE);
    // Ten days before 1 October: 21-30 September.
    expect([new Date(before.start).toISOString(), new Date(before.end).toISOString()]).toEqual(['2026-09-20T16:00:00.000Z', '2026-09-30T16:00:00.000Z']);
  });
});

describe('dashboard widgets on the hand-computed fixture', () => {
  const d = computeDashboard(input, filters, ctx);

  it('headline: mean 80 of five scored evaluations (the all-N/A one left out) with its t interval, pass rate 3/5 with Wilson, against September', () => {
    // Scores 90, 70, 80, 60, 100: mean 80; deviations squared 100+100+0+400+400 = 1000, s² = 250;
    // half-width t(0.975, 4) · s / √5 = 2.776 · √50 = 19.6293.
    expect(d.headline.qa.n).toBe(5);
    expect(d.headline.qa.mean).toBe(80);
    expect(d.headline.qa.low).toBeCloseTo(80 - 19.6293, 3);
    expect(d.headline.qa.high).toBeCloseTo(80 + 19.6293, 3);
    // Wilson for 3 of 5: 0.2307 .. 0.8824.
    expect(d.headline.passRate.rate).toBe(0.6);
    expect(d.headline.passRate.low).toBeCloseTo(0.2307, 4);
    expect(d.headline.passRate.high).toBeCloseTo(0.8824, 4);
    // CSAT: t1 5, t2 3, t4 4 rated; 2 of 3 satisfied, mean 4.
    expect(d.headline.csat).toEqual({ rated: 3, satisfiedShare: 2 / 3, mean: 4 });
    expect(d.previousHeadline!.qa.mean).toBe(50);
    expect(d.previousHeadline!.qa.n).toBe(1);
  });

  it('trend: weekly buckets from the Monday of 1 October (local) to the end of the month', () => {
    expect(d.trend.buckets.map((b) => b.key)).toEqual(['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']);
    expect(d.trend.overall.map((p) => [p.n, p.mean])).toEqual([
      [1, 100],
      [2, 80],
      [2, 70],
      [0, null],
      [0, null],
    ]);
    // Two scores 90 and 70: s = 14.142, t(1) = 12.706, half = 12.706 · 14.142 / √2 = 127.06, clipped to 0..100.
    expect([d.trend.overall[1]!.low, d.trend.overall[1]!.high]).toEqual([0, 100]);
    expect(d.trend.byTeam.map((s) => s.teamId)).toEqual(['T1', 'T2']);
  });

  it('heatmap: failure rate per criterion and team, with the evaluations a cell lists', () => {
    const cell = (c: string, team: string) => d.heatmap.cells.find((x) => x.criterionId === c && x.column === team)!;
    // T1: c1 answered in e1, e2, e3, failed in e3; c2 failed in e2. T2: c1 and c2 failed in e4 of e4, e5.
    expect([cell('c1', 'T1').failed, cell('c1', 'T1').applicable, cell('c1', 'T1').evaluationIds]).toEqual([1, 3, [e3.id]]);
    expect([cell('c2', 'T1').failed, cell('c2', 'T1').applicable, cell('c2', 'T1').evaluationIds]).toEqual([1, 3, [e2.id]]);
    expect([cell('c1', 'T2').rate, cell('c2', 'T2').evaluationIds]).toEqual([0.5, [e4.id]]);
    expect(d.heatmap.columns).toEqual(['T1', 'T2']);
    const byWeek = computeDashboard(input, { ...filters, heatmapBy: 'week' }, ctx);
    expect(byWeek.heatmap.columns).toEqual(['2026-09-28', '2026-10-05', '2026-10-12']);
  });

  it('people: ranked only with enough evaluations, coloured against the passing mark, the bottom one marked', () => {
    // a1: 90, 70 → 80; b1: 60, 100 → 80 (tie, by id); a2: one evaluation, fewer than the minimum of 2.
    expect(d.people.map((p) => [p.personId, p.qa.mean, p.rank, p.band, p.bottom])).toEqual([
      ['a1', 80, 1, 'near', false],
      ['b1', 80, 2, 'near', true],
      ['a2', 80, null, 'not-enough', false],
    ]);
    expect(d.threshold).toBe(80);
  });

  it('reviewers: workload from the queue and leniency against the others on the same rubric', () => {
    const r1 = d.reviewers.find((r) => r.reviewerId === 'r1')!;
    const r2 = d.reviewers.find((r) => r.reviewerId === 'r2')!;
    // r1: three due in October, two done (10 + 12 minutes), one open past its date; r2: the replaced one does not count.
    expect([r1.assigned, r1.done, r1.overdue, r1.minutes, r1.submitted]).toEqual([3, 2, 1, 22, 3]);
    expect([r2.assigned, r2.done, r2.overdue, r2.minutes, r2.submitted]).toEqual([1, 1, 0, 8, 2]);
    // r1's mean (90+70+100)/3 = 86.667 against r2's (80+60)/2 = 70: +16.667; r2 the opposite.
    expect(r1.leniency).toBeCloseTo(50 / 3, 9);
    expect(r2.leniency).toBeCloseTo(-50 / 3, 9);
  });

  it('disputes: counts, the median time to decide (36 h and 6 h → 21 h), by criterion and by reviewer', () => {
    expect([d.disputes.raised, d.disputes.upheld, d.disputes.adjusted, d.disputes.open, d.disputes.medianHours]).toEqual([3, 1, 1, 1, 21]);
    expect(d.disputes.byCriterion.map((c) => [c.criterionId, c.raised, c.upheld, c.adjusted])).toEqual([
      ['c1', 2, 1, 0],
      ['c2', 2, 1, 1],
    ]);
    // d1 is about e2 (r1's); d2 and d3 about e4 and e3 (r2's).
    expect(d.disputes.byReviewer.map((r) => [r.reviewerId, r.raised, r.upheld, r.adjusted])).toEqual([
      ['r2', 2, 1, 0],
      ['r1', 1, 0, 1],
    ]);
  });

  it('corrective actions: the cancelled one counts nowhere; root causes as a Pareto', () => {
    expect([d.actions.opened, d.actions.closed, d.actions.closedOnTime, d.actions.overdue, d.actions.effective]).toEqual([2, 1, 1, 1, 1]);
    expect(d.actions.byRootCause).toEqual([
      { cause: 'knowledge', count: 2, cumulativeShare: 2 / 3 },
      { cause: 'skill', count: 1, cumulativeShare: 1 },
    ]);
    expect(d.actions.byTeam.map((t) => [t.teamId, t.opened, t.overdue])).toEqual([
      ['T1', 1, 0],
      ['T2', 1, 1],
    ]);
  });

  it('coverage: reviewed of the population by channel and per person against the quota', () => {
    // Email tickets t1, t3, t4: t1 (e1), t3 (e5), t4 (e3) reviewed; chat t2 not; calls: call1 (e4) of call1, call2.
    expect(d.coverage.byChannel).toEqual([
      { channel: 'call', population: 2, reviewed: 1, share: 0.5 },
      { channel: 'chat', population: 1, reviewed: 0, share: 0 },
      { channel: 'email', population: 3, reviewed: 3, share: 1 },
    ]);
    // Quota 2 each: a2 has one item reviewed; a1 two (t1, t9; e7 had no score); b1 two.
    expect(d.coverage.byPerson.map((p) => [p.personId, p.quota, p.reviewed])).toEqual([
      ['a2', 2, 1],
      ['a1', 2, 2],
      ['b1', 2, 2],
    ]);
    expect(d.scatter.map((s) => [s.personId, s.qa, s.csat])).toEqual([
      ['a1', 80, 4],
      ['a2', 80, 4],
    ]);
  });

  it('did coaching work: c2 passed 1 of 4 before x1 and 3 of 3 after; Newcombe interval above 0 → improved', () => {
    expect(d.coaching.actions).toHaveLength(1);
    const c = d.coaching.actions[0]!;
    expect([c.before.passed, c.before.n, c.after.passed, c.after.n]).toEqual([1, 4, 3, 3]);
    // Wilson(1, 4) = 0.0456 .. 0.6994; Wilson(3, 3) = 0.4385 .. 1.
    expect(c.before.low).toBeCloseTo(0.0456, 4);
    expect(c.before.high).toBeCloseTo(0.6994, 4);
    expect(c.after.low).toBeCloseTo(0.4385, 4);
    // Change 0.75; low = 0.75 - √((1 - 0.4385)² + (0.6994 - 0.25)²) = 0.0308; high = 0.75 + √(0² + (0.25 - 0.0456)²) = 0.9544.
    expect(c.change).toBe(0.75);
    expect(c.changeLow).toBeCloseTo(0.0308, 3);
    expect(c.changeHigh).toBeCloseTo(0.9544, 3);
    expect(c.verdict).toBe('improved');
    expect(d.coaching.byRootCause.map((r) => [r.cause, r.verdict])).toEqual([
      ['knowledge', 'improved'],
      ['skill', 'improved'],
    ]);
  });

  it('coaching verdicts: improved, no clear change, worse, too few', () => {
    // 0/3 → 3/3: Wilson(0,3) upper 0.5615, Wilson(3,3) lower 0.4385; low = 1 - √(0.5615² + 0.5615²) = 0.2059.
    const up = coachingEffect({ passed: 0, n: 3 }, { passed: 3, n: 3 });
    expect(up.verdict).toBe('improved');
    expect(up.changeLow).toBeCloseTo(0.2059, 3);
    expect(coachingEffect({ passed: 2, n: 4 }, { passed: 2, n: 4 }).verdict).toBe('no-clear-change');
    expect(coachingEffect({ passed: 3, n: 3 }, { passed: 0, n: 3 }).verdict).toBe('worse');
    const few = coachingEffect({ passed: 1, n: 2 }, { passed: 3, n: 3 });
    expect([few.verdict, few.changeLow]).toEqual(['too-few', null]);
  });

  it('filters: a team, a channel, a reviewer', () => {
    expect(computeDashboard(input, { ...filters, teamIds: ['T2'] }, ctx).headline.qa.mean).toBe(80);
    expect(computeDashboard(input, { ...filters, teamIds: ['T2'] }, ctx).people.map((p) => p.personId)).toEqual(['b1']);
    expect(computeDashboard(input, { ...filters, channels: ['phone'] }, ctx).headline.qa.n).toBe(1);
    const r2 = computeDashboard(input, { ...filters, reviewerIds: ['r2'] }, ctx);
    expect([r2.headline.qa.n, r2.headline.qa.mean]).toEqual([2, 70]);
  });
});
