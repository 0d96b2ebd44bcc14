// Remembers the window's size, position and maximised state between runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow } from 'electron';

interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT: WindowState = { width: 1440, height: 900, maximized: false };

export function loadWindowState(userData: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as WindowState;
    // Drop a position that is no longer on any display (a monitor was unplugged).
    const visible = screen.getAllDisplays().some(({ workArea: a }) => s.x !== undefined && s.y !== undefined && s.x >= a.x && s.y >= a.y && s.x < a.x + a.width && s.y < a.y + a.height);
    return visible ? s : { ...s, x: undefined, y: undefined };
  } catch {
    return DEFAULT;
  }
}

export function trackWindowState(win: BrowserWindow, userData: string): void {
  const save = () => {
    const b = win.getNormalBounds();
    const state: WindowState = { ...b, maximized: win.isMaximized() };
    try {
      writeFileSync(join(userData, 'window-state.json'), JSON.stringify(state));
    } catch {
      // Losing the window position is not worth interrupting the user.
    }
  };
  win.on('close', save);
}
