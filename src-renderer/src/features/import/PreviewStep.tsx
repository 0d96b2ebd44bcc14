// Preview: the first tickets exactly as they will be stored, and what the import will report before it runs.
import { Alert, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { ImportedTicket } from '@renderer/domain/import/tickets';
import type { DryRun } from '@renderer/workers/ticketImport.worker';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { IssueTable } from './ImportReport';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { useValueText } from '@renderer/session/useValueText';
import { personNames } from '@renderer/db/directory';

export function PreviewStep({ dryRun, onBack, onImport, blocked }: { dryRun: DryRun; onBack: () => void; onImport: () => void; blocked: boolean }) {
  const { t } = useTranslation();
  const vt = useValueText();
  const { ctx } = useSession();
  const kept = Object.entries(dryRun.kept).filter(([, n]) => (n ?? 0) > 0) as [string, number][];
  const names = useLiveQuery(() => personNames(ctx), [ctx]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="preview-step">
      <Alert
        type={dryRun.failedRows ? 'warning' : 'success'}
        showIcon
        data-testid="dry-run-summary"
        title={t('import.dryRun', { tickets: formatNumber(dryRun.tickets), failed: formatNumber(dryRun.failedRows), warnings: formatNumber(dryRun.warnings) })}
      />
      {kept.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="dry-run-kept"
          title={t('import.keptTitle', { count: dryRun.updates })}
          description={t('import.keptFields', { fields: kept.map(([f, n]) => t('import.keptField', { field: t(`import.fields.${f}`, { defaultValue: f }), count: n })).join(t('sampling.since.join')) })}
        />
      )}
      <Table<ImportedTicket>
        size="small"
        rowKey="row"
        pagination={false}
        scroll={{ x: true }}
        dataSource={dryRun.preview}
        data-testid="preview-table"
        columns={[
          { title: t('import.fields.externalId'), dataIndex: 'externalId' },
          { title: t('import.fields.subject'), dataIndex: 'subject', ellipsis: true, render: (v: string) => visibleText(v ?? '') },
          { title: t('import.fields.channel'), dataIndex: 'channel', render: (v: string) => t(`values.channel.${v}`) },
          { title: t('import.fields.priority'), dataIndex: 'priority', render: (v: string) => t(`values.priority.${v}`) },
          { title: t('import.fields.status'), key: 'status', render: (_: unknown, r: { status: string; statusValue?: string; helpdeskState?: string }) => vt.status(r) },
          { title: t('import.fields.agent'), dataIndex: 'agentId', render: (v: string | null) => (v ? (names?.get(v) ?? '…') : <Tag>{t('import.unassigned')}</Tag>) },
          { title: t('import.fields.openedAt'), dataIndex: 'openedAt', render: formatDateTime },
          { title: t('import.fields.firstResponseAt'), dataIndex: 'firstResponseAt', render: formatDateTime },
          { title: t('import.fields.resolvedAt'), dataIndex: 'resolvedAt', render: formatDateTime },
          { title: t('import.fields.csat'), dataIndex: 'csat', render: (v: number | null) => v ?? '—' },
          { title: t('import.flags'), dataIndex: 'flags', render: (f: string[] | undefined) => (f ?? []).map((x) => <Tag key={x} color="gold">{t(`import.flag.${x}`, { defaultValue: x })}</Tag>) },
        ]}
      />
      {dryRun.firstIssues.length > 0 && (
        <>
          <Typography.Text strong>{t('import.issuesBefore')}</Typography.Text>
          <IssueTable issues={dryRun.firstIssues} height={240} />
        </>
      )}
      <Space>
        <Button onClick={onBack}>{t('import.back')}</Button>
        {/* Updating stored tickets asks first, naming how many, and what stays as it was. */}
        {dryRun.updates > 0 ? (
          <Popconfirm title={t('import.confirmUpdates', { count: dryRun.updates })} onConfirm={onImport} okText={t('import.start', { n: formatNumber(dryRun.tickets) })} cancelText={t('actions.cancel')}>
            <Button type="primary" disabled={blocked || dryRun.tickets === 0} data-testid="start-import">
              {t('import.start', { n: formatNumber(dryRun.tickets) })}
            </Button>
          </Popconfirm>
        ) : (
          <Button type="primary" onClick={onImport} disabled={blocked || dryRun.tickets === 0} data-testid="start-import">
            {t('import.start', { n: formatNumber(dryRun.tickets) })}
          </Button>
        )}
      </Space>
    </Space>
  );
}
