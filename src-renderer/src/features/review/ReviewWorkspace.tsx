// One item under review: the ticket (thread, metadata, service-standard clocks) or the call (waveform, player,
// transcript, spans marked for comments) on the left, the scorecard on the right. Opens the reviewer's draft for
// the item on the chosen rubric, or creates it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { Evaluation, EvaluationComment, RubricVersion } from '@renderer/domain/model';
import { appliesToItem } from '@renderer/domain/rubric';
import { computeTicketMetrics } from '@renderer/domain/serviceStandards';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { displayScore } from '@renderer/domain/scoring';
import { publishedRubrics, rubricVersion } from '@renderer/db/rubrics';
import { openDraft, myDraftFor } from '@renderer/db/evaluations';
import { ticketDetail } from '@renderer/db/tickets';
import { recordingDetail } from '@renderer/db/recordings';
import { calibrationRecording, calibrationTicket } from '@renderer/db/calibration';
import { formatDateTime } from '@renderer/ui/i18n';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { CallPlayer, type PlayerControl } from '@renderer/widgets/CallPlayer';
import { SlaTag } from '@renderer/ui/SlaTag';
import { Scorecard, type PendingSpan } from './Scorecard';
import { neutraliseBidi as visibleText } from '@renderer/domain/textSafety';
import { useValueText } from '@renderer/session/useValueText';
import { reviewingBlind } from '@renderer/db/reviewQueue';

