// The Electron objects the services use, adapted to the services' plain interfaces: dialogs, notifications,
// printing, the secret store and IPC registration. Each takes what it uses as an argument, so what it decides
// (which dialog options, which storage kind, which sender may call) is unit-tested in Node with fakes.
import { IPC_PREFIX, type Method } from '@contract';
import type { SecretBox } from '../services/secretBox';
import type { Caller, DispatchResult, Notifier, PathChooser, SaveChooser } from '../services';
import { isTrustedSender, type InvokeEvent } from './security';

export const AUDIO_EXTENSIONS = ['wav', 'mp3', 'ogg', 'opus', 'flac', 'm4a', 'aac'];

interface OpenDialogResult {
  canceled: boolean;
  filePaths: string[];
}
interface SaveDialogResult {
  canceled: boolean;
  filePath?: string;
}
type OpenOptions = { properties: ('openFile' | 'openDirectory' | 'multiSelections')[]; filters?: { name: string; extensions: string[] }[] };
type SaveOptions = { defaultPath: string; filters: { name: string; extensions: string[] }[] };
/** Electron's dialog: (window, options) to attach the dialog to a window, or (options) alone. */
export interface DialogApi<W> {
  showOpenDialog(win: W, options: OpenOptions): Promise<OpenDialogResult>;
  showOpenDialog(options: OpenOptions): Promise<OpenDialogResult>;
  showSaveDialog(win: W, options: SaveOptions): Promise<SaveDialogResult>;
  showSaveDialog(options: SaveOptions): Promise<SaveDialogResult>;
}

/** The open dialog for recordings: a folder, or several audio files. Attached to the window when there is one. */
export function pathChooser<W>(dialog: DialogApi<W>, getWin: () => W | null): PathChooser {
  return async (mode) => {
    const options: OpenOptions = {
      properties: mode === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections'],
      ...(mode === 'files' ? { filters: [{ name: 'Audio', extensions: AUDIO_EXTENSIONS }] } : {}),
    };
    const win = getWin();
    const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
    return { paths: r.canceled ? [] : r.filePaths, canceled: r.canceled, unavailable: false };
  };
}

export function saveChooser<W>(dialog: DialogApi<W>, getWin: () => W | null): SaveChooser {
  return async (defaultName, filters) => {
    const options: SaveOptions = { defaultPath: defaultName, filters };
    const win = getWin();
    const r = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
    return { path: r.canceled ? null : (r.filePath ?? null), canceled: r.canceled, unavailable: false };
  };
}

export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}
export interface NotificationApi {
  isSupported(): boolean;
  new (options: { title: string; body: string }): { on(event: 'click', listener: () => void): unknown; show(): void };
}

/** Desktop notifications; clicking one brings the console forward (the notification centre says what it is about). */
export function notifier(Notification: NotificationApi, getWin: () => FocusableWindow | null): Notifier {
  return async ({ title, body }) => {
    if (!Notification.isSupported()) return false;
    const n = new Notification({ title, body });
    n.on('click', () => {
      const win = getWin();
      if (win?.isMinimized()) win.restore();
      win?.focus();
    });
    n.show();
    return true;
  };
}

export interface PrintableWindow {
  webContents: { printToPDF(options: { landscape: boolean; printBackground: boolean; pageSize: 'A4' }): Promise<Buffer | Uint8Array> };
}

export function pdfPrinter(getWin: () => PrintableWindow | null) {
  return async (landscape: boolean): Promise<Buffer> => {
    const win = getWin();
    if (!win) throw new Error('no window to print');
    return Buffer.from(await win.webContents.printToPDF({ landscape, printBackground: true, pageSize: 'A4' }));
  };
}

export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

/**
 * The appraisal password's and signing key's store: the OS keychain through safeStorage. On Linux without a
 * keyring, safeStorage falls back to "basic_text" (a key known to every Chromium): that is reported as "plain",
 * so Settings says the password is not protected on this machine instead of claiming it is.
 */
export function secretBox(safeStorage: SafeStorageApi, platform: string): SecretBox {
  let kind: SecretBox['kind'] = safeStorage.isEncryptionAvailable() ? 'os' : 'unavailable';
  if (kind === 'os' && platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text') kind = 'plain';
  }
  return {
    kind,
    encrypt: async (text) => safeStorage.encryptString(text).toString('base64'),
    decrypt: async (data) => safeStorage.decryptString(Buffer.from(data, 'base64')),
  };
}

export interface IpcMainApi {
  handle(channel: string, listener: (event: InvokeEvent, payload: unknown) => Promise<unknown>): void;
}

/** What the preload sends: the session id it holds (never shown to the page's code) and the method's input. */
export interface Envelope {
  session?: unknown;
  input?: unknown;
}

/**
 * One handler per contract method: the sender must be our bundle's main frame; the session id travels in the
 * envelope and is checked against the window that sends it; then the one choke point, dispatch.
 */
export function registerIpc(ipcMain: IpcMainApi, methods: readonly Method[], run: (method: Method, payload: unknown, caller: Caller) => Promise<DispatchResult>): void {
  for (const method of methods) {
    ipcMain.handle(IPC_PREFIX + method, async (event, envelope) => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
      const e = (envelope && typeof envelope === 'object' ? envelope : {}) as Envelope;
      const sessionId = typeof e.session === 'string' && e.session.length <= 64 ? e.session : null;
      return run(method, e.input, { sessionId, owner: event.sender.id });
    });
  }
}
