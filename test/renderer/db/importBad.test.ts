// The bad-input corpus (test/fixtures/bad): every case names its trouble (row, column, reason) and every good row
// still lands. Files that cannot be read at all fail with a message naming why, and nothing is written.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SourceUnreadable } from '@renderer/domain/import/sourceTable';
import type { ImportIssue } from '@renderer/domain/import/tickets';
import { FIXTURES, importFixture, importWorkspace, type FixtureImport } from '../importFixtures';

type Case = {
  file: string;
  /** External ids that must land. */
  lands: string[];
  /** Issues that must be reported (subset match). */
  issues?: Partial<ImportIssue>[];
  opts?: FixtureImport;
  check?: (r: Awaited<ReturnType<typeof importFixture>>) => void;
};

const cases: Case[] = [
  { file: 'truncated.csv', lands: ['1', '2'], issues: [{ row: 4, code: 'unclosed-quote', severity: 'error' }] },
  { file: 'wrong-delimiter.csv', lands: ['1', '2'], check: (r) => expect(r.table.delimiter).toBe(';') },
  { file: 'unbalanced-quotes.csv', lands: ['1', '3', '4'], issues: [{ row: 3, code: 'unclosed-quote' }] },
  {
    file: 'bom-plus-gbk.csv',
    lands: ['1', '2'],
    check: (r) => {
      expect(r.info.guess).toMatchObject({ encoding: 'gb18030', bom: true, reason: 'bom-contradicted' });
      expect(r.byId.get('1')!.subject).toBe('发票打印失败');
    },
  },
  { file: 'mixed-line-endings.csv', lands: ['1', '2', '3', '4'] },
  {
    file: 'duplicate-ids.csv',
    lands: ['1', '2'],
    issues: [{ row: 2, code: 'duplicate-id', value: '1', detail: '4' }],
    check: (r) => expect(r.byId.get('1')!.subject).toBe('Good row 1 (updated)'),
  },
  {
    file: 'formula-cells.csv',
    lands: ['1', '2', '3'],
    issues: [
      { row: 3, column: 'Subject', code: 'formula-like', severity: 'warning' },
      { row: 4, column: 'Subject', code: 'formula-like', severity: 'warning' },
    ],
    check: (r) => expect(r.byId.get('2')!.subject).toBe('=HYPERLINK("http://x","click")'),
  },
  {
    file: 'bidi-override.csv',
    lands: ['1', '2', '3'],
    issues: [
      { row: 3, column: 'Subject', code: 'bidi-control', severity: 'warning', value: 'Invoice [U+202E]gpj.exe[U+202C] attached' },
      { row: 4, column: 'Subject', code: 'bidi-control', severity: 'warning' },
    ],
    // Stored as written (the import never alters text); the console shows the controls made visible.
    check: (r) => expect(r.byId.get('2')!.subject).toBe('Invoice \u202Egpj.exe\u202C attached'),
  },
  {
    file: 'formula-variants.csv',
    lands: ['1', '2', '3', '4'],
    issues: [
      { row: 3, column: 'Subject', code: 'formula-like' },
      { row: 4, column: 'Subject', code: 'formula-like' },
      { row: 5, column: 'Subject', code: 'formula-like' },
    ],
  },
  {
    file: 'resolved-before-created.csv',
    lands: ['1', '2'],
    issues: [{ row: 3, column: 'Resolved time', code: 'resolved-before-created', severity: 'warning', value: '2026-03-01 12:00:00' }],
    check: (r) => expect(r.byId.get('2')!.flags).toEqual(['resolved-before-created']),
  },
  {
    file: 'negative-and-absurd-durations.csv',
    lands: ['1', '2', '3'],
    issues: [
      { row: 3, column: 'Initial response time', code: 'response-before-created' },
      { row: 4, column: 'Resolved time', code: 'absurd-duration' },
    ],
  },
  {
    file: 'bad-dates.csv',
    lands: ['1', '4'],
    issues: [
      { row: 3, column: 'Created time', code: 'impossible-date', severity: 'error', value: '2026-02-30 09:00:00' },
      { row: 4, column: 'Created time', code: 'unreadable-timestamp', severity: 'error', value: 'yesterday' },
      { row: 5, column: 'Initial response time', code: 'unreadable-timestamp', severity: 'warning', value: 'soon' },
    ],
  },
  { file: 'missing-ids.csv', lands: ['1', '3'], issues: [{ row: 3, column: 'Ticket ID', code: 'missing-id', severity: 'error' }] },
  {
    file: 'unknown-values.csv',
    lands: ['1'],
    issues: [
      { row: 3, column: 'Priority', code: 'unmapped-value', value: 'P9' },
      { row: 4, column: 'Source', code: 'unmapped-value', value: 'Carrier pigeon' },
    ],
  },
  {
    file: 'unknown-values.csv',
    lands: ['1', '2', '3'],
    opts: { options: { vocabularies: { priority: { p9: 'low' }, channel: { 'carrier pigeon': 'onsite' } } } },
    check: (r) => expect(r.byId.get('3')!.channel).toBe('onsite'),
  },
  {
    file: 'csat-out-of-range.csv',
    lands: ['1', '2', '3'],
    issues: [
      { row: 3, column: 'Survey results', code: 'csat-out-of-range', value: '7', severity: 'warning' },
      { row: 4, column: 'Survey results', code: 'csat-out-of-range', value: '-1', severity: 'warning' },
    ],
    check: (r) => expect(r.byId.get('2')!.csat).toBeNull(),
  },
  {
    file: 'field-count.csv',
    lands: ['1', '4'],
    issues: [
      { row: 3, code: 'field-count', detail: '3/10' },
      { row: 4, code: 'field-count', detail: '12/10' },
    ],
  },
  { file: 'bad-lines.jsonl', lands: ['1', '4'], issues: [{ row: 2, code: 'bad-json-line' }, { row: 3, code: 'not-an-object' }] },
  { file: 'not-objects.json', lands: ['3'], issues: [{ row: 1, code: 'not-an-object' }, { row: 2, code: 'not-an-object' }] },
  {
    file: 'ambiguous-dates.csv',
    lands: ['1', '2'],
    opts: { timestamps: { order: 'dmy' } },
    check: (r) => expect(r.byId.get('1')!.openedAt).toBe('2026-02-01T01:00:00.000Z'),
  },
  {
    file: 'ambiguous-dates.csv',
    lands: ['1', '2'],
    opts: { timestamps: { order: 'mdy' } },
    check: (r) => expect(r.byId.get('1')!.openedAt).toBe('2026-01-02T01:00:00.000Z'),
  },
  { file: 'utf16-no-bom.csv', lands: ['1', '2'], check: (r) => expect(r.info.guess).toMatchObject({ encoding: 'utf-16le', reason: 'utf16-zeros' }) },
  {
    file: 'unknown-agent.csv',
    lands: ['1', '2', '3'],
    issues: [{ row: 3, column: 'Agent', code: 'agent-unmatched', value: 'Ghost Agent', severity: 'warning' }],
    check: (r) => {
      expect(r.byId.get('2')!.agentId).toBeNull();
      expect(r.byId.get('3')!.agentId).toBeNull();
      expect(r.run.issues.filter((i) => i.row === 4)).toEqual([]);
    },
  },
  { file: 'blank-lines-and-trailing-commas.csv', lands: ['1', '2'] },
];

