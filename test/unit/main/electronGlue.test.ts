// The Electron glue, driven in Node with fakes of the Electron objects it takes: what it decides is proved here,
// since Electron's binary is not on the build machines (the Electron E2E exercises the same code where it is).
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_PREFIX, methods } from '@contract';
import { APP_ORIGIN, CSP, isAllowedNavigation, isTrustedSender, lockDownContents, lockDownSession, type InvokeEvent } from '../../../src-main/main/security';
import { appHandler, mediaHandler, registerSchemes } from '../../../src-main/main/protocols';
import { menuTemplate } from '../../../src-main/main/menu';
import { DEFAULT_WINDOW, trackWindowState, windowStateFrom } from '../../../src-main/main/windowState';
import { notifier, pathChooser, pdfPrinter, registerIpc, saveChooser, secretBox, type DialogApi } from '../../../src-main/main/glue';
import { MediaRegistry } from '../../../src-main/services/media';

const frame = (url: string) => ({ url });
function invoke(url: string | null, opts: { subframe?: boolean } = {}): InvokeEvent {
  const main = url === null ? null : frame(url);
  return { senderFrame: opts.subframe ? frame(url ?? '') : main, sender: { id: 7, mainFrame: main } };
}

describe('IPC sender check', () => {
  it('the reason for comparing scheme and host: URL gives app: the origin "null"', () => {
    expect(new URL('app://bundle/index.html').origin).toBe('null');
  });

  it('accepts our app://bundle main frame, at any path of the bundle', () => {
    expect(isTrustedSender(invoke(`${APP_ORIGIN}/index.html`))).toBe(true);
    expect(isTrustedSender(invoke(`${APP_ORIGIN}/index.html#/settings`))).toBe(true);
    expect(isTrustedSender(invoke(`${APP_ORIGIN}/`))).toBe(true);
  });

  it('refuses a subframe, another scheme or host, look-alike hosts, a port, user info, data: and a missing frame', () => {
    expect(isTrustedSender(invoke(`${APP_ORIGIN}/index.html`, { subframe: true }))).toBe(false);
    for (const url of [
      'https://bundle/index.html',
      'file:///app/index.html',
      'app://other/index.html',
      'app://bundle.evil/index.html',
      'app://evil.bundle/index.html',
      'app://bundle:8080/index.html',
      'app://user@bundle/index.html',
      'app://user:pw@bundle/index.html',
      'qa-media://bundle/x',
      'data:text/html,<script>1</script>',
      'about:blank',
      'javascript:alert(1)',
      '',
      'not a url',
    ])
      expect(isTrustedSender(invoke(url)), url).toBe(false);
    expect(isTrustedSender(invoke(null))).toBe(false);
    expect(isTrustedSender({ senderFrame: undefined, sender: { id: 1, mainFrame: undefined } })).toBe(false);
  });
});

describe('navigation and permissions', () => {
  function fakeContents() {
    const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let openHandler: (() => { action: string }) | null = null;
    return {
      contents: {
        setWindowOpenHandler: (h: () => { action: 'deny' }) => void (openHandler = h),
        on: (event: string, l: (e: { preventDefault(): void }, url: string) => void) => void listeners.set(event, l),
      },
      /** Fires an event; true when the handler prevented it. */
      fire(event: string, url: string): boolean {
        let prevented = false;
        listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
        return prevented;
      },
      open: () => openHandler!(),
    };
  }

  it('a will-navigate or will-redirect to anything but app://bundle/ is prevented; new windows and webviews are denied', () => {
    const f = fakeContents();
    lockDownContents(f.contents);
    expect(f.fire('will-navigate', `${APP_ORIGIN}/index.html#/people`)).toBe(false);
    for (const url of ['https://example.com/', 'app://bundle.evil/', 'file:///etc/passwd', 'data:text/html,x', 'app://other/'])
      expect(f.fire('will-navigate', url), url).toBe(true);
    expect(f.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(f.fire('will-attach-webview', `${APP_ORIGIN}/x`)).toBe(true);
    expect(f.open()).toEqual({ action: 'deny' });
    expect(isAllowedNavigation(`${APP_ORIGIN}`)).toBe(false);
  });

  it('every permission request and check is refused', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    lockDownSession({ setPermissionRequestHandler: (h) => void (request = h), setPermissionCheckHandler: (h) => void (check = h) });
    const answers: boolean[] = [];
    request!(null, 'media', (g) => answers.push(g));
    request!(null, 'notifications', (g) => answers.push(g));
    expect(answers).toEqual([false, false]);
    expect(check!()).toBe(false);
  });
});

