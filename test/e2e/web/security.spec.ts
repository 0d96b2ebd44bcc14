// The boundaries as a user meets them, through the real host and main's handlers: main holds the session (a reload
// keeps it, signing out ends it), a staff session cannot make main back up, sign, scan or read the sync settings
// even when the page's own code asks, and the saved database password does not follow an edited host (zh-CN).
import { expect, test, type Page } from '@playwright/test';
import { addTeam, choose, createAdmin, settled, signIn, startEmpty } from './helpers';

type Reply = { ok: boolean; error?: { code: string; message: string } };
/** What the page's own code can ask main for: window.qa, as any script in the page could call it. */
const call = (page: Page, method: string, input: unknown) =>
  page.evaluate(([m, i]) => (window.qa as unknown as Record<string, (x: unknown) => Promise<unknown>>)[m as string]!(i), [method, input] as const) as Promise<Reply>;

test('main decides: a reload keeps the session, sign-out ends it, staff are refused what they may not do, the saved password stays with its server', async ({ page }) => {
  // Before anyone exists the first-run screen can be switched to Chinese, and the choice survives a reload.
  await page.goto('/');
  await choose(page, 'language-before-sign-in', '简体中文');
  await expect(page.getByTestId('first-run')).toContainText('欢迎使用质检控制台');
  await page.reload();
  await expect(page.getByTestId('first-run')).toContainText('欢迎使用质检控制台');
  await settled(page);
  await page.screenshot({ path: 'test-results/first-run-zh-CN.png' });
  await choose(page, 'language-before-sign-in', 'English');
  await expect(page.getByTestId('first-run')).toContainText('Welcome to QA Console');
  await createAdmin(page);
  await startEmpty(page);
  await addTeam(page, 'Hotline team');
  await page.getByTestId('add-person').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('field-name').fill('Li Lei');
  await dialog.getByTestId('field-email').fill('li.lei@example.com');
  await dialog.getByTestId('field-employeeNo').fill('E2001');
  await dialog.getByTestId('field-password').fill('staff-pass-1');
  await dialog.getByTestId('field-passwordAgain').fill('staff-pass-1');
  await dialog.getByTestId('save-person').click();
  await expect(dialog).toBeHidden();

  // The admin's session is main's: it answers for it, and a reload keeps it (no second sign-in).
  expect(await call(page, 'listBackups', {})).toMatchObject({ ok: true });
  await page.reload();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  expect(await call(page, 'accountsState', {})).toMatchObject({ ok: true, value: { session: { role: 'admin' } } });

  // In Chinese: the appraisal database saved with a password; the host edited; the saved password is not sent.
  await choose(page, 'language-select', '简体中文');
  await page.getByTestId('nav-settings').click();
  const db = page.getByTestId('appraisal-db');
  await db.getByTestId('db-host').fill('127.0.0.1');
  await db.getByTestId('db-port').fill('9');
  await db.getByTestId('db-name').fill('appraisal');
  await db.getByTestId('db-user').fill('qa_console');
  await choose(page, 'db-tls', '关闭（仅限内网）');
  await db.getByTestId('db-password').fill('the-saved-secret');
  await db.getByTestId('db-save').click();
  await expect(db).toContainText('已保存密码（加密，仅用于此服务器）');
  await db.getByTestId('db-host').fill('db.example.net');
  await db.getByTestId('db-test').click();
  await expect(db.locator('.ant-form-item-has-error')).toContainText('保存的密码只会发送到保存它时的服务器：修改主机、端口、数据库、用户或 TLS 后须重新输入。');
  await expect(db.getByTestId('db-host')).toHaveValue('db.example.net');
  await expect(db.getByTestId('db-name')).toHaveValue('appraisal');
  // Said once, at the field (not again in a banner).
  await expect(db.getByTestId('db-error')).toHaveCount(0);
  await settled(page);
  await db.screenshot({ path: 'test-results/security-db-password-zh-CN.png' });

  // Signing out ends main's session: the page's code gets nothing for it.
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
  expect(await call(page, 'listBackups', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // A staff member's session: the page's own code asking main for what staff may not do is refused by main.
  await signIn(page, 'E2001', 'staff-pass-1');
  await expect(page.getByTestId('signed-in-as')).toContainText('Li Lei');
  const refusals = {
    writeBackup: { content: '{"stolen":true}', kind: 'manual', keep: 1 },
    listBackups: {},
    getSyncSettings: {},
    testSyncConnection: {},
    signAppraisalRecords: { records: [{ contentHash: '0'.repeat(64), content: {} }] },
    scanMediaPaths: { paths: ['/etc'], typed: true },
    writeDemoRecordings: { recordings: [] },
    putAccounts: { accounts: [{ personId: 'x', role: 'admin', active: true }], replace: false },
  };
  for (const [method, input] of Object.entries(refusals)) expect(await call(page, method, input), method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  // What staff use still works.
  expect(await call(page, 'appInfo', {})).toMatchObject({ ok: true });
  expect(await call(page, 'accountsState', {})).toMatchObject({ ok: true, value: { session: { role: 'staff' } } });
});
