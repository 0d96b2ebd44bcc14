// A sample plan as the supervisor defines it: the period (weekly, monthly or a custom range; recurring plans get
// one run per period), the population filter, the quota and risk weighting, and how the picks are assigned.
// Pure: periods in the company's time zone, and which risk signals a ticket or call shows.
import { z } from 'zod';
import { fromZonedWallMs, toZonedWallMs } from './timeZones';
import { DEFAULT_RANDOM_SHARE, DEFAULT_RISK_WEIGHTS, RISK_SIGNALS, type RiskSignal, type SamplingRules } from './sampling';
import type { Channel, LeavePeriod, Priority, Recording, Ticket, TicketCategory } from './model';

export interface PlanFilter {
  teamIds: string[];
  personIds: string[];
  channels: Channel[];
  categories: TicketCategory[];
  priorities: Priority[];
  /** Tickets only when they have a recorded call. */
  hasRecording: boolean;
  /** Calls shorter than this are left out (seconds). */
  minCallSec: number;
}

export interface RiskThresholds {
  /** CSAT at or below this counts as low. */
  lowCsatAtMost: number;
  /** Calls at least this long (seconds) count as long handling. */
  longCallSec: number;
  /** Ticket categories treated as complaints. */
  complaintCategories: TicketCategory[];
  /** Words that flag a ticket thread or call transcript (case-insensitive). */
  keywords: string[];
}

export interface PlanAssignment {
  reviewerIds: string[];
  balanceBy: 'count' | 'minutes';
  /** A team lead never reviews their own team's items. */
  avoidOwnLead: boolean;
  /** The agent's identity is hidden in the workspace until the evaluation is submitted. */
  blind: boolean;
  /** Due this many days after the run is committed. */
  dueDays: number;
  /** Recurring plans: draw and assign each period as soon as it ends (when a planner is signed in). */
  autoCommit?: boolean;
}

export interface PlanDefinition {
  name: string;
  period: { kind: 'weekly' | 'monthly' } | { kind: 'custom'; from: string; to: string };
  filter: PlanFilter;
  rules: SamplingRules;
  risk: RiskThresholds;
  assignment: PlanAssignment;
}

export const DEFAULT_PLAN: PlanDefinition = {
  name: '',
  period: { kind: 'weekly' },
  filter: { teamIds: [], personIds: [], channels: [], categories: [], priorities: [], hasRecording: false, minCallSec: 30 },
  rules: { quota: { mode: 'per-person', ticket: 4, call: 2 }, randomShare: DEFAULT_RANDOM_SHARE, riskWeights: DEFAULT_RISK_WEIGHTS },
  risk: { lowCsatAtMost: 2, longCallSec: 600, complaintCategories: ['system-fault'], keywords: ['投诉', '退款', 'complaint', 'refund'] },
  assignment: { reviewerIds: [], balanceBy: 'count', avoidOwnLead: true, blind: false, dueDays: 5, autoCommit: false },
};