describe('app:// and qa-media:// handlers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qa-bundle-'));
  const bundle = join(dir, 'renderer');
  mkdirSync(join(bundle, 'assets'), { recursive: true });
  writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>QA</title>');
  writeFileSync(join(bundle, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  // Electron's net.fetch of a file: URL, as a fake that reads the file.
  const fetched: string[] = [];
  const fetchFile = async (url: string) => {
    fetched.push(url);
    return new Response(await readFile(fileURLToPath(url)), { status: 200, headers: { 'content-type': 'text/html' } });
  };
  const app = appHandler(bundle, fetchFile);

  it('serves the bundle with the CSP and nosniff headers', async () => {
    const r = await app(new Request(`${APP_ORIGIN}/`));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toContain('<title>QA</title>');
    expect((await app(new Request(`${APP_ORIGIN}/assets/a.js`))).status).toBe(200);
  });

  it('refuses non-GET, unknown hosts, traversal (plain and encoded), bad escapes and missing files', async () => {
    expect((await app(new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await app(new Request('app://other/index.html'))).status).toBe(404);
    expect((await app(new Request('app://bundle.evil/index.html'))).status).toBe(404);
    const before = fetched.length;
    expect((await app(new Request(`${APP_ORIGIN}/%2e%2e/secret.txt`))).status).toBe(404);
    expect((await app(new Request(`${APP_ORIGIN}/assets/%2e%2e%2f%2e%2e%2fsecret.txt`))).status).toBe(404);
    expect((await app(new Request(`${APP_ORIGIN}/..%5csecret.txt`))).status).toBe(404);
    // Whatever was looked up stayed inside the bundle (the URL parser folds %2e%2e itself; the rest never leaves).
    expect(fetched.slice(before).every((u) => fileURLToPath(u).startsWith(bundle + '/'))).toBe(true);
    expect((await app(new Request(`${APP_ORIGIN}/%E0%A4%A`))).status).toBe(400);
    expect((await app(new Request(`${APP_ORIGIN}/%00.html`))).status).toBe(400);
    expect((await app(new Request(`${APP_ORIGIN}/nope.js`))).status).toBe(404);
  });

  it('the media handler streams registered ids only, with Range, and refuses the rest', async () => {
    const file = join(dir, 'a.wav');
    writeFileSync(file, Buffer.from('0123456789'));
    const reg = new MediaRegistry(join(dir, 'registry.json'));
    await reg.register('rec-1', { path: file, bytes: 10, mime: 'audio/wav' });
    const media = mediaHandler(reg);
    const whole = await media(new Request('qa-media://recording/rec-1'));
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe('0123456789');
    const part = await media(new Request('qa-media://recording/rec-1', { headers: { range: 'bytes=2-4' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await part.text()).toBe('234');
    expect((await media(new Request('qa-media://recording/unknown'))).status).toBe(404);
    expect((await media(new Request('qa-media://recording/..%2f..%2fetc%2fpasswd'))).status).toBe(404);
    expect((await media(new Request('qa-media://other/rec-1'))).status).toBe(404);
    expect((await media(new Request('qa-media://recording/rec-1', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await media(new Request('qa-media://recording/rec-1', { headers: { range: 'bytes=20-30' } }))).status).toBe(416);
  });

  it('registers both schemes as standard and secure; only media streams', () => {
    const seen: { scheme: string; privileges: Record<string, boolean> }[] = [];
    registerSchemes({ registerSchemesAsPrivileged: (s) => void seen.push(...s) });
    expect(seen.map((s) => s.scheme)).toEqual(['app', 'qa-media']);
    expect(seen.every((s) => s.privileges.standard && s.privileges.secure)).toBe(true);
    expect(seen.find((s) => s.scheme === 'qa-media')!.privileges.stream).toBe(true);
  });
});

describe('IPC registration', () => {
  it('registers one handler per contract method; refuses untrusted senders; passes the session id and the sending window on', async () => {
    const handlers = new Map<string, (e: InvokeEvent, payload: unknown) => Promise<unknown>>();
    const runs: unknown[] = [];
    registerIpc({ handle: (ch, l) => void handlers.set(ch, l) }, methods, async (method, payload, caller) => {
      runs.push({ method, payload, caller });
      return { ok: true, value: null };
    });
    expect([...handlers.keys()].sort()).toEqual(methods.map((m) => IPC_PREFIX + m).sort());
    const ours = invoke(`${APP_ORIGIN}/index.html`);
    expect(await handlers.get('qa:appInfo')!(invoke('https://evil.example/'), { input: {} })).toEqual({ ok: false, error: { code: 'forbidden', message: 'untrusted sender' } });
    expect(await handlers.get('qa:appInfo')!(invoke(`${APP_ORIGIN}/index.html`, { subframe: true }), {})).toMatchObject({ ok: false });
    expect(runs).toHaveLength(0);
    await handlers.get('qa:signOut')!(ours, { session: 'abc', input: {} });
    await handlers.get('qa:appInfo')!(ours, 'not an envelope');
    await handlers.get('qa:appInfo')!(ours, { session: 'x'.repeat(65), input: 1 });
    expect(runs).toEqual([
      { method: 'signOut', payload: {}, caller: { sessionId: 'abc', owner: 7 } },
      { method: 'appInfo', payload: undefined, caller: { sessionId: null, owner: 7 } },
      { method: 'appInfo', payload: 1, caller: { sessionId: null, owner: 7 } },
    ]);
  });
});

describe('menu, window state, dialogs, notifications, printing, secret store', () => {
  it('the menu speaks the OS language, hides DevTools when packaged, has the macOS app menu only there', () => {
    const opened: string[] = [];
    const zh = menuTemplate('zh-CN', true, 'win32', (u) => opened.push(u));
    expect(zh.map((m) => m.label ?? m.role)).toEqual(['fileMenu', '编辑', '视图', '窗口', '帮助']);
    const view = zh.find((m) => m.label === '视图')!.submenu as { role?: string }[];
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false);
    const dev = menuTemplate('en-US', false, 'darwin', () => undefined);
    expect(dev[0]!.role).toBe('appMenu');
    expect((dev.find((m) => m.label === 'View')!.submenu as { role?: string }[]).some((i) => i.role === 'toggleDevTools')).toBe(true);
    const help = zh.find((m) => m.label === '帮助')!.submenu as { click?: () => void }[];
    help[0]!.click!();
    expect(opened).toEqual(['https://www.electronjs.org/docs']);
  });

  it('window state: a position on no display is dropped, damaged or absurd values fall back, and it is saved on close', () => {
    const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
    expect(windowStateFrom(JSON.stringify({ x: 100, y: 50, width: 1200, height: 800, maximized: true }), displays)).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(windowStateFrom(JSON.stringify({ x: 3000, y: 50, width: 1200, height: 800, maximized: false }), displays)).toEqual({ width: 1200, height: 800, maximized: false });
    expect(windowStateFrom('{not json', displays)).toEqual(DEFAULT_WINDOW);
    expect(windowStateFrom(null, displays)).toEqual(DEFAULT_WINDOW);
    expect(windowStateFrom(JSON.stringify({ width: -5, height: 1e9, maximized: 'yes' }), displays)).toEqual(DEFAULT_WINDOW);
    const dir = mkdtempSync(join(tmpdir(), 'qa-win-'));
    let onClose: (() => void) | null = null;
    trackWindowState({ getNormalBounds: () => ({ x: 10, y: 20, width: 1300, height: 700 }), isMaximized: () => false, on: (_e, l) => void (onClose = l) }, dir);
    onClose!();
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 20, width: 1300, height: 700, maximized: false });
  });

  it('dialogs: folder or audio files, attached to the window; a cancel yields no paths', async () => {
    const asked: unknown[] = [];
    const win = { id: 'win' };
    const dialog: DialogApi<typeof win> = {
      showOpenDialog: async (...args: unknown[]) => (asked.push(args), { canceled: false, filePaths: ['/calls'] }),
      showSaveDialog: async (...args: unknown[]) => (asked.push(args), { canceled: true, filePath: '' }),
    };
    expect(await pathChooser(dialog, () => win)('folder')).toEqual({ paths: ['/calls'], canceled: false, unavailable: false });
    await pathChooser(dialog, () => null)('files');
    expect(asked[0]).toEqual([win, { properties: ['openDirectory'] }]);
    // No window: the options alone (Electron's one-argument form), never an undefined window.
    expect(asked[1]).toEqual([{ properties: ['openFile', 'multiSelections'], filters: [{ name: 'Audio', extensions: ['wav', 'mp3', 'ogg', 'opus', 'flac', 'm4a', 'aac'] }] }]);
    expect(await saveChooser(dialog, () => win)('x.csv', [{ name: 'CSV', extensions: ['csv'] }])).toEqual({ path: null, canceled: true, unavailable: false });
    const cancelled: DialogApi<typeof win> = { ...dialog, showOpenDialog: async () => ({ canceled: true, filePaths: ['/ignored'] }) };
    expect(await pathChooser(cancelled, () => win)('files')).toEqual({ paths: [], canceled: true, unavailable: false });
  });

  it('notifications: none where unsupported; a click brings the window back', async () => {
    const shown: string[] = [];
    let click: (() => void) | null = null;
    const events: string[] = [];
    class FakeNotification {
      static supported = true;
      static isSupported() {
        return FakeNotification.supported;
      }
      constructor(readonly o: { title: string; body: string }) {}
      on(_e: 'click', l: () => void) {
        click = l;
      }
      show() {
        shown.push(this.o.title);
      }
    }
    const win = { isMinimized: () => true, restore: () => events.push('restore'), focus: () => events.push('focus') };
    expect(await notifier(FakeNotification, () => win)({ title: 'Overdue', body: 'b', tag: 't' })).toBe(true);
    click!();
    expect(shown).toEqual(['Overdue']);
    expect(events).toEqual(['restore', 'focus']);
    FakeNotification.supported = false;
    expect(await notifier(FakeNotification, () => win)({ title: 'x', body: '', tag: 't' })).toBe(false);
  });

  it('printing asks for A4 with backgrounds, and says so when there is no window', async () => {
    const asked: unknown[] = [];
    const print = pdfPrinter(() => ({ webContents: { printToPDF: async (o) => (asked.push(o), Buffer.from('%PDF')) } }));
    expect((await print(true)).toString()).toBe('%PDF');
    expect(asked).toEqual([{ landscape: true, printBackground: true, pageSize: 'A4' }]);
    await expect(pdfPrinter(() => null)(false)).rejects.toThrow('no window');
  });

  it('the secret store: a keychain is "os"; Linux basic_text is "plain" (not protected); no encryption is "unavailable"', async () => {
    const store = (available: boolean, backend?: string) => ({
      isEncryptionAvailable: () => available,
      ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
      encryptString: (t: string) => Buffer.from(`enc:${t}`),
      decryptString: (b: Buffer) => b.toString().slice(4),
    });
    expect(secretBox(store(true, 'gnome_libsecret'), 'linux').kind).toBe('os');
    expect(secretBox(store(true, 'kwallet5'), 'linux').kind).toBe('os');
    expect(secretBox(store(true, 'basic_text'), 'linux').kind).toBe('plain');
    expect(secretBox(store(true), 'win32').kind).toBe('os');
    expect(secretBox(store(true, 'basic_text'), 'darwin').kind).toBe('os');
    expect(secretBox(store(false), 'linux').kind).toBe('unavailable');
    const box = secretBox(store(true, 'gnome_libsecret'), 'linux');
    expect(await box.decrypt(await box.encrypt('pw'))).toBe('pw');
  });
});
