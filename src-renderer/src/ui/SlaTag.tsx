// One service-standard clock as a tag: met / breached / running, with elapsed against target on hover.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaClock } from '@renderer/domain/serviceStandards';
import { formatDateTime, formatDuration } from '@renderer/ui/i18n';

const COLOR = { met: 'green', breached: 'red', running: 'blue' } as const;

export function SlaTag({ clock }: { clock: SlaClock | null }) {
  const { t } = useTranslation();
  if (!clock) return <span>—</span>;
  return (
    <Tooltip
      title={t('tickets.clockDetail', {
        elapsed: formatDuration(clock.elapsedMinutes * 60),
        target: formatDuration(clock.targetMinutes * 60),
        due: formatDateTime(clock.dueAt),
        standard: clock.standardId,
      })}
    >
      <Tag color={COLOR[clock.state]}>{t(`tickets.state.${clock.state}`)}</Tag>
    </Tooltip>
  );
}
