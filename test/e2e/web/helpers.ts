import { expect, type Locator, type Page } from '@playwright/test';

export const ADMIN = { name: 'Wang Fang', email: 'admin@example.com', employeeNo: 'A0001', password: 'admin-pass-1' };

export async function createAdmin(page: Page) {
  await page.goto('/');
  await fillFirstAdmin(page);
}

/** The first-run form, filled and sent; the admin is signed in (also used by the Electron E2E on its window). */
export async function fillFirstAdmin(page: Page) {
  await expect(page.getByTestId('first-run')).toBeVisible();
  await page.getByTestId('field-name').fill(ADMIN.name);
  await page.getByTestId('field-email').fill(ADMIN.email);
  await page.getByTestId('field-employeeNo').fill(ADMIN.employeeNo);
  await page.getByTestId('field-password').fill(ADMIN.password);
  await page.getByTestId('field-passwordAgain').fill(ADMIN.password);
  await page.getByTestId('create-admin').click();
  await expect(page.getByTestId('signed-in-as')).toContainText(ADMIN.name);
}

/** Declines the demo offer after first run; a click landing while the dialog still animates in is retried. */
export async function startEmpty(page: Page) {
  await clickUntilGone(page, page.getByTestId('start-empty'));
  await expect(page.getByRole('dialog')).toBeHidden();
}

export async function signIn(page: Page, login: string, password: string) {
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await page.getByTestId('field-login').fill(login);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** Picks an option in an antd Select by its visible label. */
export async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  // Long lists are virtual (only the visible options exist): where the select can search, narrow it first.
  const search = page.getByTestId(testId).locator('input');
  if ((await search.count()) && (await search.first().isEditable())) await search.first().fill(label);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
}

export async function addTeam(page: Page, name: string) {
  await page.getByTestId('nav-people').click();
  await page.getByTestId('add-team').click();
  await page.getByTestId('field-team-name').fill(name);
  await page.getByTestId('save-team').click();
  await expect(page.locator('.ant-table-row', { hasText: name })).toBeVisible();
}

/** Creates a rubric from a shipped template and publishes it (the popconfirm must be open before its button is hit). */
export async function publishTemplate(page: Page, template: string, name: string) {
  await page.getByTestId('nav-rubrics').click();
  await page.getByTestId('new-from-template').hover();
  await page.getByTestId(template).click();
  await expect(page.getByTestId('rubric-builder')).toBeVisible();
  await page.getByTestId('close-builder').click();
  await page.getByTestId(`publish-${name}`).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('rubric-table')).toContainText('published v1');
}

/** Imports a ticket file through the wizard, accepting the suggested mapping; returns when the report shows. */
export async function importTicketFile(page: Page, file: string, created: string) {
  await page.getByTestId('nav-import').click();
  await page.getByTestId('ticket-file').setInputFiles(file);
  await page.getByTestId('next-columns').click();
  await page.getByTestId('next-values').click();
  await page.getByTestId('next-preview').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('count-created')).toContainText(created);
}

export const DEMO_PASSWORD = 'demo-2026';

/** Clicks a button until it goes away (a dialog's OK, an offer's button): a click during an antd dialog's opening animation can be lost. */
export async function clickUntilGone(page: Page, button: Locator) {
  // Shown first (a popconfirm opens with an animation: not yet visible is not "gone", as two CI runs found).
  await expect(button).toBeVisible();
  await expect(async () => {
    if (await button.isVisible()) await button.click({ timeout: 2000 });
    await expect(button).toBeHidden({ timeout: 3000 });
  }).toPass({ timeout: 30_000 });
}

/** A fresh console with the demo workspace loaded; returns the supervisor account the loader names. */
export async function loadDemo(page: Page): Promise<string> {
  await createAdmin(page);
  // The offer opens with an animation; a click landing during it can be lost (seen in CI): click until it starts.
  await clickUntilGone(page, page.getByTestId('load-demo'));
  const loaded = page.getByTestId('demo-loaded');
  await expect(loaded).toContainText('evaluations', { timeout: 120_000 });
  const supervisor = /supervisor (\S+@demo\.example\.com)/.exec((await loaded.textContent()) ?? '')![1]!;
  await loaded.getByRole('button', { name: 'Close' }).click();
  return supervisor;
}

/** Signs out and in as a demo account (closing an open drawer first: it covers the header). */
export async function switchTo(page: Page, email: string) {
  if (await page.locator('.ant-drawer-open').count()) {
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  }
  await page.getByTestId('sign-out').click();
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

/**
 * Headers for the browser host's test controls: the token the Playwright config gave the host (--test-controls).
 * page.request shares the page's cookies, so the controls act on this page's profile.
 */
export function testControls(): Record<string, string> {
  return { 'x-qa-test-token': process.env.QA_HOST_TEST_TOKEN ?? '' };
}

/** The next save-as dialog answers with this path. */
export async function queueSave(page: Page, path: string) {
  expect((await page.request.post('/__qa/test/save', { headers: testControls(), data: { path } })).ok()).toBe(true);
}

/** The next open dialog (the file chooser) answers with these paths. */
export async function queueChooser(page: Page, paths: string[]) {
  expect((await page.request.post('/__qa/test/choose', { headers: testControls(), data: { paths } })).ok()).toBe(true);
}

/** Every row of one IndexedDB store of the console, read in the page (what the app stored, not what it shows). */
export async function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const open = indexedDB.open('qa-console');
    const db: IDBDatabase = await new Promise((ok, bad) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => bad(open.error))));
    const rows = await new Promise<unknown[]>((ok) => {
      const r = db.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return rows;
  }, store) as Promise<T[]>;
}

/** Waits until the page's finite animations (a drawer sliding in, a dialog zooming) are done: for screenshots. */
export async function settled(page: Page) {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY), null, { timeout: 5000 })
    .catch(() => undefined);
}
