import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { choose, clickUntilGone, createAdmin, readStore, startEmpty } from './helpers';

const FIX = join(__dirname, '..', '..', 'fixtures');

async function openImport(page: Page) {
  await createAdmin(page);
  await startEmpty(page);
  await page.getByTestId('nav-import').click();
  await expect(page.getByTestId('ticket-import')).toBeVisible();
}

async function runWizard(page: Page, file: string) {
  await page.getByTestId('ticket-file').setInputFiles(file);
  await expect(page.getByTestId('file-summary')).toBeVisible();
  await page.getByTestId('next-columns').click();
  await expect(page.getByTestId('mapping-table')).toBeVisible();
}

test('a Freshdesk export imports through the wizard; the same file again changes nothing; history keeps both with reports', async ({ page }) => {
  await openImport(page);
  await runWizard(page, join(FIX, 'tickets', 'freshdesk-export.csv'));
  await expect(page.getByTestId('file-summary')).toHaveCount(0);
  await expect(page.getByTestId('map-externalId')).toContainText('Ticket ID');
  await expect(page.getByTestId('map-openedAt')).toContainText('Created time');
  await page.getByTestId('source-name').fill('freshdesk');
  await page.getByTestId('preset-name').fill('Freshdesk export');
  await page.getByTestId('save-preset').click();
  await page.getByTestId('next-values').click();
  // The agents the workspace does not know are listed; they stay unassigned unless linked or created.
  await expect(page.getByTestId('agents-card')).toContainText('Li Na');
  await page.getByTestId('agent-create-Li Na').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('field-name')).toHaveValue('Li Na');
  await dialog.getByTestId('field-email').fill('li.na@example.com');
  await dialog.getByTestId('field-employeeNo').fill('E1001');
  await dialog.getByTestId('field-password').fill('staff-pass-1');
  await dialog.getByTestId('field-passwordAgain').fill('staff-pass-1');
  await dialog.getByTestId('save-person').click();
  await expect(page.getByTestId('agent-link-Li Na')).toContainText('Li Na · li.na@example.com');
  await page.getByTestId('next-preview').click();
  await expect(page.getByTestId('dry-run-summary')).toContainText('5 tickets will be imported; 0 rows cannot be imported');
  await expect(page.getByTestId('preview-table')).toContainText('Cannot log in after upgrade');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('count-created')).toContainText('5');
  await expect(page.getByTestId('issue-table')).toContainText('Agent "Zhang Wei" matches no person');
  await expect(page.getByTestId('issue-table')).not.toContainText('Agent "Li Na"');
  await expect(page.getByTestId('workspace-counts')).toContainText('5 tickets');

  // Export of the report: a CSV naming row, column and reason.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-report').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('Row,Column,Severity');
  expect(csv).toMatch(/5,Agent,warning,agent-unmatched,Zhang Wei/);

  // Same file again: the preset is offered, nothing is duplicated.
  await page.getByTestId('import-another').click();
  await page.getByTestId('ticket-file').setInputFiles(join(FIX, 'tickets', 'freshdesk-export.csv'));
  await page.getByTestId('next-columns').click();
  await expect(page.getByTestId('preset-applied')).toContainText('Freshdesk export');
  await expect(page.getByTestId('source-name')).toHaveValue('freshdesk');
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-unchanged')).toContainText('5');
  await expect(page.getByTestId('count-created')).toContainText('0');
  await expect(page.getByTestId('workspace-counts')).toContainText('5 tickets');

  await page.getByTestId('tab-history').click();
  await expect(page.getByTestId('import-history').locator('.ant-table-row')).toHaveCount(2);
  await expect(page.getByTestId('import-history')).toContainText('0 new · 0 updated · 5 unchanged · 0 failed');

  // Undo the first import (the one that created the tickets), after a confirmation: they go, the run says so.
  const history = page.getByTestId('import-history');
  await expect(history.getByTestId('undo-import')).toHaveCount(1);
  await history.getByTestId('undo-import').click();
  await clickUntilGone(page, page.locator('.ant-popconfirm').getByRole('button', { name: 'Undo' }));
  await expect(history.getByTestId('undone')).toContainText('undone by');
  await expect(history).toContainText('Undone');
  // The five are removed (soft: the history keeps them), as stored.
  const stored = await readStore<{ deletedAt: string | null }>(page, 'tickets');
  expect(stored).toHaveLength(5);
  expect(stored.every((t) => t.deletedAt !== null)).toBe(true);

  // A narrower export of stored tickets (id and status only): the dry run says how many stored tickets it
  // updates and what they keep, and the import asks before going on (issue 16, item 1b).
  const dir = mkdtempSync(join(tmpdir(), 'qa-narrow-'));
  writeFileSync(join(dir, 'status-only.csv'), 'Ticket ID,Status,Created time\r\n1001,Open,2026-03-02 09:12:44\r\n');
  await page.getByTestId('tab-tickets').click();
  await page.getByTestId('import-another').click();
  await page.getByTestId('ticket-file').setInputFiles(join(dir, 'status-only.csv'));
  await page.getByTestId('next-columns').click();
  await page.getByTestId('source-name').fill('freshdesk');
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByTestId('dry-run-kept')).toContainText('1 ticket of this source is already stored and will be updated.');
  await expect(page.getByTestId('dry-run-kept')).toContainText('Subject of 1 ticket');
  await page.getByTestId('start-import').click();
  const confirm = page.locator('.ant-popconfirm');
  await expect(confirm).toContainText('Update 1 stored ticket with this file?');
  await confirm.locator('.ant-btn-primary').click();
  await expect(page.getByTestId('count-updated')).toContainText('1');
  const restored = (await readStore<{ externalId: string; subject: string; status: string }>(page, 'tickets')).find((t) => t.externalId === '1001')!;
  expect(restored).toMatchObject({ subject: 'Cannot log in after upgrade', status: 'open' });
});

