// The report of one import run: counts, and every row that did not land or was flagged, exportable as CSV.
import { Alert, Button, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { issuesToCsv, type ImportIssue } from '@renderer/domain/import/tickets';
import type { ImportRun } from '@renderer/domain/model';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { issueText } from './issueText';
import { useSaveFile } from '@renderer/session/useSaveFile';

export function ImportReport({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const c = run.counts;
  const { saveFile } = useSaveFile();
  const exportCsv = () =>
    saveFile(
      `${run.fileName.replace(/\.[^.]+$/, '')}-import-report.csv`,
      issuesToCsv(run.issues, [t('import.report.row'), t('import.report.column'), t('import.report.severity'), t('import.report.code'), t('import.report.value'), t('import.report.detail'), t('import.report.file')], (sev) => t(`import.report.${sev}`)),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-report">
      {run.status === 'cancelled' && <Alert type="warning" showIcon title={t('import.report.cancelled')} />}
      {run.status === 'failed' && <Alert type="error" showIcon title={t('import.report.failed', { message: run.message ?? '' })} />}
      <Typography.Text type="secondary">
        {t('import.report.byWhom', { name: run.actorName, at: formatDateTime(run.startedAt), file: run.fileName, source: run.source })}
      </Typography.Text>
      <Space size="large" wrap>
        <Statistic title={t('import.report.rows')} value={formatNumber(c.rows)} data-testid="count-rows" />
        <Statistic title={t('import.report.created')} value={formatNumber(c.created)} data-testid="count-created" />
        <Statistic title={t('import.report.updated')} value={formatNumber(c.updated)} data-testid="count-updated" />
        <Statistic title={t('import.report.unchanged')} value={formatNumber(c.unchanged)} data-testid="count-unchanged" />
        <Statistic title={t('import.report.failedRows')} value={formatNumber(c.failed)} valueStyle={c.failed ? { color: '#cf1322' } : undefined} data-testid="count-failed" />
        <Statistic title={t('import.report.warnings')} value={formatNumber(c.warnings)} valueStyle={c.warnings ? { color: '#d48806' } : undefined} data-testid="count-warnings" />
      </Space>
      {run.issues.length > 0 ? (
        <>
          <Space>
            <Button icon={<DownloadOutlined />} onClick={exportCsv} data-testid="export-report">
              {t('import.report.export')}
            </Button>
            {run.issuesTruncated > 0 && <Typography.Text type="warning">{t('import.report.truncated', { n: formatNumber(run.issuesTruncated) })}</Typography.Text>}
          </Space>
          <IssueTable issues={run.issues} />
        </>
      ) : (
        <Alert type="success" showIcon title={t('import.report.clean')} />
      )}
    </Space>
  );
}

export function IssueTable({ issues, height = 360 }: { issues: ImportIssue[]; height?: number }) {
  const { t } = useTranslation();
  const withFiles = issues.some((x) => x.file);
  return (
    <Table<ImportIssue & { key: number }>
      size="small"
      virtual
      scroll={{ y: height }}
      pagination={false}
      data-testid="issue-table"
      // Rows that did not land come first; then the warnings. Each group keeps the file's order.
      dataSource={issues.map((x, key) => ({ ...x, key })).sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error') || a.key - b.key)}
      columns={[
        ...(withFiles ? [{ title: t('import.report.file'), dataIndex: 'file', width: 220, ellipsis: true, render: (v: string | undefined) => v ?? '—' }] : []),
        { title: t('import.report.row'), dataIndex: 'row', width: 80, render: (v: number) => (v > 0 ? v : '—') },
        { title: t('import.report.column'), dataIndex: 'column', width: 180, render: (v: string | null) => v ?? '—' },
        {
          title: t('import.report.severity'),
          dataIndex: 'severity',
          width: 110,
          render: (v: ImportIssue['severity']) => <Tag color={v === 'error' ? 'red' : 'gold'}>{t(`import.report.${v}`)}</Tag>,
        },
        { title: t('import.report.reason'), key: 'reason', render: (_: unknown, x: ImportIssue) => issueText(x) },
      ]}
    />
  );
}
