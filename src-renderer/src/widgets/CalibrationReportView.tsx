// A calibration session's report: overall alpha with item and rater counts, agreement per criterion, each
// reviewer's alignment with the reference and leniency, and the spread of scores per item.
import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { calibrationSessionReport } from '@renderer/db/calibration';
import { AccessDenied } from '@renderer/db/context';
import { displayScore } from '@renderer/domain/scoring';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { personNames } from '@renderer/db/directory';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);
const alphaText = (x: number | null) => (x === null ? '—' : x.toFixed(3));

export function CalibrationReportView({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const data = useLiveQuery(
    () =>
      calibrationSessionReport(ctx, sessionId)
        .then(async (r) => ({ ok: true as const, r, names: await personNames(ctx) }))
        // Not finished yet: the report (everyone's answers) waits, which is the point of scoring blind.
        .catch((e: unknown) => ({ ok: false as const, error: e instanceof AccessDenied ? t('calibration.reportClosed') : describeError(e).message })),
    [ctx, sessionId, t],
  );
  if (!data) return null;
  if (!data.ok) return <Alert type="info" showIcon title={data.error} data-testid="report-closed" />;
  const { report, session } = data.r;
  const name = (id: string) => data.names.get(id) ?? id;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="calibration-report">
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label={t('calibration.alphaOrdinal')}>
          <span data-testid="alpha-ordinal">{alphaText(report.overall.ordinal.alpha)}</span> ({t('calibration.counts', { items: report.overall.ordinal.items, raters: report.overall.ordinal.raters })})
        </Descriptions.Item>
        <Descriptions.Item label={t('calibration.alphaNominal')}>
          <span data-testid="alpha-nominal">{alphaText(report.overall.nominal.alpha)}</span> ({t('calibration.counts', { items: report.overall.nominal.items, raters: report.overall.nominal.raters })})
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('calibration.reviewers')}</Typography.Title>
      <Table
        size="small"
        rowKey="reviewerId"
        pagination={false}
        dataSource={report.reviewers}
        data-testid="report-reviewers"
        columns={[
          { title: t('sampling.reviewers'), key: 'who', render: (_: unknown, r) => name(r.reviewerId) },
          { title: t('calibration.alignment'), key: 'alignment', render: (_: unknown, r) => (session.referenceReviewerId ? pct(r.alignment) : t('calibration.noReference')) },
          {
            title: t('calibration.leniency'),
            key: 'leniency',
            render: (_: unknown, r) => (r.leniency === null ? '—' : <Tag color={r.leniency > 5 ? 'gold' : r.leniency < -5 ? 'blue' : 'default'}>{`${r.leniency >= 0 ? '+' : ''}${r.leniency.toFixed(1)}`}</Tag>),
          },
          { title: t('calibration.scored'), dataIndex: 'scored' },
        ]}
      />
      <Typography.Title level={5}>{t('calibration.criteria')}</Typography.Title>
      <Table
        size="small"
        rowKey="criterionId"
        pagination={false}
        dataSource={report.criteria}
        data-testid="report-criteria"
        columns={[
          { title: t('calibration.criterion'), dataIndex: 'title' },
          { title: t('calibration.level'), dataIndex: 'level', render: (l: string) => t(`calibration.levels.${l}`) },
          { title: 'α', dataIndex: 'alpha', render: alphaText },
          { title: t('calibration.exact'), dataIndex: 'exactShare', render: pct },
        ]}
      />
      <Typography.Title level={5}>{t('calibration.items')}</Typography.Title>
      <Table
        size="small"
        rowKey="itemId"
        pagination={false}
        dataSource={report.items}
        columns={[
          { title: t('review.item'), dataIndex: 'itemId', render: (id: string) => <Typography.Text code>{id.slice(-8)}</Typography.Text> },
          { title: t('calibration.scores'), key: 'scores', render: (_: unknown, i) => i.scores.map((s) => `${name(s.reviewerId)} ${displayScore(s.score)}`).join(' · ') },
          { title: t('calibration.spread'), key: 'spread', render: (_: unknown, i) => (i.min === null ? '—' : `${displayScore(i.min)}–${displayScore(i.max)}${i.sd === null ? '' : ` (sd ${i.sd.toFixed(1)})`}`) },
        ]}
      />
    </Space>
  );
}
