// The signed-in reviewer's queue from committed sample runs: progress per run, then every item with why it was
// sampled, its due date (overdue in red) and its state; Open goes to the review workspace.
import { useState } from 'react';
import { App, Button, Card, Input, Modal, Progress, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '@renderer/domain/model';
import { myQueue, replaceItem } from '@renderer/db/sampling';
import { describeError } from '../shell/errors';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '../sign-in/session';
import { reviewHref } from './ReviewPage';
import { ReasonText } from './ReasonText';

export function QueueCard() {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message } = App.useApp();
  const [replacing, setReplacing] = useState<Assignment | null>(null);
  const [reason, setReason] = useState('');
  const planner = person.role === 'admin' || person.role === 'supervisor';
  const replace = async () => {
    if (!replacing) return;
    try {
      const next = await replaceItem(ctx, replacing.id, reason);
      void message.success(next ? t('sampling.replaced') : t('sampling.noReplacement'));
      setReplacing(null);
      setReason('');
    } catch (e) {
      void message.error(describeError(e).message);
    }
  };
  const data = useLiveQuery(async () => {
    const queue = await myQueue(ctx);
    const [tickets, calls, runs] = await Promise.all([
      ctx.db.tickets.bulkGet(queue.filter((a) => a.itemKind === 'ticket').map((a) => a.itemId)),
      ctx.db.recordings.bulkGet(queue.filter((a) => a.itemKind === 'call').map((a) => a.itemId)),
      ctx.db.sampleRuns.bulkGet([...new Set(queue.map((a) => a.runId))]),
    ]);
    const labels = new Map<string, string>();
    for (const x of tickets) if (x) labels.set(x.id, `${x.externalId} · ${x.subject}`);
    for (const x of calls) if (x) labels.set(x.id, x.fileName);
    return { queue, labels, runs: runs.filter((r): r is NonNullable<typeof r> => !!r) };
  }, [ctx]);
  if (data && data.queue.length === 0) return null;
  const now = new Date().toISOString();
  const order = (a: Assignment) => (a.status === 'done' ? 2 : a.status === 'in-progress' ? 0 : 1);
  const rows = [...(data?.queue ?? [])].sort((a, b) => order(a) - order(b) || a.dueAt.localeCompare(b.dueAt));
  return (
    <Card title={t('sampling.queue')} data-testid="review-queue" loading={!data}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {data?.runs.map((r) => {
          const mine = data.queue.filter((a) => a.runId === r.id);
          const done = mine.filter((a) => a.status === 'done').length;
          return (
            <div key={r.id} data-testid="run-progress">
              <Typography.Text>
                {r.definition.name} · {r.periodLabel} · {t('sampling.progress', { done, total: mine.length })}
              </Typography.Text>
              <Progress percent={Math.round((done / Math.max(1, mine.length)) * 100)} size="small" />
            </div>
          );
        })}
        <Table<Assignment>
          size="small"
          rowKey="id"
          dataSource={rows}
          data-testid="queue-table"
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('review.item'), key: 'item', render: (_: unknown, a) => <><Tag>{t(`review.kind.${a.itemKind}`)}</Tag>{data?.labels.get(a.itemId) ?? a.itemId}</> },
            { title: t('sampling.reasonColumn'), key: 'reason', render: (_: unknown, a) => <ReasonText reason={a.reason} /> },
            {
              title: t('sampling.due'),
              key: 'due',
              render: (_: unknown, a) => (
                <>
                  {formatDateTime(a.dueAt)} {a.status !== 'done' && a.dueAt < now && <Tag color="red">{t('sampling.overdue')}</Tag>}
                </>
              ),
            },
            { title: t('review.status'), key: 'status', render: (_: unknown, a) => <Tag color={a.status === 'done' ? 'green' : a.status === 'in-progress' ? 'blue' : 'default'}>{t(`sampling.status.${a.status}`)}</Tag> },
            {
              title: '',
              key: 'open',
              render: (_: unknown, a) =>
                a.status === 'done' ? null : (
                  <Space>
                    <Button size="small" type="primary" href={reviewHref(a.itemKind, a.itemId)} data-testid="open-assignment">
                      {t('sampling.open')}
                    </Button>
                    {planner && (
                      <Button size="small" onClick={() => setReplacing(a)} data-testid="replace-assignment">
                        {t('sampling.replace')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Space>
      {replacing && (
        <Modal open title={t('sampling.replaceTitle')} onCancel={() => setReplacing(null)} onOk={() => void replace()} okButtonProps={{ disabled: reason.trim().length < 3 }} okText={t('sampling.replace')} cancelText={t('actions.cancel')}>
          <Typography.Paragraph>{t('sampling.replaceHelp')}</Typography.Paragraph>
          <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('sampling.replaceReason')} data-testid="replace-reason" />
        </Modal>
      )}
    </Card>
  );
}
