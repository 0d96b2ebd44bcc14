// Real-format samples go through the whole importer into IndexedDB: encodings, formats, mapping suggestions,
// vocabularies, agents, idempotent re-import, and the run kept in history with its report.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, importFixture, importWorkspace } from '../importFixtures';
import { carriedFields, findPreset, listImportRuns, loadDirectory, rememberPresetValues, savePreset, undoImportRun, updatePreview } from '@renderer/db/imports';
import type { RepoContext } from '@renderer/db/context';
import { mapTicketRows, type TicketImportOptions } from '@renderer/domain/import/tickets';
import { suggestMapping } from '@renderer/domain/import/mapping';
import { DEFAULT_TIMESTAMP_OPTIONS } from '@renderer/domain/import/timestamps';
import { readSourceFile } from '@renderer/workers/sourceFile';

describe('ticket import of real-format samples', () => {
  it('imports a Freshdesk CSV export with its words, line breaks in quotes and a resolution before creation flagged', async () => {
    const ctx = await importWorkspace();
    const { run, byId, info, mapping } = await importFixture(ctx, 'tickets/freshdesk-export.csv');
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8' });
    expect(mapping).toMatchObject({ externalId: 'Ticket ID', openedAt: 'Created time', firstResponseAt: 'Initial response time', resolvedAt: 'Resolved time', csat: 'Survey results', agent: 'Agent' });
    expect(run.counts).toMatchObject({ rows: 5, created: 5, updated: 0, unchanged: 0, failed: 0 });
    const t1 = byId.get('1001')!;
    expect(t1).toMatchObject({ priority: 'high', channel: 'email', category: 'system-fault', status: 'closed', csat: 5, openedAt: '2026-03-02T01:12:44.000Z', firstResponseAt: '2026-03-02T01:41:10.000Z' });
    expect(t1.agentId).not.toBeNull();
    expect(byId.get('1004')!.flags).toContain('resolved-before-created');
    expect(byId.get('1005')).toMatchObject({ agentId: null, csat: null, channel: 'portal', status: 'pending' });
    const msgs = await ctx.db.ticketMessages.where('ticketId').equals(t1.id).toArray();
    expect(msgs[0]!.body).toBe('After upgrading to 5.2 the login page loops.\nTried two browsers.');
    // Agents the directory does not know are kept unassigned and reported, never dropped.
    expect(run.issues.filter((i) => i.code === 'agent-unmatched').map((i) => i.value)).toEqual(['Wang Fang', 'Zhang Wei']);
  });

  it('imports a Zendesk JSON export with comments, deriving the first response from the first public agent reply', async () => {
    const ctx = await importWorkspace();
    const { run, byId, mapping } = await importFixture(ctx, 'tickets/zendesk-export.json', {
      mapping: { agent: 'assignee_id', csat: 'satisfaction_rating.score', product: 'custom_fields.27642' },
    });
    expect(mapping).toMatchObject({ externalId: 'id', messages: 'comments', channel: 'via.channel', openedAt: 'created_at' });
    expect(run.counts).toMatchObject({ rows: 3, created: 3, failed: 0 });
    const t = byId.get('35436')!;
    expect(t).toMatchObject({ channel: 'email', priority: 'high', status: 'solved', csat: 4, product: 'ERP 5.2', firstResponseAt: '2026-03-02T01:40:00.000Z' });
    expect(t.agentId).not.toBeNull();
    const msgs = (await ctx.db.ticketMessages.where('ticketId').equals(t.id).toArray()).sort((a, b) => a.at.localeCompare(b.at));
    expect(msgs.map((m) => m.author)).toEqual(['customer', 'agent', 'internal', 'customer']);
    expect(byId.get('35437')).toMatchObject({ channel: 'portal', csat: null, status: 'open' });
    expect(byId.get('35438')).toMatchObject({ channel: 'phone', csat: 2, agentId: null });
  });

  it('detects GBK, reads YYYY/M/D H:mm in Beijing time, keeps 13-digit ids and maps Chinese words', async () => {
    const ctx = await importWorkspace();
    const { run, byId, info, mapping } = await importFixture(ctx, 'tickets/helpdesk-gbk.csv');
    expect(info.guess).toMatchObject({ encoding: 'gb18030', reason: 'chinese-simplified' });
    expect(mapping).toMatchObject({ externalId: '工单编号', subject: '工单主题', openedAt: '创建时间', agent: '处理人', team: '班组', csat: '满意度' });
    expect(run.counts).toMatchObject({ rows: 5, created: 5, failed: 0 });
    expect(byId.get('2026030200001')).toMatchObject({ subject: '发票打印失败', priority: 'high', channel: 'phone', status: 'closed', csat: 5, openedAt: '2026-03-02T01:12:00.000Z' });
    expect(byId.get('2026030300003')!.flags).toContain('resolved-before-response');
    expect(byId.get('2026030300003')).toMatchObject({ priority: 'urgent', reopenedCount: 1, csat: 2 });
    expect(byId.get('2026030400005')).toMatchObject({ agentId: null, status: 'open', firstResponseAt: null });
  });

  it('a question column and a reply column make a two-message thread, customer then agent; 问题分类 is the category; a reply starting with [ is text', async () => {
    const ctx = await importWorkspace();
    const { run, byId, mapping } = await importFixture(ctx, 'tickets/helpdesk-qa-gb18030.csv');
    expect(mapping).toMatchObject({ description: '问题描述', reply: '客服回复', category: '问题分类' });
    expect(run.counts).toMatchObject({ rows: 2, created: 2, failed: 0 });
    expect(run.issues.filter((i) => i.code === 'bad-messages')).toEqual([]);
    const thread = async (id: string) => (await ctx.db.ticketMessages.where('ticketId').equals(byId.get(id)!.id).toArray()).sort((a, b) => a.at.localeCompare(b.at));
    const q1 = await thread('Q-1');
    expect(q1.map((m) => [m.author, m.body])).toEqual([
      ['customer', '打印发票时提示驱动错误'],
      ['agent', '您好，请先更新打印机驱动后重试。'],
    ]);
    expect(q1[1]!.at).toBe('2026-03-02T01:20:00.000Z');
    expect((await thread('Q-2'))[1]).toMatchObject({ author: 'agent', body: '[ORDERID_123] 亲，您的订单已于今天发出。' });
    expect(byId.get('Q-1')!.category).toBe('system-fault');
  });

  it('a thread column holding text that starts with [ is kept as the message, not refused as broken JSON', async () => {
    const ctx = await importWorkspace();
    const dir = mkdtempSync(join(tmpdir(), 'qa-bracket-'));
    writeFileSync(join(dir, 'bracket.csv'), 'Ticket ID,Subject,Conversation,Created time\r\nB-1,Order,[ORDERID_9] 亲，已发货,2026-03-02 09:00\r\n');
    const { run, byId } = await importFixture(ctx, relative(FIXTURES, join(dir, 'bracket.csv')));
    expect(run.issues.filter((i) => i.code === 'bad-messages')).toEqual([]);
    expect((await ctx.db.ticketMessages.where('ticketId').equals(byId.get('B-1')!.id).toArray()).map((m) => m.body)).toEqual(['[ORDERID_9] 亲，已发货']);
  });

  it('detects Big5 and UTF-16 with tabs; a day-first column is proven by a day over 12', async () => {
    const ctx = await importWorkspace();
    const big5 = await importFixture(ctx, 'tickets/helpdesk-big5.csv');
    expect(big5.info.guess).toMatchObject({ encoding: 'big5', reason: 'chinese-traditional' });
    expect(big5.byId.get('TW-1001')).toMatchObject({ subject: '登入失敗', status: 'closed', channel: 'phone', csat: 5 });
    const u16 = await importFixture(ctx, 'tickets/excel-unicode-text.txt', { timestamps: { order: 'dmy' } });
    expect(u16.info).toMatchObject({ format: 'tsv', encoding: 'utf-16le' });
    expect(u16.run.counts).toMatchObject({ rows: 3, created: 3, failed: 0 });
    expect(u16.byId.get('U-2')!.openedAt).toBe('2026-03-13T06:00:00.000Z');
  });

  it('imports JSON Lines with epoch milliseconds and an XLSX workbook with date cells and serials', async () => {
    const ctx = await importWorkspace();
    const jl = await importFixture(ctx, 'tickets/tickets.jsonl');
    expect(jl.info.format).toBe('jsonl');
    expect(jl.byId.get('J-1')).toMatchObject({ openedAt: '2026-03-02T01:00:00.000Z', csat: 4 });
    expect(jl.byId.get('J-1')!.agentId).not.toBeNull();
    const x = await importFixture(ctx, 'tickets/tickets.xlsx');
    expect(x.info.format).toBe('xlsx');
    expect(x.run.counts).toMatchObject({ rows: 2, created: 2, failed: 0 });
    expect(x.byId.get('X-1')).toMatchObject({ openedAt: '2026-03-02T01:12:00.000Z', csat: 4, priority: 'high' });
    expect(x.byId.get('X-2')).toMatchObject({ openedAt: '2026-03-02T01:00:00.000Z', csat: 5, priority: 'urgent', channel: 'chat' });
  });

  it('re-importing the same file changes nothing; a newer export updates in place; history keeps both runs', async () => {
    const ctx = await importWorkspace();
    const first = await importFixture(ctx, 'tickets/freshdesk-export.csv', { source: 'freshdesk' });
    const again = await importFixture(ctx, 'tickets/freshdesk-export.csv', { source: 'freshdesk' });
    expect(again.run.counts).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(again.tickets).toHaveLength(5);
    // The next day's export: 1005 changed (now assigned), 1006 new, the rest as before.
    const newer = await importFixture(ctx, 'tickets/freshdesk-export-newer.csv', { source: 'freshdesk' });
    expect(newer.run.counts).toMatchObject({ created: 1, updated: 1, unchanged: 4 });
    const t1005 = (await ctx.db.tickets.get(first.byId.get('1005')!.id))!;
    expect(t1005).toMatchObject({ rev: 2, status: 'open', importRunId: newer.run.id });
    expect(t1005.agentId).not.toBeNull();
    const t1001 = (await ctx.db.tickets.get(first.byId.get('1001')!.id))!;
    expect(t1001.rev).toBe(1);
    expect(await ctx.db.ticketMessages.where('ticketId').equals(t1005.id).count()).toBe(0);
    const runs = await listImportRuns(ctx, 'tickets');
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.status === 'completed' && r.actorName === 'Admin')).toBe(true);
  });
});

