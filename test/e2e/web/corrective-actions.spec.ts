// Corrective actions on the demo workspace, for all three roles: a supervisor scores a ticket below standard and
// raises an action from the result (prefilled with the failed criteria); the team lead is told (notification
// centre and desktop), starts it and extends the deadline with a reason; the staff member acknowledges and
// comments; the clock is moved past the deadline (Playwright's clock: no waiting) and the lead sees it overdue,
// then three days later it escalates to the supervisor; the lead sends it to verification and requests two
// follow-ups, which the supervisor scores from the queue; the lead closes it as effective; the filtered list
// exports to CSV and XLSX that hold the row.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readSourceFile } from '../../../src-renderer/src/workers/sourceFile';
import { choose, clickUntilGone, loadDemo, queueSave, switchTo, testControls } from './helpers';

/** The desktop notifications the page asked main (here: the browser host) to show, through the contract. */
async function desktopNotifications(page: Page): Promise<{ title: string; body: string }[]> {
  return (await page.request.get('/__qa/test/notifications', { headers: testControls() })).json();
}

/** The one corrective action's deadline, read from the store. */
async function storedDueAt(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const open = indexedDB.open('qa-console');
    const db: IDBDatabase = await new Promise((ok) => (open.onsuccess = () => ok(open.result)));
    const all = await new Promise<{ dueAt: string }[]>((ok) => { const r = db.transaction('correctiveActions').objectStore('correctiveActions').getAll(); r.onsuccess = () => ok(r.result as { dueAt: string }[]); });
    db.close();
    return Date.parse(all[0]!.dueAt);
  });
}

/** The digest shown at the first sign-in of a day: check a section names the action, then close it. */
async function seeDigest(page: Page, section: string, title: RegExp) {
  const digest = page.getByTestId('digest');
  await expect(digest.getByTestId(`digest-${section}`)).toContainText(title);
  await page.getByTestId('digest-close').click();
  await expect(page.getByRole('dialog', { name: 'Corrective actions this week' })).toBeHidden();
}

/** Opens the notification centre and follows the notification of this kind to its action. */
async function followNotification(page: Page, kind: string) {
  await page.getByTestId('notifications').click();
  await page.getByTestId(`notification-${kind}`).first().click();
  await expect(page.getByTestId('action-drawer')).toBeVisible();
}

/** A staff member whose team has a lead, and that lead (read from the stored people and teams). */
async function staffWithLead(page: Page): Promise<{ staff: { name: string; email: string }; lead: { name: string; email: string } }> {
  return page.evaluate(async () => {
    const open = indexedDB.open('qa-console');
    const db: IDBDatabase = await new Promise((ok) => (open.onsuccess = () => ok(open.result)));
    const get = <T,>(store: string) => new Promise<T[]>((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result as T[]); });
    const people = await get<{ id: string; name: string; email: string; role: string; teamId: string | null }>('people');
    const teams = await get<{ id: string; leadId: string | null }>('teams');
    db.close();
    const team = teams.find((t) => t.leadId)!;
    const staff = people.find((p) => p.role === 'staff' && p.teamId === team.id)!;
    const lead = people.find((p) => p.id === team.leadId)!;
    return { staff: { name: staff.name, email: staff.email }, lead: { name: lead.name, email: lead.email } };
  });
}

async function scoreTicketOf(page: Page, agent: string, keys: string[]) {
  await page.getByTestId('nav-tickets').click();
  // The filter is kept between visits (a multiple choice: choosing the agent again would remove them).
  if (!((await page.getByTestId('filter-agent').textContent()) ?? '').includes(agent)) await choose(page, 'filter-agent', agent);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // The list filters off the main path: wait until it holds only this agent's tickets.
  const rows = page.getByTestId('ticket-table').locator('.ant-table-row');
  await expect(async () => {
    const texts = await rows.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const x of texts) expect(x).toContain(agent);
  }).toPass();
  await rows.filter({ has: page.getByTestId('unscored') }).first().click();
  await page.getByTestId('score-item').click();
  await expect(page.getByTestId('review-agent')).toContainText(agent);
  await scoreOpenTicket(page, keys);
}

/** Scores the ticket open in the review workspace with these keys and submits it. */
async function scoreOpenTicket(page: Page, keys: string[]) {
  await expect(page.getByTestId('review-ticket')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  for (const k of keys) await page.keyboard.press(k);
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('review-done')).toBeVisible();
}

async function openAction(page: Page, title: RegExp) {
  await page.getByTestId('nav-corrective-actions').click();
  await page.getByTestId('action-table').locator('.ant-table-row', { hasText: title }).first().click();
  await expect(page.getByTestId('action-drawer')).toBeVisible();
}

