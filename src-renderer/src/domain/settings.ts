// The console's settings and their defaults (numbers the regulations leave to each company are settings).
import type { Role } from './roles';
import { DEFAULT_SERVICE_STANDARDS, type ServiceStandard } from './serviceStandards';
import { DEFAULT_CALENDAR, type WorkingCalendar } from './workingCalendar';
import { DEFAULT_APPRAISAL_CONFIG, type AppraisalConfig } from './appraisal';
import { EMPTY_VALUE_LISTS, type ValueLists } from './valueLists';

export interface Settings {
  /** 'auto' follows the operating system's language. */
  language: 'auto' | 'en' | 'zh-CN';
  /** Lock the console after this many idle minutes; 0 turns idle lock off. */
  idleLockMinutes: number;
  /** Failed sign-ins in a row before an account is locked. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Scheduled backups: every N hours, keep the newest M. 0 hours turns them off. */
  backupIntervalHours: number;
  backupKeep: number;
  lastBackupAt: string | null;
  /** Service standards (SLA targets) by metric, priority and channel; the first match applies. */
  serviceStandards: ServiceStandard[];
  /** Business hours, weekends, holidays and make-up days for business-hours clocks. */
  workingCalendar: WorkingCalendar;
  /** Staff may dispute an evaluation within this many days of its submission. */
  disputeWindowDays: number;
  /** Days a supervisor has to answer a dispute. */
  disputeResponseDays: number;
  /** Whether team leads may decide their team's disputes (supervisors always may). */
  leadsDecideDisputes: boolean;
  /** Below this many evaluations in a period a person's QA score shows "not enough evaluations". */
  minEvaluations: number;
  /** Corrective actions: the default deadline (days from creation), "due soon" warning, escalation after overdue. */
  actionDefaultDays: number;
  actionDueSoonDays: number;
  actionEscalateAfterDays: number;
  /** Reminders also appear as desktop notifications (they are always in the in-app notification centre). */
  desktopNotifications: boolean;
  /** Appraisal composite: component weights, grade bands, how CSAT counts. */
  appraisal: AppraisalConfig;
  /** Push locked appraisal records to the appraisal database in the background (retrying with back-off). */
  appraisalAutoSync: boolean;
  /** The company's own ticket categories and statuses, with the words exports use for them. */
  valueLists: ValueLists;
}

export const DEFAULT_SETTINGS: Settings = {
  language: 'auto',
  idleLockMinutes: 15,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  backupIntervalHours: 24,
  backupKeep: 14,
  lastBackupAt: null,
  serviceStandards: DEFAULT_SERVICE_STANDARDS,
  workingCalendar: DEFAULT_CALENDAR,
  disputeWindowDays: 7,
  disputeResponseDays: 5,
  leadsDecideDisputes: true,
  minEvaluations: 5,
  actionDefaultDays: 14,
  actionDueSoonDays: 3,
  actionEscalateAfterDays: 3,
  desktopNotifications: true,
  appraisal: DEFAULT_APPRAISAL_CONFIG,
  appraisalAutoSync: true,
  valueLists: EMPTY_VALUE_LISTS,
};

export type SettingKey = keyof Settings;

/**
 * Who may change each setting. The console's language and desktop notifications are the workstation's
 * preferences; security (idle lock, lock-out) and backups are the admin's; the quality rules are the supervisors'.
 */
export const SETTING_ROLES: Record<SettingKey, readonly Role[]> = {
  language: ['admin', 'supervisor', 'lead', 'staff'],
  desktopNotifications: ['admin', 'supervisor', 'lead', 'staff'],
  idleLockMinutes: ['admin'],
  lockoutThreshold: ['admin'],
  lockoutMinutes: ['admin'],
  backupIntervalHours: ['admin'],
  backupKeep: ['admin'],
  lastBackupAt: ['admin', 'supervisor'],
  serviceStandards: ['admin', 'supervisor'],
  workingCalendar: ['admin', 'supervisor'],
  disputeWindowDays: ['admin', 'supervisor'],
  disputeResponseDays: ['admin', 'supervisor'],
  leadsDecideDisputes: ['admin', 'supervisor'],
  minEvaluations: ['admin', 'supervisor'],
  actionDefaultDays: ['admin', 'supervisor'],
  actionDueSoonDays: ['admin', 'supervisor'],
  actionEscalateAfterDays: ['admin', 'supervisor'],
  appraisal: ['admin', 'supervisor'],
  appraisalAutoSync: ['admin', 'supervisor'],
  valueLists: ['admin'],
};

/** Resolves 'auto' against the OS locale: any Chinese locale gets zh-CN, everything else English. */
export function resolveLanguage(setting: Settings['language'], osLocale: string): 'en' | 'zh-CN' {
  if (setting !== 'auto') return setting;
  return /^zh\b/i.test(osLocale) ? 'zh-CN' : 'en';
}

/** Is a scheduled backup due? */
export function isBackupDue(s: Pick<Settings, 'backupIntervalHours' | 'lastBackupAt'>, now: number): boolean {
  if (s.backupIntervalHours <= 0) return false;
  if (!s.lastBackupAt) return true;
  return now - Date.parse(s.lastBackupAt) >= s.backupIntervalHours * 3600_000;
}

/** Sign-in lock-out: after `threshold` failures the account locks for `minutes`. */
export function nextLockout(
  failedAttempts: number,
  s: Pick<Settings, 'lockoutThreshold' | 'lockoutMinutes'>,
  now: number,
): { failedAttempts: number; lockedUntil: string | null } {
  const n = failedAttempts + 1;
  if (n >= s.lockoutThreshold) return { failedAttempts: 0, lockedUntil: new Date(now + s.lockoutMinutes * 60_000).toISOString() };
  return { failedAttempts: n, lockedUntil: null };
}
