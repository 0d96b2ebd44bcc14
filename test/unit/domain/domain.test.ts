import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time, UUIDV7 } from '@renderer/domain/ids';
import { canReadPersonData, pagesFor } from '@renderer/domain/roles';
import { isBackupDue, nextLockout, resolveLanguage, DEFAULT_SETTINGS } from '@renderer/domain/settings';
import { createRng } from '@renderer/domain/random';

describe('ids', () => {
  it('UUIDv7 carries its time and sorts by it', () => {
    const rng = createRng(1);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256));
    const a = uuidv7(1_700_000_000_000, bytes);
    const b = uuidv7(1_700_000_000_001, bytes);
    expect(a).toMatch(UUIDV7);
    expect(uuidv7Time(a)).toBe(1_700_000_000_000);
    expect(a < b).toBe(true);
  });
});

describe('roles', () => {
  const lead = { personId: 'L', role: 'lead' as const, ledTeamIds: ['T1'] };
  it('a lead reads their team and themselves only', () => {
    expect(canReadPersonData(lead, { personId: 'S1', teamId: 'T1' })).toBe(true);
    expect(canReadPersonData(lead, { personId: 'S2', teamId: 'T2' })).toBe(false);
    expect(canReadPersonData(lead, { personId: 'L', teamId: null })).toBe(true);
    expect(canReadPersonData({ personId: 'S', role: 'staff', ledTeamIds: [] }, { personId: 'S1', teamId: 'T1' })).toBe(false);
  });
  it('staff navigation has no admin or supervisor pages', () => {
    expect(pagesFor('staff')).toEqual(['home', 'tickets', 'calls', 'corrective-actions', 'my-scores', 'settings']);
    expect(pagesFor('admin')).toContain('people');
  });
});

describe('settings', () => {
  it('language follows a Chinese OS locale unless set', () => {
    expect(resolveLanguage('auto', 'zh-CN')).toBe('zh-CN');
    expect(resolveLanguage('auto', 'zh-TW')).toBe('zh-CN');
    expect(resolveLanguage('auto', 'en-GB')).toBe('en');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
  });
  it('lock-out after the threshold, for the set minutes', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(nextLockout(3, DEFAULT_SETTINGS, now)).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(nextLockout(4, DEFAULT_SETTINGS, now)).toEqual({ failedAttempts: 0, lockedUntil: '2026-01-01T00:15:00.000Z' });
  });
  it('a scheduled backup is due after the interval', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(isBackupDue({ backupIntervalHours: 24, lastBackupAt: null }, now)).toBe(true);
    expect(isBackupDue({ backupIntervalHours: 24, lastBackupAt: '2026-01-01T01:00:00Z' }, now)).toBe(false);
    expect(isBackupDue({ backupIntervalHours: 24, lastBackupAt: '2026-01-01T00:00:00Z' }, now)).toBe(true);
    expect(isBackupDue({ backupIntervalHours: 0, lastBackupAt: null }, now)).toBe(false);
  });
});
