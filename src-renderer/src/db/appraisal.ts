// Appraisal in the console: each staff member's sheet for a team's period (computed from their evaluations,
// tickets, corrective actions, disputes and the two assessments), reviews by the team lead and the quality
// supervisor, the lock that turns sheets into immutable hashed records, amendments that supersede a record by
// hash, the sync outbox (batches, back-off, results) and reconciliation against the appraisal database.
import Dexie from 'dexie';
import type { RecordSignatures } from '@contract';
import type { AppraisalAssessment, AppraisalPeriodRecord, AppraisalRecordRow, NewRecord, Person, SyncOutboxEntry, Team } from '@renderer/domain/model';
import {
  ASSESSMENT_INDICATORS,
  composite,
  computeFigures,
  contentHash,
  currentOf,
  periodFromKey,
  resultsDiffer,
  type AppraisalContent,
  type AppraisalFigures,
  type AppraisalPeriod,
  type AssessmentScores,
  type Composite,
  type RecordSignature,
} from '@renderer/domain/appraisal';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { stampNew, writeRecords } from './records';
import { readSettings } from './settings';
import { isStaffRole, leadsTeamOf, mayReviewAppraisals } from '@renderer/domain/roles';
import { requireActor } from './access';

const isReviewer = (ctx: RepoContext) => mayReviewAppraisals(requireActor(ctx).role);

/** Team leads see their teams' appraisals; supervisors and admins every team's. */
function mayViewTeam(ctx: RepoContext, teamId: string): boolean {
  const a = requireActor(ctx);
  return isReviewer(ctx) || leadsTeamOf(a, teamId);
}

/**
 * Signs records with the console's key (main's `signAppraisalRecords`, which hashes each content itself and signs
 * only a match, for a supervisor's or admin's session); one signature per record, in order.
 */
export type Signer = (records: { content: AppraisalContent; contentHash: string }[]) => Promise<RecordSignatures>;

function signed(sig: RecordSignatures, i: number): RecordSignature {
  return { keyId: sig.keyId, publicKey: sig.publicKey, value: sig.signatures[i]! };
}

export function periodOrThrow(key: string, zone: string): AppraisalPeriod {
  const p = periodFromKey(key, zone);
  if (!p) throw new ValidationError('period', 'appraisal.errors.periodKey', `"${key}" is not a month (2026-10), quarter (2026-Q4) or year (2026)`);
  return p;
}

export interface Sheet {
  person: Pick<Person, 'id' | 'name' | 'employeeNo' | 'teamId' | 'email'>;
  figures: AppraisalFigures;
  composite: Composite;
  /** Every locked version, oldest first. */
  records: AppraisalRecordRow[];
  current: AppraisalRecordRow | null;
  /** The figures now differ from the locked record's (a late evaluation, an adjusted dispute, a new assessment). */
  changedSinceLock: boolean;
  review: AppraisalPeriodRecord['reviews'][string];
  /** The outbox entry of each locked version, by record id. */
  sync: Record<string, SyncOutboxEntry>;
}

export interface PeriodView {
  period: AppraisalPeriod;
  team: Team;
  row: AppraisalPeriodRecord | null;
  sheets: Sheet[];
  /** Staff whose sheet still lacks a review the lock needs (the lead's when the team has one, the supervisor's). */
  unreviewed: string[];
  /** The period has ended (only finished periods can be locked). */
  over: boolean;
  teamHasLead: boolean;
}

const between = <T>(from: T, to: T) => [from, to] as const;

