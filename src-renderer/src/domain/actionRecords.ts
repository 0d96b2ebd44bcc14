// Corrective actions as stored: the action, its follow-up items, its events, and the notification centre's entries.
import type { BaseRecord } from './model';
import type { ActionOutcome, ActionPriority, ActionStatus, Verification } from './correctiveActions';
import type { ReminderKind } from './reminders';

/** Root causes a corrective action names (what has to change). */
export const ROOT_CAUSES = ['knowledge', 'skill', 'attitude', 'process', 'tooling', 'other'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** A corrective action ("rectification"): what a staff member must change, by when, and how it is verified. */
export interface CorrectiveAction extends BaseRecord {
  staffId: string;
  teamId: string | null;
  /** Who follows it up (by default the staff member's team lead). */
  ownerId: string;
  /** The evaluation it came from, or null (standalone: a trend, a group complaint). */
  evaluationId: string | null;
  /** The action this one follows when an earlier one was not effective. */
  parentActionId: string | null;
  title: string;
  rootCauses: RootCause[];
  /** The criteria that failed and must pass in the follow-ups. */
  criterionIds: string[];
  /** Timestamped evidence from the evaluation's comments (seconds into a call, or a quote). */
  evidence: { note: string; at: number | null }[];
  /** What must change. */
  plan: string;
  priority: ActionPriority;
  dueAt: string;
  originalDueAt: string;
  /** How many times the deadline moved (each with a reason in the history). */
  extensions: number;
  verification: Verification;
  status: ActionStatus;
  outcome: ActionOutcome | null;
  /** When the work was reported done (sent to verification). */
  completedAt: string | null;
  closedAt: string | null;
  cancelReason: string | null;
  /** The reason given for closing against (or before) the follow-ups' verdict; absent or null otherwise. */
  closeOverride?: string | null;
  acknowledgedAt: string | null;
  /** Follow-up evaluations count from this moment. */
  followUpsFrom: string | null;
  /** Attachments referenced by path (never copied). */
  attachments: string[];
  /** Follow-up items requested for verification: drawn into a sample run, or requested by the owner directly. */
  followUpItems?: FollowUpItem[];
}

export interface FollowUpItem {
  assignmentId: string;
  itemKind: 'ticket' | 'call';
  itemId: string;
  reviewerId: string;
  requestedAt: string;
  /** The sample run that included it, or null when the owner asked directly. */
  runId: string | null;
}

/** One entry of a person's notification centre (text is built in the reader's language from kind and data). */
export interface AppNotification extends BaseRecord {
  recipientId: string;
  /** The fact it tells (see domain/reminders): unique per recipient, so nobody is told twice. */
  key: string;
  kind: ReminderKind | 'digest';
  actionId: string | null;
  data: { title?: string; dueAt?: string; overdue?: number; dueThisWeek?: number; escalated?: number };
  readAt: string | null;
}

/** One line of an action's history: a change of state or deadline, a comment, an acknowledgement. */
export interface CorrectiveActionEvent extends BaseRecord {
  actionId: string;
  at: string;
  actorId: string;
  kind: 'created' | 'status' | 'extended' | 'comment' | 'acknowledged' | 'edited' | 'follow-ups';
  text: string;
  from: string | null;
  to: string | null;
}
