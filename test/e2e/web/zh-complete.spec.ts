// The console in zh-CN, page by page and dialog by dialog, for every role: no sentence of the English catalog and
// no raw message key may show (issue 16, item 16). What the page says is read as the user sees it (innerText of
// the window, drawers and dialogs included) and searched for the English catalog's sentences, their fixed parts
// between {{placeholders}}, and for keys of the catalog printed as text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clickUntilGone, fillFirstAdmin, readStore, settled, signIn } from './helpers';

const LOCALES = join(__dirname, '../../../src-renderer/src/locales');
type Tree = { [k: string]: string | Tree };
const flatten = (o: Tree, prefix = ''): [string, string][] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));
const en = flatten(JSON.parse(readFileSync(join(LOCALES, 'en.json'), 'utf8')) as Tree);
const zh = new Map(flatten(JSON.parse(readFileSync(join(LOCALES, 'zh-CN.json'), 'utf8')) as Tree));
const zhText = [...zh.values()].join('\n');

/**
 * The English fragments that must not show: the fixed text between placeholders, where it is a phrase (two words
 * or more, ten characters or more) that the Chinese catalog does not itself use (product names, "CSV", "N/A").
 */
const FRAGMENTS = [
  ...new Set(
    en.flatMap(([, v]) =>
      v
        .split(/\{\{[^}]+\}\}|<\d+>|<\/\d+>|\n/)
        .map((s) => s.trim().replace(/^[\s:;,.()·–—-]+|[\s:;,.()·–—-]+$/g, ''))
        .filter((s) => s.length >= 10 && /[a-z]{2,}\s+[a-z]{2,}/i.test(s) && !zhText.includes(s)),
    ),
  ),
  // antd's own English (its zh-CN locale must be in force).
  'No data',
  'items/page',
];
/** Short labels (one or two words: "Close", "Sign out"), matched as whole words where the catalog's zh differs. */
const LABELS = [...new Set(en.filter(([k, v]) => /^[A-Z][a-z]{3,}( [a-z]{2,})?$/.test(v) && zh.get(k) !== v && !zhText.includes(v)).map(([, v]) => v))];
const KEYS = new Set(en.map(([k]) => k.replace(/_(one|other)$/, '')));

const findings: string[] = [];

/** What the window shows in zh-CN that is English or a raw key; recorded under `where`. */
async function check(page: Page, where: string) {
  await settled(page);
  const text = await page.evaluate(() => document.body.innerText);
  const english = [...FRAGMENTS.filter((f) => text.includes(f)), ...LABELS.filter((l) => new RegExp(`(^|[^A-Za-z])${l}([^A-Za-z]|$)`).test(text))];
  const keys = [...text.matchAll(/\b[a-z][a-zA-Z]+(?:\.[a-zA-Z][\w-]*)+\b/g)].map((m) => m[0]).filter((k) => KEYS.has(k));
  for (const f of english) findings.push(`${where}: English "${f}"`);
  for (const k of new Set(keys)) findings.push(`${where}: raw key ${k}`);
  if (english.length || keys.length) await page.screenshot({ path: `test-results/zh-complete-${where.replace(/[^\w-]+/g, '_')}.png` });
}

async function closeOverlays(page: Page) {
  for (let i = 0; i < 3 && (await page.locator('.ant-drawer-open, .ant-modal-wrap:visible').count()); i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
  }
}

/** Each page in the navigation, and the first row's drawer where a page has a table of items. */
async function everyPage(page: Page, role: string) {
  const pages = await page.getByTestId('nav').locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  for (const nav of pages) {
    await closeOverlays(page);
    await page.getByTestId(nav).click();
    await page.waitForTimeout(400);
    await check(page, `${role} ${nav}`);
    const row = page.locator('.ant-layout-content .ant-table-row').first();
    if (['nav-tickets', 'nav-calls', 'nav-my-scores', 'nav-corrective-actions', 'nav-people'].includes(nav) && (await row.count())) {
      await row.click();
      await page.waitForTimeout(800);
      await check(page, `${role} ${nav} first item`);
      await closeOverlays(page);
    }
  }
}

/** Opens what a button opens (a form, a dialog), checks it, and closes it again. */
async function opened(page: Page, nav: string, button: string, where: string) {
  await closeOverlays(page);
  await page.getByTestId(nav).click();
  const b = page.getByTestId(button).first();
  await expect(b, `${where}: ${button} on ${nav}`).toBeVisible();
  await b.click();
  await page.waitForTimeout(600);
  await check(page, where);
  await closeOverlays(page);
}