/** The dry run's view of what an import of this file would update (as the worker computes it). */
async function dryRunUpdates(ctx: RepoContext, file: string, source: string) {
  const { table } = await readSourceFile(new Uint8Array(readFileSync(file)), basename(file), {});
  const options: TicketImportOptions = { mapping: suggestMapping(table.header), timestamps: DEFAULT_TIMESTAMP_OPTIONS, vocabularies: {}, agentLinks: {} };
  const mapped = mapTicketRows(table, options, await loadDirectory(ctx.db));
  return updatePreview(ctx.db, source, mapped.tickets, mapped.messages, carriedFields(options));
}

describe('an update never destroys what is stored', () => {
  it('a narrower export (id and status only, or an empty subject) changes what it carries and blanks nothing', async () => {
    const ctx = await importWorkspace();
    const first = await importFixture(ctx, 'tickets/freshdesk-export.csv', { source: 'freshdesk' });
    const before = (await ctx.db.tickets.get(first.byId.get('1001')!.id))!;
    const thread = await ctx.db.ticketMessages.where('ticketId').equals(before.id).count();
    expect(before.subject).toBe('Cannot log in after upgrade');
    // A Freshdesk ticket export carries no conversation: the thread is the description, as its first message.
    expect(thread).toBe(1);
    expect((await ctx.db.ticketMessages.where('ticketId').equals(before.id).first())!.body).toMatch(/^After upgrading to 5\.2 the login page loops\./);
    const dir = mkdtempSync(join(tmpdir(), 'qa-narrow-'));
    // Only two columns: the ticket id and a new status.
    writeFileSync(join(dir, 'status-only.csv'), 'Ticket ID,Status,Created time\r\n1001,Open,2026-03-02 09:12:44\r\n');
    // The dry run says it first: one stored ticket updated, and what it keeps because the file lacks those columns.
    expect(await dryRunUpdates(ctx, join(dir, 'status-only.csv'), 'freshdesk')).toMatchObject({ updates: 1, kept: { subject: 1, priority: 1, channel: 1, agent: 1, customer: 1 } });
    // Another source's stored tickets are not this import's: nothing would be updated.
    expect(await dryRunUpdates(ctx, join(dir, 'status-only.csv'), 'zendesk')).toEqual({ updates: 0, kept: {} });
    const narrow = await importFixture(ctx, relative(FIXTURES, join(dir, 'status-only.csv')), { source: 'freshdesk' });
    expect(narrow.run.counts).toMatchObject({ updated: 1 });
    const after = (await ctx.db.tickets.get(before.id))!;
    expect(after.status).toBe('open');
    expect(after).toMatchObject({ subject: before.subject, priority: before.priority, channel: before.channel, agentId: before.agentId, customerName: before.customerName, product: before.product, csat: before.csat, resolvedAt: before.resolvedAt });
    expect(await ctx.db.ticketMessages.where('ticketId').equals(before.id).count()).toBe(thread);
    // A subject column present but empty for this ticket keeps the stored subject too.
    writeFileSync(join(dir, 'empty-subject.csv'), 'Ticket ID,Subject,Description,Status,Created time\r\n1001,,,Pending,2026-03-02 09:12:44\r\n');
    expect(await dryRunUpdates(ctx, join(dir, 'empty-subject.csv'), 'freshdesk')).toMatchObject({ updates: 1, kept: { subject: 1 } });
    await importFixture(ctx, relative(FIXTURES, join(dir, 'empty-subject.csv')), { source: 'freshdesk' });
    const again = (await ctx.db.tickets.get(before.id))!;
    expect(again.subject).toBe(before.subject);
    expect(await ctx.db.ticketMessages.where('ticketId').equals(before.id).count()).toBe(thread);
  });
});

