// Sampling: the plans (new or edit), a preview of the current period's sample (counts per person and stratum,
// who cannot meet the quota, each person's margin of error at this sample size, the sample a chosen margin
// needs) and committing it into the reviewers' queues. Runs are listed with their seed so any sample can be
// drawn again and checked.
import { type ReactNode } from 'react';
import { Alert, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SamplePlan, SampleRun } from '@renderer/domain/model';
import { PlanForm } from './PlanForm';
import { RunDetailView } from './RunDetailView';
import { formatDateTime, formatNumber, periodText } from '@renderer/ui/i18n';
import { useSamplingPage } from './useSamplingPage';
import { PreviewView } from './PreviewView';

/** `calibration`: the calibration sessions' card, composed in by the shell (another feature). */
export function SamplingPage({ calibration }: { calibration?: ReactNode }) {
  const { t } = useTranslation();
  const { plans, runs, due, editing, setEditing, openRun, setOpenRun, preview, setPreview, busy, doPreview, doCommit } = useSamplingPage();
  if (editing) return <PlanForm plan={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />;
  if (openRun) return <RunDetailView runId={openRun} onBack={() => setOpenRun(null)} />;
  if (preview) return <PreviewView key={preview.seed} preview={preview} busy={busy} onCommit={() => void doCommit()} onBack={() => setPreview(null)} onRedraw={(seed) => void doPreview(preview.planId, seed)} />;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="page-sampling">
      {!!due?.length && (
        <Alert
          type="info"
          showIcon
          data-testid="runs-due"
          title={t('sampling.dueTitle', { n: due.length })}
          description={
            <Space direction="vertical">
              {due.map(({ plan, period }) => (
                <Space key={plan.id}>
                  <Typography.Text>{t('sampling.dueLine', { name: plan.definition.name, period: periodText(period.label) })}</Typography.Text>
                  <Button size="small" type="primary" loading={busy} onClick={() => void doPreview(plan.id)}>
                    {t('sampling.preview')}
                  </Button>
                </Space>
              ))}
            </Space>
          }
        />
      )}
      <Card
        title={t('sampling.plans')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="new-plan">
            {t('sampling.newPlan')}
          </Button>
        }
      >
        <Table<SamplePlan>
          size="small"
          rowKey="id"
          loading={!plans}
          dataSource={plans}
          data-testid="plan-table"
          locale={{ emptyText: t('sampling.noPlans') }}
          pagination={false}
          columns={[
            { title: t('sampling.name'), key: 'name', render: (_: unknown, p) => p.definition.name },
            { title: t('sampling.period'), key: 'period', render: (_: unknown, p) => t(`sampling.periodKind.${p.definition.period.kind}`) },
            {
              title: t('sampling.quota'),
              key: 'quota',
              render: (_: unknown, p) => t(p.definition.rules.quota.mode === 'per-person' ? 'sampling.quotaPerPerson' : 'sampling.quotaTotal', { tickets: p.definition.rules.quota.ticket, calls: p.definition.rules.quota.call }),
            },
            { title: t('sampling.version'), dataIndex: 'version' },
            {
              title: t('sampling.next'),
              key: 'next',
              render: (_: unknown, p) => {
                const d = due?.find((x) => x.plan.id === p.id);
                return d ? <Tag color="blue">{t('sampling.dueTag', { period: periodText(d.period.label) })}</Tag> : null;
              },
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, p) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(p)}>
                    {t('actions.edit')}
                  </Button>
                  <Button size="small" type="primary" loading={busy} onClick={() => void doPreview(p.id)} data-testid={`preview-${p.definition.name}`}>
                    {t('sampling.preview')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {calibration}
      <Card title={t('sampling.runs')}>
        <Table<SampleRun>
          size="small"
          rowKey="id"
          loading={!runs}
          dataSource={runs?.list}
          data-testid="run-table"
          locale={{ emptyText: t('sampling.noRuns') }}
          onRow={(r) => ({ onDoubleClick: () => setOpenRun(r.id) })}
          columns={[
            { title: t('sampling.name'), key: 'name', render: (_: unknown, r) => r.definition.name },
            { title: t('sampling.period'), dataIndex: 'periodLabel', render: (l: string) => periodText(l) },
            { title: t('sampling.seed'), dataIndex: 'seed', render: (s: number) => <Typography.Text code copyable>{s}</Typography.Text> },
            { title: t('sampling.committedAt'), dataIndex: 'createdAt', render: formatDateTime },
            { title: t('sampling.population'), dataIndex: 'population', render: (n: number) => formatNumber(n) },
            {
              title: t('sampling.done'),
              key: 'progress',
              width: 200,
              render: (_: unknown, r) => {
                const p = runs?.progress.get(r.id) ?? { done: 0, total: 0 };
                return <Progress size="small" percent={Math.round((p.done / Math.max(1, p.total)) * 100)} format={() => `${p.done}/${p.total}`} />;
              },
            },
            {
              title: '',
              key: 'open',
              render: (_: unknown, r) => (
                <Button size="small" onClick={() => setOpenRun(r.id)} data-testid={`open-run-${r.periodLabel}`}>
                  {t('sampling.openRun')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
