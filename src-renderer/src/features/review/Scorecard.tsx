// The scorecard beside the item: keyboard-first (↑/↓ or k/j move, number keys pick a level, N for N/A, Ctrl+Enter
// submits, ? shows the keys), live score with its trace, root causes and a required note on critical failures,
// timestamped comments, overall feedback. Every change is saved to the draft at once, so a reload restores it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Evaluation, EvaluationAnswer, EvaluationComment } from '@renderer/domain/model';
import { appliesToItem, scaleValues, type Criterion, type RubricDefinition } from '@renderer/domain/rubric';
import { criterionScore, displayScore, displayScoreFor, scoreEvaluation } from '@renderer/domain/scoring';
import { saveDraftState, submitEvaluation, SubmissionInvalid } from '@renderer/db/evaluations';
import { useSession } from '@renderer/session/session';
import { describeError } from '@renderer/session/errors';
import { ScoreTrace } from '@renderer/ui/ScoreTrace';
import { formatClock } from '@renderer/ui/i18n';
import { isTyping, scorecardKey } from './scorecardKeys';

export interface PendingSpan {
  start: number;
  end: number;
}


export function Scorecard(p: {
  evaluation: Evaluation;
  rubric: RubricDefinition;
  /** A span marked on the waveform, waiting for its comment. */
  pendingSpan: PendingSpan | null;
  clearPendingSpan: () => void;
  onSeek?: (seconds: number) => void;
  onChange?: (comments: EvaluationComment[]) => void;
  onSubmitted: (e: Evaluation) => void;
}) {
  const { t } = useTranslation();
  const { ctx, person } = useSession();
  const { message, modal } = App.useApp();
  const kind = p.evaluation.itemKind;
  const criteria = useMemo(() => p.rubric.sections.flatMap((s) => s.criteria.filter((c) => appliesToItem(c, kind)).map((c) => ({ c, section: s.title }))), [p.rubric, kind]);
  const [answers, setAnswers] = useState<Record<string, EvaluationAnswer>>(p.evaluation.answers);
  const [comments, setComments] = useState<EvaluationComment[]>(p.evaluation.comments);
  const [feedback, setFeedback] = useState(p.evaluation.feedback);
  // A restored draft opens on the first criterion still to answer.
  const firstOpen = Math.max(0, criteria.findIndex((x) => !(x.c.id in p.evaluation.answers)));
  const [focus, setFocusState] = useState(firstOpen);
  // Like the answers, the focused row is read from a ref by the key handler so quick key presses follow each other.
  const focusRef = useRef(firstOpen);
  const setFocus = (f: number | ((prev: number) => number)) => {
    focusRef.current = typeof f === 'function' ? f(focusRef.current) : f;
    setFocusState(focusRef.current);
  };
  const [help, setHelp] = useState(false);
  const [why, setWhy] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(true);
  const [commentText, setCommentText] = useState('');
  const [commentCriterion, setCommentCriterion] = useState<string | null>(null);
  const rows = useRef<(HTMLDivElement | null)[]>([]);
  const queue = useRef(Promise.resolve());
  const pending = useRef(0);

  const live = useMemo(() => scoreEvaluation(p.rubric, answers, kind), [p.rubric, answers, kind]);
  // The outcome is final once every criterion is answered, or when a critical failure already decides it.
  const answered = criteria.filter(({ c }) => c.id in answers).length;
  const final = answered === criteria.length || !!live.failedBy;
  const [commentsOpen, setCommentsOpen] = useState(p.evaluation.comments.length > 0);
  useEffect(() => {
    if (p.pendingSpan) setCommentsOpen(true);
  }, [p.pendingSpan]);

  // The latest state lives in a ref as well: keys pressed faster than React re-renders must build on each other,
  // never on a stale copy (a fast typist's second answer would otherwise erase the first).
  const latest = useRef({ answers, comments, feedback });
  // Each change is written as it happens, in order; the draft on disk is never behind by more than one write.
  const persist = (next: { answers?: Record<string, EvaluationAnswer>; comments?: EvaluationComment[]; feedback?: string }) => {
    const state = { ...latest.current, ...next };
    latest.current = state;
    if (next.answers) setAnswers(next.answers);
    if (next.comments) {
      setComments(next.comments);
      p.onChange?.(next.comments);
    }
    if (next.feedback !== undefined) setFeedback(next.feedback);
    setSaved(false);
    pending.current++;
    queue.current = queue.current
      .then(() => saveDraftState(ctx, p.evaluation.id, state))
      .catch((e: unknown) => void message.error(describeError(e).message))
      // "Saved" only when the last queued write has landed.
      .finally(() => --pending.current === 0 && setSaved(true));
  };
  const answer = (c: Criterion, a: Partial<EvaluationAnswer>) => {
    const current = latest.current.answers;
    const prev = current[c.id];
    persist({ answers: { ...current, [c.id]: { value: prev?.value ?? null, ...prev, ...a } } });
    setProblems((x) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== c.id)));
  };

  /** An evaluation of an unassigned call counts for nobody: said first, submitted only if the reviewer insists. */
  const submit = async () => {
    if (!p.evaluation.agentId && !p.evaluation.calibrationSessionId) {
      const go = await modal.confirm({ title: t('review.unassignedTitle'), content: t('review.unassignedBody'), okText: t('review.submitAnyway'), cancelText: t('actions.cancel') });
      if (!go) return;
    }
    await submitNow();
  };
  const submitNow = async () => {
    await queue.current;
    try {
      const done = await submitEvaluation(ctx, p.evaluation.id);
      void message.success(t('review.submitted', { score: displayScore(done.score) }));
      p.onSubmitted(done);
    } catch (e) {
      if (e instanceof SubmissionInvalid) {
        setProblems(Object.fromEntries(e.problems.map((x) => [x.criterionId, t(`review.problem.${x.problem}`)])));
        const first = criteria.findIndex(({ c }) => e.problems.some((x) => x.criterionId === c.id));
        if (first >= 0) setFocus(first);
      } else void message.error(describeError(e).message);
    }
  };

  useEffect(() => {
    rows.current[focus]?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cur = criteria[focusRef.current]?.c;
      const act = scorecardKey(e, { typing: isTyping(e.target as HTMLInputElement | null), focus: focusRef.current, count: criteria.length, criterion: cur });
      if (!act) return;
      if (act.kind === 'submit') {
        e.preventDefault();
        void submit();
      } else if (act.kind === 'help') setHelp((h) => !h);
      else if (act.kind === 'focus') {
        e.preventDefault();
        setFocus(act.index);
      } else if (cur) {
        answer(cur, { value: act.value });
        if (act.next !== null) setFocus(act.next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const addComment = () => {
    const text = commentText.trim();
    if (!text) return;
    const c: EvaluationComment = {
      id: `cm-${Date.now().toString(36)}`,
      criterionId: commentCriterion,
      text,
      start: p.pendingSpan?.start ?? null,
      end: p.pendingSpan?.end ?? null,
      at: new Date().toISOString(),
      authorId: person.id,
    };
    persist({ comments: [...latest.current.comments, c] });
    setCommentText('');
    p.clearPendingSpan();
  };

  const titleOf = (id: string | null) => criteria.find(({ c }) => c.id === id)?.c.title;
  return (
    <Card
      size="small"
      data-testid="scorecard"
      // One screen: the criteria take the height left by the rest and scroll inside; comments fold away until used.
      style={{ height: 'calc(100vh - 112px)', minHeight: 480, display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: '1 1 auto', minHeight: 0, display: 'flex', flexDirection: 'column' } }}
      title={
        <Space>
          <span data-testid="live-score">{displayScoreFor(live.score, p.rubric.passingScore, live.outcome)}</span>
          {final ? (
            <Tag color={live.outcome === 'pass' ? 'green' : live.outcome === 'fail' ? 'red' : 'default'} data-testid="live-outcome">
              {t(`review.outcome.${live.outcome}`)}
            </Tag>
          ) : (
            <Tag data-testid="live-outcome" title={t('review.provisionalHelp')}>
              {t('review.provisional', { outcome: t(`review.outcome.${live.outcome}`), answered, total: criteria.length })}
            </Tag>
          )}
          {live.failedBy && <Tag color="red">{t('review.failedBy', { title: titleOf(live.failedBy.criterionId) })}</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button size="small" type={why ? 'primary' : 'default'} onClick={() => setWhy((w) => !w)} data-testid="why-score">
            {t('review.why')}
          </Button>
          <Typography.Text type="secondary" data-testid="save-state">
            {saved ? t('review.saved') : t('review.saving')}
          </Typography.Text>
          <Button size="small" onClick={() => setHelp(true)}>
            ?
          </Button>
        </Space>
      }
    >
      {why && (
        <div style={{ flex: 'none', maxHeight: '40%', overflow: 'auto', marginBottom: 8 }} data-testid="score-why">
          <ScoreTrace trace={live.trace} />
        </div>
      )}
      <div style={{ flex: '1 1 auto', minHeight: 120, overflow: 'auto' }} data-testid="criteria">
        {criteria.map(({ c, section }, i) => {
          const a = answers[c.id];
          const levels = scaleValues(c.scale);
          const failing = a && a.value !== null && criterionScore(c, a.value) < 1;
          const criticalFail = a && a.value !== null && c.critical && criterionScore(c, a.value) < c.critical.threshold;
          return (
            <div
              key={c.id}
              ref={(el) => {
                rows.current[i] = el;
              }}
              className={i === focus ? 'qa-crit qa-crit-focus' : 'qa-crit'}
              onClick={() => setFocus(i)}
              data-testid={`criterion-${c.id}`}
            >
              {(i === 0 || criteria[i - 1]!.section !== section) && <div className="qa-crit-section">{section}</div>}
              <div>
                <Typography.Text strong>{c.title}</Typography.Text> {c.critical && <Tag color="red">{t(`rubrics.critical.${c.critical.scope}`)}</Tag>}
              </div>
              <Space wrap>
                <Radio.Group
                  size="small"
                  optionType="button"
                  value={a?.value ?? undefined}
                  onChange={(e) => answer(c, { value: e.target.value as number })}
                  options={levels.map((v) => ({ value: v, label: c.scale.kind === 'binary' ? t(v ? 'review.yes' : 'review.no') : String(v) }))}
                />
                {c.allowNa && (
                  <Button size="small" type={a && a.value === null ? 'primary' : 'default'} onClick={() => answer(c, { value: null })}>
                    N/A
                  </Button>
                )}
              </Space>
              {a && a.value !== null && c.guidance[levels.indexOf(a.value)] && <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>{c.guidance[levels.indexOf(a.value)]}</Typography.Paragraph>}
              {failing && c.rootCauses.length > 0 && (
                <Select mode="multiple" size="small" style={{ width: '100%', marginTop: 4 }} placeholder={t('review.rootCauses')} value={a.rootCauses ?? []} onChange={(v) => answer(c, { rootCauses: v })} options={c.rootCauses.map((r) => ({ value: r, label: r }))} />
              )}
              {criticalFail && (
                <Input.TextArea
                  rows={2}
                  style={{ marginTop: 4 }}
                  status={problems[c.id] ? 'error' : undefined}
                  placeholder={t('review.criticalNote')}
                  value={a.note ?? ''}
                  onChange={(e) => answer(c, { note: e.target.value })}
                  data-testid={`note-${c.id}`}
                />
              )}
              {problems[c.id] && <Typography.Text type="danger">{problems[c.id]}</Typography.Text>}
            </div>
          );
        })}
      </div>

      <Collapse
        size="small"
        style={{ marginTop: 8, flex: 'none' }}
        activeKey={commentsOpen ? ['comments'] : []}
        onChange={(k) => setCommentsOpen(k.includes('comments'))}
        data-testid="comments"
        items={[
          {
            key: 'comments',
            label: t('review.commentsCount', { count: comments.length }),
            children: (
              <div style={{ maxHeight: 220, overflow: 'auto' }}>
        {comments.map((cm) => (
          <div key={cm.id} className="qa-seg" data-testid="comment">
            {cm.start !== null && (
              <a onClick={() => p.onSeek?.(cm.start!)} data-testid="comment-time">
                {formatClock(cm.start)}–{formatClock(cm.end ?? cm.start)}{' '}
              </a>
            )}
            {cm.criterionId && <Tag>{titleOf(cm.criterionId)}</Tag>}
            {cm.text}
            <a style={{ float: 'right' }} onClick={() => persist({ comments: latest.current.comments.filter((x) => x.id !== cm.id) })}>
              {t('recordings.remove')}
            </a>
          </div>
        ))}
        {p.pendingSpan && <Alert type="info" showIcon title={t('review.spanMarked', { from: formatClock(p.pendingSpan.start), to: formatClock(p.pendingSpan.end) })} style={{ margin: '6px 0' }} data-testid="span-marked" />}
        <Space.Compact style={{ width: '100%', marginTop: 6 }}>
          <Select allowClear placeholder={t('review.onCriterion')} style={{ width: 200 }} value={commentCriterion ?? undefined} onChange={(v) => setCommentCriterion(v ?? null)} options={criteria.map(({ c }) => ({ value: c.id, label: c.title }))} data-testid="comment-criterion" />
          <Input placeholder={t('review.commentText')} value={commentText} onChange={(e) => setCommentText(e.target.value)} onPressEnter={addComment} data-testid="comment-text" />
          <Button onClick={addComment} data-testid="add-comment">
            {t('review.addComment')}
          </Button>
        </Space.Compact>
              </div>
            ),
          },
        ]}
      />

      <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} style={{ marginTop: 8, flex: 'none' }} placeholder={t('review.feedback')} value={feedback} onChange={(e) => persist({ feedback: e.target.value })} data-testid="feedback" />
      <Button type="primary" block style={{ marginTop: 8, flex: 'none' }} onClick={() => void submit()} data-testid="submit-evaluation">
        {t('review.submit')}
      </Button>
      <Modal open={help} onCancel={() => setHelp(false)} footer={null} title={t('review.keysTitle')} data-testid="shortcut-help">
        <ul>
          {['move', 'level', 'na', 'submit', 'play', 'seek', 'seekLong', 'speed', 'mark', 'help'].map((k) => (
            <li key={k}>{t(`review.keys.${k}`)}</li>
          ))}
        </ul>
      </Modal>
    </Card>
  );
}
