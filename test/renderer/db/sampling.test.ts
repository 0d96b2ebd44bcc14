// Sample plans on the (small) demo workspace through the repositories: preview with quotas, shortfalls and
// margins; the same seed draws the same sample; committing fills two supervisors' queues balanced within one
// item, never with their own work; items in an open run or already scored are not drawn again; staff see why
// their own item was sampled and nobody else's; bad plans are refused with the field named.
import { describe, expect, it } from 'vitest';
import { commitDueRuns, commitRun, duePlans, previewRun, runDetail, runProgress, samplingReason, verifyRun } from '@renderer/db/sampling';
import { createPlan, PlanInvalid, updatePlan } from '@renderer/db/samplePlans';
import { myQueue, reassignItem, replaceItem } from '@renderer/db/reviewQueue';
import { updatePerson } from '@renderer/db/people';
import { verifyAuditLog } from '@renderer/db/audit';
import { AccessDenied, ValidationError } from '@renderer/db/context';
import { DEFAULT_PLAN } from '@renderer/domain/samplePlan';
import { loadSmallDemo } from '../fixtures';

async function demo() {
  const { ctx, people, as } = await loadSmallDemo();
  const supervisors = people.filter((p) => p.role === 'supervisor');
  return { ctx, people, as, supervisors, sup: await as(supervisors[0]!.id) };
}

describe('verifying a committed run (issue 16, item 9)', () => {
  it('draws again from the stored seed over the data as it was: identical after imports and scoring since; a deleted pick is named, with why', async () => {
    const w = await demo();
    const plan = await createPlan(w.sup, { ...DEFAULT_PLAN, name: 'Weekly', assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: w.supervisors.map((s) => s.id) } });
    const lastWeek = w.ctx.clock() - 7 * 86_400_000;
    const preview = await previewRun(w.sup, plan.id, { atMs: lastWeek, seed: 424242 });
    const { run, assignments } = await commitRun(w.sup, preview);
    expect(run.drawn!.pickIds).toEqual(preview.picks.filter((p) => p.reason.kind !== 'follow-up').map((p) => p.itemId));
    expect(await verifyRun(w.sup, run.id)).toMatchObject({ status: 'identical', onlyInRun: [], onlyInRedraw: [], addedSince: 0, populationMatches: true });

    // Since the commit: a ticket imported into the period, and one pick scored. Neither changes what was drawn.
    const picked = (await w.ctx.db.tickets.get(assignments.find((a) => a.itemKind === 'ticket')!.itemId))!;
    await w.ctx.db.tickets.add({ ...picked, id: 'imported-later', externalId: 'LATE-1', createdAt: new Date(w.ctx.clock() + 60_000).toISOString(), updatedAt: new Date(w.ctx.clock() + 60_000).toISOString() });
    await w.ctx.db.evaluations.add({ ...(await w.ctx.db.evaluations.toCollection().first())!, id: 'scored-later', itemId: picked.id, agentId: picked.agentId, occurredAt: picked.openedAt, calibrationSessionId: null, deletedAt: null });
    const again = await verifyRun(w.sup, run.id);
    expect(again).toMatchObject({ status: 'identical', addedSince: 1, populationMatches: true });

    // A picked ticket deleted since: the redraw cannot have it, says which, and why.
    await w.ctx.db.tickets.update(picked.id, { deletedAt: new Date(w.ctx.clock()).toISOString(), updatedAt: new Date(w.ctx.clock()).toISOString() });
    const changed = await verifyRun(w.sup, run.id);
    expect(changed.status).toBe('different');
    expect(changed.onlyInRun).toEqual([picked.id]);
    expect(changed.labels.get(picked.id)).toContain(picked.externalId);
    expect(changed.deletedSince).toBe(1);
    // The verdict is on the run, for the staff member who asks why their item was chosen.
    const a = assignments.find((x) => x.itemId !== picked.id)!;
    expect((await samplingReason(await w.as(a.agentId), a.itemId))!.verified).toMatchObject({ identical: false, byId: w.sup.actor!.personId });
    // A run committed before runs kept what they drew from says so.
    await w.ctx.db.sampleRuns.update(run.id, { drawn: undefined });
    expect((await verifyRun(w.sup, run.id)).status).toBe('unavailable');
    await expect(verifyRun(await w.as(a.agentId), run.id)).rejects.toThrow();
  });
});