/** Everything one person's sheet is computed from, read through the compound indexes. */
async function figuresFor(ctx: RepoContext, person: Person, period: AppraisalPeriod, settings: Awaited<ReturnType<typeof readSettings>>) {
  const [startIso, endIso] = [new Date(period.start).toISOString(), new Date(period.end).toISOString()];
  const [evaluations, tickets, actions, disputes, assessments] = await Promise.all([
    ctx.db.evaluations.where('[agentId+occurredAt]').between(...between([person.id, startIso], [person.id, endIso]), true, false).toArray(),
    ctx.db.tickets.where('[agentId+openedAt]').between(...between([person.id, startIso], [person.id, endIso]), true, false).toArray(),
    ctx.db.correctiveActions.where('[staffId+status]').between(...between([person.id, Dexie.minKey], [person.id, Dexie.maxKey])).toArray(),
    ctx.db.disputes.where('[agentId+status]').between(...between([person.id, Dexie.minKey], [person.id, Dexie.maxKey])).toArray(),
    ctx.db.appraisalAssessments.where('[periodKey+staffId+kind]').between(...between([period.key, person.id, Dexie.minKey], [period.key, person.id, Dexie.maxKey])).toArray(),
  ]);
  const versions = await ctx.db.rubricVersions.bulkGet([...new Set(evaluations.map((e) => e.rubricVersionId))]);
  const assessment = (kind: AppraisalAssessment['kind']): AssessmentScores | null => {
    const a = assessments.find((x) => x.kind === kind && !x.deletedAt);
    return a ? { scores: a.scores, note: a.note } : null;
  };
  const figures = computeFigures(
    {
      evaluations,
      rubrics: new Map(versions.filter((v) => !!v).map((v) => [v!.id, v!.definition])),
      // A ticket the helpdesk took out (spam, deleted, merged) is no one's work to count.
      tickets: tickets.filter((t) => !t.deletedAt && !t.helpdeskState),
      // Actions count in the period their deadline falls in; disputes in the period they were raised.
      actions: actions.filter((a) => !a.deletedAt && a.dueAt >= startIso && a.dueAt < endIso),
      disputes: disputes.filter((d) => !d.deletedAt && d.createdAt >= startIso && d.createdAt < endIso),
      supervisor: assessment('supervisor'),
      self: assessment('self'),
    },
    { standards: settings.serviceStandards, calendar: compileCalendar(settings.workingCalendar), minEvaluations: settings.minEvaluations, nowMs: ctx.clock() },
  );
  return { figures, composite: composite(figures, settings.appraisal) };
}

/** The staff of a team an appraisal covers: active frontline staff and, if inactive now, those who left after the period began. */
async function teamStaff(ctx: RepoContext, teamId: string, period: AppraisalPeriod): Promise<Person[]> {
  const people = await ctx.db.people.where('teamId').equals(teamId).toArray();
  const startIso = new Date(period.start).toISOString();
  return people
    .filter((p) => isStaffRole(p.role) && !p.deletedAt && (p.active || (p.deactivatedAt !== null && p.deactivatedAt >= startIso)))
    .sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
}

export async function periodRow(ctx: RepoContext, teamId: string, key: string): Promise<AppraisalPeriodRecord | null> {
  if (!mayViewTeam(ctx, teamId)) throw new AccessDenied(`appraisal of team ${teamId}`);
  return (await ctx.db.appraisalPeriods.where('[key+teamId]').equals([key, teamId]).first()) ?? null;
}

