// Maps a source table to tickets and their messages with the user's column mapping, vocabularies, time zone and
// agent links. Every row either becomes a ticket or an error naming row, column and reason; questionable data
// (resolved before created, CSAT out of range...) keeps the row and flags it.
import { hasBidiControls, isFormulaLike, neutraliseBidi } from '../textSafety';
import type { Channel, Priority, Ticket, TicketCategory, TicketMessage } from '../model';
import type { ColumnMapping, TicketField } from './mapping';
import type { SourceProblem, SourceTable } from './sourceTable';
import { parseTimestamp, profileDateColumn, type ColumnDateProfile, type TimestampOptions } from './timestamps';
import { mapVocabularyValue, normaliseVocabularyKey, VOCABULARY_FIELDS, type Vocabularies, type VocabularyField } from './vocabulary';
import { EMPTY_VALUE_LISTS, listVocabulary, resolveStatus, type ValueLists } from '../valueLists';

export type IssueCode =
  | SourceProblem['code']
  | 'missing-id'
  | 'missing-opened'
  | 'unreadable-timestamp'
  | 'impossible-date'
  | 'unmapped-value'
  | 'duplicate-id'
  | 'resolved-before-created'
  | 'response-before-created'
  | 'resolved-before-response'
  | 'csat-out-of-range'
  | 'bad-number'
  | 'absurd-duration'
  | 'formula-like'
  | 'bidi-control'
  | 'agent-unmatched'
  | 'unknown-team'
  | 'bad-messages'
  | 'defaulted'
  | 'very-long-field'
  | 'file-missing'
  | 'name-unmatched'
  | 'legs-not-joined'
  | 'unknown-ticket'
  | 'audio-failed'
  | 'audio-warning'
  | 'no-recording'
  | 'transcript-unreadable'
  | 'transcript-line';

export interface ImportIssue {
  /** Row of a table, line of a transcript; 0 for a file-level issue (then `file` names the file). */
  row: number;
  file?: string;
  column: string | null;
  code: IssueCode;
  severity: 'error' | 'warning';
  value?: string;
  detail?: string;
}

export interface DirectoryPerson {
  id: string;
  name: string;
  email: string;
  employeeNo: string;
  teamId: string | null;
}
export interface Directory {
  people: DirectoryPerson[];
  teams: { id: string; name: string }[];
  /** The company's own categories and statuses (Settings → Value lists). */
  lists?: ValueLists;
}

export interface TicketImportOptions {
  mapping: ColumnMapping;
  timestamps: TimestampOptions;
  /** The user's words -> values, over the defaults. */
  vocabularies: Partial<Vocabularies>;
  /** Normalised agent value -> person id (linked by the user) or null (leave unassigned). */
  agentLinks: Record<string, string | null>;
}

export type ImportedTicket = Omit<Ticket, 'id' | 'createdAt' | 'updatedAt' | 'rev' | 'createdBy' | 'deletedAt' | 'source'> & { row: number };
export type ImportedMessage = Omit<TicketMessage, 'id' | 'createdAt' | 'updatedAt' | 'rev' | 'createdBy' | 'deletedAt' | 'ticketId'> & {
  externalId: string;
};

export interface TicketMapResult {
  tickets: ImportedTicket[];
  messages: ImportedMessage[];
  issues: ImportIssue[];
  /** Rows in the source (readable or not). */
  rowCount: number;
}

const VERY_LONG = 1_000_000;
const ABSURD_MS = 366 * 86400000;
const NO_RATING = new Set(['', '-', 'n/a', 'na', 'none', 'null', 'unoffered', 'offered', '未评价', '无', '未评']);

/** Agent matching: e-mail, then employee number, then exact name (case-insensitive). */
export function buildAgentMatcher(dir: Directory) {
  const byEmail = new Map<string, DirectoryPerson>();
  const byNo = new Map<string, DirectoryPerson>();
  const byName = new Map<string, DirectoryPerson>();
  for (const p of dir.people) {
    if (p.email) byEmail.set(p.email.trim().toLowerCase(), p);
    if (p.employeeNo) byNo.set(p.employeeNo.trim().toLowerCase(), p);
    if (p.name) byName.set(p.name.trim().toLowerCase(), p);
  }
  return (raw: string): { person: DirectoryPerson; by: 'email' | 'employeeNo' | 'name' } | null => {
    const k = raw.trim().toLowerCase();
    if (!k) return null;
    const e = byEmail.get(k);
    if (e) return { person: e, by: 'email' };
    const n = byNo.get(k);
    if (n) return { person: n, by: 'employeeNo' };
    const m = byName.get(k);
    return m ? { person: m, by: 'name' } : null;
  };
}

