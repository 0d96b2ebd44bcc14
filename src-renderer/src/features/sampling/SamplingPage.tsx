// Sampling: the plans (new or edit), a preview of the current period's sample (counts per person and stratum,
// who cannot meet the quota, each person's margin of error at this sample size, the sample a chosen margin
// needs) and committing it into the reviewers' queues. Runs are listed with their seed so any sample can be
// drawn again and checked.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Slider, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { SamplePlan } from '@renderer/domain/model';
import { DEFAULT_PLAN, periodAt, type PlanDefinition } from '@renderer/domain/samplePlan';
import { DEFAULT_SCORE_SD, sampleSizeFor } from '@renderer/domain/periodScore';
import { commitRun, createPlan, listPlans, PlanInvalid, previewRun, updatePlan, type RunPreview } from '@renderer/db/sampling';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '../sign-in/session';
import { describeError } from '../shell/errors';
import { CalibrationSessions } from '../calibration/CalibrationSessions';

/** A margin on the 0-100 scale: beyond 100 points it only says the sample is far too small. */
function marginText(m: number, tooFew: string): string {
  if (!Number.isFinite(m)) return tooFew;
  return m > 100 ? '±100+' : `±${m.toFixed(1)}`;
}

export function SamplingPage() {
  const { t } = useTranslation();
  const { ctx, settings } = useSession();
  const { message } = App.useApp();
  const plans = useLiveQuery(() => listPlans(ctx), [ctx]);
  const runs = useLiveQuery(() => ctx.db.sampleRuns.orderBy('id').reverse().limit(50).toArray(), [ctx.db]);
  const [editing, setEditing] = useState<SamplePlan | 'new' | null>(null);
  const [preview, setPreview] = useState<RunPreview | null>(null);
  const [busy, setBusy] = useState(false);

  const doPreview = async (plan: SamplePlan) => {
    setBusy(true);
    try {
      // Spot checks look at finished work: a recurring plan previews the last complete period.
      const current = periodAt(plan.definition.period, Date.now(), settings.workingCalendar.zone);
      setPreview(await previewRun(ctx, plan.id, { atMs: plan.definition.period.kind === 'custom' ? Date.now() : current.start - 1 }));
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
  if (preview) return <PreviewView preview={preview} busy={busy} onCommit={() => void doCommit()} onBack={() => setPreview(null)} />;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="page-sampling">
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
              title: '',
              key: 'actions',
              render: (_: unknown, p) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(p)}>
                    {t('actions.edit')}
                  </Button>
                  <Button size="small" type="primary" loading={busy} onClick={() => void doPreview(p)} data-testid={`preview-${p.definition.name}`}>
                    {t('sampling.preview')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CalibrationSessions />
      <Card title={t('sampling.runs')}>
        <Table
          size="small"
          rowKey="id"
          dataSource={runs}
          data-testid="run-table"
          locale={{ emptyText: t('sampling.noRuns') }}
          columns={[
            { title: t('sampling.name'), key: 'name', render: (_: unknown, r) => r.definition.name },
            { title: t('sampling.period'), dataIndex: 'periodLabel' },
            { title: t('sampling.seed'), dataIndex: 'seed', render: (s: number) => <Typography.Text code copyable>{s}</Typography.Text> },
            { title: t('sampling.committedAt'), dataIndex: 'createdAt', render: formatDateTime },
            { title: t('sampling.population'), dataIndex: 'population', render: (n: number) => formatNumber(n) },
          ]}
        />
      </Card>
    </Space>
  );
}

function PreviewView({ preview, busy, onCommit, onBack }: { preview: RunPreview; busy: boolean; onCommit: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState(5);
  const worst = useMemo(() => Math.max(0, ...preview.people.map((p) => (Number.isFinite(p.margin) ? p.margin : 0))), [preview]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="sample-preview">
      <Card
        title={t('sampling.previewTitle', { name: preview.definition.name, period: preview.period.label })}
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
          <Col span={6}><Statistic title={t('sampling.seed')} value={String(preview.seed)} /></Col>
        </Row>
        {preview.shortfalls.length > 0 && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('sampling.shortfalls', { n: preview.shortfalls.length })} data-testid="shortfalls" />}
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
                {
                  title: t('sampling.margin'),
                  key: 'margin',
                  render: (_: unknown, p) => marginText(p.margin, t('sampling.tooFew')) + (p.spreadFromHistory ? '' : ' *'),
                },
                { title: '', key: 'short', render: (_: unknown, p) => (p.short ? <Tag color="orange">{t('sampling.short')}</Tag> : null) },
              ]}
            />
            <Typography.Text type="secondary">{t('sampling.marginNote', { sd: DEFAULT_SCORE_SD })}</Typography.Text>
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
                { title: t('sampling.population'), dataIndex: 'population', render: (n: number) => formatNumber(n) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

function PlanForm({ plan, onClose }: { plan: SamplePlan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanDefinition>();
  const [problems, setProblems] = useState<string[]>([]);
  const people = useLiveQuery(() => ctx.db.people.toArray(), [ctx.db]);
  const teams = useLiveQuery(() => ctx.db.teams.toArray(), [ctx.db]);
  const reviewers = (people ?? []).filter((p) => p.active && (p.role === 'supervisor' || p.role === 'lead' || p.role === 'admin'));
  const save = async (values: PlanDefinition) => {
    const base = plan?.definition ?? DEFAULT_PLAN;
    const def: PlanDefinition = {
      ...base,
      ...values,
      filter: { ...base.filter, ...values.filter },
      rules: { ...base.rules, ...values.rules, quota: { ...base.rules.quota, ...values.rules.quota } },
      assignment: { ...base.assignment, ...values.assignment },
      risk: { ...base.risk, ...values.risk },
    };
    try {
      if (plan) await updatePlan(ctx, plan.id, def);
      else await createPlan(ctx, def);
      void message.success(t('sampling.saved'));
      onClose();
    } catch (e) {
      if (e instanceof PlanInvalid) setProblems(e.problems.map((p) => `${p.path}: ${p.message}`));
      else void message.error(describeError(e).message);
    }
  };
  return (
    <Card title={plan ? t('sampling.editPlan') : t('sampling.newPlan')} data-testid="plan-form">
      {problems.length > 0 && <Alert type="error" showIcon title={t('sampling.problems')} description={problems.join('\n')} style={{ marginBottom: 12, whiteSpace: 'pre-wrap' }} data-testid="plan-problems" />}
      <Form form={form} layout="vertical" initialValues={plan?.definition ?? DEFAULT_PLAN} onFinish={(v) => void save(v)} style={{ maxWidth: 760 }}>
        <Form.Item name="name" label={t('sampling.name')}>
          <Input data-testid="plan-name" />
        </Form.Item>
        <Form.Item name={['period', 'kind']} label={t('sampling.period')}>
          <Select data-testid="plan-period" options={(['weekly', 'monthly'] as const).map((k) => ({ value: k, label: t(`sampling.periodKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name={['filter', 'teamIds']} label={t('fields.team')}>
          <Select mode="multiple" allowClear placeholder={t('sampling.allTeams')} options={(teams ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name={['rules', 'quota', 'ticket']} label={t('sampling.ticketsPerPerson')}>
            <InputNumber min={0} max={1000} data-testid="quota-tickets" />
          </Form.Item>
          <Form.Item name={['rules', 'quota', 'call']} label={t('sampling.callsPerPerson')}>
            <InputNumber min={0} max={1000} data-testid="quota-calls" />
          </Form.Item>
          <Form.Item name={['assignment', 'dueDays']} label={t('sampling.dueDays')}>
            <InputNumber min={0} max={90} />
          </Form.Item>
        </Space>
        <Form.Item name={['rules', 'randomShare']} label={t('sampling.randomShare')} extra={t('sampling.randomShareHelp')}>
          <Slider min={0} max={1} step={0.05} tooltip={{ formatter: (v) => `${Math.round((v ?? 0) * 100)} %` }} />
        </Form.Item>
        <Form.Item name={['assignment', 'reviewerIds']} label={t('sampling.reviewers')}>
          <Select mode="multiple" data-testid="plan-reviewers" optionFilterProp="label" options={reviewers.map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name={['assignment', 'balanceBy']} label={t('sampling.balanceBy')}>
            <Select style={{ width: 200 }} options={(['count', 'minutes'] as const).map((k) => ({ value: k, label: t(`sampling.balance.${k}`) }))} />
          </Form.Item>
          <Form.Item name={['assignment', 'blind']} valuePropName="checked" label=" ">
            <Checkbox data-testid="plan-blind">{t('sampling.blind')}</Checkbox>
          </Form.Item>
          <Form.Item name={['assignment', 'avoidOwnLead']} valuePropName="checked" label=" ">
            <Checkbox>{t('sampling.avoidOwnLead')}</Checkbox>
          </Form.Item>
        </Space>
        <Space>
          <Button onClick={onClose}>{t('actions.cancel')}</Button>
          <Button type="primary" htmlType="submit" data-testid="save-plan">
            {t('actions.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
