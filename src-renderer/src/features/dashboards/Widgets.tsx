// The dashboard's widgets, each drawn from the figures domain/dashboard computed (aggregated first: a chart plots
// buckets and people, never rows). Colours are the Okabe-Ito palette (safe for colour-blind readers), and wherever
// colour means something a label or a sign says it too. Every table is also the widget's CSV / XLSX.
import { Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { CoachingEffect, CoachingRow, DashboardResult, HeatCell, PersonBand, PersonRow, Proportion, ReviewerRow } from '@renderer/domain/dashboard';
import { formatNumber } from '@renderer/ui/i18n';
import { ChangeText, IntervalText, pct1, score1, ToneTag, type Tone } from '@renderer/ui/figures';
import { outTable, WidgetCard, WidgetTable, type Column } from './widgetTable';

export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export interface DashNames {
  person: (id: string) => string;
  team: (id: string | null) => string;
  channel: (c: string) => string;
  standard: (id: string) => string;
  cause: (c: string) => string;
  action: (id: string) => string;
}

const num = (v: number | null, digits = 1) => (v === null ? null : Number(v.toFixed(digits)));
const interval = (low: number | null, high: number | null, f: (v: number) => string) => (low === null || high === null ? '' : `${f(low)}–${f(high)}`);
const pctOf = (v: number) => pct1(v);

// ---------------------------------------------------------------------------------------------------- headline

export function HeadlineWidget({ r }: { r: DashboardResult }) {
  const { t } = useTranslation();
  const h = r.headline;
  const p = r.previousHeadline;
  const rows = [
    { key: 'qa', label: t('dash.qa'), value: num(h.qa.mean), n: h.qa.n, low: num(h.qa.low), high: num(h.qa.high), previous: num(p?.qa.mean ?? null) },
    { key: 'pass', label: t('dash.passRate'), value: num(h.passRate.rate, 4), n: h.passRate.n, low: num(h.passRate.low, 4), high: num(h.passRate.high, 4), previous: num(p?.passRate.rate ?? null, 4) },
    { key: 'critical', label: t('dash.critical'), value: h.criticalFailures, n: h.qa.n, low: null, high: null, previous: p?.criticalFailures ?? null },
    { key: 'csat', label: t('dash.csat'), value: num(h.csat.satisfiedShare, 4), n: h.csat.rated, low: null, high: null, previous: num(p?.csat.satisfiedShare ?? null, 4) },
    { key: 'sla', label: t('dash.sla'), value: num(h.sla.rate, 4), n: h.sla.judged, low: null, high: null, previous: num(p?.sla.rate ?? null, 4) },
  ];
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'label', title: t('dash.figure'), value: (x) => x.label },
    { key: 'value', title: t('dash.value'), value: (x) => x.value },
    { key: 'n', title: 'n', value: (x) => x.n },
    { key: 'low', title: t('dash.low'), value: (x) => x.low },
    { key: 'high', title: t('dash.high'), value: (x) => x.high },
    { key: 'previous', title: t('dash.previousValue'), value: (x) => x.previous },
  ];
  const card = (key: string, title: string, value: string, below: React.ReactNode) => (
    <Col xs={24} sm={12} lg={Math.floor(24 / 5)} key={key} style={{ flex: '1 1 0' }}>
      <div className="dash-figure" data-testid={`headline-${key}`}>
        <Statistic title={title} value={value} />
        {below}
      </div>
    </Col>
  );
  return (
    <WidgetCard id="headline" title={t('dash.headline')} tables={() => [outTable(t('dash.headline'), columns, rows)]}>
      <Row gutter={16} wrap={false} style={{ overflowX: 'auto' }}>
        {card(
          'qa',
          t('dash.qa'),
          score1(h.qa.mean),
          <Space direction="vertical" size={0}>
            <IntervalText qa={h.qa} />
            {p && <ChangeText now={h.qa.mean} before={p.qa.mean} />}
          </Space>,
        )}
        {card(
          'pass',
          t('dash.passRate'),
          pct1(h.passRate.rate),
          <Space direction="vertical" size={0}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[h.passRate.low !== null ? t('figures.interval', { low: pct1(h.passRate.low), high: pct1(h.passRate.high) }) : null, t('figures.n', { n: h.passRate.n })].filter(Boolean).join(' · ')}
            </Typography.Text>
            {p && <ChangeText now={h.passRate.rate} before={p.passRate.rate} rate />}
          </Space>,
        )}
        {card('critical', t('dash.critical'), formatNumber(h.criticalFailures), p && <ChangeText now={h.criticalFailures} before={p.criticalFailures} lowerIsBetter />)}
        {card(
          'csat',
          t('dash.csat'),
          pct1(h.csat.satisfiedShare),
          <Space direction="vertical" size={0}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dash.rated', { n: h.csat.rated, mean: h.csat.mean === null ? '—' : formatNumber(h.csat.mean, 2) })}
            </Typography.Text>
            {p && <ChangeText now={h.csat.satisfiedShare} before={p.csat.satisfiedShare} rate />}
          </Space>,
        )}
        {card(
          'sla',
          t('dash.sla'),
          pct1(h.sla.rate),
          <Space direction="vertical" size={0}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dash.judged', { n: h.sla.judged })}
            </Typography.Text>
            {p && <ChangeText now={h.sla.rate} before={p.sla.rate} rate />}
          </Space>,
        )}
      </Row>
    </WidgetCard>
  );
}

