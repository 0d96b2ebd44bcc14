// Team mode's replicated tables: which local table maps to which server table, and the fields of the record the
// server's row-level security needs (whose it is, whose team, its parent, its reviewer). Pure data, read by the
// server schema (main, through @domain) and by the replica (db/). What each kind lets each role do is in the server
// schema's policies (src-main/services/teamSchema.ts) and the README's security model.

/**
 * How a table's rows are shared:
 * - `directory`: people and teams, read by every signed-in person, written by admins;
 * - `shared`: rubrics and settings, read by everyone, written by admins and quality supervisors;
 * - `planning`: sample plans and runs, read by reviewers, written by admins and supervisors;
 * - `imports`: import history, presets and undo snapshots, admins' and supervisors' only;
 * - `person`: a person's tickets and recordings, read by the person, their lead and the overseers;
 * - `child`: rows of a parent record (a ticket's messages, a call's peaks and transcript): visible with the parent;
 * - the rest have rules of their own (evaluations, disputes, actions, notifications, assignments, calibration,
 *   appraisal periods, assessments and locked records).
 */
export type ReplicaKind =
  | 'directory'
  | 'shared'
  | 'planning'
  | 'imports'
  | 'person'
  | 'child'
  | 'evaluation'
  | 'dispute'
  | 'action'
  | 'actionEvent'
  | 'notification'
  | 'assignment'
  | 'calibration'
  | 'teamPeriod'
  | 'assessment'
  | 'lockedRecord';

export interface ReplicatedTable {
  /** The console's (Dexie) table. */
  table: string;
  /** The server's table in schema qa_console. */
  server: string;
  kind: ReplicaKind;
  /** The record's field naming the person it belongs to. */
  owner?: string;
  /** The record's field naming a team. */
  team?: string;
  /** The record's field naming a second person with rights on it (reviewer, action owner). */
  reviewer?: string;
  /** The record's field holding a list of people with read rights (calibration reviewers). */
  readers?: string;
  /** The parent table (a `child` row is visible exactly when its parent is) and the field naming it. */
  parent?: { table: string; field: string };
  /** The only fields a staff member may change on their own row (the server refuses a change to the rest). */
  staffMayChange?: readonly string[];
  /** Records that stay on the workstation while a field has this value (a reviewer's draft): sent once it changes. */
  localWhile?: { field: string; value: string };
  /** The record fields that are unique together (the replica's unique indexes; the server keeps the same). */
  unique?: readonly (readonly string[])[];
}

/** In dependency order (parents before children): a first sync and a move to the server go in this order. */
export const REPLICATED_TABLES: readonly ReplicatedTable[] = [
  { table: 'teams', server: 'teams', kind: 'directory', team: 'id' },
  { table: 'people', server: 'people', kind: 'directory', owner: 'id', team: 'teamId' },
  { table: 'settings', server: 'settings', kind: 'shared' },
  { table: 'rubrics', server: 'rubrics', kind: 'shared' },
  { table: 'rubricVersions', server: 'rubric_versions', kind: 'shared' },
  { table: 'importRuns', server: 'import_runs', kind: 'imports' },
  { table: 'importPresets', server: 'import_presets', kind: 'imports' },
  { table: 'importSnapshots', server: 'import_snapshots', kind: 'imports' },
  { table: 'tickets', server: 'tickets', kind: 'person', owner: 'agentId', team: 'teamId', unique: [['source', 'externalId']] },
  { table: 'ticketMessages', server: 'ticket_messages', kind: 'child', parent: { table: 'tickets', field: 'ticketId' } },
  { table: 'recordings', server: 'recordings', kind: 'person', owner: 'agentId', team: 'teamId' },
  { table: 'recordingPeaks', server: 'recording_peaks', kind: 'child', parent: { table: 'recordings', field: 'recordingId' }, unique: [['recordingId']] },
  { table: 'transcripts', server: 'transcripts', kind: 'child', parent: { table: 'recordings', field: 'recordingId' } },
  { table: 'samplePlans', server: 'sample_plans', kind: 'planning' },
  { table: 'sampleRuns', server: 'sample_runs', kind: 'planning' },
  { table: 'calibrationSessions', server: 'calibration_sessions', kind: 'calibration', reviewer: 'ownerId', readers: 'reviewerIds' },
  { table: 'assignments', server: 'assignments', kind: 'assignment', owner: 'agentId', team: 'teamId', reviewer: 'reviewerId' },
  { table: 'evaluations', server: 'evaluations', kind: 'evaluation', owner: 'agentId', team: 'teamId', reviewer: 'reviewerId', staffMayChange: ['acknowledgedAt'], localWhile: { field: 'status', value: 'draft' } },
  { table: 'disputes', server: 'disputes', kind: 'dispute', owner: 'agentId', parent: { table: 'evaluations', field: 'evaluationId' } },
  { table: 'correctiveActions', server: 'corrective_actions', kind: 'action', owner: 'staffId', team: 'teamId', reviewer: 'ownerId', staffMayChange: ['acknowledgedAt'] },
  { table: 'correctiveActionEvents', server: 'corrective_action_events', kind: 'actionEvent', parent: { table: 'correctiveActions', field: 'actionId' } },
  { table: 'notifications', server: 'notifications', kind: 'notification', owner: 'recipientId', unique: [['recipientId', 'key']] },
  { table: 'appraisalPeriods', server: 'appraisal_periods', kind: 'teamPeriod', team: 'teamId', unique: [['key', 'teamId']] },
  { table: 'appraisalAssessments', server: 'appraisal_assessments', kind: 'assessment', owner: 'staffId', reviewer: 'authorId', unique: [['periodKey', 'staffId', 'kind']] },
  { table: 'appraisalRecords', server: 'locked_appraisal_records', kind: 'lockedRecord', owner: 'staffId', unique: [['periodId', 'staffId', 'version']] },
];

