// The Import page: tickets (and, next, recordings and transcripts), and the history of every import with its report.
import { useState } from 'react';
import { App, Button, Card, Popconfirm, Table, Tabs, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { ImportRun } from '@renderer/domain/model';
import { listImportRuns, undoImportRun } from '@renderer/db/imports';
import { describeError } from '@renderer/session/errors';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { TicketImportWizard } from './TicketImportWizard';
import { ImportReport } from './ImportReport';
import { RecordingImportPanel } from './RecordingImportPanel';
import { TranscriptImportPanel } from './TranscriptImportPanel';
import { workspaceCounts } from '@renderer/db/workspace';

export function ImportPage() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [tab, setTab] = useState('tickets');
  // Live: the counts follow imports and demo loading without a reload.
  const counts = useLiveQuery(async () => {
    const { tickets, recordings } = await workspaceCounts(ctx);
    return { tickets: formatNumber(tickets), recordings: formatNumber(recordings) };
  }, [ctx]);
  return (
    <>
      {counts && (
        <Typography.Paragraph type="secondary" data-testid="workspace-counts">
          {t('coming.workspace', counts)}
        </Typography.Paragraph>
      )}
      <Tabs
      activeKey={tab}
      onChange={setTab}
      data-testid="import-tabs"
      items={[
        { key: 'tickets', label: <span data-testid="tab-tickets">{t('import.tabs.tickets')}</span>, children: <TicketImportWizard /> },
        { key: 'recordings', label: <span data-testid="tab-recordings">{t('import.tabs.recordings')}</span>, children: <RecordingImportPanel /> },
        { key: 'transcripts', label: <span data-testid="tab-transcripts">{t('import.tabs.transcripts')}</span>, children: <TranscriptImportPanel /> },
        { key: 'history', label: <span data-testid="tab-history">{t('import.tabs.history')}</span>, children: <ImportHistory /> },
      ]}
      />
    </>
  );
}

function ImportHistory() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const runs = useLiveQuery(() => listImportRuns(ctx), [ctx]);
  const statusColor: Record<ImportRun['status'], string> = { running: 'blue', completed: 'green', cancelled: 'orange', reverted: 'default', failed: 'red' };
  const { message } = App.useApp();
  const undo = async (r: ImportRun) => {
    try {
      const u = await undoImportRun(ctx, r.id);
      void message.success(t('import.undo.done', { restored: formatNumber(u.restored), removed: formatNumber(u.removed), left: formatNumber(u.leftChangedLater + u.leftScored) }));
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  return (
    <Card data-testid="import-history">
      {runs && runs.length === 0 ? (
        <Typography.Text type="secondary">{t('import.historyEmpty')}</Typography.Text>
      ) : (
        <Table<ImportRun>
          size="small"
          rowKey="id"
          loading={!runs}
          dataSource={runs}
          expandable={{ expandedRowRender: (r) => <ImportReport run={r} /> }}
          columns={[
            { title: t('import.history.when'), dataIndex: 'startedAt', render: formatDateTime, width: 170 },
            { title: t('import.history.who'), dataIndex: 'actorName', width: 140 },
            { title: t('import.history.kind'), dataIndex: 'kind', render: (k: string) => t(`import.tabs.${k}`), width: 100 },
            { title: t('import.history.file'), dataIndex: 'fileName', ellipsis: true },
            { title: t('import.sourceName'), dataIndex: 'source', width: 140 },
            { title: t('import.history.status'), dataIndex: 'status', width: 110, render: (s: ImportRun['status']) => <Tag color={statusColor[s]}>{t(`import.status.${s}`)}</Tag> },
            {
              title: t('import.history.counts'),
              key: 'counts',
              render: (_: unknown, r: ImportRun) =>
                t('import.history.countsText', {
                  created: formatNumber(r.counts.created),
                  updated: formatNumber(r.counts.updated),
                  unchanged: formatNumber(r.counts.unchanged),
                  failed: formatNumber(r.counts.failed),
                }),
            },
            {
              title: '',
              key: 'undo',
              width: 120,
              render: (_: unknown, r: ImportRun) =>
                r.status === 'reverted' && r.reverted ? (
                  <Typography.Text type="secondary" data-testid="undone">
                    {t('import.undo.undoneBy', { name: r.reverted.byName, at: formatDateTime(r.reverted.at) })}
                  </Typography.Text>
                ) : r.kind === 'tickets' && (r.status === 'completed' || r.status === 'cancelled') && (r.counts.created > 0 || r.counts.updated > 0) ? (
                  <Popconfirm
                    title={t('import.undo.confirm', { created: formatNumber(r.counts.created), updated: formatNumber(r.counts.updated) })}
                    okText={t('import.undo.action')}
                    cancelText={t('actions.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => undo(r)}
                  >
                    <Button size="small" danger data-testid="undo-import">
                      {t('import.undo.action')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
    </Card>
  );
}
