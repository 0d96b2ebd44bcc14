// Issue 16, item 3: an admin adds the company's categories and statuses in Settings (a problem is named by list,
// row and part, and nothing typed is lost); an export using those words imports without mapping by hand; a spam or
// deleted ticket keeps that state in the list and the drawer.
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choose, createAdmin, startEmpty } from './helpers';

const CSV = [
  '工单编号,标题,创建时间,解决时间,问题分类,状态,客服',
  '9001,七天无理由退货,2026-11-02 09:00,2026-11-02 15:00,退货,已回访,admin@example.com',
  '9002,快递一直没到,2026-11-03 10:00,,快递,处理中,admin@example.com',
  '9003,加微信领红包,2026-11-03 11:00,,退货,垃圾工单,admin@example.com',
  '9004,测试工单,2026-11-04 10:00,,功能咨询,已删除,admin@example.com',
].join('\r\n');

test('an admin adds categories and statuses; an export using their words needs no mapping; spam and deleted tickets say so', async ({ page }) => {
  await createAdmin(page);
  await startEmpty(page);
  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('value-lists');
  await expect(card.getByTestId('list-category')).toContainText('No company categories yet');

  await card.getByTestId('add-category').click();
  await card.getByTestId('category-0-zh').fill('退换货');
  await card.getByTestId('category-0-en').fill('Returns');
  await card.getByTestId('category-0-words').locator('input').fill('退货');
  await page.keyboard.press('Enter');
  await card.getByTestId('add-category').click();
  // A second row with no name, and a word that is the first row's: both named, nothing saved, nothing lost.
  await card.getByTestId('category-1-words').locator('input').fill('退货');
  await page.keyboard.press('Enter');
  await card.getByTestId('save-lists').click();
  const problems = card.getByTestId('list-problems');
  await expect(problems).toContainText('2 problems; nothing was saved');
  await expect(problems).toContainText('Categories, row 2, names: give it a Chinese or English name');
  await expect(problems).toContainText('Categories, row 2, words: the word "退货" already means another value');
  await expect(card.getByTestId('category-0-zh')).toHaveValue('退换货');
  await card.getByTestId('category-1-zh').fill('物流');
  await card.getByTestId('category-1-en').fill('Logistics');
  await card.getByTestId('category-1-words').locator('.ant-select-selection-item-remove').click();
  await card.getByTestId('category-1-words').locator('input').fill('快递');
  await page.keyboard.press('Enter');
  await card.getByTestId('add-status').click();
  await card.getByTestId('status-0-zh').fill('已回访');
  await card.getByTestId('status-0-en').fill('Called back');
  await choose(page, 'status-0-meaning', 'Closed');
  await card.getByTestId('save-lists').click();
  await expect(page.getByText('Settings saved').first()).toBeVisible();
  await expect(card.getByTestId('list-problems')).toHaveCount(0);
  await expect(card.getByTestId('list-category')).toContainText('returns');
  await expect(card.getByTestId('list-category')).toContainText('logistics');
  await page.screenshot({ path: 'test-results/value-lists-en.png', fullPage: true });
  await choose(page, 'language-select', '简体中文');
  await expect(card).toContainText('取值列表');
  await page.screenshot({ path: 'test-results/value-lists-zh-CN.png', fullPage: true });
  await choose(page, 'language-select', 'English');
  await expect(card).toContainText('Value lists: categories and statuses');

  // The settings survive a restart.
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('category-1-zh')).toHaveValue('物流');

  const dir = mkdtempSync(join(tmpdir(), 'qa-lists-e2e-'));
  writeFileSync(join(dir, 'cn-helpdesk.csv'), CSV);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('ticket-file').setInputFiles(join(dir, 'cn-helpdesk.csv'));
  await page.getByTestId('next-columns').click();
  await page.getByTestId('next-values').click();
  // Every category and status word is known: the company's own, or built in.
  await expect(page.getByTestId('values-step')).toContainText('Every channel, priority, status, category and satisfaction value in the file is known.');
  await page.getByTestId('next-preview').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText('4');

  await page.getByTestId('nav-tickets').click();
  const rows = page.getByTestId('ticket-table').locator('.ant-table-row');
  await expect(rows.filter({ hasText: '加微信领红包' }).getByTestId('helpdesk-state')).toHaveText('Spam');
  await expect(rows.filter({ hasText: '测试工单' }).getByTestId('helpdesk-state')).toHaveText('Deleted in the helpdesk');
  await expect(rows.filter({ hasText: '七天无理由退货' })).toContainText('Called back');
  await choose(page, 'filter-categories', 'Logistics');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('快递一直没到');
  await page.getByTestId('ticket-table').locator('.ant-table-row').first().click();
  await expect(page.getByTestId('ticket-meta')).toContainText('Logistics');
});
