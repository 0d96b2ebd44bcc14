// Service-standard metrics per ticket: first-response and resolution clocks against the standard that applies
// (by channel and priority), on a business-hours or calendar clock; reopened; CSAT normalised.
// Defaults come from the department's service standards (shared/domain/SERVICE-STANDARDS.md); all are settings.
import type { Channel, Priority, Ticket } from './model';
import { addBusinessMinutes, businessMinutesBetween, type CompiledCalendar } from './workingCalendar';

export type StandardMetric = 'firstResponse' | 'resolution';

export interface ServiceStandard {
  id: string;
  metric: StandardMetric;
  /** Empty means every priority / channel. The first standard whose filters match a ticket applies. */
  priorities: Priority[];
  channels: Channel[];
  target: number;
  unit: 'minutes' | 'hours' | 'workingDays';
  /** business: only working time counts; calendar: every minute counts (business stopped: 24/7). */
  clock: 'business' | 'calendar';
}

export const DEFAULT_SERVICE_STANDARDS: ServiceStandard[] = [
  { id: 'chat-answer', metric: 'firstResponse', priorities: [], channels: ['chat'], target: 5, unit: 'minutes', clock: 'business' },
  { id: 'urgent-engaged', metric: 'firstResponse', priorities: ['urgent'], channels: [], target: 2, unit: 'hours', clock: 'calendar' },
  { id: 'logged-assessed', metric: 'firstResponse', priorities: ['high'], channels: [], target: 1, unit: 'hours', clock: 'business' },
  { id: 'general-contact', metric: 'firstResponse', priorities: [], channels: [], target: 24, unit: 'hours', clock: 'calendar' },
  { id: 'urgent-resolved', metric: 'resolution', priorities: ['urgent'], channels: [], target: 4, unit: 'hours', clock: 'calendar' },
  { id: 'simple-resolved', metric: 'resolution', priorities: ['high'], channels: [], target: 4, unit: 'hours', clock: 'business' },
  { id: 'complex-resolved', metric: 'resolution', priorities: [], channels: [], target: 3, unit: 'workingDays', clock: 'business' },
];

export interface SlaClock {
  standardId: string;
  targetMinutes: number;
  /** Minutes on the standard's clock until the event, or until now while it has not happened. */
  elapsedMinutes: number;
  state: 'met' | 'breached' | 'running';
  /** When the standard is breached if nothing happens (ISO). */
  dueAt: string | null;
}

export interface TicketMetrics {
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  firstResponse: SlaClock | null;
  resolution: SlaClock | null;
  breached: boolean;
  reopened: boolean;
  /** CSAT on 0..1 ((rating - 1) / 4); null when not rated. */
  csatNormalised: number | null;
  /** Rated 4 or 5: counts towards the satisfied share. */
  satisfied: boolean | null;
}

export function standardFor(standards: ServiceStandard[], metric: StandardMetric, t: Pick<Ticket, 'priority' | 'channel'>): ServiceStandard | null {
  return (
    standards.find(
      (s) => s.metric === metric && (s.priorities.length === 0 || s.priorities.includes(t.priority)) && (s.channels.length === 0 || s.channels.includes(t.channel)),
    ) ?? null
  );
}

function targetMinutes(s: ServiceStandard, cal: CompiledCalendar): number {
  if (s.unit === 'minutes') return s.target;
  if (s.unit === 'hours') return s.target * 60;
  return s.target * cal.minutesPerDay;
}

export function computeSlaClock(standard: ServiceStandard, startMs: number, endMs: number | null, nowMs: number, cal: CompiledCalendar): SlaClock {
  const target = targetMinutes(standard, cal);
  const until = endMs ?? Math.max(nowMs, startMs);
  const elapsed = standard.clock === 'business' ? businessMinutesBetween(startMs, until, cal) : Math.max(0, (until - startMs) / 60000);
  const due = standard.clock === 'business' ? addBusinessMinutes(startMs, target, cal) : startMs + target * 60000;
  const state = elapsed > target ? 'breached' : endMs === null ? 'running' : 'met';
  return { standardId: standard.id, targetMinutes: target, elapsedMinutes: Math.round(elapsed * 10) / 10, state, dueAt: due === null ? null : new Date(due).toISOString() };
}

export function computeTicketMetrics(
  t: Pick<Ticket, 'priority' | 'channel' | 'openedAt' | 'firstResponseAt' | 'resolvedAt' | 'status' | 'reopenedCount' | 'csat'>,
  standards: ServiceStandard[],
  cal: CompiledCalendar,
  nowMs: number,
): TicketMetrics {
  const opened = Date.parse(t.openedAt);
  const responded = t.firstResponseAt ? Date.parse(t.firstResponseAt) : null;
  const resolved = t.resolvedAt ? Date.parse(t.resolvedAt) : null;
  const fr = standardFor(standards, 'firstResponse', t);
  const rs = standardFor(standards, 'resolution', t);
  // A ticket solved or closed without a recorded response was answered by its resolution.
  const responseEnd = responded ?? resolved;
  const firstResponse = fr ? computeSlaClock(fr, opened, responseEnd, nowMs, cal) : null;
  const resolution = rs ? computeSlaClock(rs, opened, resolved, nowMs, cal) : null;
  const valid = (x: number | null) => (x !== null && x >= opened ? x : null);
  return {
    firstResponseMinutes: valid(responded) === null ? null : Math.round((responded! - opened) / 60000),
    resolutionMinutes: valid(resolved) === null ? null : Math.round((resolved! - opened) / 60000),
    firstResponse,
    resolution,
    breached: firstResponse?.state === 'breached' || resolution?.state === 'breached',
    reopened: t.reopenedCount > 0,
    csatNormalised: t.csat === null ? null : (t.csat - 1) / 4,
    satisfied: t.csat === null ? null : t.csat >= 4,
  };
}
