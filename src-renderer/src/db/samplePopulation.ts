// A plan's population for a period: the people it covers (leave taken into account), the candidates read through
// the per-person indexes, what is left out (already evaluated or queued), and the draw completed with each pick's
// team, minutes and channel. Used by the preview, the verification and a replacement draw.
import { REMOVAL_STATES } from '@renderer/domain/valueLists';
import type { Person, Recording, Ticket } from '@renderer/domain/model';
import { callSignals, leaveShare, LEAVE_SHARE_EXCLUDES, textHasKeyword, ticketSignals, type PlanDefinition } from '@renderer/domain/samplePlan';
import { callMinutes, drawFollowUps, drawSample, setDigest, TICKET_MINUTES, type Pick, type RiskSignal, type SampleCandidate, type SamplingRules, type SignalsOf } from '@renderer/domain/sampling';
import { computeTicketMetrics } from '@renderer/domain/serviceStandards';
import { compileCalendar } from '@renderer/domain/workingCalendar';
import { type RepoContext } from './context';
import { readSettings } from './settings';
import { requirePlanner } from './samplePlans';
import { followUpKinds, followUpsOutstanding, pendingFollowUps } from './followUps';

/**
 * The people a plan covers in a period: active staff in its teams or named people (all staff when neither is
 * set), minus those on leave for at least half of the period (returned apart, so the preview can name them).
 */
export async function coveredPeople(ctx: RepoContext, def: PlanDefinition, period: { start: number; end: number }, zone: string): Promise<{ people: Person[]; onLeave: Person[] }> {
  requirePlanner(ctx);
  const staff = await ctx.db.people.where('role').equals('staff').toArray();
  const inPlan = staff.filter(
    (p) =>
      p.active &&
      !p.deletedAt &&
      (!def.filter.teamIds.length || (p.teamId !== null && def.filter.teamIds.includes(p.teamId))) &&
      (!def.filter.personIds.length || def.filter.personIds.includes(p.id)),
  );
  const away = (p: Person) => leaveShare(p.leave, period, zone) >= LEAVE_SHARE_EXCLUDES;
  return { people: inPlan.filter((p) => !away(p)), onLeave: inPlan.filter(away) };
}

/** Minutes a reviewer is expected to need: the call's length plus scoring, or a flat figure for a ticket. */

/**
 * Rows for many keys as one key-range read per key, side by side: a bulk read per key is far quicker than anyOf,
 * which walks a cursor over the index.
 */
const each = async <T,>(keys: string[], read: (key: string) => Promise<T[]>): Promise<T[]> => (await Promise.all(keys.map(read))).flat();

export type ItemMeta = { teamId: string | null; minutes: number; stratum: string; deleted: boolean };

/**
 * The population of a period through the per-person indexes ([agentId+openedAt], [agentId+startedAt]) and what
 * must be left out (already evaluated, or in another open run). Tickets are read whole only when the plan filters
 * on their fields or splits a total by channel; otherwise only their keys are read, and the draw asks
 * `signalsOf` for the few it looks at (a month of a big helpdesk is too much to read whole). Calls are read whole
 * (their length is a filter). Risk signals, keywords included, are worked out only for the items asked about.
 */
