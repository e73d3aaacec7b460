/** The period a computation is for (asked, or the latest complete quarter of the main datasets) and the environment it reads through. */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { datasetNames, type DatasetName } from '../../shared/datasets/catalog';
import { catalogue } from '../../shared/metrics';
import { allPeriod, invalidPeriodMessage, parsePeriod, quarterContaining, shiftPeriod, type Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { chronology } from '../store/batches';
import { cacheFor } from './cache';
import type { Env } from './measures';
import { Profile } from './profile';

export function env(db: Database, settings: Settings, segField: string | null, scan = false): Env {
  const cache = cacheFor(db, settings);
  const profile = new Profile(db, settings, cache);
  return { db, settings, cache, profile, segField, scan };
}

/** The KPIs of the catalogue that read each dataset. */
const kpisOf = (ds: DatasetName): string[] => catalogue.filter((m) => ds in m.needs).map((m) => m.id);

/**
 * The datasets most KPI cards stand on: the workbook's dated datasets, those feeding the most KPIs
 * first, until they feed at least half of the KPIs all of them feed (deals over a small survey).
 */
export function mainDatasets(dated: readonly DatasetName[]): DatasetName[] {
  const ranked = [...dated].sort((a, b) => kpisOf(b).length - kpisOf(a).length);
  const all = new Set(ranked.flatMap(kpisOf));
  const fed = new Set<string>();
  const main: DatasetName[] = [];
  for (const ds of ranked) {
    if (fed.size * 2 >= all.size) break;
    main.push(ds);
    for (const id of kpisOf(ds)) fed.add(id);
  }
  return main;
}

/**
 * A dataset's latest complete quarter with data. The quarter of its last event is complete when its
 * newest export shows the quarter's last day (the export's as-of day, or the last event day when that
 * is later); otherwise the quarter before, when something happened in it, else still the last one.
 */
function latestCompleteQuarter(p: Profile, db: Database, ds: DatasetName, last: string, fs: number): Period {
  const quarter = quarterContaining(last, fs);
  const asOf = chronology(db, ds).at(-1)?.asOf ?? last;
  if ((asOf > last ? asOf : last) >= quarter.end) return quarter;
  const before = shiftPeriod(quarter, -1);
  return before && p.happenedBetween(ds, before.start, before.end) ? before : quarter;
}

/**
 * The latest complete quarter (fiscal quarter with a fiscal year not starting in January) of the
 * workbook's main datasets; `all` when no row has a date. A quarter without data is never it.
 */
export function defaultPeriod(db: Database, settings: Settings): Period {
  const profile = env(db, settings, null).profile;
  const fs = settings.fiscal_year_start_month;
  const dated = datasetNames.filter((ds) => profile.latestOf(ds) !== null);
  let best: Period | null = null;
  for (const ds of mainDatasets(dated)) {
    const q = latestCompleteQuarter(profile, db, ds, profile.latestOf(ds)!, fs);
    if (best === null || q.end > best.end) best = q;
  }
  return best ?? allPeriod(fs);
}

/** The period the user asked for, or the default; an unreadable one is an invalid_period failure. */
export function resolvePeriod(db: Database, text: string | undefined, settings: Settings): Period {
  if (text === undefined || text.trim() === '') return defaultPeriod(db, settings);
  const p = parsePeriod(text, settings.fiscal_year_start_month);
  if (!p) throw new AppFailure('invalid_period', invalidPeriodMessage(text), { period: text });
  return p;
}

/** The period of a bridge: a dated one (period `all` has no day before it). */
export function bridgePeriod(db: Database, text: string | undefined, settings: Settings): Period {
  const p = resolvePeriod(db, text, settings);
  if (p.kind === 'all')
    throw new AppFailure(
      'invalid_period',
      'A bridge runs from the day before a period to its last day, and All time has neither: give a month, quarter, year or date range (2026-Q3).',
      {
        period: text,
      },
    );
  return p;
}
