// "Why is this 37.5?": the score engine's trace in words, step by step.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TraceStep } from '@renderer/domain/scoring';
import { displayScore, displayScoreFor } from '@renderer/domain/scoring';

const n = (x: number) => String(Math.round(x * 1000) / 1000);

export function ScoreTrace({ trace }: { trace: TraceStep[] }) {
  const { t } = useTranslation();
  return (
    <ol style={{ paddingLeft: 18, margin: 0 }} data-testid="score-trace">
      {trace.map((s, i) => {
        let text: string;
        if (s.kind === 'criterion') text = t('review.trace.criterion', { title: s.title, selected: s.selected, min: s.min, max: s.max, s: n(s.s), w: s.weight });
        else if (s.kind === 'excluded') text = t(`review.trace.excluded.${s.reason}`, { title: s.title });
        else if (s.kind === 'critical') text = t(`review.trace.critical.${s.scope}`, { title: s.title, s: n(s.s), threshold: n(s.threshold) });
        else if (s.kind === 'section')
          text = s.failed ? t('review.trace.sectionFailed', { title: s.title }) : s.score === null ? t('review.trace.sectionNa', { title: s.title }) : t('review.trace.section', { title: s.title, num: n(s.numerator), den: n(s.denominator), score: n(s.score), w: s.weight });
        else if (s.kind === 'total') text = s.score === null ? t('review.trace.totalNa') : t('review.trace.total', { num: n(s.numerator), den: n(s.denominator), score: displayScore(s.score) });
        else if (s.kind === 'fail-all') text = t('review.trace.failAll', { title: s.title });
        else text = t(`review.trace.outcome.${s.outcome}`, { score: displayScoreFor(s.score, s.passingScore, s.outcome), pass: s.passingScore });
        return (
          <li key={i}>
            <Typography.Text type={s.kind === 'critical' || s.kind === 'fail-all' ? 'danger' : undefined}>{text}</Typography.Text>
          </li>
        );
      })}
    </ol>
  );
}
