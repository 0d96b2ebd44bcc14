// Issue 16, items 7 and 8: recordings whose names carry the agent, the start and the leg (as recorders write them)
// import with those facts, and the agent and caller legs of one call become one stereo call; split and join again
// by hand from the calls list. Real public recordings (the two legs of one acted support call).
import { expect, test } from '@playwright/test';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedData, withoutSharedData } from '../../sharedData';
import { choose, createAdmin, startEmpty } from './helpers';

test.use({ timezoneId: 'Asia/Shanghai' });
test.skip(withoutSharedData('web E2E joining call legs (public recordings)'), 'needs the public recordings in ../shared/data (or QA_SHARED_DATA); CI has them and runs this');

test('file names fill agent and start; the two legs become one call with a waveform per side; split and join by hand', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'qa-legs-e2e-'));
  const stem = 'AGENT_A0001_DT_2026-11-19T10-15-00';
  for (const side of ['agent', 'caller']) copyFileSync(sharedData('audio', `Auto_Repairs_40_UTC_${side}.wav`), join(dir, `${stem}_${side}.wav`));
  copyFileSync(sharedData('audio', 'whatstheweatherlike-mulaw.wav'), join(dir, 'greeting.wav'));

  await createAdmin(page);
  await startEmpty(page);
  await page.getByTestId('nav-import').click();
  await page.getByTestId('tab-recordings').click();
  await page.getByTestId('recording-path').fill(dir);
  await page.getByTestId('add-path').click();
  await expect(page.getByTestId('scan-summary')).toContainText('Found 3 audio files');

  // The names' shape is recognised; one click takes it.
  const card = page.getByTestId('name-pattern-card');
  await expect(card.getByTestId('suggested-pattern')).toHaveText('AGENT_{agent}_DT_{start}_{leg}');
  await card.getByTestId('use-suggested-pattern').click();
  await expect(card.getByTestId('name-summary')).toContainText('2 of 3 file names follow the pattern');
  const preview = card.getByTestId('name-preview');
  await expect(preview.locator('tr', { hasText: `${stem}_agent.wav` })).toContainText('Wang Fang');
  await expect(preview.locator('tr', { hasText: `${stem}_agent.wav` })).toContainText('10:15');
  await expect(preview.locator('tr', { hasText: `${stem}_caller.wav` })).toContainText('caller leg');
  await expect(card.getByTestId('issue-table')).toContainText('greeting.wav');
  await expect(card.getByTestId('issue-table')).toContainText('does not follow the pattern');

  // A typo is named where it is, and nothing is imported with a pattern that cannot read.
  await card.getByTestId('name-pattern').fill('AGENT_{agnet}_DT_{start}_{leg}');
  await expect(card.getByTestId('name-pattern-error')).toContainText('{agnet} at character 7 is not a placeholder');
  await expect(page.getByTestId('start-recordings')).toBeDisabled();
  await card.getByTestId('use-suggested-pattern').click();
  await expect(page.getByTestId('join-legs')).toBeChecked();
  await page.screenshot({ path: 'test-results/call-legs-import-en.png', fullPage: true });
  await choose(page, 'language-select', '简体中文');
  await expect(card.getByTestId('name-summary')).toContainText('3 个文件名中有 2 个符合格式');
  await page.screenshot({ path: 'test-results/call-legs-import-zh-CN.png', fullPage: true });
  await choose(page, 'language-select', 'English');

  await page.getByTestId('start-recordings').click();
  await expect(page.getByTestId('legs-joined')).toContainText('1 call joined from its two legs', { timeout: 60_000 });
  await expect(page.getByTestId('recording-import').getByTestId('count-created')).toContainText('3');

  // One call for the two legs, with the agent and the start from the names (not "file time").
  await page.getByTestId('nav-calls').click();
  await expect(page.getByTestId('call-count')).toHaveText('2 of 2 calls');
  const rows = page.getByTestId('call-table').locator('.ant-table-row');
  const joined = rows.filter({ hasText: `${stem}_agent.wav + ${stem}_caller.wav` });
  await expect(joined).toContainText('Wang Fang');
  await expect(joined).toContainText('2026-11-19');
  await joined.click();
  const drawer = page.getByTestId('call-drawer');
  await expect(drawer.getByTestId('joined-legs')).toBeVisible();
  await expect(drawer.getByTestId('file-time')).toHaveCount(0);
  await expect(page.getByTestId('current-time')).toContainText('/ 4:05');
  const split = page.getByTestId('split-channels');
  if (!(await split.isChecked())) await split.click();
  await expect(page.getByTestId('channel-legend')).toHaveText('Top: agent leg (blue) · bottom: caller leg (green)');
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('current-time')).not.toHaveText(/^0:00 \//, { timeout: 10_000 });
  await page.getByTestId('play-pause').click();
  await page.screenshot({ path: 'test-results/call-legs-drawer-en.png' });

  // Split: the legs come back; the call is gone.
  await drawer.getByTestId('split-call').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: 'Split into legs' }).click();
  await expect(page.getByText('The call is split into its two legs again.')).toBeVisible();
  await expect(page.getByTestId('call-count')).toHaveText('3 of 3 calls');

  // A leg and an unrelated recording are not one call: refused, saying why; nothing changes.
  const leg = (side: string) => rows.filter({ hasText: `${stem}_${side}.wav` });
  await leg('caller').locator('.ant-checkbox-input').check();
  await rows.filter({ hasText: 'greeting.wav' }).locator('.ant-checkbox-input').check();
  await page.getByTestId('join-calls').click();
  const modal = page.getByRole('dialog', { name: 'Join two legs into one call' });
  await modal.getByRole('button', { name: 'Join' }).click();
  await expect(modal.getByTestId('join-error')).toContainText('different sample rates');
  await modal.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('call-count')).toHaveText('3 of 3 calls');

  // By hand: the two legs selected, the agent's leg recognised by its name.
  await rows.filter({ hasText: 'greeting.wav' }).locator('.ant-checkbox-input').uncheck();
  await leg('agent').locator('.ant-checkbox-input').check();
  await page.getByTestId('join-calls').click();
  await expect(modal.getByRole('radio', { name: `${stem}_agent.wav` })).toBeChecked();
  await modal.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Joined into one call.')).toBeVisible();
  await expect(page.getByTestId('call-count')).toHaveText('2 of 2 calls');
});
