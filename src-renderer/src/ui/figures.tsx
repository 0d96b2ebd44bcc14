// How a figure reads wherever the console shows one with its trust: a score with its 95 % interval and n, a rate,
// and the change from the period before with an arrow and a sign (never colour alone).
import type { ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PeriodScore } from '@renderer/domain/periodScore';
import { formatNumber } from './i18n';

export const score1 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v, 1));
export const pct1 = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${formatNumber(rate * 100, 1)}%`);

/** "95 % 78.1–86.5 · n 24", or "n 3 · not enough evaluations". */
export function IntervalText({ qa }: { qa: PeriodScore }) {
  const { t } = useTranslation();
  const range = qa.low !== null && qa.high !== null ? t('figures.interval', { low: score1(qa.low), high: score1(qa.high) }) : null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {[range, t('figures.n', { n: qa.n }), qa.enough ? null : t('figures.notEnough')].filter(Boolean).join(' · ')}
    </Typography.Text>
  );
}

/** The change from the period before: ▲ +2.1 / ▼ −0.4 / = 0 (points, or percentage points for rates). */
export function ChangeText({ now, before, rate = false, lowerIsBetter = false }: { now: number | null; before: number | null | undefined; rate?: boolean; lowerIsBetter?: boolean }) {
  const { t } = useTranslation();
  if (now === null || before === null || before === undefined) return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('figures.noChange')}</Typography.Text>;
  const d = rate ? (now - before) * 100 : now - before;
  const shown = Math.abs(d) < 0.05 ? 0 : d;
  const better = lowerIsBetter ? shown < 0 : shown > 0;
  const arrow = shown > 0 ? '▲' : shown < 0 ? '▼' : '=';
  const text = `${arrow} ${shown > 0 ? '+' : shown < 0 ? '−' : ''}${formatNumber(Math.abs(shown), 1)}${rate ? t('figures.pp') : ''}`;
  return (
    <Typography.Text type={shown === 0 ? 'secondary' : undefined} style={{ fontSize: 12, color: shown === 0 ? undefined : better ? TONES.good : TONES.bad }} data-change={shown}>
      {t('figures.vsBefore', { change: text })}
    </Typography.Text>
  );
}

/** Tones dark enough for white text (WCAG AA); a tag in one always says in words or signs what the colour does. */
export const TONES = { bad: '#b42318', warn: '#8a5a00', good: '#0a7a33' } as const;
export type Tone = keyof typeof TONES;

export function ToneTag({ tone, children }: { tone: Tone | null; children: ReactNode }) {
  const c = tone ? TONES[tone] : null;
  return <Tag style={c ? { color: '#fff', background: c, borderColor: c } : undefined}>{children}</Tag>;
}