export async function periodView(ctx: RepoContext, teamId: string, key: string): Promise<PeriodView> {
  if (!mayViewTeam(ctx, teamId)) throw new AccessDenied(`appraisal of team ${teamId}`);
  const settings = await readSettings(ctx.db);
  const period = periodOrThrow(key, settings.workingCalendar.zone);
  const team = await ctx.db.teams.get(teamId);
  if (!team) throw new ValidationError('team', 'appraisal.errors.noTeam', `team ${teamId} not found`);
  const row = await periodRow(ctx, teamId, key);
  const records = row ? await ctx.db.appraisalRecords.where('[periodId+staffId]').between([row.id, Dexie.minKey], [row.id, Dexie.maxKey]).toArray() : [];
  const outbox = records.length ? await ctx.db.syncOutbox.where('recordId').anyOf(records.map((r) => r.id)).toArray() : [];
  const byRecord = new Map(outbox.map((o) => [o.recordId, o]));
  const staff = await teamStaff(ctx, teamId, period);
  // A person locked into the period stays on it even if they changed team since.
  const lockedIds = new Set(records.map((r) => r.staffId));
  for (const id of lockedIds) if (!staff.some((p) => p.id === id)) staff.push((await ctx.db.people.get(id))!);
  const teamHasLead = !!team.leadId;
  const sheets: Sheet[] = [];
  for (const person of staff.filter(Boolean)) {
    const { figures, composite: comp } = await figuresFor(ctx, person, period, settings);
    const mine = records.filter((r) => r.staffId === person.id).sort((a, b) => a.version - b.version);
    const current = currentOf(mine);
    sheets.push({
      person: { id: person.id, name: person.name, employeeNo: person.employeeNo, teamId: person.teamId, email: person.email },
      figures,
      composite: comp,
      records: mine,
      current,
      changedSinceLock: current !== null && resultsDiffer(current.content, { figures, composite: comp }),
      review: row?.reviews[person.id] ?? {},
      sync: Object.fromEntries(mine.map((r) => [r.id, byRecord.get(r.id)!]).filter(([, o]) => !!o)),
    });
  }
  const unreviewed = sheets.filter((s) => !s.review.supervisor || (teamHasLead && !s.review.lead)).map((s) => s.person.id);
  return { period, team, row, sheets, unreviewed, over: period.end <= ctx.clock(), teamHasLead };
}

async function ensurePeriodRow(ctx: RepoContext, teamId: string, period: AppraisalPeriod): Promise<AppraisalPeriodRecord> {
  const existing = await periodRow(ctx, teamId, period.key);
  if (existing) return existing;
  const row = stampNew<AppraisalPeriodRecord>(ctx, {
    kind: period.kind,
    key: period.key,
    teamId,
    start: new Date(period.start).toISOString(),
    end: new Date(period.end).toISOString(),
    status: 'open',
    lockedAt: null,
    lockedById: null,
    reviews: {},
  });
  await ctx.db.transaction('rw', ctx.db.appraisalPeriods, ctx.db.auditLog, async () => {
    await writeRecords(ctx, ctx.db.appraisalPeriods, { create: [row] }, { each: 'create' });
  });
  return row;
}

/** Marks (or clears) the session's review of one sheet: as the team's lead, or as quality supervisor. */
export async function setReviewed(ctx: RepoContext, teamId: string, key: string, staffId: string, reviewed: boolean): Promise<AppraisalPeriodRecord> {
  const a = requireActor(ctx);
  if (!mayViewTeam(ctx, teamId)) throw new AccessDenied(`appraisal of team ${teamId}`);
  const settings = await readSettings(ctx.db);
  const row = await ensurePeriodRow(ctx, teamId, periodOrThrow(key, settings.workingCalendar.zone));
  if (row.status === 'locked') throw new ValidationError('period', 'appraisal.errors.locked', `${key} is locked for this team`);
  const as = isReviewer(ctx) ? 'supervisor' : 'lead';
  return ctx.db.transaction('rw', ctx.db.appraisalPeriods, ctx.db.auditLog, async () => {
    const before = (await ctx.db.appraisalPeriods.get(row.id))!;
    const mark = { ...(before.reviews[staffId] ?? {}) };
    if (reviewed) mark[as] = { byId: a.personId, at: nowIso(ctx) };
    else delete mark[as];
    const audit = { batch: { action: reviewed ? 'review' : 'unreview', entityId: row.id, before: { staffId, as, mark: before.reviews[staffId] ?? null }, after: { staffId, as, mark } } };
    const [after] = (await writeRecords(ctx, ctx.db.appraisalPeriods, { revise: [{ before, after: { ...before, reviews: { ...before.reviews, [staffId]: mark } } }] }, audit)).revised;
    return after!;
  });
}

export interface AssessmentInput {
  periodKey: string;
  staffId: string;
  kind: AppraisalAssessment['kind'];
  scores: Record<string, unknown>;
  note: string;
}

