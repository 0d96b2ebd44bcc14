// The dashboard's reads on the small demo workspace: the same figures as the appraisal sheet and My scores for a
// person and month (one function computes each), and each role's reach (a lead their team, staff themselves).
import { describe, expect, it } from 'vitest';
import { dashboardChoices, dashboardInput, evaluationsBehind } from '@renderer/db/dashboard';
import { periodView } from '@renderer/db/appraisal';
import { myEvaluations } from '@renderer/db/myScores';
import { readSettings } from '@renderer/db/settings';
import { computeDashboard, defaultFilters, type DashboardFilters } from '@renderer/domain/dashboard';
import { rangeFilter, scoreSummary } from '@renderer/domain/evaluationStats';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { loadSmallDemo } from '../fixtures';

describe('dashboard repository', () => {
  it('a person’s month on the dashboard equals their appraisal sheet and My scores; each role reads only its reach', async () => {
    const w = await loadSmallDemo();
    const settings = await readSettings(w.ctx.db);
    const sup = await w.as(w.people.find((p) => p.role === 'supervisor')!.id);
    const teams = await w.ctx.db.teams.toArray();
    const team = teams[0]!;
    const month = '2026-10';
    const dctx = { zone: settings.workingCalendar.zone, minEvaluations: settings.minEvaluations, standards: settings.serviceStandards, calendar: compileCalendar(settings.workingCalendar), nowMs: w.ctx.clock() };
    const filters: DashboardFilters = { ...defaultFilters('2026-10-15'), period: { kind: 'month', anchor: '2026-10-15' } };
    const view = await periodView(sup, team.id, month);
    expect(view.sheets.length).toBeGreaterThan(3);

    const whole = computeDashboard(await dashboardInput(sup, { ...filters, teamIds: [team.id] }), { ...filters, teamIds: [team.id] }, dctx);
    let compared = 0;
    for (const sheet of view.sheets) {
      const f = { ...filters, personIds: [sheet.person.id] };
      const d = computeDashboard(await dashboardInput(sup, f), f, { ...dctx, nowMs: w.ctx.clock() });
      const s = sheet.figures;
      expect(d.headline.qa).toEqual({ n: s.qa.n, mean: s.qa.mean, low: s.qa.low, high: s.qa.high, enough: s.qa.enough });
      expect(d.headline.passRate).toEqual(s.passRate);
      expect(d.headline.criticalFailures).toBe(s.criticalFailures.count);
      expect(d.headline.csat).toEqual({ rated: s.csat.rated, satisfiedShare: s.csat.satisfiedShare, mean: s.csat.mean });
      expect(d.headline.sla.judged).toBe(s.sla.judged);
      // The team's people table shows the same row.
      const row = whole.people.find((p) => p.personId === sheet.person.id)!;
      expect(row.qa.mean).toBe(s.qa.mean);
      expect(row.qa.n).toBe(s.qa.n);
      // My scores, "last month" (the clock is in November): the same mean, n and interval.
      const mine = (await myEvaluations(await w.as(sheet.person.id))).filter((e) => rangeFilter('lastMonth', w.ctx.clock(), settings.workingCalendar.zone)(e.occurredAt));
      const summary = scoreSummary(mine, settings.minEvaluations);
      expect([summary.n, summary.mean, summary.low, summary.high]).toEqual([s.qa.n, s.qa.mean, s.qa.low, s.qa.high]);
      if (s.qa.n > 0) compared++;
    }
    expect(compared).toBeGreaterThan(3);

    // A team lead: every row of their team's people, nothing of another team's, even when the filters ask.
    const lead = w.people.find((p) => p.id === team.leadId)!;
    const leadCtx = await w.as(lead.id);
    const members = new Set([lead.id, ...w.people.filter((p) => p.teamId === team.id).map((p) => p.id)]);
    const quarter: DashboardFilters = { ...filters, period: { kind: 'quarter', anchor: '2026-10-15' } };
    const leadInput = await dashboardInput(leadCtx, quarter);
    expect(leadInput.evaluations.length).toBeGreaterThan(0);
    expect(leadInput.evaluations.every((e) => members.has(e.agentId!))).toBe(true);
    expect(leadInput.tickets.every((t) => members.has(t.agentId!))).toBe(true);
    expect(leadInput.people.every((p) => members.has(p.id))).toBe(true);
    const other = w.people.find((p) => p.role === 'staff' && p.teamId !== team.id)!;
    expect((await dashboardInput(leadCtx, { ...quarter, personIds: [other.id] })).evaluations).toEqual([]);
    const choices = await dashboardChoices(leadCtx);
    expect(choices.people.every((p) => members.has(p.id))).toBe(true);
    expect(choices.teams.map((t) => t.id)).toEqual([team.id]);
    const foreignEval = (await w.ctx.db.evaluations.where('[agentId+occurredAt]').between([other.id, ''], [other.id, '\uffff']).first())!;
    expect(await evaluationsBehind(leadCtx, [foreignEval.id])).toEqual([]);
    expect((await evaluationsBehind(sup, [foreignEval.id])).map((e) => e.id)).toEqual([foreignEval.id]);

    // Staff: themselves only.
    const staff = w.people.find((p) => p.role === 'staff' && p.teamId === team.id)!;
    const own = await dashboardInput(await w.as(staff.id), quarter);
    expect(own.evaluations.length).toBeGreaterThan(0);
    expect(own.evaluations.every((e) => e.agentId === staff.id)).toBe(true);
    expect(own.people.map((p) => p.id)).toEqual([staff.id]);
  }, 120_000);
});
