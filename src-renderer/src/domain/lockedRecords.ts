// A locked appraisal record: its content and hash, the amendment chain, reconciliation with what the appraisal
// database holds, and the record as it is sent there with its signature. Pure: plain data in, plain data out.
import { canonicalJson, sha256Hex } from './auditChain';
import type { AppraisalConfig, AppraisalFigures, Composite, PeriodKind } from './appraisal';

// ---------------------------------------------------------------------------------------------------- records

/** What a locked record says: the hash covers exactly this. */
export interface AppraisalContent {
  employeeNo: string;
  staffId: string;
  staffName: string;
  teamId: string | null;
  teamName: string;
  period: { kind: PeriodKind; key: string; start: string; end: string };
  version: number;
  /** The hash of the record this one amends (version - 1); null for the first. */
  supersedesHash: string | null;
  amendReason: string | null;
  figures: AppraisalFigures;
  config: AppraisalConfig;
  composite: Composite;
  lockedAt: string;
  lockedBy: string;
}

export function contentHash(c: AppraisalContent): string {
  return sha256Hex(canonicalJson(c));
}

/** Figures and composite as they compare for "has this changed since it was locked" (ids and assessments included). */
export function resultsDiffer(a: Pick<AppraisalContent, 'figures' | 'composite'>, b: Pick<AppraisalContent, 'figures' | 'composite'>): boolean {
  return canonicalJson({ f: a.figures, c: a.composite }) !== canonicalJson({ f: b.figures, c: b.composite });
}

export interface ChainLink {
  version: number;
  hash: string;
  supersedesHash: string | null;
}

/**
 * Checks a person's records for one period, oldest first: versions 1, 2, 3 ... each amending the one before by
 * its hash. Returns the first broken link's version, or null when the chain holds.
 */
export function brokenLink(chain: readonly ChainLink[]): number | null {
  for (let i = 0; i < chain.length; i++) {
    const r = chain[i]!;
    if (r.version !== i + 1) return r.version;
    if (i === 0 ? r.supersedesHash !== null : r.supersedesHash !== chain[i - 1]!.hash) return r.version;
  }
  return null;
}

/** The record in force: the highest version. */
export function currentVersionOf<T extends { version: number }>(records: readonly T[]): T | null {
  return records.reduce<T | null>((best, r) => (best === null || r.version > best.version ? r : best), null);
}

// ---------------------------------------------------------------------------------------------------- reconciliation

export interface HashRow {
  employeeNo: string;
  periodKey: string;
  version: number;
  hash: string;
}

export type Difference =
  | { kind: 'missing-on-server'; local: HashRow; pending: boolean }
  | { kind: 'hash-differs'; local: HashRow; server: HashRow }
  | { kind: 'only-on-server'; server: HashRow };

const rowKey = (r: Pick<HashRow, 'employeeNo' | 'periodKey' | 'version'>) => `${r.employeeNo}\u0000${r.periodKey}\u0000${r.version}`;

/** Local locked records against what the server holds, by (employee number, period, version). */
export function reconcile(local: readonly HashRow[], server: readonly HashRow[], pendingKeys: ReadonlySet<string> = new Set()): { matched: number; differences: Difference[] } {
  const onServer = new Map(server.map((r) => [rowKey(r), r]));
  const differences: Difference[] = [];
  let matched = 0;
  for (const l of local) {
    const s = onServer.get(rowKey(l));
    onServer.delete(rowKey(l));
    if (!s) differences.push({ kind: 'missing-on-server', local: l, pending: pendingKeys.has(rowKey(l)) });
    else if (s.hash !== l.hash) differences.push({ kind: 'hash-differs', local: l, server: s });
    else matched++;
  }
  for (const s of onServer.values()) differences.push({ kind: 'only-on-server', server: s });
  return { matched, differences };
}

export { rowKey as recordKey };

/** Who vouched for a locked record: the locking console's Ed25519 signature over its content hash. */
export interface RecordSignature {
  keyId: string;
  publicKey: string;
  value: string;
}

/** A locked record as the appraisal database receives it: HR's columns, the components, the content, the signature. */
export interface AppraisalSyncRecord {
  employeeNo: string;
  periodKey: string;
  periodKind: 'month' | 'quarter' | 'year';
  periodStart: string;
  periodEnd: string;
  version: number;
  staffName: string;
  teamName: string;
  composite: number | null;
  grade: string | null;
  missing: string[];
  contentHash: string;
  supersedesHash: string | null;
  amendReason: string | null;
  lockedAt: string;
  lockedBy: string;
  components: { key: string; value: number | null; weight: number; share: number; missing: string | null }[];
  /** The full locked content the hash covers (figures with the ids behind them). */
  content: Record<string, unknown>;
  /** Ed25519 over the content hash (its 64 hex characters as ASCII) by the locking console's key. */
  signature: RecordSignature;
}

export function toSyncRecord(c: AppraisalContent, hash: string, signature: RecordSignature): AppraisalSyncRecord {
  return {
    employeeNo: c.employeeNo,
    periodKey: c.period.key,
    periodKind: c.period.kind,
    periodStart: c.period.start,
    periodEnd: c.period.end,
    version: c.version,
    staffName: c.staffName,
    teamName: c.teamName,
    composite: c.composite.value,
    grade: c.composite.grade,
    missing: c.composite.missing,
    contentHash: hash,
    supersedesHash: c.supersedesHash,
    amendReason: c.amendReason,
    lockedAt: c.lockedAt,
    lockedBy: c.lockedBy,
    components: c.composite.components.map((x) => ({ key: x.key, value: x.value, weight: x.weight, share: x.share, missing: x.missing })),
    content: c as unknown as Record<string, unknown>,
    signature,
  };
}