/** Saves a self-assessment (the staff member only) or a supervisor assessment (their lead, a supervisor, an admin). */
export async function saveAssessment(ctx: RepoContext, input: AssessmentInput): Promise<AppraisalAssessment> {
  const a = requireActor(ctx);
  const settings = await readSettings(ctx.db);
  periodOrThrow(input.periodKey, settings.workingCalendar.zone);
  const staff = await ctx.db.people.get(input.staffId);
  if (!staff) throw new ValidationError('staffId', 'appraisal.errors.noPerson', `person ${input.staffId} not found`);
  if (input.kind === 'self' && a.personId !== staff.id) throw new AccessDenied('a self-assessment is written by the person themselves');
  if (input.kind === 'supervisor' && !(isReviewer(ctx) || leadsTeamOf(a, staff.teamId)))
    throw new AccessDenied('the supervisor assessment is written by the team lead or a quality supervisor');
  const scores = {} as AppraisalAssessment['scores'];
  for (const k of ASSESSMENT_INDICATORS) {
    const v = input.scores[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) throw new ValidationError(`scores.${k}`, 'appraisal.errors.scoreRange', `${k}: a whole number from 0 to 100`);
    scores[k] = v;
  }
  if (input.note.length > 4000) throw new ValidationError('note', 'appraisal.errors.noteLong', 'the note is longer than 4000 characters');
  return ctx.db.transaction('rw', ctx.db.appraisalAssessments, ctx.db.auditLog, async () => {
    const before = await ctx.db.appraisalAssessments.where('[periodKey+staffId+kind]').equals([input.periodKey, staff.id, input.kind]).first();
    const written = before
      ? (await writeRecords(ctx, ctx.db.appraisalAssessments, { revise: [{ before, after: { ...before, scores, note: input.note, authorId: a.personId, deletedAt: null } }] }, { each: 'update' })).revised
      : (await writeRecords<AppraisalAssessment>(ctx, ctx.db.appraisalAssessments, { create: [{ periodKey: input.periodKey, staffId: staff.id, kind: input.kind, scores, note: input.note, authorId: a.personId }] }, { each: 'create' })).created;
    return written[0]!;
  });
}

export async function assessmentOf(ctx: RepoContext, periodKey: string, staffId: string, kind: AppraisalAssessment['kind']): Promise<AppraisalAssessment | null> {
  const a = requireActor(ctx);
  const staff = await ctx.db.people.get(staffId);
  if (!staff) return null;
  if (a.personId !== staffId && !mayViewTeam(ctx, staff.teamId ?? '')) throw new AccessDenied(`assessments of ${staffId}`);
  return (await ctx.db.appraisalAssessments.where('[periodKey+staffId+kind]').equals([periodKey, staffId, kind]).first()) ?? null;
}

function contentOf(view: PeriodView, sheet: Sheet, lockedBy: string, at: string, config: AppraisalContent['config'], version: number, supersedesHash: string | null, amendReason: string | null): AppraisalContent {
  return {
    employeeNo: sheet.person.employeeNo,
    staffId: sheet.person.id,
    staffName: sheet.person.name,
    teamId: view.team.id,
    teamName: view.team.name,
    period: { kind: view.period.kind, key: view.period.key, start: new Date(view.period.start).toISOString(), end: new Date(view.period.end).toISOString() },
    version,
    supersedesHash,
    amendReason,
    figures: sheet.figures,
    config,
    composite: sheet.composite,
    lockedAt: at,
    lockedBy,
  };
}

function outboxEntry(ctx: RepoContext, rec: AppraisalRecordRow): NewRecord<SyncOutboxEntry> {
  return {
    recordId: rec.id,
    periodKey: rec.content.period.key,
    employeeNo: rec.content.employeeNo,
    version: rec.version,
    status: 'pending',
    attempts: 0,
    lastError: null,
    lastAttemptAt: null,
    nextAttemptAt: nowIso(ctx),
    syncedAt: null,
    serverHash: null,
  };
}

async function lockerName(ctx: RepoContext): Promise<string> {
  const p = await ctx.db.people.get(requireActor(ctx).personId);
  return p ? `${p.name} <${p.email}>` : requireActor(ctx).personId;
}

