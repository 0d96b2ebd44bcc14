// The audit log's hash chain: each entry carries the hash of the one before, so any edit,
// deletion or reordering shows as a broken link at the first tampered entry.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface ChainedAuditEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function hashAuditEntry(fields: AuditFields, prevHash: string): string {
  const { seq, at, actorId, action, entity, entityId, before, after } = fields;
  return sha256Hex(canonicalJson({ seq, at, actorId, action, entity, entityId, before, after, prevHash }));
}

export function chainAuditEntry(fields: AuditFields, prev: Pick<ChainedAuditEntry, 'hash'> | null): ChainedAuditEntry {
  const prevHash = prev?.hash ?? GENESIS_HASH;
  return { ...fields, prevHash, hash: hashAuditEntry(fields, prevHash) };
}

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAtSeq: number; reason: 'hash-mismatch' | 'prev-link' | 'sequence-gap' };

/** Walks entries in seq order and reports the first broken link. */
export function verifyAuditChain(entries: readonly ChainedAuditEntry[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = entries[0]?.seq ?? 1;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== expectedSeq) return { ok: false, checked: i, brokenAtSeq: expectedSeq, reason: 'sequence-gap' };
    if (e.prevHash !== prevHash) return { ok: false, checked: i, brokenAtSeq: e.seq, reason: 'prev-link' };
    if (hashAuditEntry(e, e.prevHash) !== e.hash) return { ok: false, checked: i, brokenAtSeq: e.seq, reason: 'hash-mismatch' };
    prevHash = e.hash;
    expectedSeq++;
  }
  return { ok: true, checked: entries.length };
}

/**
 * A table's content as one digest, fed in id order (the caller sorts): SHA-256 over each record's canonical JSON and
 * a newline. The same content gives the same digest wherever it is computed — a workspace moved to a team server is
 * checked table by table this way, the console's side against the server's rows read back.
 */
export function recordsDigest(): { add(record: unknown): void; count(): number; hex(): string } {
  const h = sha256.create();
  let n = 0;
  return {
    add: (record) => {
      h.update(utf8ToBytes(`${canonicalJson(record)}\n`));
      n++;
    },
    count: () => n,
    hex: () => bytesToHex(h.digest()),
  };
}
