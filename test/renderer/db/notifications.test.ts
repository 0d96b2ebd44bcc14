// The notification centre through the repositories, with the clock moved rather than waited for: the lead is told
// an action is assigned, then due soon, overdue and escalated; the supervisor only when it escalates; nobody twice;
// the day's digest once; entries are read only by their recipient.
import { describe, expect, it } from 'vitest';
import { createAction, extendDeadline, prefillFromEvaluation, type ActionInput } from '@renderer/db/correctiveActions';
import { listNotifications, markNotificationsRead, refreshReminders } from '@renderer/db/notifications';
import type { RepoContext } from '@renderer/db/context';
import { loadSmallDemo } from '../fixtures';

const DAY = 86_400_000;
const at = (ctx: RepoContext, ms: number): RepoContext => ({ ...ctx, clock: () => ms });
const kinds = (r: { added: { kind: string }[] }) => r.added.map((n) => n.kind).sort();

describe('reminders and escalation in the notification centre', () => {
  it('tells each person once, as the clock passes the deadline and the escalation point', async () => {
    const w = await loadSmallDemo();
    const sup = w.people.find((p) => p.role === 'supervisor')!;
    const supCtx = await w.as(sup.id);
    const teams = await w.ctx.db.teams.toArray();
    const failed = (await w.ctx.db.evaluations.toArray()).find((e) => e.status === 'submitted' && e.outcome === 'fail' && !e.calibrationSessionId && teams.some((t) => t.id === e.teamId && t.leadId))!;
    const version = (await w.ctx.db.rubricVersions.get(failed.rubricVersionId))!;
    const prefill = await prefillFromEvaluation(supCtx, failed.id, version.definition);
    // Due Friday 20 November 2026, the end of the day in Shanghai (16:00Z).
    const action = await createAction(supCtx, { ...(prefill as ActionInput), rootCauses: ['skill'], plan: 'Summarise before closing.', priority: 'normal', dueDate: '2026-11-20' });
    const due = Date.parse(action.dueAt);
    const lead = await w.as(teams.find((t) => t.id === failed.teamId)!.leadId!);
    const staff = await w.as(failed.agentId!);

    // Two weeks before: assigned, to the lead and the staff member; the supervisor who raised it hears nothing.
    const early = due - 14 * DAY;
    expect(kinds(await refreshReminders(at(lead, early)))).toEqual(['assigned']);
    expect(kinds(await refreshReminders(at(staff, early)))).toEqual(['assigned']);
    expect(kinds(await refreshReminders(at(supCtx, early)))).toEqual([]);
    expect(kinds(await refreshReminders(at(lead, early + 60_000)))).toEqual([]);

    // Wednesday before the deadline: due soon, and the day's digest (due this week).
    const wednesday = due - 2 * DAY - 8 * 3_600_000;
    const r1 = await refreshReminders(at(lead, wednesday));
    expect(kinds(r1)).toEqual(['digest', 'due-soon']);
    expect(r1.digest).toMatchObject({ dueThisWeek: [action.id], overdue: [] });
    // Later the same day: nothing new, no second digest.
    expect(await refreshReminders(at(lead, wednesday + 3_600_000))).toEqual({ added: [], digest: null });

    // One minute past the deadline: overdue (the lead and the staff member), and a new day's digest.
    expect(kinds(await refreshReminders(at(lead, due + 60_000)))).toEqual(['digest', 'overdue']);
    expect(kinds(await refreshReminders(at(staff, due + 60_000)))).toContain('overdue');
    expect(kinds(await refreshReminders(at(supCtx, due + 60_000)))).toEqual([]);

    // Three days overdue: escalated to the supervisor (with their digest) and the owner; staff are not told.
    const late = due + 3 * DAY + 60_000;
    const s = await refreshReminders(at(supCtx, late));
    expect(kinds(s)).toEqual(['digest', 'escalated']);
    expect(s.digest!.escalated).toEqual([action.id]);
    expect(kinds(await refreshReminders(at(lead, late)))).toEqual(['digest', 'escalated']);
    // The staff member: not the escalation, only the day's digest (their action is overdue).
    const st = await refreshReminders(at(staff, late));
    expect(kinds(st)).toEqual(['digest']);
    expect(st.digest).toMatchObject({ overdue: [action.id], escalated: [] });
    const entry = (await listNotifications(supCtx)).find((n) => n.kind === 'escalated')!;
    expect(entry).toMatchObject({ actionId: action.id, data: { title: action.title, dueAt: action.dueAt }, readAt: null });

    // An extension is a new deadline: the lead is told again when that one passes.
    const extended = await extendDeadline(at(lead, late), action.id, '2026-12-04', 'waiting for the writing course');
    expect(kinds(await refreshReminders(at(lead, Date.parse(extended.dueAt) + 60_000)))).toEqual(['digest', 'overdue']);

    // Reading: only one's own entries; all at once.
    const mine = await listNotifications(lead);
    expect(mine.map((n) => n.createdAt)).toEqual([...mine.map((n) => n.createdAt)].sort().reverse());
    expect(await markNotificationsRead(staff, [mine[0]!.id])).toBe(0);
    expect(await markNotificationsRead(lead, [mine[0]!.id])).toBe(1);
    expect(await markNotificationsRead(lead)).toBe(mine.length - 1);
    expect((await listNotifications(lead)).every((n) => n.readAt)).toBe(true);
    expect((await listNotifications(staff)).some((n) => n.readAt)).toBe(false);
  });
});
