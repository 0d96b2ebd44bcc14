// Corrective actions: the state machine refuses what does not apply and says what does; deadlines are the end of
// the day in the company's zone; overdue, due soon and escalation at their boundary instants; effectiveness from
// follow-ups; counts and rates against hand-computed figures.
import { describe, expect, it } from 'vitest';
import {
  closeRefusal,
  actionRates,
  ratesBy,
  allowedEvents,
  daysOverdue,
  deadlineOf,
  IllegalTransition,
  isDueSoon,
  isEscalated,
  isOverdue,
  nextStatus,
  verifyByFollowUps,
  type ActionForRates,
} from '@renderer/domain/correctiveActions';
import type { RubricDefinition } from '@renderer/domain/rubric';

describe('the corrective action lifecycle', () => {
  it('moves open → in progress → awaiting verification → closed, and back to work from verification', () => {
    expect(nextStatus('open', { kind: 'start' })).toBe('in-progress');
    expect(nextStatus('in-progress', { kind: 'request-verification' })).toBe('awaiting-verification');
    expect(nextStatus('open', { kind: 'request-verification' })).toBe('awaiting-verification');
    expect(nextStatus('awaiting-verification', { kind: 'resume' })).toBe('in-progress');
    expect(nextStatus('awaiting-verification', { kind: 'close', outcome: 'effective' })).toBe('closed');
    expect(nextStatus('in-progress', { kind: 'cancel', reason: 'staff member left' })).toBe('cancelled');
  });

  it('refuses illegal transitions with a clear error naming what is allowed', () => {
    expect(() => nextStatus('open', { kind: 'close', outcome: 'effective' })).toThrow(IllegalTransition);
    expect(() => nextStatus('open', { kind: 'close', outcome: 'effective' })).toThrow('an action that is open cannot close; it can: start, request-verification, cancel');
    expect(() => nextStatus('closed', { kind: 'start' })).toThrow('an action that is closed cannot start: it is final');
    expect(() => nextStatus('cancelled', { kind: 'resume' })).toThrow(/it is final/);
    expect(() => nextStatus('open', { kind: 'cancel', reason: ' ' })).toThrow(/needs a reason/);
    expect(allowedEvents('awaiting-verification')).toEqual(['resume', 'close', 'cancel']);
    expect(allowedEvents('closed')).toEqual([]);
  });
});

