// One ticket: metadata, service-standard clocks with targets and due times, data-quality flags, the thread,
// and the calls linked to it.
import { Alert, Button, Descriptions, Drawer, Empty, List, Space, Tag, Timeline, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { computeTicketMetrics } from '@renderer/domain/serviceStandards';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { ticketDetail } from '@renderer/db/tickets';
import { formatDateTime, formatDuration } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { SlaTag } from '@renderer/ui/SlaTag';
import { reviewHref } from '@renderer/ui/links';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { useValueText } from '@renderer/session/useValueText';
import { mayScore } from '@renderer/domain/roles';
import { personNames } from '@renderer/db/directory';

const PREVIEW_CHARS = 20000;

export function TicketDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const vt = useValueText();
  const { ctx, settings, person } = useSession();
  const canReview = mayScore(person.role);
  const detail = useLiveQuery(() => ticketDetail(ctx, id).catch(() => null), [ctx, id]);
  const names = useLiveQuery(() => personNames(ctx), [ctx]);
  const ticket = detail?.ticket;
  const metrics = ticket ? computeTicketMetrics(ticket, settings.serviceStandards, compileCalendar(settings.workingCalendar), Date.now()) : null;
  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={ticket ? visibleText(`${ticket.externalId} · ${ticket.subject}`) : t('app.loading')}
      data-testid="ticket-drawer"
      extra={
        ticket && canReview ? (
          <Button type="primary" href={reviewHref('ticket', ticket.id)} data-testid="score-item">
            {t('review.score')}
          </Button>
        ) : null
      }
    >
      {detail === null && <Alert type="warning" showIcon title={t('tickets.notFound')} />}
      {ticket && metrics && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          {ticket.flags && ticket.flags.length > 0 && (
            <Alert type="warning" showIcon title={t('tickets.flagsTitle')} description={ticket.flags.map((f) => <Tag key={f} color="gold">{t(`import.flag.${f}`, { defaultValue: f })}</Tag>)} data-testid="ticket-flags" />
          )}
          <Descriptions size="small" column={2} bordered data-testid="ticket-meta">
            <Descriptions.Item label={t('import.fields.status')}>{vt.status(ticket)}{ticket.helpdeskState && <Typography.Text type="secondary" data-testid="helpdesk-state-note"> · {t('tickets.removedNote')}</Typography.Text>}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.priority')}>{t(`values.priority.${ticket.priority}`)}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.channel')}>{t(`values.channel.${ticket.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.category')}>{vt.label('category', ticket.category)}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.agent')}>{ticket.agentId ? names?.get(ticket.agentId) : t('import.unassigned')}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.customer')}>{visibleText(ticket.customerName) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.product')}>{ticket.product || '—'}</Descriptions.Item>
            <Descriptions.Item label="CSAT">{ticket.csat ?? t('tickets.csat.unrated')}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.openedAt')}>{formatDateTime(ticket.openedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.firstResponseAt')}>{formatDateTime(ticket.firstResponseAt)}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.resolvedAt')}>{formatDateTime(ticket.resolvedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('import.fields.reopenedCount')}>{ticket.reopenedCount}</Descriptions.Item>
            <Descriptions.Item label={t('import.sourceName')}>{ticket.source}</Descriptions.Item>
          </Descriptions>
          <Descriptions size="small" column={1} title={t('tickets.metrics')} data-testid="ticket-metrics">
            {(['firstResponse', 'resolution'] as const).map((k) => {
              const c = metrics[k];
              return (
                <Descriptions.Item key={k} label={t(`standards.metrics.${k}`)}>
                  <Space>
                    <SlaTag clock={c} />
                    {c &&
                      t('tickets.clockDetail', {
                        elapsed: formatDuration(c.elapsedMinutes * 60),
                        target: formatDuration(c.targetMinutes * 60),
                        due: formatDateTime(c.dueAt),
                        standard: t(`tickets.standard.${c.standardId}`, { defaultValue: c.standardId }),
                      })}
                  </Space>
                </Descriptions.Item>
              );
            })}
          </Descriptions>
          <div>
            <Typography.Title level={5}>{t('tickets.thread')}</Typography.Title>
            {detail.messages.length === 0 ? (
              <Empty description={t('tickets.noMessages')} />
            ) : (
              <Timeline
                data-testid="ticket-thread"
                items={detail.messages.map((m) => ({
                  color: m.author === 'agent' ? 'blue' : m.author === 'internal' ? 'gray' : 'green',
                  children: (
                    <div>
                      <Typography.Text type="secondary">
                        {formatDateTime(m.at)} · {t(`tickets.author.${m.author}`)} {m.authorName}
                      </Typography.Text>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                        {m.body.length > PREVIEW_CHARS ? `${visibleText(m.body.slice(0, PREVIEW_CHARS))}… (${t('tickets.truncatedView', { n: m.body.length })})` : visibleText(m.body)}
                      </Typography.Paragraph>
                    </div>
                  ),
                }))}
              />
            )}
          </div>
          {detail.recordings.length > 0 && (
            <List
              header={<Typography.Text strong>{t('tickets.calls')}</Typography.Text>}
              size="small"
              bordered
              dataSource={detail.recordings}
              renderItem={(r) => (
                <List.Item>
                  <a href={`#/calls?id=${r.id}`}>{visibleText(r.fileName)}</a> · {formatDateTime(r.startedAt)} · {formatDuration(r.durationSec)}
                </List.Item>
              )}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
