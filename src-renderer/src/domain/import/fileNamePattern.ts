// Metadata that call recorders write into file names: `AGENT_<name>`, `DT_<YYYY-MM-DDTHH-MM-SS>`, GUIDs,
// caller numbers, the leg of a call. The user types (or accepts a suggested) pattern such as
// `{*}_AGENT_{agent}_DT_{start}` or `{direction}-{agent}-{number}-{start}-{*}`; every chosen file either reads
// through it or is reported by name. A metadata CSV row, where there is one, wins field by field.
import type { Recording } from '../model';
import { fromWall } from './timestamps';
import type { TimestampOptions } from './timestamps';
import { buildAgentMatcher, type Directory, type ImportIssue } from './tickets';
import { DIRECTION, type RecordingMeta } from './recordingMetadata';
import { baseName } from './transcripts';

export const NAME_FIELDS = ['agent', 'start', 'number', 'ticket', 'direction', 'queue', 'leg', 'guid', '*'] as const;
export type NameField = (typeof NAME_FIELDS)[number];

// What each placeholder matches. Free text is lazy so the literal text around it decides where it ends.
const SHAPE: Record<NameField, string> = {
  agent: '.+?',
  // 2026-03-21T17-51-51, 20260321-175151, 20260321175151, 2026-03-21 17.51, 2026-03-21
  start: '\\d{4}[-.]?\\d{2}[-.]?\\d{2}(?:[T_ -]?\\d{2}[-:.]?\\d{2}(?:[-:.]?\\d{2})?)?',
  number: '\\+?\\d{3,}',
  ticket: '.+?',
  direction: '[^_\\-. ]+',
  queue: '.+?',
  leg: '[^_\\-. ]+',
  guid: '[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}|\\d+',
  '*': '.*?',
};

export type CompiledPattern = { ok: true; pattern: string; regex: RegExp; fields: NameField[] } | { ok: false; pattern: string; error: PatternError };
export interface PatternError {
  code: 'unknown-placeholder' | 'unclosed-brace' | 'repeated-placeholder' | 'no-placeholder';
  /** Character position (0-based) in the pattern, and the placeholder's text where there is one. */
  at: number;
  value?: string;
}

/** A pattern is literal text with `{field}` placeholders; the extension is never part of it. */
export function compileFileNamePattern(pattern: string): CompiledPattern {
  const p = pattern.trim().replace(/\.[a-z0-9]{2,4}$/i, '');
  const fields: NameField[] = [];
  let re = '';
  let i = 0;
  while (i < p.length) {
    const open = p.indexOf('{', i);
    if (open < 0) {
      re += escape(p.slice(i));
      break;
    }
    re += escape(p.slice(i, open));
    const close = p.indexOf('}', open);
    if (close < 0) return { ok: false, pattern, error: { code: 'unclosed-brace', at: open } };
    const name = p.slice(open + 1, close).trim().toLowerCase() as NameField;
    if (!NAME_FIELDS.includes(name)) return { ok: false, pattern, error: { code: 'unknown-placeholder', at: open, value: p.slice(open, close + 1) } };
    if (name !== '*' && fields.includes(name)) return { ok: false, pattern, error: { code: 'repeated-placeholder', at: open, value: p.slice(open, close + 1) } };
    if (name !== '*') fields.push(name);
    re += name === '*' ? `(?:${SHAPE[name]})` : `(${SHAPE[name]})`;
    i = close + 1;
  }
  if (!fields.length) return { ok: false, pattern, error: { code: 'no-placeholder', at: 0 } };
  return { ok: true, pattern: p, regex: new RegExp(`^${re}$`, 'i'), fields };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What one file name says, or null when it does not follow the pattern. */
export function readFileName(c: Extract<CompiledPattern, { ok: true }>, fileName: string): Partial<Record<NameField, string>> | null {
  const stem = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]+$/, '');
  const m = c.regex.exec(stem);
  if (!m) return null;
  const out: Partial<Record<NameField, string>> = {};
  c.fields.forEach((f, i) => (out[f] = m[i + 1]!));
  return out;
}

/** A `{start}` value as an instant in the recorder's zone (a name carries no offset), or null when impossible. */
export function nameStartToIso(raw: string, zone: string): string | null {
  const d = raw.replace(/\D/g, '');
  if (d.length !== 8 && d.length !== 12 && d.length !== 14) return null;
  const n = (a: number, b: number) => (d.length >= b ? Number(d.slice(a, b)) : 0);
  const r = fromWall({ y: n(0, 4), mo: n(4, 6), d: n(6, 8), h: n(8, 10), mi: n(10, 12), s: n(12, 14), ms: 0 }, zone);
  return r.ok ? r.iso : null;
}

const LEG: Record<string, 'agent' | 'caller'> = {
  agent: 'agent', a: 'agent', ag: 'agent', local: 'agent', rx: 'agent', 坐席: 'agent', 客服: 'agent',
  caller: 'caller', customer: 'caller', cust: 'caller', c: 'caller', remote: 'caller', tx: 'caller', client: 'caller', 客户: 'caller', 主叫: 'caller',
};
export const legOf = (raw: string): 'agent' | 'caller' | null => LEG[raw.trim().toLowerCase()] ?? null;

export interface NameMeta extends RecordingMeta {
  /** Which side of a call this file holds, when the pattern has `{leg}`, and the name the two legs share. */
  leg?: { side: 'agent' | 'caller'; callKey: string };
}

