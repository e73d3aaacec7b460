/**
 * Which files the desktop face accepts from dialogs and drops, as pure rules. Paths stay in main:
 * the renderer only ever sees the opaque id the session hands out for each.
 */
import { extname, isAbsolute } from 'node:path';
import { importExtensions } from '../../shared/import-files';

export type Purpose = 'new' | 'open' | 'import' | 'export' | 'saveAs';

export const workbookExtension = 'kpiw';

export interface DialogFilter {
  name: string;
  extensions: string[];
}

export function filtersFor(purpose: Purpose): DialogFilter[] {
  switch (purpose) {
    case 'import':
      return [{ name: 'CSV or Excel files', extensions: [...importExtensions] }];
    case 'export':
      return [{ name: 'Excel workbook', extensions: ['xlsx'] }];
    default:
      return [{ name: 'KPI Workbook', extensions: [workbookExtension] }];
  }
}

/** What a dropped file means: a workbook opens, a table imports, anything else is refused. */
export function dropAction(path: string): 'open' | 'import' | null {
  const ext = extname(path).slice(1).toLowerCase();
  if (ext === workbookExtension) return 'open';
  return (importExtensions as readonly string[]).includes(ext) ? 'import' : null;
}

/** Paths a drop may carry: absolute, of sane length, no NUL, at most 20 of them. */
export function droppedPaths(payload: unknown): string[] | null {
  if (!Array.isArray(payload) || payload.length === 0 || payload.length > 20) return null;
  const ok = payload.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 4096 && !p.includes('\0') && isAbsolute(p));
  return ok ? (payload as string[]) : null;
}
