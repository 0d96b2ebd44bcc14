// The signed-in reviewer's queue: sampled work from committed runs (progress per run), and, in a section of its
// own, the follow-ups corrective actions asked for (progress per action: scored of requested, and what
// verification needs). Each item says why it is there, its due date (overdue in red) and its state; Open goes to
// the review workspace.
import { Button, Card, Progress, Space, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Assignment } from '@renderer/domain/model';
import { queueSections } from '@renderer/domain/sampling';
import { itemLabels, myQueue, queueActions } from '@renderer/db/reviewQueue';
import { runSummaries } from '@renderer/db/sampling';
import { useSession } from '@renderer/session/session';
import { AssignmentTable } from '@renderer/widgets/AssignmentTable';
import { reviewHref } from '@renderer/ui/links';
import { periodText } from '@renderer/ui/i18n';

const order = (a: Assignment) => (a.status === 'done' ? 2 : a.status === 'in-progress' ? 0 : 1);
const sorted = (rows: Assignment[]) => [...rows].sort((a, b) => order(a) - order(b) || a.dueAt.localeCompare(b.dueAt));

export function QueueCard() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const data = useLiveQuery(async () => {
    const queue = await myQueue(ctx);
    const [labels, runs, actions] = await Promise.all([itemLabels(ctx, queue), runSummaries(ctx, [...new Set(queue.map((a) => a.runId))]), queueActions(ctx, queue)]);
    return { queue, labels, runs, actions };
  }, [ctx]);
  if (data && data.queue.length === 0) return null;
  const sections = queueSections(data?.queue ?? []);
  const open = (a: Assignment) => (
    <Button size="small" type="primary" href={reviewHref(a.itemKind, a.itemId)} data-testid="open-assignment">
      {t('sampling.open')}
    </Button>
  );
  const progress = (done: number, total: number) => <Progress percent={Math.round((done / Math.max(1, total)) * 100)} size="small" />;
  return (
    <>
      {(!data || sections.runs.length > 0) && (
        <Card title={t('sampling.queue')} data-testid="review-queue" loading={!data}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {sections.runs.map(({ runId, items, done }) => {
              const r = data?.runs.get(runId);
              return (
                r && (
                  <div key={runId} data-testid="run-progress">
                    <Typography.Text>
                      {r.name} · {periodText(r.periodLabel)} · {t('sampling.progress', { done, total: items.length })}
                    </Typography.Text>
                    {progress(done, items.length)}
                  </div>
                )
              );
            })}
            <AssignmentTable rows={sorted(sections.runs.flatMap((s) => s.items))} labels={data?.labels ?? new Map()} testId="queue-table" actions={open} />
          </Space>
        </Card>
      )}
      {sections.followUps.length > 0 && (
        <Card title={t('sampling.followUpQueue')} data-testid="follow-up-queue">
          <Space direction="vertical" style={{ width: '100%' }}>
            {sections.followUps.map(({ actionId, items, done }) => {
              const a = data?.actions.get(actionId);
              return (
                <div key={actionId} data-testid="follow-up-progress">
                  <Typography.Text strong>{a ? t('sampling.followUpOf', { title: a.title, name: a.staffName }) : t('sampling.followUpOfUnnamed')}</Typography.Text>
                  <Typography.Text type="secondary">
                    {' · '}
                    {t('sampling.followUpProgress', { done, total: items.length })}
                    {a?.needed != null && ` · ${t('sampling.followUpNeeded', { count: a.needed })}`}
                  </Typography.Text>
                  {progress(done, items.length)}
                </div>
              );
            })}
            <AssignmentTable rows={sorted(sections.followUps.flatMap((s) => s.items))} labels={data?.labels ?? new Map()} testId="follow-up-table" actions={open} />
          </Space>
        </Card>
      )}
    </>
  );
}
