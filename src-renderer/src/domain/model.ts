import type { RemovalState } from './valueLists';
// The records the console keeps. Every record carries the base fields that team sync to PostgreSQL will replicate.
import type { Role } from './roles';
import type { ChainedAuditEntry } from './auditChain';
import type { ImportIssue } from './import/tickets';
import type { ColumnMapping } from './import/mapping';
import type { TimestampOptions } from './import/timestamps';
import type { Vocabularies } from './import/vocabulary';
import type { RubricDefinition } from './rubric';
import type { PlanDefinition } from './samplePlan';
import type { PickReason, Shortfall } from './sampling';

export interface BaseRecord {
  /** UUIDv7. */
  id: string;
  createdAt: string;
  updatedAt: string;
  /** +1 on every change. */
  rev: number;
  createdBy: string | null;
  deletedAt: string | null;
}

/** What a caller supplies when creating a record: everything but the base fields. */
export type NewRecord<T extends BaseRecord> = Omit<T, keyof BaseRecord> & { id?: string };

export interface Team extends BaseRecord {
  name: string;
  leadId: string | null;
  active: boolean;
}

export interface Person extends BaseRecord {
  name: string;
  email: string;
  employeeNo: string;
  teamId: string | null;
  role: Role;
  active: boolean;
  deactivatedAt: string | null;
  /** Leave (both days included, YYYY-MM-DD in the company zone): sample plans leave people out while away. */
  leave?: LeavePeriod[];
}

export interface LeavePeriod {
  from: string;
  to: string;
}

/** Password hash and lock-out state; id equals the person's id. Never holds a clear password. */
export interface Credential extends BaseRecord {
  hash: string;
  salt: string;
  params: { N: number; r: number; p: number; keylen: number };
  failedAttempts: number;
  lockedUntil: string | null;
}

export type Channel = 'phone' | 'email' | 'chat' | 'portal' | 'onsite';
export type Priority = 'urgent' | 'high' | 'normal' | 'low';
/** A built-in category, or one of the company's own (an admin's value list). */
export type TicketCategory = 'function-question' | 'system-fault' | 'usage-question' | (string & {});
export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';

export interface Ticket extends BaseRecord {
  source: string;
  externalId: string;
  subject: string;
  channel: Channel;
  priority: Priority;
  category: TicketCategory;
  /** Where the ticket is in its life; a company status adds its own value (statusValue). */
  status: TicketStatus;
  statusValue?: string;
  /** Taken out by the helpdesk (deleted, spam, merged, scrubbed): kept as such, never sampled or counted. */
  helpdeskState?: RemovalState;
  agentId: string | null;
  teamId: string | null;
  customerName: string;
  product: string;
  /** When the customer opened the ticket (not when the record was created here). */
  openedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  reopenedCount: number;
  /** Satisfaction rating 1-5, null when the customer did not rate. */
  csat: number | null;
  /** Data-quality warnings the import raised for this ticket (e.g. "resolved-before-created"). */
  flags?: string[];
  /** Digest of the imported content, so a re-import can tell updated from unchanged. */
  importHash?: string;
  /** The import run that last wrote this ticket. */
  importRunId?: string;
}

export interface TicketMessage extends BaseRecord {
  ticketId: string;
  at: string;
  author: 'customer' | 'agent' | 'internal';
  authorName: string;
  body: string;
}

export interface Recording extends BaseRecord {
  agentId: string | null;
  teamId: string | null;
  ticketId: string | null;
  startedAt: string;
  /** Where the start time came from: the recorder's metadata, or (none given) only the file's modification time. */
  startedAtSource?: 'metadata' | 'file-time' | 'edited';
  durationSec: number;
  direction: 'inbound' | 'outbound';
  customerNumber: string;
  queue: string;
  fileName: string;
  /** Where the audio is (on the workstation that imported it); audio itself never goes into IndexedDB. */
  path: string;
  /** Team mode: its place inside the department's recording share (forward slashes), so every workstation finds it. */
  sharePath?: string | null;
  contentHash: string;
  bytes: number;
  format: string;
  /** Problems the import found but kept (e.g. truncated, extension mismatch). */
  warnings?: string[];
  importRunId?: string;
  /** A call joined from two legs (one stereo file, agent left): the leg recordings it was made from. */
  legs?: { agentId: string; callerId: string };
  /** A leg that became part of a joined call (it is then soft-deleted, and comes back if the call is split). */
  joinedInto?: string;
}