test('a GBK file with Chinese headers is detected, an unknown word must be mapped, a wrong encoding is visible and can be changed', async ({ page }) => {
  await openImport(page);
  await page.getByTestId('ticket-file').setInputFiles(join(FIX, 'tickets', 'helpdesk-gbk.csv'));
  await expect(page.getByTestId('file-summary')).toContainText('5 rows');
  await expect(page.getByTestId('encoding-select')).toContainText('GBK');
  await expect(page.getByTestId('sample-table')).toContainText('发票打印失败');
  // Choosing a wrong encoding shows garbled text and a warning; choosing GBK again fixes it.
  await choose(page, 'encoding-select', 'Big5');
  await expect(page.getByTestId('replacement-warning')).toBeVisible();
  await choose(page, 'encoding-select', 'GBK');
  await expect(page.getByTestId('sample-table')).toContainText('发票打印失败');
  await page.getByTestId('next-columns').click();
  await expect(page.getByTestId('map-externalId')).toContainText('工单编号');
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByTestId('dry-run-summary')).toContainText('5 tickets will be imported');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText('5');

  // The same in Chinese: the report and the ticket list speak zh-CN.
  await choose(page, 'language-select', '简体中文');
  await expect(page.getByTestId('import-report')).toContainText('新增');
  await page.screenshot({ path: 'test-results/import-report-zh-CN.png' });
  await page.getByTestId('nav-tickets').click();
  await expect(page.getByTestId('ticket-count')).toHaveText('共 5 张工单，显示 5 张');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'test-results/tickets-zh-CN.png' });
});

test('ambiguous day/month dates are asked, not guessed; bad rows are listed while good rows land', async ({ page }) => {
  await openImport(page);
  await runWizard(page, join(FIX, 'bad', 'ambiguous-dates.csv'));
  await expect(page.getByTestId('date-order-question')).toContainText('01-02-26 9:00');
  await expect(page.getByTestId('next-values')).toBeDisabled();
  await page.getByTestId('order-dmy').click();
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByTestId('preview-table')).toContainText('Feb');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText('2');

  await page.getByTestId('import-another').click();
  await runWizard(page, join(FIX, 'bad', 'unknown-values.csv'));
  await page.getByTestId('next-values').click();
  await expect(page.getByTestId('next-preview')).toBeDisabled();
  await choose(page, 'vocab-priority-P9', 'Low');
  await choose(page, 'vocab-channel-Carrier pigeon', 'On site');
  await page.getByTestId('next-preview').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText('3');

  await page.getByTestId('import-another').click();
  await page.getByTestId('ticket-file').setInputFiles(join(FIX, 'bad', 'empty.csv'));
  await expect(page.getByTestId('import-error')).toContainText('empty.csv cannot be imported: the file is empty.');
});

test('an XLSX workbook and a Zendesk JSON export import in the browser worker', async ({ page }) => {
  await openImport(page);
  await runWizard(page, join(FIX, 'tickets', 'tickets.xlsx'));
  await expect(page.getByTestId('map-externalId')).toContainText('工单号');
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByTestId('dry-run-summary')).toContainText('2 tickets will be imported; 0 rows cannot be imported');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText('2');

  await page.getByTestId('import-another').click();
  await runWizard(page, join(FIX, 'tickets', 'zendesk-export.json'));
  await expect(page.getByTestId('map-messages')).toContainText('comments');
  await choose(page, 'map-csat', 'satisfaction_rating.score');
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText('3');
  await page.getByTestId('nav-tickets').click();
  await page.getByTestId('filter-text').locator('input').fill('打印模块');
  await page.getByTestId('ticket-table').locator('.ant-table-row').first().click();
  await expect(page.getByTestId('ticket-thread')).toContainText('恢复默认');
  await expect(page.getByTestId('ticket-thread')).toContainText('Internal note');
});

test('an export with no creation column is guided: the columns holding dates are offered, one click maps it (issue 16, item 5)', async ({ page }) => {
  await createAdmin(page);
  await startEmpty(page);
  const dir = mkdtempSync(join(tmpdir(), 'qa-no-created-'));
  writeFileSync(join(dir, 'no-created.csv'), 'Ticket ID,Subject,Updated at,Hours spent\r\n2001,Refund,2026-03-02 09:12:44,3\r\n2002,Login,2026-03-03 10:00:00,1.5\r\n');
  await page.getByTestId('nav-import').click();
  await page.getByTestId('ticket-file').setInputFiles(join(dir, 'no-created.csv'));
  await page.getByTestId('next-columns').click();
  await page.getByTestId('source-name').fill('hotline');
  const guide = page.getByTestId('choose-creation');
  await expect(guide).toContainText('No column was recognised as the creation time');
  await expect(guide.getByRole('button')).toHaveText(['Updated at']);
  await expect(page.getByTestId('next-values')).toBeDisabled();
  await page.getByTestId('creation-0').click();
  await expect(guide).toHaveCount(0);
  await expect(page.getByTestId('map-openedAt')).toContainText('Updated at');
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await expect(page.getByTestId('dry-run-summary')).toContainText('2 tickets will be imported');
});
