// The signed-in reviewer's queue from committed sample runs: progress per run, then every item with why it was
// sampled, its due date (overdue in red) and its state; Open goes to the review workspace.
import { Button, Card, Progress, Space, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '@renderer/domain/model';
import { itemLabels, myQueue } from '@renderer/db/sampling';
import { useSession } from '../sign-in/session';
import { AssignmentTable } from '../sampling/AssignmentTable';
import { reviewHref } from './ReviewPage';
import { periodText } from '@renderer/ui/i18n';

export function QueueCard() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const data = useLiveQuery(async () => {
    const queue = await myQueue(ctx);
    const [labels, runs] = await Promise.all([itemLabels(ctx, queue), ctx.db.sampleRuns.bulkGet([...new Set(queue.map((a) => a.runId))])]);
    return { queue, labels, runs: runs.filter((r): r is NonNullable<typeof r> => !!r) };
  }, [ctx]);
  if (data && data.queue.length === 0) return null;
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
                {r.definition.name} · {periodText(r.periodLabel)} · {t('sampling.progress', { done, total: mine.length })}
              </Typography.Text>
              <Progress percent={Math.round((done / Math.max(1, mine.length)) * 100)} size="small" />
            </div>
          );
        })}
        <AssignmentTable
          rows={rows}
          labels={data?.labels ?? new Map()}
          testId="queue-table"
          actions={(a) => (
            <Button size="small" type="primary" href={reviewHref(a.itemKind, a.itemId)} data-testid="open-assignment">
              {t('sampling.open')}
            </Button>
          )}
        />
      </Space>
    </Card>
  );
}
