// Sampling: the plans (new or edit), a preview of the current period's sample (counts per person and stratum,
// who cannot meet the quota, each person's margin of error at this sample size, the sample a chosen margin
// needs) and committing it into the reviewers' queues. Runs are listed with their seed so any sample can be
// drawn again and checked.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, InputNumber, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { SamplePlan, SampleRun } from '@renderer/domain/model';
import { DEFAULT_SCORE_SD, sampleSizeFor } from '@renderer/domain/periodScore';
import { commitRun, duePlans, listPlans, previewRun, runDetail, runProgress, verifyRun, type RunPreview, type RunVerification, recentRuns } from '@renderer/db/sampling';
import { PlanForm } from './PlanForm';
import { AssignmentTable } from './AssignmentTable';
import { formatDateTime, formatNumber, periodText } from '@renderer/ui/i18n';
import { useSession } from '../sign-in/session';
import { describeError } from '../shell/errors';
import { CalibrationSessions } from '../calibration/CalibrationSessions';
import { quotaBelowAppraisalMinimum } from '@renderer/domain/samplePlan';
import { ReasonText } from '../review/ReasonText';

/** A margin on the 0-100 scale: beyond 100 points it only says the sample is far too small. */
function marginText(m: number, tooFew: string): string {
  if (!Number.isFinite(m)) return tooFew;
  return m > 100 ? '±100+' : `±${m.toFixed(1)}`;
}

export function SamplingPage() {
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
      <CalibrationSessions />
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

/** A committed run as its planner follows it: progress per reviewer, every item with its agent and reviewer. */
function RunDetailView({ runId, onBack }: { runId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [reviewer, setReviewer] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const data = useLiveQuery(() => runDetail(ctx, runId), [ctx, runId]);
  const { message } = App.useApp();
  const [verification, setVerification] = useState<RunVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await verifyRun(ctx, runId));
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setVerifying(false);
    }
  };
  if (!data) return <Card loading />;
  const { run, assignments, labels, names } = data;
  const live = assignments.filter((a) => a.status !== 'replaced');
  const byReviewer = [...new Set(live.map((a) => a.reviewerId))].map((id) => {
    const mine = live.filter((a) => a.reviewerId === id);
    return { id, name: names.get(id) ?? id, done: mine.filter((a) => a.status === 'done').length, total: mine.length, minutes: mine.reduce((s, a) => s + a.minutes, 0) };
  });
  const rows = assignments.filter((a) => (!reviewer || a.reviewerId === reviewer) && (!status || a.status === status));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="run-detail">
      <Card
        title={t('sampling.previewTitle', { name: run.definition.name, period: periodText(run.periodLabel) })}
        extra={
          <Space>
            <Button loading={verifying} onClick={() => void verify()} data-testid="verify-run" title={t('sampling.verifyHelp')}>
              {t('sampling.verify')}
            </Button>
            <Button onClick={onBack}>{t('review.back')}</Button>
          </Space>
        }
      >
        {verification && <VerificationResult v={verification} />}
        {!verification && run.verified && (
          <Typography.Paragraph type="secondary" data-testid="last-verified">
            {t(run.verified.identical ? 'sampling.verifiedIdentical' : 'sampling.verifiedDifferent', { at: formatDateTime(run.verified.at) })}
          </Typography.Paragraph>
        )}
        <Row gutter={16}>
          <Col span={4}><Statistic title={t('sampling.picks')} value={live.length} /></Col>
          <Col span={4}><Statistic title={t('sampling.done')} value={live.filter((a) => a.status === 'done').length} /></Col>
          <Col span={4}><Statistic title={t('sampling.population')} value={formatNumber(run.population)} /></Col>
          <Col span={4}><Statistic title={t('sampling.version')} value={run.planVersion} /></Col>
          <Col span={8}>
            <Typography.Text type="secondary">{t('sampling.seed')}</Typography.Text>
            <div><Typography.Text code copyable>{run.seed}</Typography.Text></div>
          </Col>
        </Row>
        {run.shortfalls.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('sampling.shortfallsRun', { n: run.shortfalls.length })}
            description={run.shortfalls
              .map((s) => t('sampling.shortfallLine', { who: names.get(s.key) ?? t(`values.channel.${s.key}`, { defaultValue: s.key }), kind: t(`review.kind.${s.kind}`), available: s.available, wanted: s.wanted }))
              .join('; ')}
            data-testid="run-shortfalls"
          />
        )}
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {byReviewer.map((r) => (
            <div key={r.id} data-testid="reviewer-progress">
              <Typography.Text>{t('sampling.reviewerLine', { name: r.name, done: r.done, total: r.total, minutes: r.minutes })}</Typography.Text>
              <Progress size="small" percent={Math.round((r.done / Math.max(1, r.total)) * 100)} />
            </div>
          ))}
        </Space>
      </Card>
      <Card
        size="small"
        extra={
          <Space>
            <Select allowClear placeholder={t('sampling.reviewers')} style={{ width: 200 }} value={reviewer} onChange={(v) => setReviewer(v ?? null)} options={byReviewer.map((r) => ({ value: r.id, label: r.name }))} />
            <Select
              allowClear
              placeholder={t('review.status')}
              style={{ width: 160 }}
              value={status}
              onChange={(v) => setStatus(v ?? null)}
              options={(['open', 'in-progress', 'done', 'replaced'] as const).map((s) => ({ value: s, label: t(`sampling.status.${s}`) }))}
            />
          </Space>
        }
      >
        <AssignmentTable
          rows={rows}
          labels={labels}
          testId="run-assignments"
          extraColumns={[
            { title: t('import.fields.agent'), key: 'agent', render: (_: unknown, a) => names.get(a.agentId) ?? a.agentId },
            { title: t('sampling.reviewer'), key: 'reviewer', render: (_: unknown, a) => names.get(a.reviewerId) ?? a.reviewerId },
          ]}
        />
      </Card>
    </Space>
  );
}

