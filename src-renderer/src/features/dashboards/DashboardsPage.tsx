// Dashboards: where quality stands, where it is going, who needs help, whether reviewers agree and whether coaching
// worked, for the filters chosen (kept per person across restarts, and as named views). The figures come from a
// worker (domain/dashboard over the session's reach); the page only draws them. PDF: the page as shown, A4 landscape,
// with the filters printed at the top.
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Drawer, Input, InputNumber, Modal, Progress, Row, Segmented, Select, Space, Switch, Table, Typography } from 'antd';
import { FilePdfOutlined, ReloadOutlined, SaveOutlined, DeleteOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { DASH_PERIOD_KINDS, dayInZone, defaultFilters, type DashboardFilters, type DashboardResult, type HeatCell } from '@renderer/domain/dashboard';
import type { Evaluation } from '@renderer/domain/model';
import { isStaffRole } from '@renderer/domain/roles';
import type { RubricDefinition } from '@renderer/domain/rubric';
import { dashboardChoices, evaluationsBehind } from '@renderer/db/dashboard';
import { actionsById } from '@renderer/db/correctiveActions';
import { rubricDefinitions } from '@renderer/db/myScores';
import { workspaceName } from '@renderer/db/workspace';
import { DashboardClient } from '@renderer/workers/dashboardClient';
import { useSession } from '@renderer/session/session';
import { useSaveFile } from '@renderer/session/useSaveFile';
import { describeError } from '@renderer/session/errors';
import { useStoredFilter } from '@renderer/ui/useStoredFilter';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { score1 } from '@renderer/ui/figures';
import { EvaluationView } from '@renderer/widgets/EvaluationView';
import { ActionsWidget, CoachingWidget, CoverageWidget, DisputesWidget, HeadlineWidget, HeatmapWidget, PeopleWidget, ReviewersWidget, ScatterWidget, SlaWidget, TrendWidget, type DashNames } from './Widgets';

const CHANNELS = ['phone', 'email', 'chat', 'portal', 'onsite'] as const;
interface SavedView {
  name: string;
  filters: DashboardFilters;
}

/** The figures for the filters, from the worker; the latest request wins, and a data change can be refreshed. */
function useDashboard(filters: DashboardFilters, tick: number) {
  const { ctx } = useSession();
  const client = useRef<DashboardClient | null>(null);
  const [state, setState] = useState<{ result: DashboardResult | null; busy: boolean; error: string | null }>({ result: null, busy: true, error: null });
  useEffect(() => {
    client.current = new DashboardClient();
    return () => client.current?.dispose();
  }, []);
  useEffect(() => {
    const c = client.current;
    if (!c || !ctx.actor) return;
    setState((s) => ({ ...s, busy: true, error: null }));
    c.compute(workspaceName(ctx), ctx.actor, filters, ctx.clock()).then(
      // Drawn as a transition: React renders the widgets in slices and keeps the window answering meanwhile.
      (result) => result && startTransition(() => setState({ result, busy: false, error: null })),
      (e: unknown) => setState((s) => ({ ...s, busy: false, error: describeError(e).message })),
    );
  }, [ctx, filters, tick]);
  return state;
}

function anchorPicker(kind: DashboardFilters['period']['kind']) {
  return kind === 'week' ? 'week' : kind === 'quarter' ? 'quarter' : 'month';
}

export function DashboardsPage() {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const { message } = App.useApp();
  const zone = settings.workingCalendar.zone;
  const today = dayInZone(Date.now(), zone).iso;
  const [filters, setFilters] = useStoredFilter<DashboardFilters>(`qa.dashboard.filters.${person.id}`, defaultFilters(today));
  const [views, setViews] = useStoredFilter<{ list: SavedView[] }>(`qa.dashboard.views.${person.id}`, { list: [] });
  const [trendByTeam, setTrendByTeam] = useState(false);
  const [tick, setTick] = useState(0);
  const [naming, setNaming] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ cell: HeatCell; label: string } | null>(null);
  const { result, busy, error } = useDashboard(filters, tick);
  const { savePdf } = useSaveFile();
  const choices = useLiveQuery(() => dashboardChoices(ctx), [ctx]);
  const actionTitles = useLiveQuery(async () => (result ? new Map((await actionsById(ctx, result.coaching.actions.map((a) => a.actionId))).map((a) => [a.id, a.title])) : new Map<string, string>()), [ctx, result]);
  const set = (patch: Partial<DashboardFilters>) => setFilters({ ...filters, ...patch });

  const names: DashNames = useMemo(() => {
    const people = new Map([...(choices?.people ?? []), ...(choices?.reviewers ?? [])].map((p) => [p.id, p.name]));
    const teams = new Map((choices?.teams ?? []).map((x) => [x.id, x.name]));
    return {
      person: (id) => people.get(id) ?? t('dash.unknownPerson'),
      team: (id) => (id ? (teams.get(id) ?? t('dash.unknownTeam')) : t('dash.noTeam')),
      channel: (c) => (c === 'call' ? t('nav.calls') : t(`values.channel.${c}`)),
      standard: (id) => {
        const s = settings.serviceStandards.find((x) => x.id === id);
        return s ? `${t(`standards.metrics.${s.metric}`)} ≤ ${s.target} ${t(`standards.units.${s.unit}`)}${s.channels.length ? ` · ${s.channels.map((c) => t(`values.channel.${c}`)).join('/')}` : ''}${s.priorities.length ? ` · ${s.priorities.map((p) => t(`values.priority.${p}`)).join('/')}` : ''}` : id;
      },
      cause: (c) => t(`corrective.rootCause.${c}`),
      action: (id) => actionTitles?.get(id) ?? id,
    };
  }, [choices, settings.serviceStandards, t, actionTitles]);

  const p = filters.period;
  const filterText = useMemo(() => {
    if (!result) return '';
    const list = (label: string, ids: string[], name: (id: string) => string) => (ids.length ? `${label}: ${ids.map(name).join(', ')}` : null);
    const rubricName = (id: string) => choices?.rubrics.find((r) => r.id === id)?.name ?? id;
    const versionName = (id: string) => {
      const v = choices?.versions.find((x) => x.id === id);
      return v ? `${rubricName(v.rubricId)} v${v.version}` : id;
    };
    return [
      `${t('dash.period')}: ${result.period.label}${result.previous ? ` (${t('dash.comparedWith', { label: result.previous.label })})` : ''}`,
      list(t('dash.teams'), filters.teamIds, (id) => names.team(id)),
      list(t('dash.people_'), filters.personIds, names.person),
      list(t('dash.channels'), filters.channels, names.channel),
      list(t('dash.rubrics'), filters.rubricIds, rubricName),
      list(t('dash.versions'), filters.rubricVersionIds, versionName),
      list(t('dash.reviewersFilter'), filters.reviewerIds, names.person),
    ]
      .filter(Boolean)
      .join(' · ');
  }, [result, filters, names, choices, t]);

  const exportPdf = async () => {
    if (!result) return;
    await savePdf(`dashboard-${result.period.label.replace(/[^\w-]+/g, '_')}.pdf`, true);
  };

  const nothing = result && result.headline.qa.n === 0 && result.headline.sla.judged === 0 && result.actions.opened === 0 && result.disputes.raised === 0;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="page-dashboards">
      <Card size="small" className="no-print" data-testid="dash-filters">
        <Space wrap size={[12, 8]}>
          <Segmented
            value={p.kind}
            onChange={(k) => set({ period: { ...p, kind: k as DashboardFilters['period']['kind'], from: p.from ?? today.slice(0, 8) + '01', to: p.to ?? today } })}
            options={DASH_PERIOD_KINDS.map((k) => ({ value: k, label: <span data-testid={`period-${k}`}>{t(`dash.kind_${k}`)}</span> }))}
          />
          {p.kind === 'custom' ? (
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(p.from ?? today), dayjs(p.to ?? today)]}
              onChange={(v) => v?.[0] && v[1] && set({ period: { ...p, from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') } })}
              data-testid="period-range"
            />
          ) : (
            <DatePicker
              allowClear={false}
              picker={anchorPicker(p.kind)}
              value={dayjs(p.anchor)}
              onChange={(v: Dayjs | null) => v && set({ period: { ...p, anchor: v.format('YYYY-MM-DD') } })}
              data-testid="period-anchor"
              aria-label={t('dash.period')}
            />
          )}
          <Space size={4}>
            <Switch size="small" checked={filters.compare} onChange={(compare) => set({ compare })} data-testid="dash-compare" aria-label={t('dash.compare')} />
            <Typography.Text>{t('dash.compare')}</Typography.Text>
          </Space>
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('dash.teams')} style={{ minWidth: 150 }} value={filters.teamIds} onChange={(teamIds) => set({ teamIds })} options={(choices?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-teams" aria-label={t('dash.teams')} maxTagCount="responsive" />
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('dash.people_')} style={{ minWidth: 150 }} value={filters.personIds} onChange={(personIds) => set({ personIds })} options={(choices?.people ?? []).filter((x) => isStaffRole(x.role)).map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-people" aria-label={t('dash.people_')} maxTagCount="responsive" />
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('dash.channels')} style={{ minWidth: 130 }} value={filters.channels} onChange={(channels) => set({ channels })} options={CHANNELS.map((c) => ({ value: c, label: t(`values.channel.${c}`) }))} data-testid="filter-channels" aria-label={t('dash.channels')} maxTagCount="responsive" />
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('dash.rubrics')} style={{ minWidth: 140 }} value={filters.rubricIds} onChange={(rubricIds) => set({ rubricIds, rubricVersionIds: [] })} options={(choices?.rubrics ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-rubrics" aria-label={t('dash.rubrics')} maxTagCount="responsive" />
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('dash.versions')}
            style={{ minWidth: 130 }}
            value={filters.rubricVersionIds}
            onChange={(rubricVersionIds) => set({ rubricVersionIds })}
            options={(choices?.versions ?? []).filter((v) => !filters.rubricIds.length || filters.rubricIds.includes(v.rubricId)).map((v) => ({ value: v.id, label: `${choices?.rubrics.find((r) => r.id === v.rubricId)?.name ?? ''} v${v.version}` }))}
            data-testid="filter-versions"
            aria-label={t('dash.versions')}
            maxTagCount="responsive"
          />
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('dash.reviewersFilter')} style={{ minWidth: 140 }} value={filters.reviewerIds} onChange={(reviewerIds) => set({ reviewerIds })} options={(choices?.reviewers ?? []).map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-reviewers" aria-label={t('dash.reviewersFilter')} maxTagCount="responsive" />
          <Space size={4}>
            <Typography.Text>{t('dash.bottomN')}</Typography.Text>
            <InputNumber size="small" min={1} max={50} value={filters.bottomN} onChange={(v) => v && set({ bottomN: v })} style={{ width: 64 }} aria-label={t('dash.bottomN')} />
          </Space>
          <Button size="small" onClick={() => setFilters({ ...defaultFilters(today), trendBy: filters.trendBy, heatmapBy: filters.heatmapBy })} data-testid="dash-reset">
            {t('dash.reset')}
          </Button>
        </Space>
        <Space wrap style={{ marginTop: 8 }}>
          <Select
            size="small"
            placeholder={t('dash.views')}
            style={{ minWidth: 180 }}
            value={null}
            onChange={(name: string) => {
              const v = views.list.find((x) => x.name === name);
              if (v) setFilters({ ...defaultFilters(today), ...v.filters });
            }}
            options={views.list.map((v) => ({ value: v.name, label: v.name }))}
            notFoundContent={t('dash.noViews')}
            data-testid="dash-views"
            aria-label={t('dash.views')}
          />
          <Button size="small" icon={<SaveOutlined />} onClick={() => setNaming('')} data-testid="dash-save-view">
            {t('dash.saveView')}
          </Button>
          {views.list.length > 0 && (
            <Select
              size="small"
              placeholder={t('dash.deleteView')}
              style={{ minWidth: 150 }}
              value={null}
              suffixIcon={<DeleteOutlined />}
              onChange={(name: string) => {
                const removed = views.list.find((x) => x.name === name);
                setViews({ list: views.list.filter((x) => x.name !== name) });
                void message.info({ content: <span>{t('dash.viewDeleted', { name })} <a onClick={() => removed && setViews({ list: [...views.list] })}>{t('dash.undo')}</a></span>, duration: 8 });
              }}
              options={views.list.map((v) => ({ value: v.name, label: v.name }))}
              aria-label={t('dash.deleteView')}
            />
          )}
          <Button size="small" icon={<ReloadOutlined />} onClick={() => setTick((x) => x + 1)} loading={busy} data-testid="dash-refresh">
            {t('dash.refresh')}
          </Button>
          <Button size="small" icon={<FilePdfOutlined />} disabled={!result || busy} onClick={() => void exportPdf()} data-testid="dash-pdf">
            {t('dash.pdf')}
          </Button>
        </Space>
      </Card>

      {error && <Alert type="error" showIcon title={t('dash.failed_')} description={error} />}
      {!result && busy && <Progress percent={100} status="active" showInfo={false} />}
      {result && (
        <div data-testid="dash-content" aria-busy={busy} style={{ opacity: busy ? 0.6 : 1 }}>
          <Typography.Title level={5} data-testid="dash-filter-text" style={{ marginTop: 0 }}>
            {filterText}
          </Typography.Title>
          {nothing && <Alert type="info" showIcon title={t('dash.emptyTitle')} description={t('dash.emptyHelp')} style={{ marginBottom: 16 }} data-testid="dash-empty" />}
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <HeadlineWidget r={result} />
            <Row gutter={16}>
              <Col span={24}>
                <TrendWidget r={result} names={names} byTeam={trendByTeam} />
                <Space className="no-print" style={{ marginTop: 4 }}>
                  <Segmented size="small" value={filters.trendBy} onChange={(v) => set({ trendBy: v as 'week' | 'month' })} options={[{ value: 'week', label: t('dash.byWeek') }, { value: 'month', label: t('dash.byMonth') }]} data-testid="trend-by" />
                  <Checkbox checked={trendByTeam} onChange={(e) => setTrendByTeam(e.target.checked)}>
                    {t('dash.perTeam')}
                  </Checkbox>
                </Space>
              </Col>
            </Row>
            <div>
              <HeatmapWidget r={result} names={names} by={filters.heatmapBy} onCell={(cell, label) => setDrill({ cell, label })} />
              <Segmented className="no-print" size="small" style={{ marginTop: 4 }} value={filters.heatmapBy} onChange={(v) => set({ heatmapBy: v as 'team' | 'week' })} options={[{ value: 'team', label: t('dash.byTeam') }, { value: 'week', label: t('dash.byWeek') }]} data-testid="heatmap-by" />
            </div>
            <PeopleWidget r={result} names={names} bottomN={filters.bottomN} />
            <CoachingWidget r={result} names={names} />
            <Row gutter={16}>
              <Col xs={24} xl={12}><ReviewersWidget r={result} names={names} /></Col>
              <Col xs={24} xl={12}><DisputesWidget r={result} names={names} /></Col>
            </Row>
            <ActionsWidget r={result} names={names} />
            <CoverageWidget r={result} names={names} />
            <Row gutter={16}>
              <Col xs={24} xl={12}><ScatterWidget r={result} names={names} /></Col>
              <Col xs={24} xl={12}><SlaWidget r={result} names={names} /></Col>
            </Row>
          </Space>
        </div>
      )}

      <Modal
        open={naming !== null}
        title={t('dash.saveView')}
        onCancel={() => setNaming(null)}
        okButtonProps={{ disabled: !naming?.trim(), 'data-testid': 'dash-view-ok' }}
        onOk={() => {
          const name = naming!.trim();
          setViews({ list: [...views.list.filter((v) => v.name !== name), { name, filters }].sort((a, b) => a.name.localeCompare(b.name)) });
          setNaming(null);
          void message.success(t('dash.viewSaved', { name }));
        }}
      >
        <Input autoFocus value={naming ?? ''} maxLength={60} onChange={(e) => setNaming(e.target.value)} placeholder={t('dash.viewName')} data-testid="dash-view-name" aria-label={t('dash.viewName')} />
        {views.list.some((v) => v.name === naming?.trim()) && <Typography.Text type="warning">{t('dash.viewReplaces')}</Typography.Text>}
      </Modal>

      <DrillDrawer drill={drill} names={names} onClose={() => setDrill(null)} />
    </Space>
  );
}

/** The evaluations behind a heatmap cell (those in which the criterion failed), each opening as scored. */
function DrillDrawer({ drill, names, onClose }: { drill: { cell: HeatCell; label: string } | null; names: DashNames; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [open, setOpen] = useState<Evaluation | null>(null);
  const data = useLiveQuery(async () => {
    if (!drill) return null;
    const evals = await evaluationsBehind(ctx, drill.cell.evaluationIds);
    const rubrics: Map<string, RubricDefinition> = await rubricDefinitions(ctx, evals.map((e) => e.rubricVersionId));
    return { evals: evals.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)), rubrics };
  }, [ctx, drill]);
  const rubric = open ? data?.rubrics.get(open.rubricVersionId) : undefined;
  return (
    <Drawer open={!!drill} onClose={onClose} size="large" title={drill ? t('dash.drillTitle', { label: drill.label, count: drill.cell.failed }) : ''} data-testid="drill-drawer">
      {open && rubric ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button onClick={() => setOpen(null)} data-testid="drill-back">
            {t('dash.backToList')}
          </Button>
          <EvaluationView evaluation={open} rubric={rubric} mode="reviewer" />
        </Space>
      ) : (
        <Table<Evaluation>
          size="small"
          rowKey="id"
          loading={!data}
          dataSource={data?.evals ?? []}
          data-testid="drill-table"
          onRow={(e) => ({ onClick: () => setOpen(e), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('dash.when'), dataIndex: 'occurredAt', render: (v: string) => formatDateTime(v) },
            { title: t('dash.person'), dataIndex: 'agentId', render: (v: string | null) => (v ? names.person(v) : '—') },
            { title: t('dash.reviewer'), dataIndex: 'reviewerId', render: (v: string) => names.person(v) },
            { title: t('dash.qa'), dataIndex: 'score', render: (v: number | null) => score1(v) },
            {
              title: '',
              key: 'open',
              render: (_: unknown, e: Evaluation) => (
                <a onClick={() => setOpen(e)} data-testid="drill-open">
                  {t('home.open')}
                </a>
              ),
            },
          ]}
          footer={() => (drill && drill.cell.evaluationIds.length > (data?.evals.length ?? 0) ? t('dash.drillHidden', { count: formatNumber(drill.cell.evaluationIds.length - (data?.evals.length ?? 0)) }) : null)}
        />
      )}
    </Drawer>
  );
}
