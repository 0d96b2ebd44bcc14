// Corrective actions ("rectification"): the lifecycle as a state machine, deadlines in the company's calendar,
// overdue and escalation from a clock the caller passes, verification from follow-up evaluations, and the counts
// and rates that feed the appraisal. Pure: no storage, no clock of its own.
import { fromZonedWallMs } from './timeZones';
import { criterionScore } from './scoring';
import type { RubricDefinition } from './rubric';

export const ACTION_STATUSES = ['open', 'in-progress', 'awaiting-verification', 'closed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export type ActionOutcome = 'effective' | 'not-effective';
export type ActionPriority = 'high' | 'normal' | 'low';

/** How an action is verified: N follow-up evaluations in which the target criteria pass, or a manual check. */
export type Verification = { kind: 'follow-ups'; count: number; criterionIds: string[] } | { kind: 'manual' };

export type ActionEvent =
  | { kind: 'start' }
  | { kind: 'request-verification' }
  | { kind: 'resume' }
  | { kind: 'close'; outcome: ActionOutcome; /** Closing against (or before) what the follow-ups say needs a reason. */ override?: string }
  | { kind: 'cancel'; reason: string };

/** Which event leads from which status to which. Anything else is refused with the reason. */
const TRANSITIONS: Record<ActionEvent['kind'], { from: readonly ActionStatus[]; to: ActionStatus }> = {
  start: { from: ['open'], to: 'in-progress' },
  'request-verification': { from: ['open', 'in-progress'], to: 'awaiting-verification' },
  // Verification shows more work is needed before deciding.
  resume: { from: ['awaiting-verification'], to: 'in-progress' },
  close: { from: ['awaiting-verification'], to: 'closed' },
  cancel: { from: ['open', 'in-progress', 'awaiting-verification'], to: 'cancelled' },
};

export class IllegalTransition extends Error {
  constructor(
    readonly from: ActionStatus,
    readonly event: ActionEvent['kind'],
  ) {
    const allowed = (Object.keys(TRANSITIONS) as ActionEvent['kind'][]).filter((k) => TRANSITIONS[k].from.includes(from));
    super(`an action that is ${from} cannot ${event.replace('-', ' ')}${allowed.length ? `; it can: ${allowed.join(', ')}` : ': it is final'}`);
    this.name = 'IllegalTransition';
  }
}

/** The status an event leads to; throws IllegalTransition (naming what is allowed) when it does not apply. */
export function nextStatus(from: ActionStatus, event: ActionEvent): ActionStatus {
  const t = TRANSITIONS[event.kind];
  if (!t.from.includes(from)) throw new IllegalTransition(from, event.kind);
  if (event.kind === 'cancel' && event.reason.trim().length < 3) throw new Error('a cancellation needs a reason');
  return t.to;
}

/** The events that apply to an action in this status (what the UI offers). */
export function allowedEvents(from: ActionStatus): ActionEvent['kind'][] {
  return (Object.keys(TRANSITIONS) as ActionEvent['kind'][]).filter((k) => TRANSITIONS[k].from.includes(from));
}

export const isFinal = (s: ActionStatus) => s === 'closed' || s === 'cancelled';

const DAY_MS = 86_400_000;

/**
 * A deadline given as a date (YYYY-MM-DD) means the end of that day in the company's zone: the instant of the
 * next local midnight.
 */
export function deadlineOf(day: string, zone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const ms = fromZonedWallMs(Date.UTC(y, m - 1, d + 1), zone) ?? Date.UTC(y, m - 1, d + 1);
  return new Date(ms).toISOString();
}

export interface ActionTiming {
  status: ActionStatus;
  /** The current deadline (an instant). */
  dueAt: string;
}

/** Overdue: still being worked on (not final, not waiting for verification) and past its deadline. */
export function isOverdue(a: ActionTiming, nowMs: number): boolean {
  return (a.status === 'open' || a.status === 'in-progress') && nowMs >= Date.parse(a.dueAt);
}

/** Whole days past the deadline (0 when not overdue). */
export function daysOverdue(a: ActionTiming, nowMs: number): number {
  return isOverdue(a, nowMs) ? Math.floor((nowMs - Date.parse(a.dueAt)) / DAY_MS) : 0;
}

/** Escalated to the quality supervisors: overdue by at least `afterDays` whole days. */
export function isEscalated(a: ActionTiming, nowMs: number, afterDays: number): boolean {
  return isOverdue(a, nowMs) && nowMs >= Date.parse(a.dueAt) + afterDays * DAY_MS;
}

/** Due within the next `days` days and not overdue yet. */
export function isDueSoon(a: ActionTiming, nowMs: number, days: number): boolean {
  const due = Date.parse(a.dueAt);
  return (a.status === 'open' || a.status === 'in-progress') && nowMs < due && due - nowMs <= days * DAY_MS;
}

/** A follow-up evaluation as verification reads it. */
export interface FollowUp {
  evaluationId: string;
  rubricVersionId: string;
  answers: Record<string, { value: number | null }>;
}

export interface VerificationResult {
  needed: number;
  done: number;
  /** Per target criterion: follow-ups where it applied, and where it scored full marks. */
  criteria: { criterionId: string; applicable: number; passed: number }[];
  /** 'pending' until N follow-ups are in; then whether every target passed in every follow-up it applied to. */
  verdict: 'pending' | ActionOutcome;
}

/**
 * What the follow-ups say: a target criterion passes in a follow-up when it scores full marks there (s = 1, as
 * SCORING.md counts failures); N/A does not count either way. Effective when N follow-ups are in and every target
 * criterion passed in each follow-up it applied to (and applied at least once).
 */
export function verifyByFollowUps(v: Extract<Verification, { kind: 'follow-ups' }>, followUps: FollowUp[], rubrics: Map<string, RubricDefinition>): VerificationResult {
  const considered = followUps.slice(0, v.count);
  const criteria = v.criterionIds.map((criterionId) => {
    let applicable = 0;
    let passed = 0;
    for (const f of considered) {
      const c = rubrics.get(f.rubricVersionId)?.sections.flatMap((s) => s.criteria).find((x) => x.id === criterionId);
      const a = f.answers[criterionId];
      if (!c || !a || a.value === null) continue;
      applicable++;
      if (criterionScore(c, a.value) >= 1) passed++;
    }
    return { criterionId, applicable, passed };
  });
  const done = considered.length;
  const verdict = done < v.count ? 'pending' : criteria.every((c) => c.applicable > 0 && c.passed === c.applicable) ? 'effective' : 'not-effective';
  return { needed: v.count, done, criteria, verdict };
}

/**
 * Why an action verified by follow-ups may not be closed with this outcome, or null: the follow-ups are not all
 * in, or they say otherwise. An explicit override with a reason (3+ characters) closes it anyway, and counts as
 * an override in the rates.
 */
export function closeRefusal(verification: Verification, result: VerificationResult | null, outcome: ActionOutcome, override: string | undefined): string | null {
  if (verification.kind !== 'follow-ups' || !result) return null;
  const agrees = result.verdict === outcome;
  if (agrees) return null;
  if ((override ?? '').trim().length >= 3) return null;
  return result.verdict === 'pending'
    ? `the follow-ups are not all in (${result.done} of ${result.needed}): close only with an override and its reason`
    : `the follow-ups say ${result.verdict}: closing as ${outcome} needs an override and its reason`;
}

export interface ActionForRates {
  status: ActionStatus;
  outcome: ActionOutcome | null;
  /** Set when it was closed against (or before) what its follow-ups said. */
  closeOverride?: string | null;
  dueAt: string;
  /** When the work was done (the action went to verification): what "on time" is measured by. */
  completedAt: string | null;
}

export interface ActionRates {
  open: number;
  overdue: number;
  closed: number;
  /** Closed, with the work done (sent to verification) by the (possibly extended) deadline; null when none closed. */
  onTimeRate: number | null;
  /** Effective, of those closed; null when none closed. */
  effectiveRate: number | null;
  /** Closed with an override of the follow-ups' verdict (counted in the rates above, and shown as such). */
  overridden: number;
}

/** The counts and rates of a set of actions at `nowMs` (cancelled actions count nowhere). */
export function actionRates(actions: ActionForRates[], nowMs: number): ActionRates {
  const live = actions.filter((a) => a.status !== 'cancelled');
  const closed = live.filter((a) => a.status === 'closed');
  const onTime = closed.filter((a) => a.completedAt !== null && a.completedAt < a.dueAt).length;
  const effective = closed.filter((a) => a.outcome === 'effective').length;
  return {
    open: live.filter((a) => !isFinal(a.status)).length,
    overdue: live.filter((a) => isOverdue(a, nowMs)).length,
    closed: closed.length,
    onTimeRate: closed.length ? onTime / closed.length : null,
    effectiveRate: closed.length ? effective / closed.length : null,
    overridden: closed.filter((a) => !!a.closeOverride).length,
  };
}

/**
 * Counts and rates per group (a team, a person): what the lead board and the appraisal read. Groups appear in
 * first-seen order; actions whose key is null (no team) are grouped under ''.
 */
export function ratesBy<T extends ActionForRates>(actions: readonly T[], keyOf: (a: T) => string | null, nowMs: number): { key: string; rates: ActionRates }[] {
  const groups = new Map<string, T[]>();
  for (const a of actions) {
    const k = keyOf(a) ?? '';
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  return [...groups].map(([key, xs]) => ({ key, rates: actionRates(xs, nowMs) }));
}