/**
 * Locks a team's finished period: every sheet becomes a version-1 record with its content hash and an outbox entry,
 * in one transaction with the period's status. Needs every sheet reviewed (the lead's and the supervisor's mark).
 */
export async function lockPeriod(ctx: RepoContext, teamId: string, key: string, sign: Signer): Promise<{ records: number }> {
  if (!isReviewer(ctx)) throw new AccessDenied('a period is locked by a quality supervisor');
  const view = await periodView(ctx, teamId, key);
  if (view.row?.status === 'locked') throw new ValidationError('period', 'appraisal.errors.locked', `${key} is already locked for ${view.team.name}`);
  if (!view.over) throw new ValidationError('period', 'appraisal.errors.notOver', `${key} has not ended yet`);
  if (!view.sheets.length) throw new ValidationError('period', 'appraisal.errors.noStaff', `${view.team.name} has no staff to appraise`);
  if (view.unreviewed.length) throw new ValidationError('reviews', 'appraisal.errors.unreviewed', `${view.unreviewed.length} sheet(s) still need a review`);
  const settings = await readSettings(ctx.db);
  const by = await lockerName(ctx);
  const at = nowIso(ctx);
  const row = view.row!;
  const contents = view.sheets.map((s) => contentOf(view, s, by, at, settings.appraisal, 1, null, null));
  const hashes = contents.map(contentHash);
  // Signed before the transaction (a call to main cannot run inside an IndexedDB transaction).
  const sig = await sign(contents.map((content, i) => ({ content, contentHash: hashes[i]! })));
  const records = contents.map((content, i) =>
    stampNew<AppraisalRecordRow>(ctx, { periodId: row.id, staffId: content.staffId, version: 1, content, contentHash: hashes[i]!, signature: signed(sig, i) }),
  );
  await ctx.db.transaction('rw', [ctx.db.appraisalPeriods, ctx.db.appraisalRecords, ctx.db.syncOutbox, ctx.db.auditLog], async () => {
    const before = await ctx.db.appraisalPeriods.get(row.id);
    if (!before || before.rev !== row.rev) throw new ValidationError('period', 'appraisal.errors.changed', 'the period changed meanwhile; look again before locking');
    await writeRecords(ctx, ctx.db.appraisalRecords, { create: records }, { none: 'named, with their hashes, in the period’s lock entry below' });
    await writeRecords(ctx, ctx.db.syncOutbox, { create: records.map((r) => outboxEntry(ctx, r)) }, { none: 'the outbox of the records the lock entry names' });
    const audit = { batch: { action: 'lock', entityId: row.id, before: { status: before.status }, after: { status: 'locked', records: records.map((r) => ({ staffId: r.staffId, contentHash: r.contentHash })) } } };
    await writeRecords(ctx, ctx.db.appraisalPeriods, { revise: [{ before, after: { ...before, status: 'locked', lockedAt: at, lockedById: requireActor(ctx).personId } }] }, audit);
  });
  return { records: records.length };
}

/**
 * An amendment: the person's figures changed after the lock (a late evaluation, an adjusted dispute, an assessment),
 * so a new version is locked that names the hash of the one it supersedes, with the reason. The old one stays.
 */
