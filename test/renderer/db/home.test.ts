// Each role's home on the small demo workspace: every tile's number is the list the tile opens (the review queue,
// the corrective actions with that filter, My scores), and a lead's or a staff member's month is the dashboard's.
import { describe, expect, it } from 'vitest';
import { adminHome, leadHome, reviewerWork, staffHome } from '@renderer/db/home';
import { dashboardFor } from '@renderer/db/dashboard';
import { myQueue } from '@renderer/db/reviewQueue';
import { listActions } from '@renderer/db/correctiveActions';
import { myEvaluations, openDisputes } from '@renderer/db/myScores';
import { defaultFilters } from '@renderer/domain/dashboard';
import { isOverdue } from '@renderer/domain/correctiveActions';
import { isDueThisWeek } from '@renderer/domain/reminders';
import { readSettings } from '@renderer/db/settings';
import { AccessDenied } from '@renderer/db/context';
import { loadSmallDemo } from '../fixtures';

describe('homes', () => {
  it('each tile counts the list it opens, in the role’s reach', async () => {
    const w = await loadSmallDemo();
    const zone = (await readSettings(w.ctx.db)).workingCalendar.zone;
    const now = w.ctx.clock();
    const supId = w.people.find((p) => p.role === 'supervisor')!.id;
    const sup = await w.as(supId);

    // A reviewer: the queue's open items split by due date, disputes to decide.
    const work = await reviewerWork(sup);
    const queue = (await myQueue(sup)).filter((a) => a.status === 'open' || a.status === 'in-progress');
    expect(work.open).toBe(queue.length);
    expect(work.overdue).toBe(queue.filter((a) => Date.parse(a.dueAt) < now).length);
    expect(work.dueToday + work.overdue).toBeLessThanOrEqual(work.open);
    expect(work.disputes).toBe((await openDisputes(sup)).length);
    expect(work.runsDue).not.toBeNull();
    // A draft left in the queue shows as one.
    const before = work.drafts;
    const e = (await w.ctx.db.evaluations.where('status').equals('submitted').first())!;
    await w.ctx.db.evaluations.add({ ...e, id: 'draft-for-home', status: 'draft', submittedAt: null, reviewerId: supId });
    expect((await reviewerWork(sup)).drafts).toBe(before + 1);

    // A lead: the team's month is the dashboard's for their reach; action tiles are the page's filters.
    const team = (await w.ctx.db.teams.toArray())[0]!;
    const leadCtx = await w.as(team.leadId!);
    const lead = await leadHome(leadCtx);
    const month = await dashboardFor(leadCtx, defaultFilters(new Date(now).toISOString().slice(0, 10)));
    expect(lead.figures.headline).toEqual(month.headline);
    expect(lead.figures.previousHeadline).toEqual(month.previousHeadline);
    expect(lead.figures.previousHeadline!.qa.n).toBeGreaterThan(0);
    const actions = await listActions(leadCtx);
    expect(lead.actions.overdue).toBe(actions.filter((a) => isOverdue(a, now)).length);
    expect(lead.actions.dueThisWeek).toBe(actions.filter((a) => isDueThisWeek(a, now, zone)).length);
    expect(lead.figures.people.every((p) => w.people.find((x) => x.id === p.personId)!.teamId === team.id)).toBe(true);
    expect(lead.figures.people.length).toBeGreaterThan(0);

    // Staff: their own evaluations waiting for an acknowledgement, their own actions, their own month.
    const staff = w.people.find((p) => p.role === 'staff' && p.teamId === team.id)!;
    const staffCtx = await w.as(staff.id);
    const mine = await staffHome(staffCtx);
    expect(mine.unacknowledged).toBe((await myEvaluations(staffCtx)).filter((x) => !x.acknowledgedAt).length);
    expect(mine.figures.people.map((p) => p.personId)).toEqual([staff.id]);
    expect(mine.openActions.every((a) => actions.some((x) => x.id === a.id && x.staffId === staff.id))).toBe(true);
    expect(mine.selfAssessment).toEqual({ periodKey: '2026-10', done: false });
    await expect(reviewerWork(staffCtx)).rejects.toBeInstanceOf(AccessDenied);

    // An admin: imports, people without a team (a staff member moved out of every team counts).
    const admin = await w.as(w.people.find((p) => p.role === 'admin')!.id);
    const a0 = await adminHome(admin);
    await w.ctx.db.people.update(staff.id, { teamId: null });
    expect((await adminHome(admin)).peopleWithoutTeam).toBe(a0.peopleWithoutTeam + 1);
    expect(a0.outbox.failed).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
