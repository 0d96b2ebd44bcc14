// Browse calls: a virtualized list of the recordings the session may see, filters that survive a restart, and a
// drawer with the player, waveform and transcript.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Recording } from '@renderer/domain/model';
import { listRecordings, recordingDetail, recordingIdsWithTranscript } from '@renderer/db/recordings';
import { formatDateTime, formatDuration, formatNumber } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { useStoredFilter } from '@renderer/ui/useStoredFilter';
import { CallPlayer } from '@renderer/widgets/CallPlayer';
import { CallEditModal } from './CallEditModal';
import { JoinLegsModal, SplitCallButton } from '@renderer/widgets/JoinLegs';
import { isPlanner } from '@renderer/db/access';
import { reviewHref } from '@renderer/ui/links';
import { scoredItems } from '@renderer/db/evaluations';
import { ScoreTag } from '@renderer/ui/ScoreTag';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { mayScore } from '@renderer/domain/roles';
import { directoryPeople, directoryTeams, personNames } from '@renderer/db/directory';

interface CallFilter {
  text: string;
  teamIds: string[];
  agentIds: string[];
  direction: 'any' | 'inbound' | 'outbound';
  from: string | null;
  to: string | null;
  hasTranscript: boolean;
  hasTicket: boolean;
}
const EMPTY: CallFilter = { text: '', teamIds: [], agentIds: [], direction: 'any', from: null, to: null, hasTranscript: false, hasTicket: false };

