/**
 * What is worked out from a workbook (rollups read over every batch, movements, cohorts, duplicates)
 * is kept per database object until its data or settings change, so a dashboard, its trend and its
 * segments after one import read the tables once. The key is every import batch (id, rows, time)
 * plus the settings: imports and undo go through batches.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';

interface Entry {
  version: string;
  values: Map<string, unknown>;
}

const caches = new WeakMap<Database, Entry>();

function dataVersion(db: Database, settings: Settings): string {
  const row = db.exec(`SELECT count(*), group_concat(id || ':' || rows_accepted || ':' || imported_at, ',') FROM import_batches`)[0]?.values[0];
  return `${String(row?.[0])}|${String(row?.[1])}|${JSON.stringify(settings)}`;
}

/** The cache for this database at its current data version (emptied when the version moved). */
export function cacheFor(db: Database, settings: Settings): Map<string, unknown> {
  const version = dataVersion(db, settings);
  const entry = caches.get(db);
  if (entry && entry.version === version) return entry.values;
  const fresh: Entry = { version, values: new Map() };
  caches.set(db, fresh);
  return fresh.values;
}

export function memo<T>(cache: Map<string, unknown>, key: string, build: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = build();
  cache.set(key, value);
  return value;
}

/** Forgets what was worked out for this database, so the next computation reads its rollups again. */
export function forgetCached(db: Database): void {
  caches.delete(db);
}
