// Drawing a sample for a plan: per person and kind (tickets, calls) a quota, or a total split across strata in
// proportion to their size. A share of each quota is drawn uniformly at random (so estimates stay unbiased); the
// rest is drawn with weights toward risk signals. Every pick says why it was picked. Reproducible: the same seed,
// plan and population give the same sample, and one person's picks never depend on anyone else's items.
import { createRng, type Rng } from './random';

export const RISK_SIGNALS = ['lowCsat', 'slaBreach', 'reopened', 'complaint', 'longHandle', 'keyword'] as const;
export type RiskSignal = (typeof RISK_SIGNALS)[number];

export type ItemKind = 'ticket' | 'call';

/** One work record that may be sampled, with the risk signals it shows. */
export interface SampleCandidate {
  id: string;
  kind: ItemKind;
  agentId: string;
  /** The stratum it belongs to (e.g. its channel), for totals split by strata ('' when not read yet). */
  stratum: string;
  /** Its risk signals, when known up front (else the draw asks for them). */
  signals?: RiskSignal[];
}

export type Quota =
  | { mode: 'per-person'; ticket: number; call: number }
  | { mode: 'total'; ticket: number; call: number; byStratum: boolean };

export interface SamplingRules {
  quota: Quota;
  /** 0..1: the share of each quota drawn uniformly at random; the rest is risk-weighted. */
  randomShare: number;
  /** Added to an item's weight (base 1) for each signal it shows. */
  riskWeights: Record<RiskSignal, number>;
}

export const DEFAULT_RANDOM_SHARE = 0.6;

/** Expected review minutes: a ticket, and a call (its length plus time to score). */
export const TICKET_MINUTES = 6;
export const callMinutes = (sec: number) => Math.ceil(sec / 60) + 3;
export const DEFAULT_RISK_WEIGHTS: Record<RiskSignal, number> = { lowCsat: 4, slaBreach: 3, reopened: 3, complaint: 3, longHandle: 1, keyword: 2 };

export type PickReason = { kind: 'random' } | { kind: 'risk'; signals: RiskSignal[] } | { kind: 'weighted' } | { kind: 'follow-up'; actionId: string };

export interface Pick {
  itemId: string;
  kind: ItemKind;
  agentId: string;
  stratum: string;
  reason: PickReason;
}

export interface Shortfall {
  /** A person (per-person quotas) or a stratum (totals). */
  key: string;
  kind: ItemKind;
  wanted: number;
  available: number;
}

export interface DrawResult {
  picks: Pick[];
  shortfalls: Shortfall[];
}

