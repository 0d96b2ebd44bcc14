// The demo workspace's quality history: the two shipped zh-CN rubrics published, and 90 days of evaluations by
// the two supervisors (tickets for every staff member, half of the recorded calls), scored by the real score
// engine, with acknowledgements and a few disputes (upheld, adjusted as a revision, and open ones). Deterministic:
// the same workspace and `now` give the same history. Recent items are left unacknowledged, as in real life.
import type { Dispute, Evaluation, EvaluationAnswer, EvaluationComment, EvaluationRevision, NewRecord } from './model';
import type { DemoWorkspace } from './demoWorkspace';
import { createRng, normal, pickOne, randInt, type Rng } from './random';
import { appliesToItem, scaleValues, type Criterion, type RubricDefinition } from './rubric';
import { criterionScore, scoreEvaluation } from './scoring';
import { uuidv7 } from './ids';
import { isStaffRole, isSupervisorRole } from './roles';

export interface DemoRubric {
  rubricId: string;
  versionId: string;
  definition: RubricDefinition;
}

/** A generated record with the times and author it would have had if people had made it in the app. */
export interface Stamped<T> {
  record: T & { id: string };
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface DemoQualityHistory {
  evaluations: Stamped<NewRecord<Evaluation>>[];
  disputes: Stamped<NewRecord<Dispute>>[];
}

/** Ticket evaluations per staff member over the 90-day demo period: eight a month, so each month's appraisal has the five it needs for the QA component. */
export const DEMO_TICKET_EVALUATIONS_PER_AGENT = 24;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const NOTES = ['未核实客户身份即修改账户信息', '通话中语气生硬，打断客户', '承诺的回电时间没有兑现', '解决方案与知识库不一致'];
const FEEDBACK = ['整体处理规范，注意结束语的完整性。', '问题定位准确，建议更主动地确认客户是否满意。', '回复及时，记录可以更完整一些。', '请复习身份核实流程，下次务必先核实再操作。', ''];
const COMMENTS = ['这里可以先复述客户的问题再给方案', '此处等待时间过长，应告知客户进度', '很好的共情表达', '结束前没有确认客户是否还有其他问题'];
const DISPUTE_REASONS = ['客户在电话里已经确认问题解决，见通话记录。', '当时系统故障，回复延迟不是我的原因。', '我已按知识库第 3 条操作，结果是正确的。'];
const REPLIES_UPHELD = ['复核录音后维持原评分：结束前没有确认。', '记录中未见客户确认，维持原评分。'];
const REPLIES_ADJUSTED = ['复核后同意，已调整评分。', '系统故障已核实，评分已调整。'];

function makeId(rng: Rng, at: number): string {
  return uuidv7(at, (n) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256)));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A level for one criterion from the agent's skill: good agents mostly top marks, weak ones spread lower. */
function answerFor(rng: Rng, c: Criterion, skill: number): EvaluationAnswer {
  if (c.allowNa && rng.next() < 0.06) return { value: null };
  const values = scaleValues(c.scale);
  if (c.critical && rng.next() < 0.015 + Math.max(0, -skill) * 0.02) {
    const failing = values.filter((v) => criterionScore(c, v) < c.critical!.threshold);
    return { value: pickOne(rng, failing), note: pickOne(rng, NOTES), rootCauses: c.rootCauses.length ? [pickOne(rng, c.rootCauses)] : [] };
  }
  const quality = 1 / (1 + Math.exp(-(1.6 + 0.9 * skill + normal(rng) * 0.9)));
  const value = values[Math.min(values.length - 1, Math.round(quality * (values.length - 1)))]!;
  const s = criterionScore(c, value);
  const answer: EvaluationAnswer = { value };
  if (s < 0.5 && c.rootCauses.length > 0) answer.rootCauses = [pickOne(rng, c.rootCauses)];
  // A critical failure is always explained, as the app requires.
  if (c.critical && s < c.critical.threshold) answer.note = pickOne(rng, NOTES);
  return answer;
}