export interface RecordingPeaks extends BaseRecord {
  recordingId: string;
  peaksPerSecond: number;
  peaks: number[];
  /** Stereo recordings: min/max pairs per channel (left, right) at the same rate. */
  channelPeaks?: number[][];
}

export interface TranscriptSegment {
  speaker: 'agent' | 'customer';
  start: number;
  end: number;
  text: string;
}

export interface Transcript extends BaseRecord {
  recordingId: string;
  language: string;
  segments: TranscriptSegment[];
  /** False for untimed sources (chat transcripts): no seeking by segment. Absent means timed. */
  timed?: boolean;
  /** The file it was imported from. */
  sourceFile?: string;
}

/** A kept setting; the id is the setting's key. */
export interface Setting extends BaseRecord {
  value: unknown;
}

/** An audit-log entry: the hash-chained fields plus the base record fields. */
export interface AuditEntry extends BaseRecord, ChainedAuditEntry {}

export type ImportKind = 'tickets' | 'recordings' | 'transcripts';

/** One import: who imported which file when, what it did, and the full report of rows that did not land. */
export interface ImportRun extends BaseRecord {
  kind: ImportKind;
  fileName: string;
  bytes: number;
  source: string;
  format: string;
  encoding: string | null;
  actorId: string | null;
  actorName: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'completed' | 'cancelled' | 'failed' | 'reverted';
  counts: { rows: number; created: number; updated: number; unchanged: number; failed: number; warnings: number };
  /** Set when the run was undone: when, by whom, and what was restored or left (changed later, or scored since). */
  reverted?: { at: string; byName: string; restored: number; removed: number; leftChangedLater: number; leftScored: number } | null;
  /** Every row-level error and warning (capped; issuesTruncated says how many more there were). */
  issues: ImportIssue[];
  issuesTruncated: number;
  message: string | null;
}

/** A ticket as it was before an import run updated it (and its thread, when the run replaced it): what undo restores. */
export interface ImportSnapshot extends BaseRecord {
  runId: string;
  ticketId: string;
  before: Ticket;
  /** The thread before the run, or null when the run left it as it was. */
  messagesBefore: TicketMessage[] | null;
}

/** A saved column mapping, offered again when an export with the same header comes back. */
export interface ImportPreset extends BaseRecord {
  kind: ImportKind;
  name: string;
  signature: string;
  source: string;
  mapping: ColumnMapping;
  timestamps: TimestampOptions;
  vocabularies: Partial<Vocabularies>;
  /** Agent values linked by hand: normalised source value -> person id, or null for "leave unassigned". */
  agentLinks: Record<string, string | null>;
}

/** A rubric: a name and its versions. The published version is what new evaluations use. */
export interface Rubric extends BaseRecord {
  name: string;
  status: 'active' | 'retired';
  /** The version new evaluations use; null until one is published. */
  publishedVersionId: string | null;
  latestVersion: number;
}

/** One version of a rubric. Published versions never change; editing one starts a new draft version. */
export interface RubricVersion extends BaseRecord {
  rubricId: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  definition: RubricDefinition;
  publishedAt: string | null;
}

/** A reviewer's answer to one criterion: a scale value or null for N/A, with the failure's root causes and a note. */
export interface EvaluationAnswer {
  value: number | null;
  rootCauses?: string[];
  note?: string;
}

