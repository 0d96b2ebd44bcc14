// People on a team server, through the window in zh-CN (issue 19, item 4): the admin adds a person on the People
// page; the console writes them to the server and provisions their login, showing the one-time password once; the
// new person signs in with it at another workstation and sets their own; the admin sees when they signed in,
// resets a forgotten password (the old one stops working), and deactivates them (the server refuses their sign-in).
import 'fake-indexeddb/auto';
import { expect, test, type Page } from '@playwright/test';
import zh from '@renderer/locales/zh-CN.json';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, uuid, type Department } from '../../pg/teamConsoles';
import { choose } from './helpers';
import { join, setOwnPassword, signIn, workstation } from './teamHelpers';

let server: TeamServer;
const T1 = uuid(1), LEAD = uuid(11);

test.beforeAll(async () => {
  server = await startTeamServer();
  await seedDepartment({ ...server.config, tls: 'disable' }, server.admin.password, {
    teams: [{ id: T1, name: '售后一组', leadId: LEAD }],
    people: [personRecord(LEAD, 'lead', 'L011', null, { name: '王磊' })] as Department['people'],
  });
});

test.afterAll(async () => {
  await server?.destroy();
});

const row = (page: Page, name: string) => page.getByTestId('page-people').locator('.ant-table-row', { hasText: name });

test('the admin adds a person on a team server, hands out the one-time password, sees the sign-in, resets it and deactivates them', async ({ browser }) => {
  const admin = await workstation(browser);
  await join(admin, server);
  await signIn(admin, 'A001', server.admin.password);
  await expect(admin.getByTestId('team-status')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  await admin.getByTestId('nav-people').click();

  await admin.getByTestId('add-person').click();
  const dialog = admin.getByRole('dialog');
  await expect(dialog).toContainText(zh.people.team.loginAfterSave);
  await expect(dialog.getByTestId('field-password')).toHaveCount(0);
  await dialog.getByTestId('field-name').fill('孙丽');
  await dialog.getByTestId('field-email').fill('sun.li@example.com');
  await dialog.getByTestId('field-employeeNo').fill('P045');
  await choose(admin, 'field-team', '售后一组');
  await dialog.getByTestId('save-person').click();

  // Saved, sent, provisioned: the one-time password is shown once.
  const password = admin.getByTestId('handout-password');
  await expect(password).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/, { timeout: 20_000 });
  const oneTime = (await password.textContent())!;
  await admin.screenshot({ path: 'test-results/team-people-handout-zh-CN.png' });
  await admin.getByTestId('handout-done').click();
  await expect(row(admin, '孙丽')).toContainText('qa_u_p045');
  await expect(row(admin, '孙丽')).toContainText(zh.people.team.oneTimePending);
  await expect(admin.getByTestId('last-sign-in-P045')).toHaveText(zh.people.team.lastSignIn.replace('{{when}}', zh.people.team.never));

  // The new person at their own workstation: the one-time password, then their own.
  const staff = await workstation(browser);
  await join(staff, server);
  await signIn(staff, 'P045', oneTime);
  await setOwnPassword(staff, 'sun-li-own-pass-1');
  await expect(staff.getByTestId('signed-in-as')).toContainText('孙丽', { timeout: 30_000 });

  // The admin sees it (the page reads the logins when opened).
  await admin.getByTestId('nav-settings').click();
  await admin.getByTestId('nav-people').click();
  await expect(row(admin, '孙丽')).not.toContainText(zh.people.team.oneTimePending);
  await expect(admin.getByTestId('last-sign-in-P045')).not.toContainText(zh.people.team.never);
  await admin.screenshot({ path: 'test-results/team-people-zh-CN.png' });

  // Forgotten password: reset, confirmed; a new one-time password; the old password stops working.
  await admin.getByTestId('reset-P045').click();
  await admin.locator('.ant-popconfirm:visible .ant-btn-primary').click();
  await expect(password).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  const second = (await password.textContent())!;
  expect(second).not.toBe(oneTime);
  await admin.getByTestId('handout-done').click();
  await staff.getByTestId('sign-out').click();
  await signIn(staff, 'P045', 'sun-li-own-pass-1');
  await expect(staff.getByTestId('team-sign-in')).toContainText(zh.team.errors.wrongPassword);

  // Deactivated: the server disables the login with the person.
  await row(admin, '孙丽').locator('.ant-btn-dangerous').click();
  await admin.locator('.ant-popconfirm:visible .ant-btn-primary').click();
  await expect(row(admin, '孙丽')).toContainText(zh.people.team.disabled, { timeout: 20_000 });
  await signIn(staff, 'P045', second);
  await expect(staff.getByTestId('team-sign-in')).toContainText(zh.team.errors.refused);
});
