// Turns a decoded export into one shape, a table of strings with the row numbers a user sees: delimited text
// (CSV/TSV, delimiter sniffed), JSON (an array, or {tickets: [...]} as Zendesk exports) and JSON Lines.
// Rows that cannot be read become issues naming the row, never silent gaps.
import Papa from 'papaparse';

export type SourceFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx';

export interface SourceTable {
  format: SourceFormat;
  header: string[];
  rows: string[][];
  /** The row number a user sees for each row: spreadsheet numbering (header is row 1) or the JSON Lines line. */
  rowNumbers: number[];
  /** Rows that could not be read at all. */
  problems: SourceProblem[];
  delimiter?: string;
}

export interface SourceProblem {
  row: number;
  code: 'field-count' | 'unclosed-quote' | 'bad-json-line' | 'not-an-object' | 'empty-file' | 'no-header' | 'bad-json' | 'no-rows' | 'blank-header' | 'not-tickets';
  detail?: string;
}

/** Thrown when the whole file is unreadable (nothing to import); row-level trouble goes into problems instead. */
export class SourceUnreadable extends Error {
  constructor(
    readonly code: SourceProblem['code'],
    detail: string,
  ) {
    super(detail);
    this.name = 'SourceUnreadable';
  }
}

export function sniffFormat(fileName: string, head: string): SourceFormat {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) {
    const firstLine = t.split('\n', 1)[0]!.trim();
    // One complete object on the first line, more lines after: JSON Lines.
    if (firstLine.endsWith('}') && t.length > firstLine.length + 1 && /\n\s*\{/.test(t)) {
      try {
        JSON.parse(firstLine);
        return 'jsonl';
      } catch {
        /* a pretty-printed JSON document */
      }
    }
    return 'json';
  }
  return ext === 'json' ? 'json' : 'csv';
}

export function readSourceText(text: string, format: Exclude<SourceFormat, 'xlsx'>, delimiter?: string): SourceTable {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new SourceUnreadable('empty-file', 'the file is empty');
  if (format === 'json') return readJson(body);
  if (format === 'jsonl') return readJsonLines(body);
  return readDelimited(body, format === 'tsv' ? '\t' : delimiter);
}

/**
 * Parses delimited text; an unclosed quote would swallow the rest of the file into one field, so the row with it
 * is reported and parsing resumes on the next line.
 */
function parseDelimited(text: string, delimiter: string | undefined): { data: string[][]; unclosed: Set<number>; delimiter: string } {
  const data: string[][] = [];
  const unclosed = new Set<number>();
  let offset = 0;
  let delim = delimiter ?? '';
  for (;;) {
    const parsed = Papa.parse<string[]>(offset === 0 ? text : text.slice(offset), {
      delimiter: delim,
      delimitersToGuess: [',', '\t', ';', '|'],
      newline: '\n',
      skipEmptyLines: 'greedy',
    });
    delim = parsed.meta.delimiter;
    const missing = parsed.errors.find((e) => e.code === 'MissingQuotes' && e.row !== undefined);
    if (!missing) {
      for (const r of parsed.data) data.push(r);
      break;
    }
    for (const r of parsed.data.slice(0, missing.row)) data.push(r);
    unclosed.add(data.length);
    data.push([]);
    const nl = text.indexOf('\n', offset + (missing.index ?? 0));
    if (nl < 0) break;
    offset = nl + 1;
  }
  return { data, unclosed, delimiter: delim };
}

function readDelimited(text: string, delimiter: string | undefined): SourceTable {
  // Mixed CRLF/LF/CR files (re-saved by several tools) parse as one: every line ending becomes LF.
  const normalised = text.replace(/\r\n?/g, '\n');
  const parsed = parseDelimited(normalised, delimiter);
  const data = parsed.data;
  if (data.length === 0) throw new SourceUnreadable('empty-file', 'the file has no rows');
  if (parsed.unclosed.has(0)) throw new SourceUnreadable('no-header', 'the header row has an unclosed quote');
  const header = data[0]!.map((h) => h.trim());
  if (header.every((h) => h === '')) throw new SourceUnreadable('no-header', 'the first row is empty; it should name the columns');
  const problems: SourceProblem[] = [];
  header.forEach((h, i) => {
    if (h === '' && header.length > 1) header[i] = `column ${i + 1}`;
  });
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  // Spreadsheet numbering: the header is row 1, data index i is row i + 1.
  for (let i = 1; i < data.length; i++) {
    const row = data[i]!;
    if (parsed.unclosed.has(i)) {
      problems.push({ row: i + 1, code: 'unclosed-quote' });
      continue;
    }
    if (row.length !== header.length) {
      // Trailing empty cells some tools add are harmless; anything else means the row is shifted.
      const extraEmpty = row.length > header.length && row.slice(header.length).every((c) => c.trim() === '');
      if (!extraEmpty) {
        problems.push({ row: i + 1, code: 'field-count', detail: `${row.length}/${header.length}` });
        continue;
      }
    }
    rows.push(row.length > header.length ? row.slice(0, header.length) : row);
    rowNumbers.push(i + 1);
  }
  if (rows.length === 0 && problems.length === 0) throw new SourceUnreadable('no-rows', 'the file has a header but no rows');
  return { format: delimiterFormat(parsed.delimiter), header, rows, rowNumbers, problems, delimiter: parsed.delimiter };
}