/** FNV-1a over a string, mixed with the seed: an independent random stream per person (or stratum) and kind. */
function streamSeed(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The number of random picks in a quota: rounded, at least one whenever the share is above 0. */
export function randomCount(quota: number, share: number): number {
  if (quota <= 0 || share <= 0) return 0;
  return Math.min(quota, Math.max(1, Math.round(quota * share)));
}

/**
 * The risk signals of some candidates, asked for in batches: the repository reads only the items the draw looks
 * at (a month of a big helpdesk is too much to read whole), or answers from signals it already has.
 */
export type SignalsOf = (ids: string[], withText: boolean) => Promise<Map<string, RiskSignal[]>>;

/** Signals found by searching text (threads, transcripts): the costly part, asked for only when it can matter. */
const TEXT_SIGNALS: readonly RiskSignal[] = ['keyword'];

/** Proposals per round of a weighted draw; the signals of every stream's round are fetched together. */
const PROPOSALS_PER_ROUND = 8;

/**
 * One stream's draw of `count` from `pool` (sorted by id first). The uniform part is a partial Fisher-Yates
 * shuffle, done at once. The weighted part draws without replacement with probability proportional to weight
 * (1 plus the weights of the item's signals) by rejection: a position proposed uniformly is accepted with
 * probability weight / maximum weight; an item already picked is proposed again. Proposals come from the seed
 * alone, in rounds of fixed size, so fetching signals in batches never changes the sample.
 */
class StreamDraw {
  readonly picks: Pick[];
  private readonly rest: SampleCandidate[];
  private readonly need: number;
  private readonly picked = new Set<number>();
  private round: (readonly [number, number])[] = [];
  private readonly maxWeight: number;

  constructor(
    pool: SampleCandidate[],
    count: number,
    private readonly rules: SamplingRules,
    private readonly rng: Rng,
  ) {
    const take = Math.min(count, pool.length);
    const nRandom = randomCount(take, rules.randomShare);
    const items = shuffledPrefix(pool, nRandom, rng);
    this.picks = items.slice(0, nRandom).map((c) => ({ itemId: c.id, kind: c.kind, agentId: c.agentId, stratum: c.stratum, reason: { kind: 'random' } }));
    this.rest = items.slice(nRandom);
    this.need = take - nRandom;
    this.maxWeight = 1 + RISK_SIGNALS.reduce((a, s) => a + Math.max(0, rules.riskWeights[s] ?? 0), 0);
  }

  get done(): boolean {
    return this.picked.size >= this.need;
  }

  private weightOf(signals: readonly RiskSignal[]): number {
    return 1 + signals.reduce((a, s) => a + Math.max(0, this.rules.riskWeights[s] ?? 0), 0);
  }

  /** The next round of proposals; returns the ids whose signals it needs. */
  propose(): string[] {
    this.round = Array.from({ length: PROPOSALS_PER_ROUND }, () => [Math.floor(this.rng.next() * this.rest.length), this.rng.next()] as const);
    return this.round.filter(([i]) => !this.picked.has(i)).map(([i]) => this.rest[i]!.id);
  }

  /**
   * Of this round's proposals, given their signals without text search, those whose text signals can change the
   * outcome or will be in the reason (all that could be accepted): the rest are rejected whatever their text.
   */
  needText(withoutText: ReadonlyMap<string, RiskSignal[]>): string[] {
    const textWeight = this.weightOf(TEXT_SIGNALS) - 1;
    return this.round.filter(([i, u]) => !this.picked.has(i) && u * this.maxWeight < this.weightOf(withoutText.get(this.rest[i]!.id) ?? []) + textWeight).map(([i]) => this.rest[i]!.id);
  }

  /** Accepts or rejects the round's proposals, given every proposed item's signals. */
  decide(signalsOf: (id: string) => RiskSignal[]): void {
    const weightOf = (signals: RiskSignal[]) => this.weightOf(signals);
    for (const [i, u] of this.round) {
      if (this.done) break;
      if (this.picked.has(i)) continue;
      const c = this.rest[i]!;
      const signals = signalsOf(c.id);
      if (u * this.maxWeight >= weightOf(signals)) continue;
      this.picked.add(i);
      const counted = signals.filter((s) => (this.rules.riskWeights[s] ?? 0) > 0);
      this.picks.push({ itemId: c.id, kind: c.kind, agentId: c.agentId, stratum: c.stratum, reason: counted.length ? { kind: 'risk', signals: counted } : { kind: 'weighted' } });
    }
  }
}

/** Largest-remainder split of `total` across groups in proportion to their sizes (never more than a group holds). */
export function proportionalSplit(total: number, sizes: Map<string, number>): Map<string, number> {
  const all = [...sizes.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>();
  if (all === 0 || total <= 0) return new Map([...sizes.keys()].map((k) => [k, 0]));
  const want = Math.min(total, all);
  const shares = [...sizes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => ({ k, n, exact: (want * n) / all }));
  let given = 0;
  for (const s of shares) {
    const base = Math.min(s.n, Math.floor(s.exact));
    out.set(s.k, base);
    given += base;
  }
  for (const s of [...shares].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || (a.k < b.k ? -1 : 1))) {
    if (given >= want) break;
    if (out.get(s.k)! < s.n) {
      out.set(s.k, out.get(s.k)! + 1);
      given++;
    }
  }
  return out;
}

/** Signals already on the candidates (`signals`, or none). */
const signalsOnCandidates =
  (candidates: SampleCandidate[]): SignalsOf =>
  async (ids, withText) => {
    const want = new Set(ids);
    return new Map(candidates.filter((c) => want.has(c.id)).map((c) => [c.id, (c.signals ?? []).filter((s) => withText || !TEXT_SIGNALS.includes(s))]));
  };

/**
 * The pool ordered by id with its first n places filled by a partial Fisher-Yates shuffle: a uniform random n-subset
 * in front, that depends only on the seed and the pool (never on the order the pool came in).
 */
function shuffledPrefix<T extends { id: string }>(pool: readonly T[], n: number, rng: Rng): T[] {
  const items = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 0; i < Math.min(n, items.length); i++) {
    const j = i + Math.floor(rng.next() * (items.length - i));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A corrective action waiting for follow-up evaluations of one person: how many items it still needs. */
export interface FollowUpRequest {
  actionId: string;
  staffId: string;
  count: number;
  /** The kind of item the failed evaluation scored (its rubric holds the target criteria); null for any. */
  kind: ItemKind | null;
}

/**
 * The follow-up items a sample run adds beyond the quotas: for each request, that many of the person's candidates
 * (of the kind asked for) not already taken (picked or excluded), uniformly at random from the seed; fewer when the person has fewer.
 */
export function drawFollowUps(candidates: readonly SampleCandidate[], requests: readonly FollowUpRequest[], seed: number, taken: ReadonlySet<string>): Pick[] {
  const rng = createRng((seed ^ 0x2f6b_1d3a) >>> 0);
  const used = new Set(taken);
  const out: Pick[] = [];
  for (const r of [...requests].sort((a, b) => (a.actionId < b.actionId ? -1 : 1))) {
    const pool = candidates.filter((c) => c.agentId === r.staffId && (r.kind === null || c.kind === r.kind) && !used.has(c.id));
    for (const c of shuffledPrefix(pool, r.count, rng).slice(0, r.count)) {
      used.add(c.id);
      out.push({ itemId: c.id, kind: c.kind, agentId: c.agentId, stratum: c.stratum, reason: { kind: 'follow-up', actionId: r.actionId } });
    }
  }
  return out;
}

/**
 * Draws the sample. `people` are the staff the plan covers (inactive or on leave already left out by the caller);
 * `candidates` is the population after the plan's filters; `exclude` names items that may not be drawn. Signals
 * come from `signalsOf` when given (read only for the items the weighted draw looks at), else from the candidates.
 */
export async function drawSample(
  candidates: SampleCandidate[],
  people: string[],
  rules: SamplingRules,
  seed: number,
  exclude: ReadonlySet<string> = new Set(),
  signalsOf: SignalsOf = signalsOnCandidates(candidates),
): Promise<DrawResult> {
  const streams: StreamDraw[] = [];
  const shortfalls: Shortfall[] = [];
  const covered = new Set(people);
  // Already evaluated, or in another open run: never drawn again.
  const pool = candidates.filter((c) => covered.has(c.agentId) && !exclude.has(c.id));
  for (const kind of ['ticket', 'call'] as const) {
    const wanted = rules.quota[kind];
    if (wanted <= 0) continue;
    const ofKind = pool.filter((c) => c.kind === kind);
    const groups = new Map<string, SampleCandidate[]>();
    const groupKey = (c: SampleCandidate) => (rules.quota.mode === 'per-person' ? c.agentId : rules.quota.byStratum ? c.stratum : '*');
    for (const c of ofKind) {
      const k = groupKey(c);
      const g = groups.get(k);
      if (g) g.push(c);
      else groups.set(k, [c]);
    }
    let quotas: Map<string, number>;
    if (rules.quota.mode === 'per-person') {
      quotas = new Map([...people].sort().map((p) => [p, wanted]));
      for (const p of people) if (!groups.has(p)) groups.set(p, []);
    } else {
      quotas = rules.quota.byStratum ? proportionalSplit(wanted, new Map([...groups].map(([k, v]) => [k, v.length]))) : new Map([['*', wanted]]);
      if (ofKind.length < wanted) shortfalls.push({ key: '*', kind, wanted, available: ofKind.length });
    }
    for (const [key, q] of quotas) {
      const group = groups.get(key) ?? [];
      if (rules.quota.mode === 'per-person' && group.length < q) shortfalls.push({ key, kind, wanted: q, available: group.length });
      streams.push(new StreamDraw(group, q, rules, createRng(streamSeed(seed, `${kind}:${key}`))));
    }
  }
  // The weighted parts of all streams advance round by round, with one request for the signals each round needs
  // (and a second, with text search, for the proposals whose text can matter).
  const known = new Map<string, RiskSignal[]>();
  const full = new Map<string, RiskSignal[]>();
  const ask = async (ids: string[], into: Map<string, RiskSignal[]>, withText: boolean) => {
    const wanted = [...new Set(ids)].filter((id) => !into.has(id));
    if (!wanted.length) return;
    const found = await signalsOf(wanted, withText);
    for (const id of wanted) into.set(id, found.get(id) ?? []);
  };
  for (let active = streams.filter((d) => !d.done); active.length; active = active.filter((d) => !d.done)) {
    await ask(active.flatMap((d) => d.propose()), known, false);
    await ask(active.flatMap((d) => d.needText(known)), full, true);
    for (const d of active) d.decide((id) => full.get(id) ?? known.get(id) ?? []);
  }
  const picks = streams.flatMap((d) => d.picks);
  return { picks, shortfalls };
}

export interface Reviewer {
  id: string;
  /** The teams this reviewer leads (a lead may not review their own team when the plan says so). */
  ledTeamIds: string[];
}

export interface AssignableItem {
  itemId: string;
  agentId: string;
  teamId: string | null;
  /** Expected review minutes (call length, or a default per ticket). */
  minutes: number;
}

/**
 * Spreads the picks over the reviewers: each item to the eligible reviewer with the least load so far (by count
 * or by minutes), never to the person evaluated, and not to the lead of their team when `avoidOwnLead`.
 * Longest items first, so the minutes even out. Returns reviewer id per item; items nobody may review are listed.
 */
export function assignReviews(
  items: AssignableItem[],
  reviewers: Reviewer[],
  opts: { balanceBy: 'count' | 'minutes'; avoidOwnLead: boolean },
): { assignments: Map<string, string>; unassignable: string[] } {
  const load = new Map(reviewers.map((r) => [r.id, 0]));
  const assignments = new Map<string, string>();
  const unassignable: string[] = [];
  const order = [...items].sort((a, b) => (opts.balanceBy === 'minutes' ? b.minutes - a.minutes : 0) || (a.itemId < b.itemId ? -1 : 1));
  for (const it of order) {
    const eligible = reviewers.filter((r) => r.id !== it.agentId && !(opts.avoidOwnLead && it.teamId && r.ledTeamIds.includes(it.teamId)));
    if (!eligible.length) {
      unassignable.push(it.itemId);
      continue;
    }
    const best = eligible.reduce((a, b) => (load.get(b.id)! < load.get(a.id)! || (load.get(b.id) === load.get(a.id) && b.id < a.id) ? b : a));
    assignments.set(it.itemId, best.id);
    load.set(best.id, load.get(best.id)! + (opts.balanceBy === 'minutes' ? it.minutes : 1));
  }
  return { assignments, unassignable };
}

/** A queue item as its sections read it: what asked for it, and whether it is scored. */
export interface QueueItem {
  runId: string;
  reason: PickReason;
  status: 'open' | 'in-progress' | 'done' | 'replaced';
}

export interface QueueSections<T extends QueueItem> {
  /** Items sampled by a run (random, risk, weighted), grouped by run in first-seen order. */
  runs: { runId: string; items: T[]; done: number }[];
  /** Items a corrective action asked for (through a run or directly), grouped by action. */
  followUps: { actionId: string; items: T[]; done: number }[];
}

/** Splits a reviewer's queue: sampled work by run, follow-ups by the action that asked for them, each with its progress. */
export function queueSections<T extends QueueItem>(queue: readonly T[]): QueueSections<T> {
  const runs = new Map<string, T[]>();
  const actions = new Map<string, T[]>();
  for (const a of queue) {
    if (a.status === 'replaced') continue;
    const [map, key] = a.reason.kind === 'follow-up' ? [actions, a.reason.actionId] : [runs, a.runId];
    const list = map.get(key) ?? [];
    list.push(a);
    map.set(key, list);
  }
  const done = (items: T[]) => items.filter((a) => a.status === 'done').length;
  return {
    runs: [...runs].map(([runId, items]) => ({ runId, items, done: done(items) })),
    followUps: [...actions].map(([actionId, items]) => ({ actionId, items, done: done(items) })),
  };
}

/**
 * An order-free digest of a set of item ids, cheap enough to take on every preview of a month of a big helpdesk
 * (no sort, no join): the count, and the sum and the xor of two 32-bit FNV-1a hashes of each id. It tells whether
 * a run's population was reconstructed exactly; it is a consistency check, not a security seal.
 */
export function setDigest(ids: Iterable<string>): string {
  let n = 0;
  let sum = 0;
  let xor = 0;
  for (const id of ids) {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x5bd1e995;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    n++;
    sum = (sum + (a >>> 0)) >>> 0;
    xor = (xor ^ b) >>> 0;
  }
  return `${n}:${sum.toString(16).padStart(8, '0')}${xor.toString(16).padStart(8, '0')}`;
}