const count = z.number().int('a whole number').min(0).max(1000);
const categoryValue = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a category value');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const planSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(200),
    period: z.union([
      z.object({ kind: z.enum(['weekly', 'monthly']) }).strict(),
      z.object({ kind: z.literal('custom'), from: isoDate, to: isoDate }).strict().refine((p) => p.from <= p.to, { message: 'the range ends before it starts', path: ['to'] }),
    ]),
    filter: z.object({
      teamIds: z.array(z.string()),
      personIds: z.array(z.string()),
      channels: z.array(z.enum(['phone', 'email', 'chat', 'portal', 'onsite'])),
      // Built-in categories and the company's own (Settings → Value lists).
      categories: z.array(categoryValue),
      priorities: z.array(z.enum(['urgent', 'high', 'normal', 'low'])),
      hasRecording: z.boolean(),
      minCallSec: z.number().min(0).max(36_000),
    }),
    rules: z.object({
      quota: z.union([
        z.object({ mode: z.literal('per-person'), ticket: count, call: count }).strict(),
        z.object({ mode: z.literal('total'), ticket: count, call: count, byStratum: z.boolean() }).strict(),
      ]),
      randomShare: z.number().min(0).max(1),
      riskWeights: z.object(Object.fromEntries(RISK_SIGNALS.map((s) => [s, z.number().min(0).max(100)])) as Record<RiskSignal, z.ZodNumber>),
    }),
    risk: z.object({
      lowCsatAtMost: z.number().int().min(1).max(5),
      longCallSec: z.number().min(0),
      complaintCategories: z.array(categoryValue),
      keywords: z.array(z.string().trim().min(1).max(50)).max(200),
    }),
    assignment: z.object({
      reviewerIds: z.array(z.string()),
      balanceBy: z.enum(['count', 'minutes']),
      avoidOwnLead: z.boolean(),
      blind: z.boolean(),
      dueDays: z.number().int().min(0).max(90),
      autoCommit: z.boolean().optional(),
    }),
  })
  .refine((p) => p.rules.quota.ticket + p.rules.quota.call > 0, { message: 'the quota draws nothing', path: ['rules', 'quota'] });

/**
 * A problem with a plan: where (a dotted path), what in English, and a message key with values so the UI can say
 * it in the user's language.
 */
export type PlanProblem = { path: string; message: string; key: string; values: Record<string, number | string> };

/** The rules' own messages, by the key that says them. */
const PROBLEM_KEYS: Record<string, string> = {
  'a name is required': 'sampling.problem.nameRequired',
  'the range ends before it starts': 'sampling.problem.rangeOrder',
  'the quota draws nothing': 'sampling.problem.emptyQuota',
  'a whole number': 'sampling.problem.wholeNumber',
  'a date as YYYY-MM-DD': 'sampling.problem.date',
};

export function checkPlan(input: unknown): { ok: true; plan: PlanDefinition } | { ok: false; problems: PlanProblem[] } {
  const r = planSchema.safeParse(input);
  if (r.success) return { ok: true, plan: r.data as PlanDefinition };
  return {
    ok: false,
    problems: r.error.issues.map((i): PlanProblem => {
      const path = i.path.join('.');
      if (PROBLEM_KEYS[i.message]) return { path, message: i.message, key: PROBLEM_KEYS[i.message]!, values: {} };
      if (i.code === 'too_small') return { path, message: i.message, key: 'sampling.problem.tooSmall', values: { min: Number(i.minimum) } };
      if (i.code === 'too_big') return { path, message: i.message, key: 'sampling.problem.tooBig', values: { max: Number(i.maximum) } };
      return { path, message: i.message, key: 'sampling.problem.invalid', values: {} };
    }),
  };
}


/**
 * The period containing `atMs` for a recurring plan, as UTC instants [start, end) of local midnights in `zone`:
 * weeks start on Monday, months on the 1st. A custom plan's period is its range (both days included).
 */
/**
 * When a per-person plan gives each person fewer evaluations a month than the appraisal's QA component needs:
 * the monthly count (a weekly plan runs about 4 times a month) and the minimum; null when it is enough, or when
 * the plan is a total or a custom range (its per-person count depends on the data).
 */
export function quotaBelowAppraisalMinimum(def: Pick<PlanDefinition, 'period' | 'rules'>, minEvaluations: number): { perMonth: number; minimum: number } | null {
  const q = def.rules.quota;
  if (q.mode !== 'per-person' || def.period.kind === 'custom') return null;
  const perRun = q.ticket + q.call;
  const perMonth = def.period.kind === 'weekly' ? perRun * 4 : perRun;
  return perMonth < minEvaluations ? { perMonth, minimum: minEvaluations } : null;
}