async function signInAs(page: Page, email: string) {
  await closeOverlays(page);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await check(page, 'sign-in');
  await signIn(page, email, 'demo-2026');
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  // The day's digest, where there is one, is part of what the person sees.
  await page.waitForTimeout(800);
  await check(page, `${email} after sign-in`);
  await page.getByTestId('digest-close').click({ timeout: 1000 }).catch(() => undefined);
}

test('every page and dialog in zh-CN, for every role, says nothing in English and shows no raw key', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  await expect(page.getByTestId('first-run')).toBeVisible();
  // The check itself can fail: the English first-run page is caught.
  await check(page, 'first-run in English');
  expect(findings.length).toBeGreaterThan(0);
  console.log(`${FRAGMENTS.length} English fragments; on the English first-run page: ${findings.slice(0, 3).join('; ')}`);
  findings.length = 0;
  await page.getByTestId('language-before-sign-in').click();
  await page.getByText('简体中文', { exact: true }).click();
  await expect(page.getByTestId('create-admin')).toContainText(/[\u4e00-\u9fff]/);
  await check(page, 'first-run');
  await fillFirstAdmin(page);
  await check(page, 'demo offer');
  await clickUntilGone(page, page.getByTestId('load-demo'));
  await expect(page.getByTestId('demo-loaded')).toBeVisible({ timeout: 120_000 });
  await check(page, 'demo loaded');
  await page.getByTestId('demo-loaded').getByRole('button').click();

  await everyPage(page, 'admin');
  // Settings: the forms and cards an admin works in.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('verify-audit').click();
  await check(page, 'admin settings, audit verified');
  await page.getByTestId('language-select').click();
  await check(page, 'admin language menu');
  await page.keyboard.press('Escape');
  await opened(page, 'nav-people', 'add-person', 'admin add person');
  await opened(page, 'nav-people', 'add-team', 'admin add team');

  const people = await readStore<{ email: string; role: string; id: string; teamId: string | null }>(page, 'people');
  const teams = await readStore<{ leadId: string | null }>(page, 'teams');
  const supervisor = people.find((p) => p.role === 'supervisor')!;
  const lead = people.find((p) => p.role === 'lead' && teams.some((t) => t.leadId === p.id))!;
  const evaluations = await readStore<{ agentId: string; status: string }>(page, 'evaluations');
  const staff = people.find((p) => p.role === 'staff' && evaluations.some((e) => e.agentId === p.id && e.status === 'submitted'))!;

  await signInAs(page, supervisor.email);
  await everyPage(page, 'supervisor');
  // The review workspace on the first queued item, the plan form, the import wizard's tabs.
  await page.getByTestId('nav-review').click();
  const open = page.getByTestId('open-assignment').first();
  if (await open.count()) {
    await open.click();
    await expect(page.getByTestId('scorecard')).toBeVisible();
    await check(page, 'supervisor review workspace');
    await page.keyboard.press('?');
    await check(page, 'supervisor shortcut help');
    await closeOverlays(page);
  }
  await page.getByTestId('nav-import').click();
  for (const tab of ['tab-recordings', 'tab-transcripts', 'tab-history']) {
    const t = page.getByTestId(tab);
    if (await t.count()) {
      await t.click();
      await check(page, `supervisor import ${tab}`);
    }
  }

  await opened(page, 'nav-sampling', 'new-plan', 'supervisor new plan');
  await opened(page, 'nav-corrective-actions', 'new-action', 'supervisor new action');
  await opened(page, 'nav-sampling', 'new-calibration', 'supervisor new calibration session');

  await signInAs(page, lead.email);
  await everyPage(page, 'lead');

  await signInAs(page, staff.email);
  await everyPage(page, 'staff');
  // An evaluation of theirs and the dispute dialog.
  await page.getByTestId('nav-my-scores').click();
  await page.locator('.ant-layout-content .ant-table-row').first().click();
  await page.getByTestId('dispute').click();
  await page.waitForTimeout(600);
  await check(page, 'staff dispute dialog');

  console.log(findings.length ? `zh-CN findings:\n${findings.join('\n')}` : 'zh-CN: nothing in English, no raw key');
  expect(findings).toEqual([]);
});

