/** The period a computation is for (asked, or the latest quarter with data) and the environment it reads through. */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { allPeriod, invalidPeriodMessage, parsePeriod, quarterContaining, type Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { cacheFor } from './cache';
import type { Env } from './measures';
import { Profile } from './profile';

export function env(db: Database, settings: Settings, segField: string | null, scan = false): Env {
  const cache = cacheFor(db, settings);
  const profile = new Profile(db, settings, cache);
  return { db, settings, cache, profile, segField, scan };
}

/** The latest quarter (fiscal quarter with a fiscal year not starting in January) with data; `all` when no row has a date. */
export function defaultPeriod(db: Database, settings: Settings): Period {
  const latest = env(db, settings, null).profile.latest();
  const fs = settings.fiscal_year_start_month;
  return latest ? quarterContaining(latest, fs) : allPeriod(fs);
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
    throw new AppFailure('invalid_period', 'A bridge runs from the day before a period to its last day, and period all has neither: give a month, quarter, year or date range (2026-Q3).', {
      period: text,
    });
  return p;
}
