// Reviews and assessments of appraisal sheets: the team lead's and the quality supervisor's review marks on a
// team's period, the staff member's self-assessment and the supervisor assessment.
import type { AppraisalAssessment, TeamAppraisalPeriod } from '@renderer/domain/model';
import {
  ASSESSMENT_INDICATORS,
  type AppraisalPeriod,
} from '@renderer/domain/appraisal';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { stampNew, writeRecords } from './records';
import { readSettings } from './settings';
import { leadsTeamOf } from '@renderer/domain/roles';
import { requireActor } from './access';
import { isReviewer, mayViewTeam, periodOrThrow, periodRow } from './appraisal';

async function ensurePeriodRow(ctx: RepoContext, teamId: string, period: AppraisalPeriod): Promise<TeamAppraisalPeriod> {
  const existing = await periodRow(ctx, teamId, period.key);
  if (existing) return existing;
  const row = stampNew<TeamAppraisalPeriod>(ctx, {
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
export async function setReviewed(ctx: RepoContext, teamId: string, key: string, staffId: string, reviewed: boolean): Promise<TeamAppraisalPeriod> {
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