export async function planPopulation(ctx: RepoContext, def: PlanDefinition, period: { start: number; end: number }, people: Person[], timings: Record<string, number> = {}, asOf?: number) {
  requirePlanner(ctx);
  const settings = await readSettings(ctx.db);
  const cal = compileCalendar(settings.workingCalendar);
  let t0 = performance.now();
  const mark = (phase: string) => {
    const t1 = performance.now();
    timings[phase] = Math.round(t1 - t0);
    t0 = t1;
  };
  const from = new Date(period.start).toISOString();
  const to = new Date(period.end).toISOString();
  const f = def.filter;
  const q = def.rules.quota;
  const keysOnly = q.mode === 'per-person' && !f.channels.length && !f.categories.length && !f.priorities.length && !f.hasRecording;
  const okTicket = (t: Ticket) =>
    !t.deletedAt && !t.helpdeskState && (!f.channels.length || f.channels.includes(t.channel)) && (!f.categories.length || f.categories.includes(t.category)) && (!f.priorities.length || f.priorities.includes(t.priority));
  const ticketRange = (p: Person) => ctx.db.tickets.where('[agentId+openedAt]').between([p.id, from], [p.id, to], true, false);
  // Whole index ranges in bulk, filtered here (a Dexie filter would walk a cursor record by record).
  // One read transaction for the many range reads (each read outside one would open its own).
  const [ticketKeys, ticketLists, callLists] = await ctx.db.transaction('r', ctx.db.tickets, ctx.db.recordings, () =>
    Promise.all([
      q.ticket > 0 && keysOnly ? Promise.all(people.map((p) => ticketRange(p).primaryKeys())) : [],
      q.ticket > 0 && !keysOnly ? Promise.all(people.map((p) => ticketRange(p).toArray())) : [],
      q.call > 0 ? Promise.all(people.map((p) => ctx.db.recordings.where('[agentId+startedAt]').between([p.id, from], [p.id, to], true, false).toArray())) : [],
    ]),
  );
  const tickets = new Map<string, Ticket>(ticketLists.flat().filter(okTicket).map((t) => [t.id, t]));
  const calls = new Map<string, Recording>(callLists.flat().filter((r) => !r.deletedAt && r.durationSec >= f.minCallSec).map((r) => [r.id, r]));
  const withCall = f.hasRecording ? new Set([...calls.values()].map((c) => c.ticketId).filter(Boolean)) : null;
  const candidates: SampleCandidate[] = [];
  // Tickets the helpdesk took out (deleted, spam, merged, scrubbed) are never drawn (issue 16, item 3): the few there
  // are come from their own sparse index, so the keys-only path still reads no ticket.
  const removed = ticketKeys.length ? new Set(await ctx.db.tickets.where('helpdeskState').anyOf([...REMOVAL_STATES]).primaryKeys()) : null;
  people.forEach((p, i) => {
    for (const id of ticketKeys[i] ?? []) if (!removed?.has(id)) candidates.push({ id, kind: 'ticket', agentId: p.id, stratum: '' });
  });
  for (const t of tickets.values()) if (!withCall || withCall.has(t.id)) candidates.push({ id: t.id, kind: 'ticket', agentId: t.agentId!, stratum: t.channel });
  for (const c of calls.values()) candidates.push({ id: c.id, kind: 'call', agentId: c.agentId!, stratum: 'phone' });
  mark('read');

  /** Tickets by id: from what was read, else from the store (cached). */
  const ticketsById = async (ids: string[]) => {
    const missing = ids.filter((id) => !tickets.has(id));
    if (missing.length) for (const t of await ctx.db.tickets.bulkGet(missing)) if (t) tickets.set(t.id, t);
    return ids.map((id) => tickets.get(id)).filter((t): t is Ticket => !!t);
  };
  const textOf = async <T,>(rows: Promise<T[]>, key: (r: T) => string, text: (r: T) => string) => {
    const out = new Map<string, string>();
    for (const r of await rows) out.set(key(r), `${out.get(key(r)) ?? ''}\n${text(r)}`);
    return out;
  };
  // Signals are judged at this instant: now, or (verifying a run) when the run was committed.
  const now = asOf ?? ctx.clock();
  // Signals without text search (from the record and its clocks), and keyword hits (threads, transcripts), each
  // worked out once per item and only when asked for.
  const baseSignals = new Map<string, RiskSignal[]>();
  const keywordHit = new Map<string, boolean>();
  const ticketBase = async (ids: string[]) => {
    for (const t of await ticketsById(ids.filter((id) => !baseSignals.has(id)))) {
      const { breached } = computeTicketMetrics(t, settings.serviceStandards, cal, now);
      baseSignals.set(t.id, ticketSignals(t, breached, '', def.risk));
    }
  };
  const searchText = async (ticketIds: string[], callIds: string[]) => {
    const tIds = ticketIds.filter((id) => !keywordHit.has(id));
    const cIds = callIds.filter((id) => !keywordHit.has(id));
    const [thread, transcript] = await ctx.db.transaction('r', ctx.db.ticketMessages, ctx.db.transcripts, () =>
      Promise.all([
        textOf(each(tIds, (id) => ctx.db.ticketMessages.where('ticketId').equals(id).toArray()), (m) => m.ticketId, (m) => m.body),
        textOf(each(cIds, (id) => ctx.db.transcripts.where('recordingId').equals(id).toArray()), (tr) => tr.recordingId, (tr) => tr.segments.map((x) => x.text).join('\n')),
      ]),
    );
    for (const t of await ticketsById(tIds)) keywordHit.set(t.id, textHasKeyword(`${t.subject}${thread.get(t.id) ?? ''}`, def.risk.keywords));
    for (const id of cIds) keywordHit.set(id, textHasKeyword(transcript.get(id) ?? '', def.risk.keywords));
  };
  const signalsOf: SignalsOf = async (ids, withText) => {
    const began = performance.now();
    timings[withText ? 'askedText' : 'asked'] = (timings[withText ? 'askedText' : 'asked'] ?? 0) + ids.length;
    const callIds = ids.filter((id) => calls.has(id));
    const ticketIds = ids.filter((id) => !calls.has(id));
    await ticketBase([...ticketIds, ...callIds.map((id) => calls.get(id)!.ticketId).filter((x): x is string => !!x)]);
    const text = withText && def.risk.keywords.length > 0;
    if (text) await searchText(ticketIds, callIds);
    const out = new Map<string, RiskSignal[]>();
    for (const id of ids) {
      const c = calls.get(id);
      const base = c ? callSignals(c, '', def.risk, c.ticketId ? (baseSignals.get(c.ticketId) ?? []) : []) : (baseSignals.get(id) ?? []);
      out.set(id, text && keywordHit.get(id) ? [...base, 'keyword'] : base);
    }
    timings.signals = (timings.signals ?? 0) + Math.round(performance.now() - began);
    return out;
  };
  /** What a pick needs beyond its id: its team, the expected minutes, its channel, and whether it was deleted. */
  const metaOf = async (ids: string[]): Promise<Map<string, ItemMeta>> => {
    const out = new Map<string, ItemMeta>();
    const ts = await ticketsById(ids.filter((id) => !calls.has(id)));
    for (const t of ts) out.set(t.id, { teamId: t.teamId, minutes: TICKET_MINUTES, stratum: t.channel, deleted: !!t.deletedAt });
    for (const id of ids) {
      const c = calls.get(id);
      if (c) out.set(id, { teamId: c.teamId, minutes: callMinutes(c.durationSec), stratum: 'phone', deleted: false });
      else if (!out.has(id)) out.set(id, { teamId: null, minutes: TICKET_MINUTES, stratum: '', deleted: true });
    }
    return out;
  };

  // Left out: evaluated already (outside calibration; an evaluation carries its item's time, so the period's
  // evaluations of these people are all there is), or waiting in another open run's queue (runs draw from their
  // own period, so only runs overlapping this one can hold these items).
  const ids = new Set(candidates.map((c) => c.id));
  const exclude = new Set<string>();
  const [evaluated, runs] = await ctx.db.transaction('r', ctx.db.evaluations, ctx.db.sampleRuns, () =>
    Promise.all([Promise.all(people.map((p) => ctx.db.evaluations.where('[agentId+occurredAt]').between([p.id, from], [p.id, to], true, false).toArray())), ctx.db.sampleRuns.toArray()]),
  );
  for (const e of evaluated.flat()) if (!e.calibrationSessionId && !e.deletedAt && ids.has(e.itemId)) exclude.add(e.itemId);
  const overlapping = runs.filter((r) => r.periodStart < to && r.periodEnd > from);
  const queued = await Promise.all(overlapping.map((r) => ctx.db.assignments.where('runId').equals(r.id).toArray()));
  for (const a of queued.flat()) if (!a.deletedAt && (a.status === 'open' || a.status === 'in-progress') && ids.has(a.itemId)) exclude.add(a.itemId);
  mark('exclusions');
  return { candidates, exclude, signalsOf, metaOf, keysOnly, timings };
}