/** A comment on the item, optionally on a criterion and (for calls) a time span in seconds. */
export interface EvaluationComment {
  id: string;
  criterionId: string | null;
  text: string;
  start: number | null;
  end: number | null;
  at: string;
  authorId: string;
}

/** What an evaluation said before a revision, kept in its history. */
export interface EvaluationRevision {
  revision: number;
  at: string;
  byId: string;
  reason: string;
  answers: Record<string, EvaluationAnswer>;
  score: number | null;
  outcome: string;
}

export interface Evaluation extends BaseRecord {
  itemKind: 'call' | 'ticket';
  itemId: string;
  agentId: string | null;
  teamId: string | null;
  reviewerId: string;
  rubricId: string;
  /** The rubric version it is scored on, pinned for good. */
  rubricVersionId: string;
  /** When the scored work happened (ticket opened, call started): periods and trends use this. */
  occurredAt: string;
  status: 'draft' | 'submitted';
  answers: Record<string, EvaluationAnswer>;
  comments: EvaluationComment[];
  feedback: string;
  score: number | null;
  outcome: 'pass' | 'fail' | 'not-applicable' | null;
  failedBy: { criterionId: string; scope: 'section' | 'all' } | null;
  submittedAt: string | null;
  /** 1 at submission, +1 per revision. */
  revision: number;
  revisions: EvaluationRevision[];
  acknowledgedAt: string | null;
  calibrationSessionId: string | null;
}

export interface DisputeItem {
  criterionId: string;
  proposedValue: number | null;
  reason: string;
}

export interface Dispute extends BaseRecord {
  evaluationId: string;
  agentId: string;
  status: 'open' | 'upheld' | 'adjusted';
  items: DisputeItem[];
  /** Open disputes are due for a decision by then. */
  dueAt: string;
  resolvedAt: string | null;
  resolvedById: string | null;
  reply: string;
}

/** A sample plan; editing it raises its version, and each run records the version it drew with. */
export interface SamplePlan extends BaseRecord {
  definition: PlanDefinition;
  version: number;
  active: boolean;
}

/** One drawn sample: reproducible from its seed, plan version and period. */
export interface SampleRun extends BaseRecord {
  planId: string;
  planVersion: number;
  /** The plan as drawn (the population criteria, quota and weights), kept with the run. */
  definition: PlanDefinition;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  seed: number;
  status: 'committed' | 'closed';
  shortfalls: Shortfall[];
  /** Items left out before drawing: already evaluated or in another open run. */
  excluded: number;
  population: number;
  /**
   * What the draw saw when it was committed, so anyone can draw again from the seed and compare: the people
   * covered, the items left out, the population's digest (sorted ids) and the quota picks. Older runs have none.
   */
  drawn?: { peopleIds: string[]; excludedIds: string[]; populationDigest: string; pickIds: string[] };
  /** The last verification: when, by whom, and whether drawing again gave the same picks. */
  verified?: { at: string; byId: string; identical: boolean };
}

/** A sampled item in a reviewer's queue. */
export interface Assignment extends BaseRecord {
  runId: string;
  itemKind: 'ticket' | 'call';
  itemId: string;
  agentId: string;
  teamId: string | null;
  reviewerId: string;
  status: 'open' | 'in-progress' | 'done' | 'replaced';
  dueAt: string;
  reason: PickReason;
  blind: boolean;
  minutes: number;
  /** Why it was reassigned or replaced, when it was. */
  note?: string;
}

/** Reviewers scoring the same items independently, to see how far they agree. */
export interface CalibrationSession extends BaseRecord {
  name: string;
  rubricVersionId: string;
  items: { kind: 'call' | 'ticket'; id: string }[];
  reviewerIds: string[];
  /** Whose answers are the reference (the session's owner scoring alongside), or null for none. */
  referenceReviewerId: string | null;
  ownerId: string;
  status: 'open' | 'closed';
  closedAt: string | null;
}

// Corrective actions' and the appraisal's records live beside their modules; the model names them all.
export * from './actionRecords';
export type * from './appraisalRecords';
