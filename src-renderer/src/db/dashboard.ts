// What the dashboard and the homes read: the rows of a period (and the one before) that the session may see,
// through the role scope (supervisors and admins everyone, a team lead their teams, staff themselves), shaped for
// domain/dashboard. Reads go through the [team+time] and [person+time] indexes, so a quarter costs the quarter.
import type { Evaluation, Person, Ticket } from '@renderer/domain/model';
import {
  COACHING_LOOKBACK_DAYS,
  computeDashboard,
  type DashboardResult,
  previousDashPeriod,
  resolvePeriod,
  type DashAction,
  type DashboardFilters,
  type DashboardInput,
  type DashEvaluation,
  type DashTicket,
} from '@renderer/domain/dashboard';
import { isStaffRole, overseesAll } from '@renderer/domain/roles';
import type { RepoContext } from './context';
import { readablePersonIds, listVisible } from './scoped';
import { requireActor } from './access';
import { readSettings } from './settings';
import { compileCalendar } from '@renderer/domain/workingCalendar';

type IndexedTable = 'evaluations' | 'tickets' | 'recordings';
const TIME_FIELD: Record<IndexedTable, string> = { evaluations: 'occurredAt', tickets: 'openedAt', recordings: 'startedAt' };

/**
 * Rows of a person-owned table whose time falls in [from, to): per team for everyone's (plus people without a team),
 * per person for a lead's or a staff member's reach, and only the chosen teams or people when the filters name some.
 */
async function rowsInRange<T>(ctx: RepoContext, name: IndexedTable, fromIso: string, toIso: string, f: Pick<DashboardFilters, 'teamIds' | 'personIds'>): Promise<T[]> {
  const table = ctx.db.table<T, string>(name);
  const field = TIME_FIELD[name];
  const byPerson = (ids: string[]) => Promise.all(ids.map((id) => table.where(`[agentId+${field}]`).between([id, fromIso], [id, toIso], true, false).toArray())).then((xs) => xs.flat());
  const readable = await readablePersonIds(ctx);
  if (readable !== null) {
    const people = f.personIds.length ? readable.filter((id) => f.personIds.includes(id)) : readable;
    return byPerson(people);
  }
  if (f.personIds.length) return byPerson(f.personIds);
  const teams = f.teamIds.length ? f.teamIds : (await ctx.db.teams.toCollection().primaryKeys()).map(String);
  const perTeam = Promise.all(teams.map((id) => table.where(`[teamId+${field}]`).between([id, fromIso], [id, toIso], true, false).toArray())).then((xs) => xs.flat());
  if (f.teamIds.length) return perTeam;
  // People without a team have no [teamId+time] entry (null is not a key): read them by person.
  const teamless = (await ctx.db.people.toArray()).filter((p) => !p.teamId).map((p) => p.id);
  const [a, b] = await Promise.all([perTeam, byPerson(teamless)]);
  return [...a, ...b];
}

const toDashEvaluation = (e: Evaluation, channel: string): DashEvaluation => ({
  id: e.id,
  agentId: e.agentId,
  teamId: e.teamId,
  reviewerId: e.reviewerId,
  rubricId: e.rubricId,
  rubricVersionId: e.rubricVersionId,
  itemKind: e.itemKind,
  itemId: e.itemId,
  occurredAt: e.occurredAt,
  submittedAt: e.submittedAt,
  status: e.status,
  calibrationSessionId: e.calibrationSessionId,
  deletedAt: e.deletedAt,
  score: e.score,
  outcome: e.outcome,
  failedBy: e.failedBy,
  answers: e.answers,
  channel,
});

const counts = (e: Evaluation) => e.status === 'submitted' && !e.deletedAt && !e.calibrationSessionId;

/** The channel of each evaluated item: calls are 'phone'; tickets their own (read once, from the period's or by id). */
async function withChannels(ctx: RepoContext, evals: Evaluation[], known: Map<string, string>): Promise<DashEvaluation[]> {
  const missing = [...new Set(evals.filter((e) => e.itemKind === 'ticket' && !known.has(e.itemId)).map((e) => e.itemId))];
  if (missing.length) for (const t of await ctx.db.tickets.bulkGet(missing)) if (t) known.set(t.id, t.channel);
  return evals.map((e) => toDashEvaluation(e, e.itemKind === 'call' ? 'phone' : (known.get(e.itemId) ?? 'email')));
}

