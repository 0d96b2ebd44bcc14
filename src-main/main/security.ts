// The Electron security baseline in one place: CSP, navigation and permission lock-down, IPC sender checks.
// Each function takes the Electron objects it uses (as the small shapes below), so the decisions are unit-tested
// in Node with fakes (test/unit/main/electronGlue.test.ts): Electron's binary is not needed to prove them.

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd writes its CSS-in-JS into <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' qa-media: blob:",
  "connect-src 'self' qa-media:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Is this URL our bundle? Compared by scheme and host, never by `URL.origin`: for a non-special scheme such as
 * app: Node's and Chromium's URL give the origin "null", so an origin comparison refuses everything.
 */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

export interface SenderFrame {
  url: string;
}
export interface InvokeEvent {
  senderFrame: SenderFrame | null | undefined;
  sender: { id: number; mainFrame: SenderFrame | null | undefined };
}

/** Only our own page's main frame may call the contract (not a subframe, not another scheme or host). */
export function isTrustedSender(event: InvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

/** A navigation the window may make: only within our bundle. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url) && url.startsWith(`${APP_ORIGIN}/`);
}

export interface LockableSession {
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export function lockDownSession(session: LockableSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export interface LockableContents {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

export function lockDownContents(contents: LockableContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
