// Sampling: the plans (new or edit), a preview of the current period's sample (counts per person and stratum,
// who cannot meet the quota, each person's margin of error at this sample size, the sample a chosen margin
// needs) and committing it into the reviewers' queues. Runs are listed with their seed so any sample can be
// drawn again and checked.
import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, InputNumber, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { SamplePlan, SampleRun } from '@renderer/domain/model';
import { DEFAULT_SCORE_SD, sampleSizeFor } from '@renderer/domain/periodScore';
import { commitRun, duePlans, previewRun, runProgress, type RunPreview, recentRuns } from '@renderer/db/sampling';
import { listPlans } from '@renderer/db/samplePlans';
import { PlanForm } from './PlanForm';
import { RunDetailView } from './RunDetailView';
import { formatDateTime, formatNumber, periodText } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { quotaBelowAppraisalMinimum } from '@renderer/domain/samplePlan';
import { ReasonText } from '@renderer/ui/ReasonText';

/** A margin on the 0-100 scale: beyond 100 points it only says the sample is far too small. */
function marginText(m: number, tooFew: string): string {
  if (!Number.isFinite(m)) return tooFew;
  return m > 100 ? '±100+' : `±${m.toFixed(1)}`;
}

/** `calibration`: the calibration sessions' card, composed in by the shell (another feature). */
export function SamplingPage({ calibration }: { calibration?: ReactNode }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const plans = useLiveQuery(() => listPlans(ctx), [ctx]);
  const runs = useLiveQuery(async () => {
    const list = await recentRuns(ctx);
    return { list, progress: await runProgress(ctx, list.map((r) => r.id)) };
  }, [ctx]);
  const due = useLiveQuery(() => duePlans(ctx), [ctx]);
  const [editing, setEditing] = useState<SamplePlan | 'new' | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const [preview, setPreview] = useState<RunPreview | null>(null);
  const [busy, setBusy] = useState(false);

  /** A preview with a new seed, or the one given (typed, or kept to draw the same sample again). */
  const doPreview = async (planId: string, seed?: number) => {
    setBusy(true);
    try {
      // Spot checks look at finished work: a recurring plan previews the last complete period.
      setPreview(await previewRun(ctx, planId, seed === undefined ? {} : { seed }));
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const doCommit = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const r = await commitRun(ctx, preview);
      void message.success(t('sampling.committed', { n: r.assignments.length }));
      if (r.unassignable.length) void message.warning(t('sampling.unassignable', { n: r.unassignable.length }));
      setPreview(null);
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

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

function PreviewView({ preview, busy, onCommit, onBack, onRedraw }: { preview: RunPreview; busy: boolean; onCommit: () => void; onBack: () => void; onRedraw: (seed?: number) => void }) {
  const { t } = useTranslation();
  const { settings } = useSession();
  const [seed, setSeed] = useState<number | null>(preview.seed);
  const names = useMemo(() => new Map(preview.people.map((p) => [p.personId, p.name])), [preview]);
  const thin = quotaBelowAppraisalMinimum(preview.definition, settings.minEvaluations);
  const [target, setTarget] = useState(5);
  const worst = useMemo(() => Math.max(0, ...preview.people.map((p) => (Number.isFinite(p.margin) ? p.margin : 0))), [preview]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sample-preview">
      <Card
        title={t('sampling.previewTitle', { name: preview.definition.name, period: periodText(preview.period.label) })}
        extra={
          <Space>
            <Button onClick={onBack}>{t('review.back')}</Button>
            <Button type="primary" loading={busy} onClick={onCommit} data-testid="commit-run">
              {t('sampling.commit', { n: preview.picks.length })}
            </Button>
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={6}><Statistic title={t('sampling.picks')} value={preview.picks.length} data-testid="pick-count" /></Col>
          <Col span={6}><Statistic title={t('sampling.population')} value={formatNumber(preview.population)} /></Col>
          <Col span={6}><Statistic title={t('sampling.excluded')} value={formatNumber(preview.excluded)} /></Col>
          <Col span={6}><Statistic title={t('sampling.seed')} value={preview.seed} formatter={() => <Typography.Text code copyable>{preview.seed}</Typography.Text>} /></Col>
        </Row>
        {/* The seed decides the draw: type one (a colleague's, to check theirs), keep it, or take a new one. */}
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Text>{t('sampling.seedLabel')}</Typography.Text>
          <InputNumber min={0} max={2 ** 32 - 1} precision={0} value={seed} onChange={(v) => setSeed(v)} style={{ width: 160 }} data-testid="seed-input" />
          <Button loading={busy} disabled={seed === null} onClick={() => onRedraw(seed ?? undefined)} data-testid="redraw-seed">
            {t('sampling.drawWithSeed')}
          </Button>
          <Button loading={busy} onClick={() => onRedraw()} data-testid="redraw-new">
            {t('sampling.drawNewSeed')}
          </Button>
        </Space>
        {preview.onLeave.length > 0 && (
          <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('sampling.onLeave', { names: preview.onLeave.map((p) => p.name).join(', ') })} data-testid="on-leave" />
        )}
        {preview.shortfalls.length > 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('sampling.shortfalls', { n: preview.shortfalls.length })} data-testid="shortfalls" />}
        {thin && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('sampling.belowAppraisalMinimum', thin)} data-testid="below-appraisal-minimum" />}
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Text>{t('sampling.marginTarget')}</Typography.Text>
          <InputNumber min={1} max={50} value={target} onChange={(v) => setTarget(v ?? 5)} addonAfter={t('sampling.points')} data-testid="margin-target" />
          <Typography.Text data-testid="needed-size">{t('sampling.needed', { n: sampleSizeFor(target, DEFAULT_SCORE_SD), sd: DEFAULT_SCORE_SD })}</Typography.Text>
          <Typography.Text type="secondary">{t('sampling.worstMargin', { m: marginText(worst, '') })}</Typography.Text>
        </Space>
      </Card>
      <Row gutter={16}>
        <Col span={16}>
          <Card title={t('sampling.perPerson')} size="small">
            <Table
              size="small"
              rowKey="personId"
              dataSource={preview.people}
              data-testid="preview-people"
              pagination={{ pageSize: 12 }}
              columns={[
                { title: t('import.fields.agent'), dataIndex: 'name' },
                { title: t('sampling.tickets'), dataIndex: 'tickets' },
                { title: t('sampling.calls'), dataIndex: 'calls' },
                { title: t('sampling.followUps'), dataIndex: 'followUps', render: (n: number) => (n ? <Tag color="purple">{n}</Tag> : '') },
                {
                  title: t('sampling.margin'),
                  key: 'margin',
                  render: (_: unknown, p) => marginText(p.margin, t('sampling.tooFew')) + (p.spreadFromHistory ? '' : ' *'),
                },
                {
                  title: '',
                  key: 'short',
                  render: (_: unknown, p) =>
                    preview.shortfalls
                      .filter((s) => s.key === p.personId)
                      .map((s) => (
                        <Tag key={s.kind} color="orange">
                          {t('sampling.shortKind', { kind: t(`review.kind.${s.kind}`), available: s.available, wanted: s.wanted })}
                        </Tag>
                      )),
                },
              ]}
            />
            <Typography.Text type="secondary">{t('sampling.marginNote', { sd: DEFAULT_SCORE_SD })}</Typography.Text>
          </Card>
        </Col>
        <Col span={24} style={{ marginBottom: 16 }} order={1}>
          <Card title={t('sampling.pickList', { n: preview.picks.length })} size="small">
            <Table
              size="small"
              rowKey="itemId"
              dataSource={preview.picks}
              data-testid="preview-picks"
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('review.item'), key: 'item', render: (_: unknown, p) => preview.labels.get(p.itemId) ?? p.itemId },
                { title: t('review.kindLabel'), key: 'kind', render: (_: unknown, p) => t(`review.kind.${p.kind}`) },
                { title: t('import.fields.agent'), key: 'agent', render: (_: unknown, p) => names.get(p.agentId) ?? p.agentId },
                { title: t('sampling.whyColumn'), key: 'reason', render: (_: unknown, p) => <ReasonText reason={p.reason} /> },
              ]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card title={t('sampling.strata')} size="small">
            <Table
              size="small"
              rowKey="stratum"
              pagination={false}
              dataSource={preview.strata}
              data-testid="preview-strata"
              columns={[
                { title: t('import.fields.channel'), dataIndex: 'stratum', render: (s: string) => t(`values.channel.${s}`, { defaultValue: s }) },
                { title: t('sampling.picks'), dataIndex: 'picks' },
                { title: t('sampling.population'), dataIndex: 'population', render: (n: number | null) => (n === null ? <span title={t('sampling.populationUnread')}>—</span> : formatNumber(n)) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
