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

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    for (const v of SCHEMA_VERSIONS) this.version(v.version).stores(v.stores);
  }
}
