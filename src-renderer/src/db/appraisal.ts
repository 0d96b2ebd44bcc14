// Appraisal sheets: each staff member's sheet for a team's period, computed from their evaluations, tickets,
// corrective actions, disputes and the two assessments, with the records behind its figures. Team leads see their
// teams'; supervisors and admins every team's.
import Dexie from 'dexie';
import type { AppraisalAssessment, TeamAppraisalPeriod, LockedAppraisalRecord, Person, SyncOutboxEntry, Team } from '@renderer/domain/model';
import {
  composite,
  computeFigures,
  currentVersionOf,
  periodFromKey,
  resultsDiffer,
  type AppraisalFigures,
  type AppraisalPeriod,
  type AssessmentScores,
  type Composite,
} from '@renderer/domain/appraisal';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { AccessDenied, ValidationError, type RepoContext } from './context';
import { readSettings } from './settings';
import { isStaffRole, leadsTeamOf, mayReviewAppraisals } from '@renderer/domain/roles';
import { requireActor } from './access';

export const isReviewer = (ctx: RepoContext) => mayReviewAppraisals(requireActor(ctx).role);

/** Team leads see their teams' appraisals; supervisors and admins every team's. */
export function mayViewTeam(ctx: RepoContext, teamId: string): boolean {
  const a = requireActor(ctx);
  return isReviewer(ctx) || leadsTeamOf(a, teamId);
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
  records: LockedAppraisalRecord[];
  current: LockedAppraisalRecord | null;
  /** The figures now differ from the locked record's (a late evaluation, an adjusted dispute, a new assessment). */
  changedSinceLock: boolean;
  review: TeamAppraisalPeriod['reviews'][string];
  /** The outbox entry of each locked version, by record id. */
  sync: Record<string, SyncOutboxEntry>;
}

export interface PeriodView {
  period: AppraisalPeriod;
  team: Team;
  row: TeamAppraisalPeriod | null;
  sheets: Sheet[];
  /** Staff whose sheet still lacks a review the lock needs (the lead's when the team has one, the supervisor's). */
  unreviewed: string[];
  /** The period has ended (only finished periods can be locked). */
  over: boolean;
  teamHasLead: boolean;
}

const between = <T>(from: T, to: T) => [from, to] as const;

/** Everything one person's sheet is computed from, read through the compound indexes. */
async function sheetFiguresFor(ctx: RepoContext, person: Person, period: AppraisalPeriod, settings: Awaited<ReturnType<typeof readSettings>>) {
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

export async function periodRow(ctx: RepoContext, teamId: string, key: string): Promise<TeamAppraisalPeriod | null> {
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
    const { figures, composite: comp } = await sheetFiguresFor(ctx, person, period, settings);
    const mine = records.filter((r) => r.staffId === person.id).sort((a, b) => a.version - b.version);
    const current = currentVersionOf(mine);
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
