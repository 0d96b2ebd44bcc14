// My scores (staff): own evaluations, the weekly trend against the team's average, strengths and weaknesses per
// criterion, and what waits for an acknowledgement or a dispute answer. Only the signed-in person's data.
import { useMemo, useState } from 'react';
import { Card, Col, Drawer, Empty, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Evaluation } from '@renderer/domain/model';
import { criterionResults, rangeFilter, scoreSummary, SCORE_RANGES, weeklyMeans, type ScoreRange } from '@renderer/domain/evaluationStats';
import { displayScore } from '@renderer/domain/scoring';
import { myDisputes, myEvaluations, rubricDefinitions, teamWeeklyMeans } from '@renderer/db/myScores';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { EvaluationView } from '@renderer/widgets/EvaluationView';
import { SelfAssessmentCard } from '@renderer/widgets/SelfAssessmentCard';
import { seesOwnWorkOnly } from '@renderer/domain/roles';

export function MyScoresPage() {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const [openId, setOpenId] = useState<string | null>(null);
  const [range, setRange] = useState<ScoreRange>('all');
  const data = useLiveQuery(async () => {
    const evals = await myEvaluations(ctx);
    const [disputes, team, rubrics] = await Promise.all([myDisputes(ctx), teamWeeklyMeans(ctx, person.teamId), rubricDefinitions(ctx, evals.map((e) => e.rubricVersionId))]);
    return { evals, disputes, team, rubrics };
  }, [ctx, person.teamId]);

  const trend = useMemo(() => {
    if (!data) return [];
    const mine = weeklyMeans(data.evals);
    const weeks = [...new Set([...mine.keys(), ...data.team.keys()])].sort();
    return weeks.map((w) => ({ week: w, mine: mine.get(w)?.mean ?? null, team: data.team.get(w)?.mean ?? null }));
  }, [data]);
  // The period the figures are for (by work date, in the company's calendar); the trend always shows everything.
  const inRange = useMemo(() => rangeFilter(range, Date.now(), settings.workingCalendar.zone), [range, settings.workingCalendar.zone]);
  const shown = useMemo(() => (data?.evals ?? []).filter((e) => inRange(e.occurredAt)), [data, inRange]);
  const byCriterion = useMemo(() => (data ? criterionResults(shown, data.rubrics) : []), [data, shown]);
  // Newest results first: what just arrived is what needs reading (and acknowledging).
  const evals = useMemo(() => [...shown].sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? '')), [shown]);

  const selfCard = seesOwnWorkOnly(person.role) ? <SelfAssessmentCard /> : null;
  if (data && data.evals.length === 0)
    return (
      <div data-testid="page-my-scores">
        {selfCard}
        <Card>
          <Empty description={t('myScores.empty')} />
        </Card>
      </div>
    );

  const pendingAck = (data?.evals ?? []).filter((e) => !e.acknowledgedAt).length;
  const openDisputes = (data?.disputes ?? []).filter((d) => d.status === 'open').length;
  // All-N/A evaluations have no score and do not count (the same rule as the appraisal).
  const period = scoreSummary(evals, settings.minEvaluations);
  const mean = period.mean;
  const open = evals.find((e) => e.id === openId);

  return (
    <div data-testid="page-my-scores">
      {selfCard}
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>{t('myScores.period')}</Typography.Text>
        <Segmented<ScoreRange>
          value={range}
          onChange={setRange}
          data-testid="my-range"
          options={SCORE_RANGES.map((r) => ({ value: r, label: t(`myScores.ranges.${r}`) }))}
        />
      </Space>
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={t('myScores.average')} value={displayScore(mean)} data-testid="my-average" />
            {/* How far the average can be trusted: n and the 95 % interval, or not enough evaluations yet. */}
            <Typography.Text type="secondary" data-testid="my-interval">
              {period.enough && period.low !== null
                ? t('myScores.interval', { n: period.n, low: displayScore(period.low), high: displayScore(period.high) })
                : t('myScores.notEnough', { n: period.n, min: settings.minEvaluations })}
            </Typography.Text>
          </Card>
        </Col>
        <Col span={6}><Card><Statistic title={t('myScores.evaluations')} value={formatNumber(evals.length)} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('myScores.toAcknowledge')} value={pendingAck} data-testid="pending-ack" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('myScores.openDisputes')} value={openDisputes} data-testid="open-disputes" /></Card></Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={14}>
          <Card title={t('myScores.trend')} data-testid="trend">
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={trend}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="week" />
                <YAxis domain={[0, 100]} />
                <Tooltip formatter={(v) => (typeof v === 'number' ? displayScore(v) : '—')} />
                <Legend />
                <Line type="monotone" dataKey="mine" name={t('myScores.me')} stroke="#1677ff" connectNulls isAnimationActive={false} />
                <Line type="monotone" dataKey="team" name={t('myScores.teamAverage')} stroke="#8c8c8c" strokeDasharray="4 4" connectNulls isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </Card>
        </Col>
        <Col span={10}>
          <Card title={t('myScores.byCriterion')} data-testid="by-criterion">
            {byCriterion.map((c, i) => (
              <div key={c.criterionId} className="qa-seg">
                <Tag color={i < 2 && c.mean >= 0.75 ? 'green' : c.mean < 0.5 ? 'red' : 'default'}>{Math.round(c.mean * 100)}%</Tag>
                {c.title} <Typography.Text type="secondary">{t('myScores.failedOf', { failed: c.failed, n: c.applicable })}</Typography.Text>
              </div>
            ))}
          </Card>
        </Col>
      </Row>
      <Card title={t('myScores.list')} style={{ marginTop: 16 }}>
        <Table<Evaluation>
          size="small"
          rowKey="id"
          dataSource={evals}
          data-testid="my-evaluation-list"
          onRow={(e) => ({ onClick: () => setOpenId(e.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('review.item'), key: 'kind', render: (_: unknown, e) => <Tag>{t(`review.kind.${e.itemKind}`)}</Tag> },
            { title: t('myScores.when'), dataIndex: 'occurredAt', render: formatDateTime },
            { title: t('myScores.scoredOn'), dataIndex: 'submittedAt', render: formatDateTime },
            { title: t('review.score'), key: 'score', render: (_: unknown, e) => displayScore(e.score) },
            { title: t('myScores.outcome'), key: 'outcome', render: (_: unknown, e) => <Tag color={e.outcome === 'pass' ? 'green' : 'red'}>{t(`review.outcome.${e.outcome ?? 'not-applicable'}`)}</Tag> },
            {
              title: '',
              key: 'state',
              render: (_: unknown, e) => (
                <>
                  {!e.acknowledgedAt && <Tag color="orange">{t('myScores.notAcknowledged')}</Tag>}
                  {(data?.disputes ?? []).some((d) => d.evaluationId === e.id && d.status === 'open') && <Tag color="purple">{t('myScores.disputeOpen')}</Tag>}
                  {e.revision > 1 && <Tag>{t('myScores.revised', { n: e.revision - 1 })}</Tag>}
                </>
              ),
            },
          ]}
        />
      </Card>
      {open && data && (
        <Drawer open width={860} onClose={() => setOpenId(null)} title={t('myScores.evaluationOf', { at: formatDateTime(open.occurredAt) })} destroyOnHidden>
          <EvaluationView evaluation={open} rubric={data.rubrics.get(open.rubricVersionId)!} mode="staff" />
        </Drawer>
      )}
    </div>
  );
}