export async function amendRecord(ctx: RepoContext, teamId: string, key: string, staffId: string, reason: string, sign: Signer): Promise<AppraisalRecordRow> {
  if (!isReviewer(ctx)) throw new AccessDenied('an amendment is made by a quality supervisor');
  if (!reason.trim()) throw new ValidationError('reason', 'appraisal.errors.reasonRequired', 'an amendment needs a reason');
  const view = await periodView(ctx, teamId, key);
  const sheet = view.sheets.find((s) => s.person.id === staffId);
  if (!sheet?.current) throw new ValidationError('staffId', 'appraisal.errors.notLocked', 'there is no locked record to amend');
  if (!sheet.changedSinceLock) throw new ValidationError('staffId', 'appraisal.errors.unchanged', 'nothing changed since the record was locked');
  const settings = await readSettings(ctx.db);
  const cur = sheet.current;
  const content = contentOf(view, sheet, await lockerName(ctx), nowIso(ctx), settings.appraisal, cur.version + 1, cur.contentHash, reason.trim());
  const hash = contentHash(content);
  const rec = stampNew<AppraisalRecordRow>(ctx, { periodId: cur.periodId, staffId, version: cur.version + 1, content, contentHash: hash, signature: signed(await sign([{ content, contentHash: hash }]), 0) });
  await ctx.db.transaction('rw', [ctx.db.appraisalRecords, ctx.db.syncOutbox, ctx.db.auditLog], async () => {
    // The unique [periodId+staffId+version] index refuses a second amendment of the same version made meanwhile.
    const audit = { batch: { action: 'amend', entityId: rec.id, before: { version: cur.version, contentHash: cur.contentHash }, after: { version: rec.version, contentHash: rec.contentHash, reason: reason.trim() } } };
    await writeRecords(ctx, ctx.db.appraisalRecords, { create: [rec] }, audit);
    await writeRecords(ctx, ctx.db.syncOutbox, { create: [outboxEntry(ctx, rec)] }, { none: 'the outbox of the amendment audited above' });
  });
  return rec;
}

/** Every locked record of a period the session may see, current versions only unless `all`, for HR exports. */
export async function lockedRecords(ctx: RepoContext, key: string, teamIds: string[] | null, all = false): Promise<AppraisalRecordRow[]> {
  const rows = (await ctx.db.appraisalPeriods.where('[key+teamId]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray()).filter(
    (r) => (teamIds === null || teamIds.includes(r.teamId)) && mayViewTeam(ctx, r.teamId),
  );
  const records = rows.length ? await ctx.db.appraisalRecords.where('periodId').anyOf(rows.map((r) => r.id)).toArray() : [];
  if (all) return records.sort((a, b) => a.content.employeeNo.localeCompare(b.content.employeeNo) || a.version - b.version);
  const byStaff = new Map<string, AppraisalRecordRow>();
  for (const r of records) {
    const k = `${r.periodId}/${r.staffId}`;
    if (!byStaff.has(k) || byStaff.get(k)!.version < r.version) byStaff.set(k, r);
  }
  return [...byStaff.values()].sort((a, b) => a.content.employeeNo.localeCompare(b.content.employeeNo));
}

/** The records behind a sheet's figures (for its drill-downs), for a session that may see the person's team. */
export async function sheetSources(ctx: RepoContext, staffId: string, f: AppraisalFigures) {
  const staff = await ctx.db.people.get(staffId);
  if (!staff?.teamId || !mayViewTeam(ctx, staff.teamId)) throw new AccessDenied(`appraisal sources of ${staffId}`);
  const disputes = (await ctx.db.disputes.bulkGet(f.disputes.disputeIds)).filter((d) => !!d && d.agentId === staffId).map((d) => d!);
  const [evaluations, tickets, actions] = await Promise.all([
    // The disputed evaluations too, so a dispute links to the item it is about.
    ctx.db.evaluations.bulkGet([...new Set([...f.qa.evaluationIds, ...disputes.map((d) => d.evaluationId)])]),
    ctx.db.tickets.bulkGet([...new Set([...f.csat.ticketIds, ...f.sla.breachedTicketIds, ...f.fcr.ticketIds])]),
    ctx.db.correctiveActions.bulkGet(f.actions.actionIds),
  ]);
  return {
    disputes,
    evaluations: evaluations.filter((e) => !!e && e.agentId === staffId).map((e) => e!),
    tickets: tickets.filter((x) => !!x && x.agentId === staffId).map((x) => x!),
    actions: actions.filter((a) => !!a && a.staffId === staffId).map((a) => a!),
  };
}

/** The signed-in person's own locked record for a period (the current version), if their team's period is locked. */
export async function myRecord(ctx: RepoContext, key: string): Promise<AppraisalRecordRow | null> {
  const a = requireActor(ctx);
  const mine = await ctx.db.appraisalRecords.where('staffId').equals(a.personId).toArray();
  return currentOf(mine.filter((r) => r.content.period.key === key));
}
