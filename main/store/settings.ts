import type { Database } from 'sql.js';
import type { Settings, SettingsPatch } from '../../shared/api';
import { defaultForecastCategories, defaultStageProbabilities, forecastCategories, stageKey, type ForecastCategory } from '../../shared/metrics/forecast';
import { localeCurrency } from '../../shared/datasets/currency';
import { defaultSettings } from './schema';

/**
 * This computer's locale as the runtime reports it (from LC_ALL or LANG on Linux and macOS, the
 * user's region on Windows); 'und' (an environment that names none) reads as the runtime's default, en-US.
 */
export const systemLocale = (): string => {
  const locale = Intl.DateTimeFormat().resolvedOptions().locale;
  return locale === 'und' ? 'en-US' : locale;
};

/** The currency of this computer's region, USD where its region's is not known here. */
export const systemCurrency = (): string => localeCurrency(systemLocale()) ?? 'USD';

/**
 * Whether the workbook's currency is settled: chosen (Settings, an import's currency) or taken by its
 * first import. Until then the workbook shows this computer's currency, and its first import decides.
 */
export const currencyChosen = (db: Database): boolean => (db.exec("SELECT 1 FROM meta WHERE key = 'currency'")[0]?.values.length ?? 0) > 0;

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
    currency: get('currency') ?? systemCurrency(),
    locale: get('locale') ?? 'en-US',
    fiscal_year_start_month: numberOr(get('fiscal_year_start_month'), 1),
    csat_scale_min: numberOr(get('csat_scale_min'), 1),
    csat_scale_max: numberOr(get('csat_scale_max'), 5),
    csat_threshold: numberOr(get('csat_threshold'), 4),
    seats: numberOrNull(get('seats')),
    gross_margin: numberOr(get('gross_margin'), 1),
    crm_gain: numberOrNull(get('crm_gain')),
    stage_probabilities: perStage(get('stage_probabilities'), defaultStageProbabilities, (v): v is number => typeof v === 'number' && v >= 0 && v <= 1),
    forecast_categories: perStage(get('forecast_categories'), defaultForecastCategories, (v): v is ForecastCategory =>
      (forecastCategories as readonly unknown[]).includes(v),
    ),
  };
}

/** A per-stage-label setting kept as JSON; entries that are not what the setting holds are dropped. */
function perStage<T>(text: string | undefined, fallback: Readonly<Record<string, T>>, valid: (v: unknown) => v is T): Record<string, T> {
  if (text === undefined) return { ...fallback };
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ...fallback };
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, T] => valid(e[1])));
  } catch {
    return { ...fallback };
  }
}

/**
 * A per-stage-label patch over the labels set so far: a label is replaced by the patch's spelling of
 * it (matched as stageKey matches), null removes it, the others stay.
 */
function patchStages<T>(current: Readonly<Record<string, T>>, patch: Readonly<Record<string, T | null>>): Record<string, T> {
  // A Map, not an object: a label is the user's text, and "__proto__" must stay a label.
  const out = new Map(Object.entries(current));
  for (const [label, value] of Object.entries(patch)) {
    for (const known of [...out.keys()]) if (stageKey(known) === stageKey(label)) out.delete(known);
    if (value !== null) out.set(label, value);
  }
  return Object.fromEntries(out);
}

/** Writes the given settings; null clears an optional one. The caller saves the workbook. */
export function writeSettings(db: Database, patch: SettingsPatch): void {
  const { stage_probabilities: probabilities, forecast_categories: categories, ...plain } = patch;
  const current = probabilities || categories ? readSettings(db) : null;
  const stmt = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  try {
    for (const [k, v] of Object.entries(plain)) {
      if (v === undefined) continue;
      stmt.run([k, v === null ? '' : String(v)]);
    }
    if (current && probabilities) stmt.run(['stage_probabilities', JSON.stringify(patchStages(current.stage_probabilities, probabilities))]);
    if (current && categories) stmt.run(['forecast_categories', JSON.stringify(patchStages(current.forecast_categories, categories))]);
  } finally {
    stmt.free();
  }
}
