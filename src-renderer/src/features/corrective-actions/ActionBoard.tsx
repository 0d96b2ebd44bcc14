// The lead's board: one column per state, a card per action (staff member, deadline, overdue or due soon); a card
// opens the action. Closed and cancelled columns show the latest few only.
import { Badge, Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CorrectiveAction } from '@renderer/domain/model';
import { ACTION_STATUSES, isDueSoon, isOverdue } from '@renderer/domain/correctiveActions';
import { formatDateTime } from '@renderer/ui/i18n';
import { ActionStatusTag } from './ActionStatusTag';

const FINAL_SHOWN = 20;

export function ActionBoard({ actions, names, nowMs, dueSoonDays, onOpen }: { actions: CorrectiveAction[]; names: Map<string, string>; nowMs: number; dueSoonDays: number; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }} data-testid="action-board">
      {ACTION_STATUSES.map((status) => {
        const mine = actions.filter((a) => a.status === status).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
        const shown = status === 'closed' || status === 'cancelled' ? mine.slice(-FINAL_SHOWN) : mine;
        return (
          <Col key={status} flex="1 0 220px">
            <Card size="small" title={<Space><ActionStatusTag status={status} outcome={null} /><Badge count={mine.length} showZero color="#999" /></Space>} styles={{ body: { background: '#fafafa', minHeight: 160 } }} data-testid={`board-${status}`}>
              {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={false} />}
              <Space direction="vertical" style={{ width: '100%' }}>
                {shown.map((a) => (
                  <Card key={a.id} size="small" hoverable onClick={() => onOpen(a.id)} data-testid="board-card">
                    <Typography.Text strong ellipsis style={{ display: 'block' }}>{a.title}</Typography.Text>
                    <Typography.Text type="secondary">{names.get(a.staffId)}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(a.dueAt)}</Typography.Text>{' '}
                      {isOverdue(a, nowMs) && <Tag color="red">{t('corrective.overdue')}</Tag>}
                      {!isOverdue(a, nowMs) && isDueSoon(a, nowMs, dueSoonDays) && <Tag color="orange">{t('corrective.soon')}</Tag>}
                      {a.status === 'closed' && a.outcome && <ActionStatusTag status={a.status} outcome={a.outcome} />}
                    </div>
                  </Card>
                ))}
              </Space>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
