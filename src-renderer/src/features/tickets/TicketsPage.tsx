// Browse tickets: a virtualized list of everything the session may see, filters that survive a restart,
// service-standard metrics computed from the current settings, and a detail drawer with the thread.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Ticket } from '@renderer/domain/model';
import { computeTicketMetrics, type TicketMetrics } from '@renderer/domain/serviceStandards';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { EMPTY_FILTER, matchesTicket, type TicketFilter } from '@renderer/domain/ticketFilter';
import { listTickets, ticketIdsWithRecordings } from '@renderer/db/tickets';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { useStoredFilter } from '@renderer/ui/useStoredFilter';
import { TicketDrawer } from './TicketDrawer';
import { SlaTag } from '@renderer/ui/SlaTag';
import { scoredItems } from '@renderer/db/evaluations';
import { ScoreTag } from '@renderer/ui/ScoreTag';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { useValueText } from '@renderer/session/useValueText';
import { directoryPeople, directoryTeams } from '@renderer/db/directory';

type Row = { t: Ticket; m: TicketMetrics };

export function TicketsPage() {
  const { t } = useTranslation();
  const vt = useValueText();
  const { ctx, person, settings } = useSession();
  const [filter, setFilter] = useStoredFilter<TicketFilter>(`qa.ticketFilter.${person.id}`, EMPTY_FILTER);
  const [openId, setOpenId] = useState<string | null>(null);
  const tickets = useLiveQuery(() => listTickets(ctx), [ctx]);
  const withRecording = useLiveQuery(() => ticketIdsWithRecordings(ctx), [ctx]);
  const scored = useLiveQuery(() => scoredItems(ctx), [ctx]);
  const peopleList = useLiveQuery(() => directoryPeople(ctx), [ctx]);
  const teamList = useLiveQuery(() => directoryTeams(ctx), [ctx]);
  const people = useMemo(() => peopleList ?? [], [peopleList]);
  const teams = useMemo(() => teamList ?? [], [teamList]);
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const teamNames = useMemo(() => new Map(teams.map((x) => [x.id, x.name])), [teams]);

  // Metrics follow the settings: a changed standard or calendar recomputes every clock.
  const rows = useMemo<Row[]>(() => {
    if (!tickets) return [];
    const cal = compileCalendar(settings.workingCalendar);
    const now = Date.now();
    return tickets.map((x) => ({ t: x, m: computeTicketMetrics(x, settings.serviceStandards, cal, now) })).sort((a, b) => b.t.openedAt.localeCompare(a.t.openedAt));
  }, [tickets, settings.workingCalendar, settings.serviceStandards]);
  const shown = useMemo(() => rows.filter((r) => matchesTicket(r.t, r.m, filter, withRecording ?? new Set())), [rows, filter, withRecording]);

  // Open a ticket named in the address (#/tickets?id=...), e.g. from a call's page.
  useEffect(() => {
    // Only an address for this page opens an item (another page's ?id= is not ours).
    if (!window.location.hash.startsWith('#/tickets')) return;
    const id = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('id');
    if (id) setOpenId(id);
  }, []);

  const set = <K extends keyof TicketFilter>(k: K, v: TicketFilter[K]) => setFilter({ ...filter, [k]: v });
  const multi = <K extends 'channels' | 'priorities' | 'categories'>(k: K, field: 'channel' | 'priority' | 'category', label: string) => (
    <Select
      mode="multiple"
      allowClear
      placeholder={label}
      style={{ minWidth: 150 }}
      value={filter[k]}
      maxTagCount="responsive"
      data-testid={`filter-${k}`}
      onChange={(v) => set(k, v as TicketFilter[K])}
      options={vt.options(field)}
    />
  );

  if (tickets && tickets.length === 0) {
    return (
      <Card data-testid="page-tickets">
        <Empty description={t('tickets.empty')}>
          <Button type="primary" href="#/import">
            {t('tickets.goImport')}
          </Button>
        </Empty>
      </Card>
    );
  }

  return (
    <Card data-testid="page-tickets" styles={{ body: { paddingBottom: 8 } }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('tickets.search')} value={filter.text} onChange={(e) => set('text', e.target.value)} style={{ width: 220 }} data-testid="filter-text" />
        <Select mode="multiple" allowClear placeholder={t('fields.team')} style={{ minWidth: 140 }} value={filter.teamIds} maxTagCount="responsive" onChange={(v) => set('teamIds', v)} options={teams.map((x) => ({ value: x.id, label: x.name }))} data-testid="filter-team" />
        <Select
          mode="multiple"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('import.fields.agent')}
          style={{ minWidth: 160 }}
          value={filter.agentIds}
          maxTagCount="responsive"
          onChange={(v) => set('agentIds', v)}
          options={people.map((x) => ({ value: x.id, label: x.name }))}
          data-testid="filter-agent"
        />
        {multi('channels', 'channel', t('import.fields.channel'))}
        {multi('priorities', 'priority', t('import.fields.priority'))}
        {multi('categories', 'category', t('import.fields.category'))}
        <DatePicker.RangePicker
          value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
          onChange={(r) => setFilter({ ...filter, from: r?.[0]?.startOf('day').toISOString() ?? null, to: r?.[1]?.endOf('day').toISOString() ?? null })}
          allowEmpty={[true, true]}
          data-testid="filter-dates"
        />
        <Select value={filter.csat} style={{ width: 150 }} onChange={(v) => set('csat', v)} data-testid="filter-csat" options={(['any', 'satisfied', 'neutral', 'dissatisfied', 'unrated'] as const).map((v) => ({ value: v, label: t(`tickets.csat.${v}`) }))} />
        <Select value={filter.sla} style={{ width: 150 }} onChange={(v) => set('sla', v)} data-testid="filter-sla" options={(['any', 'breached', 'met'] as const).map((v) => ({ value: v, label: t(`tickets.sla.${v}`) }))} />
        <Checkbox checked={filter.hasRecording} onChange={(e) => set('hasRecording', e.target.checked)} data-testid="filter-recording">
          {t('tickets.hasRecording')}
        </Checkbox>
        <Checkbox checked={filter.flagged} onChange={(e) => set('flagged', e.target.checked)} data-testid="filter-flagged">
          {t('tickets.flagged')}
        </Checkbox>
        <Button onClick={() => setFilter(EMPTY_FILTER)}>{t('tickets.clear')}</Button>
      </Space>
      <Typography.Paragraph type="secondary" data-testid="ticket-count">
        {t('tickets.count', { shown: formatNumber(shown.length), total: formatNumber(rows.length) })}
      </Typography.Paragraph>
      <Table<Row>
        size="small"
        virtual
        loading={!tickets}
        scroll={{ x: 1300, y: 'calc(100vh - 330px)' }}
        pagination={false}
        rowKey={(r) => r.t.id}
        dataSource={shown}
        data-testid="ticket-table"
        onRow={(r) => ({ onClick: () => setOpenId(r.t.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('import.fields.externalId'), key: 'id', width: 150, render: (_: unknown, r: Row) => r.t.externalId },
          { title: t('import.fields.subject'), key: 'subject', width: 300, ellipsis: true, render: (_: unknown, r: Row) => visibleText(r.t.subject) },
          { title: t('import.fields.openedAt'), key: 'opened', width: 170, render: (_: unknown, r: Row) => formatDateTime(r.t.openedAt) },
          { title: t('import.fields.agent'), key: 'agent', width: 120, render: (_: unknown, r: Row) => (r.t.agentId ? (names.get(r.t.agentId) ?? '—') : <Tag>{t('import.unassigned')}</Tag>) },
          { title: t('fields.team'), key: 'team', width: 120, render: (_: unknown, r: Row) => (r.t.teamId ? teamNames.get(r.t.teamId) : '—') },
          { title: t('import.fields.channel'), key: 'channel', width: 100, render: (_: unknown, r: Row) => t(`values.channel.${r.t.channel}`) },
          { title: t('import.fields.priority'), key: 'priority', width: 90, render: (_: unknown, r: Row) => t(`values.priority.${r.t.priority}`) },
          { title: t('import.fields.status'), key: 'status', width: 90, render: (_: unknown, r: Row) => (r.t.helpdeskState ? <Tag color="default" data-testid="helpdesk-state">{vt.status(r.t)}</Tag> : vt.status(r.t)) },
          { title: t('tickets.firstResponse'), key: 'fr', width: 130, render: (_: unknown, r: Row) => <SlaTag clock={r.m.firstResponse} /> },
          { title: t('tickets.resolution'), key: 'rs', width: 130, render: (_: unknown, r: Row) => <SlaTag clock={r.m.resolution} /> },
          { title: 'CSAT', key: 'csat', width: 70, render: (_: unknown, r: Row) => r.t.csat ?? '—' },
          { title: t('review.score'), key: 'score', width: 80, render: (_: unknown, r: Row) => (scored ? <ScoreTag scored={scored.get(r.t.id)} /> : null) },
        ]}
      />
      {openId && <TicketDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Card>
  );
}
