// Electron E2E: the real app under Playwright's _electron. Runs only where an Electron binary exists
// (found by files, never by require('electron'), which would start a download here).
import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { methods } from '../../../src-main/contract';
import { fillFirstAdmin } from '../web/helpers';

const root = join(__dirname, '..', '..', '..');

function electronBinary(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return existsSync(join(override, 'electron')) ? join(override, 'electron') : null;
  const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const bin = electronBinary();
if (!bin) console.log('skipped: no Electron binary (node_modules/electron/path.txt or ELECTRON_OVERRIDE_DIST_PATH); the web E2E covers the renderer and services.');

test.describe('electron app', () => {
  // Electron's binary cannot be downloaded on the build machines; with one installed (npm install on a workstation,
  // or ELECTRON_OVERRIDE_DIST_PATH) this runs. The web E2E covers the renderer and the same service handlers.
  test.skip(!bin, 'skipped: no Electron binary (node_modules/electron/path.txt or ELECTRON_OVERRIDE_DIST_PATH); install Electron to run it');

  test('starts on the first-run page with the security baseline', async () => {
    const app = await electron.launch({ executablePath: bin!, args: [root, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'qa-electron-'))}`] });
    const win = await app.firstWindow();
    await expect(win.getByTestId('first-run')).toBeVisible();
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    // The preload exposes exactly the contract's methods, no more.
    expect(await win.evaluate(() => Object.keys(window.qa ?? {}).sort())).toEqual([...methods].sort());
    await app.close();
  });

  // The first time IPC runs on a real workstation must not be the first time it runs at all: one call of each kind
  // through window.qa, from our own app://bundle page (the sender check), with main's session.
  test('IPC works from the app://bundle page: info, the first admin and their session, a dialog answer, a media request', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'qa-electron-calls-'));
    const app = await electron.launch({ executablePath: bin!, args: [root, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'qa-electron-'))}`] });
    const win = await app.firstWindow();
    await expect(win.getByTestId('first-run')).toBeVisible();
    type Api = Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>>;
    const qa = (method: string, input: unknown = {}) => win.evaluate(([m, i]) => (window.qa as unknown as Api)[m as string]!(i), [method, input] as const);

    expect(await qa('appInfo')).toMatchObject({ ok: true, value: { host: 'electron' } });
    expect(await qa('listBackups')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The first admin through the page, as a new user would: main hashes the password and opens the session.
    await fillFirstAdmin(win);
    expect(await qa('accountsState')).toMatchObject({ ok: true, value: { admins: 1, session: { role: 'admin' } } });
    expect(await qa('listBackups')).toMatchObject({ ok: true });

    // A dialog answer queued for the test: main's own dialog module, answered from here.
    await app.evaluate(({ dialog }, path) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
    }, folder);
    expect(await qa('chooseMediaPaths', { mode: 'folder' })).toMatchObject({ ok: true, value: { paths: [folder] } });
    expect(await qa('scanMediaPaths', { paths: [folder] })).toMatchObject({ ok: true, value: { files: [] } });

    // A media request: a demo call written by main, served by the qa-media protocol with Range.
    expect(await qa('writeDemoRecordings', { recordings: [{ id: 'e2e-call', seed: 3, durationSec: 2, turns: [{ speaker: 'agent', start: 0, end: 1.5 }] }] })).toMatchObject({ ok: true });
    const url = ((await qa('mediaUrl', { recordingId: 'e2e-call' })) as { value: { url: string } }).value.url;
    expect(url).toBe('qa-media://recording/e2e-call');
    const media = await win.evaluate(async (u) => {
      const r = await fetch(u, { headers: { range: 'bytes=0-3' } });
      return { status: r.status, type: r.headers.get('content-type'), head: new TextDecoder().decode(await r.arrayBuffer()) };
    }, url);
    expect(media).toEqual({ status: 206, type: 'audio/wav', head: 'RIFF' });
    await app.close();
  });
});
