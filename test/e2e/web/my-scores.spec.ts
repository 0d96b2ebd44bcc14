import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { ADMIN, addTeam, choose, createAdmin, importTicketFile, publishTemplate, signIn } from './helpers';

const FIX = join(__dirname, '..', '..', 'fixtures');

async function scoreTicket(page: Page, subject: string, keys: string[]) {
  await page.getByTestId('nav-tickets').click();
  await page.getByTestId('ticket-table').locator('.ant-table-row', { hasText: subject }).click();
  await page.getByTestId('score-item').click();
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  for (const k of keys) await page.keyboard.press(k);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('review-done')).toBeVisible();
}

test('staff acknowledge one evaluation and dispute another; the supervisor adjusts it with a reply; history and audit show each step', async ({ page }) => {
  await createAdmin(page);
  await page.getByTestId('start-empty').click();
  await addTeam(page, 'Tier 1');
  await page.getByTestId('add-person').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('field-name').fill('Li Na');
  await dialog.getByTestId('field-email').fill('li.na@example.com');
  await dialog.getByTestId('field-employeeNo').fill('E1001');
  await dialog.getByTestId('field-password').fill('staff-pass-1');
  await dialog.getByTestId('field-passwordAgain').fill('staff-pass-1');
  await dialog.getByTestId('save-person').click();
  await expect(dialog).toBeHidden();

  await publishTemplate(page, 'template-ticket-handling-en', 'Ticket handling');
  await importTicketFile(page, join(FIX, 'tickets', 'freshdesk-export.csv'), '5');

  await scoreTicket(page, 'Cannot log in', ['1', '3', '4', '4', '4', '1']);
  await scoreTicket(page, 'How do I add a user', ['1', '3', '4', '4', '2', '0']);

  // Li Na sees her two evaluations and nobody else's; acknowledges one, disputes the other.
  await page.getByTestId('sign-out').click();
  await signIn(page, 'li.na@example.com', 'staff-pass-1');
  await page.getByTestId('nav-my-scores').click();
  await expect(page.getByTestId('my-evaluation-list').locator('.ant-table-row')).toHaveCount(2);
  await expect(page.getByTestId('pending-ack')).toContainText('2');
  await expect(page.getByTestId('trend')).toBeVisible();
  await page.getByTestId('my-evaluation-list').locator('.ant-table-row', { hasText: '100.0' }).click();
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('evaluation-view')).toContainText('acknowledged');
  await page.keyboard.press('Escape');
  await page.getByTestId('my-evaluation-list').locator('.ant-table-row', { hasText: 'fail' }).first().click();
  const scoreBefore = await page.getByTestId('evaluation-score').textContent();
  await page.getByTestId('dispute').click();
  await choose(page, 'dispute-criterion', 'Closure confirmed with the customer');
  await choose(page, 'dispute-level', 'Yes');
  await page.getByTestId('dispute-reason').fill('The customer confirmed by phone before I closed it; see the call on 3 March.');
  await page.getByTestId('dispute-add').click();
  await choose(page, 'dispute-criterion-1', 'Clarity of writing');
  await choose(page, 'dispute-level-1', '4 / 4');
  await page.getByTestId('dispute-reason-1').fill('The steps were numbered and the customer followed them.');
  await page.getByTestId('send-dispute').click();
  await expect(page.getByTestId('evaluation-history')).toContainText('disputed; answer due');
  await page.screenshot({ path: 'test-results/my-scores-dispute-en.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('open-disputes')).toContainText('1');
  await page.screenshot({ path: 'test-results/my-scores-en.png' });

  // The supervisor (admin here) adjusts with a reply; the change is a revision with the reason.
  await page.getByTestId('sign-out').click();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByTestId('nav-review').click();
  await expect(page.getByTestId('disputes')).toContainText('Li Na');
  await page.getByTestId('disputes').locator('.ant-table-row').first().click();
  await page.getByTestId('dispute-outcome').getByText('Adjust').click();
  await page.getByTestId('dispute-reply').fill('Confirmed in the call log: adjusted to yes.');
  await page.getByTestId('resolve-dispute').click();
  await expect(page.getByTestId('disputes')).toHaveCount(0);
  // Both disputed criteria adjusted: 100.0 now, and the latest change in the reviewer's list.
  await page.getByTestId('my-evaluations').locator('.ant-table-row').first().click();
  await expect(page.getByTestId('evaluation-score')).toHaveText('100.0');
  await expect(page.getByTestId('evaluation-history')).toContainText('Confirmed in the call log');
  await expect(page.getByTestId('evaluation-history')).toContainText(`was ${scoreBefore}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('verify-audit').click();
  await expect(page.getByTestId('audit-result')).toContainText('Audit chain intact');

  // Li Na sees the outcome, in Chinese too.
  await page.getByTestId('sign-out').click();
  await signIn(page, 'li.na@example.com', 'staff-pass-1');
  await page.getByTestId('nav-my-scores').click();
  await expect(page.getByTestId('open-disputes')).toContainText('0');
  await expect(page.getByTestId('my-average')).toContainText('100.0');
  await choose(page, 'language-select', '简体中文');
  await expect(page.getByTestId('trend')).toContainText('团队平均');
  await page.screenshot({ path: 'test-results/my-scores-zh-CN.png' });
});
