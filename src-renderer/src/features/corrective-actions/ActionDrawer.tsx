// One corrective action: what must change and by when, its evidence, the follow-up evaluations and what they say,
// the history, comments; the buttons the viewer's role and the action's state allow (start, ask for verification,
// back to work, close as effective or not, cancel with a reason, extend with a reason, acknowledge).
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Empty, Input, Modal, Progress, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { CorrectiveAction } from '@renderer/domain/model';
import { ACTION_STATUSES, allowedEvents, isDueSoon, isOverdue, type ActionEvent } from '@renderer/domain/correctiveActions';
import { acknowledgeAction, actionDetail, commentAction, extendDeadline, transitionAction } from '@renderer/db/correctiveActions';
import { followUpsOutstanding, requestedFollowUps } from '@renderer/db/followUps';
import { itemLabels } from '@renderer/db/reviewQueue';
import { FollowUpRequestModal } from './FollowUpRequestModal';
import { reviewHref } from '@renderer/ui/links';
import { displayScore } from '@renderer/domain/scoring';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { ActionStatusTag } from './ActionStatusTag';
import { mayOwnActions } from '@renderer/domain/roles';
import { personNames } from '@renderer/db/directory';
import { evaluationWithVersion } from '@renderer/db/evaluations';

type Ask = { kind: 'cancel' } | { kind: 'extend' } | { kind: 'close-not-effective'; override: boolean } | { kind: 'close-effective-override' } | null;