describe('sample plans and runs', () => {
  it('previews a weekly plan, draws reproducibly, commits balanced queues and excludes what is already queued', async () => {
    const w = await demo();
    const plan = await createPlan(w.sup, { ...DEFAULT_PLAN, name: 'Weekly spot check', assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: w.supervisors.map((s) => s.id) } });
    const lastWeek = w.ctx.clock() - 7 * 86_400_000;
    const preview = await previewRun(w.sup, plan.id, { atMs: lastWeek, seed: 20261123 });
    const staff = w.people.filter((p) => p.role === 'staff');
    expect(preview.people).toHaveLength(staff.length);
    for (const p of preview.people) {
      // Each quota is met, or the shortfall says how many there were, and that many are drawn.
      const short = (kind: 'ticket' | 'call') => preview.shortfalls.find((s) => s.key === p.personId && s.kind === kind);
      expect(p.tickets).toBe(short('ticket')?.available ?? 4);
      expect(p.calls).toBe(short('call')?.available ?? 2);
      if (short('call')) expect(short('call')).toMatchObject({ wanted: 2 });
      expect(p.margin).toBeGreaterThan(0);
      // The margin's n is the random picks only (the risk-weighted ones are not a simple random sample).
      const random = preview.picks.filter((x) => x.agentId === p.personId && x.reason.kind === 'random').length;
      expect(p.randomPicks).toBe(random);
      expect(random).toBeLessThan(p.tickets + p.calls);
    }
    // Six calls in the small demo: most people cannot meet the call quota, and the preview says so.
    expect(preview.shortfalls.filter((s) => s.kind === 'call').length).toBeGreaterThan(10);
    expect(preview.picks.every((p) => p.reason.kind === 'random' || p.reason.kind === 'risk' || p.reason.kind === 'weighted')).toBe(true);
    expect(preview.strata.reduce((a, s) => a + s.picks, 0)).toBe(preview.picks.length);
    // Already scored items are never drawn.
    const scored = new Set((await w.ctx.db.evaluations.toArray()).map((e) => e.itemId));
    expect(preview.picks.some((p) => scored.has(p.itemId))).toBe(false);

    const again = await previewRun(w.sup, plan.id, { atMs: lastWeek, seed: 20261123 });
    expect(again.picks).toEqual(preview.picks);
    expect((await previewRun(w.sup, plan.id, { atMs: lastWeek, seed: 7 })).picks).not.toEqual(preview.picks);

    const { run, assignments, unassignable } = await commitRun(w.sup, preview);
    expect(unassignable).toEqual([]);
    expect(run.seed).toBe(20261123);
    const loads = w.supervisors.map((s) => assignments.filter((a) => a.reviewerId === s.id).length);
    expect(Math.abs(loads[0]! - loads[1]!)).toBeLessThanOrEqual(1);
    for (const a of assignments) expect(a.reviewerId).not.toBe(a.agentId);
    expect((await myQueue(w.sup)).length).toBe(loads[0]);

    // The same period again: nothing already queued comes back.
    const next = await previewRun(w.sup, plan.id, { atMs: lastWeek, seed: 20261123 });
    const queued = new Set(assignments.map((a) => a.itemId));
    expect(next.picks.some((p) => queued.has(p.itemId))).toBe(false);
    expect(next.excluded).toBeGreaterThan(preview.excluded);

    // Staff see why their own item was picked, and nothing about a teammate's.
    const first = assignments[0]!;
    const agent = await w.as(first.agentId);
    expect(await samplingReason(agent, first.itemId)).toEqual({ reason: first.reason, seed: 20261123, periodLabel: run.periodLabel, verified: null });
    const other = assignments.find((a) => a.agentId !== first.agentId)!;
    expect(await samplingReason(agent, other.itemId)).toBeNull();
    // Replace an unusable item (a reason is required): another of the same person and kind comes in; reassign.
    const victim = assignments.find((a) => a.itemKind === 'ticket')!;
    await expect(replaceItem(w.sup, victim.id, '')).rejects.toBeInstanceOf(ValidationError);
    const replacement = await replaceItem(w.sup, victim.id, 'the thread is empty');
    expect(replacement).not.toBeNull();
    expect(replacement!).toMatchObject({ agentId: victim.agentId, itemKind: 'ticket', reviewerId: victim.reviewerId, status: 'open' });
    expect(queued.has(replacement!.itemId)).toBe(false);
    expect((await w.ctx.db.assignments.get(victim.id))!).toMatchObject({ status: 'replaced', note: 'the thread is empty' });
    await expect(reassignItem(w.sup, replacement!.id, replacement!.agentId, 'own work')).rejects.toThrow(/own work/);
    const other2 = w.supervisors.find((s) => s.id !== replacement!.reviewerId)!;
    expect((await reassignItem(w.sup, replacement!.id, other2.id, 'balancing after leave')).reviewerId).toBe(other2.id);
    expect((await verifyAuditLog(w.ctx.db)).ok).toBe(true);
  });

  it('refuses bad plans with the field named, staff as planners, and a preview of a plan that changed since', async () => {
    const w = await demo();
    await expect(createPlan(w.sup, { ...DEFAULT_PLAN, name: '', rules: { ...DEFAULT_PLAN.rules, randomShare: 2 } })).rejects.toSatisfy(
      (e: unknown) => e instanceof PlanInvalid && e.problems.map((p) => p.path).sort().join() === 'name,rules.randomShare',
    );
    const staff = await w.as(w.people.find((p) => p.role === 'staff')!.id);
    await expect(createPlan(staff, { ...DEFAULT_PLAN, name: 'Mine' })).rejects.toBeInstanceOf(AccessDenied);
    const plan = await createPlan(w.sup, { ...DEFAULT_PLAN, name: 'Monthly', period: { kind: 'monthly' } });
    const preview = await previewRun(w.sup, plan.id, { seed: 1 });
    await expect(commitRun(w.sup, preview)).rejects.toBeInstanceOf(ValidationError);
    await updatePlan(w.sup, plan.id, { ...preview.definition, assignment: { ...preview.definition.assignment, reviewerIds: [w.supervisors[0]!.id] } });
    await expect(commitRun(w.sup, preview)).rejects.toThrow(/changed since this preview/);
  });

  it('a recurring plan is due until its last complete period is drawn, once; people on leave are left out and named', async () => {
    const w = await demo();
    const plan = await createPlan(w.sup, { ...DEFAULT_PLAN, name: 'Weekly', assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: w.supervisors.map((s) => s.id) } });
    expect((await duePlans(w.sup)).map((d) => d.plan.id)).toEqual([plan.id]);

    // Someone away the whole of last week is not sampled, and the preview names them; two days away does not count.
    const preview0 = await previewRun(w.sup, plan.id, { seed: 5 });
    const [away, briefly] = w.people.filter((p) => p.role === 'staff');
    const admin = await w.as(w.people.find((p) => p.role === 'admin')!.id);
    const day = (iso: string) => iso.slice(0, 10);
    const lastDay = day(new Date(Date.parse(preview0.period.end) - 1).toISOString());
    await updatePerson(admin, away!.id, { ...away!, leave: [{ from: '2020-01-01', to: '2030-01-01' }] });
    await updatePerson(admin, briefly!.id, { ...briefly!, leave: [{ from: lastDay, to: lastDay }] });
    await expect(updatePerson(admin, briefly!.id, { ...briefly!, leave: [{ from: '2026-11-09', to: '2026-11-01' }] })).rejects.toMatchObject({ field: 'leave.0' });
    const preview = await previewRun(w.sup, plan.id, { seed: 5 });
    expect(preview.period).toEqual(preview0.period);
    expect(preview.onLeave.map((p) => p.personId)).toEqual([away!.id]);
    expect(preview.picks.some((p) => p.agentId === away!.id)).toBe(false);
    expect(preview.picks.some((p) => p.agentId === briefly!.id)).toBe(true);

    const { run, assignments } = await commitRun(w.sup, preview);
    expect(await duePlans(w.sup)).toEqual([]);
    // A plan set to draw automatically is drawn once when due; the others wait for the supervisor.
    const auto = await createPlan(w.sup, { ...DEFAULT_PLAN, name: 'Monthly auto', period: { kind: 'monthly' }, assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: [w.supervisors[1]!.id], autoCommit: true } });
    await createPlan(w.sup, { ...DEFAULT_PLAN, name: 'Monthly by hand', period: { kind: 'monthly' }, rules: { ...DEFAULT_PLAN.rules, quota: { mode: 'per-person', ticket: 1, call: 0 } }, assignment: { ...DEFAULT_PLAN.assignment, reviewerIds: [w.supervisors[1]!.id] } });
    const drawn = await commitDueRuns(w.sup);
    expect(drawn.map((d) => [d.plan, d.error])).toEqual([['Monthly auto', undefined]]);
    const autoRun = (await w.ctx.db.sampleRuns.toArray()).find((r) => r.definition.name === 'Monthly auto')!;
    expect(drawn[0]!.assigned).toBe(await w.ctx.db.assignments.where('runId').equals(autoRun.id).count());
    expect(drawn[0]!.assigned).toBeGreaterThan(0);
    expect(await w.ctx.db.sampleRuns.where('[planId+periodStart]').between([auto.id, ''], [auto.id, '\uffff']).count()).toBe(1);
    expect(await commitDueRuns(w.sup)).toEqual([]);
    expect((await duePlans(w.sup)).map((d) => d.plan.definition.name)).toEqual(['Monthly by hand']);
    // The same period cannot be drawn twice.
    await expect(commitRun(w.sup, await previewRun(w.sup, plan.id, { seed: 6 }))).rejects.toMatchObject({ messageKey: 'sampling.errors.alreadyDrawn' });

    // The planner follows the run: every item with its reviewer; progress leaves replaced items out.
    const detail = await runDetail(w.sup, run.id);
    expect(detail.assignments).toHaveLength(assignments.length);
    expect(detail.assignments.every((a) => detail.names.has(a.reviewerId) && detail.labels.has(a.itemId))).toBe(true);
    await replaceItem(w.sup, assignments[0]!.id, 'recording unusable');
    expect((await runProgress(w.sup, [run.id])).get(run.id)).toEqual({ done: 0, total: assignments.length });
    const staffCtx = await w.as(away!.id);
    await expect(runDetail(staffCtx, run.id)).rejects.toBeInstanceOf(AccessDenied);
  });
});
