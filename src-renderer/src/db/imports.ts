// Writes an import: tickets upserted by (source, external id) in chunks (an update changes only what the file
// carries and never blanks a stored field), their thread replaced when the file carries one, one audit entry per
// chunk, and the run with its report kept for the import history.
import { sha256Hex } from '@renderer/domain/auditChain';
import {
  mapTicketRows,
  ticketContentHash,
  type Directory,
  type ImportedMessage,
  type ImportedTicket,
  type ImportIssue,
  type TicketImportOptions,
  type TicketMapResult,
} from '@renderer/domain/import/tickets';
import { carriesMessages, FIELD_OF_PROP, isEmpty, mergeTicketUpdate, STATUS_COMPANIONS } from '@renderer/domain/import/ticketUpdates';
import type { SourceTable } from '@renderer/domain/import/sourceTable';
import { TICKET_FIELDS, type TicketField } from '@renderer/domain/import/mapping';
import type { ImportKind, ImportPreset, ImportRun, ImportSnapshot, Ticket, TicketMessage } from '@renderer/domain/model';
import Dexie from 'dexie';
import type { QaDatabase } from './database';
import { readSettings } from './settings';
import { AccessDenied, nowIso, ValidationError, type RepoContext } from './context';
import { stampNew, createRecord, updateRecord, writeRecords, type Revision } from './records';
import { mayImport } from '@renderer/domain/roles';

export const IMPORT_CHUNK = 2000;
/** Reports keep this many issues; a file with more is summarised by count (the full list is still exportable during the run). */
export const MAX_KEPT_ISSUES = 20000;

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

function requireImporter(ctx: RepoContext) {
  const a = ctx.actor;
  if (!a || !mayImport(a.role)) throw new AccessDenied('importing is for supervisors and admins');
  return a;
}

export async function startImportRun(
  ctx: RepoContext,
  meta: Pick<ImportRun, 'kind' | 'fileName' | 'bytes' | 'source' | 'format' | 'encoding'> & { rows: number },
  actorName: string,
): Promise<ImportRun> {
  const actor = requireImporter(ctx);
  const { rows, ...rest } = meta;
  return createRecord<ImportRun>(ctx, ctx.db.importRuns, {
    ...rest,
    actorId: actor.personId,
    actorName,
    startedAt: nowIso(ctx),
    finishedAt: null,
    status: 'running',
    counts: { rows, created: 0, updated: 0, unchanged: 0, failed: 0, warnings: 0 },
    issues: [],
    issuesTruncated: 0,
    message: null,
  });
}

export async function finishImportRun(
  ctx: RepoContext,
  runId: string,
  status: ImportRun['status'],
  counts: ImportRun['counts'],
  issues: ImportIssue[],
  message: string | null = null,
): Promise<ImportRun> {
  return updateRecord<ImportRun>(
    ctx,
    ctx.db.importRuns,
    runId,
    { status, counts, finishedAt: nowIso(ctx), issues: issues.slice(0, MAX_KEPT_ISSUES), issuesTruncated: Math.max(0, issues.length - MAX_KEPT_ISSUES), message },
    `import-${status}`,
  );
}

/** The fields a mapping feeds: what an update of a stored ticket may change. */
export const carriedFields = (options: Pick<TicketImportOptions, 'mapping'>): TicketField[] => (Object.keys(options.mapping) as TicketField[]).filter((f) => !!options.mapping[f]);

/**
 * What an import would do to the tickets already stored, for the dry run: how many it updates, and per field how
 * many of them keep a stored value because the file lacks the column or leaves the cell empty (an update never
 * blanks a field). Reads only the index for a fresh source; the stored tickets only for the file's known ids.
 */
export async function updatePreview(db: QaDatabase, source: string, tickets: readonly ImportedTicket[], messages: readonly ImportedMessage[], carried: readonly TicketField[]): Promise<{ updates: number; kept: Partial<Record<TicketField, number>> }> {
  const keys = (await db.tickets.where('[source+externalId]').between([source, Dexie.minKey], [source, Dexie.maxKey]).keys()) as unknown as [string, string][];
  const known = new Set(keys.map((k) => k[1]));
  const matching = tickets.filter((t) => known.has(t.externalId));
  const kept: Partial<Record<TicketField, number>> = {};
  if (!matching.length) return { updates: 0, kept };
  const fed = new Set<TicketField>(carried);
  const threads = new Map<string, ImportedMessage[]>();
  for (const m of messages) threads.set(m.externalId, [...(threads.get(m.externalId) ?? []), m]);
  let updates = 0;
  for (let i = 0; i < matching.length; i += IMPORT_CHUNK) {
    const chunk = matching.slice(i, i + IMPORT_CHUNK);
    const stored = new Map((await db.tickets.where('[source+externalId]').anyOf(chunk.map((t) => [source, t.externalId])).toArray()).map((t) => [t.externalId, t]));
    for (const t of chunk) {
      const prev = stored.get(t.externalId);
      if (!prev || (prev.importHash === ticketContentHash(t, threads.get(t.externalId) ?? []) && !prev.deletedAt)) continue;
      updates++;
      const { row: _row, ...content } = t;
      const fields = new Set(mergeTicketUpdate(prev, content as typeof prev, fed).kept.filter((p) => !isEmpty(prev[p as keyof typeof prev])).map((p) => FIELD_OF_PROP.get(p)!));
      for (const f of fields) kept[f] = (kept[f] ?? 0) + 1;
    }
  }
  return { updates, kept };
}

