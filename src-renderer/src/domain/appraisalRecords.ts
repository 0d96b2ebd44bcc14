// The appraisal as stored: periods per team, assessments, locked records (with their versions), the sync outbox.
import type { BaseRecord } from './model';
import type { AppraisalContent, AssessmentIndicator, PeriodKind, RecordSignature } from './appraisal';

/** One team's appraisal period: open while sheets are reviewed, then locked (its records are then immutable). */
export interface TeamAppraisalPeriod extends BaseRecord {
  kind: PeriodKind;
  /** "2026-10", "2026-Q4", "2026". */
  key: string;
  teamId: string;
  start: string;
  end: string;
  status: 'open' | 'locked';
  lockedAt: string | null;
  lockedById: string | null;
  /** Per staff member: who reviewed the sheet, as lead and as quality supervisor. */
  reviews: Record<string, { lead?: { byId: string; at: string }; supervisor?: { byId: string; at: string } }>;
}

/** A supervisor assessment (by the team lead) or a self-assessment (by the staff member) for one period. */
export interface AppraisalAssessment extends BaseRecord {
  periodKey: string;
  staffId: string;
  kind: 'supervisor' | 'self';
  scores: Record<AssessmentIndicator, number>;
  note: string;
  authorId: string;
}

/** A locked appraisal record: immutable; a later change is a new version that supersedes it by hash. */
export interface LockedAppraisalRecord extends BaseRecord {
  periodId: string;
  staffId: string;
  version: number;
  content: AppraisalContent;
  contentHash: string;
  /** The locking console's signature over contentHash (outside the content: it vouches for the hash). */
  signature: RecordSignature;
}

/** One locked record waiting for (or done with) the appraisal database. */
export interface SyncOutboxEntry extends BaseRecord {
  recordId: string;
  periodKey: string;
  employeeNo: string;
  version: number;
  status: 'pending' | 'failed' | 'synced' | 'conflict';
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string;
  syncedAt: string | null;
  serverHash: string | null;
}
