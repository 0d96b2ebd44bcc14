// One submitted evaluation as its people read it: the score and why, each criterion's level with its guidance,
// the comments (a call's marks play), feedback, revisions and disputes. Staff acknowledge or dispute it (within the
// window); reviewers revise it with a reason.
import { useRef, useState } from 'react';
import { Alert, App, Button, Collapse, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { DisputeItem, Evaluation } from '@renderer/domain/model';
import { scaleValues, type Criterion, type RubricDefinition } from '@renderer/domain/rubric';
import { criterionScore, displayScore, displayScoreFor, scoreEvaluation } from '@renderer/domain/scoring';
import { disputeDeadline } from '@renderer/domain/evaluationRules';
import { acknowledgeEvaluation, disputeEvaluation, reviseEvaluation, disputesOf } from '@renderer/db/evaluations';
import { recordingDetail } from '@renderer/db/recordings';
import { auditTrail } from '@renderer/db/audit';
import { samplingReason } from '@renderer/db/sampling';
import { ReasonText } from '@renderer/ui/ReasonText';
import { formatClock, formatDateTime, periodText, revisionReasonText } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { ScoreTrace } from '@renderer/ui/ScoreTrace';
import { CallPlayer, type PlayerControl } from '@renderer/widgets/CallPlayer';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { ticketDetail } from '@renderer/db/tickets';
import { personNames } from '@renderer/db/directory';


export function levelLabel(c: Criterion, v: number | null, t: (k: string) => string): string {
  if (v === null) return 'N/A';
  return c.scale.kind === 'binary' ? t(v ? 'review.yes' : 'review.no') : `${v} / ${scaleValues(c.scale).at(-1)}`;
}

export function EvaluationView({ evaluation: e, rubric, mode }: { evaluation: Evaluation; rubric: RubricDefinition; mode: 'staff' | 'reviewer' }) {
  const { t } = useTranslation();
  const { ctx, settings } = useSession();
  const { message } = App.useApp();
  const control = useRef<PlayerControl | null>(null);
  const [dispute, setDispute] = useState(false);
  const [revise, setRevise] = useState(false);
  const disputes = useLiveQuery(() => disputesOf(ctx, e.id), [ctx, e.id]) ?? [];
  const call = useLiveQuery(() => (e.itemKind === 'call' ? recordingDetail(ctx, e.itemId).catch(() => null) : Promise.resolve(null)), [ctx, e.itemKind, e.itemId]);
  const ticket = useLiveQuery(() => (e.itemKind === 'ticket' ? ticketDetail(ctx, e.itemId).catch(() => null) : Promise.resolve(null)), [ctx, e.itemKind, e.itemId]);
  // What was scored, named and linked: the ticket (number, subject, date) or the call (file, start).
  const item = ticket
    ? { text: visibleText(`#${ticket.ticket.externalId} · ${ticket.ticket.subject} · ${formatDateTime(ticket.ticket.openedAt)}`), href: `#/tickets?id=${encodeURIComponent(ticket.ticket.id)}` }
    : call
      ? { text: visibleText(`${call.recording.fileName} · ${formatDateTime(call.recording.startedAt)}`), href: `#/calls?id=${encodeURIComponent(call.recording.id)}` }
      : null;
  const itemLink = item && (
    <a href={item.href} data-testid="evaluated-item">
      {item.text}
    </a>
  );
  const names = useLiveQuery(() => personNames(ctx), [ctx]);
  const disputeIds = disputes.map((d) => d.id).join(',');
  const sampled = useLiveQuery(() => samplingReason(ctx, e.itemId), [ctx, e.itemId]);
  const audit = useLiveQuery(
    () =>
      mode === 'reviewer'
        ? auditTrail(ctx, [{ entity: 'evaluations', entityId: e.id }, ...disputeIds.split(',').filter(Boolean).map((id) => ({ entity: 'disputes', entityId: id }))])
        : Promise.resolve([]),
    [ctx, mode, e.id, e.rev, disputeIds],
  );
  const criteria = rubric.sections.flatMap((s) => s.criteria).filter((c) => c.id in e.answers);
  const trace = scoreEvaluation(rubric, e.answers, e.itemKind).trace;
  const deadline = e.submittedAt ? disputeDeadline(e.submittedAt, settings.disputeWindowDays) : null;
  const canDispute = mode === 'staff' && deadline !== null && new Date().toISOString() <= deadline && !disputes.some((d) => d.status === 'open');

  const act = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      void message.success(ok);
      return true;
    } catch (err) {
      void message.error(describeError(err).message);
      return false;
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="evaluation-view">
      <Space wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="evaluation-score">
          {displayScoreFor(e.score, rubric.passingScore, e.outcome)}
        </Typography.Title>
        <Tag color={e.outcome === 'pass' ? 'green' : 'red'}>{t(`review.outcome.${e.outcome ?? 'not-applicable'}`)}</Tag>
        {e.failedBy && <Tag color="red">{t('review.failedBy', { title: criteria.find((c) => c.id === e.failedBy!.criterionId)?.title ?? e.failedBy.criterionId })}</Tag>}
        {e.revision > 1 && <Tag color="purple">{t('myScores.revised', { n: e.revision - 1 })}</Tag>}
        {e.acknowledgedAt ? <Tag color="green">{t('myScores.acknowledgedAt', { at: formatDateTime(e.acknowledgedAt) })}</Tag> : <Tag>{t('myScores.notAcknowledged')}</Tag>}
      </Space>
      <Descriptions size="small" column={3}>
        {itemLink && <Descriptions.Item label={t(e.itemKind === 'ticket' ? 'myScores.itemTicket' : 'myScores.itemCall')} span={3}>{itemLink}</Descriptions.Item>}
        <Descriptions.Item label={t('myScores.rubric')}>{rubric.name}</Descriptions.Item>
        <Descriptions.Item label={t('myScores.reviewer')}>{names?.get(e.reviewerId)}</Descriptions.Item>
        <Descriptions.Item label={t('myScores.submitted')}>{formatDateTime(e.submittedAt)}</Descriptions.Item>
        {deadline && <Descriptions.Item label={t('myScores.disputeUntil')}>{formatDateTime(deadline)}</Descriptions.Item>}
      </Descriptions>
      <Space>
        {mode === 'staff' && !e.acknowledgedAt && (
          <Button type="primary" onClick={() => void act(() => acknowledgeEvaluation(ctx, e.id), t('myScores.acknowledged'))} data-testid="acknowledge">
            {t('myScores.acknowledge')}
          </Button>
        )}
        {canDispute && (
          <Button onClick={() => setDispute(true)} data-testid="dispute">
            {t('myScores.dispute')}
          </Button>
        )}
        {mode === 'reviewer' && (
          <Button onClick={() => setRevise(true)} data-testid="revise">
            {t('myScores.revise')}
          </Button>
        )}
        {mode === 'reviewer' && e.agentId && !e.calibrationSessionId && (
          <Button href={`#/corrective-actions?from=${encodeURIComponent(e.id)}`} danger={e.outcome === 'fail'} data-testid="raise-action">
            {t('corrective.raise')}
          </Button>
        )}
      </Space>
      {call && (
        <CallPlayer
          recording={call.recording}
          peaks={call.peaks}
          transcript={call.transcript}
          control={control}
          marks={e.comments.filter((c) => c.start !== null).map((c) => ({ id: c.id, start: c.start!, end: c.end ?? c.start!, label: c.text.slice(0, 30) }))}
        />
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={criteria}
        data-testid="evaluation-criteria"
        columns={[
          { title: t('rubrics.criterion'), dataIndex: 'title' },
          {
            title: t('myScores.result'),
            key: 'level',
            render: (_: unknown, c: Criterion) => {
              const a = e.answers[c.id]!;
              const s = a.value === null ? null : criterionScore(c, a.value);
              return <Tag color={s === null ? 'default' : s === 1 ? 'green' : c.critical && s < c.critical.threshold ? 'red' : 'gold'}>{levelLabel(c, a.value, t)}</Tag>;
            },
          },
          {
            title: t('myScores.guidance'),
            key: 'guidance',
            render: (_: unknown, c: Criterion) => {
              const a = e.answers[c.id]!;
              return (
                <Space direction="vertical" size={0}>
                  {a.value !== null && <Typography.Text type="secondary">{c.guidance[scaleValues(c.scale).indexOf(a.value)]}</Typography.Text>}
                  {a.rootCauses?.length ? <span>{a.rootCauses.map((r) => <Tag key={r}>{r}</Tag>)}</span> : null}
                  {a.note && <Typography.Text>{a.note}</Typography.Text>}
                </Space>
              );
            },
          },
        ]}
      />
      {e.comments.length > 0 && (
        <div data-testid="evaluation-comments">
          <Typography.Text strong>{t('review.comments')}</Typography.Text>
          {e.comments.map((c) => (
            <div key={c.id} className="qa-seg">
              {c.start !== null && <a onClick={() => control.current?.seek(c.start!)}>{formatClock(c.start)} </a>}
              {c.criterionId && <Tag>{criteria.find((x) => x.id === c.criterionId)?.title}</Tag>}
              {c.text}
            </div>
          ))}
        </div>
      )}
      {e.feedback && <Alert type="info" title={t('review.feedback')} description={e.feedback} />}
      {sampled && (
        <Typography.Text data-testid="why-sampled">
          {t('sampling.why', { reason: '' })} <ReasonText reason={sampled.reason} />
          {sampled.seed !== null && (
            <Typography.Text type="secondary" data-testid="why-sampled-seed">
              {' '}
              {t('sampling.drawnWith', { period: periodText(sampled.periodLabel ?? ''), seed: sampled.seed })}{' '}
              {sampled.verified
                ? t(sampled.verified.identical ? 'sampling.verifiedIdentical' : 'sampling.verifiedDifferent', { at: formatDateTime(sampled.verified.at) })
                : t('sampling.notVerified')}
            </Typography.Text>
          )}
        </Typography.Text>
      )}
      <Collapse size="small" items={[{ key: 'why', label: t('review.why'), children: <ScoreTrace trace={trace} /> }]} />
      <Typography.Text strong>{t('myScores.history', { n: e.revisions.length })}</Typography.Text>
      <Timeline
        data-testid="evaluation-history"
        items={[
          { children: t('myScores.submittedBy', { at: formatDateTime(e.submittedAt), name: names?.get(e.reviewerId) }) },
          ...e.revisions.map((r) => ({ color: 'purple', children: t('myScores.revisionLine', { at: formatDateTime(r.at), name: names?.get(r.byId), before: displayScore(r.score), reason: revisionReasonText(r.reason) }) })),
          ...disputes.map((d) => ({
            color: d.status === 'open' ? 'orange' : 'green',
            children: t(`myScores.disputeLine.${d.status}`, { at: formatDateTime(d.createdAt), due: formatDateTime(d.dueAt), reply: d.reply }),
          })),
        ]}
      />
      {mode === 'reviewer' && audit && audit.length > 0 && (
        <Collapse
          size="small"
          items={[
            {
              key: 'audit',
              label: t('myScores.auditTrail', { n: audit.length }),
              children: (
                <div data-testid="audit-trail">
                  {audit.map((a) => (
                    <div key={a.id} className="qa-seg">
                      {t('myScores.auditLine', {
                        at: formatDateTime(a.at),
                        name: (a.actorId && names?.get(a.actorId)) || t('myScores.system'),
                        action: t(`myScores.auditAction.${a.action}`, { defaultValue: a.action }),
                        entity: t(`myScores.auditEntity.${a.entity}`, { defaultValue: a.entity }),
                        seq: a.seq,
                      })}
                    </div>
                  ))}
                </div>
              ),
            },
          ]}
        />
      )}
      {dispute && <DisputeModal criteria={criteria} item={itemLink} onClose={() => setDispute(false)} onSubmit={async (items) => (await act(() => disputeEvaluation(ctx, e.id, items), t('myScores.disputed'))) && setDispute(false)} />}
      {revise && (
        <ReviseModal
          criteria={criteria}
          onClose={() => setRevise(false)}
          onSubmit={async (criterionId, value, reason) => (await act(() => reviseEvaluation(ctx, e.id, { [criterionId]: { ...e.answers[criterionId], value } }, reason), t('myScores.revisedOk'))) && setRevise(false)}
        />
      )}
    </Space>
  );
}

function DisputeModal({ criteria, item, onClose, onSubmit }: { criteria: Criterion[]; item: React.ReactNode; onClose: () => void; onSubmit: (items: DisputeItem[]) => void }) {
  const { t } = useTranslation();
  type Row = { criterionId?: string; proposed?: number | 'na'; reason?: string };
  const [form] = Form.useForm<{ items: Row[] }>();
  const levelOptions = (id: string | undefined) => {
    const c = criteria.find((x) => x.id === id);
    return c ? [...scaleValues(c.scale).map((v) => ({ value: v, label: levelLabel(c, v, t) })), ...(c.allowNa ? [{ value: 'na', label: 'N/A' }] : [])] : [];
  };
  return (
    <Modal open width={640} title={t('myScores.disputeTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('myScores.sendDispute')} cancelText={t('actions.cancel')} okButtonProps={{ 'data-testid': 'send-dispute' } as Record<string, string>}>
      {item && <Typography.Paragraph data-testid="dispute-item">{item}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ items: [{}] }}
        onFinish={(v) => onSubmit(v.items.map((i) => ({ criterionId: i.criterionId!, proposedValue: i.proposed === 'na' ? null : (i.proposed as number), reason: i.reason! })))}
      >
        {/* One row per disputed criterion: which, the level it should be, and why. */}
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 12 }}>
                  <Space align="start" wrap>
                    <Form.Item name={[f.name, 'criterionId']} label={t('rubrics.criterion')} rules={[{ required: true, message: t('myScores.pickCriterion') }]}>
                      <Select style={{ width: 260 }} options={criteria.map((x) => ({ value: x.id, label: x.title }))} data-testid={i === 0 ? 'dispute-criterion' : `dispute-criterion-${i}`} />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {() => (
                        <Form.Item name={[f.name, 'proposed']} label={t('myScores.proposed')} rules={[{ required: true, message: t('myScores.pickLevel') }]}>
                          <Select style={{ width: 180 }} options={levelOptions(form.getFieldValue(['items', f.name, 'criterionId']))} data-testid={i === 0 ? 'dispute-level' : `dispute-level-${i}`} />
                        </Form.Item>
                      )}
                    </Form.Item>
                    {fields.length > 1 && <Button type="link" onClick={() => remove(f.name)}>{t('recordings.remove')}</Button>}
                  </Space>
                  <Form.Item name={[f.name, 'reason']} label={t('myScores.why')} rules={[{ required: true, min: 3, message: t('myScores.explain') }]}>
                    <Input.TextArea rows={2} data-testid={i === 0 ? 'dispute-reason' : `dispute-reason-${i}`} />
                  </Form.Item>
                </div>
              ))}
              {fields.length < criteria.length && (
                <Button onClick={() => add({})} data-testid="dispute-add">
                  {t('myScores.addCriterion')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function ReviseModal({ criteria, onClose, onSubmit }: { criteria: Criterion[]; onClose: () => void; onSubmit: (criterionId: string, value: number | null, reason: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ criterionId: string; value: number | 'na'; reason: string }>();
  const chosen = Form.useWatch('criterionId', form);
  const c = criteria.find((x) => x.id === chosen);
  return (
    <Modal open title={t('myScores.reviseTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('myScores.revise')} cancelText={t('actions.cancel')}>
      <Form form={form} layout="vertical" onFinish={(v) => onSubmit(v.criterionId, v.value === 'na' ? null : v.value, v.reason)}>
        <Form.Item name="criterionId" label={t('rubrics.criterion')} rules={[{ required: true, message: t('myScores.pickCriterion') }]}>
          <Select options={criteria.map((x) => ({ value: x.id, label: x.title }))} />
        </Form.Item>
        <Form.Item name="value" label={t('myScores.newLevel')} rules={[{ required: true, message: t('myScores.pickLevel') }]}>
          <Select disabled={!c} options={c ? [...scaleValues(c.scale).map((v) => ({ value: v, label: levelLabel(c, v, t) })), ...(c.allowNa ? [{ value: 'na', label: 'N/A' }] : [])] : []} />
        </Form.Item>
        <Form.Item name="reason" label={t('myScores.reason')} rules={[{ required: true, min: 3, message: t('myScores.explain') }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