export type Population = Awaited<ReturnType<typeof planPopulation>>;

/**
 * Labels of items a planner draws from (ticket number and subject, or the call's file name), by id; where the kind
 * is known each id is read from its own table only.
 */
export async function labelsOf(ctx: RepoContext, ids: string[], kinds?: Map<string, 'ticket' | 'call'>): Promise<Map<string, string>> {
  requirePlanner(ctx);
  const ticketIds = kinds ? ids.filter((id) => kinds.get(id) === 'ticket') : ids;
  const callIds = kinds ? ids.filter((id) => kinds.get(id) === 'call') : ids;
  const [tickets, calls] = await Promise.all([ctx.db.tickets.bulkGet(ticketIds), ctx.db.recordings.bulkGet(callIds)]);
  const out = new Map<string, string>(ids.map((id) => [id, id]));
  for (const c of calls) if (c) out.set(c.id, c.fileName);
  for (const t of tickets) if (t) out.set(t.id, `${t.externalId} · ${t.subject}`);
  return out;
}

/** The population's digest (what a verification compares). */
export const populationDigest = (candidates: readonly SampleCandidate[]) => setDigest(candidates.map((c) => c.id));

const withMeta = (p: Pick, m: ItemMeta) => ({ ...p, stratum: m.stratum, teamId: m.teamId, minutes: m.minutes });