/**
 * Upserts tickets by (source, external id). A ticket whose imported content is identical is left alone (unchanged);
 * a changed one keeps its id and history and gets rev + 1 with its messages replaced. Stops between chunks when asked.
 */
export async function upsertTickets(
  ctx: RepoContext,
  source: string,
  runId: string,
  tickets: ImportedTicket[],
  messages: ImportedMessage[],
  opts: {
    onProgress?: (done: number, total: number) => void;
    shouldStop?: () => boolean;
    /** The fields the file's mapping feeds: an update changes only these (all, when not given). */
    carried?: readonly TicketField[];
  } = {},
): Promise<UpsertCounts & { stopped: boolean; kept: number }> {
  requireImporter(ctx);
  const carried = new Set<TicketField>(opts.carried ?? TICKET_FIELDS);
  let kept = 0;
  const byTicket = new Map<string, ImportedMessage[]>();
  for (const m of messages) {
    const list = byTicket.get(m.externalId);
    if (list) list.push(m);
    else byTicket.set(m.externalId, [m]);
  }
  const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
  const { db } = ctx;
  for (let i = 0; i < tickets.length; i += IMPORT_CHUNK) {
    if (opts.shouldStop?.()) return { ...counts, stopped: true, kept };
    const chunk = tickets.slice(i, i + IMPORT_CHUNK);
    await db.transaction('rw', [db.tickets, db.ticketMessages, db.importSnapshots, db.auditLog], async () => {
      const existing = await db.tickets
        .where('[source+externalId]')
        .anyOf(chunk.map((t) => [source, t.externalId]))
        .toArray();
      const known = new Map(existing.map((t) => [t.externalId, t]));
      const created: Ticket[] = [];
      const revised: Revision<Ticket>[] = [];
      const ids: string[] = [];
      const newMessages: TicketMessage[] = [];
      const replaced: string[] = [];
      const snapshots: ImportSnapshot[] = [];
      const chunkCounts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
      for (const t of chunk) {
        const msgs = byTicket.get(t.externalId) ?? [];
        const hash = ticketContentHash(t, msgs);
        const prev = known.get(t.externalId);
        const { row: _row, ...content } = t;
        if (prev && prev.importHash === hash && !prev.deletedAt) {
          chunkCounts.unchanged++;
          continue;
        }
        let record: Ticket;
        if (prev) {
          // Only what the file carries changes, and nothing stored is blanked by an empty cell or a missing column.
          const m = mergeTicketUpdate(prev, content as typeof prev, carried);
          if (m.kept.length) kept++;
          record = { ...prev, ...m.merged, source, importHash: hash, importRunId: runId, deletedAt: null };
          // A status mark the merge dropped (no longer spam, no company status) is dropped from the record too.
          for (const p of STATUS_COMPANIONS) if (!(p in m.merged)) delete record[p];
          revised.push({ before: prev, after: record });
          // The thread is replaced only when the file carries one for this ticket.
          const replacesThread = carriesMessages(carried, msgs);
          if (replacesThread) replaced.push(prev.id);
          // What undo restores: the ticket as it was, and its thread if this run replaces it.
          snapshots.push(stampNew<ImportSnapshot>(ctx, { runId, ticketId: prev.id, before: prev, messagesBefore: replacesThread ? await db.ticketMessages.where('ticketId').equals(prev.id).toArray() : null }));
          chunkCounts.updated++;
        } else {
          record = stampNew<Ticket>(ctx, { ...content, source, importHash: hash, importRunId: runId });
          created.push(record);
          chunkCounts.created++;
        }
        ids.push(record.id);
        if (prev && !carriesMessages(carried, msgs)) continue;
        for (const m of msgs) {
          const { externalId: _e, ...body } = m;
          newMessages.push(stampNew<TicketMessage>(ctx, { ...body, ticketId: record.id }));
        }
      }
      const none = { none: 'part of the import, whose entry below counts the tickets and hashes their ids' };
      await writeRecords(ctx, db.importSnapshots, { create: snapshots }, none);
      const oldThreads = replaced.length ? await db.ticketMessages.where('ticketId').anyOf(replaced).primaryKeys() : [];
      await writeRecords(ctx, db.ticketMessages, { remove: oldThreads, create: newMessages }, none);
      const after = { source, ...chunkCounts, idsSha256: sha256Hex(ids.join(',')) };
      await writeRecords(ctx, db.tickets, { create: created, revise: revised }, { batch: { action: 'import', entityId: runId, after } });
      counts.created += chunkCounts.created;
      counts.updated += chunkCounts.updated;
      counts.unchanged += chunkCounts.unchanged;
    });
    opts.onProgress?.(Math.min(tickets.length, i + IMPORT_CHUNK), tickets.length);
  }
  return { ...counts, stopped: false, kept };
}

