/**
 * After an import, the grouped rows every KPI reads are written to the workbook (`rollups`), so the
 * next open — a `kpiw metrics`, the app's dashboard — reads a few kilobytes instead of scanning every
 * row again. The rows the import itself computed on its way in are already there; this fills the rest
 * (and, once, those of batches imported before rollups were kept).
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { computeMetrics } from './compute';
import { forgetCached } from './cache';
import { persistingRollups } from './rollups';

/**
 * False when they could not be computed (the KPIs themselves would then say why): the import stands,
 * only the speed-up is missing, and the rows are computed from the data when next asked for.
 */
export function keepRollups(db: Database, settings: Settings): boolean {
  db.run('BEGIN');
  try {
    // What is already worked out would answer without reading a rollup, and what is not read is not kept.
    forgetCached(db);
    // Which way a KPI is computed depends only on whether the period is dated (chooseWay), so one
    // dated period and period all read every rollup any dashboard, trend or report will ask for.
    persistingRollups(db, settings, () => {
      computeMetrics(db, { compare: 'previous' }, settings);
      computeMetrics(db, { period: 'all' }, settings);
    });
    db.run('COMMIT');
    return true;
  } catch {
    db.run('ROLLBACK');
    return false;
  }
}
