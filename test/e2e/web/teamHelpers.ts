// Workstations of a team server in the web E2E: a browser profile each (its own installation and IndexedDB), the
// first-run join, and a team sign-in.
import { expect, type Browser, type Page } from '@playwright/test';
import zh from '@renderer/locales/zh-CN.json';
import type { TeamServer } from '../../pg/team';
import { choose } from './helpers';

export async function workstation(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/');
  await choose(page, 'language-before-sign-in', '简体中文');
  return page;
}

/** First run on a new workstation: join the team server (no TLS on this loopback test server). */
export async function join(page: Page, server: TeamServer) {
  await expect(page.getByTestId('first-run')).toBeVisible();
  await page.getByTestId('mode-team').click();
  await page.getByTestId('team-host').fill(server.config.host);
  await page.getByTestId('team-port').fill(String(server.config.port));
  await page.getByTestId('team-database').fill(server.config.database);
  await choose(page, 'team-tls', zh.settings.tls.disable);
  await page.getByTestId('team-join-submit').click();
  await expect(page.getByTestId('team-sign-in')).toBeVisible();
}

export async function signIn(page: Page, employeeNo: string, password: string) {
  await page.getByTestId('team-employee-no').fill(employeeNo);
  await page.getByTestId('team-password').fill(password);
  await page.getByTestId('team-sign-in-submit').click();
}

/** A one-time password replaced by the person's own (the first sign-in's only screen). */
export async function setOwnPassword(page: Page, password: string) {
  await expect(page.getByTestId('team-new-password-submit')).toBeVisible();
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('field-passwordAgain').fill(password);
  await page.getByTestId('team-new-password-submit').click();
}

/** A new workstation joined to the server with this person signed in and the console online. */
export async function signedInAt(browser: Browser, server: TeamServer, employeeNo: string, password: string): Promise<Page> {
  const page = await workstation(browser);
  await join(page, server);
  await signIn(page, employeeNo, password);
  await expect(page.getByTestId('team-status')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  return page;
}