type ConsoleRole = 'admin' | 'supervisor' | 'lead' | 'staff';
const OVERSEERS: readonly ConsoleRole[] = ['admin', 'supervisor'];
const REVIEWERS: readonly ConsoleRole[] = ['admin', 'supervisor', 'lead'];
/** The roles granted a kind's table at all (the rest get "permission denied"); row-level security then decides rows. */
const GRANTED: Partial<Record<ReplicaKind, readonly ConsoleRole[]>> = { planning: REVIEWERS, imports: OVERSEERS, assignment: REVIEWERS, calibration: REVIEWERS, teamPeriod: REVIEWERS };
export const grantedRoles = (t: ReplicatedTable): readonly ConsoleRole[] => GRANTED[t.kind] ?? ['admin', 'supervisor', 'lead', 'staff'];
/** The tables a role's replica holds, in dependency order. */
export const replicatedFor = (role: ConsoleRole): readonly ReplicatedTable[] => REPLICATED_TABLES.filter((t) => grantedRoles(t).includes(role));

const BY_TABLE = new Map(REPLICATED_TABLES.map((t) => [t.table, t]));
const BY_SERVER = new Map(REPLICATED_TABLES.map((t) => [t.server, t]));

/** The replicated table of a local table, or undefined for what stays on the workstation (credentials, drafts' own tables, the outbox, the local audit log). */
export const replicatedTable = (table: string): ReplicatedTable | undefined => BY_TABLE.get(table);
export const replicatedServerTable = (server: string): ReplicatedTable | undefined => BY_SERVER.get(server);

/** Fields every replicated record carries that the server keeps as columns too. */
export const BASE_FIELDS = ['id', 'rev', 'createdAt', 'updatedAt', 'createdBy', 'deletedAt'] as const;

/** The PostgreSQL login role of a person, from their employee number (lower-case letters, digits and _ only). */
export function loginRoleOf(employeeNo: string): string {
  const safe = employeeNo
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  if (!safe || safe.length > 50) throw new Error(`employee number ${JSON.stringify(employeeNo)} cannot name a login (1 to 50 letters, digits or _)`);
  return `qa_u_${safe}`;
}

// ---- What the replica and the team server say to each other (main's team session answers, the replica asks).

export interface FeedBounds {
  /** Rows changed by transactions below this are all settled: the pull's upper bound and the next cursor. */
  hi: string;
  /** The server's next transaction id: a cursor above it means the server went back in time (a restore). */
  current: string;
  /** The cluster (a different one means a full re-sync). */
  system: string;
}

/** A row's change position (transaction id and sequence): where the next page of a pull starts. */
export interface FeedPosition {
  xid: string;
  seq: string;
}

export interface FeedRow extends FeedPosition {
  id: string;
  record: Record<string, unknown>;
}

export interface WriteOp {
  table: string;
  /** create: a new record; revise: a change based on `baseRev`; remove: a row removed for good. */
  kind: 'create' | 'revise' | 'remove';
  id: string;
  baseRev: number | null;
  record: Record<string, unknown> | null;
}

/** One console transaction: its ops land together or not at all. */
export interface WriteTx {
  id: string;
  ops: WriteOp[];
}

export type WriteOutcome =
  | { id: string; status: 'applied' | 'already' }
  /** Someone else changed (or created) the record first: the server's version, for the person to choose from. */
  | { id: string; status: 'conflict'; op: number; server: Record<string, unknown> | null; message: string }
  /** The server refused it (row-level security, a rule of the schema): not to be retried as it is. */
  | { id: string; status: 'refused'; op: number; message: string };

/** Each person's replica database on a workstation is named with this prefix (platform/teamLink teamDatabaseName). */
export const REPLICA_PREFIX = 'qa-team ';