describe('presets', () => {
  it('remember the value words and agent links mapped after the columns were saved', async () => {
    const ctx = await importWorkspace();
    const { DEFAULT_TIMESTAMP_OPTIONS } = await import('@renderer/domain/import/timestamps');
    await savePreset(ctx, { kind: 'tickets', name: 'Hotline export', signature: 'sig-1', source: 'hotline', mapping: { externalId: 'ID' }, timestamps: DEFAULT_TIMESTAMP_OPTIONS, vocabularies: {}, agentLinks: {} });
    await rememberPresetValues(ctx, 'tickets', 'sig-1', { vocabularies: { priority: { p9: 'urgent' } }, agentLinks: { 'zhang wei': null } });
    await rememberPresetValues(ctx, 'tickets', 'sig-1', { vocabularies: { channel: { pigeon: 'email' } }, agentLinks: {} });
    const p = (await findPreset(ctx, 'tickets', 'sig-1'))!;
    expect(p.vocabularies).toEqual({ priority: { p9: 'urgent' }, channel: { pigeon: 'email' } });
    expect(p.agentLinks).toEqual({ 'zhang wei': null });
    expect(await rememberPresetValues(ctx, 'tickets', 'no-such-header', { vocabularies: {}, agentLinks: {} })).toBeNull();
  });
});