export function periodAt(period: PlanDefinition['period'], atMs: number, zone: string): { start: number; end: number; label: string } {
  const local = (y: number, m: number, d: number) => fromZonedWallMs(Date.UTC(y, m, d), zone) ?? Date.UTC(y, m, d);
  if (period.kind === 'custom') {
    const [fy, fm, fd] = period.from.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = period.to.split('-').map(Number) as [number, number, number];
    return { start: local(fy, fm - 1, fd), end: local(ty, tm - 1, td + 1), label: `${period.from} – ${period.to}` };
  }
  const wall = new Date(toZonedWallMs(atMs, zone));
  const y = wall.getUTCFullYear();
  const m = wall.getUTCMonth();
  if (period.kind === 'monthly') return { start: local(y, m, 1), end: local(y, m + 1, 1), label: `${y}-${String(m + 1).padStart(2, '0')}` };
  const back = (wall.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(y, m, wall.getUTCDate() - back));
  const [my, mm, md] = [monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate()];
  return { start: local(my, mm, md), end: local(my, mm, md + 7), label: `${monday.toISOString().slice(0, 10)} week` };
}

/**
 * The period a plan draws from at `nowMs`: spot checks look at finished work, so a weekly or monthly plan takes
 * the last complete period; a custom plan its range.
 */
export function drawPeriod(period: PlanDefinition['period'], nowMs: number, zone: string): { start: number; end: number; label: string } {
  if (period.kind === 'custom') return periodAt(period, nowMs, zone);
  return periodAt(period, periodAt(period, nowMs, zone).start - 1, zone);
}

const DAY_MS = 86_400_000;

/**
 * The share (0..1) of a period a person is on leave. Leave days are whole local days in `zone`; a plan leaves a
 * person out when they are away for at least half of its period.
 */
export function leaveShare(leave: readonly LeavePeriod[] | undefined, period: { start: number; end: number }, zone: string): number {
  if (!leave?.length) return 0;
  const local = (day: string, plusDays = 0) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return fromZonedWallMs(Date.UTC(y, m - 1, d + plusDays), zone) ?? Date.UTC(y, m - 1, d + plusDays);
  };
  // Merge first so overlapping entries are not counted twice.
  const spans = leave.map((l) => [Math.max(local(l.from), period.start), Math.min(local(l.to, 1), period.end)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let away = 0;
  let reach = period.start;
  for (const [a, b] of spans) {
    const from = Math.max(a, reach);
    if (b > from) away += b - from;
    reach = Math.max(reach, b);
  }
  return Math.min(1, away / Math.max(DAY_MS, period.end - period.start));
}

export const LEAVE_SHARE_EXCLUDES = 0.5;

/** Whether any of the words occurs in the text (case-insensitive). */
export function textHasKeyword(text: string, keywords: readonly string[]): boolean {
  const low = text.toLowerCase();
  return keywords.some((k) => k && low.includes(k.toLowerCase()));
}

/** The risk signals a ticket shows; `breached` comes from its service-standard clocks, `text` is its thread. */
export function ticketSignals(t: Pick<Ticket, 'csat' | 'reopenedCount' | 'category'>, breached: boolean, text: string, risk: RiskThresholds): RiskSignal[] {
  const out: RiskSignal[] = [];
  if (t.csat !== null && t.csat <= risk.lowCsatAtMost) out.push('lowCsat');
  if (breached) out.push('slaBreach');
  if (t.reopenedCount > 0) out.push('reopened');
  if (risk.complaintCategories.includes(t.category)) out.push('complaint');
  if (text && textHasKeyword(text, risk.keywords)) out.push('keyword');
  return out;
}

/** The risk signals a call shows: long handling, words in its transcript, and its ticket's signals if linked. */
export function callSignals(r: Pick<Recording, 'durationSec'>, transcript: string, risk: RiskThresholds, ticket: RiskSignal[] = []): RiskSignal[] {
  const out = new Set<RiskSignal>(ticket.filter((s) => s !== 'keyword'));
  if (r.durationSec >= risk.longCallSec) out.add('longHandle');
  if (transcript && textHasKeyword(transcript, risk.keywords)) out.add('keyword');
  return RISK_SIGNALS.filter((s) => out.has(s));
}
