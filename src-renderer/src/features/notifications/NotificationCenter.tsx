// The bell in the header: unread count, and a drawer with the signed-in person's notifications, newest first.
// Opening one marks it read and goes to the action; "Mark all read" clears the count.
import { useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Space, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { AppNotification } from '@renderer/domain/model';
import { listNotifications, markNotificationsRead } from '@renderer/db/notifications';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { notificationText } from './notificationText';

const COLORS: Record<AppNotification['kind'], string> = { assigned: 'blue', 'due-soon': 'orange', overdue: 'red', escalated: 'magenta', digest: 'default' };

/** Where a notification leads: its action, or the list of what is due. */
export const actionHref = (actionId: string | null) => (actionId ? `#/corrective-actions?action=${actionId}` : '#/corrective-actions');

export function NotificationCenter() {
  const { t } = useTranslation();
  const { ctx } = useSession();
  const [open, setOpen] = useState(false);
  const items = useLiveQuery(() => listNotifications(ctx), [ctx]);
  const unread = items?.filter((n) => !n.readAt).length ?? 0;
  const openOne = async (n: AppNotification) => {
    if (!n.readAt) await markNotificationsRead(ctx, [n.id]);
    setOpen(false);
    window.location.hash = actionHref(n.actionId);
  };
  return (
    <>
      <Badge count={unread} size="small" data-testid="notification-count">
        <Button icon={<BellOutlined />} onClick={() => setOpen(true)} title={t('notifications.title')} aria-label={t('notifications.title')} data-testid="notifications" />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        width={440}
        extra={
          <Button size="small" disabled={!unread} onClick={() => markNotificationsRead(ctx)} data-testid="notifications-read-all">
            {t('notifications.readAll')}
          </Button>
        }
      >
        <List<AppNotification>
          dataSource={items ?? []}
          loading={!items}
          data-testid="notification-list"
          locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
          renderItem={(n) => {
            const text = notificationText(t, n);
            return (
              <List.Item onClick={() => openOne(n)} style={{ cursor: 'pointer' }} data-testid={`notification-${n.kind}`}>
                <List.Item.Meta
                  title={
                    <Space>
                      {!n.readAt && <Badge status="processing" />}
                      <Tag color={COLORS[n.kind]}>{text.title}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</Typography.Text>
                    </Space>
                  }
                  description={<Typography.Text strong={!n.readAt}>{text.body}</Typography.Text>}
                />
              </List.Item>
            );
          }}
        />
      </Drawer>
    </>
  );
}