export function generateDemoQualityHistory(opts: {
  ws: DemoWorkspace;
  now: number;
  ticketRubric: DemoRubric;
  callRubric: DemoRubric;
}): DemoQualityHistory {
  const { ws, now } = opts;
  const rng = createRng(ws.seed ^ 0x5eed);
  const supervisors = ws.people.filter((p) => isSupervisorRole(p.role));
  const staff = ws.people.filter((p) => isStaffRole(p.role));
  const skill = new Map(staff.map((p) => [p.id, normal(rng)]));
  const evaluations: Stamped<NewRecord<Evaluation>>[] = [];
  const disputes: Stamped<NewRecord<Dispute>>[] = [];

  const evaluate = (kind: 'call' | 'ticket', item: { id: string; agentId: string; teamId: string | null; occurredAt: number; durationSec?: number }) => {
    const rubric = kind === 'call' ? opts.callRubric : opts.ticketRubric;
    const reviewer = pickOne(rng, supervisors);
    const submitted = Math.min(now - 2 * HOUR, item.occurredAt + randInt(rng, 6, 72) * HOUR);
    const answers: Record<string, EvaluationAnswer> = {};
    for (const c of rubric.definition.sections.flatMap((s) => s.criteria)) {
      if (appliesToItem(c, kind)) answers[c.id] = answerFor(rng, c, skill.get(item.agentId) ?? 0);
    }
    const comments: EvaluationComment[] = [];
    if (kind === 'call' && item.durationSec && rng.next() < 0.7) {
      const start = Math.round(rng.next() * Math.max(1, item.durationSec - 20));
      comments.push({ id: makeId(rng, submitted), criterionId: pickOne(rng, Object.keys(answers)), text: pickOne(rng, COMMENTS), start, end: start + randInt(rng, 4, 15), at: iso(submitted - HOUR), authorId: reviewer.id });
    }
    const r = scoreEvaluation(rubric.definition, answers, kind);
    const age = now - submitted;
    const acknowledged = rng.next() < (age > 7 * DAY ? 0.85 : 0.3) ? Math.min(now - HOUR, submitted + randInt(rng, 2, 60) * HOUR) : null;
    const record: NewRecord<Evaluation> & { id: string } = {
      id: makeId(rng, submitted),
      itemKind: kind,
      itemId: item.id,
      agentId: item.agentId,
      teamId: item.teamId,
      reviewerId: reviewer.id,
      rubricId: rubric.rubricId,
      rubricVersionId: rubric.versionId,
      occurredAt: iso(item.occurredAt),
      status: 'submitted',
      answers,
      comments,
      feedback: pickOne(rng, FEEDBACK),
      score: r.score,
      outcome: r.outcome,
      failedBy: r.failedBy,
      submittedAt: iso(submitted),
      revision: 1,
      revisions: [],
      acknowledgedAt: acknowledged === null ? null : iso(acknowledged),
      calibrationSessionId: null,
    };
    // Some evaluations that were not acknowledged were disputed instead: older ones decided, recent ones open.
    const decided = acknowledged === null && rng.next() < 0.12 ? dispute(record, rubric, age) : null;
    evaluations.push({ record, createdAt: iso(submitted), updatedAt: iso(Math.max(acknowledged ?? 0, decided ?? 0, submitted)), createdBy: reviewer.id });
  };

  /** Records a dispute of the evaluation's weakest criterion; returns when it was decided by an adjustment, if it was. */
  const dispute = (e: NewRecord<Evaluation> & { id: string }, rubric: DemoRubric, age: number): number | null => {
    const criteria = rubric.definition.sections.flatMap((s) => s.criteria).filter((c) => e.answers[c.id]?.value !== null && e.answers[c.id] !== undefined);
    const weakest = criteria
      .map((c) => ({ c, s: criterionScore(c, e.answers[c.id]!.value!) }))
      .filter((x) => x.s < 1)
      .sort((a, b) => a.s - b.s)[0];
    if (!weakest) return null;
    const raised = Date.parse(e.submittedAt!) + randInt(rng, 4, 48) * HOUR;
    if (raised > now - HOUR) return null;
    const proposed = scaleValues(weakest.c.scale).at(-1)!;
    const open = age < 4 * DAY;
    const adjusted = !open && rng.next() < 0.4;
    const decidedAt = Math.min(now - HOUR, raised + randInt(rng, 6, 72) * HOUR);
    const reply = open ? '' : pickOne(rng, adjusted ? REPLIES_ADJUSTED : REPLIES_UPHELD);
    if (adjusted) {
      const before: EvaluationRevision = { revision: 1, at: iso(decidedAt), byId: e.reviewerId, reason: `dispute: ${reply}`, answers: e.answers, score: e.score, outcome: e.outcome ?? '' };
      e.answers = { ...e.answers, [weakest.c.id]: { value: proposed } };
      const r = scoreEvaluation(rubric.definition, e.answers, e.itemKind);
      Object.assign(e, { score: r.score, outcome: r.outcome, failedBy: r.failedBy, revision: 2, revisions: [before] });
    }
    disputes.push({
      record: {
        id: makeId(rng, raised),
        evaluationId: e.id,
        agentId: e.agentId!,
        status: open ? 'open' : adjusted ? 'adjusted' : 'upheld',
        items: [{ criterionId: weakest.c.id, proposedValue: proposed, reason: pickOne(rng, DISPUTE_REASONS) }],
        dueAt: iso(raised + 5 * DAY),
        resolvedAt: open ? null : iso(decidedAt),
        resolvedById: open ? null : e.reviewerId,
        reply,
      },
      createdAt: iso(raised),
      updatedAt: iso(open ? raised : decidedAt),
      createdBy: e.agentId!,
    });
    return adjusted ? decidedAt : null;
  };

  // Tickets: two dozen finished tickets per staff member, spread over the period.
  const byAgent = new Map<string, DemoWorkspace['tickets']>();
  for (const t of ws.tickets) {
    if (t.agentId && t.resolvedAt && Date.parse(t.resolvedAt) < now - 3 * HOUR) byAgent.set(t.agentId, [...(byAgent.get(t.agentId) ?? []), t]);
  }
  for (const p of staff) {
    const done = byAgent.get(p.id) ?? [];
    const picked = new Set<number>();
    for (let i = 0; i < DEMO_TICKET_EVALUATIONS_PER_AGENT && picked.size < done.length; i++) {
      // One from each slice of the agent's tickets, so the trend covers every week.
      const lo = Math.floor((i / DEMO_TICKET_EVALUATIONS_PER_AGENT) * done.length);
      const hi = Math.max(lo, Math.floor(((i + 1) / DEMO_TICKET_EVALUATIONS_PER_AGENT) * done.length) - 1);
      const k = randInt(rng, lo, hi);
      if (picked.has(k)) continue;
      picked.add(k);
      const t = done[k]!;
      evaluate('ticket', { id: t.id, agentId: p.id, teamId: t.teamId, occurredAt: Date.parse(t.openedAt) });
    }
  }
  // Calls: every other recording is scored; the rest wait for a reviewer.
  ws.recordings.forEach((rec, i) => {
    if (i % 2 === 1) evaluate('call', { id: rec.id, agentId: rec.agentId, teamId: rec.teamId, occurredAt: Date.parse(rec.startedAt), durationSec: rec.durationSec });
  });
  return { evaluations, disputes };
}
