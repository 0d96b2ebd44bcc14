import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, checkCalendar, compileCalendar, DEFAULT_CALENDAR } from '@renderer/domain/workingCalendar';
import { computeTicketMetrics, DEFAULT_SERVICE_STANDARDS, standardFor } from '@renderer/domain/serviceStandards';

// Shanghai is UTC+8 all year: 09:00 local = 01:00Z.
const at = (local: string) => Date.parse(`${local}+08:00`);
const cal = compileCalendar(DEFAULT_CALENDAR);

describe('businessMinutesBetween', () => {
  it('counts only working hours, skipping lunch and the night', () => {
    expect(businessMinutesBetween(at('2026-03-02T08:00:00'), at('2026-03-02T10:00:00'), cal)).toBe(60);
    expect(businessMinutesBetween(at('2026-03-02T11:30:00'), at('2026-03-02T14:00:00'), cal)).toBe(60);
    // Monday 17:00 to Tuesday 10:00: one hour Monday evening, one Tuesday morning.
    expect(businessMinutesBetween(at('2026-03-02T17:00:00'), at('2026-03-03T10:00:00'), cal)).toBe(120);
  });
  it('skips weekends and holidays and counts make-up working days', () => {
    // Friday 17:00 to Monday 10:00.
    expect(businessMinutesBetween(at('2026-03-06T17:00:00'), at('2026-03-09T10:00:00'), cal)).toBe(120);
    const withHoliday = compileCalendar({ ...DEFAULT_CALENDAR, holidays: ['2026-03-09'], extraWorkdays: ['2026-03-07'] });
    // Saturday 7th is a make-up day (7.5 h), Monday 9th a holiday.
    expect(businessMinutesBetween(at('2026-03-06T17:00:00'), at('2026-03-10T10:00:00'), withHoliday)).toBe(60 + 450 + 60);
  });
  it('is zero for reversed intervals and finds deadlines across a weekend', () => {
    expect(businessMinutesBetween(at('2026-03-03T10:00:00'), at('2026-03-02T10:00:00'), cal)).toBe(0);
    expect(addBusinessMinutes(at('2026-03-06T17:00:00'), 120, cal)).toBe(at('2026-03-09T10:00:00'));
    expect(addBusinessMinutes(at('2026-03-07T12:00:00'), 30, cal)).toBe(at('2026-03-09T09:30:00'));
  });
  it('rejects calendars that cannot work', () => {
    expect(checkCalendar(DEFAULT_CALENDAR)).toEqual([]);
    expect(checkCalendar({ ...DEFAULT_CALENDAR, hours: [{ start: '18:00', end: '09:00' }] })).toContain('calendar.badOrder');
    expect(checkCalendar({ ...DEFAULT_CALENDAR, workdays: [] })).toContain('calendar.noWorkdays');
  });
});

describe('computeTicketMetrics', () => {
  const base = { priority: 'high' as const, channel: 'email' as const, status: 'solved' as const, reopenedCount: 0, csat: 5 };
  it('meets a one-business-hour response opened on Friday evening and answered Monday 09:30', () => {
    const m = computeTicketMetrics(
      { ...base, openedAt: new Date(at('2026-03-06T17:45:00')).toISOString(), firstResponseAt: new Date(at('2026-03-09T09:30:00')).toISOString(), resolvedAt: null },
      DEFAULT_SERVICE_STANDARDS,
      cal,
      at('2026-03-09T12:00:00'),
    );
    expect(m.firstResponse).toMatchObject({ standardId: 'logged-assessed', elapsedMinutes: 45, state: 'met' });
    expect(m.firstResponse!.dueAt).toBe(new Date(at('2026-03-09T09:45:00')).toISOString());
    expect(m.resolution!.state).toBe('running');
    expect(m.satisfied).toBe(true);
    expect(m.csatNormalised).toBe(1);
  });
  it('breaches an urgent ticket on the calendar clock, at night too', () => {
    const m = computeTicketMetrics(
      { ...base, priority: 'urgent', csat: 2, reopenedCount: 1, openedAt: new Date(at('2026-03-07T22:00:00')).toISOString(), firstResponseAt: new Date(at('2026-03-08T01:00:00')).toISOString(), resolvedAt: null },
      DEFAULT_SERVICE_STANDARDS,
      cal,
      at('2026-03-08T02:00:00'),
    );
    expect(m.firstResponse).toMatchObject({ standardId: 'urgent-engaged', elapsedMinutes: 180, state: 'breached' });
    expect(m).toMatchObject({ breached: true, reopened: true, satisfied: false, csatNormalised: 0.25 });
  });
  it('picks the chat standard over the priority default', () => {
    expect(standardFor(DEFAULT_SERVICE_STANDARDS, 'firstResponse', { priority: 'normal', channel: 'chat' })!.id).toBe('chat-answer');
    expect(standardFor(DEFAULT_SERVICE_STANDARDS, 'resolution', { priority: 'low', channel: 'chat' })!.id).toBe('complex-resolved');
  });
});

describe('matchesTicket', () => {
  it('combines filters: team, CSAT bands, breached, recording, text', async () => {
    const { matchesTicket, EMPTY_FILTER } = await import('@renderer/domain/ticketFilter');
    const t = {
      id: 't1', externalId: 'X-9', subject: '打印失败', customerName: 'ACME', product: 'ERP', teamId: 'team1', agentId: 'a1',
      channel: 'phone', priority: 'high', category: 'system-fault', openedAt: '2026-03-02T01:00:00.000Z', csat: 2, flags: [],
    } as never;
    const m = { breached: true } as never;
    const rec = new Set(['t1']);
    expect(matchesTicket(t, m, EMPTY_FILTER, new Set())).toBe(true);
    expect(matchesTicket(t, m, { ...EMPTY_FILTER, teamIds: ['team2'] }, rec)).toBe(false);
    expect(matchesTicket(t, m, { ...EMPTY_FILTER, csat: 'dissatisfied', sla: 'breached', hasRecording: true, text: '打印' }, rec)).toBe(true);
    expect(matchesTicket(t, m, { ...EMPTY_FILTER, csat: 'satisfied' }, rec)).toBe(false);
    expect(matchesTicket(t, m, { ...EMPTY_FILTER, hasRecording: true }, new Set())).toBe(false);
    expect(matchesTicket(t, m, { ...EMPTY_FILTER, from: '2026-03-03T00:00:00.000Z' }, rec)).toBe(false);
    expect(matchesTicket(t, m, { ...EMPTY_FILTER, flagged: true }, rec)).toBe(false);
  });
});
