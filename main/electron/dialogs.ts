/**
 * Native open/save dialogs and the unsaved-changes question. The chosen path stays in main: callers
 * register it with the session and hand the renderer only the opaque id.
 */
import type { BrowserWindow, Dialog } from 'electron';
import { extname } from 'node:path';
import { filtersFor, type Purpose } from './files';

const titles: Record<Purpose, string> = {
  new: 'Create a new workbook',
  open: 'Open a workbook',
  import: 'Import a CSV or Excel file',
  export: 'Export the quarterly report',
  saveAs: 'Save the workbook as',
};

const defaultNames: Partial<Record<Purpose, string>> = {
  new: 'Company KPIs.kpiw',
  saveAs: 'Company KPIs.kpiw',
  export: 'KPI report.xlsx',
};

/** The path the user chose, with the expected extension added when they left it off; null if cancelled. */
export async function chooseFile(dialog: Dialog, win: BrowserWindow, purpose: Purpose): Promise<string | null> {
  const filters = filtersFor(purpose);
  if (purpose === 'open' || purpose === 'import') {
    const r = await dialog.showOpenDialog(win, { title: titles[purpose], properties: ['openFile'], filters });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }
  const r = await dialog.showSaveDialog(win, { title: titles[purpose], defaultPath: defaultNames[purpose], filters });
  if (r.canceled || !r.filePath) return null;
  const wanted = `.${filters[0]?.extensions[0] ?? ''}`;
  return extname(r.filePath).toLowerCase() === wanted ? r.filePath : `${r.filePath}${wanted}`;
}

export type CloseChoice = 'save' | 'discard' | 'cancel';

export async function askToSaveChanges(dialog: Dialog, win: BrowserWindow, workbookName: string): Promise<CloseChoice> {
  const r = await dialog.showMessageBox(win, {
    type: 'warning',
    message: `Save the changes to ${workbookName} before closing?`,
    detail: 'If you close without saving, the changes since the last save are lost.',
    buttons: ['Save', "Don't save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  });
  return r.response === 0 ? 'save' : r.response === 1 ? 'discard' : 'cancel';
}
