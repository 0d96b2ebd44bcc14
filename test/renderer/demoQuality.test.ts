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
import { loadSmallDemo } from './fixtures';

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
    expect(weeks.size).toBeGreaterThan(2);
    for (const w of weeks.values()) expect(w.mean).toBeGreaterThanOrEqual(0);

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
