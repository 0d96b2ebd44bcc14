// Settings → team server: the mode, the server, who is signed in, the sync state (last pull, pending writes,
// conflicts and refusals to decide) and "Sync now". Each conflict opens the field-by-field screen.
import { useState } from 'react';
import { App, Button, Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { OutboxRow } from '@renderer/db/database';
import { outboxState } from '@renderer/db/replica';
import { useSession, useTeamState } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { formatDateTime } from '@renderer/ui/i18n';
import { ConflictModal } from './ConflictModal';
import { RecordingShareForm } from './RecordingShareForm';
import { serverLabel } from './TeamSignInPage';

export function TeamServerCard() {
  const { t } = useTranslation();
  const { team, ctx } = useSession();
  const s = useTeamState();
  const { message } = App.useApp();
  const [open, setOpen] = useState<OutboxRow | null>(null);
  const [busy, setBusy] = useState(false);
  const toDecide = useLiveQuery(async () => {
    const o = await outboxState(ctx);
    return [...o.conflicts, ...o.refused];
  }, [ctx], []);
  if (!team || !s) return null;
  const syncNow = async () => {
    setBusy(true);
    try {
      await team.sync.round();
      const now = team.sync.state;
      if (now.online) void message.success(t('team.synced'));
      else void message.warning(t('team.status.offline'));
    } catch (e) {
      void message.error(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const label = (r: OutboxRow) => `${t(`team.tables.${r.table}`, { defaultValue: r.table })} · ${r.recordId.slice(-8)}`;
  return (
    <Card
      title={t('team.cardTitle')}
      data-testid="team-card"
      extra={
        <Button type="primary" loading={busy || s.syncing} onClick={() => void syncNow()} data-testid="team-sync-now">
          {t('team.syncNow')}
        </Button>
      }
    >
      <Descriptions column={2} size="small">
        <Descriptions.Item label={t('team.mode')}>{t('team.modeTeam')}</Descriptions.Item>
        <Descriptions.Item label={t('team.server')}>{serverLabel(team.connection)}</Descriptions.Item>
        <Descriptions.Item label={t('team.login')}>{team.login}</Descriptions.Item>
        <Descriptions.Item label={t('team.state')}>
          <Tag color={s.syncing ? 'processing' : s.online ? 'success' : 'error'} data-testid="team-card-status">
            {t(`team.status.${s.syncing ? 'syncing' : s.online ? 'online' : 'offline'}`)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('team.lastPullLabel')}>{s.lastPullAt ? formatDateTime(s.lastPullAt) : t('team.neverPulled')}</Descriptions.Item>
        <Descriptions.Item label={t('team.pendingLabel')}>
          <span data-testid="team-card-pending">{s.pending}</span>
        </Descriptions.Item>
      </Descriptions>
      {s.error && <Typography.Paragraph type="danger">{s.error}</Typography.Paragraph>}
      <RecordingShareForm />
      {toDecide.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('team.toDecide', { count: toDecide.length })}</Typography.Text>}
          dataSource={toDecide}
          data-testid="team-to-decide"
          renderItem={(r) => (
            <List.Item
              actions={[
                <Button key="open" size="small" onClick={() => setOpen(r)} data-testid={`team-open-${r.seq}`}>
                  {r.status === 'conflict' ? t('team.resolve') : t('team.details')}
                </Button>,
              ]}
            >
              <Space>
                <Tag color={r.status === 'conflict' ? 'orange' : 'red'}>{t(`team.outbox.${r.status}`)}</Tag>
                <span>{label(r)}</span>
                {r.status === 'refused' && <Typography.Text type="secondary">{r.message}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {open && (
        <ConflictModal
          row={open}
          onClose={() => setOpen(null)}
          onResolve={(takeMine) => team.sync.resolve(open.seq!, takeMine)}
          onDiscard={() => team.sync.discard(open.seq!)}
        />
      )}
    </Card>
  );
}
