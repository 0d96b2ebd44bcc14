// Reminders about corrective actions, decided from the actions, who is asking and a clock the caller passes:
// assigned to you, due soon, overdue, escalated (overdue by M days: to the quality supervisors and admins, and the
// owner). Each reminder has a key that is the same for the same fact, so a person is told once; a new deadline
// (an extension) makes new keys. The weekly digest lists what is overdue and what falls due this week.
import { isDueSoon, isEscalated, isFinal, isOverdue, type ActionStatus } from './correctiveActions';
import { periodAt } from './samplePlan';
import { toZonedWallMs } from './timeZones';
import type { Role } from './roles';
import { overseesAll } from './roles';

export const REMINDER_KINDS = ['assigned', 'due-soon', 'overdue', 'escalated'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface RemindedAction {
  id: string;
  title: string;
  staffId: string;
  ownerId: string;
  createdBy: string | null;
  status: ActionStatus;
  dueAt: string;
}

export interface Recipient {
  personId: string;
  role: Role;
}

export interface ReminderSettings {
  dueSoonDays: number;
  escalateAfterDays: number;
}

export interface Reminder {
  /** The same for the same fact (kind, action and deadline): a person is told once. */
  key: string;
  kind: ReminderKind;
  actionId: string;
  dueAt: string;
}

const oversees = (r: Recipient) => overseesAll(r.role);

/**
 * What `me` should be told now about these actions (the ones they may see). Of the time-based reminders only the
 * most advanced applies: escalated, else overdue, else due soon. Staff are told of their own actions (raised, due,
 * overdue) but escalation goes to the owner and to supervisors and admins.
 */
export function remindersFor(actions: readonly RemindedAction[], me: Recipient, s: ReminderSettings, nowMs: number): Reminder[] {
  const out: Reminder[] = [];
  for (const a of actions) {
    if (isFinal(a.status)) continue;
    const owner = a.ownerId === me.personId;
    const staff = a.staffId === me.personId;
    const add = (kind: ReminderKind, withDeadline: boolean) => out.push({ key: withDeadline ? `${kind}:${a.id}:${a.dueAt}` : `${kind}:${a.id}`, kind, actionId: a.id, dueAt: a.dueAt });
    // Assigned: the owner, unless they raised it themselves; the staff member it is about.
    if ((owner && a.createdBy !== me.personId) || staff) add('assigned', false);
    if (isEscalated(a, nowMs, s.escalateAfterDays) && (owner || oversees(me))) add('escalated', true);
    else if (isOverdue(a, nowMs) && (owner || staff)) add('overdue', true);
    else if (isDueSoon(a, nowMs, s.dueSoonDays) && (owner || staff)) add('due-soon', true);
  }
  return out;
}

/** Still being worked on and due between now and the end of this week (Sunday midnight in the company zone). */
export function isDueThisWeek(a: Pick<RemindedAction, 'status' | 'dueAt'>, nowMs: number, zone: string): boolean {
  const due = Date.parse(a.dueAt);
  return (a.status === 'open' || a.status === 'in-progress') && due > nowMs && due <= periodAt({ kind: 'weekly' }, nowMs, zone).end;
}

export interface Digest {
  /** The local day (YYYY-MM-DD in the company zone): a digest is shown once a day. */
  day: string;
  overdue: string[];
  dueThisWeek: string[];
  /** For supervisors and admins: escalated actions of anyone. */
  escalated: string[];
}

/**
 * The start-of-day digest for `me`: their own actions (as owner or staff member) overdue or due before the end of
 * this week (Monday to Sunday in the company zone), and for supervisors and admins every escalated action.
 */
export function weekDigest(actions: readonly RemindedAction[], me: Recipient, s: ReminderSettings, nowMs: number, zone: string): Digest {
  const day = new Date(toZonedWallMs(nowMs, zone)).toISOString().slice(0, 10);
  const live = actions.filter((a) => !isFinal(a.status));
  const mine = live.filter((a) => a.ownerId === me.personId || a.staffId === me.personId);
  return {
    day,
    overdue: mine.filter((a) => isOverdue(a, nowMs)).map((a) => a.id),
    dueThisWeek: mine.filter((a) => isDueThisWeek(a, nowMs, zone)).map((a) => a.id),
    escalated: oversees(me) ? live.filter((a) => isEscalated(a, nowMs, s.escalateAfterDays)).map((a) => a.id) : [],
  };
}

export const digestIsEmpty = (d: Digest) => !d.overdue.length && !d.dueThisWeek.length && !d.escalated.length;
