// The demo workspace's quality history, loaded into IndexedDB through the same loader the app uses: both
// templates published, evaluations readable through the repositories with the role scope (a staff member gets
// only their own; the team trend arrives as aggregates), open disputes for the supervisors, the audit chain intact.
import { describe, expect, it } from 'vitest';
import { myEvaluations, openDisputes, teamWeeklyMeans } from '@renderer/db/myScores';
import { publishedRubrics } from '@renderer/db/rubrics';
import { scoredItems } from '@renderer/db/evaluations';
import { verifyAuditLog } from '@renderer/db/audit';
import { listOwnedBy } from '@renderer/db/scoped';
import { AccessDenied } from '@renderer/db/context';
import { loadSmallDemo } from '../fixtures';

describe('demo quality history', () => {
  it('loads published rubrics and evaluations that each person sees only their share of', async () => {
    const { ctx, asAdmin, loaded, people, as } = await loadSmallDemo();
    expect(loaded.evaluations).toBeGreaterThan(24 * 6);
    expect(loaded.supervisorEmail).toMatch(/@demo\.example\.com$/);
    const rubrics = await publishedRubrics(asAdmin);
    expect(rubrics.map((v) => v.definition.language)).toEqual(['zh-CN', 'zh-CN']);
    expect(await ctx.db.evaluations.count()).toBe(loaded.evaluations);

    const staff = people.filter((p) => p.role === 'staff');
    const someone = staff[0]!;
    const mine = await myEvaluations(await as(someone.email));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.agentId === someone.id)).toBe(true);
    // A teammate's evaluations are not reachable through the scope, only the team's weekly means.
    const teammate = staff.find((p) => p.teamId === someone.teamId && p.id !== someone.id)!;
    await expect(listOwnedBy(await as(someone.email), 'evaluations', teammate.id, 1000)).rejects.toBeInstanceOf(AccessDenied);
    const weeks = await teamWeeklyMeans(await as(someone.email), someone.teamId);
    const all0 = await ctx.db.evaluations.toArray();
    expect(weeks.size).toBeGreaterThan(2);
    // Worked out here from the stored evaluations, another way: Monday by day count (1970-01-01 was a Thursday),
    // weeks with at least three people's work, the mean of the scored ones.
    const monday = (iso: string) => {
      const day = Math.floor(Date.parse(iso) / 86_400_000);
      return new Date((day - ((day + 3) % 7)) * 86_400_000).toISOString().slice(0, 10);
    };
    const teamRows = all0.filter((e) => e.teamId === someone.teamId && e.status === 'submitted' && !e.deletedAt && !e.calibrationSessionId);
    const expected = new Map<string, { scores: number[]; people: Set<string> }>();
    for (const e of teamRows) {
      const w = expected.get(monday(e.occurredAt)) ?? { scores: [], people: new Set<string>() };
      if (e.score !== null) w.scores.push(e.score);
      if (e.agentId) w.people.add(e.agentId);
      expected.set(monday(e.occurredAt), w);
    }
    const kept = [...expected].filter(([, w]) => w.people.size >= 3 && w.scores.length > 0);
    expect([...weeks.keys()].sort()).toEqual(kept.map(([k]) => k).sort());
    for (const [k, w] of kept) {
      expect(weeks.get(k)!.n).toBe(w.scores.length);
      expect(weeks.get(k)!.mean).toBeCloseTo(w.scores.reduce((x, y) => x + y, 0) / w.scores.length, 9);
    }

    const supervisor = await as(loaded.supervisorEmail);
    const open = await openDisputes(supervisor);
    const stored = await ctx.db.disputes.where('status').equals('open').count();
    expect(open).toHaveLength(stored);
    // The lists' score marks: everything for a supervisor, the lead's team only, nothing for staff.
    const all = await ctx.db.evaluations.toArray();
    expect((await scoredItems(supervisor)).size).toBe(new Set(all.map((e) => e.itemId)).size);
    const lead = people.find((p) => p.role === 'lead' && p.teamId === someone.teamId)!;
    const leadMarks = await scoredItems(await as(lead.email));
    expect(leadMarks.size).toBe(new Set(all.filter((e) => e.teamId === lead.teamId).map((e) => e.itemId)).size);
    expect(leadMarks.size).toBeLessThan(all.length);
    expect((await scoredItems(await as(someone.email))).size).toBe(0);
    expect((await verifyAuditLog(ctx.db)).ok).toBe(true);
  });
});