describe('deadlines, overdue and escalation', () => {
  it('a deadline date is the end of that day in the company zone', () => {
    expect(deadlineOf('2026-11-30', 'Asia/Shanghai')).toBe('2026-11-30T16:00:00.000Z');
    expect(deadlineOf('2026-11-30', 'America/New_York')).toBe('2026-12-01T05:00:00.000Z');
    // The day the clocks change in New York (1 November 2026): midnight after it is at UTC-5.
    expect(deadlineOf('2026-11-01', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
  });

  it('is overdue from the deadline instant on, due soon before it, escalated after the set days', () => {
    const a = { status: 'in-progress' as const, dueAt: deadlineOf('2026-11-30', 'Asia/Shanghai') };
    const due = Date.parse(a.dueAt);
    expect(isOverdue(a, due - 1)).toBe(false);
    expect(isOverdue(a, due)).toBe(true);
    expect(isDueSoon(a, due - 3 * 86_400_000, 3)).toBe(true);
    expect(isDueSoon(a, due - 3 * 86_400_000 - 1, 3)).toBe(false);
    expect(isDueSoon(a, due, 3)).toBe(false);
    expect(daysOverdue(a, due + 2 * 86_400_000 - 1)).toBe(1);
    expect(isEscalated(a, due + 3 * 86_400_000 - 1, 3)).toBe(false);
    expect(isEscalated(a, due + 3 * 86_400_000, 3)).toBe(true);
    // Waiting for verification, closed or cancelled: never overdue.
    for (const status of ['awaiting-verification', 'closed', 'cancelled'] as const) expect(isOverdue({ ...a, status }, due + 86_400_000 * 30)).toBe(false);
  });
});

describe('verification by follow-up evaluations', () => {
  const rubric = {
    sections: [
      {
        id: 's',
        criteria: [
          { id: 'greet', title: 'Greeting', scale: { kind: 'binary' } },
          { id: 'empathy', title: 'Empathy', scale: { kind: 'points', levels: 5 } },
        ],
      },
    ],
  } as unknown as RubricDefinition;
  const rubrics = new Map([['v1', rubric]]);
  const f = (id: string, greet: number | null, empathy: number | null) => ({ evaluationId: id, rubricVersionId: 'v1', answers: { greet: { value: greet }, empathy: { value: empathy } } });
  const v = { kind: 'follow-ups' as const, count: 2, criterionIds: ['greet', 'empathy'] };

  it('is pending until N follow-ups are in, effective when every target passes wherever it applied', () => {
    expect(verifyByFollowUps(v, [f('a', 1, 5)], rubrics).verdict).toBe('pending');
    const r = verifyByFollowUps(v, [f('a', 1, 5), f('b', 1, null), f('c', 0, 1)], rubrics);
    expect(r).toMatchObject({ needed: 2, done: 2, verdict: 'effective' });
    expect(r.criteria).toEqual([
      { criterionId: 'greet', applicable: 2, passed: 2 },
      { criterionId: 'empathy', applicable: 1, passed: 1 },
    ]);
  });

  it('is not effective when a target falls short once, or never applied', () => {
    expect(verifyByFollowUps(v, [f('a', 1, 4), f('b', 1, 5)], rubrics).verdict).toBe('not-effective');
    expect(verifyByFollowUps(v, [f('a', 1, null), f('b', 1, null)], rubrics).verdict).toBe('not-effective');
  });
});

describe('counts and rates', () => {
  it('match a hand-computed set', () => {
    const now = Date.parse('2026-11-20T00:00:00Z');
    const a = (status: ActionForRates['status'], dueAt: string, completedAt: string | null = null, outcome: ActionForRates['outcome'] = null): ActionForRates => ({ status, dueAt, completedAt, outcome });
    const set = [
      a('open', '2026-11-25T00:00:00Z'), // open, not overdue
      a('in-progress', '2026-11-19T00:00:00Z'), // open, overdue
      a('awaiting-verification', '2026-11-10T00:00:00Z', '2026-11-09T00:00:00Z'), // open, not overdue (waiting)
      a('closed', '2026-11-10T00:00:00Z', '2026-11-09T00:00:00Z', 'effective'), // on time, effective
      a('closed', '2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z', 'effective'), // late, effective
      a('closed', '2026-11-10T00:00:00Z', '2026-11-01T00:00:00Z', 'not-effective'), // on time, not effective
      a('cancelled', '2026-11-01T00:00:00Z'), // counts nowhere
    ];
    expect(actionRates(set, now)).toEqual({ open: 3, overdue: 1, closed: 3, onTimeRate: 2 / 3, effectiveRate: 2 / 3, overridden: 0 });
    expect(actionRates([], now)).toEqual({ open: 0, overdue: 0, closed: 0, onTimeRate: null, effectiveRate: null, overridden: 0 });
  });

  it('per team and per person, against hand-computed figures', () => {
    const now = Date.parse('2026-11-20T00:00:00Z');
    type R = ActionForRates & { teamId: string | null; staffId: string };
    const r = (teamId: string | null, staffId: string, status: R['status'], dueAt: string, completedAt: string | null = null, outcome: R['outcome'] = null): R => ({ teamId, staffId, status, dueAt, completedAt, outcome });
    const set = [
      r('t1', 'li', 'closed', '2026-11-10T00:00:00Z', '2026-11-08T00:00:00Z', 'effective'), // li: on time, effective
      r('t1', 'li', 'closed', '2026-11-10T00:00:00Z', '2026-11-11T00:00:00Z', 'not-effective'), // li: late, not effective
      r('t1', 'li', 'in-progress', '2026-11-18T00:00:00Z'), // li: overdue
      r('t1', 'wang', 'closed', '2026-11-15T00:00:00Z', '2026-11-14T00:00:00Z', 'effective'), // wang: on time, effective
      r('t1', 'wang', 'cancelled', '2026-11-01T00:00:00Z'), // nowhere
      r('t2', 'zhao', 'open', '2026-11-30T00:00:00Z'), // zhao: open
      r(null, 'solo', 'closed', '2026-11-10T00:00:00Z', '2026-11-12T00:00:00Z', 'effective'), // no team: late, effective
    ];
    expect(ratesBy(set, (a) => a.teamId, now)).toEqual([
      // t1: 4 live (li 3, wang 1); open = li's in-progress; closed 3, on time 2 (li #1, wang), effective 2.
      { key: 't1', rates: { open: 1, overdue: 1, closed: 3, onTimeRate: 2 / 3, effectiveRate: 2 / 3, overridden: 0 } },
      { key: 't2', rates: { open: 1, overdue: 0, closed: 0, onTimeRate: null, effectiveRate: null, overridden: 0 } },
      { key: '', rates: { open: 0, overdue: 0, closed: 1, onTimeRate: 0, effectiveRate: 1, overridden: 0 } },
    ]);
    expect(ratesBy(set, (a) => a.staffId, now)).toEqual([
      { key: 'li', rates: { open: 1, overdue: 1, closed: 2, onTimeRate: 0.5, effectiveRate: 0.5, overridden: 0 } },
      { key: 'wang', rates: { open: 0, overdue: 0, closed: 1, onTimeRate: 1, effectiveRate: 1, overridden: 0 } },
      { key: 'zhao', rates: { open: 1, overdue: 0, closed: 0, onTimeRate: null, effectiveRate: null, overridden: 0 } },
      { key: 'solo', rates: { open: 0, overdue: 0, closed: 1, onTimeRate: 0, effectiveRate: 1, overridden: 0 } },
    ]);
  });
});

describe('closing against the verification', () => {
  const v = { kind: 'follow-ups' as const, count: 2, criterionIds: ['a'] };
  const pending = { needed: 2, done: 0, criteria: [], verdict: 'pending' as const };
  const effective = { needed: 2, done: 2, criteria: [], verdict: 'effective' as const };
  it('refuses effective at 0 of 2 follow-ups, and any outcome the follow-ups contradict, unless overridden with a reason', () => {
    expect(closeRefusal(v, pending, 'effective', undefined)).toMatch(/0 of 2/);
    expect(closeRefusal(v, pending, 'not-effective', undefined)).toMatch(/0 of 2/);
    expect(closeRefusal(v, effective, 'not-effective', undefined)).toMatch(/say effective/);
    expect(closeRefusal(v, effective, 'effective', undefined)).toBeNull();
    expect(closeRefusal(v, pending, 'effective', 'ab')).not.toBeNull();
    expect(closeRefusal(v, pending, 'effective', 'left the team')).toBeNull();
    expect(closeRefusal({ kind: 'manual' }, null, 'effective', undefined)).toBeNull();
  });
  it('an override is counted as such in the rates', () => {
    const now = Date.parse('2026-11-30T00:00:00Z');
    const base = { status: 'closed' as const, outcome: 'effective' as const, dueAt: '2026-11-20T00:00:00Z', completedAt: '2026-11-10T00:00:00Z' };
    expect(actionRates([base, { ...base, closeOverride: 'left the team' }], now)).toMatchObject({ closed: 2, effectiveRate: 1, overridden: 1 });
  });
});