export async function listImportRuns(ctx: RepoContext, kind?: ImportKind, limit = 200): Promise<ImportRun[]> {
  requireImporter(ctx);
  const all = await ctx.db.importRuns.orderBy('startedAt').reverse().limit(limit).toArray();
  return kind ? all.filter((r) => r.kind === kind) : all;
}

export async function findPreset(ctx: RepoContext, kind: ImportKind, signature: string): Promise<ImportPreset | undefined> {
  requireImporter(ctx);
  const list = await ctx.db.importPresets.where('[kind+signature]').equals([kind, signature]).toArray();
  return list.filter((p) => !p.deletedAt).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
}

export async function listPresets(ctx: RepoContext, kind: ImportKind): Promise<ImportPreset[]> {
  requireImporter(ctx);
  return (await ctx.db.importPresets.toArray()).filter((p) => p.kind === kind && !p.deletedAt).sort((a, b) => a.name.localeCompare(b.name));
}

export async function savePreset(ctx: RepoContext, preset: Omit<ImportPreset, 'id' | 'createdAt' | 'updatedAt' | 'rev' | 'createdBy' | 'deletedAt'>): Promise<ImportPreset> {
  requireImporter(ctx);
  const same = (await listPresets(ctx, preset.kind)).find((p) => p.name === preset.name);
  if (same) return updateRecord<ImportPreset>(ctx, ctx.db.importPresets, same.id, preset);
  return createRecord<ImportPreset>(ctx, ctx.db.importPresets, preset);
}

/**
 * After an import, the preset for this header learns the value words mapped and the agents linked on the way
 * (the values step comes after the columns step where a preset is saved), so the next export asks nothing again.
 * Returns the preset updated, or null when there is none for this header.
 */
export async function rememberPresetValues(ctx: RepoContext, kind: ImportKind, signature: string, values: Pick<ImportPreset, 'vocabularies' | 'agentLinks'>): Promise<ImportPreset | null> {
  const preset = await findPreset(ctx, kind, signature);
  if (!preset) return null;
  const vocabularies = { ...preset.vocabularies } as Record<string, Record<string, string>>;
  for (const [field, words] of Object.entries(values.vocabularies ?? {})) vocabularies[field] = { ...(vocabularies[field] ?? {}), ...(words as Record<string, string>) };
  const agentLinks = { ...(preset.agentLinks ?? {}), ...values.agentLinks };
  if (JSON.stringify([vocabularies, agentLinks]) === JSON.stringify([preset.vocabularies, preset.agentLinks ?? {}])) return preset;
  return updateRecord<ImportPreset>(ctx, ctx.db.importPresets, preset.id, { vocabularies: vocabularies as ImportPreset['vocabularies'], agentLinks });
}

/** People and teams as the importer matches agents against them. */
export async function loadDirectory(db: RepoContext['db']): Promise<Directory> {
  const [people, teams, settings] = await Promise.all([db.people.toArray(), db.teams.toArray(), readSettings(db)]);
  return {
    lists: settings.valueLists,
    people: people.filter((p) => !p.deletedAt).map((p) => ({ id: p.id, name: p.name, email: p.email, employeeNo: p.employeeNo, teamId: p.teamId })),
    teams: teams.filter((t) => !t.deletedAt).map((t) => ({ id: t.id, name: t.name })),
  };
}

export interface TicketImportMeta {
  fileName: string;
  bytes: number;
  source: string;
  encoding: string | null;
  actorName: string;
}

/**
 * The whole ticket import after the user's choices: map every row, record the run, upsert in chunks, finish the run
 * with the report. A cancelled run keeps what was written (re-importing completes it: upserts are idempotent).
 */
