// Sampling: quotas honoured exactly, the random share uniform (chi-square over many seeded draws, deterministic),
// risk weighting shifting picks toward flagged items, reproducibility from the seed, exclusions, and assignment
// that never lets anyone review themselves.
import { describe, expect, it } from 'vitest';
import { callSignals, checkPlan, DEFAULT_PLAN, drawPeriod, leaveShare, periodAt, ticketSignals } from '@renderer/domain/samplePlan';
import { assignReviews, drawFollowUps, drawSample, proportionalSplit, queueSections, randomCount, setDigest, DEFAULT_RISK_WEIGHTS, type PickReason, type SampleCandidate, type SamplingRules } from '@renderer/domain/sampling';

const rules = (over: Partial<SamplingRules> = {}): SamplingRules => ({
  quota: { mode: 'per-person', ticket: 4, call: 2 },
  randomShare: 0.6,
  riskWeights: DEFAULT_RISK_WEIGHTS,
  ...over,
});

function population(people: number, ticketsEach: (p: number) => number, callsEach = 5, flagged = 0): SampleCandidate[] {
  const out: SampleCandidate[] = [];
  for (let p = 0; p < people; p++) {
    const n = ticketsEach(p);
    for (let i = 0; i < n; i++) out.push({ id: `t-${p}-${String(i).padStart(3, '0')}`, kind: 'ticket', agentId: `p${p}`, stratum: i % 3 === 0 ? 'phone' : 'email', signals: i < flagged ? ['slaBreach'] : [] });
    for (let i = 0; i < callsEach; i++) out.push({ id: `c-${p}-${i}`, kind: 'call', agentId: `p${p}`, stratum: 'phone', signals: [] });
  }
  return out;
}
const people = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe('drawing a sample', () => {
  it('gives every person exactly their quota per kind, and names who cannot meet it', async () => {
    const pop = population(24, (p) => (p === 3 ? 2 : 10 + p));
    const r = await drawSample(pop, people(24), rules(), 42);
    for (let p = 0; p < 24; p++) {
      const mine = r.picks.filter((x) => x.agentId === `p${p}`);
      expect(mine.filter((x) => x.kind === 'ticket')).toHaveLength(p === 3 ? 2 : 4);
      expect(mine.filter((x) => x.kind === 'call')).toHaveLength(2);
    }
    expect(r.shortfalls).toEqual([{ key: 'p3', kind: 'ticket', wanted: 4, available: 2 }]);
    expect(new Set(r.picks.map((x) => x.itemId)).size).toBe(r.picks.length);
  });

  it('a quota of 4 at a 60 % random share is 2 random + 2 weighted; the random share is never rounded to nothing', async () => {
    expect(randomCount(4, 0.6)).toBe(2);
    expect(randomCount(1, 0.1)).toBe(1);
    expect(randomCount(5, 0)).toBe(0);
    const r = await drawSample(population(1, () => 30), ['p0'], rules(), 1);
    expect(r.picks.filter((x) => x.kind === 'ticket' && x.reason.kind === 'random')).toHaveLength(2);
  });

  it('the random share is uniform: chi-square over 4,000 seeded draws stays under the 0.1 % critical value', async () => {
    const pop = population(1, () => 20, 0);
    const counts = new Map<string, number>();
    const runs = 4000;
    for (let seed = 1; seed <= runs; seed++) {
      for (const p of (await drawSample(pop, ['p0'], rules({ randomShare: 1, quota: { mode: 'per-person', ticket: 4, call: 0 } }), seed)).picks) counts.set(p.itemId, (counts.get(p.itemId) ?? 0) + 1);
    }
    const expected = (runs * 4) / 20;
    const chi2 = [...pop.map((c) => counts.get(c.id) ?? 0)].reduce((a, o) => a + (o - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: 43.82 at p = 0.001.
    expect(chi2).toBeLessThan(43.82);
    expect(counts.size).toBe(20);
  });

  it('risk weighting shifts the weighted picks toward flagged items; the random picks stay at the base rate', async () => {
    const pop = population(1, () => 100, 0, 10);
    let riskFlagged = 0;
    let riskAll = 0;
    let randomFlagged = 0;
    let randomAll = 0;
    for (let seed = 1; seed <= 400; seed++) {
      for (const p of (await drawSample(pop, ['p0'], rules({ randomShare: 0.5, quota: { mode: 'per-person', ticket: 10, call: 0 } }), seed)).picks) {
        const flagged = Number(p.itemId.slice(-3)) < 10;
        if (p.reason.kind === 'random') {
          randomAll++;
          randomFlagged += Number(flagged);
        } else {
          riskAll++;
          riskFlagged += Number(flagged);
        }
        if (p.reason.kind === 'risk') expect(p.reason.signals).toEqual(['slaBreach']);
      }
    }
    expect(riskFlagged / riskAll).toBeGreaterThan(0.25);
    expect(randomFlagged / randomAll).toBeGreaterThan(0.07);
    expect(randomFlagged / randomAll).toBeLessThan(0.13);
  });

  it('one weighted pick is proportional to weight: chi-square over 6,000 seeded draws against w / sum(w)', async () => {
    // Ten items: two with a breached standard (weight 1 + 3 = 4), one low CSAT + reopened (1 + 4 + 3 = 8), seven plain.
    const signals: SampleCandidate['signals'][] = [['slaBreach'], ['slaBreach'], ['lowCsat', 'reopened'], [], [], [], [], [], [], []];
    const pop: SampleCandidate[] = signals.map((sig, i) => ({ id: `t${i}`, kind: 'ticket', agentId: 'p0', stratum: 'email', signals: sig }));
    const w = [4, 4, 8, 1, 1, 1, 1, 1, 1, 1];
    const total = w.reduce((a, b) => a + b, 0);
    const counts = new Array<number>(10).fill(0);
    const runs = 6000;
    for (let seed = 1; seed <= runs; seed++) {
      const [p] = (await drawSample(pop, ['p0'], rules({ randomShare: 0, quota: { mode: 'per-person', ticket: 1, call: 0 } }), seed)).picks;
      counts[Number(p!.itemId.slice(1))]!++;
    }
    const chi2 = counts.reduce((a, o, i) => a + (o - (runs * w[i]!) / total) ** 2 / ((runs * w[i]!) / total), 0);
    // 9 degrees of freedom: 27.88 at p = 0.001.
    expect(chi2).toBeLessThan(27.88);
  });

  it('asks for the signals of only the items it looks at, in batches, text search only where it can matter, and draws the same as with signals up front', async () => {
    const pop = population(1, () => 5000, 0, 500).map((c, i) => (i % 7 === 0 ? { ...c, signals: [...c.signals!, 'keyword' as const] } : c));
    const asked = { base: [] as number[], text: [] as number[] };
    const lazy = await drawSample(
      pop.map((c) => ({ ...c, signals: undefined })),
      ['p0'],
      rules({ quota: { mode: 'per-person', ticket: 20, call: 0 } }),
      11,
      new Set(),
      async (ids, withText) => {
        (withText ? asked.text : asked.base).push(ids.length);
        return new Map(ids.map((id) => [id, pop.find((c) => c.id === id)!.signals!.filter((s) => withText || s !== 'keyword')]));
      },
    );
    expect(lazy).toEqual(await drawSample(pop, ['p0'], rules({ quota: { mode: 'per-person', ticket: 20, call: 0 } }), 11));
    expect(lazy.picks.some((p) => p.reason.kind === 'risk' && p.reason.signals.includes('keyword'))).toBe(true);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(asked.base)).toBeLessThan(400);
    expect(Math.max(...asked.base)).toBeLessThanOrEqual(16);
    // Text is searched only for proposals that could be accepted: well under half of those looked at.
    expect(sum(asked.text)).toBeLessThan(sum(asked.base) / 2);
  });

  it("is reproducible from the seed, and one person's picks do not depend on anyone else's items", async () => {
    const pop = population(6, (p) => 12 + p, 5, 3);
    const a = await drawSample(pop, people(6), rules(), 7);
    expect(await drawSample([...pop].reverse(), people(6), rules(), 7)).toEqual(a);
    expect((await drawSample(pop, people(6), rules(), 8)).picks).not.toEqual(a.picks);
    const more = [...pop, ...population(1, () => 40).map((c) => ({ ...c, id: `x${c.id}`, agentId: 'p5' }))];
    const b = await drawSample(more, people(6), rules(), 7);
    expect(b.picks.filter((x) => x.agentId === 'p0')).toEqual(a.picks.filter((x) => x.agentId === 'p0'));
  });

  it('never draws excluded items or people the plan leaves out', async () => {
    const pop = population(3, () => 6, 2);
    const exclude = new Set(pop.filter((c) => c.agentId === 'p0' && c.kind === 'ticket').slice(0, 3).map((c) => c.id));
    const r = await drawSample(pop, ['p0', 'p1'], rules(), 3, exclude);
    expect(r.picks.some((x) => exclude.has(x.itemId))).toBe(false);
    expect(r.picks.some((x) => x.agentId === 'p2')).toBe(false);
    expect(r.shortfalls).toEqual([{ key: 'p0', kind: 'ticket', wanted: 4, available: 3 }]);
  });

  it('a total split across strata in proportion to their size', async () => {
    expect(proportionalSplit(10, new Map([['a', 50], ['b', 30], ['c', 20]]))).toEqual(new Map([['a', 5], ['b', 3], ['c', 2]]));
    expect([...proportionalSplit(7, new Map([['a', 1], ['b', 1], ['c', 100]])).values()].reduce((x, y) => x + y)).toBe(7);
    const pop = population(10, () => 30, 0);
    const r = await drawSample(pop, people(10), rules({ quota: { mode: 'total', ticket: 30, call: 0, byStratum: true } }), 5);
    const phone = r.picks.filter((p) => p.stratum === 'phone').length;
    expect(r.picks).toHaveLength(30);
    expect(phone).toBe(10);
  });
});

describe('assigning reviews', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ itemId: `i${i}`, agentId: i % 5 === 0 ? 'sup-a' : `agent${i % 4}`, teamId: i % 2 ? 'team1' : 'team2', minutes: 2 + (i % 7) }));
  it('balances by count within one item and never lets anyone review their own work', () => {
    const { assignments, unassignable } = assignReviews(items, [{ id: 'sup-a', ledTeamIds: [] }, { id: 'sup-b', ledTeamIds: [] }], { balanceBy: 'count', avoidOwnLead: false });
    expect(unassignable).toEqual([]);
    const a = [...assignments.values()].filter((r) => r === 'sup-a').length;
    expect(Math.abs(a - (25 - a))).toBeLessThanOrEqual(1);
    for (const it of items) expect(assignments.get(it.itemId)).not.toBe(it.agentId);
  });
  it('keeps a lead off their own team when asked, and balances minutes when asked', () => {
    const reviewers = [{ id: 'lead1', ledTeamIds: ['team1'] }, { id: 'sup-b', ledTeamIds: [] }, { id: 'sup-c', ledTeamIds: [] }];
    const { assignments } = assignReviews(items, reviewers, { balanceBy: 'minutes', avoidOwnLead: true });
    for (const it of items) if (it.teamId === 'team1') expect(assignments.get(it.itemId)).not.toBe('lead1');
    const minutes = new Map<string, number>();
    for (const it of items) minutes.set(assignments.get(it.itemId)!, (minutes.get(assignments.get(it.itemId)!) ?? 0) + it.minutes);
    const loads = [...minutes.values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(8);
  });
  it('names items nobody may review', () => {
    const { unassignable } = assignReviews([{ itemId: 'x', agentId: 'only', teamId: null, minutes: 1 }], [{ id: 'only', ledTeamIds: [] }], { balanceBy: 'count', avoidOwnLead: true });
    expect(unassignable).toEqual(['x']);
  });
});

