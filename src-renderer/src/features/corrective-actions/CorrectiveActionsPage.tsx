// Corrective actions: counts and rates (open, overdue, closed on time, effective) for what the viewer may see, and
// per team and per person for leads and supervisors; filters (state, staff member, root cause, overdue, due this
// week) kept across restarts; the list (with bulk actions for leads and supervisors) or the board by state; export
// of the filtered list to CSV or XLSX; one action in a drawer. Staff see only their own actions; leads their team's;
// supervisors all. A link from an evaluation (#/corrective-actions?from=<evaluation id>) opens a new action
// prefilled from it; one from a notification (#/corrective-actions?action=<id>) opens that action.
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Dropdown, Empty, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { ROOT_CAUSES, type CorrectiveAction } from '@renderer/domain/model';
import { ACTION_STATUSES, actionRates, isDueSoon, isOverdue, ratesBy } from '@renderer/domain/correctiveActions';
import { isDueThisWeek } from '@renderer/domain/reminders';
import { listActions } from '@renderer/db/correctiveActions';
import { tableFile } from '@renderer/workers/tableFile';
import { useSaveFile } from '@renderer/session/useSaveFile';
import { formatDateTime } from '@renderer/ui/i18n';
import { useStoredFilter } from '@renderer/ui/useStoredFilter';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { ActionDrawer } from './ActionDrawer';
import { ActionForm } from './ActionForm';
import { ActionStatusTag } from './ActionStatusTag';
import { ActionBoard } from './ActionBoard';
import { BulkBar } from './BulkBar';
import { pct, RatesTable } from './RatesTable';
import { actionsTable } from './exportActions';
import { mayOwnActions, seesOwnWorkOnly } from '@renderer/domain/roles';
import { directoryTeams, personNames } from '@renderer/db/directory';

const hashParam = (name: string) => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get(name);
const fromHash = () => hashParam('from');

interface Filters {
  status: string[];
  staffId: string | null;
  cause: string | null;
  overdueOnly: boolean;
  weekOnly: boolean;
  view: 'list' | 'board';
}
const DEFAULT_FILTERS: Filters = { status: ['open', 'in-progress', 'awaiting-verification'], staffId: null, cause: null, overdueOnly: false, weekOnly: false, view: 'list' };
/** The lists a home tile opens (#/corrective-actions?show=…): the defaults narrowed to that list. */
const SHOWN: Record<string, Partial<Filters>> = { week: { weekOnly: true }, overdue: { overdueOnly: true }, verify: { status: ['awaiting-verification'] } };