export async function runTicketImport(
  ctx: RepoContext,
  table: SourceTable,
  options: TicketImportOptions,
  meta: TicketImportMeta,
  hooks: { onProgress?: (done: number, total: number) => void; shouldStop?: () => boolean } = {},
  /** The dry run's result when nothing changed since (same options, same directory): saves mapping 100k rows twice. */
  premapped?: TicketMapResult,
): Promise<ImportRun> {
  const mapped = premapped ?? mapTicketRows(table, options, await loadDirectory(ctx.db));
  const run = await startImportRun(ctx, { kind: 'tickets', fileName: meta.fileName, bytes: meta.bytes, source: meta.source, format: table.format, encoding: meta.encoding, rows: mapped.rowCount }, meta.actorName);
  const failed = new Set(mapped.issues.filter((i) => i.severity === 'error').map((i) => i.row)).size;
  const warnings = mapped.issues.filter((i) => i.severity === 'warning').length;
  try {
    const carried = carriedFields(options);
    const r = await upsertTickets(ctx, meta.source, run.id, mapped.tickets, mapped.messages, { ...hooks, carried });
    const counts = { rows: mapped.rowCount, created: r.created, updated: r.updated, unchanged: r.unchanged, failed, warnings };
    return await finishImportRun(ctx, run.id, r.stopped ? 'cancelled' : 'completed', counts, mapped.issues);
  } catch (e) {
    await finishImportRun(ctx, run.id, 'failed', { rows: mapped.rowCount, created: 0, updated: 0, unchanged: 0, failed, warnings }, mapped.issues, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

export type UndoResult = NonNullable<ImportRun['reverted']>;

/**
 * Undoes a ticket import run: each ticket it updated goes back to the version before it (and its thread, where the
 * run replaced it), each ticket it created is removed (soft-deleted: the history keeps it). A ticket a later import
 * changed again, or one scored since, is left as it is and counted. One audit entry; the run is marked reverted.
 */
export async function undoImportRun(ctx: RepoContext, runId: string): Promise<UndoResult> {
  const actor = requireImporter(ctx);
  const { db } = ctx;
  const person = await db.people.get(actor.personId);
  return db.transaction('rw', [db.tickets, db.ticketMessages, db.importSnapshots, db.importRuns, db.evaluations, db.assignments, db.auditLog], async () => {
    // Checked inside the transaction: a second confirmation arriving meanwhile finds the run undone and is refused.
    const run = await db.importRuns.get(runId);
    if (!run || run.kind !== 'tickets') throw new ValidationError('run', 'import.undo.notTickets', 'only a ticket import can be undone');
    if (run.status === 'reverted') throw new ValidationError('run', 'import.undo.already', 'this import was undone already');
    if (run.status === 'running') throw new ValidationError('run', 'import.undo.running', 'this import is still running');
    const at = nowIso(ctx);
    const snapshots = await db.importSnapshots.where('runId').equals(runId).toArray();
    // The tickets this run wrote last (no index: an undo is rare, and an index would cost every import's writes).
    const touched = await db.tickets.filter((t) => t.importRunId === runId).toArray();
    const current = new Map(touched.map((t) => [t.id, t]));
    const scored = async (ticketId: string) => (await db.evaluations.where('itemId').equals(ticketId).count()) + (await db.assignments.where('itemId').equals(ticketId).count()) > 0;
    const result: UndoResult = { at, byName: person?.name ?? actor.personId, restored: 0, removed: 0, leftChangedLater: 0, leftScored: 0 };
    const snapshotOf = new Map(snapshots.map((s) => [s.ticketId, s]));
    const quiet = { none: 'part of the undo, whose entry counts what was restored and removed' };
    for (const s of snapshots) {
      const now = current.get(s.ticketId) ?? (await db.tickets.get(s.ticketId));
      if (!now || now.importRunId !== runId) {
        result.leftChangedLater++;
        continue;
      }
      await writeRecords(ctx, db.tickets, { revise: [{ before: now, after: s.before }] }, quiet);
      if (s.messagesBefore) {
        // The thread as it was: the run's messages go, the ones it replaced come back as they were stored.
        const runs = await db.ticketMessages.where('ticketId').equals(s.ticketId).primaryKeys();
        await writeRecords(ctx, db.ticketMessages, { remove: runs, asRecorded: s.messagesBefore }, quiet);
      }
      result.restored++;
    }
    for (const t of touched) {
      if (snapshotOf.has(t.id) || t.deletedAt) continue;
      // Created by this run: removed, unless someone scored it or queued it meanwhile.
      if (await scored(t.id)) {
        result.leftScored++;
        continue;
      }
      await writeRecords(ctx, db.tickets, { revise: [{ before: t, after: { ...t, deletedAt: at } }] }, quiet);
      result.removed++;
    }
    // Tickets this run created that a later import changed carry that run's id now: counted as left too.
    result.leftChangedLater += Math.max(0, run.counts.created - touched.filter((t) => !snapshotOf.has(t.id)).length);
    const audit = { batch: { action: 'undo-import', entityId: runId, before: { status: run.status, counts: run.counts }, after: { ...result } } };
    await writeRecords(ctx, db.importRuns, { revise: [{ before: run, after: { ...run, status: 'reverted' as const, reverted: result } }] }, audit);
    return result;
  });
}