export function CallsPage() {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const [filter, setFilter] = useStoredFilter<CallFilter>(`qa.callFilter.${person.id}`, EMPTY);
  const [openId, setOpenId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<Recording[] | null>(null);
  const [joining, setJoining] = useState<[Recording, Recording] | null>(null);
  const planner = isPlanner(ctx);
  const recordings = useLiveQuery(() => listRecordings(ctx), [ctx]);
  const withTranscript = useLiveQuery(() => recordingIdsWithTranscript(ctx), [ctx]);
  const peopleList = useLiveQuery(() => directoryPeople(ctx), [ctx]);
  const teamList = useLiveQuery(() => directoryTeams(ctx), [ctx]);
  const scored = useLiveQuery(() => scoredItems(ctx), [ctx]);
  const names = useMemo(() => new Map((peopleList ?? []).map((p) => [p.id, p.name])), [peopleList]);
  const teamNames = useMemo(() => new Map((teamList ?? []).map((x) => [x.id, x.name])), [teamList]);

  useEffect(() => {
    // Only an address for this page opens an item (another page's ?id= is not ours).
    if (!window.location.hash.startsWith('#/calls')) return;
    const id = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('id');
    if (id) setOpenId(id);
  }, []);

  const shown = useMemo(() => {
    const q = filter.text.toLowerCase();
    return (recordings ?? [])
      .filter(
        (r) =>
          (!filter.teamIds.length || (r.teamId && filter.teamIds.includes(r.teamId))) &&
          (!filter.agentIds.length || (r.agentId && filter.agentIds.includes(r.agentId))) &&
          (filter.direction === 'any' || r.direction === filter.direction) &&
          (!filter.from || r.startedAt >= filter.from) &&
          (!filter.to || r.startedAt <= filter.to) &&
          (!filter.hasTranscript || withTranscript?.has(r.id)) &&
          (!filter.hasTicket || r.ticketId) &&
          (!q || r.fileName.toLowerCase().includes(q) || r.customerNumber.includes(q) || r.queue.toLowerCase().includes(q)),
      )
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }, [recordings, filter, withTranscript]);

  if (recordings && recordings.length === 0)
    return (
      <Card data-testid="page-calls">
        <Empty description={t('calls.empty')}>
          <Button type="primary" href="#/import">
            {t('calls.goImport')}
          </Button>
        </Empty>
      </Card>
    );

  return (
    <Card data-testid="page-calls">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('calls.search')} value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} style={{ width: 240 }} data-testid="call-filter-text" />
        <Select mode="multiple" allowClear placeholder={t('fields.team')} style={{ minWidth: 140 }} value={filter.teamIds} maxTagCount="responsive" onChange={(v) => setFilter({ ...filter, teamIds: v })} options={(teamList ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        <Select mode="multiple" allowClear showSearch optionFilterProp="label" placeholder={t('import.fields.agent')} style={{ minWidth: 160 }} value={filter.agentIds} maxTagCount="responsive" onChange={(v) => setFilter({ ...filter, agentIds: v })} options={(peopleList ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        <Select value={filter.direction} style={{ width: 140 }} onChange={(v) => setFilter({ ...filter, direction: v })} options={(['any', 'inbound', 'outbound'] as const).map((v) => ({ value: v, label: t(`calls.direction.${v}`) }))} data-testid="call-filter-direction" />
        <DatePicker.RangePicker
          value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
          allowEmpty={[true, true]}
          onChange={(r) => setFilter({ ...filter, from: r?.[0]?.startOf('day').toISOString() ?? null, to: r?.[1]?.endOf('day').toISOString() ?? null })}
        />
        <Checkbox checked={filter.hasTranscript} onChange={(e) => setFilter({ ...filter, hasTranscript: e.target.checked })} data-testid="call-filter-transcript">
          {t('calls.hasTranscript')}
        </Checkbox>
        <Checkbox checked={filter.hasTicket} onChange={(e) => setFilter({ ...filter, hasTicket: e.target.checked })}>
          {t('calls.hasTicket')}
        </Checkbox>
        <Button onClick={() => setFilter(EMPTY)}>{t('tickets.clear')}</Button>
      </Space>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="call-count">
          {t('calls.count', { shown: formatNumber(shown.length), total: formatNumber(recordings?.length ?? 0) })}
        </Typography.Text>
        {planner && selected.length > 0 && (
          <Button size="small" onClick={() => setEditing((recordings ?? []).filter((r) => selected.includes(r.id)))} data-testid="edit-selected-calls">
            {t('calls.edit.selected', { count: selected.length })}
          </Button>
        )}
        {planner && selected.length === 2 && (
          <Button size="small" onClick={() => setJoining((recordings ?? []).filter((r) => selected.includes(r.id)) as [Recording, Recording])} data-testid="join-calls" title={t('calls.join.help')}>
            {t('calls.join.action')}
          </Button>
        )}
      </Space>
      <Table<Recording>
        size="small"
        virtual
        loading={!recordings}
        scroll={{ x: 1100, y: 'calc(100vh - 330px)' }}
        pagination={false}
        rowKey="id"
        dataSource={shown}
        data-testid="call-table"
        rowSelection={planner ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), columnWidth: 40 } : undefined}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('recordings.fields.fileName'), dataIndex: 'fileName', width: 220, ellipsis: true, render: (v: string) => visibleText(v) },
          { title: t('recordings.fields.startedAt'), key: 'startedAt', width: 170, render: (_: unknown, r: Recording) => <StartTime recording={r} /> },
          { title: t('calls.duration'), dataIndex: 'durationSec', width: 110, render: (s: number) => formatDuration(s) },
          { title: t('import.fields.agent'), dataIndex: 'agentId', width: 120, render: (v: string | null) => (v ? names.get(v) : <Tag>{t('import.unassigned')}</Tag>) },
          { title: t('fields.team'), dataIndex: 'teamId', width: 120, render: (v: string | null) => (v ? teamNames.get(v) : '—') },
          { title: t('recordings.fields.direction'), dataIndex: 'direction', width: 100, render: (v: string) => t(`calls.direction.${v}`) },
          { title: t('recordings.fields.queue'), dataIndex: 'queue', width: 120 },
          { title: t('calls.transcript'), key: 'tr', width: 90, render: (_: unknown, r: Recording) => (withTranscript?.has(r.id) ? '✓' : '—') },
          { title: t('review.score'), key: 'score', width: 80, render: (_: unknown, r: Recording) => (scored ? <ScoreTag scored={scored.get(r.id)} /> : null) },
          { title: '', key: 'warn', width: 60, render: (_: unknown, r: Recording) => (r.warnings?.length ? <Tag color="gold">!</Tag> : null) },
        ]}
      />
      {openId && <CallDrawer id={openId} onClose={() => setOpenId(null)} />}
      {joining && (
        <JoinLegsModal
          calls={joining}
          onClose={(joined) => {
            setJoining(null);
            if (joined) setSelected([]);
          }}
        />
      )}
      {editing && (
        <CallEditModal
          calls={editing}
          onClose={() => {
            setEditing(null);
            setSelected([]);
          }}
        />
      )}
    </Card>
  );
}

function CallDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const detail = useLiveQuery(() => recordingDetail(ctx, id).catch(() => null), [ctx, id]);
  const names = useLiveQuery(() => personNames(ctx), [ctx]);
  const [editing, setEditing] = useState(false);
  return (
    <Drawer
      open
      width={900}
      onClose={onClose}
      title={detail ? visibleText(detail.recording.fileName) : t('app.loading')}
      data-testid="call-drawer"
      destroyOnHidden
      extra={
        detail && mayScore(person.role) ? (
          <Space>
            {isPlanner(ctx) && detail.recording.legs && <SplitCallButton call={detail.recording} onSplit={onClose} />}
            {isPlanner(ctx) && (
              <Button onClick={() => setEditing(true)} data-testid="edit-call">
                {t('actions.edit')}
              </Button>
            )}
            <Button type="primary" href={reviewHref('call', detail.recording.id)} data-testid="score-item">
              {t('review.score')}
            </Button>
          </Space>
        ) : null
      }
    >
      {detail === null && <Typography.Text>{t('calls.notFound')}</Typography.Text>}
      {detail && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={t('import.fields.agent')}>{detail.recording.agentId ? names?.get(detail.recording.agentId) : t('import.unassigned')}</Descriptions.Item>
            <Descriptions.Item label={t('recordings.fields.startedAt')}><StartTime recording={detail.recording} /></Descriptions.Item>
            <Descriptions.Item label={t('recordings.fields.direction')}>{t(`calls.direction.${detail.recording.direction}`)}</Descriptions.Item>
            <Descriptions.Item label={t('recordings.fields.customerNumber')}>{detail.recording.customerNumber || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('recordings.fields.queue')}>{detail.recording.queue || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('recordings.fields.ticketExternalId')}>
              {detail.ticket ? <a href={`#/tickets?id=${detail.ticket.id}`}>{detail.ticket.externalId}</a> : '—'}
            </Descriptions.Item>
          </Descriptions>
          {detail.recording.legs && (
            <Typography.Text type="secondary" data-testid="joined-legs">
              {t('calls.join.joinedFrom')}
            </Typography.Text>
          )}
          {detail.recording.warnings?.length ? (
            <Space>
              {detail.recording.warnings.map((w) => (
                <Tag key={w} color="gold">
                  {t(`calls.warning.${w}`, { defaultValue: w })}
                </Tag>
              ))}
            </Space>
          ) : null}
          <CallPlayer recording={detail.recording} peaks={detail.peaks} transcript={detail.transcript} />
          {editing && <CallEditModal calls={[detail.recording]} ticketNumber={detail.ticket?.externalId ?? null} onClose={() => setEditing(false)} />}
        </Space>
      )}
    </Drawer>
  );
}

/** A call's start: from the recorder's metadata, or only the file's modification time (said so, not as fact). */
function StartTime({ recording }: { recording: Pick<Recording, 'startedAt' | 'startedAtSource'> }) {
  const { t } = useTranslation();
  if (recording.startedAtSource !== 'file-time') return <>{formatDateTime(recording.startedAt)}</>;
  return (
    <span title={t('calls.fileTimeHelp')} data-testid="file-time">
      {formatDateTime(recording.startedAt)} <Tag>{t('calls.fileTime')}</Tag>
    </span>
  );
}
