// One ticket import session off the UI thread: open (decode + parse the whole file once), profile the user's
// mapping (unknown words, date columns, agents, a dry run with preview), then commit in chunks with progress.
// Parsing 100k rows or 60 MB here keeps the window responsive; cancel stops writing at the next chunk.
import { QaDatabase } from '../db/database';
import { carriedFields, loadDirectory, runTicketImport, updatePreview, type TicketImportMeta } from '../db/imports';
import type { RepoContext } from '../db/context';
import { cryptoRandomBytes } from '../db/context';
import { headerSignature, suggestMapping, type ColumnMapping } from '@renderer/domain/import/mapping';
import type { SourceTable, SourceFormat } from '@renderer/domain/import/sourceTable';
import { SourceUnreadable } from '@renderer/domain/import/sourceTable';
import {
  mapTicketRows,
  profileTicketColumns,
  type ColumnProfile,
  type Directory,
  type ImportedTicket,
  type ImportIssue,
  type TicketImportOptions,
  type TicketMapResult,
} from '@renderer/domain/import/tickets';
import type { TextEncodingName } from '@renderer/domain/import/encoding';
import type { TicketField } from '@renderer/domain/import/mapping';
import type { SessionScope } from '@renderer/domain/roles';
import type { ImportRun } from '@renderer/domain/model';
import { readSourceFile, type SourceFileInfo } from './sourceFile';

export type TicketImportRequest =
  | { type: 'open'; file: File; override: { encoding?: TextEncodingName; delimiter?: string; format?: SourceFormat } }
  | { type: 'profile'; dbName: string; options: TicketImportOptions; source: string }
  | { type: 'commit'; dbName: string; actor: SessionScope; options: TicketImportOptions; meta: TicketImportMeta }
  | { type: 'cancel' };

export interface OpenedSource {
  info: SourceFileInfo;
  header: string[];
  sample: string[][];
  rows: number;
  unreadableRows: number;
  delimiter: string | null;
  suggested: ColumnMapping;
  signature: string;
}

export interface DryRun {
  profile: ColumnProfile;
  preview: ImportedTicket[];
  tickets: number;
  failedRows: number;
  warnings: number;
  byCode: Record<string, number>;
  firstIssues: ImportIssue[];
  /** Tickets of this source the file would update, and per field how many keep their stored value (never blanked). */
  updates: number;
  kept: Partial<Record<TicketField, number>>;
}

export type TicketImportReply =
  | { type: 'opened'; source: OpenedSource }
  | { type: 'profiled'; dryRun: DryRun }
  | { type: 'progress'; phase: 'reading' | 'parsing' | 'mapping' | 'writing'; done: number; total: number }
  | { type: 'done'; run: ImportRun }
  | { type: 'error'; code: string; message: string };

const post = (m: TicketImportReply) => postMessage(m);
let table: SourceTable | null = null;
let stop = false;
/** The last dry run, reused by the commit when options and directory are unchanged. */
let lastDryRun: { key: string; mapped: TicketMapResult } | null = null;
const dryRunKey = (options: TicketImportOptions, dir: Directory) => JSON.stringify([options, dir]);

async function open(file: File, override: Extract<TicketImportRequest, { type: 'open' }>['override']) {
  post({ type: 'progress', phase: 'reading', done: 0, total: file.size });
  const bytes = new Uint8Array(await file.arrayBuffer());
  post({ type: 'progress', phase: 'parsing', done: 0, total: file.size });
  const read = await readSourceFile(bytes, file.name, override);
  table = read.table;
  post({
    type: 'opened',
    source: {
      info: read.info,
      header: table.header,
      sample: table.rows.slice(0, 8),
      rows: table.rows.length + table.problems.length,
      unreadableRows: table.problems.length,
      delimiter: table.delimiter ?? null,
      suggested: suggestMapping(table.header),
      signature: headerSignature(table.header),
    },
  });
}

async function profile(dbName: string, options: TicketImportOptions, source: string) {
  if (!table) throw new Error('no file is open');
  const db = new QaDatabase(dbName);
  try {
    const dir = await loadDirectory(db);
    const mapped = mapTicketRows(table, options, dir);
    lastDryRun = { key: dryRunKey(options, dir), mapped };
    const byCode: Record<string, number> = {};
    for (const i of mapped.issues) byCode[i.code] = (byCode[i.code] ?? 0) + 1;
    const updating = await updatePreview(db, source, mapped.tickets, mapped.messages, carriedFields(options));
    post({
      type: 'profiled',
      dryRun: {
        profile: profileTicketColumns(table, options, dir),
        preview: mapped.tickets.slice(0, 10),
        tickets: mapped.tickets.length,
        failedRows: new Set(mapped.issues.filter((i) => i.severity === 'error').map((i) => i.row)).size,
        warnings: mapped.issues.filter((i) => i.severity === 'warning').length,
        byCode,
        firstIssues: mapped.issues.slice(0, 200),
        ...updating,
      },
    });
  } finally {
    db.close();
  }
}

async function commit(req: Extract<TicketImportRequest, { type: 'commit' }>) {
  if (!table) throw new Error('no file is open');
  stop = false;
  const db = new QaDatabase(req.dbName);
  const ctx: RepoContext = { db, actor: req.actor, clock: () => Date.now(), randomBytes: cryptoRandomBytes };
  try {
    post({ type: 'progress', phase: 'mapping', done: 0, total: table.rows.length });
    const key = dryRunKey(req.options, await loadDirectory(db));
    const run = await runTicketImport(
      ctx,
      table,
      req.options,
      req.meta,
      {
        onProgress: (done, total) => post({ type: 'progress', phase: 'writing', done, total }),
        shouldStop: () => stop,
      },
      lastDryRun?.key === key ? lastDryRun.mapped : undefined,
    );
    post({ type: 'done', run });
  } finally {
    db.close();
  }
}

self.onmessage = async (e: MessageEvent<TicketImportRequest>) => {
  const req = e.data;
  try {
    if (req.type === 'cancel') stop = true;
    else if (req.type === 'open') await open(req.file, req.override);
    else if (req.type === 'profile') await profile(req.dbName, req.options, req.source);
    else await commit(req);
  } catch (err) {
    post({ type: 'error', code: err instanceof SourceUnreadable ? err.code : 'internal', message: err instanceof Error ? err.message : String(err) });
  }
};
