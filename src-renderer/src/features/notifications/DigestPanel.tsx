// The start-of-day digest: what is overdue, what falls due this week, and (supervisors and admins) what has been
// escalated. Shown once a day, at the first check that finds something: a panel in the corner, not a modal, so it
// never blocks a click, and only while no drawer is open (the shell waits until the user has finished there). Each
// line opens the action; Escape or the button closes it.
import { useEffect } from 'react';
import { Button, Card, List, Tag, Typography } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Digest } from '@renderer/domain/reminders';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { actionHref } from './NotificationCenter';
import { actionsById } from '@renderer/db/correctiveActions';

export function DigestPanel({ digest, open: shown, onClose }: { digest: Digest; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const sections = [
    { key: 'escalated', ids: digest.escalated, color: 'magenta' },
    { key: 'overdue', ids: digest.overdue, color: 'red' },
    { key: 'dueThisWeek', ids: digest.dueThisWeek, color: 'orange' },
  ].filter((s) => s.ids.length);
  const actions = useLiveQuery(async () => new Map((await actionsById(ctx, [...digest.escalated, ...digest.overdue, ...digest.dueThisWeek])).map((a) => [a.id, a])), [ctx, digest]);
  useEffect(() => {
    if (!shown) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, onClose]);
  if (!shown) return null;
  const open = (id: string) => {
    onClose();
    window.location.hash = actionHref(id);
  };
  return (
    <Card
      role="dialog"
      aria-modal={false}
      aria-label={t('notifications.digestTitle')}
      data-testid="digest"
      size="small"
      title={t('notifications.digestTitle')}
      extra={<Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('actions.close')} onClick={onClose} />}
      style={{ position: 'fixed', right: 24, bottom: 24, width: 400, maxHeight: '60vh', overflow: 'auto', zIndex: 1000, boxShadow: '0 6px 24px rgba(0,0,0,0.18)' }}
      actions={[
        <Button key="close" type="primary" size="small" onClick={onClose} data-testid="digest-close">
          {t('actions.close')}
        </Button>,
      ]}
    >
      {sections.map((s) => (
        <div key={s.key} data-testid={`digest-${s.key}`} style={{ marginBottom: 12 }}>
          <Typography.Title level={5}>
            <Tag color={s.color}>{s.ids.length}</Tag> {t(`notifications.digest.${s.key}`)}
          </Typography.Title>
          <List
            size="small"
            dataSource={s.ids}
            renderItem={(id) => {
              const a = actions?.get(id);
              return (
                <List.Item onClick={() => open(id)} style={{ cursor: 'pointer' }}>
                  <Typography.Link>{a?.title ?? '…'}</Typography.Link>
                  <Typography.Text type="secondary">{a && formatDateTime(a.dueAt)}</Typography.Text>
                </List.Item>
              );
            }}
          />
        </div>
      ))}
    </Card>
  );
}
