// Why an item was sampled, in words: at random, which risk signals weighed on the draw, or as a follow-up of a
// corrective action.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PickReason } from '@renderer/domain/sampling';

export function ReasonText({ reason }: { reason: PickReason }) {
  const { t } = useTranslation();
  if (reason.kind === 'risk')
    return <Tag color="volcano" data-testid="sample-reason">{t('sampling.reason.risk', { signals: reason.signals.map((s) => t(`sampling.signal.${s}`)).join(', ') })}</Tag>;
  return <Tag color={reason.kind === 'follow-up' ? 'purple' : undefined} data-testid="sample-reason">{t(`sampling.reason.${reason.kind}`)}</Tag>;
}
