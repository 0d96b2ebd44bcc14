// Schema versions of the console's IndexedDB. Add a version, never edit a published one;
// each later version comes with an upgrade and a test that seeds the old version (test/renderer/db/migrations.test.ts).

/** Every table's primary key is the record's UUIDv7 `id` (settings: the key). Indexes match the queries features run. */
export const SCHEMA_V1 = {
  teams: 'id, name, leadId',
  people: 'id, email, employeeNo, teamId, role, active',
  credentials: 'id',
  tickets: 'id, &[source+externalId], [agentId+openedAt], [teamId+openedAt], openedAt, channel, priority, category, status',
  ticketMessages: 'id, [ticketId+at]',
  recordings: 'id, [agentId+startedAt], [teamId+startedAt], ticketId, contentHash, startedAt',
  recordingPeaks: 'id, &recordingId',
  transcripts: 'id, recordingId',
  rubrics: 'id, name, status',
  rubricVersions: 'id, [rubricId+version], status',
  samplePlans: 'id, name',
  sampleRuns: 'id, [planId+periodStart]',
  assignments: 'id, runId, [reviewerId+status], [reviewerId+dueAt], itemId',
  evaluations: 'id, [agentId+occurredAt], [reviewerId+submittedAt], [teamId+occurredAt], status, rubricVersionId, itemId, calibrationSessionId',
  answers: 'id, [evaluationId+criterionId]',
  comments: 'id, evaluationId',
  disputes: 'id, evaluationId, [agentId+status], status',
  calibrationSessions: 'id, status',
  correctiveActions: 'id, [staffId+status], [ownerId+status], [teamId+status], dueAt, evaluationId',
  correctiveActionEvents: 'id, [actionId+at]',
  appraisalPeriods: 'id, [kind+start], status',
  appraisalRecords: 'id, &[periodId+staffId+version], [periodId+staffId], staffId',
  syncOutbox: 'id, [status+createdAt], recordId',
  auditLog: 'id, &seq, [entity+entityId], actorId, at',
  settings: 'id',
} as const;

/**
 * v2 (ingestion): import runs with their reports, saved column-mapping presets, tickets by external id (calls link
 * to them), messages by ticket. Single-value ticket indexes that no query used are dropped: every index costs
 * each of a 100k-ticket import's writes, and lists filter channel/priority/status in memory after a date range.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  tickets: 'id, &[source+externalId], externalId, [agentId+openedAt], [teamId+openedAt], openedAt',
  ticketMessages: 'id, ticketId',
  recordings: 'id, [agentId+startedAt], [teamId+startedAt], ticketId, contentHash, startedAt, fileName',
  importRuns: 'id, startedAt, kind, actorId',
  importPresets: 'id, [kind+signature], name',
} as const;

/** v3 (corrective actions): each person's notification centre, one entry per fact (unique recipient + key). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  notifications: 'id, [recipientId+createdAt], &[recipientId+key]',
} as const;

/**
 * v4 (appraisal): a period per team by key, assessments per period, person and kind; the outbox by status and
 * next attempt (what is due) and by period.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  appraisalPeriods: 'id, &[key+teamId], status',
  appraisalAssessments: 'id, &[periodKey+staffId+kind], staffId',
  syncOutbox: 'id, [status+nextAttemptAt], recordId, periodKey',
} as const;

/**
 * v5 (undo an import): the version of each ticket an import run updated, as it was before (and its thread when the
 * run replaced it), by run; tickets a run created are known by their importRunId.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  importSnapshots: 'id, runId, ticketId',
} as const;

/**
 * v6 (company value lists): tickets the helpdesk took out (deleted, spam, merged, scrubbed) by that state. The index
 * is sparse: only such tickets have the field, so ordinary tickets' writes cost nothing more, and sampling finds the
 * few to leave out without reading the rest.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  tickets: 'id, &[source+externalId], externalId, [agentId+openedAt], [teamId+openedAt], openedAt, helpdeskState',
} as const;

/**
 * v7 (team mode): the outbox of writes made on this workstation and not yet on the team server (one row per record
 * written, in write order, grouped by the transaction that wrote them), and the replica's own state (the feed's
 * cursor, a first sync's progress). Both stay on the workstation; standalone consoles leave them empty.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  teamOutbox: '++seq, txId, status, [table+recordId]',
  replicaMeta: 'id',
} as const;

export type TableName = keyof typeof SCHEMA_V7;

export const SCHEMA_VERSIONS: { version: number; stores: Record<string, string> }[] = [
  { version: 1, stores: SCHEMA_V1 },
  { version: 2, stores: SCHEMA_V2 },
  { version: 3, stores: SCHEMA_V3 },
  { version: 4, stores: SCHEMA_V4 },
  { version: 5, stores: SCHEMA_V5 },
  { version: 6, stores: SCHEMA_V6 },
  { version: 7, stores: SCHEMA_V7 },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;