describe('undoing an import', () => {
  it('puts the tickets an import updated back as they were (thread included), removes those it created, leaves what changed later or was scored', async () => {
    const ctx = await importWorkspace();
    const first = await importFixture(ctx, 'tickets/freshdesk-export.csv', { source: 'freshdesk' });
    const id1005 = first.byId.get('1005')!.id;
    const before1005 = (await ctx.db.tickets.get(id1005))!;
    const thread1005 = (await ctx.db.ticketMessages.where('ticketId').equals(id1005).toArray()).map((m) => m.body);
    const newer = await importFixture(ctx, 'tickets/freshdesk-export-newer.csv', { source: 'freshdesk' });
    expect(newer.run.counts).toMatchObject({ created: 1, updated: 1 });
    const id1006 = newer.byId.get('1006')!.id;
    expect((await ctx.db.tickets.get(id1005))!.status).toBe('open');

    const undone = await undoImportRun(ctx, newer.run.id);
    expect(undone).toMatchObject({ restored: 1, removed: 1, leftChangedLater: 0, leftScored: 0, byName: 'Admin' });
    const back = (await ctx.db.tickets.get(id1005))!;
    expect(back).toMatchObject({ status: before1005.status, agentId: before1005.agentId, subject: before1005.subject, importRunId: first.run.id, rev: before1005.rev + 2 });
    expect((await ctx.db.ticketMessages.where('ticketId').equals(id1005).toArray()).map((m) => m.body)).toEqual(thread1005);
    expect((await ctx.db.tickets.get(id1006))!.deletedAt).not.toBeNull();
    const run = (await ctx.db.importRuns.get(newer.run.id))!;
    expect(run).toMatchObject({ status: 'reverted', reverted: { restored: 1, removed: 1 } });
    expect(await ctx.db.auditLog.where('[entity+entityId]').equals(['importRuns', newer.run.id]).filter((e) => e.action === 'undo-import').count()).toBe(1);
    await expect(undoImportRun(ctx, newer.run.id)).rejects.toMatchObject({ messageKey: 'import.undo.already' });

    // The first run: its five tickets go, except one a reviewer has scored meanwhile (left, and counted).
    const scoredId = first.byId.get('1001')!.id;
    await ctx.db.evaluations.add({ id: 'e-x', itemId: scoredId, itemKind: 'ticket', status: 'submitted' } as never);
    const again = await undoImportRun(ctx, first.run.id);
    expect(again).toMatchObject({ removed: 4, leftScored: 1 });
    expect((await ctx.db.tickets.get(scoredId))!.deletedAt).toBeNull();
  });

  it('a second confirmation arriving while the first undo runs is refused, and the run is undone once', async () => {
    const ctx = await importWorkspace();
    const first = await importFixture(ctx, 'tickets/freshdesk-export.csv', { source: 'freshdesk' });
    const [a, b] = await Promise.allSettled([undoImportRun(ctx, first.run.id), undoImportRun(ctx, first.run.id)]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const refused = (a.status === 'rejected' ? a : b) as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ messageKey: 'import.undo.already' });
    expect((await ctx.db.auditLog.where('[entity+entityId]').equals(['importRuns', first.run.id]).filter((e) => e.action === 'undo-import').count())).toBe(1);
    expect((await ctx.db.importRuns.get(first.run.id))!.reverted).toMatchObject({ removed: 5 });
  });
});

