// Where a locked record stands with the appraisal database: waiting, sent, failed (with the server's words and the
// next attempt) or refused as a conflict.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncOutboxEntry } from '@renderer/domain/model';
import { formatDateTime } from '@renderer/ui/i18n';

const COLORS: Record<SyncOutboxEntry['status'], string> = { pending: 'gold', synced: 'green', failed: 'red', conflict: 'magenta' };

export function SyncTag({ entry }: { entry: SyncOutboxEntry | undefined }) {
  const { t } = useTranslation();
  if (!entry) return <Tag>—</Tag>;
  const tip =
    entry.status === 'synced'
      ? t('appraisal.syncedAt', { at: formatDateTime(entry.syncedAt) })
      : entry.lastError
        ? `${entry.lastError}${entry.status === 'failed' ? ` — ${t('appraisal.nextAttempt', { at: formatDateTime(entry.nextAttemptAt) })}` : ''}`
        : t('appraisal.waiting');
  return (
    <Tooltip title={tip}>
      <Tag color={COLORS[entry.status]} data-testid={`sync-${entry.employeeNo}-v${entry.version}`} data-status={entry.status}>
        {t(`appraisal.syncStatus.${entry.status}`)}
      </Tag>
    </Tooltip>
  );
}