export function ReviewWorkspace({ kind, id, calibrationSessionId = null, onDone }: { kind: 'call' | 'ticket'; id: string; calibrationSessionId?: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const vt = useValueText();
  const { ctx, settings } = useSession();
  // A calibration item is read through its session (it may belong to another team than the reviewer's).
  const ticket = useLiveQuery(
    () => (kind === 'ticket' ? (calibrationSessionId ? calibrationTicket(ctx, calibrationSessionId, id) : ticketDetail(ctx, id)).catch(() => null) : Promise.resolve(null)),
    [ctx, kind, id, calibrationSessionId],
  );
  const call = useLiveQuery(
    () => (kind === 'call' ? (calibrationSessionId ? calibrationRecording(ctx, calibrationSessionId, id) : recordingDetail(ctx, id)).catch(() => null) : Promise.resolve(null)),
    [ctx, kind, id, calibrationSessionId],
  );
  const rubrics = useLiveQuery(() => publishedRubrics(ctx), [ctx]);
  const usable = useMemo(() => (rubrics ?? []).filter((v) => v.definition.sections.some((s) => s.criteria.some((c) => appliesToItem(c, kind)))), [rubrics, kind]);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [span, setSpan] = useState<PendingSpan | null>(null);
  const [comments, setComments] = useState<EvaluationComment[]>([]);
  const [submitted, setSubmitted] = useState<Evaluation | null>(null);
  const control = useRef<PlayerControl | null>(null);

  const item = kind === 'ticket' ? ticket?.ticket : call?.recording;
  // An open draft for this item decides the rubric; otherwise the first published rubric that fits the item.
  useEffect(() => {
    if (!item || !rubrics || evaluation) return;
    void (async () => {
      const existing = await myDraftFor(ctx, id, calibrationSessionId);
      const chosen = existing?.rubricVersionId ?? versionId ?? usable[0]?.id ?? null;
      if (!chosen) return;
      try {
        const occurredAt = kind === 'ticket' ? (item as { openedAt: string }).openedAt : (item as { startedAt: string }).startedAt;
        const e = await openDraft(ctx, { kind, id, agentId: item.agentId, teamId: item.teamId, occurredAt }, chosen, calibrationSessionId);
        setVersionId(e.rubricVersionId);
        setEvaluation(e);
        setComments(e.comments);
      } catch (err) {
        setError(describeError(err).message);
      }
    })();
  }, [item, rubrics, usable, versionId, evaluation, ctx, id, kind, calibrationSessionId]);

  const agent = (kind === 'ticket' ? ticket?.agentName : call?.agentName) ?? null;
  // Blind review: a sampled item assigned blind hides who did the work until the evaluation is submitted.
  const blind = useLiveQuery(() => reviewingBlind(ctx, id), [ctx, id]);
  const version: RubricVersion | undefined = useLiveQuery(() => (evaluation ? rubricVersion(ctx, evaluation.rubricVersionId) : undefined), [ctx, evaluation]);

  if (ticket === null || call === null) {
    if ((kind === 'ticket' && ticket === null) || (kind === 'call' && call === null)) return <Result status="warning" title={t('review.itemMissing')} extra={<Button onClick={onDone}>{t('review.back')}</Button>} />;
  }
  if (rubrics && usable.length === 0)
    return (
      <Result
        status="info"
        title={t('review.noRubric')}
        extra={
          <Button type="primary" href="#/rubrics">
            {t('nav.rubrics')}
          </Button>
        }
      />
    );
  if (submitted)
    return (
      <Result
        status={submitted.outcome === 'pass' ? 'success' : 'warning'}
        title={t('review.doneTitle', { score: displayScore(submitted.score) })}
        subTitle={t(`review.outcome.${submitted.outcome ?? 'not-applicable'}`)}
        extra={
          <Space>
            <Button type="primary" onClick={onDone} data-testid="back-to-queue">
              {t('review.back')}
            </Button>
            {/* A failed evaluation of a person's work usually needs a corrective action: one click away. */}
            {submitted.agentId && !submitted.calibrationSessionId && (
              <Button href={`#/corrective-actions?from=${encodeURIComponent(submitted.id)}`} danger={submitted.outcome === 'fail'} data-testid="raise-action">
                {t('corrective.raise')}
              </Button>
            )}
          </Space>
        }
        data-testid="review-done"
      />
    );

  return (
    <Row gutter={16} data-testid="review-workspace">
      <Col span={14}>
        <Space style={{ marginBottom: 8 }}>
          <Button onClick={onDone}>{t('review.back')}</Button>
          <Select
            value={evaluation?.rubricVersionId ?? versionId ?? undefined}
            disabled={!!evaluation}
            style={{ width: 260 }}
            options={usable.map((v) => ({ value: v.id, label: `${v.definition.name} v${v.version}` }))}
            onChange={setVersionId}
          />
          {calibrationSessionId && <Tag color="purple" data-testid="calibration-tag">{t('calibration.tag')}</Tag>}
          <Typography.Text data-testid="review-agent">
            {t('import.fields.agent')}: {blind ? t('sampling.blindAgent') : (agent ?? t('import.unassigned'))}
          </Typography.Text>
        </Space>
        {error && <Alert type="error" showIcon title={error} />}
        {kind === 'ticket' && ticket && (
          <Card size="small" title={visibleText(`${ticket.ticket.externalId} · ${ticket.ticket.subject}`)} data-testid="review-ticket">
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('import.fields.priority')}>{t(`values.priority.${ticket.ticket.priority}`)}</Descriptions.Item>
              <Descriptions.Item label={t('import.fields.channel')}>{t(`values.channel.${ticket.ticket.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('import.fields.status')}>{vt.status(ticket.ticket)}</Descriptions.Item>
              <Descriptions.Item label={t('import.fields.openedAt')}>{formatDateTime(ticket.ticket.openedAt)}</Descriptions.Item>
              {(() => {
                const m = computeTicketMetrics(ticket.ticket, settings.serviceStandards, compileCalendar(settings.workingCalendar), Date.now());
                return (
                  <>
                    <Descriptions.Item label={t('standards.metrics.firstResponse')}>
                      <SlaTag clock={m.firstResponse} />
                    </Descriptions.Item>
                    <Descriptions.Item label={t('standards.metrics.resolution')}>
                      <SlaTag clock={m.resolution} />
                    </Descriptions.Item>
                  </>
                );
              })()}
            </Descriptions>
            {ticket.messages.length === 0 ? (
              <Empty description={t('tickets.noMessages')} />
            ) : (
              <Timeline
                style={{ marginTop: 12, maxHeight: 'calc(100vh - 360px)', overflow: 'auto', paddingTop: 8 }}
                items={ticket.messages.map((m) => ({
                  color: m.author === 'agent' ? 'blue' : m.author === 'internal' ? 'gray' : 'green',
                  children: (
                    <div>
                      <Typography.Text type="secondary">
                        {formatDateTime(m.at)} · <Tag>{t(`tickets.author.${m.author}`)}</Tag> {blind && m.author !== 'customer' ? '' : m.authorName}
                      </Typography.Text>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{visibleText(m.body.slice(0, 20000))}</Typography.Paragraph>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        )}
        {kind === 'call' && call && (
          <Card size="small" title={visibleText(call.recording.fileName)} data-testid="review-call">
            <Typography.Paragraph type="secondary">{t('review.markHint')}</Typography.Paragraph>
            <CallPlayer
              recording={call.recording}
              peaks={call.peaks}
              transcript={call.transcript}
              control={control}
              onMark={(start, end) => setSpan({ start, end })}
              marks={comments.filter((c) => c.start !== null).map((c) => ({ id: c.id, start: c.start!, end: c.end ?? c.start!, label: c.text.slice(0, 30) }))}
            />
          </Card>
        )}
      </Col>
      <Col span={10}>
        {evaluation && version ? (
          <Scorecard
            evaluation={evaluation}
            rubric={version.definition}
            pendingSpan={span}
            clearPendingSpan={() => setSpan(null)}
            onSeek={(s) => control.current?.seek(s)}
            onChange={setComments}
            onSubmitted={setSubmitted}
          />
        ) : (
          <Card loading />
        )}
      </Col>
    </Row>
  );
}
