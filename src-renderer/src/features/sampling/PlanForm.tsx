// A sample plan's form: period (weekly, monthly or a custom range), who and what it covers (teams, people,
// channels, categories, priorities, calls only, shortest call), the quota (per person, or a total optionally split
// by channel), the random share and the risk weights and thresholds, and how picks are assigned. Problems the plan
// check finds are shown on their fields; nothing typed is lost.
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Radio, Row, Select, Slider, Space, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SamplePlan } from '@renderer/domain/model';
import { DEFAULT_PLAN, type PlanDefinition, type PlanProblem } from '@renderer/domain/samplePlan';
import { RISK_SIGNALS } from '@renderer/domain/sampling';
import { createPlan, PlanInvalid, updatePlan } from '@renderer/db/samplePlans';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { useValueText } from '@renderer/session/useValueText';
import { isStaffRole, mayScore } from '@renderer/domain/roles';
import { directoryPeople, directoryTeams } from '@renderer/db/directory';

const CHANNELS = ['phone', 'email', 'chat', 'portal', 'onsite'] as const;
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

type Period = PlanDefinition['period'];

/** Weekly / monthly / custom, with the date range when custom (stored as YYYY-MM-DD). */
function PeriodInput({ value, onChange }: { value?: Period; onChange?: (p: Period) => void }) {
  const { t } = useTranslation();
  const kind = value?.kind ?? 'weekly';
  const range: [Dayjs, Dayjs] | null = value?.kind === 'custom' && value.from && value.to ? [dayjs(value.from), dayjs(value.to)] : null;
  return (
    <Space wrap>
      <Radio.Group
        value={kind}
        optionType="button"
        data-testid="plan-period"
        onChange={(e) => {
          const k = e.target.value as Period['kind'];
          if (k === 'custom') {
            const to = dayjs().subtract(1, 'day');
            onChange?.({ kind: 'custom', from: to.subtract(29, 'day').format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
          } else onChange?.({ kind: k });
        }}
        options={(['weekly', 'monthly', 'custom'] as const).map((k) => ({ value: k, label: t(`sampling.periodKind.${k}`) }))}
      />
      {kind === 'custom' && (
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          data-testid="plan-range"
          onChange={(v) => v?.[0] && v[1] && onChange?.({ kind: 'custom', from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
        />
      )}
    </Space>
  );
}

/** The definition from the form's values over the plan's (or the defaults'), so hidden fields keep their values. */
function merged(base: PlanDefinition, v: PlanDefinition): PlanDefinition {
  const quota = { ...base.rules.quota, ...v.rules?.quota };
  return {
    ...base,
    ...v,
    filter: { ...base.filter, ...v.filter },
    rules: {
      ...base.rules,
      ...v.rules,
      quota: quota.mode === 'total' ? { mode: 'total', ticket: quota.ticket, call: quota.call, byStratum: 'byStratum' in quota ? !!quota.byStratum : true } : { mode: 'per-person', ticket: quota.ticket, call: quota.call },
      riskWeights: { ...base.rules.riskWeights, ...v.rules?.riskWeights },
    },
    assignment: { ...base.assignment, ...v.assignment },
    risk: { ...base.risk, ...v.risk },
  };
}

/** The form field a plan problem belongs on (a range's end is on the period; an empty quota on the tickets). */
function fieldOf(path: string): string[] {
  if (path.startsWith('period')) return ['period'];
  if (path === 'rules.quota') return ['rules', 'quota', 'ticket'];
  // A list entry's problem (e.g. one keyword) goes on the list.
  return path.split('.').filter((x) => !/^\d+$/.test(x));
}

/** The name of a plan field as the form labels it (for the list of problems above the form). */
function fieldLabel(path: string, t: TFunction): string {
  const [head, second, third] = path.split('.');
  if (!head) return t('sampling.plan');
  if (head === 'name' || head === 'period') return t(`sampling.${head}`);
  if (head === 'rules' && second === 'riskWeights' && third) return t(`sampling.signal.${third}`);
  if (head === 'rules') return t(second === 'randomShare' ? 'sampling.randomShare' : 'sampling.quota');
  if (head === 'risk') return t(second === 'keywords' ? 'sampling.keywords' : 'sampling.riskTitle');
  if (head === 'assignment') return t(second === 'dueDays' ? 'sampling.dueDays' : 'sampling.assignmentTitle');
  return t(second === 'minCallSec' ? 'sampling.minCallSec' : 'sampling.population');
}

export function PlanForm({ plan, onClose }: { plan: SamplePlan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const vt = useValueText();
  const { ctx } = useSession();
  const { message, modal } = App.useApp();
  // Untyped: problems from the plan check name their fields by path at run time.
  const [form] = Form.useForm();
  const [problems, setProblems] = useState<string[]>([]);
  const people = useLiveQuery(() => directoryPeople(ctx), [ctx]);
  const teams = useLiveQuery(() => directoryTeams(ctx), [ctx]);
  const quotaMode = Form.useWatch(['rules', 'quota', 'mode'], form);
  const reviewers = (people ?? []).filter((p) => p.active && !p.deletedAt && mayScore(p.role));
  const staff = (people ?? []).filter((p) => isStaffRole(p.role) && !p.deletedAt);
  const base = plan?.definition ?? DEFAULT_PLAN;

  const save = async (values: PlanDefinition) => {
    const def = merged(base, values);
    // A random share of 0 makes every score biased toward risky work: only on purpose.
    if (def.rules.randomShare === 0) {
      const sure = await new Promise<boolean>((resolve) =>
        modal.confirm({ title: t('sampling.noRandomTitle'), content: t('sampling.noRandomBody'), okText: t('sampling.noRandomOk'), onOk: () => resolve(true), onCancel: () => resolve(false) }),
      );
      if (!sure) return;
    }
    try {
      if (plan) await updatePlan(ctx, plan.id, def);
      else await createPlan(ctx, def);
      void message.success(t('sampling.saved'));
      onClose();
    } catch (e) {
      if (!(e instanceof PlanInvalid)) return void message.error(describeError(e).message);
      // Each problem on its field when the form has one; the rest in the list above the form.
      const say = (p: PlanProblem) => t(p.key, { ...p.values, defaultValue: p.message });
      form.setFields(e.problems.map((p) => ({ name: fieldOf(p.path), errors: [say(p)] })));
      if (e.problems[0]) form.scrollToField(fieldOf(e.problems[0].path), { block: 'center' });
      setProblems(e.problems.map((p) => `${fieldLabel(p.path, t)}: ${say(p)}`));
    }
  };

  const multi = (values: readonly string[], prefix: string, all: string, testId?: string) => (
    <Select mode="multiple" allowClear optionFilterProp="label" placeholder={all} data-testid={testId} options={values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }))} />
  );
  // Built-in categories and the company's own.
  const categories = (all: string, testId?: string) => <Select mode="multiple" allowClear optionFilterProp="label" placeholder={all} data-testid={testId} options={vt.options('category')} />;

  return (
    <Card title={plan ? t('sampling.editPlan') : t('sampling.newPlan')} data-testid="plan-form">
      {problems.length > 0 && (
        <Alert type="error" showIcon title={t('sampling.problems')} description={problems.join('\n')} style={{ marginBottom: 12, whiteSpace: 'pre-wrap' }} data-testid="plan-problems" />
      )}
      <Form form={form} layout="vertical" initialValues={base} onFinish={(v: PlanDefinition) => void save(v)} style={{ maxWidth: 960 }} onValuesChange={() => problems.length && setProblems([])}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('sampling.name')}>
              <Input data-testid="plan-name" autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="period" label={t('sampling.period')} extra={t('sampling.periodHelp')}>
              <PeriodInput />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('sampling.population')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={['filter', 'teamIds']} label={t('fields.team')}>
              <Select mode="multiple" allowClear placeholder={t('sampling.allTeams')} data-testid="plan-teams" optionFilterProp="label" options={(teams ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['filter', 'personIds']} label={t('sampling.people')}>
              <Select mode="multiple" allowClear placeholder={t('sampling.allPeople')} data-testid="plan-people" optionFilterProp="label" options={staff.map((p) => ({ value: p.id, label: `${p.name} (${p.employeeNo})` }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['filter', 'channels']} label={t('import.fields.channel')}>
              {multi(CHANNELS, 'values.channel', t('sampling.anyValue'), 'plan-channels')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['filter', 'categories']} label={t('import.fields.category')}>
              {categories(t('sampling.anyValue'), 'plan-categories')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['filter', 'priorities']} label={t('import.fields.priority')}>
              {multi(PRIORITIES, 'values.priority', t('sampling.anyValue'), 'plan-priorities')}
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['filter', 'minCallSec']} label={t('sampling.minCallSec')}>
              <InputNumber min={0} max={36_000} addonAfter={t('sampling.seconds')} data-testid="plan-min-call" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name={['filter', 'hasRecording']} valuePropName="checked" label=" ">
              <Checkbox data-testid="plan-has-recording">{t('sampling.hasRecording')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('sampling.quota')}</Divider>
        <Form.Item name={['rules', 'quota', 'mode']}>
          <Radio.Group
            data-testid="quota-mode"
            options={[
              { value: 'per-person', label: t('sampling.quotaModes.per-person') },
              { value: 'total', label: t('sampling.quotaModes.total') },
            ]}
          />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name={['rules', 'quota', 'ticket']} label={quotaMode === 'total' ? t('sampling.ticketsInAll') : t('sampling.ticketsPerPerson')}>
            <InputNumber min={0} max={1000} data-testid="quota-tickets" />
          </Form.Item>
          <Form.Item name={['rules', 'quota', 'call']} label={quotaMode === 'total' ? t('sampling.callsInAll') : t('sampling.callsPerPerson')}>
            <InputNumber min={0} max={1000} data-testid="quota-calls" />
          </Form.Item>
          {quotaMode === 'total' && (
            <Form.Item name={['rules', 'quota', 'byStratum']} valuePropName="checked" label=" " initialValue>
              <Checkbox data-testid="quota-by-stratum">{t('sampling.byStratum')}</Checkbox>
            </Form.Item>
          )}
        </Space>
        <Form.Item name={['rules', 'randomShare']} label={t('sampling.randomShare')} extra={t('sampling.randomShareHelp')}>
          <Slider min={0} max={1} step={0.05} marks={Object.fromEntries([0, 0.6, 1].map((v) => [v, { label: `${v * 100} %`, style: { whiteSpace: 'nowrap' } }]))} tooltip={{ formatter: (v) => `${Math.round((v ?? 0) * 100)} %` }} />
        </Form.Item>

        <Divider titlePlacement="start">{t('sampling.riskTitle')}</Divider>
        <Typography.Paragraph type="secondary">{t('sampling.riskHelp')}</Typography.Paragraph>
        <Space size="middle" wrap>
          {RISK_SIGNALS.map((s) => (
            <Form.Item key={s} name={['rules', 'riskWeights', s]} label={t(`sampling.signal.${s}`)}>
              <InputNumber min={0} max={100} style={{ width: 110 }} data-testid={`weight-${s}`} />
            </Form.Item>
          ))}
        </Space>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name={['risk', 'lowCsatAtMost']} label={t('sampling.lowCsatAtMost')}>
              <InputNumber min={1} max={5} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['risk', 'longCallSec']} label={t('sampling.longCallSec')}>
              <InputNumber min={0} addonAfter={t('sampling.seconds')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['risk', 'complaintCategories']} label={t('sampling.complaintCategories')}>
              {categories(t('sampling.none'))}
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name={['risk', 'keywords']} label={t('sampling.keywords')} extra={t('sampling.keywordsHelp')}>
          <Select mode="tags" tokenSeparators={[',', '，', ';', '；']} open={false} data-testid="plan-keywords" />
        </Form.Item>

        <Divider titlePlacement="start">{t('sampling.assignmentTitle')}</Divider>
        <Form.Item name={['assignment', 'reviewerIds']} label={t('sampling.reviewers')}>
          <Select mode="multiple" data-testid="plan-reviewers" optionFilterProp="label" options={reviewers.map((p) => ({ value: p.id, label: `${p.name} (${t(`roles.${p.role}`)})` }))} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name={['assignment', 'balanceBy']} label={t('sampling.balanceBy')}>
            <Select style={{ width: 200 }} options={(['count', 'minutes'] as const).map((k) => ({ value: k, label: t(`sampling.balance.${k}`) }))} />
          </Form.Item>
          <Form.Item name={['assignment', 'dueDays']} label={t('sampling.dueDays')}>
            <InputNumber min={0} max={90} />
          </Form.Item>
          <Form.Item name={['assignment', 'blind']} valuePropName="checked" label=" ">
            <Checkbox data-testid="plan-blind">{t('sampling.blind')}</Checkbox>
          </Form.Item>
          <Form.Item name={['assignment', 'avoidOwnLead']} valuePropName="checked" label=" ">
            <Checkbox>{t('sampling.avoidOwnLead')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name={['assignment', 'autoCommit']} valuePropName="checked" extra={t('sampling.autoCommitHelp')}>
          <Checkbox data-testid="plan-auto-commit">{t('sampling.autoCommit')}</Checkbox>
        </Form.Item>
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