export function CorrectiveActionsPage() {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const { message } = App.useApp();
  const { saveFile } = useSaveFile();
  const [openId, setOpenId] = useState<string | null>(() => hashParam('action'));
  const [creating, setCreating] = useState<{ from: string | null; parent: CorrectiveAction | null; editing?: CorrectiveAction } | null>(() => (fromHash() ? { from: fromHash(), parent: null } : null));
  const [f, setF] = useStoredFilter<Filters>(`qa.actions.filters.${person.id}`, DEFAULT_FILTERS);
  const [selected, setSelected] = useState<string[]>([]);
  const [exporting, setExporting] = useState(false);
  const manager = mayOwnActions(person.role);
  useEffect(() => {
    // From an evaluation: a new action prefilled; from a notification: that action opened.
    // From a home tile: that list (the filters narrowed to it, kept like any other choice), then a plain address.
    const on = () => {
      if (fromHash()) setCreating({ from: fromHash(), parent: null });
      if (hashParam('action')) setOpenId(hashParam('action'));
      const show = SHOWN[hashParam('show') ?? ''];
      if (show) {
        setF({ ...DEFAULT_FILTERS, ...show });
        window.history.replaceState(null, '', '#/corrective-actions');
      }
    };
    on();
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [setF]);
  const data = useLiveQuery(async () => {
    const actions = await listActions(ctx);
    const names = await personNames(ctx);
    const teams = await directoryTeams(ctx);
    return {
      actions,
      names,
      teams: new Map(teams.map((x) => [x.id, x.name])),
    };
  }, [ctx]);
  const now = Date.now();
  const zone = settings.workingCalendar.zone;
  const rows = useMemo(
    () =>
      (data?.actions ?? []).filter(
        (a) =>
          (!f.status.length || f.status.includes(a.status)) &&
          (!f.staffId || a.staffId === f.staffId) &&
          (!f.cause || a.rootCauses.includes(f.cause as (typeof ROOT_CAUSES)[number])) &&
          (!f.overdueOnly || isOverdue(a, now)) &&
          (!f.weekOnly || isDueThisWeek(a, now, zone)),
      ),
    [data, f, now, zone],
  );
  const rates = actionRates(data?.actions ?? [], now);
  const staffOptions = [...new Set((data?.actions ?? []).map((a) => a.staffId))].map((id) => ({ value: id, label: data?.names.get(id) ?? id }));
  const closeForm = () => {
    setCreating(null);
    if (fromHash()) window.location.hash = '#/corrective-actions';
  };
  const doExport = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      const bytes = await tableFile(actionsTable(t, rows, data?.names ?? new Map(), data?.teams ?? new Map(), now), format);
      await saveFile(`corrective-actions-${new Date(now).toISOString().slice(0, 10)}.${format}`, bytes, t('files.rows', { count: rows.length }));
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setExporting(false);
    }
  };
  const selectedActions = rows.filter((a) => selected.includes(a.id));

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="page-corrective-actions">
      <Row gutter={16}>
        <Col span={6}><Card><Statistic title={t('corrective.countOpen')} value={rates.open} data-testid="count-open" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('corrective.countOverdue')} value={rates.overdue} valueStyle={rates.overdue ? { color: '#cf1322' } : undefined} data-testid="count-overdue" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('corrective.onTimeRate')} value={pct(rates.onTimeRate)} data-testid="rate-on-time" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('corrective.effectiveRate')} value={pct(rates.effectiveRate)} data-testid="rate-effective" /></Card></Col>
      </Row>
      <Card
        title={seesOwnWorkOnly(person.role) ? t('corrective.mine') : t('corrective.list')}
        extra={
          <Space>
            <Segmented value={f.view} onChange={(v) => setF({ ...f, view: v as Filters['view'] })} options={[{ value: 'list', label: t('corrective.viewList') }, { value: 'board', label: t('corrective.viewBoard') }]} data-testid="action-view" />
            <Dropdown
              disabled={!rows.length || exporting}
              menu={{
                items: [
                  { key: 'csv', label: <span data-testid="export-csv">CSV</span> },
                  { key: 'xlsx', label: <span data-testid="export-xlsx">Excel (XLSX)</span> },
                ],
                onClick: ({ key }) => void doExport(key as 'csv' | 'xlsx'),
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting} data-testid="export-actions">
                {t('corrective.export', { n: rows.length })}
              </Button>
            </Dropdown>
            {manager && (
              <Button type="primary" onClick={() => setCreating({ from: null, parent: null })} data-testid="new-action">
                {t('corrective.new')}
              </Button>
            )}
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select mode="multiple" allowClear optionFilterProp="label" style={{ minWidth: 320 }} placeholder={t('corrective.anyStatus')} value={f.status} onChange={(status) => setF({ ...f, status })} data-testid="filter-status" options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`corrective.status.${s}`) }))} />
          {manager && <Select allowClear showSearch optionFilterProp="label" style={{ width: 200 }} placeholder={t('corrective.staff')} value={f.staffId} onChange={(v) => setF({ ...f, staffId: v ?? null })} options={staffOptions} data-testid="filter-staff" />}
          <Select allowClear style={{ width: 180 }} placeholder={t('corrective.rootCauses')} value={f.cause} onChange={(v) => setF({ ...f, cause: v ?? null })} options={ROOT_CAUSES.map((c) => ({ value: c, label: t(`corrective.rootCause.${c}`) }))} />
          <Checkbox checked={f.overdueOnly} onChange={(e) => setF({ ...f, overdueOnly: e.target.checked })} data-testid="filter-overdue">{t('corrective.overdueOnly')}</Checkbox>
          <Checkbox checked={f.weekOnly} onChange={(e) => setF({ ...f, weekOnly: e.target.checked })} data-testid="filter-week">{t('corrective.dueThisWeek')}</Checkbox>
        </Space>
        {manager && selectedActions.length > 0 && <BulkBar selected={selectedActions} onDone={() => setSelected([])} />}
        {f.view === 'board' ? (
          <ActionBoard actions={rows} names={data?.names ?? new Map()} nowMs={now} dueSoonDays={settings.actionDueSoonDays} onOpen={setOpenId} />
        ) : (
          <Table<CorrectiveAction>
            size="small"
            rowKey="id"
            loading={!data}
            dataSource={rows}
            data-testid="action-table"
            rowSelection={manager ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
            onRow={(a) => ({ onClick: () => setOpenId(a.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: <Empty description={data?.actions.length ? t('corrective.noneMatch') : seesOwnWorkOnly(person.role) ? t('corrective.emptyStaff') : t('corrective.empty')} /> }}
            columns={[
              { title: t('corrective.titleField'), dataIndex: 'title' },
              { title: t('corrective.staff'), key: 'staff', render: (_: unknown, a) => data?.names.get(a.staffId) },
              { title: t('corrective.owner'), key: 'owner', render: (_: unknown, a) => data?.names.get(a.ownerId) },
              {
                title: t('corrective.due'),
                key: 'due',
                sorter: (a, b) => a.dueAt.localeCompare(b.dueAt),
                render: (_: unknown, a) => (
                  <>
                    {formatDateTime(a.dueAt)} {isOverdue(a, now) && <Tag color="red">{t('corrective.overdue')}</Tag>}
                    {!isOverdue(a, now) && isDueSoon(a, now, settings.actionDueSoonDays) && <Tag color="orange">{t('corrective.soon')}</Tag>}
                  </>
                ),
              },
              { title: t('review.status'), key: 'status', render: (_: unknown, a) => <ActionStatusTag status={a.status} outcome={a.outcome} /> },
              { title: t('corrective.priority'), key: 'priority', render: (_: unknown, a) => t(`corrective.priorities.${a.priority}`) },
              { title: t('corrective.acknowledged'), key: 'ack', render: (_: unknown, a) => (a.acknowledgedAt ? '✓' : <Tag color="orange">{t('corrective.notAcknowledged')}</Tag>) },
            ]}
          />
        )}
      </Card>
      {manager && data && data.actions.length > 0 && (
        <Card title={t('corrective.ratesTitle')} size="small">
          <Tabs
            items={[
              { key: 'team', label: t('corrective.byTeam'), children: <RatesTable rows={ratesBy(data.actions, (a) => a.teamId, now)} label={(k) => (k ? (data.teams.get(k) ?? k) : t('corrective.noTeam'))} testId="rates-by-team" /> },
              { key: 'person', label: t('corrective.byPerson'), children: <RatesTable rows={ratesBy(data.actions, (a) => a.staffId, now)} label={(k) => data.names.get(k) ?? k} testId="rates-by-person" /> },
            ]}
          />
        </Card>
      )}
      {openId && (
        <ActionDrawer
          key={openId}
          actionId={openId}
          onClose={() => {
            setOpenId(null);
            if (hashParam('action')) window.location.hash = '#/corrective-actions';
          }}
          onFollowOn={(a) => setCreating({ from: null, parent: a })}
          onEdit={(a) => setCreating({ from: null, parent: null, editing: a })}
        />
      )}
      {creating && (
        <ActionForm
          fromEvaluationId={creating.from}
          parent={creating.parent}
          editing={creating.editing ?? null}
          onClose={closeForm}
          onCreated={(a) => {
            closeForm();
            setOpenId(a.id);
          }}
        />
      )}
    </Space>
  );
}