const delimiterFormat = (d: string): SourceFormat => (d === '\t' ? 'tsv' : 'csv');

function readJson(text: string): SourceTable {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SourceUnreadable('bad-json', e instanceof Error ? e.message : String(e));
  }
  const notTickets = messagesExport(doc);
  if (notTickets) throw new SourceUnreadable('not-tickets', notTickets);
  const list = Array.isArray(doc) ? doc : findRecordArray(doc);
  if (!list) throw new SourceUnreadable('bad-json', 'no list of records found (expected an array, or an object with "tickets", "data", "records" or "results")');
  return fromObjects(
    'json',
    list.map((o, i) => ({ row: i + 1, value: o })),
  );
}

/**
 * A helpdesk export of ticket messages rather than tickets (Zendesk ticket audits or comments, Freshdesk
 * conversations): named so the importer refuses it, instead of mapping it onto tickets and blanking them.
 */
export function messagesExport(doc: unknown): string | null {
  if (!doc || typeof doc !== 'object') return null;
  const o = doc as Record<string, unknown>;
  const list = Array.isArray(doc) ? (doc as unknown[]) : Array.isArray(o.tickets) ? null : Array.isArray(o.audits) ? o.audits : Array.isArray(o.comments) ? o.comments : Array.isArray(o.conversations) ? o.conversations : null;
  if (!list) return null;
  const sample = list.slice(0, 20).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
  if (!sample.length) return null;
  const has = (k: string) => sample.filter((x) => k in x).length >= sample.length / 2;
  const ticketish = has('subject') || has('status') || has('priority');
  if (!ticketish && (Array.isArray(o.audits) || (has('ticket_id') && has('events'))))
    return 'this is a Zendesk ticket-audits export (the history and comments of tickets), not tickets: export the tickets themselves (with their comments) and import that; nothing was imported';
  if (!ticketish && (Array.isArray(o.comments) || (has('author_id') && (has('html_body') || has('plain_body')))))
    return 'this is a Zendesk comments export (the messages of one ticket), not tickets: export the tickets themselves (with their comments) and import that; nothing was imported';
  if (!ticketish && (Array.isArray(o.conversations) || (has('body_text') && has('incoming'))))
    return 'this is a Freshdesk conversations export (the replies and notes of tickets), not tickets: export the tickets and import that; nothing was imported';
  return null;
}

function findRecordArray(doc: unknown): unknown[] | null {
  if (!doc || typeof doc !== 'object') return null;
  const o = doc as Record<string, unknown>;
  for (const k of ['tickets', 'data', 'records', 'results', 'items', 'rows']) if (Array.isArray(o[k])) return o[k] as unknown[];
  const arrays = Object.values(o).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as unknown[]) : null;
}

function readJsonLines(text: string): SourceTable {
  const items: { row: number; value: unknown }[] = [];
  const problems: SourceProblem[] = [];
  const lines = text.split(/\r\n?|\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      items.push({ row: i + 1, value: JSON.parse(line) });
    } catch (e) {
      problems.push({ row: i + 1, code: 'bad-json-line', detail: e instanceof Error ? e.message : String(e) });
    }
  });
  const table = fromObjects('jsonl', items);
  table.problems.unshift(...problems);
  return table;
}

/** Flattens objects to columns: nested objects become dotted names, arrays of objects stay JSON (comments). */
function fromObjects(format: SourceFormat, items: { row: number; value: unknown }[]): SourceTable {
  const header: string[] = [];
  const index = new Map<string, number>();
  const flat: { row: number; cells: Map<number, string> }[] = [];
  const problems: SourceProblem[] = [];
  for (const { row, value } of items) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ row, code: 'not-an-object' });
      continue;
    }
    const cells = new Map<number, string>();
    flatten(value as Record<string, unknown>, '', (k, v) => {
      let col = index.get(k);
      if (col === undefined) {
        col = header.length;
        header.push(k);
        index.set(k, col);
      }
      cells.set(col, v);
    });
    flat.push({ row, cells });
  }
  if (flat.length === 0 && problems.length === 0) throw new SourceUnreadable('no-rows', 'the file has no records');
  return {
    format,
    header,
    rows: flat.map(({ cells }) => header.map((_, i) => cells.get(i) ?? '')),
    rowNumbers: flat.map((f) => f.row),
    problems,
  };
}

function flatten(o: Record<string, unknown>, prefix: string, emit: (k: string, v: string) => void) {
  for (const [k, v] of Object.entries(o)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) emit(name, '');
    else if (Array.isArray(v)) {
      if (v.some((x) => x && typeof x === 'object')) {
        // Zendesk custom_fields: [{id, value}] become one column per id.
        if (v.every((x) => x && typeof x === 'object' && 'id' in x && 'value' in x && Object.keys(x).length <= 3)) {
          for (const x of v as { id: unknown; value: unknown }[]) emit(`${name}.${String(x.id)}`, x.value === null || x.value === undefined ? '' : String(x.value));
        } else emit(name, JSON.stringify(v));
      } else emit(name, v.join(', '));
    } else if (typeof v === 'object') flatten(v as Record<string, unknown>, name, emit);
    else emit(name, String(v));
  }
}