/** Everything the dashboard computes from, for the filters' period and the one before, in the session's scope. */
export async function dashboardInput(ctx: RepoContext, f: DashboardFilters): Promise<DashboardInput> {
  const actor = requireActor(ctx);
  const settings = await readSettings(ctx.db);
  const zone = settings.workingCalendar.zone;
  const period = resolvePeriod(f.period, zone);
  const previous = previousDashPeriod(f.period, period, zone);
  const fromIso = new Date(f.compare ? previous.start : period.start).toISOString();
  const toIso = new Date(period.end).toISOString();
  const startIso = new Date(period.start).toISOString();

  const [evalRows, ticketRows, callRows, actions, disputes, versions, readable] = await Promise.all([
    rowsInRange<Evaluation>(ctx, 'evaluations', fromIso, toIso, f),
    rowsInRange<Ticket>(ctx, 'tickets', fromIso, toIso, f),
    rowsInRange<{ id: string; agentId: string | null; teamId: string | null; startedAt: string; deletedAt: string | null }>(ctx, 'recordings', startIso, toIso, f),
    listVisible(ctx, 'correctiveActions', 5000),
    listVisible(ctx, 'disputes', 5000),
    ctx.db.rubricVersions.toArray(),
    readablePersonIds(ctx),
  ]);
  const tickets: DashTicket[] = ticketRows
    .filter((t) => !t.deletedAt && !t.helpdeskState)
    .map((t) => ({ id: t.id, agentId: t.agentId, teamId: t.teamId, channel: t.channel, priority: t.priority, openedAt: t.openedAt, firstResponseAt: t.firstResponseAt, resolvedAt: t.resolvedAt, status: t.status, reopenedCount: t.reopenedCount, csat: t.csat }));
  const channels = new Map(tickets.map((t) => [t.id, t.channel as string]));
  const evaluations = await withChannels(ctx, evalRows.filter(counts), channels);

  const mayRead = (personId: string | null) => readable === null || (personId !== null && readable.includes(personId));
  const [assignments, runs, people] = await Promise.all([
    ctx.db.assignments.filter((a) => !a.deletedAt && a.dueAt >= startIso && a.dueAt < toIso && (mayRead(a.agentId) || a.reviewerId === actor.personId)).toArray(),
    overseesAll(actor.role) ? ctx.db.sampleRuns.filter((r) => !r.deletedAt && r.periodStart >= startIso && r.periodStart < toIso).toArray() : Promise.resolve([]),
    readable === null ? ctx.db.people.toArray() : ctx.db.people.bulkGet(readable).then((xs) => xs.filter((p): p is Person => !!p)),
  ]);
  const staff = people.filter((p) => isStaffRole(p.role) && !p.deletedAt && (p.active || (p.deactivatedAt !== null && p.deactivatedAt >= startIso)));

  const dashActions: DashAction[] = actions.map((a) => ({
    id: a.id,
    staffId: a.staffId,
    teamId: a.teamId,
    createdAt: a.createdAt,
    closedAt: a.closedAt,
    status: a.status,
    outcome: a.outcome,
    closeOverride: a.closeOverride ?? null,
    dueAt: a.dueAt,
    completedAt: a.completedAt,
    rootCauses: a.rootCauses,
    criterionIds: a.criterionIds,
    followUpsFrom: a.followUpsFrom,
    followUpItemIds: (a.followUpItems ?? []).map((i) => i.itemId),
  }));

  // Coaching: the evaluations of everyone with an action closed in the period, from the lookback before its opening to its close.
  const closed = dashActions.filter((a) => a.status === 'closed' && a.closedAt && a.closedAt >= startIso && a.closedAt < toIso && a.criterionIds.length);
  const historyRows: Evaluation[] = [];
  for (const staffId of new Set(closed.map((a) => a.staffId))) {
    const mine = closed.filter((a) => a.staffId === staffId);
    const from = new Date(Math.min(...mine.map((a) => Date.parse(a.createdAt))) - COACHING_LOOKBACK_DAYS * 86_400_000).toISOString();
    const to = mine.map((a) => a.closedAt!).sort().pop()!;
    historyRows.push(...(await ctx.db.evaluations.where('[agentId+occurredAt]').between([staffId, from], [staffId, to], true, true).toArray()).filter(counts));
  }

  return {
    evaluations,
    tickets,
    calls: callRows.filter((c) => !c.deletedAt).map((c) => ({ id: c.id, agentId: c.agentId, teamId: c.teamId, startedAt: c.startedAt })),
    actions: dashActions,
    disputes: disputes.map((d) => ({ id: d.id, evaluationId: d.evaluationId, agentId: d.agentId, status: d.status, createdAt: d.createdAt, resolvedAt: d.resolvedAt, criterionIds: d.items.map((i) => i.criterionId) })),
    assignments: assignments.map((a) => ({ id: a.id, agentId: a.agentId, teamId: a.teamId, reviewerId: a.reviewerId, status: a.status, dueAt: a.dueAt, minutes: a.minutes, runId: a.runId })),
    runs: runs.map((r) => ({
      id: r.id,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      perPerson: r.definition.rules.quota.mode === 'per-person' ? r.definition.rules.quota.ticket + r.definition.rules.quota.call : null,
      peopleIds: r.drawn?.peopleIds ?? [],
    })),
    people: staff.map((p) => ({ id: p.id, teamId: p.teamId })),
    history: await withChannels(ctx, historyRows, channels),
    rubrics: new Map(versions.map((v) => [v.id, v.definition])),
  };
}