describe('sample plans', () => {
  it('weekly periods run Monday to Monday and monthly ones from the 1st, at local midnight in the company zone', () => {
    // Wednesday 2026-11-18 10:00 in Shanghai.
    const at = Date.parse('2026-11-18T02:00:00Z');
    const week = periodAt({ kind: 'weekly' }, at, 'Asia/Shanghai');
    expect(new Date(week.start).toISOString()).toBe('2026-11-15T16:00:00.000Z');
    expect(new Date(week.end).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    const month = periodAt({ kind: 'monthly' }, at, 'Asia/Shanghai');
    expect(new Date(month.start).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(new Date(month.end).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // Just after midnight on a Monday in Shanghai is still Sunday in UTC: the local week counts.
    expect(periodAt({ kind: 'weekly' }, Date.parse('2026-11-22T16:30:00Z'), 'Asia/Shanghai').start).toBe(week.end);
    const custom = periodAt({ kind: 'custom', from: '2026-11-01', to: '2026-11-07' }, at, 'Asia/Shanghai');
    expect(custom.end - custom.start).toBe(7 * 86_400_000);
  });

  it('a recurring plan draws the last complete period; a custom one its range', () => {
    const at = Date.parse('2026-11-18T02:00:00Z');
    const lastWeek = drawPeriod({ kind: 'weekly' }, at, 'Asia/Shanghai');
    expect(new Date(lastWeek.start).toISOString()).toBe('2026-11-08T16:00:00.000Z');
    expect(lastWeek.end).toBe(periodAt({ kind: 'weekly' }, at, 'Asia/Shanghai').start);
    expect(drawPeriod({ kind: 'monthly' }, at, 'Asia/Shanghai').label).toBe('2026-10');
    // 1 January: the last complete month is December of the year before.
    expect(drawPeriod({ kind: 'monthly' }, Date.parse('2027-01-01T01:00:00Z'), 'Asia/Shanghai').label).toBe('2026-12');
    expect(drawPeriod({ kind: 'custom', from: '2026-11-01', to: '2026-11-07' }, at, 'Asia/Shanghai').label).toBe('2026-11-01 – 2026-11-07');
  });

  it('measures leave as a share of the period in local days, overlapping entries counted once', () => {
    const week = periodAt({ kind: 'weekly' }, Date.parse('2026-11-18T02:00:00Z'), 'Asia/Shanghai'); // Mon 16 – Sun 22
    expect(leaveShare(undefined, week, 'Asia/Shanghai')).toBe(0);
    expect(leaveShare([{ from: '2026-11-16', to: '2026-11-22' }], week, 'Asia/Shanghai')).toBe(1);
    expect(leaveShare([{ from: '2026-11-01', to: '2026-11-30' }], week, 'Asia/Shanghai')).toBe(1);
    expect(leaveShare([{ from: '2026-11-20', to: '2026-11-21' }], week, 'Asia/Shanghai')).toBeCloseTo(2 / 7, 10);
    expect(leaveShare([{ from: '2026-11-16', to: '2026-11-19' }, { from: '2026-11-18', to: '2026-11-19' }], week, 'Asia/Shanghai')).toBeCloseTo(4 / 7, 10);
    expect(leaveShare([{ from: '2026-11-09', to: '2026-11-15' }], week, 'Asia/Shanghai')).toBe(0);
  });

  it('risk signals of tickets and calls follow the thresholds', () => {
    const risk = DEFAULT_PLAN.risk;
    expect(ticketSignals({ csat: 1, reopenedCount: 1, category: 'system-fault' }, true, '客户要求退款', risk)).toEqual(['lowCsat', 'slaBreach', 'reopened', 'complaint', 'keyword']);
    expect(ticketSignals({ csat: 4, reopenedCount: 0, category: 'usage-question' }, false, 'thanks', risk)).toEqual([]);
    expect(callSignals({ durationSec: 700 }, '我要投诉', risk, ['lowCsat', 'keyword'])).toEqual(['lowCsat', 'longHandle', 'keyword']);
  });

  it('a plan is checked with its problems named', () => {
    expect(checkPlan({ ...DEFAULT_PLAN, name: 'Weekly' }).ok).toBe(true);
    const bad = checkPlan({ ...DEFAULT_PLAN, name: ' ', period: { kind: 'custom', from: '2026-11-08', to: '2026-11-01' }, rules: { ...DEFAULT_PLAN.rules, randomShare: 1.5 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.map((p) => p.path).sort()).toEqual(['name', 'period.to', 'rules.randomShare']);
      // Each problem carries a message key (and values) for the user's language.
      expect(bad.problems.map((p) => [p.path, p.key, p.values]).sort()).toEqual([
        ['name', 'sampling.problem.nameRequired', {}],
        ['period.to', 'sampling.problem.rangeOrder', {}],
        ['rules.randomShare', 'sampling.problem.tooBig', { max: 1 }],
      ]);
    }
  });
});

describe('follow-up picks for corrective actions', () => {
  const cands = Array.from({ length: 30 }, (_, i) => ({ id: `i${String(i).padStart(2, '0')}`, kind: (i % 3 ? 'ticket' : 'call') as 'ticket' | 'call', agentId: i < 20 ? 'a' : 'b', stratum: 'email' }));
  it('takes the count from that person only, never an item already taken, reproducibly; fewer when fewer are left', () => {
    const taken = new Set(['i00', 'i01', 'i02']);
    const picks = drawFollowUps(cands, [{ actionId: 'x1', staffId: 'a', count: 4, kind: null }, { actionId: 'x2', staffId: 'b', count: 20, kind: null }], 7, taken);
    const forA = picks.filter((p) => p.reason.kind === 'follow-up' && p.reason.actionId === 'x1');
    expect(forA).toHaveLength(4);
    expect(forA.every((p) => p.agentId === 'a' && !taken.has(p.itemId))).toBe(true);
    expect(picks.filter((p) => p.agentId === 'b')).toHaveLength(10);
    expect(new Set(picks.map((p) => p.itemId)).size).toBe(picks.length);
    expect(drawFollowUps(cands, [{ actionId: 'x2', staffId: 'b', count: 20, kind: null }, { actionId: 'x1', staffId: 'a', count: 4, kind: null }], 7, taken)).toEqual(picks);
    expect(drawFollowUps(cands, [{ actionId: 'x1', staffId: 'a', count: 4, kind: null }], 8, taken).map((p) => p.itemId)).not.toEqual(forA.map((p) => p.itemId));
    // Two actions of one person never get the same item.
    const two = drawFollowUps(cands, [{ actionId: 'x1', staffId: 'a', count: 9, kind: null }, { actionId: 'x3', staffId: 'a', count: 9, kind: null }], 1, taken);
    expect(two).toHaveLength(17);
    expect(new Set(two.map((p) => p.itemId)).size).toBe(17);
    // Of the kind asked for only: person a has 6 calls (i03, i06, ... i18), one of them taken.
    const calls = drawFollowUps(cands, [{ actionId: 'x1', staffId: 'a', count: 10, kind: 'call' }], 1, taken);
    expect(calls.map((p) => p.kind)).toEqual(Array(6).fill('call'));
  });
});

describe('a plan and the appraisal minimum', () => {
  it('says when a per-person quota gives fewer evaluations a month than the QA component needs', async () => {
    const { quotaBelowAppraisalMinimum, DEFAULT_PLAN } = await import('@renderer/domain/samplePlan');
    const monthly = { ...DEFAULT_PLAN, period: { kind: 'monthly' as const }, rules: { ...DEFAULT_PLAN.rules, quota: { mode: 'per-person' as const, ticket: 3, call: 1 } } };
    expect(quotaBelowAppraisalMinimum(monthly, 5)).toEqual({ perMonth: 4, minimum: 5 });
    expect(quotaBelowAppraisalMinimum({ ...monthly, rules: { ...monthly.rules, quota: { mode: 'per-person', ticket: 4, call: 2 } } }, 5)).toBeNull();
    // Weekly: about four runs a month.
    expect(quotaBelowAppraisalMinimum({ ...monthly, period: { kind: 'weekly' } }, 5)).toBeNull();
    expect(quotaBelowAppraisalMinimum({ ...monthly, period: { kind: 'weekly' }, rules: { ...monthly.rules, quota: { mode: 'per-person', ticket: 1, call: 0 } } }, 5)).toEqual({ perMonth: 4, minimum: 5 });
    expect(quotaBelowAppraisalMinimum({ ...monthly, rules: { ...monthly.rules, quota: { mode: 'total', ticket: 1, call: 0, byStratum: false } } }, 5)).toBeNull();
  });
});

describe('the reviewer queue in sections', () => {
  const a = (runId: string, reason: PickReason, status: 'open' | 'in-progress' | 'done' | 'replaced') => ({ runId, reason, status });
  it('puts follow-ups under the action that asked for them (from a run or directly), sampled work under its run, each with what is done', () => {
    const queue = [
      a('run-1', { kind: 'random' }, 'done'),
      a('run-1', { kind: 'risk', signals: ['lowCsat'] }, 'open'),
      a('run-1', { kind: 'follow-up', actionId: 'act-1' }, 'done'),
      a('follow-up:act-1', { kind: 'follow-up', actionId: 'act-1' }, 'open'),
      a('follow-up:act-2', { kind: 'follow-up', actionId: 'act-2' }, 'in-progress'),
      a('run-2', { kind: 'weighted' }, 'replaced'),
    ];
    const s = queueSections(queue);
    expect(s.runs.map((r) => [r.runId, r.items.length, r.done])).toEqual([['run-1', 2, 1]]);
    expect(s.followUps.map((f) => [f.actionId, f.items.length, f.done])).toEqual([['act-1', 2, 1], ['act-2', 1, 0]]);
    expect(queueSections([])).toEqual({ runs: [], followUps: [] });
  });
});

describe('a population digest', () => {
  it('ignores order, and changes when an item is added, removed or replaced', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `t-${i}`);
    const d = setDigest(ids);
    expect(setDigest([...ids].reverse())).toBe(d);
    expect(setDigest([...ids, 't-1000'])).not.toBe(d);
    expect(setDigest(ids.slice(1))).not.toBe(d);
    expect(setDigest([...ids.slice(1), 't-x'])).not.toBe(d);
    expect(setDigest([])).toBe('0:0000000000000000');
  });
});