export function ActionDrawer({ actionId, onClose, onFollowOn, onEdit }: { actionId: string; onClose: () => void; onFollowOn: (a: CorrectiveAction) => void; onEdit: (a: CorrectiveAction) => void }) {
  const { t } = useTranslation();
  const { ctx, person, settings } = useSession();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const [ask, setAsk] = useState<Ask>(null);
  const [reason, setReason] = useState('');
  const [newDue, setNewDue] = useState<Dayjs | null>(null);
  const [askError, setAskError] = useState<string | null>(null);
  const data = useLiveQuery(async () => {
    const d = await actionDetail(ctx, actionId);
    const requested = await requestedFollowUps(ctx, d.action);
    const labels = await itemLabels(ctx, requested);
    const names = await personNames(ctx);
    const rubric = d.action.evaluationId ? ((await evaluationWithVersion(ctx, d.action.evaluationId).catch(() => null))?.version ?? null) : null;
    const titles = new Map((rubric?.definition.sections ?? []).flatMap((s) => s.criteria.map((c) => [c.id, c.title] as const)));
    return { ...d, names, titles, requested, labels };
  }, [ctx, actionId]);
  const [requesting, setRequesting] = useState(false);

  const run = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      void message.success(done);
      return true;
    } catch (e) {
      void message.error(describeError(e).message);
      return false;
    }
  };
  const doEvent = (event: ActionEvent) => run(() => transitionAction(ctx, actionId, event), t(`corrective.done.${event.kind}`));
  const confirmAsk = async () => {
    setAskError(null);
    try {
      if (ask?.kind === 'cancel') await transitionAction(ctx, actionId, { kind: 'cancel', reason });
      if (ask?.kind === 'extend') await extendDeadline(ctx, actionId, newDue ? newDue.format('YYYY-MM-DD') : '', reason);
      if (ask?.kind === 'close-not-effective') {
        const closed = await transitionAction(ctx, actionId, { kind: 'close', outcome: 'not-effective', ...(ask.override ? { override: reason } : {}) });
        onFollowOn(closed);
      }
      if (ask?.kind === 'close-effective-override') await transitionAction(ctx, actionId, { kind: 'close', outcome: 'effective', override: reason });
      setAsk(null);
      setReason('');
    } catch (e) {
      setAskError(describeError(e).message);
    }
  };

  if (!data) return <Drawer open width={860} onClose={onClose} loading />;
  const { action: a, events, followUps, verification, names, titles, requested, labels } = data;
  const outstanding = followUpsOutstanding(a);
  const now = Date.now();
  const manager = mayOwnActions(person.role);
  const allowed = manager ? allowedEvents(a.status) : [];
  // History lines name states (a status change), instants (a deadline move) or counts (follow-ups requested).
  const stateOrTime = (v: string | null) => (v === null ? '' : (ACTION_STATUSES as readonly string[]).includes(v) ? t(`corrective.status.${v}`) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(v) : v);
  const needed = a.verification.kind === 'follow-ups' ? a.verification.count : 0;
  /** Closing with this outcome goes against (or ahead of) what the follow-ups say: it needs an override reason. */
  const overrides = (outcome: 'effective' | 'not-effective') => !!verification && verification.verdict !== outcome;
  const needsReason = !!ask && (ask.kind !== 'close-not-effective' || ask.override);
  // A history line's detail: an outcome or the fields edited in the reader's language, else the text as written.
  const historyText = (kind: string, text: string) => {
    if (kind === 'status' && (text === 'effective' || text === 'not-effective')) return t(`corrective.outcome.${text}`);
    if (kind === 'edited') return text.split(', ').map((f) => t(`corrective.field.${f}`, { defaultValue: f })).join(', ');
    return text;
  };
  return (
    <Drawer open width={860} onClose={onClose} title={a.title} destroyOnHidden data-testid="action-drawer" extra={<ActionStatusTag status={a.status} outcome={a.outcome} />}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {isOverdue(a, now) && <Alert type="error" showIcon title={t('corrective.overdueSince', { at: formatDateTime(a.dueAt) })} data-testid="action-overdue" />}
        {!isOverdue(a, now) && isDueSoon(a, now, settings.actionDueSoonDays) && <Alert type="warning" showIcon title={t('corrective.dueSoon', { at: formatDateTime(a.dueAt) })} />}
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label={t('corrective.staff')}>{names.get(a.staffId)}</Descriptions.Item>
          <Descriptions.Item label={t('corrective.owner')}>{names.get(a.ownerId)}</Descriptions.Item>
          <Descriptions.Item label={t('corrective.due')}>
            {formatDateTime(a.dueAt)} {a.extensions > 0 && <Tag>{t('corrective.extended', { n: a.extensions })}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('corrective.priority')}>{t(`corrective.priorities.${a.priority}`)}</Descriptions.Item>
          <Descriptions.Item label={t('corrective.rootCauses')}>{a.rootCauses.map((c) => <Tag key={c}>{t(`corrective.rootCause.${c}`)}</Tag>)}</Descriptions.Item>
          <Descriptions.Item label={t('corrective.acknowledged')}>{a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : <Tag color="orange">{t('corrective.notAcknowledged')}</Tag>}</Descriptions.Item>
          <Descriptions.Item label={t('corrective.plan')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.plan}</Typography.Paragraph>
          </Descriptions.Item>
          {a.criterionIds.length > 0 && (
            <Descriptions.Item label={t('corrective.targets')} span={2}>
              {a.criterionIds.map((id) => <Tag key={id}>{titles.get(id) ?? id}</Tag>)}
            </Descriptions.Item>
          )}
          {a.evidence.length > 0 && (
            <Descriptions.Item label={t('corrective.evidence')} span={2}>
              {a.evidence.map((e, i) => (
                <div key={i}>
                  {e.at !== null && <Tag>{new Date(e.at * 1000).toISOString().slice(11, 19)}</Tag>}
                  {e.note}
                </div>
              ))}
            </Descriptions.Item>
          )}
          {a.attachments.length > 0 && (
            <Descriptions.Item label={t('corrective.attachments')} span={2}>
              <div data-testid="action-attachments-list">
                {a.attachments.map((p) => (
                  <div key={p}>
                    <Typography.Text code copyable>{p}</Typography.Text>
                  </div>
                ))}
              </div>
            </Descriptions.Item>
          )}
          {a.cancelReason && <Descriptions.Item label={t('corrective.cancelReason')} span={2}>{a.cancelReason}</Descriptions.Item>}
        </Descriptions>

        <Space wrap>
          {!manager && a.staffId === person.id && !a.acknowledgedAt && (
            <Button type="primary" onClick={() => void run(() => acknowledgeAction(ctx, a.id), t('corrective.done.acknowledge'))} data-testid="action-acknowledge">
              {t('corrective.acknowledge')}
            </Button>
          )}
          {allowed.includes('start') && <Button onClick={() => void doEvent({ kind: 'start' })} data-testid="action-start">{t('corrective.event.start')}</Button>}
          {allowed.includes('request-verification') && (
            <Button type="primary" onClick={() => void doEvent({ kind: 'request-verification' })} data-testid="action-request-verification">
              {t('corrective.event.request-verification')}
            </Button>
          )}
          {allowed.includes('resume') && <Button onClick={() => void doEvent({ kind: 'resume' })}>{t('corrective.event.resume')}</Button>}
          {allowed.includes('close') && (
            <>
              <Button
                type="primary"
                onClick={() => (overrides('effective') ? setAsk({ kind: 'close-effective-override' }) : void doEvent({ kind: 'close', outcome: 'effective' }))}
                data-testid="action-close-effective"
              >
                {t('corrective.event.closeEffective')}
              </Button>
              <Button onClick={() => setAsk({ kind: 'close-not-effective', override: overrides('not-effective') })} data-testid="action-close-not-effective">
                {t('corrective.event.closeNotEffective')}
              </Button>
            </>
          )}
          {manager && (a.status === 'open' || a.status === 'in-progress') && (
            <Button onClick={() => (setNewDue(dayjs(a.dueAt).subtract(1, 'minute').add(7, 'day')), setAsk({ kind: 'extend' }))} data-testid="action-extend">
              {t('corrective.extend')}
            </Button>
          )}
          {manager && (a.status === 'open' || a.status === 'in-progress' || a.status === 'awaiting-verification') && (
            <Button onClick={() => onEdit(a)} data-testid="action-edit">
              {t('actions.edit')}
            </Button>
          )}
          {allowed.includes('cancel') && (
            <Button danger onClick={() => setAsk({ kind: 'cancel' })} data-testid="action-cancel">
              {t('corrective.event.cancel')}
            </Button>
          )}
        </Space>

        {a.verification.kind === 'follow-ups' && (
          <div data-testid="action-verification">
            <Typography.Title level={5}>{t('corrective.verification')}</Typography.Title>
            {!a.followUpsFrom ? (
              <Typography.Text type="secondary">{t('corrective.followUpsLater', { n: needed })}</Typography.Text>
            ) : (
              <>
                <Progress percent={Math.round(((verification?.done ?? 0) / needed) * 100)} format={() => `${verification?.done ?? 0}/${needed}`} />
                <Typography.Paragraph data-testid="action-verdict">{t(`corrective.verdict.${verification?.verdict ?? 'pending'}`)}</Typography.Paragraph>
                {outstanding > 0 && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 8 }}
                    title={t('corrective.followUpsOutstanding', { n: outstanding, name: names.get(a.staffId) })}
                    action={manager && <Button size="small" type="primary" onClick={() => setRequesting(true)} data-testid="action-request-follow-ups">{t('corrective.requestFollowUps')}</Button>}
                  />
                )}
                {requested.length > 0 && (
                  <Table
                    size="small"
                    rowKey="id"
                    style={{ marginBottom: 8 }}
                    title={() => t('corrective.followUpItems')}
                    dataSource={requested}
                    pagination={false}
                    data-testid="action-follow-up-items"
                    columns={[
                      { title: t('corrective.item'), key: 'item', render: (_: unknown, x) => labels.get(x.itemId) },
                      { title: t('myScores.reviewer'), key: 'r', render: (_: unknown, x) => names.get(x.reviewerId) },
                      { title: t('corrective.source'), key: 'src', render: (_: unknown, x) => (x.runId.startsWith('follow-up:') ? t('corrective.requestedDirectly') : t('corrective.inSampleRun')) },
                      { title: t('review.status'), key: 's', render: (_: unknown, x) => <Tag color={x.status === 'done' ? 'green' : undefined}>{t(`sampling.status.${x.status}`)}</Tag> },
                      { title: '', key: 'open', render: (_: unknown, x) => x.reviewerId === person.id && x.status !== 'done' && <Button size="small" href={reviewHref(x.itemKind, x.itemId)} data-testid="open-follow-up">{t('sampling.open')}</Button> },
                    ]}
                  />
                )}
                {verification?.criteria.map((c) => (
                  <div key={c.criterionId}>
                    <Tag color={c.applicable > 0 && c.passed === c.applicable ? 'green' : c.applicable === 0 ? 'default' : 'red'}>{titles.get(c.criterionId) ?? c.criterionId}</Tag>
                    {t('corrective.passedOf', { passed: c.passed, n: c.applicable })}
                  </div>
                ))}
                <Table
                  size="small"
                  rowKey="id"
                  style={{ marginTop: 8 }}
                  dataSource={followUps}
                  pagination={false}
                  locale={{ emptyText: t('corrective.noFollowUps') }}
                  columns={[
                    { title: t('myScores.submitted'), dataIndex: 'submittedAt', render: formatDateTime },
                    { title: t('myScores.reviewer'), key: 'r', render: (_: unknown, e) => names.get(e.reviewerId) },
                    { title: t('review.score'), key: 's', render: (_: unknown, e) => displayScore(e.score) },
                  ]}
                />
              </>
            )}
          </div>
        )}

        <div>
          <Typography.Title level={5}>{t('corrective.history')}</Typography.Title>
          {events.length === 0 ? (
            <Empty />
          ) : (
            <Timeline
              data-testid="action-history"
              items={events.map((e) => ({
                children: (
                  <>
                    <Typography.Text type="secondary">{formatDateTime(e.at)} · {names.get(e.actorId)}</Typography.Text>
                    <div>
                      {t(`corrective.eventKind.${e.kind}`, { from: stateOrTime(e.from), to: stateOrTime(e.to) })}
                      {e.text && <>: {historyText(e.kind, e.text)}</>}
                    </div>
                  </>
                ),
              }))}
            />
          )}
          <Space.Compact style={{ width: '100%' }}>
            <Input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('corrective.commentPlaceholder')} data-testid="action-comment" onPressEnter={() => comment.trim() && void run(() => commentAction(ctx, a.id, comment), t('corrective.done.comment')).then((ok) => ok && setComment(''))} />
            <Button disabled={!comment.trim()} onClick={() => void run(() => commentAction(ctx, a.id, comment), t('corrective.done.comment')).then((ok) => ok && setComment(''))} data-testid="action-comment-send">
              {t('corrective.comment')}
            </Button>
          </Space.Compact>
        </div>
      </Space>
      {requesting && <FollowUpRequestModal action={a} outstanding={outstanding} onClose={() => setRequesting(false)} />}
      {ask && (
        <Modal
          open
          title={t(`corrective.ask.${ask.kind}`)}
          onCancel={() => (setAsk(null), setAskError(null))}
          onOk={() => void confirmAsk()}
          okButtonProps={{ disabled: needsReason && reason.trim().length < 3, ...({ 'data-testid': 'ask-ok' } as object) }}
          okText={t('actions.ok')}
          cancelText={t('actions.cancel')}
        >
          {ask.kind === 'close-not-effective' && <Typography.Paragraph>{t('corrective.notEffectiveHelp')}</Typography.Paragraph>}
          {(ask.kind === 'close-effective-override' || (ask.kind === 'close-not-effective' && ask.override)) && verification && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              data-testid="override-warning"
              title={t(verification.verdict === 'pending' ? 'corrective.overridePending' : 'corrective.overrideVerdict', { done: verification.done, needed: verification.needed, verdict: t(`corrective.verdict.${verification.verdict}`) })}
            />
          )}
          {ask.kind === 'extend' && <DatePicker value={newDue} onChange={setNewDue} allowClear={false} style={{ marginBottom: 8 }} data-testid="extend-date" />}
          {needsReason && (
            <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('corrective.reasonPlaceholder')} data-testid="ask-reason" />
          )}
          {askError && <Alert type="error" showIcon title={askError} style={{ marginTop: 8 }} />}
        </Modal>
      )}
    </Drawer>
  );
}
