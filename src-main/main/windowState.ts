// Remembers the window's size, position and maximised state between runs. The displays and the window come in
// as arguments, so where a saved position lands is tested without Electron.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Display {
  workArea: { x: number; y: number; width: number; height: number };
}

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };

/** The saved state, with a position dropped when it is on no display any more (a monitor was unplugged). */
export function windowStateFrom(text: string | null, displays: readonly Display[]): WindowState {
  if (!text) return DEFAULT_WINDOW;
  let s: WindowState;
  try {
    s = JSON.parse(text) as WindowState;
  } catch {
    return DEFAULT_WINDOW;
  }
  const size = (n: unknown, min: number, fallback: number) => (typeof n === 'number' && Number.isFinite(n) && n >= min && n <= 20_000 ? Math.round(n) : fallback);
  const clean: WindowState = { width: size(s.width, 400, DEFAULT_WINDOW.width), height: size(s.height, 300, DEFAULT_WINDOW.height), maximized: s.maximized === true };
  const { x, y } = s;
  if (typeof x !== 'number' || typeof y !== 'number') return clean;
  const visible = displays.some(({ workArea: a }) => x >= a.x && y >= a.y && x < a.x + a.width && y < a.y + a.height);
  return visible ? { ...clean, x, y } : clean;
}

export function loadWindowState(userData: string, displays: readonly Display[]): WindowState {
  let text: string | null = null;
  try {
    text = readFileSync(join(userData, 'window-state.json'), 'utf8');
  } catch {
    // First run: the default size.
  }
  return windowStateFrom(text, displays);
}

export interface TrackedWindow {
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

export function trackWindowState(win: TrackedWindow, userData: string): void {
  win.on('close', () => {
    const state: WindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      // Synchronously: the app may quit right after 'close'.
      writeFileSync(join(userData, 'window-state.json'), JSON.stringify(state), { mode: 0o600 });
    } catch {
      // Losing the window position is not worth interrupting the user.
    }
  });
}
