// Electron glue only: lifecycle, the window, protocols, menu and IPC registration. All work is in services/.
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { IPC_PREFIX, methods } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../services';
import { handleProtocols, registerSchemes } from './protocols';
import { APP_ORIGIN, isTrustedSender, lockDownContents, lockDownSession } from './security';
import { buildMenu } from './menu';
import { loadWindowState, trackWindowState } from './windowState';

registerSchemes();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('web-contents-created', (_e, contents) => lockDownContents(contents));

  app.whenReady().then(() => {
    const userData = app.getPath('userData');
    const ctx = createServiceContext(
      {
        version: app.getVersion(),
        host: 'electron',
        platform: process.platform,
        osLocale: app.getLocale(),
        dataDir: userData,
        backupDir: join(userData, 'backups'),
        packaged: app.isPackaged,
      },
      (id) => `qa-media://recording/${id}`,
      {
        audioWorker: join(__dirname, 'analyseWorker.js'),
        choosePaths: async (mode) => {
          const r = await dialog.showOpenDialog({
            properties: mode === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections'],
            filters: mode === 'files' ? [{ name: 'Audio', extensions: ['wav', 'mp3', 'ogg', 'opus', 'flac', 'm4a', 'aac'] }] : undefined,
          });
          return { paths: r.filePaths, canceled: r.canceled, unavailable: false };
        },
        chooseSavePath: async (defaultName, filters) => {
          const r = win ? await dialog.showSaveDialog(win, { defaultPath: defaultName, filters }) : await dialog.showSaveDialog({ defaultPath: defaultName, filters });
          return { path: r.canceled ? null : (r.filePath ?? null), canceled: r.canceled, unavailable: false };
        },
        // The appraisal database's password: encrypted with the OS keychain (DPAPI, Keychain, libsecret/kwallet).
        secrets: {
          kind: safeStorage.isEncryptionAvailable() ? 'os' : 'unavailable',
          encrypt: async (text) => safeStorage.encryptString(text).toString('base64'),
          decrypt: async (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
        },
        printToPdf: async (landscape) => {
          if (!win) throw new Error('no window to print');
          return win.webContents.printToPDF({ landscape, printBackground: true, pageSize: 'A4' });
        },
        notify: async ({ title, body }) => {
          if (!Notification.isSupported()) return false;
          const n = new Notification({ title, body });
          // Clicking it brings the console forward; the in-app notification centre says what it is about.
          n.on('click', () => {
            if (win?.isMinimized()) win.restore();
            win?.focus();
          });
          n.show();
          return true;
        },
      },
    );
    const handlers = createHandlers(ctx);
    for (const method of methods) {
      ipcMain.handle(IPC_PREFIX + method, async (event, payload: unknown) => {
        if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
        return dispatch(handlers, method, payload);
      });
    }
    lockDownSession(session.defaultSession);
    handleProtocols(join(__dirname, '../renderer'), ctx.media);
    buildMenu(app.getLocale(), app.isPackaged);

    const state = loadWindowState(userData);
    win = new BrowserWindow({
      ...state,
      minWidth: 1024,
      minHeight: 680,
      show: false,
      title: 'QA Console',
      webPreferences: {
        preload: join(__dirname, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        devTools: !app.isPackaged,
        spellcheck: false,
      },
    });
    if (state.maximized) win.maximize();
    trackWindowState(win, userData);
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
}