export interface ColumnProfile {
  /** Values of vocabulary columns the defaults and the user's choices do not know, with how often they occur. */
  unknownValues: Partial<Record<VocabularyField, { value: string; count: number }[]>>;
  dates: Partial<Record<TicketField, ColumnDateProfile>>;
  agents: { value: string; count: number; personId: string | null; by: 'email' | 'employeeNo' | 'name' | 'link' | null }[];
}

/** What the mapping step shows: unknown words to map, date columns to confirm, agents to link. */
export function profileTicketColumns(table: SourceTable, opts: Pick<TicketImportOptions, 'mapping' | 'vocabularies' | 'agentLinks'>, dir: Directory): ColumnProfile {
  const col = (f: TicketField) => (opts.mapping[f] ? table.header.indexOf(opts.mapping[f]!) : -1);
  const unknownValues: ColumnProfile['unknownValues'] = {};
  const company = listVocabulary(dir.lists ?? EMPTY_VALUE_LISTS);
  for (const field of VOCABULARY_FIELDS) {
    const c = col(field);
    if (c < 0) continue;
    const counts = new Map<string, number>();
    for (const row of table.rows) {
      const v = (row[c] ?? '').trim();
      if (v === '' || (field === 'csat' && (NO_RATING.has(v.toLowerCase()) || /^\d+(\.\d+)?$/.test(v)))) continue;
      if (mapVocabularyValue(field, v, opts.vocabularies, company) === undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (counts.size) unknownValues[field] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
  }
  const dates: ColumnProfile['dates'] = {};
  for (const f of ['openedAt', 'firstResponseAt', 'resolvedAt'] as const) {
    const c = col(f);
    if (c >= 0) dates[f] = profileDateColumn(table.rows.map((r) => r[c] ?? ''));
  }
  const agents: ColumnProfile['agents'] = [];
  const ac = col('agent');
  if (ac >= 0) {
    const match = buildAgentMatcher(dir);
    const counts = new Map<string, number>();
    for (const row of table.rows) {
      const v = (row[ac] ?? '').trim();
      if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [value, count] of counts) {
      const link = opts.agentLinks[normaliseVocabularyKey(value)];
      const m = match(value);
      agents.push(link !== undefined ? { value, count, personId: link, by: 'link' } : { value, count, personId: m?.person.id ?? null, by: m?.by ?? null });
    }
    agents.sort((a, b) => Number(a.personId !== null) - Number(b.personId !== null) || b.count - a.count);
  }
  return { unknownValues, dates, agents };
}

export function mapTicketRows(table: SourceTable, opts: TicketImportOptions, dir: Directory): TicketMapResult {
  const issues: ImportIssue[] = table.problems.map((p) => ({ row: p.row, column: null, code: p.code, severity: 'error' as const, detail: p.detail }));
  const lists = dir.lists ?? EMPTY_VALUE_LISTS;
  const company = listVocabulary(lists);
  const colIndex = {} as Record<TicketField, number>;
  for (const [f, name] of Object.entries(opts.mapping)) if (name) colIndex[f as TicketField] = table.header.indexOf(name);
  const matchAgent = buildAgentMatcher(dir);
  const teamByName = new Map(dir.teams.map((t) => [t.name.trim().toLowerCase(), t.id]));
  const personTeam = new Map(dir.people.map((p) => [p.id, p.teamId]));
  const tickets: ImportedTicket[] = [];
  const messages: ImportedMessage[][] = [];
  const seen = new Map<string, number>();

  table.rows.forEach((cells, i) => {
    const row = table.rowNumbers[i]!;
    const rowIssues: ImportIssue[] = [];
    const flags = new Set<IssueCode>();
    const cell = (f: TicketField): string => {
      const c = colIndex[f];
      return c === undefined || c < 0 ? '' : (cells[c] ?? '').trim();
    };
    const column = (f: TicketField) => opts.mapping[f] ?? null;
    const issue = (f: TicketField | null, code: IssueCode, severity: 'error' | 'warning', value?: string, detail?: string) => {
      rowIssues.push({ row, column: f ? column(f) : null, code, severity, value: value === undefined ? undefined : value.slice(0, 200), detail });
      if (severity === 'warning') flags.add(code);
    };
    const time = (f: TicketField, required: boolean): string | null => {
      const v = cell(f);
      if (!v) {
        if (required) issue(f, 'missing-opened', 'error');
        return null;
      }
      const r = parseTimestamp(v, opts.timestamps);
      if (r.ok) return r.iso;
      issue(f, r.reason === 'impossible-date' ? 'impossible-date' : 'unreadable-timestamp', required ? 'error' : 'warning', v);
      return null;
    };
    const vocab = (f: VocabularyField, fallback: string): string => {
      const v = cell(f);
      if (!v) {
        if (colIndex[f] !== undefined) issue(f, 'defaulted', 'warning', '', fallback);
        return fallback;
      }
      const mapped = mapVocabularyValue(f, v, opts.vocabularies, company);
      if (mapped === undefined) {
        issue(f, 'unmapped-value', 'error', v);
        return fallback;
      }
      return mapped;
    };

    const externalId = cell('externalId');
    if (!externalId) issue('externalId', 'missing-id', 'error');
    const openedAt = time('openedAt', true);
    const firstResponseAt = time('firstResponseAt', false);
    const resolvedAt = time('resolvedAt', false);
    const channel = vocab('channel', 'portal') as Channel;
    const priority = vocab('priority', 'normal') as Priority;
    const category = vocab('category', 'usage-question') as TicketCategory;
    // A company status says what it means; a deleted, spam, merged or scrubbed ticket keeps that state (item 3).
    const { status, helpdeskState, statusValue } = resolveStatus(vocab('status', resolvedAt ? 'solved' : 'open'), lists, !!resolvedAt);

    let csat: number | null = null;
    const csatRaw = cell('csat');
    if (csatRaw && !NO_RATING.has(csatRaw.toLowerCase())) {
      const mapped = mapVocabularyValue('csat', csatRaw, opts.vocabularies);
      if (mapped !== undefined) csat = Number(mapped);
      else if (/^-?\d+(\.\d+)?$/.test(csatRaw)) issue('csat', 'csat-out-of-range', 'warning', csatRaw, '1-5');
      else issue('csat', 'unmapped-value', 'error', csatRaw);
    }

    let reopenedCount = 0;
    const reopenRaw = cell('reopenedCount');
    if (reopenRaw) {
      const n = Number(reopenRaw);
      if (Number.isInteger(n) && n >= 0) reopenedCount = n;
      else if (/^(true|yes|是)$/i.test(reopenRaw)) reopenedCount = 1;
      else if (/^(false|no|否)$/i.test(reopenRaw)) reopenedCount = 0;
      else issue('reopenedCount', 'bad-number', 'warning', reopenRaw);
    }

    let agentId: string | null = null;
    const agentRaw = cell('agent');
    if (agentRaw) {
      const link = opts.agentLinks[normaliseVocabularyKey(agentRaw)];
      if (link !== undefined) agentId = link;
      else {
        const m = matchAgent(agentRaw);
        if (m) agentId = m.person.id;
        else issue('agent', 'agent-unmatched', 'warning', agentRaw);
      }
    }
    let teamId = agentId ? (personTeam.get(agentId) ?? null) : null;
    const teamRaw = cell('team');
    if (teamRaw) {
      const t = teamByName.get(teamRaw.toLowerCase());
      if (t) teamId = t;
      else issue('team', 'unknown-team', 'warning', teamRaw);
    }

    if (openedAt) {
      if (firstResponseAt && firstResponseAt < openedAt) issue('firstResponseAt', 'response-before-created', 'warning', cell('firstResponseAt'));
      if (resolvedAt && resolvedAt < openedAt) issue('resolvedAt', 'resolved-before-created', 'warning', cell('resolvedAt'));
      else if (resolvedAt && firstResponseAt && resolvedAt < firstResponseAt) issue('resolvedAt', 'resolved-before-response', 'warning', cell('resolvedAt'));
      for (const [f, at] of [['firstResponseAt', firstResponseAt], ['resolvedAt', resolvedAt]] as const) {
        if (at && Date.parse(at) - Date.parse(openedAt) > ABSURD_MS) issue(f, 'absurd-duration', 'warning', cell(f), 'over a year after creation');
      }
    }

    const subject = cell('subject');
    const customerName = cell('customer');
    const product = cell('product');
    for (const f of ['subject', 'customer', 'product', 'description'] as const) {
      const v = cell(f);
      if (isFormulaLike(v) && !/^-?\d/.test(v)) issue(f, 'formula-like', 'warning', v, 'kept as text, never evaluated');
      if (hasBidiControls(v)) issue(f, 'bidi-control', 'warning', neutraliseBidi(v).slice(0, 80), 'shown with the controls made visible');
      if (v.length > VERY_LONG) issue(f, 'very-long-field', 'warning', undefined, String(v.length));
    }

    const rowMessages: ImportedMessage[] = [];
    const thread = cell('messages');
    if (thread) {
      const parsed = parseThread(thread, opts.timestamps, openedAt);
      if (parsed === null) issue('messages', 'bad-messages', 'warning', thread.slice(0, 80));
      else rowMessages.push(...parsed.map((m) => ({ ...m, externalId })));
    }
    // The description is the customer's first message unless the thread already holds it (Zendesk's first comment).
    const description = cell('description');
    const noThread = rowMessages.length === 0;
    if (description && openedAt && noThread) rowMessages.push({ externalId, at: openedAt, author: 'customer', authorName: customerName, body: description });
    // A reply column is the agent's answer: after the customer's question, at the first response (or resolution).
    const reply = cell('reply');
    if (reply && openedAt && noThread) {
      const at = [cell('firstResponseAt'), cell('resolvedAt')].map((v) => (v ? parseTimestamp(v, opts.timestamps) : null)).find((r) => r && r.ok);
      rowMessages.push({ externalId, at: at && at.ok ? at.iso : openedAt, author: 'agent', authorName: cell('agent'), body: reply });
    }
    // Without a first-response column, the first public agent reply is the first response (as helpdesks measure it).
    const derivedResponse = colIndex.firstResponseAt === undefined ? (rowMessages.find((m) => m.author === 'agent')?.at ?? null) : null;

    if (rowIssues.some((x) => x.severity === 'error') || !openedAt || !externalId) {
      issues.push(...rowIssues);
      return;
    }
    const earlier = seen.get(externalId);
    if (earlier !== undefined) {
      // The later row is the newer state of the same ticket; the earlier one is reported, not merged silently.
      const prev = tickets[earlier]!;
      issues.push({ row: prev.row, column: column('externalId'), code: 'duplicate-id', severity: 'error', value: externalId, detail: String(row) });
      tickets[earlier] = null as unknown as ImportedTicket;
      messages[earlier] = [];
    }
    issues.push(...rowIssues);
    seen.set(externalId, tickets.length);
    tickets.push({
      row,
      externalId,
      subject,
      channel,
      priority,
      category,
      status,
      agentId,
      teamId,
      customerName,
      product,
      openedAt,
      firstResponseAt: firstResponseAt ?? derivedResponse,
      resolvedAt,
      reopenedCount,
      csat,
      flags: [...flags],
      // Only when there is one, so the content digest of every other ticket stays what it was.
      ...(statusValue ? { statusValue } : {}),
      ...(helpdeskState ? { helpdeskState } : {}),
    });
    messages.push(rowMessages);
  });
  return { tickets: tickets.filter(Boolean), messages: messages.flat(), issues: issues.sort((a, b) => a.row - b.row), rowCount: table.rows.length + table.problems.length };
}

/** A comments column: a JSON array as Zendesk exports it (author, body, created_at, public), or plain text. */
function parseThread(raw: string, ts: TimestampOptions, fallbackAt: string | null): Omit<ImportedMessage, 'externalId'>[] | null {
  const plain = () => (fallbackAt ? [{ at: fallbackAt, author: 'customer' as const, authorName: '', body: raw }] : null);
  if (!raw.startsWith('[')) return plain();
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    // "[ORDERID_123] 亲，您好…": text that begins with a bracket, not a broken JSON array: kept as the message.
    return plain();
  }
  if (!Array.isArray(list) || !list.every((c) => c && typeof c === 'object')) return plain();
  const out: Omit<ImportedMessage, 'externalId'>[] = [];
  // Zendesk comments carry author ids, not roles: the first comment is the requester's, other authors are agents.
  const requester = (list[0] as Record<string, unknown> | undefined)?.author_id;
  for (const c of list as Record<string, unknown>[]) {
    if (!c || typeof c !== 'object') return null;
    const at = typeof c.created_at === 'string' ? parseTimestamp(c.created_at, ts) : null;
    const body = String(c.body ?? c.plain_body ?? c.html_body ?? c.text ?? '');
    const authorRole = String(c.role ?? c.author_role ?? (c.author_id === undefined ? '' : c.author_id === requester ? 'customer' : 'agent')).toLowerCase();
    // The helpdesk's own words for who wrote it (not the console's roles).
    const author: ImportedMessage['author'] =
      c.public === false || authorRole === 'internal' ? 'internal' : ['agent', 'admin', 'end-user-agent'].includes(authorRole) ? 'agent' : 'customer';
    out.push({ at: at && at.ok ? at.iso : (fallbackAt ?? ''), author, authorName: String(c.author ?? c.author_name ?? ''), body });
  }
  return out;
}

/** A stable digest of what an import stores for a ticket, to tell updated from unchanged on re-import. */
export function ticketContentHash(t: ImportedTicket, msgs: ImportedMessage[]): string {
  const { row: _row, ...content } = t;
  return cyrb53(JSON.stringify(content) + '\u0000' + JSON.stringify(msgs.map((m) => [m.at, m.author, m.authorName, m.body])));
}

function cyrb53(str: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The import report as CSV; cells that look like formulas are quoted with a leading apostrophe so a spreadsheet shows them as text. */
export function issuesToCsv(issues: ImportIssue[], header: string[], severityWord: (s: ImportIssue['severity']) => string = (s) => s): string {
  const esc = (v: unknown) => {
    let s = v === undefined || v === null ? '' : String(v);
    if (isFormulaLike(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [header, ...issues.map((x) => [x.row || '', x.column ?? '', severityWord(x.severity), x.code, x.value ?? '', x.detail ?? '', x.file ?? ''])].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n';
}
