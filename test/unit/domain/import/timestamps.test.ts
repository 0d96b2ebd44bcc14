import { describe, expect, it } from 'vitest';
import { parseTimestamp, profileDateColumn, timestampColumns, DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';
import { zoneOffsetMinutes } from '@renderer/domain/timeZones';

const sh = { ...DEFAULT_TIMESTAMP_OPTIONS, zone: 'Asia/Shanghai' };
const iso = (v: string, o = sh) => {
  const r = parseTimestamp(v, o);
  return r.ok ? r.iso : r.reason;
};

describe('parseTimestamp', () => {
  it('reads ISO 8601 with an offset as given and without one in the chosen zone', () => {
    expect(iso('2024-03-05T14:05:00Z')).toBe('2024-03-05T14:05:00.000Z');
    expect(iso('2024-03-05T14:05:00+08:00')).toBe('2024-03-05T06:05:00.000Z');
    expect(iso('2024-03-05 14:05')).toBe('2024-03-05T06:05:00.000Z');
    expect(iso('2024-03-05T14:05:00.123')).toBe('2024-03-05T06:05:00.123Z');
  });
  it('reads YYYY/M/D H:mm, Chinese dates, Excel serials and epochs', () => {
    expect(iso('2024/3/5 9:07')).toBe('2024-03-05T01:07:00.000Z');
    expect(iso('2024年3月5日 14:05')).toBe('2024-03-05T06:05:00.000Z');
    expect(iso('2024年3月5日 下午2:05')).toBe('2024-03-05T06:05:00.000Z');
    expect(iso('45356.5', { ...sh, zone: 'UTC' })).toBe('2024-03-05T12:00:00.000Z');
    expect(iso('1709647500')).toBe('2024-03-05T14:05:00.000Z');
    expect(iso('1709647500000')).toBe('2024-03-05T14:05:00.000Z');
  });
  it('uses the chosen day/month order and century for short dates', () => {
    expect(iso('05-03-24 9:05', { ...sh, order: 'dmy' })).toBe('2024-03-05T01:05:00.000Z');
    expect(iso('03/05/2024 9:05 PM', { ...sh, order: 'mdy' })).toBe('2024-03-05T13:05:00.000Z');
    expect(iso('05-03-24', { ...sh, order: 'ymd' })).toBe('unreadable');
  });
  it('rejects impossible dates and text', () => {
    expect(iso('2024-02-30 10:00')).toBe('impossible-date');
    expect(iso('2024-13-01 10:00')).toBe('impossible-date');
    expect(iso('yesterday')).toBe('unreadable');
    expect(iso('2024-03-05 10:00', { ...sh, zone: 'Mars/Olympus' })).toBe('unknown-zone');
  });
  it('applies daylight saving in named zones', () => {
    expect(zoneOffsetMinutes('Europe/Berlin', Date.UTC(2024, 0, 10))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Berlin', Date.UTC(2024, 6, 10))).toBe(120);
    expect(iso('2024-07-10 12:00', { ...sh, zone: 'Europe/Berlin' })).toBe('2024-07-10T10:00:00.000Z');
    expect(iso('2024-07-10 12:00', { ...sh, zone: '-05:00' })).toBe('2024-07-10T17:00:00.000Z');
  });
});

describe('profileDateColumn', () => {
  it('proves day-first from a value over 12 and asks when nothing settles it', () => {
    expect(profileDateColumn(['01-02-24', '13-02-24']).proven).toBe('dmy');
    expect(profileDateColumn(['01/02/2024', '02/13/2024']).proven).toBe('mdy');
    const amb = profileDateColumn(['01-02-24 9:00', '03-04-24 10:00']);
    expect(amb).toMatchObject({ ambiguous: true, twoDigitYears: true, example: '01-02-24 9:00' });
    expect(profileDateColumn(['2024-01-02 10:00']).ambiguous).toBe(false);
  });
});

describe('columns that could be the creation time', () => {
  it('are those whose sample values are all dates (ISO, separated, Chinese), in file order; numbers and text are not', () => {
    const header = ['ID', 'Updated at', 'First Response Time', '处理时间', 'Hours', 'Subject', 'Closed'];
    const sample = [
      ['7', '2026-03-02 09:12:44', '2026-03-02T10:00:00Z', '2026年3月2日 10:05', '12', 'Login', ''],
      ['8', '2026-03-03 11:00:00', '3/3/2026 12:00', '2026年3月3日', '4.5', 'Invoice', '2026-03-04'],
    ];
    expect(timestampColumns(header, sample)).toEqual(['Updated at', 'First Response Time', '处理时间', 'Closed']);
    expect(timestampColumns(header, [])).toEqual([]);
  });
});