/** Metadata for every chosen file that follows the pattern; the others, and values that do not read, are issues. */
export function metadataFromFileNames(
  c: Extract<CompiledPattern, { ok: true }>,
  fileNames: string[],
  timestamps: TimestampOptions,
  dir: Directory,
): { byFile: Map<string, NameMeta>; issues: ImportIssue[] } {
  const matchAgent = buildAgentMatcher(dir);
  const byFile = new Map<string, NameMeta>();
  const issues: ImportIssue[] = [];
  for (const fileName of fileNames) {
    const v = readFileName(c, fileName);
    const issue = (code: ImportIssue['code'], value: string, detail?: string) =>
      issues.push({ row: 0, file: fileName, column: c.pattern, code, severity: 'warning', value, ...(detail ? { detail } : {}) });
    if (!v) {
      issue('name-unmatched', fileName);
      continue;
    }
    let agentId: string | null = null;
    if (v.agent) {
      const m = matchAgent(v.agent);
      if (m) agentId = m.person.id;
      else issue('agent-unmatched', v.agent);
    }
    let startedAt: string | null = null;
    if (v.start) {
      startedAt = nameStartToIso(v.start, timestamps.zone);
      if (!startedAt) issue('impossible-date', v.start);
    }
    let direction: Recording['direction'] | null = null;
    if (v.direction) {
      direction = DIRECTION[v.direction.toLowerCase()] ?? null;
      if (!direction) issue('unmapped-value', v.direction);
    }
    const meta: NameMeta = {
      row: 0,
      fileName,
      agentId,
      ticketExternalId: v.ticket ?? null,
      startedAt,
      direction,
      customerNumber: v.number ?? '',
      queue: v.queue ?? '',
    };
    if (v.leg) {
      const side = legOf(v.leg);
      if (side) meta.leg = { side, callKey: baseName(stemWithout(fileName, v.leg)) };
      else issue('unmapped-value', v.leg);
    }
    byFile.set(baseName(fileName), meta);
  }
  return { byFile, issues };
}

/** The file's stem with its leg word taken out (the last occurrence), so both legs give the same key. */
function stemWithout(fileName: string, leg: string): string {
  const stem = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]+$/, '');
  const at = stem.toLowerCase().lastIndexOf(leg.toLowerCase());
  return at < 0 ? stem : stem.slice(0, at) + '·' + stem.slice(at + leg.length);
}

/** CSV metadata wins field by field where it says something; the file name fills the rest. */
export function mergeRecordingMeta(csv: Map<string, RecordingMeta>, names: Map<string, NameMeta>): Map<string, NameMeta> {
  const out = new Map<string, NameMeta>(names);
  for (const [k, row] of csv) {
    const n = names.get(k);
    if (!n) {
      out.set(k, row);
      continue;
    }
    out.set(k, {
      ...n,
      row: row.row,
      agentId: row.agentId ?? n.agentId,
      ticketExternalId: row.ticketExternalId ?? n.ticketExternalId,
      startedAt: row.startedAt ?? n.startedAt,
      direction: row.direction ?? n.direction,
      customerNumber: row.customerNumber || n.customerNumber,
      queue: row.queue || n.queue,
    });
  }
  return out;
}

/**
 * A pattern for these names, when they follow a shape recorders use: keyed parts (`AGENT_x`, `DT_x`, `GUID_x`,
 * `CUST_x`), or parts told apart by what they hold (a date-time, a GUID, a long number, in/out, agent/caller).
 * Null when nothing in the names looks like metadata.
 */
export function suggestFileNamePattern(fileNames: string[]): string | null {
  const stems = fileNames.map((f) => (f.split(/[\\/]/).pop() ?? f).replace(/\.[^.]+$/, '')).filter(Boolean);
  if (!stems.length) return null;
  const candidates = new Map<string, number>();
  for (const s of stems.slice(0, 50)) {
    const p = guessOne(s);
    if (p) candidates.set(p, (candidates.get(p) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestHits = 0;
  for (const p of candidates.keys()) {
    const c = compileFileNamePattern(p);
    if (!c.ok) continue;
    const hits = stems.filter((s) => readFileName(c, s) !== null).length;
    if (hits > bestHits) [best, bestHits] = [p, hits];
  }
  return best;
}

const KEYED: Record<string, NameField> = { AGENT: 'agent', DT: 'start', GUID: 'guid', CUST: 'number', CALLER: 'number', ANI: 'number', TICKET: 'ticket', QUEUE: 'queue' };

function guessOne(stem: string): string | null {
  const sep = stem.includes('_') ? '_' : stem.includes('-') ? '-' : null;
  if (!sep) return null;
  const parts = stem.split(sep);
  const out: string[] = [];
  const used = new Set<NameField>();
  const take = (f: NameField) => {
    if (f !== '*' && used.has(f)) return '{*}';
    used.add(f);
    return `{${f}}`;
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const key = KEYED[part.toUpperCase()];
    if (key && i + 1 < parts.length && part === part.toUpperCase()) {
      out.push(part, take(key));
      i++;
      continue;
    }
    const shape = shapeOf(part);
    // A date and a time in two parts (20260321-175151) are one start.
    if (shape === 'start' && /^\d{8}$/.test(part) && /^\d{4}(?:\d{2})?$/.test(parts[i + 1] ?? '')) i++;
    // Neighbouring parts that say nothing are one wildcard.
    if (shape === '*' && out[out.length - 1] === '{*}') continue;
    out.push(take(shape));
  }
  return out.some((w) => w.startsWith('{') && w !== '{*}') ? out.join(sep) : null;
}

function shapeOf(part: string): NameField {
  if (/^\d{4}-?\d{2}-?\d{2}T\d{2}-?\d{2}(?:-?\d{2})?$/i.test(part) || /^\d{14}$/.test(part) || /^\d{8}$/.test(part)) return 'start';
  if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(part)) return 'guid';
  if (/^\+?\d{5,13}$/.test(part)) return 'number';
  if (DIRECTION[part.toLowerCase()]) return 'direction';
  if (legOf(part) && part.length > 1) return 'leg';
  return '*';
}
