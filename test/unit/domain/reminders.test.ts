// Reminders: who is told what, once per fact, at the boundary instants; the weekly digest in the company's zone.
import { describe, expect, it } from 'vitest';
import { deadlineOf } from '@renderer/domain/correctiveActions';
import { digestIsEmpty, remindersFor, weekDigest, type Recipient, type RemindedAction } from '@renderer/domain/reminders';

const S = { dueSoonDays: 3, escalateAfterDays: 3 };
const DAY = 86_400_000;
const ZONE = 'Asia/Shanghai';

function action(over: Partial<RemindedAction>): RemindedAction {
  return { id: 'a1', title: 'Replies', staffId: 'staff', ownerId: 'lead', createdBy: 'sup', status: 'open', dueAt: deadlineOf('2026-11-27', ZONE), ...over };
}

const kinds = (xs: { kind: string }[]) => xs.map((x) => x.kind);

describe('reminders', () => {
  const a = action({});
  const due = Date.parse(a.dueAt); // 2026-11-27T16:00Z, the end of Friday in Shanghai

  it('tells the owner and the staff member it is assigned; not the owner who raised it themselves', () => {
    const early = due - 10 * DAY;
    expect(kinds(remindersFor([a], { personId: 'lead', role: 'lead' }, S, early))).toEqual(['assigned']);
    expect(kinds(remindersFor([a], { personId: 'staff', role: 'staff' }, S, early))).toEqual(['assigned']);
    expect(remindersFor([a], { personId: 'sup', role: 'supervisor' }, S, early)).toEqual([]);
    expect(remindersFor([action({ createdBy: 'lead' })], { personId: 'lead', role: 'lead' }, S, early)).toEqual([]);
    expect(remindersFor([a], { personId: 'other', role: 'staff' }, S, early)).toEqual([]);
  });

  it('due soon from N days before the deadline, overdue from the deadline, escalated after M days (the most advanced only)', () => {
    const lead = { personId: 'lead', role: 'lead' as const };
    const sup = { personId: 'sup', role: 'supervisor' as const };
    const staff = { personId: 'staff', role: 'staff' as const };
    const at = (ms: number, who: Recipient = lead) => kinds(remindersFor([a], who, S, ms)).filter((k) => k !== 'assigned');
    expect(at(due - 3 * DAY - 1)).toEqual([]);
    expect(at(due - 3 * DAY)).toEqual(['due-soon']);
    expect(at(due - 1)).toEqual(['due-soon']);
    expect(at(due)).toEqual(['overdue']);
    expect(at(due, staff)).toEqual(['overdue']);
    expect(at(due, sup)).toEqual([]);
    expect(at(due + 3 * DAY - 1)).toEqual(['overdue']);
    expect(at(due + 3 * DAY)).toEqual(['escalated']);
    expect(at(due + 3 * DAY, sup)).toEqual(['escalated']);
    expect(at(due + 3 * DAY, { personId: 'admin', role: 'admin' })).toEqual(['escalated']);
    // Staff are not told of the escalation; they still see it overdue.
    expect(at(due + 3 * DAY, staff)).toEqual(['overdue']);
  });

  it('keys name the fact: the same deadline gives the same key, an extension a new one; final actions say nothing', () => {
    const lead = { personId: 'lead', role: 'lead' as const };
    const k1 = remindersFor([a], lead, S, due + DAY).map((r) => r.key);
    expect(remindersFor([a], lead, S, due + 2 * DAY).map((r) => r.key)).toEqual(k1);
    const extended = action({ dueAt: deadlineOf('2026-12-01', ZONE) });
    const k2 = remindersFor([extended], lead, S, Date.parse(extended.dueAt) + DAY).map((r) => r.key);
    expect(k2[0]).toBe(k1[0]);
    expect(k2[1]).not.toBe(k1[1]);
    for (const status of ['closed', 'cancelled'] as const) expect(remindersFor([action({ status })], lead, S, due + 5 * DAY)).toEqual([]);
    // Waiting for verification: the work is done, nothing is overdue.
    expect(kinds(remindersFor([action({ status: 'awaiting-verification' })], lead, S, due + 5 * DAY))).toEqual(['assigned']);
  });

  it('the same instant is overdue in Shanghai but not yet in New York (deadlines are local days)', () => {
    const ny = action({ dueAt: deadlineOf('2026-11-27', 'America/New_York') });
    const lead = { personId: 'lead', role: 'lead' as const };
    const instant = Date.parse('2026-11-28T02:00:00Z'); // Saturday 10:00 in Shanghai, Friday 21:00 in New York
    expect(kinds(remindersFor([a], lead, S, instant))).toContain('overdue');
    expect(kinds(remindersFor([ny], lead, S, instant))).toContain('due-soon');
  });
});

describe('the weekly digest', () => {
  const lead = { personId: 'lead', role: 'lead' as const };
  const sup = { personId: 'sup', role: 'supervisor' as const };
  const monday = Date.parse('2026-11-23T01:00:00Z'); // Monday 09:00 in Shanghai
  const acts = [
    action({ id: 'sunday', dueAt: deadlineOf('2026-11-29', ZONE) }),
    action({ id: 'next-monday', dueAt: deadlineOf('2026-11-30', ZONE) }),
    action({ id: 'late', dueAt: deadlineOf('2026-11-20', ZONE) }),
    action({ id: 'very-late', dueAt: deadlineOf('2026-11-10', ZONE), ownerId: 'other-lead' }),
    action({ id: 'verifying', dueAt: deadlineOf('2026-11-25', ZONE), status: 'awaiting-verification' }),
    action({ id: 'done', dueAt: deadlineOf('2026-11-25', ZONE), status: 'closed' }),
  ];

  it('lists my overdue actions and those due by the end of Sunday; supervisors also every escalated one', () => {
    const d = weekDigest(acts, lead, S, monday, ZONE);
    expect(d).toEqual({ day: '2026-11-23', overdue: ['late'], dueThisWeek: ['sunday'], escalated: [] });
    const s = weekDigest(acts, sup, S, monday, ZONE);
    // 'late' ended Friday 20 November (16:00Z): 2 days 9 hours overdue, not yet the 3 days that escalate.
    expect(s.escalated).toEqual(['very-late']);
    expect(weekDigest(acts, sup, S, Date.parse('2026-11-23T16:00:00Z'), ZONE).escalated).toEqual(['late', 'very-late']);
    expect(s.overdue).toEqual([]);
    expect(digestIsEmpty(weekDigest(acts, { personId: 'nobody', role: 'staff' }, S, monday, ZONE))).toBe(true);
  });

  it('the day and the week are the company zone\'s: Sunday 23:30 in Shanghai is still this week', () => {
    const sundayLate = Date.parse('2026-11-29T15:30:00Z');
    const d = weekDigest(acts, lead, S, sundayLate, ZONE);
    expect(d.day).toBe('2026-11-29');
    expect(d.dueThisWeek).toEqual(['sunday']);
    const mondayAfter = Date.parse('2026-11-29T16:30:00Z');
    const e = weekDigest(acts, lead, S, mondayAfter, ZONE);
    expect(e.day).toBe('2026-11-30');
    expect(e.overdue).toEqual(['sunday', 'late']);
    expect(e.dueThisWeek).toEqual(['next-monday']);
  });
});
