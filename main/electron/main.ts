/**
 * The desktop app's lifecycle, and only that: single instance, secure session and window, IPC,
 * menu, workbooks opened from the OS, and the unsaved-changes question on close. Everything else
 * lives in the files beside it and behind the service table.
 */
// BrowserWindow is aliased so the bundle keeps window.ts's `new BrowserWindow({...})` name, which Electronegativity reads.
import { app, BrowserWindow as ElectronWindow, dialog, ipcMain, Menu, protocol, session as electronSession } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../session';
import { callService } from '../services';
import { hardenSession, lockDownApp } from './security';
import { privilegedScheme, serveRenderer } from './protocol';
import { createSecureWindow } from './window';
import { registerIpc } from './ipc';
import { faceBackend } from '../face-backend';
import { menuTemplate, type MenuAction } from './menu';
import { askToSaveChanges, chooseFile } from './dialogs';
import { pickFileHandlers } from './pick-files';
import { defaultWindowState, loadWindowState, saveWindowState, withRecent, type WindowState } from './window-state';
import { EVENT_PREFIX } from './channels';

protocol.registerSchemesAsPrivileged([privilegedScheme]);
lockDownApp(app);

/** Workbooks named on a command line (the OS passes double-clicked .kpiw files this way on Windows and Linux). */
const booksIn = (argv: readonly string[]) => argv.slice(1).filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith('.kpiw'));

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const session = new Session('electron', join(app.getPath('userData'), 'workbooks'));
  let state: WindowState = defaultWindowState;
  let win: ElectronWindow | null = null;
  const queued = booksIn(process.argv);

  const sendMenuAction = (action: MenuAction, fileId?: string) =>
    win?.webContents.send(`${EVENT_PREFIX}menu.action`, fileId === undefined ? { action } : { action, fileId });

  const openBook = async (path: string) => {
    const result = await callService(session, 'workbook.open', { file: { id: session.registerFile(path) } });
    if (!result.ok) {
      dialog.showErrorBox('The workbook could not be opened', result.error.message);
      return;
    }
    state = withRecent(state, path);
    installMenu();
  };

  const onMenu = async (action: MenuAction, recentPath?: string) => {
    if (!win) return;
    if (action === 'save') return sendMenuAction('save');
    const path = action === 'openRecent' ? (recentPath ?? null) : await chooseFile(dialog, win, action);
    if (path === null) return;
    if (action === 'open' || action === 'openRecent' || action === 'new' || action === 'saveAs') state = withRecent(state, path);
    sendMenuAction(action, session.registerFile(path));
    installMenu();
  };

  function installMenu(): void {
    const template = menuTemplate({ run: (a, p) => void onMenu(a, p), recent: state.recent, platform: process.platform });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  /** First start opens the sample company; later starts reopen the workbook named by the OS, or the last one. */
  const openFirstWorkbook = async () => {
    const named = queued.at(-1) ?? (state.lastWorkbook !== null && existsSync(state.lastWorkbook) ? state.lastWorkbook : null);
    if (named !== null) return openBook(named);
    const sample = await callService(session, 'workbook.openSample', {});
    if (!sample.ok) dialog.showErrorBox('The sample company could not be opened', sample.error.message);
  };

  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (win) void openBook(path);
    else queued.push(path);
  });
  app.on('second-instance', (_event, argv) => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
    for (const path of booksIn(argv)) void openBook(path);
  });
  app.on('window-all-closed', () => app.quit());

  // macOS delivers 'open-file' before ready, so its listener is in place before the first await.
  state = await loadWindowState(app.getPath('userData'));
  await app.whenReady();
  hardenSession(electronSession.defaultSession);
  serveRenderer(protocol, join(app.getAppPath(), 'dist', 'renderer'));
  const appWindow = createSecureWindow(ElectronWindow, {
    preload: join(app.getAppPath(), 'dist', 'electron', 'preload.cjs'),
    bounds: state.bounds,
    maximized: state.maximized,
  });
  win = appWindow;
  registerIpc(
    ipcMain,
    faceBackend(session),
    () => (win ? [win.webContents] : []),
    pickFileHandlers(
      dialog,
      () => win,
      (path) => session.registerFile(path),
    ),
  );
  installMenu();
  await openFirstWorkbook();

  let closing = false;
  appWindow.on('close', (event) => {
    if (closing) return;
    event.preventDefault();
    void (async () => {
      const wb = session.workbook;
      if (wb?.dirty) {
        const choice = await askToSaveChanges(dialog, appWindow, wb.path.split(/[\\/]/).pop() ?? wb.path);
        if (choice === 'cancel') return;
        if (choice === 'save') {
          const saved = await callService(session, 'workbook.save', {});
          if (!saved.ok) {
            dialog.showErrorBox('The workbook was not saved', saved.error.message);
            return;
          }
        }
      }
      state = { ...state, bounds: appWindow.getNormalBounds(), maximized: appWindow.isMaximized(), lastWorkbook: wb?.path ?? state.lastWorkbook };
      await saveWindowState(app.getPath('userData'), state).catch(() => undefined);
      await callService(session, 'workbook.close', {});
      closing = true;
      win = null;
      appWindow.close();
    })();
  });
}

start().catch((e: unknown) => {
  dialog.showErrorBox('KPI Workbook could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
