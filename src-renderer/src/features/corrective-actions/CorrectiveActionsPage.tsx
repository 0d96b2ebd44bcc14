// Corrective actions: counts and rates (open, overdue, closed on time, effective) for what the viewer may see,
// filters (state, staff member, root cause, overdue, due this week), the list, and one action in a drawer. Staff
// see only their own actions; leads their team's; supervisors all. A link from an evaluation
// (#/corrective-actions?from=<evaluation id>) opens a new action prefilled from it; one from a notification
// (#/corrective-actions?action=<id>) opens that action.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Checkbox, Col, Empty, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { ROOT_CAUSES, type CorrectiveAction } from '@renderer/domain/model';
import { ACTION_STATUSES, actionRates, isDueSoon, isOverdue } from '@renderer/domain/correctiveActions';
import { listActions } from '@renderer/db/correctiveActions';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '../sign-in/session';
import { ActionDrawer } from './ActionDrawer';
import { ActionForm } from './ActionForm';
import { ActionStatusTag } from './ActionStatusTag';

const hashParam = (name: string) => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get(name);
const fromHash = () => hashParam('from');
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

export function CorrectiveActionsPage() {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const [openId, setOpenId] = useState<string | null>(() => hashParam('action'));
  const [creating, setCreating] = useState<{ from: string | null; parent: CorrectiveAction | null } | null>(() => (fromHash() ? { from: fromHash(), parent: null } : null));
  const [status, setStatus] = useState<string[]>(['open', 'in-progress', 'awaiting-verification']);
  const [staffId, setStaffId] = useState<string | null>(null);
  const [cause, setCause] = useState<string | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [weekOnly, setWeekOnly] = useState(false);
  useEffect(() => {
    // From an evaluation: a new action prefilled; from a notification: that action opened.
    const on = () => {
      if (fromHash()) setCreating({ from: fromHash(), parent: null });
      if (hashParam('action')) setOpenId(hashParam('action'));
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const data = useLiveQuery(async () => {
    const actions = await listActions(ctx);
    const people = await ctx.db.people.bulkGet([...new Set(actions.flatMap((a) => [a.staffId, a.ownerId]))]);
    return { actions, names: new Map(people.filter((p): p is NonNullable<typeof p> => !!p).map((p) => [p.id, p.name])) };
  }, [ctx]);
  const now = Date.now();
  const rows = useMemo(
    () =>
      (data?.actions ?? []).filter(
        (a) =>
          (!status.length || status.includes(a.status)) &&
          (!staffId || a.staffId === staffId) &&
          (!cause || a.rootCauses.includes(cause as (typeof ROOT_CAUSES)[number])) &&
          (!overdueOnly || isOverdue(a, now)) &&
          (!weekOnly || isDueSoon(a, now, 7)),
      ),
    [data, status, staffId, cause, overdueOnly, weekOnly, now],
  );
  const rates = actionRates(data?.actions ?? [], now);
  const staffOptions = [...new Set((data?.actions ?? []).map((a) => a.staffId))].map((id) => ({ value: id, label: data?.names.get(id) ?? id }));
  const closeForm = () => {
    setCreating(null);
    if (fromHash()) window.location.hash = '#/corrective-actions';
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="page-corrective-actions">
      <Row gutter={16}>
        <Col span={6}><Card><Statistic title={t('corrective.countOpen')} value={rates.open} data-testid="count-open" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('corrective.countOverdue')} value={rates.overdue} valueStyle={rates.overdue ? { color: '#cf1322' } : undefined} data-testid="count-overdue" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('corrective.onTimeRate')} value={pct(rates.onTimeRate)} data-testid="rate-on-time" /></Card></Col>
        <Col span={6}><Card><Statistic title={t('corrective.effectiveRate')} value={pct(rates.effectiveRate)} data-testid="rate-effective" /></Card></Col>
      </Row>
      <Card
        title={person.role === 'staff' ? t('corrective.mine') : t('corrective.list')}
        extra={
          person.role !== 'staff' && (
            <Button type="primary" onClick={() => setCreating({ from: null, parent: null })} data-testid="new-action">
              {t('corrective.new')}
            </Button>
          )
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select mode="multiple" allowClear optionFilterProp="label" style={{ minWidth: 320 }} placeholder={t('corrective.anyStatus')} value={status} onChange={setStatus} data-testid="filter-status" options={ACTION_STATUSES.map((s) => ({ value: s, label: t(`corrective.status.${s}`) }))} />
          {person.role !== 'staff' && <Select allowClear showSearch optionFilterProp="label" style={{ width: 200 }} placeholder={t('corrective.staff')} value={staffId} onChange={(v) => setStaffId(v ?? null)} options={staffOptions} />}
          <Select allowClear style={{ width: 180 }} placeholder={t('corrective.rootCauses')} value={cause} onChange={(v) => setCause(v ?? null)} options={ROOT_CAUSES.map((c) => ({ value: c, label: t(`corrective.rootCause.${c}`) }))} />
          <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="filter-overdue">{t('corrective.overdueOnly')}</Checkbox>
          <Checkbox checked={weekOnly} onChange={(e) => setWeekOnly(e.target.checked)}>{t('corrective.dueThisWeek')}</Checkbox>
        </Space>
        <Table<CorrectiveAction>
          size="small"
          rowKey="id"
          loading={!data}
          dataSource={rows}
          data-testid="action-table"
          onRow={(a) => ({ onClick: () => setOpenId(a.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty description={person.role === 'staff' ? t('corrective.emptyStaff') : t('corrective.empty')} /> }}
          columns={[
            { title: t('corrective.titleField'), dataIndex: 'title' },
            { title: t('corrective.staff'), key: 'staff', render: (_: unknown, a) => data?.names.get(a.staffId) },
            { title: t('corrective.owner'), key: 'owner', render: (_: unknown, a) => data?.names.get(a.ownerId) },
            {
              title: t('corrective.due'),
              key: 'due',
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
      </Card>
      {openId && <ActionDrawer key={openId} actionId={openId} onClose={() => { setOpenId(null); if (hashParam('action')) window.location.hash = '#/corrective-actions'; }} onFollowOn={(a) => setCreating({ from: null, parent: a })} />}
      {creating && (
        <ActionForm
          fromEvaluationId={creating.from}
          parent={creating.parent}
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
