import { expect, test } from '@playwright/test';
import { addTeam, ADMIN, choose, createAdmin, signIn, startEmpty } from './helpers';

test('first run, a team and a staff member, staff sees only their own area, zh-CN', async ({ page }) => {
  await createAdmin(page);
  await expect(page.getByRole('dialog')).toContainText('Start with demo data?');
  await startEmpty(page);

  // The admin sees every admin entry.
  await addTeam(page, 'Hotline team');
  await expect(page.getByTestId('page-title')).toHaveText('People and teams');

  await page.getByTestId('add-person').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('field-name').fill('Li Lei');
  // Bad input: the admin's own e-mail. The error names the field and nothing typed is lost.
  await dialog.getByTestId('field-email').fill(ADMIN.email);
  await dialog.getByTestId('field-employeeNo').fill('E2001');
  await dialog.getByTestId('field-password').fill('staff-pass-1');
  await dialog.getByTestId('field-passwordAgain').fill('staff-pass-1');
  await dialog.getByTestId('save-person').click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText('That e-mail is already used by someone else.');
  await expect(dialog.getByTestId('field-name')).toHaveValue('Li Lei');
  await expect(dialog.getByTestId('field-employeeNo')).toHaveValue('E2001');
  await dialog.getByTestId('field-email').fill('li.lei@example.com');
  await dialog.getByTestId('save-person').click();
  await expect(dialog).toBeHidden();
  const row = page.locator('.ant-table-row', { hasText: 'Li Lei' });
  await expect(row).toContainText('Hotline team');
  await expect(row).toContainText('Staff');
  await page.screenshot({ path: 'test-results/shell-people-en.png' });

  // Staff member signs in and sees only their own area.
  await page.getByTestId('sign-out').click();
  await signIn(page, 'li.lei@example.com', 'wrong-password');
  await expect(page.getByTestId('sign-in-error')).toContainText('The password is not right');
  await signIn(page, 'E2001', 'staff-pass-1');
  await expect(page.getByTestId('signed-in-as')).toContainText('Li Lei (Staff)');
  const nav = page.getByTestId('nav');
  await expect(nav.getByRole('menuitem')).toHaveText(['Home', 'Tickets', 'Calls', 'Corrective actions', 'My scores', 'Settings']);
  await expect(page.getByTestId('nav-people')).toHaveCount(0);
  // Typing the admin page's address does not open it either.
  await page.goto('/#/people');
  await expect(page.getByTestId('page-title')).toHaveText('Home');
  await page.getByTestId('nav-my-scores').click();
  await expect(page.getByTestId('page-my-scores')).toBeVisible();
  await page.screenshot({ path: 'test-results/shell-staff-en.png' });

  // Switch to simplified Chinese; the choice survives a reload.
  await choose(page, 'language-select', '简体中文');
  await expect(nav.getByRole('menuitem')).toHaveText(['首页', '工单', '通话录音', '整改措施', '我的成绩', '设置']);
  await expect(page.getByTestId('signed-in-as')).toContainText('Li Lei（员工）');
  await page.reload();
  await expect(page.getByTestId('page-title')).toHaveText('我的成绩');
  await page.screenshot({ path: 'test-results/shell-staff-zh-CN.png' });

  // The admin's shell in Chinese.
  await page.getByTestId('sign-out').click();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByTestId('nav-people').click();
  await expect(page.getByTestId('page-title')).toHaveText('人员与团队');
  await page.screenshot({ path: 'test-results/shell-people-zh-CN.png' });
});
