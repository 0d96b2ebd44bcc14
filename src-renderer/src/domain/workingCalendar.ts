// Business-hours clocks: minutes between two instants counting only working time (business hours on working
// days, minus public holidays, plus make-up working days such as China's 调休 weekends), in the calendar's zone.
import { fromZonedWallMs, toZonedWallMs } from './timeZones';

export interface WorkingCalendar {
  zone: string;
  /** ISO weekdays that are working days: 1 = Monday ... 7 = Sunday. */
  workdays: number[];
  /** Working hours within a working day, "HH:mm" local, in order, not overlapping (e.g. a lunch break between two). */
  hours: { start: string; end: string }[];
  /** Local dates "YYYY-MM-DD" that are not working days although their weekday is. */
  holidays: string[];
  /** Local dates that are working days although their weekday is not (make-up days). */
  extraWorkdays: string[];
}

export const DEFAULT_CALENDAR: WorkingCalendar = {
  zone: 'Asia/Shanghai',
  workdays: [1, 2, 3, 4, 5],
  hours: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  holidays: [],
  extraWorkdays: [],
};

const DAY = 86400000;
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Validation for the settings form: returns a message key per problem, empty when the calendar is usable. */
export function checkCalendar(cal: WorkingCalendar): string[] {
  const problems: string[] = [];
  if (cal.workdays.length === 0 && cal.extraWorkdays.length === 0) problems.push('calendar.noWorkdays');
  let last = -1;
  for (const h of cal.hours) {
    if (!/^\d{2}:\d{2}$/.test(h.start) || !/^\d{2}:\d{2}$/.test(h.end)) problems.push('calendar.badTime');
    else {
      const s = minutesOf(h.start);
      const e = minutesOf(h.end);
      if (e <= s || s < last || e > 1440) problems.push('calendar.badOrder');
      last = e;
    }
  }
  if (cal.hours.length === 0) problems.push('calendar.noHours');
  for (const d of [...cal.holidays, ...cal.extraWorkdays]) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) problems.push('calendar.badDate');
  return problems;
}

/** Precomputed lookups for one calendar; build once per import or view, reuse for every ticket. */
export function compileCalendar(cal: WorkingCalendar) {
  const holidays = new Set(cal.holidays);
  const extra = new Set(cal.extraWorkdays);
  const workdays = new Set(cal.workdays);
  const spans = cal.hours.map((h) => [minutesOf(h.start) * 60000, minutesOf(h.end) * 60000] as const);
  const perDay = spans.reduce((a, [s, e]) => a + (e - s), 0) / 60000;
  const isWorkingDay = (localDayStart: number) => {
    const date = new Date(localDayStart).toISOString().slice(0, 10);
    if (extra.has(date)) return true;
    if (holidays.has(date)) return false;
    const weekday = new Date(localDayStart).getUTCDay() || 7;
    return workdays.has(weekday);
  };
  // Metrics for 100k tickets ask for the same few hundred days over and over: cache each day's intervals.
  const cache = new Map<number, [number, number][]>();
  /** Working intervals of one local day as UTC instants. */
  const dayIntervals = (localDayStart: number): [number, number][] => {
    let hit = cache.get(localDayStart);
    if (hit) return hit;
    hit = isWorkingDay(localDayStart)
      ? spans.map(([s, e]) => [fromZonedWallMs(localDayStart + s, cal.zone) ?? localDayStart + s, fromZonedWallMs(localDayStart + e, cal.zone) ?? localDayStart + e])
      : [];
    if (cache.size > 20000) cache.clear();
    cache.set(localDayStart, hit);
    return hit;
  };
  return { zone: cal.zone, minutesPerDay: perDay, isWorkingDay, dayIntervals };
}
export type CompiledCalendar = ReturnType<typeof compileCalendar>;

/** Working minutes between two instants (0 when end is before start). */
export function businessMinutesBetween(startMs: number, endMs: number, cal: CompiledCalendar): number {
  if (!(endMs > startMs)) return 0;
  let total = 0;
  const firstDay = Math.floor(toZonedWallMs(startMs, cal.zone) / DAY) * DAY;
  const lastDay = Math.floor(toZonedWallMs(endMs, cal.zone) / DAY) * DAY;
  for (let day = firstDay; day <= lastDay; day += DAY) {
    for (const [s, e] of cal.dayIntervals(day)) {
      const from = Math.max(s, startMs);
      const to = Math.min(e, endMs);
      if (to > from) total += to - from;
    }
  }
  return total / 60000;
}

/** The instant when `minutes` of working time have passed after start; searches at most ~3 years ahead. */
export function addBusinessMinutes(startMs: number, minutes: number, cal: CompiledCalendar): number | null {
  let left = minutes * 60000;
  if (left <= 0) return startMs;
  let day = Math.floor(toZonedWallMs(startMs, cal.zone) / DAY) * DAY;
  for (let i = 0; i < 1100; i++, day += DAY) {
    for (const [s, e] of cal.dayIntervals(day)) {
      const from = Math.max(s, startMs);
      if (e <= from) continue;
      if (e - from >= left) return from + left;
      left -= e - from;
    }
  }
  return null;
}
