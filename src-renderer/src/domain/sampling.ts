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
  /** The stratum it belongs to (e.g. its channel), for totals split by strata. */
  stratum: string;
  signals: RiskSignal[];
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
export const DEFAULT_RISK_WEIGHTS: Record<RiskSignal, number> = { lowCsat: 4, slaBreach: 3, reopened: 3, complaint: 3, longHandle: 1, keyword: 2 };

export type PickReason = { kind: 'random' } | { kind: 'risk'; signals: RiskSignal[] } | { kind: 'weighted' };

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

/** Picks `count` of `pool` (sorted by id first) for one stream: uniform part, then the weighted part. */
function drawFrom(pool: SampleCandidate[], count: number, rules: SamplingRules, rng: Rng): Pick[] {
  const items = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const take = Math.min(count, items.length);
  const nRandom = randomCount(take, rules.randomShare);
  // Uniform without replacement: a partial Fisher-Yates shuffle.
  for (let i = 0; i < nRandom; i++) {
    const j = i + Math.floor(rng.next() * (items.length - i));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  const picks: Pick[] = items.slice(0, nRandom).map((c) => ({ itemId: c.id, kind: c.kind, agentId: c.agentId, stratum: c.stratum, reason: { kind: 'random' } }));
  // Weighted without replacement (Efraimidis-Spirakis keys u^(1/w)): flagged items are likelier, none is certain.
  const rest = items.slice(nRandom);
  const keyed = rest.map((c) => {
    const w = 1 + c.signals.reduce((a, s) => a + Math.max(0, rules.riskWeights[s] ?? 0), 0);
    return { c, key: Math.log(Math.max(rng.next(), 1e-300)) / w };
  });
  keyed.sort((a, b) => b.key - a.key);
  for (const { c } of keyed.slice(0, take - nRandom)) {
    const signals = c.signals.filter((s) => (rules.riskWeights[s] ?? 0) > 0);
    picks.push({ itemId: c.id, kind: c.kind, agentId: c.agentId, stratum: c.stratum, reason: signals.length ? { kind: 'risk', signals } : { kind: 'weighted' } });
  }
  return picks;
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

/**
 * Draws the sample. `people` are the staff the plan covers (inactive or on leave already left out by the caller);
 * `candidates` is the population after the plan's filters; `exclude` names items that may not be drawn.
 */
export function drawSample(candidates: SampleCandidate[], people: string[], rules: SamplingRules, seed: number, exclude: ReadonlySet<string> = new Set()): DrawResult {
  const picks: Pick[] = [];
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
    for (const c of ofKind) groups.set(groupKey(c), [...(groups.get(groupKey(c)) ?? []), c]);
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
      picks.push(...drawFrom(group, q, rules, createRng(streamSeed(seed, `${kind}:${key}`))));
    }
  }
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
