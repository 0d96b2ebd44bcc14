// One committed run: what it drew, each item's progress in the queues, and Verify (draw again from the stored seed
// over the data as it was at commit: identical, or what differs and why).
import { Alert, App, Button, Card, Col, Progress, Row, Select, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { runDetail, verifyRun, type RunVerification } from '@renderer/db/sampling';
import { formatDateTime, formatNumber, periodText } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { AssignmentTable } from '@renderer/widgets/AssignmentTable';

export /** A committed run as its planner follows it: progress per reviewer, every item with its agent and reviewer. */
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
