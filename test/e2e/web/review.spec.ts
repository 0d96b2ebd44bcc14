import { expect, test, type Page } from '@playwright/test';
import { SHARED_DATA, withoutSharedData } from '../../sharedData';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choose, clickUntilGone, createAdmin, importTicketFile, publishTemplate, startEmpty } from './helpers';
import { pcm16Samples, stereoPcm16Wav } from '../../fixtures/audioFiles';

const FIX = join(__dirname, '..', '..', 'fixtures');
const SHARED = SHARED_DATA;


test.skip(withoutSharedData('web E2E review of a stereo call made from the public legs'), 'needs the public recordings and transcripts in ../shared/data (or QA_SHARED_DATA); CI has them and runs this');
/** On opening, at 1440×900, every criterion is on screen: inside the scrolling list, above the comments. */
async function everyCriterionInView(page: Page) {
  await expect(page.getByTestId('criteria').locator('.qa-crit').first()).toBeVisible();
  const list = (await page.getByTestId('criteria').boundingBox())!;
  const comments = (await page.getByTestId('comments').boundingBox())!;
  expect(list.y + list.height).toBeLessThanOrEqual(comments.y + 1);
  expect(comments.y + comments.height).toBeLessThanOrEqual(900);
  for (const row of await page.getByTestId('scorecard').locator('.qa-crit').all()) {
    const b = (await row.boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(list.y - 1);
    expect(b.y + b.height).toBeLessThanOrEqual(list.y + list.height + 1);
  }
}

test('a supervisor scores a ticket and a call with the keyboard; a marked span becomes a comment; the draft survives a reload', async ({ page }) => {
  await createAdmin(page);
  await startEmpty(page);
  await publishTemplate(page, 'template-ticket-handling-en', 'Ticket handling');
  await publishTemplate(page, 'template-call-handling-en', 'Call handling');

  // Material to score: a helpdesk export and a real recording.
  await importTicketFile(page, join(FIX, 'tickets', 'freshdesk-export.csv'), '5');
  const dir = mkdtempSync(join(tmpdir(), 'qa-review-'));
  // A stereo call as many recorders store it: the real agent leg on the left, the caller leg on the right.
  const leg = (side: string) => pcm16Samples(readFileSync(join(SHARED, 'audio', `Auto_Repairs_40_UTC_${side}.wav`)));
  writeFileSync(join(dir, 'call-1.wav'), stereoPcm16Wav(leg('agent'), leg('caller'), 8000));
  await page.getByTestId('tab-recordings').click();
  await page.getByTestId('recording-path').fill(dir);
  await page.getByTestId('add-path').click();
  await page.getByTestId('start-recordings').click();
  await expect(page.getByTestId('recording-import').getByTestId('count-created')).toContainText('1');

  // Ticket: every criterion by keyboard, then Ctrl+Enter.
  await page.getByTestId('nav-tickets').click();
  await page.getByTestId('ticket-table').locator('.ant-table-row', { hasText: 'Cannot log in' }).click();
  await page.getByTestId('score-item').click();
  await expect(page.getByTestId('scorecard')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  await everyCriterionInView(page);
  // The outcome is provisional until every criterion is answered (issue 16, item 17).
  for (const k of ['1', '3', '4', '4', '4']) await page.keyboard.press(k);
  await expect(page.getByTestId('live-outcome')).toHaveText('so far: pass (5 of 6 answered)');
  await page.keyboard.press('1');
  await expect(page.getByTestId('live-outcome')).toHaveText('pass');
  await expect(page.getByTestId('live-score')).toHaveText('100.0');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Ctrl+Enter: submit');
  await page.screenshot({ path: 'test-results/review-import-ticket-en.png' });
  await page.keyboard.press('Escape');
  await choose(page, 'language-select', '简体中文');
  await expect(page.getByTestId('scorecard')).toContainText('草稿已保存');
  await page.screenshot({ path: 'test-results/review-import-ticket-zh-CN.png' });
  await choose(page, 'language-select', 'English');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // Nobody is assigned to this ticket (the export's agent is no one here): submitting says so first (issue 16,
  // item 6); Cancel keeps the draft, Submit anyway submits.
  await page.keyboard.press('Control+Enter');
  const unassigned = page.locator('.ant-modal-confirm', { hasText: 'No staff member is assigned to this item' });
  await expect(unassigned).toBeVisible();
  await unassigned.getByRole('button', { name: 'Cancel' }).click();
  await expect(unassigned).toHaveCount(0);
  await expect(page.getByTestId('scorecard')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await clickUntilGone(page, unassigned.getByRole('button', { name: 'Submit anyway' }));
  await expect(page.getByTestId('review-done')).toContainText('Submitted: 100.0');
  await page.getByTestId('back-to-queue').click();
  await expect(page.getByTestId('my-evaluations')).toContainText('submitted');

  // Call: mark a span on the waveform, comment it on a criterion; score by keyboard; reload; the draft is all there.
  await page.getByTestId('nav-calls').click();
  await page.getByTestId('call-table').locator('.ant-table-row').first().click();
  await page.getByTestId('score-item').click();
  await expect(page.getByTestId('review-call')).toBeVisible();
  await everyCriterionInView(page);
  const wave = page.getByTestId('waveform');
  await expect(wave.locator('div').first()).toBeAttached();
  // Stereo: one row per channel on request (and the choice is remembered); Shift+→ skips 30 s, the buttons too.
  const oneRow = (await wave.boundingBox())!.height;
  await page.getByTestId('split-channels').click();
  await expect(page.getByTestId('channel-legend')).toBeVisible();
  await expect.poll(async () => (await wave.boundingBox())!.height).toBeGreaterThan(oneRow + 8);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('current-time')).toHaveText(/^0:30 \//);
  await page.getByTestId('skip--5').click();
  await expect(page.getByTestId('current-time')).toHaveText(/^0:25 \//);
  await page.waitForTimeout(500);
  const box = (await wave.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('span-marked')).toBeVisible();
  await page.getByTestId('comment-text').fill('Did not verify the customer before changing the account');
  await page.getByTestId('add-comment').click();
  await expect(page.getByTestId('comment')).toContainText('Did not verify');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // The keyboard marks a span too: [ at the play head, ] at its end (the speed moved to < and >).
  await page.keyboard.press('[');
  await expect(page.getByTestId('span-start')).toContainText('0:25');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press(']');
  await expect(page.getByTestId('span-marked')).toContainText('0:25');
  await expect(page.getByTestId('span-marked')).toContainText('0:55');
  await expect(page.getByTestId('span-start')).toHaveCount(0);
  await page.getByTestId('comment-text').fill('Long hold without telling the customer');
  await page.getByTestId('add-comment').click();
  await expect(page.getByTestId('comment')).toHaveCount(2);
  await expect(page.getByTestId('comment').nth(1)).toContainText('0:25–0:55');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('>');
  await expect(page.getByTestId('rate')).toContainText('1.25×');
  await page.keyboard.press('<');
  await expect(page.getByTestId('rate')).toContainText('1×');
  for (const k of ['4', '5', '4', '3', '0']) await page.keyboard.press(k);
  // A critical failure decides the outcome before the rest is answered: final at once.
  await expect(page.getByTestId('live-outcome')).toHaveText('fail');
  // Policy failed (critical, fail-all): the score is 0 and the note is required before submitting.
  await expect(page.getByTestId('live-score')).toHaveText('0.0');
  await page.keyboard.press('Control+Enter');
  await clickUntilGone(page, unassigned.getByRole('button', { name: 'Submit anyway' }));
  await expect(page.getByTestId('criterion-policy')).toContainText('A failed critical criterion needs a note');
  await page.getByTestId('note-policy').fill('Changed the address without verifying identity');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.getByTestId('criterion-promises').click();
  for (const k of ['n', '4', '1']) await page.keyboard.press(k);
  // The last answer is on screen, and then on disk.
  await expect(page.getByTestId('criterion-attitude').getByRole('radio', { name: 'Yes' })).toBeChecked();
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');

  await page.reload();
  await expect(page.getByTestId('scorecard')).toBeVisible();
  await expect(page.getByTestId('live-score')).toHaveText('0.0');
  await expect(page.getByTestId('comment')).toHaveText([/Did not verify/, /Long hold/]);
  await expect(page.getByTestId('note-policy')).toHaveValue('Changed the address without verifying identity');
  await page.screenshot({ path: 'test-results/review-import-call-en.png' });
  await choose(page, 'language-select', '简体中文');
  await expect(page.getByTestId('scorecard')).toContainText('这个分数是怎么算的');
  await page.screenshot({ path: 'test-results/review-import-call-zh-CN.png' });
  await choose(page, 'language-select', 'English');
  await page.getByTestId('comment-time').first().click();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Enter');
  await clickUntilGone(page, unassigned.getByRole('button', { name: 'Submit anyway' }));
  await expect(page.getByTestId('review-done')).toContainText('Submitted: 0.0');
});
