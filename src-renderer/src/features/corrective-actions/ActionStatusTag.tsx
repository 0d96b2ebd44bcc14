// An action's state as a coloured tag; a closed one says whether it worked.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActionOutcome, ActionStatus } from '@renderer/domain/correctiveActions';

const COLOR: Record<ActionStatus, string> = { open: 'blue', 'in-progress': 'geekblue', 'awaiting-verification': 'purple', closed: 'green', cancelled: 'default' };

export function ActionStatusTag({ status, outcome }: { status: ActionStatus; outcome: ActionOutcome | null }) {
  const { t } = useTranslation();
  if (status === 'closed' && outcome) return <Tag color={outcome === 'effective' ? 'green' : 'red'}>{t(`corrective.outcome.${outcome}`)}</Tag>;
  return <Tag color={COLOR[status]}>{t(`corrective.status.${status}`)}</Tag>;
}
