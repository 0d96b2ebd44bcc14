// Homes and the dashboard on the demo workspace, each role signed in as themselves: the admin's, supervisor's,
// lead's and staff member's home tiles open the lists they count; the supervisor's dashboard for a quarter with
// filters that survive a reload, a heatmap cell drilled down to its evaluations, a widget's XLSX and the dashboard's
// PDF read back; screenshots of each home and the dashboard in English and Chinese.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readSourceFile } from '../../../src-renderer/src/workers/sourceFile';
import { choose, loadDemo, queueSave, readStore, settled, switchTo } from './helpers';

interface Person {
  id: string;
  name: string;
  email: string;
  role: string;
  teamId: string | null;
}

test.use({ actionTimeout: 30_000 });

const tileValue = async (page: Page, id: string) => Number(((await page.getByTestId(`tile-${id}`).locator('.ant-statistic-content-value').textContent()) ?? '').replace(/\D/g, ''));

/** Serious and critical accessibility violations of the page's content (axe), as "rule: target" lines. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include(selector).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id}: ${n.target.join(' ')}`));
}

async function goHome(page: Page) {
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('page-home')).toBeVisible();
}

test('each role’s home opens its lists; the dashboard filters, drills down and exports', async ({ page }) => {
  test.setTimeout(300_000);
  const supervisor = await loadDemo(page);
  // The admin lands on their home: workspace health.
  await expect(page.getByTestId('page-title')).toHaveText('Home');
  await expect(page.getByTestId('home-admin')).toBeVisible();
  await expect(page.getByTestId('home-admin')).toContainText('No import runs recorded yet');
  await page.getByTestId('tile-people-without-team').click();
  await expect(page.getByTestId('page-people')).toBeVisible();
  await goHome(page);
  await page.getByTestId('home-audit-check').click();
  await expect(page.getByTestId('home-audit-result')).toContainText('intact');

  const people = await readStore<Person>(page, 'people');
  const teams = await readStore<{ id: string; name: string; leadId: string | null }>(page, 'teams');
  const team = teams.find((t) => t.leadId)!;
  const lead = people.find((p) => p.id === team.leadId)!;
  const staff = people.find((p) => p.role === 'staff' && p.teamId === team.id)!;

  // The supervisor: the day's queue; the tile opens the review queue.
  await switchTo(page, supervisor);
  await expect(page.getByTestId('home-reviewer')).toBeVisible();
  const open = await page.getByTestId('tile-in-progress').textContent();
  expect(open).toMatch(/Open in my queue: \d+/);
  await settled(page);
  expect(await axeProblems(page, '[data-testid="page-home"]')).toEqual([]);
  await page.screenshot({ path: 'test-results/home-supervisor-en.png' });
  await page.getByTestId('tile-due-today').click();
  await expect(page.getByTestId('page-review')).toBeVisible();

  // The dashboard: last quarter of the demo's data (the demo's evaluations are in the months before today).
  await page.getByTestId('nav-dashboards').click();
  await expect(page.getByTestId('widget-headline')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('period-quarter').click();
  await expect(page.getByTestId('dash-filter-text')).toContainText(/Period: \d{4}-Q\d/);
  const qaText = async () => (await page.getByTestId('headline-qa').locator('.ant-statistic-content-value').textContent()) ?? '';
  await expect.poll(qaText, { timeout: 30_000 }).toMatch(/^\d+\.\d$/);
  await expect(page.getByTestId('headline-qa')).toContainText(/n \d+/);
  await expect(page.getByTestId('people-table')).toBeVisible();
  // Never ranked on too few: every "not enough evaluations" row has no rank.
  for (const row of await page.getByTestId('people-table').locator('tbody tr').filter({ hasText: 'not enough evaluations' }).all()) await expect(row.locator('td').first()).toHaveText('—');

  // A team filter narrows every widget, and survives a reload.
  await choose(page, 'filter-teams', team.name);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dash-filter-text')).toContainText(`Teams: ${team.name}`);
  await page.reload();
  await expect(page.getByTestId('dash-filter-text')).toContainText(`Teams: ${team.name}`, { timeout: 30_000 });
  await expect(page.getByTestId('dash-filter-text')).toContainText(/Period: \d{4}-Q\d/);
  const peopleRows = page.getByTestId('people-table').locator('tbody tr');
  await expect(peopleRows.first()).toBeVisible();
  const teamMembers = new Set(people.filter((p) => p.teamId === team.id).map((p) => p.name));
  for (const name of await peopleRows.locator('td:nth-child(2)').allTextContents()) expect(teamMembers.has(name.replace(/bottom \d+$/, ''))).toBe(true);

  // A heatmap cell lists the evaluations in which that criterion failed; one opens as scored.
  const cell = page.locator('[data-testid^="heat-"]:not([disabled])').first();
  const counts = /(\d+)\/(\d+)/.exec((await cell.locator('.dash-cell-n').textContent()) ?? '')!;
  await cell.click();
  const drawer = page.getByTestId('drill-drawer');
  await expect(drawer).toContainText(`${counts[1]} failed`);
  await expect(page.getByTestId('drill-table').locator('tbody tr.ant-table-row')).toHaveCount(Math.min(Number(counts[1]), 10));
  await page.getByTestId('drill-open').first().click();
  await expect(page.getByTestId('drill-back')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // No serious accessibility problem on the dashboard (before the exports' messages cover the header).
  expect(await axeProblems(page, '[data-testid="page-dashboards"]')).toEqual([]);

  // The people widget as XLSX: the rows on screen, figures as numbers.
  const dir = mkdtempSync(join(tmpdir(), 'qa-dash-'));
  const xlsx = join(dir, 'people.xlsx');
  await queueSave(page, xlsx);
  await page.getByTestId('people-export').click();
  await page.getByTestId('people-xlsx').click();
  await expect(page.getByText(`Saved to ${xlsx}`)).toBeVisible({ timeout: 30_000 });
  const { table } = await readSourceFile(new Uint8Array(readFileSync(xlsx)), xlsx);
  expect(table.header.slice(0, 4)).toEqual(['Rank', 'Person', 'Team', 'n']);
  expect(table.rows.length).toBe(await page.getByTestId('people-table').locator('tbody tr.ant-table-row').count());
  expect(table.rows.every((r) => r[2] === team.name)).toBe(true);

  // The dashboard as PDF (A4 landscape, the filters printed at the top), saved where the user chose.
  const pdf = join(dir, 'dashboard.pdf');
  await queueSave(page, pdf);
  await page.getByTestId('dash-pdf').click();
  await expect(page.getByText(`Saved to ${pdf}`)).toBeVisible({ timeout: 60_000 });
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  if (existsSync('/usr/bin/pdftotext')) {
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(`Teams:${team.name}`);
    expect(text).toContain('Criterion failure rates');
    expect(text).toContain('Did coaching work?');
    // Printed as a report: without the navigation, the header or the filter controls.
    expect(text).not.toContain('Sign out');
    expect(text).not.toContain('Save as a view');
    const size = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    // A4 landscape: wider than tall, about 842 x 595 points.
    const [, wide, high] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(size)!;
    expect(Math.round(Number(wide))).toBeGreaterThanOrEqual(841);
    expect(Math.round(Number(high))).toBeLessThanOrEqual(596);
  } else console.log('pdftotext is not installed here: the PDF text was not read back (only its header)');
  await page.screenshot({ path: 'test-results/dashboard-en.png', fullPage: true });
  await choose(page, 'language-select', '简体中文');
  await expect(page.getByTestId('widget-heatmap')).toContainText('评分项不合格率');
  await settled(page);
  await page.screenshot({ path: 'test-results/dashboard-zh-CN.png', fullPage: true });
  await goHome(page);
  await settled(page);
  await page.screenshot({ path: 'test-results/home-supervisor-zh-CN.png' });
  await choose(page, 'language-select', 'English');

  // The lead: the team's month with its interval; the overdue tile opens exactly that list.
  await switchTo(page, lead.email);
  await expect(page.getByTestId('home-lead')).toBeVisible();
  await expect(page.getByTestId('tile-team-score')).toContainText(/n \d+/);
  await settled(page);
  await page.screenshot({ path: 'test-results/home-lead-en.png', fullPage: true });
  const overdue = await tileValue(page, 'actions-overdue');
  await page.getByTestId('tile-actions-overdue').click();
  await expect(page.getByTestId('page-corrective-actions')).toBeVisible();
  await expect(page.getByTestId('count-overdue')).toContainText(String(overdue));
  if (overdue) await expect(page.getByTestId('page-corrective-actions').locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(Math.min(overdue, 10));
  else await expect(page.getByTestId('page-corrective-actions').locator('.ant-table-tbody tr.ant-table-row')).toHaveCount(0);

  // Staff: what waits for their acknowledgement opens My scores.
  await switchTo(page, staff.email);
  await expect(page.getByTestId('home-staff')).toBeVisible();
  await expect(page.getByTestId('tile-my-score')).toBeVisible();
  await expect(page.getByTestId('nav-dashboards')).toHaveCount(0);
  await choose(page, 'language-select', '简体中文');
  await expect(page.getByTestId('home-staff')).toContainText('待确认的评估');
  await settled(page);
  await page.screenshot({ path: 'test-results/home-staff-zh-CN.png', fullPage: true });
  await page.getByTestId('tile-to-acknowledge').click();
  await expect(page.getByTestId('page-my-scores')).toBeVisible();
  await choose(page, 'language-select', 'English');
});
