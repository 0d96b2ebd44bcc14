// Offsets of IANA zones and fixed offsets at an instant, through Intl (no time-zone database of our own).

const FIXED = /^(?:UTC|GMT|Z)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const offsetCache = new Map<string, number>();

/** Minutes east of UTC for a zone at an instant; null for an unknown zone. Cached per zone and hour: imports call it 100k times. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number | null {
  if (/^(UTC|GMT|Z)$/i.test(zone)) return 0;
  const fixed = FIXED.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (+fixed[2]! * 60 + +(fixed[3] ?? 0));
  const key = `${zone}|${Math.floor(utcMs / 3600000)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let fmt = formatters.get(zone);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      fmt = null;
    }
    formatters.set(zone, fmt);
  }
  if (!fmt) return null;
  const hourStart = Math.floor(utcMs / 3600000) * 3600000;
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(hourStart))) if (p.type !== 'literal') parts[p.type] = +p.value;
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = Math.round((wall - hourStart) / 60000);
  if (offsetCache.size > 50000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** Local wall-clock milliseconds (as if UTC) for an instant in a zone. */
export function toZonedWallMs(utcMs: number, zone: string): number {
  return utcMs + (zoneOffsetMinutes(zone, utcMs) ?? 0) * 60000;
}

/** The instant for a wall-clock time (as if UTC) in a zone; null for an unknown zone.
 * The offset at the wall time read as UTC is right except within hours of a DST change; one correction fixes that. */
export function fromZonedWallMs(wallMs: number, zone: string): number | null {
  const offset = zoneOffsetMinutes(zone, wallMs);
  if (offset === null) return null;
  const corrected = zoneOffsetMinutes(zone, wallMs - offset * 60000) ?? offset;
  return wallMs - corrected * 60000;
}
