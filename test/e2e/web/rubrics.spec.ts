import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmin, startEmpty } from './helpers';

test('rubrics: a template becomes a draft, problems are named, publishing makes it read-only, export and import round-trip', async ({ page }) => {
  await createAdmin(page);
  await startEmpty(page);
  await page.getByTestId('nav-rubrics').click();
  await expect(page.getByTestId('page-rubrics')).toContainText('No rubrics yet');

  await page.getByTestId('new-from-template').hover();
  await page.getByTestId('template-call-handling-zh-CN').click();
  await expect(page.getByTestId('rubric-builder')).toContainText('通话处理');
  await page.getByTestId('rubric-passing').fill('85');
  // Clearing a criterion's title is refused with where it is.
  await page.getByTestId('section-0').locator('.ant-collapse-header').first().click();
  await page.getByTestId('section-0').getByTestId('criterion-title').fill('');
  await page.getByTestId('save-rubric').click();
  await expect(page.getByTestId('builder-problems')).toContainText('Section 1 › Criterion 1 › title: a title is required');
  await page.getByTestId('section-0').getByTestId('criterion-title').fill('问候与身份确认');
  await page.getByTestId('save-rubric').click();
  await expect(page.getByTestId('builder-problems')).toHaveCount(0);
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await page.getByTestId('close-builder').click();

  await page.getByTestId('publish-通话处理').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('rubric-table')).toContainText('published v1');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-通话处理').click();
  const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  expect(exported).toMatchObject({ format: 'qa-console-rubric', rubric: { name: '通话处理', passingScore: 85 } });

  await page.getByTestId('new-version-通话处理').click();
  await expect(page.getByTestId('rubric-builder')).toContainText('draft v2');
  await page.getByTestId('close-builder').click();
  await expect(page.getByTestId('rubric-table')).toContainText('draft v2');

  const dir = mkdtempSync(join(tmpdir(), 'qa-rubric-'));
  exported.rubric.name = 'Imported call rubric';
  writeFileSync(join(dir, 'good.json'), JSON.stringify(exported));
  await page.getByTestId('rubric-file').setInputFiles(join(dir, 'good.json'));
  await expect(page.getByTestId('rubric-builder')).toContainText('Imported call rubric');
  await page.getByTestId('close-builder').click();
  exported.rubric.sections[0].criteria[0].weight = 150;
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(exported));
  await page.getByTestId('rubric-file').setInputFiles(join(dir, 'bad.json'));
  await expect(page.getByTestId('rubric-problems')).toContainText('sections.0.criteria.0.weight');
  await expect(page.getByTestId('rubric-table').locator('.ant-table-row')).toHaveCount(2);
});
