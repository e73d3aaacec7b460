/**
 * The application menu as data. Each item only names an action; main.ts runs the dialog and sends the
 * renderer a typed `menu.action` event (never executeJavaScript). Pure, so the template is unit tested.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export type MenuAction = 'new' | 'open' | 'openRecent' | 'import' | 'export' | 'save' | 'saveAs';

export interface MenuInput {
  run(action: MenuAction, recentPath?: string): void;
  recent: readonly string[];
  platform: NodeJS.Platform;
}

export function menuTemplate({ run, recent, platform }: MenuInput): MenuItemConstructorOptions[] {
  const item = (label: string, action: MenuAction, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => run(action),
  });
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No recent workbooks', enabled: false }]
      : recent.map((path) => ({ label: basename(path), toolTip: path, click: () => run('openRecent', path) }));
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      item('&New Workbook…', 'new', 'CmdOrCtrl+N'),
      item('&Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open &Recent', submenu: recentItems },
      { type: 'separator' },
      item('&Import Data…', 'import', 'CmdOrCtrl+I'),
      item('&Export Report…', 'export', 'CmdOrCtrl+E'),
      { type: 'separator' },
      item('&Save', 'save', 'CmdOrCtrl+S'),
      item('Save &As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
      ...(platform === 'darwin' ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}
