// A call imported on one team workstation plays on another through the department's recording share, mounted at a
// different path on each (issue 19, item 1), through the window in zh-CN: the first supervisor imports the share's
// folder; the second supervisor's workstation shows the waveform from the replicated peaks at once, says where to
// set the share until it is set, and plays the call once it is.
import 'fake-indexeddb/auto';
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zh from '@renderer/locales/zh-CN.json';
import { startTeamServer, type TeamServer } from '../../pg/team';
import { personRecord, seedDepartment, TEAM_PW, uuid, type Department } from '../../pg/teamConsoles';
import { pcm16Wav, synthSpeech } from '../../fixtures/audioFiles';
import { queueChooser } from './helpers';
import { signedInAt } from './teamHelpers';

let server: TeamServer;
const root = mkdtempSync(join(tmpdir(), 'qa-e2e-share-'));
const share = join(root, 'recordings');
const elsewhere = join(root, 'mnt-recordings');

test.beforeAll(async () => {
  server = await startTeamServer();
  await seedDepartment({ ...server.config, tls: 'disable' }, server.admin.password, {
    teams: [],
    people: [personRecord(uuid(10), 'supervisor', 'S010', null, { name: '李娜' }), personRecord(uuid(13), 'supervisor', 'S013', null, { name: '赵敏' })] as Department['people'],
  });
  mkdirSync(join(share, '2026-11'), { recursive: true });
  writeFileSync(join(share, '2026-11', 'call-0930.wav'), pcm16Wav(synthSpeech(20, 8000, 3), 8000));
  symlinkSync(share, elsewhere);
});

test.afterAll(async () => {
  await server?.destroy();
});

test('imported from the share on one workstation, played on another through its own mount', async ({ browser }) => {
  const a = await signedInAt(browser, server, 'S010', TEAM_PW);
  await a.getByTestId('nav-settings').click();
  await a.getByTestId('recording-share-path').fill(share);
  await a.getByTestId('recording-share-save').click();
  await expect(a.getByTestId('recording-share-current')).toContainText(share);
  await a.getByTestId('nav-import').click();
  await a.getByTestId('tab-recordings').click();
  await queueChooser(a, [join(share, '2026-11')]);
  await a.getByTestId('choose-folder').click();
  await a.getByTestId('start-recordings').click();
  await expect(a.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await expect(a.getByTestId('count-created')).toContainText('1');
  await expect(a.getByTestId('team-status')).toHaveAttribute('data-status', 'online');

  const b = await signedInAt(browser, server, 'S013', TEAM_PW);
  await b.getByTestId('nav-calls').click();
  await b.getByTestId('call-table').locator('.ant-table-row').first().click({ timeout: 30_000 });
  // The waveform is the replicated peaks; the audio needs the share, and the console says where to set it.
  await expect(b.getByTestId('file-problem')).toContainText(zh.team.errors.noShare);
  await expect(b.getByTestId('waveform')).toBeAttached();
  await b.keyboard.press('Escape');
  await b.getByTestId('nav-settings').click();
  await b.getByTestId('recording-share-path').fill(join(root, 'no-such-mount'));
  await b.getByTestId('recording-share-save').click();
  await expect(b.getByTestId('recording-share')).toContainText(zh.team.errors.shareNotFolder);
  await expect(b.getByTestId('recording-share-path')).toHaveValue(join(root, 'no-such-mount'));
  await b.getByTestId('recording-share-path').fill(elsewhere);
  await b.getByTestId('recording-share-save').click();
  await expect(b.getByTestId('recording-share-current')).toContainText(elsewhere);

  await b.getByTestId('nav-calls').click();
  await b.getByTestId('call-table').locator('.ant-table-row').first().click();
  await expect(b.getByTestId('file-problem')).toHaveCount(0);
  await b.getByTestId('play-pause').click();
  await expect(b.getByTestId('current-time')).not.toHaveText(/^0:00 \//, { timeout: 10_000 });
  await b.screenshot({ path: 'test-results/team-call-from-share-zh-CN.png' });
});

test('without a share: stored on the team server by its import, played on another workstation that has no share', async ({ browser }) => {
  const local = join(root, 'this-pc-only');
  mkdirSync(local, { recursive: true });
  writeFileSync(join(local, 'call-1015.wav'), pcm16Wav(synthSpeech(25, 8000, 4), 8000));
  const a = await signedInAt(browser, server, 'S010', TEAM_PW);
  await a.getByTestId('nav-settings').click();
  await expect(a.getByTestId('audio-on-server')).toHaveAttribute('aria-checked', 'false');
  await a.getByTestId('audio-on-server').click();
  await expect(a.getByText(zh.team.share.audioOn)).toBeVisible();
  await expect(a.getByTestId('audio-on-server')).toHaveAttribute('aria-checked', 'true');
  await a.getByTestId('nav-import').click();
  await a.getByTestId('tab-recordings').click();
  await queueChooser(a, [local]);
  await a.getByTestId('choose-folder').click();
  await a.getByTestId('start-recordings').click();
  await expect(a.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await expect(a.getByTestId('count-created')).toContainText('1');
  const stored = await server.cluster.query<{ n: string }>(`SELECT count(*) AS n FROM qa_console.recording_audio`, [], 'qa_team');
  expect(stored[0]!.n).toBe('1');

  const b = await signedInAt(browser, server, 'S013', TEAM_PW);
  await b.getByTestId('nav-calls').click();
  await b.getByTestId('call-table').locator('.ant-table-row', { hasText: 'call-1015' }).click({ timeout: 30_000 });
  await expect(b.getByTestId('waveform')).toBeAttached();
  await expect(b.getByTestId('file-problem')).toHaveCount(0, { timeout: 15_000 });
  await b.getByTestId('play-pause').click();
  await expect(b.getByTestId('current-time')).not.toHaveText(/^0:00 \//, { timeout: 10_000 });
  await b.screenshot({ path: 'test-results/team-call-from-server-zh-CN.png' });
});
