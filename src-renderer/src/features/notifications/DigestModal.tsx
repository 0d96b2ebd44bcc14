// The start-of-day digest: what is overdue, what falls due this week, and (supervisors and admins) what has been
// escalated. Shown once a day, at the first check that finds something, above any open drawer; each line opens
// the action.
import { Button, List, Modal, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Digest } from '@renderer/domain/reminders';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '../sign-in/session';
import { actionHref } from './NotificationCenter';

export function DigestModal({ digest, open: shown, onClose }: { digest: Digest; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const sections = [
    { key: 'escalated', ids: digest.escalated, color: 'magenta' },
    { key: 'overdue', ids: digest.overdue, color: 'red' },
    { key: 'dueThisWeek', ids: digest.dueThisWeek, color: 'orange' },
  ].filter((s) => s.ids.length);
  const actions = useLiveQuery(async () => new Map((await ctx.db.correctiveActions.bulkGet([...digest.escalated, ...digest.overdue, ...digest.dueThisWeek])).filter((a) => !!a).map((a) => [a!.id, a!])), [ctx, digest]);
  const open = (id: string) => {
    onClose();
    window.location.hash = actionHref(id);
  };
  return (
    <Modal open={shown} zIndex={1100} title={t('notifications.digestTitle')} onCancel={onClose} footer={<Button type="primary" onClick={onClose} data-testid="digest-close">{t('actions.close')}</Button>} data-testid="digest">
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
    </Modal>
  );
}
