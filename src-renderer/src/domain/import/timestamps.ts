// Reads the timestamps helpdesk exports write (ISO 8601, YYYY-MM-DD HH:mm, YYYY/M/D H:mm, DD-MM-YY, 2024年3月5日,
// Excel serial days, epoch seconds or milliseconds) as UTC instants, given the export's time zone.
// Day/month order and two-digit years are inferred from a whole column; when the column cannot tell, the caller asks.
import { fromZonedWallMs, zoneOffsetMinutes } from '../timeZones';

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface TimestampOptions {
  /** Order for dates that do not start with a four-digit year. */
  order: DateOrder;
  /** IANA zone ("Asia/Shanghai") or fixed offset ("+08:00", "UTC") the export's wall-clock times are in. */
  zone: string;
  /** Two-digit years mean this century: 2000 reads "24" as 2024. */
  century: number;
}

export const DEFAULT_TIMESTAMP_OPTIONS: TimestampOptions = { order: 'ymd', zone: 'Asia/Shanghai', century: 2000 };

export type TimestampResult = { ok: true; iso: string } | { ok: false; reason: 'unreadable' | 'impossible-date' | 'unknown-zone' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SEPARATED = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*(AM|PM|上午|下午))?)?$/i;
const CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(上午|下午)?\s*(\d{1,2})[:时](\d{2})分?(?::(\d{2})秒?)?)?$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

export interface WallTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

export function parseTimestamp(raw: string, opts: TimestampOptions): TimestampResult {
  const v = raw.trim();
  let m = ISO.exec(v);
  if (m) {
    const wall = { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]!, s: +(m[6] ?? 0), ms: Math.floor(+`0.${m[7] ?? '0'}` * 1000) };
    return m[8] ? fromWall(wall, m[8]) : fromWall(wall, opts.zone);
  }
  if (NUMBER.test(v)) return fromNumber(Number(v), opts.zone);
  m = CHINESE.exec(v);
  if (m) return fromWall({ y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: to24(+(m[5] ?? 0), m[4]), mi: +(m[6] ?? 0), s: +(m[7] ?? 0), ms: 0 }, opts.zone);
  m = SEPARATED.exec(v);
  if (m) {
    const [a, b, c] = [m[1]!, m[2]!, m[3]!];
    let y: number, mo: number, d: number;
    if (a.length === 4) [y, mo, d] = [+a, +b, +c];
    else if (c.length === 4 || c.length <= 2) {
      const year = c.length === 4 ? +c : opts.century + +c;
      if (opts.order === 'mdy') [y, mo, d] = [year, +a, +b];
      else if (opts.order === 'dmy') [y, mo, d] = [year, +b, +a];
      else return { ok: false, reason: 'unreadable' };
    } else return { ok: false, reason: 'unreadable' };
    return fromWall({ y, mo, d, h: to24(+(m[4] ?? 0), m[7]), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), ms: 0 }, opts.zone);
  }
  return { ok: false, reason: 'unreadable' };
}

/** Excel serials (days since 1899-12-30, wall clock), epoch seconds and epoch milliseconds, told apart by size. */
function fromNumber(n: number, zone: string): TimestampResult {
  if (n >= 1e11) return instant(n);
  if (n >= 1e8) return instant(n * 1000);
  if (n >= 1 && n < 2958466) {
    const t = new Date(EXCEL_EPOCH_UTC + Math.round(n * 86400000));
    return fromWall(
      { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: 0 },
      zone,
    );
  }
  return { ok: false, reason: 'unreadable' };
}

function instant(ms: number): TimestampResult {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? { ok: false, reason: 'unreadable' } : { ok: true, iso: d.toISOString() };
}

function to24(h: number, meridiem: string | undefined): number {
  if (!meridiem) return h;
  const pm = /pm|下午/i.test(meridiem);
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

/** A wall-clock time in a zone (IANA or fixed offset) as an instant; impossible dates are refused. */
export function fromWall(w: WallTime, zone: string): TimestampResult {
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.h > 23 || w.mi > 59 || w.s > 60) return { ok: false, reason: 'impossible-date' };
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms);
  if (new Date(asUtc).getUTCDate() !== w.d) return { ok: false, reason: 'impossible-date' };
  const at = fromZonedWallMs(asUtc, zone);
  return at === null ? { ok: false, reason: 'unknown-zone' } : { ok: true, iso: new Date(at).toISOString() };
}

export function isKnownZone(zone: string): boolean {
  return zoneOffsetMinutes(zone, Date.UTC(2024, 0, 1)) !== null;
}

export interface ColumnDateProfile {
  /** How many non-empty values the column has, and how many look like dates at all. */
  values: number;
  /** Values whose order is not fixed by a four-digit leading year. */
  orderDependent: number;
  /** The order the column proves (a first part over 12 means day first, a second part over 12 means month first). */
  proven: 'dmy' | 'mdy' | 'conflict' | null;
  /** True when order-dependent values exist and nothing in the column settles the order: the user must confirm. */
  ambiguous: boolean;
  twoDigitYears: boolean;
  /** A sample value for the confirmation question. */
  example: string | null;
}

/** Looks at a whole column to decide day/month order; never guesses silently. */
export function profileDateColumn(values: Iterable<string>): ColumnDateProfile {
  let count = 0;
  let dependent = 0;
  let dayFirst = false;
  let monthFirst = false;
  let twoDigit = false;
  let example: string | null = null;
  for (const raw of values) {
    const v = raw.trim();
    if (!v) continue;
    count++;
    const m = SEPARATED.exec(v);
    if (!m || m[1]!.length === 4) continue;
    dependent++;
    example ??= v;
    if (m[3]!.length <= 2) twoDigit = true;
    if (+m[1]! > 12) dayFirst = true;
    if (+m[2]! > 12) monthFirst = true;
  }
  const proven = dayFirst && monthFirst ? 'conflict' : dayFirst ? 'dmy' : monthFirst ? 'mdy' : null;
  return { values: count, orderDependent: dependent, proven, ambiguous: dependent > 0 && proven === null, twoDigitYears: twoDigit, example };
}

/** Does a cell read as a date or date-time (not a bare number, which may be a duration or a count)? */
export const looksLikeTimestamp = (raw: string): boolean => {
  const v = raw.trim();
  return ISO.test(v) || CHINESE.test(v) || SEPARATED.test(v);
};

/**
 * Columns whose sample values are all dates or date-times (and at least one is): the candidates for the creation
 * time when no column was recognised as it, in the file's order.
 */
export function timestampColumns(header: readonly string[], sample: readonly (readonly string[])[]): string[] {
  return header.filter((_, i) => {
    const values = sample.map((r) => (r[i] ?? '').trim()).filter(Boolean);
    return values.length > 0 && values.every(looksLikeTimestamp);
  });
}
