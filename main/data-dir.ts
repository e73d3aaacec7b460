import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app keeps its own files (the sample company, browser-mode uploads and downloads):
 * the platform's per-user application-data folder, or KPIW_DATA_DIR when set (tests, portable use).
 * Electron's app.getPath('userData') resolves to the same folder for the desktop app.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KPIW_DATA_DIR) return env.KPIW_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'KPI Workbook');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'KPI Workbook');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'KPI Workbook');
}
