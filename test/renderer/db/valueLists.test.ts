// Issue 16, item 3: value lists belong to the company. An admin adds categories and statuses (with both names and
// the words exports use); the importer maps those words to them; a ticket the helpdesk deleted, marked spam, merged
// or scrubbed keeps that state, is never sampled and is not counted in appraisals.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { saveValueLists, ValueListsInvalid } from '@renderer/db/settings';
import { readSettings } from '@renderer/db/settings';
import { AccessDenied } from '@renderer/db/context';
import { loadDirectory } from '@renderer/db/imports';
import { updateRecord } from '@renderer/db/records';
import { createPlan } from '@renderer/db/samplePlans';
import { previewRun } from '@renderer/db/sampling';
import { profileTicketColumns } from '@renderer/domain/import/tickets';
import { suggestMapping } from '@renderer/domain/import/mapping';
import { DEFAULT_PLAN } from '@renderer/domain/samplePlan';
import { type ValueLists } from '@renderer/domain/valueLists';
import { readSourceFile } from '@renderer/workers/sourceFile';
import { FIXTURES, importFixture, importWorkspace } from '../importFixtures';
import { loadSmallDemo } from '../fixtures';
import type { Ticket } from '@renderer/domain/model';

const LISTS: ValueLists = {
  category: [
    { value: 'returns', labels: { en: 'Returns', 'zh-CN': '退换货' }, words: ['退货', 'return request'] },
    { value: 'logistics', labels: { en: 'Logistics', 'zh-CN': '物流' }, words: ['配送', '快递'] },
  ],
  status: [{ value: 'callback-done', labels: { en: 'Called back', 'zh-CN': '已回访' }, words: ['回访完成'], meaning: 'closed' }],
};

const CSV = [
  '工单编号,标题,创建时间,解决时间,问题分类,状态,客服',
  '9001,七天无理由退货,2026-11-02 09:00,2026-11-02 15:00,退换货,已回访,li.na@example.com',
  '9002,快递一直没到,2026-11-03 10:00,,配送,处理中,li.na@example.com',
  '9003,加微信领红包,2026-11-03 11:00,,退货,垃圾工单,li.na@example.com',
  '9004,重复提交,2026-11-04 09:00,2026-11-04 09:10,物流,已合并,li.na@example.com',
  '9005,测试工单,2026-11-04 10:00,,功能咨询,已删除,li.na@example.com',
].join('\r\n');

