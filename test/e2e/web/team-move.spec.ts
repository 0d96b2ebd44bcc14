// "Move to a team server" through the window (issue 19, item 3): a standalone admin with a person added moves the
// workspace to an empty team server with the DBA's migration login (a wrong password first: said, nothing lost),
// gets the one-time passwords listed once, and the workstation then signs in to the server as the admin.
import 'fake-indexeddb/auto';
import { expect, test } from '@playwright/test';
import { MIGRATION_LOGIN, MIGRATION_PASSWORD, startBareTeamServer, type TeamServer } from '../../pg/team';
import type { Cluster } from '../../pg/cluster';
import { ADMIN, choose, createAdmin, startEmpty } from './helpers';
import { setOwnPassword, signIn } from './teamHelpers';

let bare: { cluster: Cluster; config: TeamServer['config'] };

test.beforeAll(async () => {
  bare = await startBareTeamServer();
});

test.afterAll(async () => {
  await bare?.cluster.destroy();
});

test('a standalone workspace moves to an empty team server, verified, and the workstation signs in there', async ({ page }) => {
  await createAdmin(page);
  await startEmpty(page);
  await page.getByTestId('nav-people').click();
  await page.getByTestId('add-person').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('field-name').fill('Li Lei');
  await dialog.getByTestId('field-email').fill('li.lei@example.com');
  await dialog.getByTestId('field-employeeNo').fill('E2001');
  await dialog.getByTestId('field-password').fill('staff-pass-1');
  await dialog.getByTestId('field-passwordAgain').fill('staff-pass-1');
  await dialog.getByTestId('save-person').click();
  await expect(dialog).toBeHidden();

  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('move-to-team');
  await card.getByTestId('team-host').fill(bare.config.host);
  await card.getByTestId('team-port').fill(String(bare.config.port));
  await card.getByTestId('team-database').fill(bare.config.database);
  await choose(page, 'team-tls', 'Off (local network only)');
  await card.getByTestId('move-user').fill(MIGRATION_LOGIN);
  await card.getByTestId('move-password').fill('not-the-password');
  await card.getByTestId('move-start').click();
  await expect(card.getByTestId('move-error')).toContainText('The server refused the migration login or its password.');
  await expect(card.getByTestId('team-host')).toHaveValue(bare.config.host);
  await card.getByTestId('move-password').fill(MIGRATION_PASSWORD);
  await card.getByTestId('move-start').click();

  const handouts = page.getByTestId('move-handouts');
  await expect(handouts).toBeVisible({ timeout: 60_000 });
  await expect(handouts.locator('.ant-table-row')).toHaveCount(2);
  const adminRow = handouts.locator('.ant-table-row', { hasText: ADMIN.employeeNo });
  const oneTime = (await adminRow.locator('code').nth(1).textContent())!.trim();
  expect(oneTime).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await page.screenshot({ path: 'test-results/team-move-handouts.png' });
  // On the server: both people, with their ids; the move marked done.
  const rows = await bare.cluster.query<{ n: number }>(`SELECT count(*)::int AS n FROM qa_console.people`, [], 'qa_team');
  expect(rows[0]!.n).toBe(2);
  expect((await bare.cluster.query<{ state: string }>(`SELECT state FROM qa_console.move_state`, [], 'qa_team'))[0]!.state).toBe('done');

  await page.getByTestId('move-continue').click();
  await expect(page.getByTestId('team-sign-in')).toBeVisible({ timeout: 30_000 });
  await signIn(page, ADMIN.employeeNo, oneTime);
  await setOwnPassword(page, 'admin-own-pass-2');
  await expect(page.getByTestId('signed-in-as')).toContainText(ADMIN.name, { timeout: 30_000 });
  await page.getByTestId('nav-people').click();
  await expect(page.getByTestId('page-people')).toContainText('qa_u_e2001');
});