describe('cancelling a ticket import', () => {
  it('stops between chunks, keeps what was written, and a re-import completes it without duplicates', async () => {
    const { upsertTickets, IMPORT_CHUNK } = await import('@renderer/db/imports');
    const ctx = await importWorkspace();
    const tickets = Array.from({ length: IMPORT_CHUNK * 3 }, (_, i) => ({
      row: i + 2, externalId: `C-${i}`, subject: `t${i}`, channel: 'email' as const, priority: 'normal' as const, category: 'usage-question' as const,
      status: 'open' as const, agentId: null, teamId: null, customerName: '', product: '', openedAt: '2026-03-02T01:00:00.000Z',
      firstResponseAt: null, resolvedAt: null, reopenedCount: 0, csat: null, flags: [],
    }));
    let chunks = 0;
    const first = await upsertTickets(ctx, 'cancel-test', 'run1', tickets, [], { onProgress: () => chunks++, shouldStop: () => chunks >= 1 });
    expect(first).toMatchObject({ stopped: true, created: IMPORT_CHUNK });
    expect(await ctx.db.tickets.count()).toBe(IMPORT_CHUNK);
    const second = await upsertTickets(ctx, 'cancel-test', 'run2', tickets, []);
    expect(second).toMatchObject({ stopped: false, created: IMPORT_CHUNK * 2, unchanged: IMPORT_CHUNK });
    expect(await ctx.db.tickets.count()).toBe(IMPORT_CHUNK * 3);
  });
});
