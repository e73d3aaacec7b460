/**
 * The one application window, with the secure defaults and guards in one place. The web preferences
 * are stated in full, as a literal, even where Electron's defaults already agree: a future default
 * change or a copy-paste cannot weaken them silently, and Electronegativity (which reads only a
 * literal passed to `new BrowserWindow`) can check them. The constructor is passed in so the security
 * tests can build a window without Electron.
 */
import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { lockDownContents } from './security';
import { APP_ENTRY } from './trusted-url';

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => ElectronWindow;

export interface WindowOptions {
  preload: string;
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

export function createSecureWindow(BrowserWindow: WindowConstructor, options: WindowOptions): ElectronWindow {
  const win = new BrowserWindow({
    ...options.bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'KPI Workbook',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: process.env.KPIW_DEVTOOLS === '1',
    },
  });
  lockDownContents(win.webContents);
  win.once('ready-to-show', () => {
    if (options.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(APP_ENTRY);
  return win;
}