describe('company value lists (issue 16, item 3)', () => {
  it('an admin saves categories and statuses; each problem names the list, row and part; others may not save them', async () => {
    const ctx = await importWorkspace();
    const bad: ValueLists = {
      category: [
        { value: 'usage-question', labels: { en: 'Usage', 'zh-CN': '' }, words: [] },
        { value: 'returns', labels: { en: '', 'zh-CN': '' }, words: ['bug'] },
      ],
      status: [{ value: 'Bad Value', labels: { en: 'x', 'zh-CN': 'x' }, words: [] }],
    };
    const err = await saveValueLists(ctx, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueListsInvalid);
    expect((err as ValueListsInvalid).problems).toEqual([
      { field: 'category', row: 1, part: 'value', code: 'built-in', value: 'usage-question' },
      { field: 'category', row: 2, part: 'labels', code: 'empty' },
      // "bug" is the built-in word for a system fault: it cannot also mean returns.
      { field: 'category', row: 2, part: 'words', code: 'word-taken', value: 'bug' },
      { field: 'status', row: 1, part: 'value', code: 'bad-value', value: 'Bad Value' },
      { field: 'status', row: 1, part: 'meaning', code: 'no-meaning' },
    ]);
    expect((await readSettings(ctx.db)).valueLists).toEqual({ category: [], status: [] });
    await saveValueLists(ctx, LISTS);
    expect((await readSettings(ctx.db)).valueLists).toEqual(LISTS);
    const lead = { ...ctx, actor: { ...ctx.actor!, role: 'supervisor' as const } };
    await expect(saveValueLists(lead, LISTS)).rejects.toBeInstanceOf(AccessDenied);
  });

  it('the importer maps the company words; removed tickets keep their state; a later export that restores one clears it', async () => {
    const ctx = await importWorkspace();
    await saveValueLists(ctx, LISTS);
    const dir = mkdtempSync(join(tmpdir(), 'qa-lists-'));
    writeFileSync(join(dir, 'export.csv'), CSV);
    const { table } = await readSourceFile(new TextEncoder().encode(CSV), 'export.csv');
    // Nothing is left to map by hand: every category and status word is known (the company's, or built in).
    expect(profileTicketColumns(table, { mapping: suggestMapping(table.header), vocabularies: {}, agentLinks: {} }, await loadDirectory(ctx.db)).unknownValues).toEqual({});
    const { byId, run } = await importFixture(ctx, relative(FIXTURES, join(dir, 'export.csv')), { source: 'cn-helpdesk' });
    expect(run.counts).toMatchObject({ created: 5, failed: 0 });
    expect(byId.get('9001')).toMatchObject({ category: 'returns', status: 'closed', statusValue: 'callback-done' });
    expect(byId.get('9001')!.helpdeskState).toBeUndefined();
    expect(byId.get('9002')).toMatchObject({ category: 'logistics', status: 'open' });
    expect(byId.get('9003')).toMatchObject({ category: 'returns', helpdeskState: 'spam' });
    expect(byId.get('9004')).toMatchObject({ category: 'logistics', helpdeskState: 'merged' });
    expect(byId.get('9005')).toMatchObject({ category: 'function-question', helpdeskState: 'deleted' });

    writeFileSync(join(dir, 'export.csv'), CSV.replace('退货,垃圾工单', '退货,处理中'));
    const again = await importFixture(ctx, relative(FIXTURES, join(dir, 'export.csv')), { source: 'cn-helpdesk' });
    expect(again.run.counts).toMatchObject({ updated: 1, unchanged: 4 });
    expect(again.byId.get('9003')!.helpdeskState).toBeUndefined();
    expect(again.byId.get('9003')).toMatchObject({ status: 'open' });
  });

  it('a ticket the helpdesk took out is never drawn, on the fast keys-only path and the filtered one', async () => {
    const { ctx, people, as } = await loadSmallDemo();
    const supervisors = people.filter((p) => p.role === 'supervisor');
    const sup = await as(supervisors[0]!.id);
    const lastWeek = ctx.clock() - 7 * 86_400_000;
    const assignment = { ...DEFAULT_PLAN.assignment, reviewerIds: supervisors.map((s) => s.id) };
    const everything = await createPlan(sup, { ...DEFAULT_PLAN, name: 'All', rules: { ...DEFAULT_PLAN.rules, quota: { ...DEFAULT_PLAN.rules.quota, ticket: 50, call: 0 } }, assignment });
    const filtered = await createPlan(sup, {
      ...DEFAULT_PLAN,
      name: 'Faults',
      filter: { ...DEFAULT_PLAN.filter, categories: ['function-question', 'system-fault', 'usage-question'] },
      rules: { ...DEFAULT_PLAN.rules, quota: { ...DEFAULT_PLAN.rules.quota, ticket: 50, call: 0 } },
      assignment,
    });
    const before = await previewRun(sup, everything.id, { atMs: lastWeek, seed: 1 });
    const drawnTickets = before.picks.filter((p) => p.kind === 'ticket').map((p) => p.itemId);
    expect(drawnTickets.length).toBeGreaterThan(4);
    // The helpdesk marks four of them: spam, deleted, merged, scrubbed.
    const marked = drawnTickets.slice(0, 4);
    for (const [i, id] of marked.entries()) await updateRecord<Ticket>(sup, ctx.db.tickets, id, { helpdeskState: (['spam', 'deleted', 'merged', 'scrubbed'] as const)[i] });
    for (const planId of [everything.id, filtered.id]) {
      const after = await previewRun(sup, planId, { atMs: lastWeek, seed: 1 });
      const ids = new Set(after.picks.map((p) => p.itemId));
      expect(marked.filter((id) => ids.has(id))).toEqual([]);
    }
  });
});
