// i18next set-up and locale-aware formatting of dates, numbers and durations.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '@renderer/locales/en.json';
import zhCN from '@renderer/locales/zh-CN.json';

export type Lang = 'en' | 'zh-CN';

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/**
 * The language chosen on this workstation (its sign-in screen; in team mode also the header's choice, since the
 * workspace's settings are the department's): 'auto' in the settings follows it.
 */
const DEVICE_LANGUAGE = 'qa.language.device';
export const deviceLanguage = (): string | null => {
  try {
    return localStorage.getItem(DEVICE_LANGUAGE);
  } catch {
    return null;
  }
};
export const setDeviceLanguage = (l: Lang): void => {
  try {
    localStorage.setItem(DEVICE_LANGUAGE, l);
  } catch {
    // A browser without storage: the choice lasts for this page only.
  }
};

export function currentLang(): Lang {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
}

export function formatDateTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(currentLang(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

/**
 * A duration to whole seconds, the one rounding every list, drawer and the player use (a call of 205.6 s is 3:26
 * and 3 min 26 s everywhere, never 3:25 in one place and 3 min 26 s in another).
 */
export const wholeSeconds = (seconds: number): number => Math.max(0, Math.round(seconds));

/** A player's clock, m:ss (h:mm:ss past an hour), from the same whole seconds as formatDuration. */
export function formatClock(seconds: number): string {
  const total = wholeSeconds(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 1 h 5 min / 1小时5分钟; past a day, days first (28279 h reads as 1178 d 7 h, not 28279小时): 3 d 4 h / 3天4小时 */
export function formatDuration(seconds: number): string {
  const zh = currentLang() === 'zh-CN';
  const total = wholeSeconds(seconds);
  if (total >= 86_400) {
    const d = Math.floor(total / 86_400);
    const h = Math.floor((total % 86_400) / 3600);
    return zh ? `${d}天${h ? `${h}小时` : ''}` : `${d} d${h ? ` ${h} h` : ''}`;
  }
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h) parts.push(zh ? `${h}小时` : `${h} h`);
  if (m) parts.push(zh ? `${m}分钟` : `${m} min`);
  if (s || parts.length === 0) parts.push(zh ? `${s}秒` : `${s} s`);
  return parts.join(zh ? '' : ' ');
}

/** A sample run's stored period label ("2026-11-23 week", "2026-11") in the reader's words. */
export function periodText(label: string): string {
  const week = /^(\d{4}-\d{2}-\d{2}) week$/.exec(label);
  return week ? i18n.t('sampling.weekOf', { date: week[1] }) : label;
}

/** A revision's stored reason; the one a dispute decision writes ("dispute: <reply>") in the reader's words. */
export function revisionReasonText(reason: string): string {
  return reason.startsWith('dispute: ') ? i18n.t('myScores.disputeRevision', { reply: reason.slice('dispute: '.length) }) : reason;
}