/** The names and choices the filters offer: teams, people, rubrics and their versions, reviewers (all within the scope). */
export async function dashboardChoices(ctx: RepoContext) {
  const readable = await readablePersonIds(ctx);
  const [people, teams, rubrics, versions] = await Promise.all([ctx.db.people.toArray(), ctx.db.teams.toArray(), ctx.db.rubrics.toArray(), ctx.db.rubricVersions.toArray()]);
  const visible = readable === null ? people : people.filter((p) => readable.includes(p.id));
  const teamIds = new Set(visible.map((p) => p.teamId).filter((x): x is string => !!x));
  return {
    people: visible.filter((p) => !p.deletedAt).map((p) => ({ id: p.id, name: p.name, teamId: p.teamId, role: p.role })),
    // Reviewers are named wherever their work shows (a lead sees who scored their team).
    reviewers: people.filter((p) => !p.deletedAt && !isStaffRole(p.role)).map((p) => ({ id: p.id, name: p.name })),
    teams: teams.filter((t) => !t.deletedAt && (readable === null || teamIds.has(t.id))).map((t) => ({ id: t.id, name: t.name })),
    rubrics: rubrics.filter((r) => !r.deletedAt).map((r) => ({ id: r.id, name: r.name })),
    versions: versions.filter((v) => v.status !== 'draft').map((v) => ({ id: v.id, rubricId: v.rubricId, version: v.version })),
  };
}

/** The evaluations behind a figure (a heatmap cell, a person), as far as the session may read them. */
export async function evaluationsBehind(ctx: RepoContext, ids: string[]): Promise<Evaluation[]> {
  const readable = await readablePersonIds(ctx);
  const rows = await ctx.db.evaluations.bulkGet([...new Set(ids)].slice(0, 2000));
  return rows.filter((e): e is Evaluation => !!e && !e.deletedAt && (readable === null || (e.agentId !== null && readable.includes(e.agentId))));
}

/** The dashboard's figures for the filters, in the session's scope (the worker runs this off the UI thread; the homes run it for one team or person). */
export async function dashboardFor(ctx: RepoContext, f: DashboardFilters): Promise<DashboardResult> {
  const t0 = performance.now();
  const input = await dashboardInput(ctx, f);
  const settings = await readSettings(ctx.db);
  const t1 = performance.now();
  const result = computeDashboard(input, f, {
    zone: settings.workingCalendar.zone,
    minEvaluations: settings.minEvaluations,
    standards: settings.serviceStandards,
    calendar: compileCalendar(settings.workingCalendar),
    nowMs: ctx.clock(),
  });
  console.debug(`[dashboard] read ${input.evaluations.length} evaluations and ${input.tickets.length} tickets in ${(t1 - t0).toFixed(0)} ms, computed in ${(performance.now() - t1).toFixed(0)} ms`);
  return result;
}
