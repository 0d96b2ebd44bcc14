// The Dexie database: one class, every schema version applied in order.
import Dexie, { type Table } from 'dexie';
import type {
  AuditEntry,
  Credential,
  Person,
  Recording,
  RecordingPeaks,
  Setting,
  Team,
  Ticket,
  TicketMessage,
  Transcript,
  BaseRecord,
  ImportRun,
  ImportPreset,
  Rubric,
  RubricVersion,
  Evaluation,
  Dispute,
  SamplePlan,
  SampleRun,
  Assignment,
  CalibrationSession,
  CorrectiveAction,
  CorrectiveActionEvent,
  AppNotification,
  TeamAppraisalPeriod,
  AppraisalAssessment,
  LockedAppraisalRecord,
  SyncOutboxEntry, ImportSnapshot } from '@renderer/domain/model';
import { SCHEMA_VERSIONS } from './schema';
import { replicatedTable } from '@renderer/domain/replication';

/** One record written on this workstation, waiting for the team server (team mode only). */
export interface OutboxRow {
  seq?: number;
  /** The local transaction that wrote it: its rows go to the server as one transaction. */
  txId: string;
  table: string;
  recordId: string;
  kind: 'create' | 'revise' | 'remove';
  /** The rev the change was based on (a revise), or null. */
  baseRev: number | null;
  record: Record<string, unknown> | null;
  /** The record as it was before this change (a revise): the base of a field-by-field conflict. */
  base?: Record<string, unknown> | null;
  status: 'pending' | 'conflict' | 'refused';
  /** The server's version (a conflict) or its words (refused). */
  server: Record<string, unknown> | null;
  message: string | null;
  at: string;
}

/** The replica's own state: the feed's cursor and the cluster it belongs to, a first sync's progress. */
export interface ReplicaMeta {
  id: string;
  value: unknown;
}

/** Records of features still to come: typed loosely until their issue defines them. */
export type LaterRecord = BaseRecord & Record<string, unknown>;

export const DEFAULT_DB_NAME = 'qa-console';

export class QaDatabase extends Dexie {
  teams!: Table<Team, string>;
  people!: Table<Person, string>;
  credentials!: Table<Credential, string>;
  tickets!: Table<Ticket, string>;
  ticketMessages!: Table<TicketMessage, string>;
  recordings!: Table<Recording, string>;
  recordingPeaks!: Table<RecordingPeaks, string>;
  transcripts!: Table<Transcript, string>;
  rubrics!: Table<Rubric, string>;
  rubricVersions!: Table<RubricVersion, string>;
  samplePlans!: Table<SamplePlan, string>;
  sampleRuns!: Table<SampleRun, string>;
  assignments!: Table<Assignment, string>;
  evaluations!: Table<Evaluation, string>;
  answers!: Table<LaterRecord, string>;
  comments!: Table<LaterRecord, string>;
  disputes!: Table<Dispute, string>;
  calibrationSessions!: Table<CalibrationSession, string>;
  correctiveActions!: Table<CorrectiveAction, string>;
  correctiveActionEvents!: Table<CorrectiveActionEvent, string>;
  appraisalPeriods!: Table<TeamAppraisalPeriod, string>;
  appraisalAssessments!: Table<AppraisalAssessment, string>;
  appraisalRecords!: Table<LockedAppraisalRecord, string>;
  syncOutbox!: Table<SyncOutboxEntry, string>;
  auditLog!: Table<AuditEntry, string>;
  settings!: Table<Setting, string>;
  importRuns!: Table<ImportRun, string>;
  importPresets!: Table<ImportPreset, string>;
  importSnapshots!: Table<ImportSnapshot, string>;
  notifications!: Table<AppNotification, string>;
  teamOutbox!: Table<OutboxRow, number>;
  replicaMeta!: Table<ReplicaMeta, string>;
  /**
   * Team mode: every write of a replicated table also writes its outbox rows, in the same transaction. Read-write
   * transactions over a replicated table then include the outbox (the caller's, when writes nest), so a write and
   * its outbox rows commit together or not at all. Off (standalone), transactions are exactly what callers ask.
   */
  journal = false;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    for (const v of SCHEMA_VERSIONS) this.version(v.version).stores(v.stores);
    const open = this.transaction.bind(this) as (...args: unknown[]) => unknown;
    const withOutbox = (...args: unknown[]): unknown => {
      if (!this.journal || typeof args[0] !== 'string' || !args[0].includes('w')) return open(...args);
      const scope = args[args.length - 1];
      const tables = args.slice(1, -1).flat();
      const names = tables.map((t) => (typeof t === 'string' ? t : (t as Table).name));
      if (!names.some((n) => replicatedTable(n)) || names.includes('teamOutbox')) return open(...args);
      return open(args[0], [...tables, this.teamOutbox], scope);
    };
    Object.defineProperty(this, 'transaction', { value: withOutbox, configurable: true, writable: true });
  }
}