test('a corrective action from a failed evaluation to an effective close, with reminders, escalation and follow-ups, for all three roles', async ({ page }) => {
  test.setTimeout(420_000);
  // The console's clock is Playwright's: it runs as usual and is moved forward below instead of waited for.
  await page.clock.install();
  const supervisor = await loadDemo(page);
  const { staff, lead } = await staffWithLead(page);
  // This workstation does not lock when idle, nor back up on a schedule: moving the clock by weeks would lock it
  // and start a backup of the whole demo workspace in the middle of a sign-in (which then waits several seconds).
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('setting-idleLockMinutes').fill('0');
  await page.getByTestId('setting-idleLockMinutes').blur();
  await expect(page.getByText('Settings saved').first()).toBeVisible();
  await page.getByTestId('setting-backupIntervalHours').fill('0');
  await page.getByTestId('setting-backupIntervalHours').blur();
  await switchTo(page, supervisor);

  // Written replies unclear (2 of 4) and closed without the customer's confirmation: below standard.
  await scoreTicketOf(page, staff.name, ['1', '3', '4', '4', '2', '0']);
  await page.getByTestId('raise-action').click();
  const form = page.getByTestId('action-form');
  await expect(page.getByTestId('action-from-evaluation')).toBeVisible();
  await expect(page.getByTestId('action-title')).toHaveValue(/书面表达/);
  await expect(page.getByTestId('action-targets')).toContainText('与客户确认后结单');
  // Nothing said about what must change: refused on the field, the rest kept.
  await page.getByTestId('action-plan').fill('');
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  await expect(form.locator('.ant-form-item-has-error')).toContainText('Say what must change');
  await expect(page.getByTestId('action-title')).toHaveValue(/书面表达/);
  await page.getByTestId('action-plan').fill('Write replies in short steps; confirm with the customer before closing.');
  await choose(page, 'action-root-causes', 'Communication skill');
  await page.keyboard.press('Escape');
  await page.getByTestId('action-attachments').locator('input').fill('D:\\QA\\coaching\\reply-template.docx');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  const drawer = page.getByTestId('action-drawer');
  await expect(drawer).toContainText('Open');
  await expect(drawer).toContainText(lead.name);
  await expect(page.getByTestId('action-attachments-list')).toContainText('reply-template.docx');
  await page.screenshot({ path: 'test-results/corrective-action-new-en.png' });

  // The team lead is told at sign-in, in the notification centre and on the desktop; starts it and extends the
  // deadline a week, with a reason.
  await switchTo(page, lead.email);
  await expect(page.getByTestId('notification-count')).toContainText('1');
  await followNotification(page, 'assigned');
  await expect(drawer).toContainText(/书面表达/);
  await expect.poll(async () => (await desktopNotifications(page)).map((n) => n.title)).toContain('Corrective action for you');
  await page.getByTestId('action-start').click();
  await expect(drawer).toContainText('In progress');
  await page.getByTestId('action-extend').click();
  await page.getByTestId('ask-reason').fill('Writing course starts next week');
  await page.getByRole('dialog').last().getByRole('button', { name: 'OK' }).click();
  await expect(page.getByTestId('action-history')).toContainText('Writing course starts next week');
  await expect(drawer).toContainText('extended 1×');

  // The staff member sees only their own, acknowledges and answers.
  await switchTo(page, staff.email);
  await openAction(page, /书面表达/);
  await expect(page.getByTestId('action-start')).toHaveCount(0);
  await page.getByTestId('action-acknowledge').click();
  await expect(drawer).not.toContainText('not acknowledged');
  await page.getByTestId('action-comment').fill('Understood: I will use the reply template.');
  await page.getByTestId('action-comment-send').click();
  await expect(page.getByTestId('action-history')).toContainText('reply template');

  // An hour past the (extended) deadline: the lead's digest and notification say it is overdue.
  const due = await storedDueAt(page);
  await page.clock.fastForward(due - (await page.evaluate(() => Date.now())) + 3_600_000);
  // The staff member, still signed in and working in the action's drawer, is told at the next check, but the digest
  // waits until the drawer is closed (issue 16, item 20): it never opens over it, and the drawer stays usable.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('digest')).toHaveCount(0);
  await page.getByTestId('action-comment').fill('Still on it.');
  await expect(page.getByTestId('action-comment')).toHaveValue('Still on it.');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await seeDigest(page, 'overdue', /书面表达/);
  await switchTo(page, lead.email);
  // The digest is a panel, not a modal: the page behind it takes clicks while it is shown.
  await expect(page.getByTestId('digest')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('page-title')).toHaveText('Settings');
  await page.getByTestId('nav-corrective-actions').click();
  await seeDigest(page, 'overdue', /书面表达/);
  await followNotification(page, 'overdue');
  await expect(page.getByTestId('action-overdue')).toBeVisible();
  await expect.poll(async () => (await desktopNotifications(page)).map((n) => n.title)).toContain('Overdue');
  await page.screenshot({ path: 'test-results/corrective-action-overdue-en.png' });

  // Three days on, still not done: escalated to the quality supervisor (digest, centre, desktop).
  await page.clock.fastForward(3 * 86_400_000);
  // The lead, still signed in, gets the new day's digest at the next check, once out of the action's drawer.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await seeDigest(page, 'overdue', /书面表达/);
  await switchTo(page, supervisor);
  await seeDigest(page, 'escalated', /书面表达/);
  await followNotification(page, 'escalated');
  await expect.poll(async () => (await desktopNotifications(page)).filter((n) => n.title === 'Escalated').length).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('count-overdue')).toContainText('1');

  // The lead (told too) reports the work done and asks for two follow-ups now, scored by the supervisor.
  await switchTo(page, lead.email);
  await followNotification(page, 'escalated');
  await page.getByTestId('action-request-verification').click();
  await expect(page.getByTestId('action-verdict')).toContainText('Waiting for follow-up evaluations');
  await page.getByTestId('action-request-follow-ups').click();
  await expect(page.getByTestId('follow-up-reviewer')).toContainText(/Supervisor|supervisor/i);
  await clickUntilGone(page, page.getByTestId('follow-up-request').getByRole('button', { name: 'Request' }));
  await expect(page.getByTestId('action-follow-up-items').locator('.ant-table-row')).toHaveCount(2);
  // Each names the ticket (number · subject) and its reviewer.
  for (const row of await page.getByTestId('action-follow-up-items').locator('.ant-table-row').all()) await expect(row).toContainText(/\S+ · \S+/);
  await expect(page.getByTestId('action-history')).toContainText('2 follow-up item(s) requested');

  // The supervisor's queue holds them, tagged; both scored with full marks.
  await switchTo(page, supervisor);
  await page.getByTestId('nav-review').click();
  // In their own section (issue 16, item 19), under the action, with their progress.
  const followUps = page.getByTestId('follow-up-table').locator('.ant-table-row', { hasText: 'follow-up of a corrective action' });
  await expect(followUps).toHaveCount(2);
  const progress = page.getByTestId('follow-up-progress');
  await expect(progress).toContainText(/书面表达.*\(.+\) · 0 of 2 scored · verification needs 2 passing follow-ups/);
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('nav-review').click();
    await followUps.filter({ hasText: 'to do' }).first().getByTestId('open-assignment').click();
    await scoreOpenTicket(page, ['1', '3', '4', '4', '4', '1']);
  }
  await page.getByTestId('nav-review').click();
  await expect(progress).toContainText('2 of 2 scored');

  // The lead sees them pass and closes the action as effective.
  await switchTo(page, lead.email);
  await openAction(page, /书面表达/);
  await expect(page.getByTestId('action-verdict')).toContainText('effective');
  await expect(page.getByTestId('action-verification')).toContainText('2/2');
  await expect(page.getByTestId('action-follow-up-items')).not.toContainText('to do');
  await page.screenshot({ path: 'test-results/corrective-action-verified-en.png' });
  await page.getByTestId('action-close-effective').click();
  await expect(drawer).toContainText('Closed: effective');
  await page.keyboard.press('Escape');
  await page.getByTestId('filter-status').locator('.ant-select-clear').click({ force: true });
  await expect(page.getByTestId('action-table')).toContainText('Closed: effective');
  await expect(page.getByTestId('rate-effective')).toContainText('100 %');
  await expect(page.getByTestId('rates-by-team').locator('.ant-table-row')).toContainText(['100 %']);
  await page.getByRole('tab', { name: 'By person' }).click();
  await expect(page.getByTestId('rates-by-person').locator('.ant-table-row', { hasText: staff.name })).toContainText('100 %');

  // The board shows it under Closed; the list exports to CSV and XLSX, which hold the row.
  await page.getByTestId('action-view').getByText('Board').click();
  await expect(page.getByTestId('board-closed')).toContainText(/书面表达/);
  await page.getByTestId('action-view').getByText('List').click();
  const out = mkdtempSync(join(tmpdir(), 'qa-export-'));
  for (const format of ['csv', 'xlsx'] as const) {
    const path = join(out, `actions.${format}`);
    await queueSave(page, path);
    await page.getByTestId('export-actions').hover();
    await page.getByTestId(`export-${format}`).click();
    await expect(page.getByText(`Saved to ${path} (1 row)`)).toBeVisible();
    const { table } = await readSourceFile(new Uint8Array(readFileSync(path)), path);
    const row = table.rows.find((r) => r[0]!.includes('书面表达'))!;
    expect(row).toBeDefined();
    expect(row[table.header.indexOf('Staff member')]).toBe(staff.name);
    expect(row[table.header.indexOf('Status')]).toBe('Closed: effective');
    expect(row[table.header.indexOf('Extensions')]).toBe('1');
  }
});
