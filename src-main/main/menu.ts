// The application menu with the usual roles, labelled in the user's language. The template is plain data
// (tested in Node); `buildMenu` hands it to Electron's Menu.
import type { MenuItemConstructorOptions } from 'electron';

const LABELS = {
  en: { edit: 'Edit', view: 'View', window: 'Window', help: 'Help', about: 'About QA Console', docs: 'Documentation' },
  'zh-CN': { edit: '编辑', view: '视图', window: '窗口', help: '帮助', about: '关于质检控制台', docs: '使用文档' },
} as const;

export const DOCS_URL = 'https://www.electronjs.org/docs';

export function menuTemplate(locale: string, packaged: boolean, platform: string, openExternal: (url: string) => void): MenuItemConstructorOptions[] {
  const l = /^zh/i.test(locale) ? LABELS['zh-CN'] : LABELS.en;
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(packaged ? [] : ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { label: l.edit, role: 'editMenu' },
    { label: l.view, submenu: view },
    { label: l.window, role: 'windowMenu' },
    { label: l.help, role: 'help', submenu: [{ label: l.docs, click: () => openExternal(DOCS_URL) }, { role: 'about', label: l.about }] },
  ];
}

export interface MenuApi<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  setApplicationMenu(menu: M | null): void;
}

export function buildMenu<M>(menu: MenuApi<M>, template: MenuItemConstructorOptions[]): void {
  menu.setApplicationMenu(menu.buildFromTemplate(template));
}
