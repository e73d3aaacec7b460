/**
 * The period and comparison a person last chose, per workbook. They are this user's view, kept in
 * the app's data folder and not in the workbook: a workbook shared with colleagues carries no one's
 * view, a read-only one still remembers, and stepping through periods never rewrites a large file.
 * Browser mode's port changes from run to run, so the browser's own storage would forget them.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ViewChoice } from '../shared/api';

const FILE = 'view-state.json';
/** The workbooks remembered, the most recently chosen first; older ones are forgotten. */
const KEEP = 100;

type Views = Record<string, ViewChoice>;

async function readViews(dir: string): Promise<Views> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Views) : {};
  } catch {
    // No file yet, or one this app cannot read: nothing is remembered, which only costs a default view.
    return {};
  }
}

const clean = (v: Partial<ViewChoice> | undefined): ViewChoice => ({
  period: typeof v?.period === 'string' ? v.period : null,
  compare: v?.compare === 'previous' || v?.compare === 'year' ? v.compare : null,
});

export async function readView(dir: string, workbookPath: string): Promise<ViewChoice> {
  const views = await readViews(dir);
  return clean(Object.hasOwn(views, workbookPath) ? views[workbookPath] : undefined);
}

export async function writeView(dir: string, workbookPath: string, patch: Partial<ViewChoice>): Promise<ViewChoice> {
  const views = await readViews(dir);
  const before = clean(Object.hasOwn(views, workbookPath) ? views[workbookPath] : undefined);
  const next: ViewChoice = {
    period: patch.period !== undefined ? patch.period : before.period,
    compare: patch.compare !== undefined ? patch.compare : before.compare,
  };
  const kept: Views = Object.fromEntries([[workbookPath, next] as const, ...Object.entries(views).filter(([path]) => path !== workbookPath)].slice(0, KEEP));
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(kept));
  await rename(tmp, join(dir, FILE));
  return next;
}
