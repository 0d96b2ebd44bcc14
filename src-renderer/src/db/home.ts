// What each role's home says to do today: counts and short lists, each read through the same repository
// functions as the page a tile opens (so a tile's number is that page's list), in the session's scope.
import type { CorrectiveAction, ImportRun } from '@renderer/domain/model';
import { dayInZone, defaultFilters, type DashboardResult } from '@renderer/domain/dashboard';
import { isDueThisWeek } from '@renderer/domain/reminders';
import { isOverdue } from '@renderer/domain/correctiveActions';
import { periodContaining, previousPeriod } from '@renderer/domain/appraisal';
import { isStaffRole, leadsTeamOf, mayManagePeople, mayPlanSamples, seesOwnWorkOnly } from '@renderer/domain/roles';
import type { RepoContext } from './context';
import { requireActor } from './access';
import { readSettings } from './settings';
import { myQueue } from './reviewQueue';
import { duePlans } from './sampling';
import { openDisputes, myEvaluations } from './myScores';
import { myCalibrationWork } from './calibration';
import { listActions } from './correctiveActions';
import { listVisible } from './scoped';
import { dashboardFor } from './dashboard';
import { assessmentOf } from './appraisalReviews';
import { listImportRuns } from './imports';
import { outboxSummary, type OutboxSummary } from './appraisalOutbox';

export interface ReviewerWork {
  dueToday: number;
  overdue: number;
  inProgress: number;
  open: number;
  drafts: number;
  /** Plans whose next run is due (planners only; null for others). */
  runsDue: number | null;
  disputes: number;
  calibrationToScore: number;
  calibrationSessions: number;
}

/** A reviewer's day: the queue (due today, overdue, in progress), drafts, runs due, disputes to decide, calibration items to score. */
export async function reviewerWork(ctx: RepoContext): Promise<ReviewerWork> {
  const actor = requireActor(ctx);
  const settings = await readSettings(ctx.db);
  const now = ctx.clock();
  const today = dayInZone(now, settings.workingCalendar.zone);
  const [queue, plans, disputes, calibration] = await Promise.all([
    myQueue(ctx),
    mayPlanSamples(actor.role) ? duePlans(ctx) : Promise.resolve(null),
    openDisputes(ctx),
    myCalibrationWork(ctx),
  ]);
  // Drafts have no submittedAt (not in that index): count them by status and reviewer.
  const draftCount = await ctx.db.evaluations
    .where('status')
    .equals('draft')
    .filter((e) => e.reviewerId === actor.personId && !e.deletedAt)
    .count();
  const open = queue.filter((a) => a.status === 'open' || a.status === 'in-progress');
  const openSessions = calibration.sessions.filter((s) => s.status === 'open');
  return {
    dueToday: open.filter((a) => Date.parse(a.dueAt) >= now && Date.parse(a.dueAt) < today.end).length,
    overdue: open.filter((a) => Date.parse(a.dueAt) < now).length,
    inProgress: open.filter((a) => a.status === 'in-progress').length,
    open: open.length,
    drafts: draftCount,
    runsDue: plans === null ? null : plans.length,
    disputes: disputes.length,
    calibrationToScore: openSessions.reduce((n, s) => n + s.items.filter((i) => !calibration.done.has(`${s.id}|${i.id}`)).length, 0),
    calibrationSessions: openSessions.length,
  };
}

export interface ActionCounts {
  dueThisWeek: number;
  overdue: number;
  awaitingVerification: number;
}

function actionCounts(actions: readonly CorrectiveAction[], now: number, zone: string): ActionCounts {
  return {
    dueThisWeek: actions.filter((a) => isDueThisWeek(a, now, zone)).length,
    overdue: actions.filter((a) => isOverdue(a, now)).length,
    awaitingVerification: actions.filter((a) => a.status === 'awaiting-verification').length,
  };
}

/** This month's dashboard and the month before, for the session's reach (a lead's teams, a staff member's own). */
function monthFigures(ctx: RepoContext, zone: string): Promise<DashboardResult> {
  const today = dayInZone(ctx.clock(), zone).iso;
  return dashboardFor(ctx, defaultFilters(today));
}

export interface LeadHome {
  figures: DashboardResult;
  actions: ActionCounts;
  openDisputes: number;
}

/** A team lead's teams: this month vs last (with intervals), members below the line, actions to follow up, open disputes. */
export async function leadHome(ctx: RepoContext): Promise<LeadHome> {
  const actor = requireActor(ctx);
  const settings = await readSettings(ctx.db);
  const zone = settings.workingCalendar.zone;
  const [figures, actions, disputes] = await Promise.all([monthFigures(ctx, zone), listActions(ctx), listVisible(ctx, 'disputes')]);
  const team = actions.filter((a) => leadsTeamOf(actor, a.teamId) || a.ownerId === actor.personId);
  return { figures, actions: actionCounts(team, ctx.clock(), zone), openDisputes: disputes.filter((d) => d.status === 'open').length };
}

export interface StaffHome {
  figures: DashboardResult;
  unacknowledged: number;
  openActions: { id: string; title: string; dueAt: string; overdue: boolean }[];
  /** Last month's self-assessment: the month, and whether it is written. */
  selfAssessment: { periodKey: string; done: boolean } | null;
}

/** A staff member's own: evaluations to acknowledge, this month vs last, open actions and deadlines, last month's self-assessment. */
export async function staffHome(ctx: RepoContext): Promise<StaffHome> {
  const actor = requireActor(ctx);
  const settings = await readSettings(ctx.db);
  const zone = settings.workingCalendar.zone;
  const now = ctx.clock();
  const last = previousPeriod(periodContaining('month', now, zone), zone).key;
  const [figures, evaluations, actions, assessment] = await Promise.all([
    monthFigures(ctx, zone),
    myEvaluations(ctx),
    listActions(ctx),
    seesOwnWorkOnly(actor.role) ? assessmentOf(ctx, last, actor.personId, 'self') : Promise.resolve(undefined),
  ]);
  const open = actions.filter((a) => a.staffId === actor.personId && (a.status === 'open' || a.status === 'in-progress')).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return {
    figures,
    unacknowledged: evaluations.filter((e) => !e.acknowledgedAt).length,
    openActions: open.map((a) => ({ id: a.id, title: a.title, dueAt: a.dueAt, overdue: isOverdue(a, now) })),
    selfAssessment: assessment === undefined ? null : { periodKey: last, done: assessment !== null },
  };
}

export interface AdminHome {
  imports: ImportRun[];
  /** Runs of the last 30 days that failed or had rows that could not be imported. */
  importProblems: number;
  outbox: OutboxSummary;
  peopleWithoutTeam: number;
}

/** An admin's: import health, the appraisal sync's state, people who belong to no team (the audit check runs on demand). */
export async function adminHome(ctx: RepoContext): Promise<AdminHome> {
  const actor = requireActor(ctx);
  const since = new Date(ctx.clock() - 30 * 86_400_000).toISOString();
  const [runs, outbox, people] = await Promise.all([listImportRuns(ctx, undefined, 200), outboxSummary(ctx), mayManagePeople(actor.role) ? ctx.db.people.toArray() : Promise.resolve([])]);
  return {
    imports: runs.slice(0, 5),
    importProblems: runs.filter((r) => r.startedAt >= since && (r.status === 'failed' || r.counts.failed > 0)).length,
    outbox,
    peopleWithoutTeam: people.filter((p) => p.active && !p.deletedAt && !p.teamId && isStaffRole(p.role)).length,
  };
}