const unreadable: { file: string; code: string; message: RegExp }[] = [
  { file: 'empty.csv', code: 'empty-file', message: /empty/ },
  { file: 'header-only.csv', code: 'no-rows', message: /header but no rows/ },
  { file: 'truncated.json', code: 'bad-json', message: /JSON|Unterminated|Expected/i },
  { file: 'not-a-workbook.xlsx', code: 'bad-json', message: /not an Excel workbook/ },
  // Messages, not tickets: refused, saying what they are, before anything is mapped or written.
  { file: 'zendesk-audits.json', code: 'not-tickets', message: /Zendesk ticket-audits export.*nothing was imported/ },
  { file: 'zendesk-comments.json', code: 'not-tickets', message: /Zendesk comments export/ },
  { file: 'freshdesk-conversations.json', code: 'not-tickets', message: /Freshdesk conversations export/ },
];

describe('bad-input corpus', () => {
  for (const c of cases) {
    it(`${c.file}${c.opts ? ` with ${JSON.stringify(c.opts)}` : ''}: reports the trouble, good rows land`, async () => {
      const ctx = await importWorkspace();
      const r = await importFixture(ctx, join('bad', c.file), c.opts);
      expect(r.tickets.map((t) => t.externalId).sort()).toEqual([...c.lands].sort());
      for (const want of c.issues ?? []) expect(r.run.issues).toContainEqual(expect.objectContaining(want));
      // Every row is accounted for: landed or reported with an error.
      const failedRows = new Set(r.run.issues.filter((i) => i.severity === 'error').map((i) => i.row)).size;
      expect(r.run.counts.created + failedRows).toBe(r.run.counts.rows);
      c.check?.(r);
    });
  }
  for (const u of unreadable) {
    it(`${u.file}: refused with a message naming why, nothing written`, async () => {
      const ctx = await importWorkspace();
      const err = await importFixture(ctx, join('bad', u.file)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SourceUnreadable);
      expect((err as SourceUnreadable).code).toBe(u.code);
      expect((err as Error).message).toMatch(u.message);
      expect(await ctx.db.tickets.count()).toBe(0);
    });
  }
  it('a file without the required columns fails every row naming the missing field', async () => {
    const ctx = await importWorkspace();
    const r = await importFixture(ctx, 'bad/missing-required-column.csv');
    expect(r.tickets).toEqual([]);
    expect(r.run.issues).toContainEqual(expect.objectContaining({ row: 2, code: 'missing-id' }));
  });
  it('a 10 MB single field lands whole and is flagged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qa-bad-'));
    const big = 'x'.repeat(10 * 1024 * 1024);
    writeFileSync(join(dir, 'huge-field.csv'), `Ticket ID,Subject,Description,Created time\r\n1,Big,"${big}",2026-03-02 09:00\r\n2,Small,ok,2026-03-02 10:00\r\n`);
    const ctx = await importWorkspace();
    const r = await importFixture(ctx, relative(FIXTURES, join(dir, 'huge-field.csv')));
    expect(r.tickets.map((t) => t.externalId).sort()).toEqual(['1', '2']);
    expect(r.run.issues).toContainEqual(expect.objectContaining({ row: 2, column: 'Description', code: 'very-long-field', severity: 'warning' }));
    const msg = await ctx.db.ticketMessages.where('ticketId').equals(r.byId.get('1')!.id).first();
    expect(msg!.body.length).toBe(big.length);
  }, 30000);
});