/** What drawing a run again found: identical, or which picks differ and what changed since that explains it. */
function VerificationResult({ v }: { v: RunVerification }) {
  const { t } = useTranslation();
  if (v.status === 'unavailable') return <Alert type="info" showIcon title={t('sampling.verifyUnavailable')} data-testid="verify-result" style={{ marginBottom: 12 }} />;
  const since = [
    v.addedSince && t('sampling.since.added', { count: v.addedSince }),
    v.changedSince && t('sampling.since.changed', { count: v.changedSince }),
    v.deletedSince && t('sampling.since.deleted', { count: v.deletedSince }),
  ].filter(Boolean);
  if (v.status === 'identical')
    return (
      <Alert
        type="success"
        showIcon
        data-testid="verify-result"
        style={{ marginBottom: 12 }}
        title={t('sampling.verifyIdentical')}
        description={since.length ? t('sampling.verifyIdenticalSince', { since: since.join(t('sampling.since.join')) }) : undefined}
      />
    );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="verify-result"
      style={{ marginBottom: 12 }}
      title={t('sampling.verifyDifferent', { inRun: v.onlyInRun.length, inRedraw: v.onlyInRedraw.length })}
      description={
        <Space direction="vertical">
          {v.onlyInRun.length > 0 && <Typography.Text>{t('sampling.onlyInRun', { items: v.onlyInRun.map((id) => v.labels.get(id) ?? id).join('; ') })}</Typography.Text>}
          {v.onlyInRedraw.length > 0 && <Typography.Text>{t('sampling.onlyInRedraw', { items: v.onlyInRedraw.map((id) => v.labels.get(id) ?? id).join('; ') })}</Typography.Text>}
          <Typography.Text type="secondary">{since.length ? t('sampling.verifyWhy', { since: since.join(t('sampling.since.join')) }) : t('sampling.verifyWhyUnknown')}</Typography.Text>
        </Space>
      }
    />
  );
}