// ---------------------------------------------------------------------------------------------------- trend

export function TrendWidget({ r, names, byTeam }: { r: DashboardResult; names: DashNames; byTeam: boolean }) {
  const { t } = useTranslation();
  const teams = byTeam ? r.trend.byTeam.slice(0, PALETTE.length - 1) : [];
  const data = r.trend.overall.map((p, i) => ({
    bucket: p.bucket,
    mean: num(p.mean),
    band: p.low !== null && p.high !== null ? [num(p.low), num(p.high)] : null,
    n: p.n,
    ...Object.fromEntries(teams.map((x) => [`team:${x.teamId}`, num(x.points[i]?.mean ?? null)])),
  }));
  const columns: Column<(typeof r.trend.overall)[number]>[] = [
    { key: 'bucket', title: t('dash.bucket'), value: (x) => x.bucket },
    { key: 'n', title: 'n', value: (x) => x.n },
    { key: 'mean', title: t('dash.mean'), value: (x) => num(x.mean) },
    { key: 'low', title: t('dash.low'), value: (x) => num(x.low) },
    { key: 'high', title: t('dash.high'), value: (x) => num(x.high) },
  ];
  const teamRows = r.trend.byTeam.flatMap((x) => x.points.map((p) => ({ team: names.team(x.teamId), ...p })));
  const empty = r.trend.overall.every((p) => p.n === 0);
  return (
    <WidgetCard
      id="trend"
      title={t('dash.trend')}
      tables={() => [
        outTable(t('dash.trend'), columns, r.trend.overall),
        outTable(t('dash.trendByTeam'), [{ key: 'team', title: t('dash.team'), value: (x: (typeof teamRows)[number]) => x.team }, ...(columns as Column<(typeof teamRows)[number]>[])], teamRows),
      ]}
    >
      {empty ? (
        <EmptyText />
      ) : (
        <div style={{ height: 280 }} data-testid="trend-chart">
          <ResponsiveContainer>
            <ComposedChart data={data} margin={{ top: 8, right: 24, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bucket" />
              <YAxis yAxisId="score" domain={[0, 100]} />
              <YAxis yAxisId="n" orientation="right" allowDecimals={false} />
              <Tooltip formatter={(v: unknown) => (Array.isArray(v) ? `${v[0]}–${v[1]}` : String(v))} />
              <Legend />
              <Bar yAxisId="n" dataKey="n" name={t('dash.count')} fill="#d9d9d9" barSize={14} />
              <Area yAxisId="score" dataKey="band" name={t('dash.band')} stroke="none" fill={PALETTE[4]} fillOpacity={0.35} connectNulls />
              <Line yAxisId="score" dataKey="mean" name={t('dash.mean')} stroke={PALETTE[0]} strokeWidth={2} dot connectNulls />
              {teams.map((x, i) => (
                <Line key={x.teamId} yAxisId="score" dataKey={`team:${x.teamId}`} name={names.team(x.teamId)} stroke={PALETTE[i + 1]} strokeDasharray={`${4 + i * 2} 3`} dot={false} connectNulls />
              ))}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </WidgetCard>
  );
}

function EmptyText() {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{t('dash.widgetEmpty')}</Typography.Text>;
}

// ---------------------------------------------------------------------------------------------------- heatmap

/** White to vermillion by failure rate; the rate and counts are printed in the cell, so colour is never alone. */
const heat = (rate: number) => `rgba(213, 94, 0, ${Math.min(0.6, 0.06 + rate * 0.6).toFixed(2)})`;

export function HeatmapWidget({ r, names, by, onCell }: { r: DashboardResult; names: DashNames; by: 'team' | 'week'; onCell: (c: HeatCell, label: string) => void }) {
  const { t } = useTranslation();
  const cells = new Map(r.heatmap.cells.map((c) => [`${c.criterionId}|${c.column}`, c]));
  const colLabel = (c: string) => (by === 'team' ? names.team(c || null) : c);
  const rows = r.heatmap.cells.map((c) => ({ ...c, title: r.heatmap.criteria.find((x) => x.criterionId === c.criterionId)?.title ?? c.criterionId }));
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'criterion', title: t('dash.criterion'), value: (x) => x.title },
    { key: 'column', title: by === 'team' ? t('dash.team') : t('dash.bucket'), value: (x) => colLabel(x.column) },
    { key: 'failed', title: t('dash.failed'), value: (x) => x.failed },
    { key: 'applicable', title: t('dash.applicable'), value: (x) => x.applicable },
    { key: 'rate', title: t('dash.failRate'), value: (x) => num(x.rate, 4) },
  ];
  return (
    <WidgetCard id="heatmap" title={t('dash.heatmap')} tables={() => [outTable(t('dash.heatmap'), columns, rows)]}>
      {!r.heatmap.criteria.length ? (
        <EmptyText />
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="dash-heatmap" data-testid="heatmap">
            <thead>
              <tr>
                <th scope="col">{t('dash.criterion')}</th>
                {r.heatmap.columns.map((c) => (
                  <th scope="col" key={c}>
                    {colLabel(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.heatmap.criteria.map((k) => (
                <tr key={k.criterionId}>
                  <th scope="row">{k.title}</th>
                  {r.heatmap.columns.map((c) => {
                    const cell = cells.get(`${k.criterionId}|${c}`);
                    if (!cell) return <td key={c}>—</td>;
                    const label = `${k.title} · ${colLabel(c)}`;
                    return (
                      <td key={c} style={{ background: heat(cell.rate) }}>
                        <button
                          type="button"
                          className="dash-cell"
                          disabled={!cell.failed}
                          title={t('dash.cellTip', { label, failed: cell.failed, applicable: cell.applicable })}
                          data-testid={`heat-${k.criterionId}-${c || 'none'}`}
                          onClick={() => onCell(cell, label)}
                        >
                          {pctOf(cell.rate)}
                          <span className="dash-cell-n">
                            {cell.failed}/{cell.applicable}
                          </span>
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WidgetCard>
  );
}

// ---------------------------------------------------------------------------------------------------- people

const BAND_TONE: Record<PersonBand, Tone | null> = { below: 'bad', near: 'warn', ok: 'good', 'not-enough': null };
const BAND_SIGN: Record<PersonBand, string> = { below: '▼', near: '●', ok: '▲', 'not-enough': '…' };

export function BandTag({ band }: { band: PersonBand }) {
  const { t } = useTranslation();
  return <ToneTag tone={BAND_TONE[band]}>{`${BAND_SIGN[band]} ${t(`dash.band_${band}`)}`}</ToneTag>;
}

export function PeopleWidget({ r, names, bottomN }: { r: DashboardResult; names: DashNames; bottomN: number }) {
  const { t } = useTranslation();
  const rows = [...r.people].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || names.person(a.personId).localeCompare(names.person(b.personId)));
  const columns: Column<PersonRow>[] = [
    { key: 'rank', title: t('dash.rank'), value: (x) => x.rank, render: (x) => (x.rank === null ? '—' : x.rank) },
    { key: 'person', title: t('dash.person'), value: (x) => names.person(x.personId), render: (x) => <span>{names.person(x.personId)}{x.bottom && <Tag style={{ marginLeft: 6 }}>{t('dash.bottom', { n: bottomN })}</Tag>}</span> },
    { key: 'team', title: t('dash.team'), value: (x) => names.team(x.teamId) },
    { key: 'n', title: 'n', value: (x) => x.qa.n, align: 'right' },
    { key: 'mean', title: t('dash.qa'), value: (x) => num(x.qa.mean), render: (x) => score1(x.qa.mean), align: 'right' },
    { key: 'interval', title: t('dash.interval'), value: (x) => interval(x.qa.low, x.qa.high, score1) },
    { key: 'pass', title: t('dash.passRate'), value: (x) => num(x.passRate, 4), render: (x) => pct1(x.passRate), align: 'right' },
    { key: 'critical', title: t('dash.critical'), value: (x) => x.critical, align: 'right' },
    { key: 'csat', title: t('dash.csatMean'), value: (x) => num(x.csatMean, 2), render: (x) => (x.csatMean === null ? '—' : formatNumber(x.csatMean, 2)), align: 'right' },
    { key: 'band', title: t('dash.standing'), value: (x) => t(`dash.band_${x.band}`), render: (x) => <BandTag band={x.band} /> },
  ];
  return (
    <WidgetCard id="people" title={t('dash.people', { threshold: r.threshold })} tables={() => [outTable(t('dash.peopleSheet'), columns, rows)]}>
      {rows.length ? <WidgetTable id="people" columns={columns} rows={rows} rowKey={(x) => x.personId} /> : <EmptyText />}
    </WidgetCard>
  );
}

// ---------------------------------------------------------------------------------------------------- reviewers

export function ReviewersWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNumber(Math.abs(v), 1)}`);
  const columns: Column<ReviewerRow>[] = [
    { key: 'reviewer', title: t('dash.reviewer'), value: (x) => names.person(x.reviewerId) },
    { key: 'assigned', title: t('dash.assigned'), value: (x) => x.assigned, align: 'right' },
    { key: 'done', title: t('dash.done'), value: (x) => x.done, align: 'right' },
    { key: 'overdue', title: t('dash.overdue'), value: (x) => x.overdue, align: 'right' },
    { key: 'minutes', title: t('dash.minutes'), value: (x) => x.minutes, align: 'right' },
    { key: 'submitted', title: t('dash.submitted'), value: (x) => x.submitted, align: 'right' },
    { key: 'leniency', title: t('dash.leniency'), value: (x) => num(x.leniency), render: (x) => `${signed(x.leniency)}${x.leniencyN ? ` (n ${x.leniencyN})` : ''}`, align: 'right' },
  ];
  return (
    <WidgetCard id="reviewers" title={t('dash.reviewers')} tables={() => [outTable(t('dash.reviewers'), columns, r.reviewers)]}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('dash.leniencyHelp')}
      </Typography.Paragraph>
      {r.reviewers.length ? <WidgetTable id="reviewers" columns={columns} rows={r.reviewers} rowKey={(x) => x.reviewerId} /> : <EmptyText />}
    </WidgetCard>
  );
}

/** A widget's counts side by side. */
function StatRow({ items }: { items: [string, number | string][] }) {
  return (
    <Row gutter={16}>
      {items.map(([title, value]) => (
        <Col key={title} flex="1 1 0">
          <Statistic title={title} value={value} />
        </Col>
      ))}
    </Row>
  );
}

// ---------------------------------------------------------------------------------------------------- disputes

export function DisputesWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  const d = r.disputes;
  type ByCrit = (typeof d.byCriterion)[number];
  type ByRev = (typeof d.byReviewer)[number];
  const tally = <R extends { raised: number; upheld: number; adjusted: number }>(): Column<R>[] => [
    { key: 'raised', title: t('dash.raised'), value: (x) => x.raised, align: 'right' },
    { key: 'upheld', title: t('dash.upheld'), value: (x) => x.upheld, align: 'right' },
    { key: 'adjusted', title: t('dash.adjusted'), value: (x) => x.adjusted, align: 'right' },
  ];
  const byCrit: Column<ByCrit>[] = [{ key: 'criterion', title: t('dash.criterion'), value: (x) => x.title }, ...tally<ByCrit>()];
  const byRev: Column<ByRev>[] = [{ key: 'reviewer', title: t('dash.reviewer'), value: (x) => (x.reviewerId ? names.person(x.reviewerId) : '—') }, ...tally<ByRev>()];
  return (
    <WidgetCard id="disputes" title={t('dash.disputes')} tables={() => [outTable(t('dash.byCriterion'), byCrit, d.byCriterion), outTable(t('dash.byReviewer'), byRev, d.byReviewer)]}>
      <StatRow items={[[t('dash.raised'), d.raised], [t('dash.upheld'), d.upheld], [t('dash.adjusted'), d.adjusted], [t('dash.stillOpen'), d.open], [t('dash.medianHours'), d.medianHours === null ? '—' : formatNumber(d.medianHours, 1)]]} />
      {d.raised > 0 && (
        <Row gutter={16} style={{ marginTop: 12 }}>
          <Col span={12}><WidgetTable id="disputes-criteria" columns={byCrit} rows={d.byCriterion} rowKey={(x) => x.criterionId} pageSize={5} /></Col>
          <Col span={12}><WidgetTable id="disputes-reviewers" columns={byRev} rows={d.byReviewer} rowKey={(x) => x.reviewerId} pageSize={5} /></Col>
        </Row>
      )}
    </WidgetCard>
  );
}

// ---------------------------------------------------------------------------------------------------- actions

export function ActionsWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  const a = r.actions;
  type ByTeam = (typeof a.byTeam)[number];
  type ByCause = (typeof a.byRootCause)[number];
  const teamCols: Column<ByTeam>[] = [
    { key: 'team', title: t('dash.team'), value: (x) => names.team(x.teamId || null) },
    { key: 'opened', title: t('dash.opened'), value: (x) => x.opened, align: 'right' },
    { key: 'closed', title: t('dash.closed'), value: (x) => x.closed, align: 'right' },
    { key: 'onTime', title: t('dash.closedOnTime'), value: (x) => x.closedOnTime, align: 'right' },
    { key: 'overdue', title: t('dash.overdue'), value: (x) => x.overdue, align: 'right' },
    { key: 'effective', title: t('dash.effective'), value: (x) => x.effective, align: 'right' },
  ];
  const causeCols: Column<ByCause>[] = [
    { key: 'cause', title: t('dash.rootCause'), value: (x) => names.cause(x.cause) },
    { key: 'count', title: t('dash.count'), value: (x) => x.count, align: 'right' },
    { key: 'share', title: t('dash.cumulative'), value: (x) => num(x.cumulativeShare, 4), render: (x) => pct1(x.cumulativeShare), align: 'right' },
  ];
  const pareto = a.byRootCause.map((x) => ({ cause: names.cause(x.cause), count: x.count, share: num(x.cumulativeShare * 100) }));
  return (
    <WidgetCard id="actions" title={t('dash.actions')} tables={() => [outTable(t('dash.byTeam'), teamCols, a.byTeam), outTable(t('dash.pareto'), causeCols, a.byRootCause)]}>
      <StatRow items={[[t('dash.opened'), a.opened], [t('dash.closed'), a.closed], [t('dash.closedOnTime'), a.closedOnTime], [t('dash.overdue'), a.overdue], [t('dash.effective'), a.effective]]} />
      {a.opened > 0 && (
        <Row gutter={16} style={{ marginTop: 12 }}>
          <Col span={12}>
            <div style={{ height: 220 }} data-testid="pareto-chart">
              <ResponsiveContainer>
                <ComposedChart data={pareto} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="cause" interval={0} tick={{ fontSize: 11 }} />
                  <YAxis yAxisId="c" allowDecimals={false} />
                  <YAxis yAxisId="s" orientation="right" domain={[0, 100]} unit="%" />
                  <Tooltip />
                  <Bar yAxisId="c" dataKey="count" name={t('dash.count')} fill={PALETTE[1]} />
                  <Line yAxisId="s" dataKey="share" name={t('dash.cumulative')} stroke={PALETTE[0]} dot />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          </Col>
          <Col span={12}><WidgetTable id="actions-teams" columns={teamCols} rows={a.byTeam} rowKey={(x) => x.teamId} pageSize={5} /></Col>
        </Row>
      )}
    </WidgetCard>
  );
}

// ---------------------------------------------------------------------------------------------------- coverage, scatter, SLA

export function CoverageWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  type ByChannel = DashboardResult['coverage']['byChannel'][number];
  type ByPerson = DashboardResult['coverage']['byPerson'][number];
  const chCols: Column<ByChannel>[] = [
    { key: 'channel', title: t('dash.channel'), value: (x) => names.channel(x.channel) },
    { key: 'population', title: t('dash.population'), value: (x) => x.population, align: 'right' },
    { key: 'reviewed', title: t('dash.reviewed'), value: (x) => x.reviewed, align: 'right' },
    { key: 'share', title: t('dash.share'), value: (x) => num(x.share, 4), render: (x) => pct1(x.share), align: 'right' },
  ];
  const pCols: Column<ByPerson>[] = [
    { key: 'person', title: t('dash.person'), value: (x) => names.person(x.personId) },
    { key: 'quota', title: t('dash.quota'), value: (x) => x.quota, align: 'right' },
    { key: 'reviewed', title: t('dash.reviewed'), value: (x) => x.reviewed, align: 'right' },
    { key: 'share', title: t('dash.ofQuota'), value: (x) => num(x.share, 4), render: (x) => pct1(x.share), align: 'right' },
  ];
  return (
    <WidgetCard id="coverage" title={t('dash.coverage')} tables={() => [outTable(t('dash.byChannel'), chCols, r.coverage.byChannel), outTable(t('dash.byPerson'), pCols, r.coverage.byPerson)]}>
      <Row gutter={16}>
        <Col span={12}>{r.coverage.byChannel.length ? <WidgetTable id="coverage-channels" columns={chCols} rows={r.coverage.byChannel} rowKey={(x) => x.channel} pageSize={6} /> : <EmptyText />}</Col>
        <Col span={12}>{r.coverage.byPerson.length ? <WidgetTable id="coverage-people" columns={pCols} rows={r.coverage.byPerson} rowKey={(x) => x.personId} pageSize={6} /> : <Typography.Text type="secondary">{t('dash.noQuota')}</Typography.Text>}</Col>
      </Row>
    </WidgetCard>
  );
}

export function ScatterWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  type P = DashboardResult['scatter'][number];
  const cols: Column<P>[] = [
    { key: 'person', title: t('dash.person'), value: (x) => names.person(x.personId) },
    { key: 'qa', title: t('dash.qa'), value: (x) => num(x.qa) },
    { key: 'n', title: 'n', value: (x) => x.n },
    { key: 'csat', title: t('dash.csatMean'), value: (x) => num(x.csat, 2) },
    { key: 'rated', title: t('dash.ratedCount'), value: (x) => x.rated },
  ];
  const data = r.scatter.map((x) => ({ ...x, name: names.person(x.personId), qa: num(x.qa), csat: num(x.csat, 2) }));
  return (
    <WidgetCard id="scatter" title={t('dash.scatter')} tables={() => [outTable(t('dash.scatter'), cols, r.scatter)]}>
      {data.length ? (
        <div style={{ height: 240 }} data-testid="scatter-chart">
          <ResponsiveContainer>
            <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" dataKey="qa" name={t('dash.qa')} domain={[0, 100]} />
              <YAxis type="number" dataKey="csat" name={t('dash.csatMean')} domain={[1, 5]} />
              <ZAxis type="number" dataKey="n" range={[40, 200]} name="n" />
              <Tooltip cursor={{ strokeDasharray: '3 3' }} formatter={(v: unknown, n: unknown) => [String(v), String(n)]} labelFormatter={() => ''} />
              <Scatter data={data} fill={PALETTE[0]} name={t('dash.person')} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <EmptyText />
      )}
    </WidgetCard>
  );
}

export function SlaWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  type S = DashboardResult['sla'][number];
  const cols: Column<S>[] = [
    { key: 'standard', title: t('dash.standard'), value: (x) => names.standard(x.standardId) },
    { key: 'met', title: t('dash.met'), value: (x) => x.met, align: 'right' },
    { key: 'breached', title: t('dash.breached'), value: (x) => x.breached, align: 'right' },
    { key: 'rate', title: t('dash.compliance'), value: (x) => num(x.rate, 4), render: (x) => pct1(x.rate), align: 'right' },
  ];
  const rows = r.sla.filter((x) => x.met + x.breached > 0);
  return (
    <WidgetCard id="sla" title={t('dash.slaByStandard')} tables={() => [outTable(t('dash.slaByStandard'), cols, r.sla)]}>
      {rows.length ? <WidgetTable id="sla" columns={cols} rows={rows} rowKey={(x) => x.standardId} /> : <EmptyText />}
    </WidgetCard>
  );
}

// ---------------------------------------------------------------------------------------------------- coaching

const VERDICT_TONE: Record<CoachingEffect['verdict'], Tone | null> = { improved: 'good', worse: 'bad', 'no-clear-change': null, 'too-few': null };
const VERDICT_SIGN: Record<CoachingEffect['verdict'], string> = { improved: '▲', worse: '▼', 'no-clear-change': '=', 'too-few': '…' };

export function VerdictTag({ verdict }: { verdict: CoachingEffect['verdict'] }) {
  const { t } = useTranslation();
  return <ToneTag tone={VERDICT_TONE[verdict]}>{`${VERDICT_SIGN[verdict]} ${t(`dash.verdict_${verdict}`)}`}</ToneTag>;
}

const side = (p: Proportion) => `${pct1(p.rate)} (${p.passed}/${p.n}${p.low !== null ? `, ${interval(p.low, p.high, pctOf)}` : ''})`;
const changeText = (e: CoachingEffect) => {
  if (e.change === null) return '—';
  const pp = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatNumber(Math.abs(v) * 100, 1)}`;
  return `${pp(e.change)} (${e.changeLow === null || e.changeHigh === null ? '' : `${pp(e.changeLow)} … ${pp(e.changeHigh)}`})`;
};

function effectColumns<R extends CoachingEffect>(t: TFunction): Column<R>[] {
  return [
    { key: 'before', title: t('dash.before'), value: (x) => num(x.before.rate, 4), render: (x) => side(x.before) },
    { key: 'beforeN', title: t('dash.beforeN'), value: (x) => x.before.n },
    { key: 'after', title: t('dash.after'), value: (x) => num(x.after.rate, 4), render: (x) => side(x.after) },
    { key: 'afterN', title: t('dash.afterN'), value: (x) => x.after.n },
    { key: 'change', title: t('dash.changePp'), value: (x) => (x.change === null ? null : num(x.change * 100)), render: (x) => changeText(x) },
    { key: 'changeLow', title: t('dash.changeLow'), value: (x) => (x.changeLow === null ? null : num(x.changeLow * 100)) },
    { key: 'changeHigh', title: t('dash.changeHigh'), value: (x) => (x.changeHigh === null ? null : num(x.changeHigh * 100)) },
    { key: 'verdict', title: t('dash.verdict'), value: (x) => t(`dash.verdict_${x.verdict}`), render: (x) => <VerdictTag verdict={x.verdict} /> },
  ];
}

export function CoachingWidget({ r, names }: { r: DashboardResult; names: DashNames }) {
  const { t } = useTranslation();
  const c = r.coaching;
  // On screen the low/high/n columns are folded into the sides; the export keeps them as numbers.
  const screen = <R,>(cols: Column<R>[]) => cols.filter((x) => !['beforeN', 'afterN', 'changeLow', 'changeHigh'].includes(x.key));
  const actionCols: Column<CoachingRow>[] = [
    { key: 'action', title: t('dash.action'), value: (x) => names.action(x.actionId), render: (x) => <a href={`#/corrective-actions?action=${encodeURIComponent(x.actionId)}`}>{names.action(x.actionId)}</a> },
    { key: 'staff', title: t('dash.person'), value: (x) => names.person(x.staffId) },
    { key: 'causes', title: t('dash.rootCause'), value: (x) => x.rootCauses.map(names.cause).join(', ') },
    ...effectColumns<CoachingRow>(t),
  ];
  type ByTeam = (typeof c.byTeam)[number];
  type ByCause = (typeof c.byRootCause)[number];
  const teamCols: Column<ByTeam>[] = [{ key: 'team', title: t('dash.team'), value: (x) => names.team(x.teamId || null) }, ...effectColumns<ByTeam>(t)];
  const causeCols: Column<ByCause>[] = [{ key: 'cause', title: t('dash.rootCause'), value: (x) => names.cause(x.cause) }, ...effectColumns<ByCause>(t)];
  return (
    <WidgetCard
      id="coaching"
      title={t('dash.coaching')}
      tables={() => [outTable(t('dash.coachingActions'), actionCols, c.actions), outTable(t('dash.byTeam'), teamCols, c.byTeam), outTable(t('dash.byRootCause'), causeCols, c.byRootCause)]}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('dash.coachingHelp')}
      </Typography.Paragraph>
      {c.actions.length ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <WidgetTable id="coaching" columns={screen(actionCols)} rows={c.actions} rowKey={(x) => x.actionId} />
          <Row gutter={16}>
            <Col span={12}><WidgetTable id="coaching-teams" columns={screen(teamCols)} rows={c.byTeam} rowKey={(x) => x.teamId} pageSize={5} /></Col>
            <Col span={12}><WidgetTable id="coaching-causes" columns={screen(causeCols)} rows={c.byRootCause} rowKey={(x) => x.cause} pageSize={5} /></Col>
          </Row>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('dash.noCoaching')}</Typography.Text>
      )}
    </WidgetCard>
  );
}