/**
 * Draws from a population and completes the picks (team, minutes, channel). A pick whose record turns out to be
 * deleted (seen only when keys alone were read) is left out and the draw repeated, so the result depends only on
 * the seed and the live data.
 */
export async function drawWithMeta(pop: Population, people: string[], rules: SamplingRules, seed: number) {
  const exclude = new Set(pop.exclude);
  for (;;) {
    const drawn = await drawSample(pop.candidates, people, rules, seed, exclude, pop.signalsOf);
    const began = performance.now();
    const meta = await pop.metaOf(drawn.picks.map((p) => p.itemId));
    pop.timings.meta = Math.round(performance.now() - began);
    const gone = drawn.picks.filter((p) => meta.get(p.itemId)!.deleted);
    if (!gone.length) {
      const picks = drawn.picks.map((p) => withMeta(p, meta.get(p.itemId)!));
      return { picks, shortfalls: drawn.shortfalls, exclude };
    }
    for (const p of gone) exclude.add(p.itemId);
  }
}

/**
 * Follow-ups beyond the quotas: for each covered person's corrective actions waiting for verification, the items
 * still needed, drawn from the period's remaining candidates (tagged with the action, linked to it on commit).
 */
export async function followUpPicks(ctx: RepoContext, pop: Population, people: Person[], seed: number, taken: Set<string>) {
  requirePlanner(ctx);
  const pending = await pendingFollowUps(ctx, people.map((p) => p.id));
  if (!pending.length) return [];
  const kinds = await followUpKinds(ctx, pending);
  const drawn = drawFollowUps(pop.candidates, pending.map((a) => ({ actionId: a.id, staffId: a.staffId, count: followUpsOutstanding(a), kind: kinds.get(a.id) ?? null })), seed, taken);
  const meta = await pop.metaOf(drawn.map((p) => p.itemId));
  return drawn.filter((p) => !meta.get(p.itemId)!.deleted).map((p) => withMeta(p, meta.get(p.itemId)!));
}
