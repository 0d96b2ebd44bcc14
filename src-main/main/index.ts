// Electron glue only: lifecycle, the window, protocols, menu and IPC registration. What any of it decides lives in
// the small modules beside this one (each tested with fakes); all work is in services/.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, Notification, protocol, safeStorage, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { methods } from '@contract';
import { createHandlers, createServiceContext, dispatch } from '../services';
import { handleProtocols, registerSchemes } from './protocols';
import { APP_ORIGIN, lockDownContents, lockDownSession } from './security';
import { buildMenu, menuTemplate } from './menu';
import { loadWindowState, trackWindowState } from './windowState';
import { notifier, pathChooser, pdfPrinter, registerIpc, saveChooser, secretBox } from './glue';

registerSchemes(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const getWin = () => (win && !win.isDestroyed() ? win : null);

  app.on('second-instance', () => {
    const w = getWin();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.focus();
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
        choosePaths: pathChooser(dialog, getWin),
        chooseSavePath: saveChooser(dialog, getWin),
        // The appraisal database's password and the signing key: the OS keychain (DPAPI, Keychain, libsecret/kwallet).
        secrets: secretBox(safeStorage, process.platform),
        printToPdf: pdfPrinter(getWin),
        notify: notifier(Notification, getWin),
      },
    );
    const handlers = createHandlers(ctx);
    registerIpc(ipcMain, methods, (method, payload, caller) => dispatch(handlers, method, payload, caller));
    lockDownSession(session.defaultSession);
    handleProtocols(protocol, (url) => net.fetch(url), join(__dirname, '../renderer'), ctx.media);
    buildMenu(Menu, menuTemplate(app.getLocale(), app.isPackaged, process.platform, (url) => void shell.openExternal(url)));

    const state = loadWindowState(userData, screen.getAllDisplays());
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
    win.once('ready-to-show', () => getWin()?.show());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
}
