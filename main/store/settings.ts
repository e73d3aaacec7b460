import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { defaultSettings } from './schema';

const numberOr = (text: string | undefined, fallback: number): number => {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : fallback;
};
const numberOrNull = (text: string | undefined): number | null => {
  const n = text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(n) ? n : null;
};

/** The workbook settings kept in `meta`, typed; a missing or unreadable entry takes its default. */
export function readSettings(db: Database): Settings {
  const rows = db.exec('SELECT key, value FROM meta')[0]?.values ?? [];
  const m = new Map<string, string>(rows.map((r) => [String(r[0]), String(r[1])]));
  const get = (k: string): string | undefined => m.get(k) ?? defaultSettings[k];
  return {
    company_name: get('company_name') ?? '',
    currency: get('currency') ?? 'USD',
    locale: get('locale') ?? 'en-US',
    fiscal_year_start_month: numberOr(get('fiscal_year_start_month'), 1),
    csat_scale_min: numberOr(get('csat_scale_min'), 1),
    csat_scale_max: numberOr(get('csat_scale_max'), 5),
    csat_threshold: numberOr(get('csat_threshold'), 4),
    seats: numberOrNull(get('seats')),
    gross_margin: numberOr(get('gross_margin'), 1),
    crm_gain: numberOrNull(get('crm_gain')),
  };
}

/** Writes the given settings; null clears an optional one. The caller saves the workbook. */
export function writeSettings(db: Database, patch: Partial<Settings>): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  try {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      stmt.run([k, v === null ? '' : String(v)]);
    }
  } finally {
    stmt.free();
  }
}
