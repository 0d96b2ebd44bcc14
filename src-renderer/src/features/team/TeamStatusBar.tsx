// The status bar of a team console: online / offline / syncing, what waits to be sent, conflicts to decide.
import { Badge, Button, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession, useTeamState } from '@renderer/session/session';
import { formatDateTime, formatNumber } from '@renderer/ui/i18n';
import { serverLabel } from './TeamSignInPage';

export function TeamStatusBar({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const { team, signOut } = useSession();
  const s = useTeamState();
  if (!team || !s) return null;
  const status = s.syncing ? 'syncing' : s.online ? 'online' : 'offline';
  return (
    <div
      role="status"
      className="qa-status-bar"
      data-testid="team-status"
      data-status={status}
      onClick={onOpen}
      title={t('team.statusOpen')}
      style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '2px 16px', borderTop: '1px solid #f0f0f0', background: '#fafafa', fontSize: 12, cursor: 'pointer' }}
    >
      <Space size="middle">
        {status === 'syncing' ? <Spin size="small" /> : <Badge status={status === 'online' ? 'success' : 'error'} />}
        <Typography.Text style={{ fontSize: 12 }} data-testid="team-status-text">
          {t(`team.status.${status}`)}
          {s.progress && ` ${t('team.backgroundSync', { rows: formatNumber(s.progress.rows), table: t(`team.tables.${s.progress.table}`, { defaultValue: s.progress.table }) })}`}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {serverLabel(team.connection)} · {team.login}
        </Typography.Text>
      </Space>
      <Space size="middle">
        {s.error && (
          <Typography.Text type="danger" ellipsis style={{ fontSize: 12, maxWidth: 480 }} title={s.error} data-testid="team-status-error">
            {s.error}
          </Typography.Text>
        )}
        {s.signInRefused && (
          <Button
            size="small"
            danger
            data-testid="team-sign-in-again"
            onClick={(e) => {
              e.stopPropagation();
              signOut();
            }}
          >
            {t('team.signInAgain')}
          </Button>
        )}
        {s.pending > 0 && (
          <Typography.Text style={{ fontSize: 12 }} data-testid="team-status-pending">
            {t('team.pending', { count: s.pending })}
          </Typography.Text>
        )}
        {s.conflicts + s.refused > 0 && (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="team-status-conflicts">
            {t('team.toDecide', { count: s.conflicts + s.refused })}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {s.lastPullAt ? t('team.lastPull', { at: formatDateTime(s.lastPullAt) }) : t('team.neverPulled')}
        </Typography.Text>
      </Space>
    </div>
  );
}
