/**
 * What data a workbook holds: records per dataset, whether a field has any value, the latest event
 * date, and filled cells per field, each counted per import batch like every other rollup.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { dataset, datasets, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { q } from '../store/schema';
import { memo } from './cache';
import { textOf } from './compile';
import { filledRollupDef, latestRollupDef, optionalFields, rowsRollupDef } from './profile-rollups';
import { rollupRows } from './rollups';
import { validity } from '../store/versions';

export class Profile {
  constructor(
    private readonly db: Database,
    private readonly settings: Settings,
    private readonly cache: Map<string, unknown>,
  ) {}

  rows(ds: DatasetName): number {
    return memo(this.cache, `rows|${ds}`, () => rollupRows(this.db, rowsRollupDef(ds, this.settings), this.settings).reduce((sum, r) => sum + Number(r[0]), 0));
  }

  /** True when at least one current record has a value in the field. */
  has(ds: DatasetName, field: string): boolean {
    return memo(this.cache, `has|${ds}|${field}`, () => {
      // An optional field's filled cells are counted per batch already; a probe of a million rows
      // where the field is always empty would read every one of them.
      const column = optionalFields(ds).indexOf(field);
      if (column >= 0) return this.filled(ds)[column]! > 0;
      const sql = `SELECT EXISTS (SELECT 1 FROM ${q(ds)} WHERE ${q(field)} IS NOT NULL AND ${q(systemColumns.until)} IS NULL)`;
      return Number(this.db.exec(sql)[0]?.values[0]?.[0]) === 1;
    });
  }

  /** Filled cells per optional field over the current records. */
  private filled(ds: DatasetName): number[] {
    return memo(this.cache, `filled|${ds}`, () => {
      const out = optionalFields(ds).map(() => 0);
      for (const r of rollupRows(this.db, filledRollupDef(ds, this.settings), this.settings)) r.forEach((c, i) => (out[i]! += Number(c ?? 0)));
      return out;
    });
  }

  /** The day the dataset's first export shows (states before it are rebuilt from the current records), or null without one. */
  firstAsOf(ds: DatasetName): string | null {
    return memo(this.cache, `firstAsOf|${ds}`, () => validity(this.db, ds).first);
  }

  /** The latest day on which something happened in any dataset, or null when no row has a date. */
  latest(): string | null {
    let latest: string | null = null;
    for (const d of datasets) {
      const day = this.latestOf(d.name);
      if (day !== null && (latest === null || day > latest)) latest = day;
    }
    return latest;
  }

  /** The latest day on which something happened in one dataset, or null when none of its rows has a date. */
  latestOf(ds: DatasetName): string | null {
    return memo(this.cache, `latest|${ds}`, () => {
      if (dataset(ds).events.length === 0 || this.rows(ds) === 0) return null;
      let latest: string | null = null;
      for (const v of rollupRows(this.db, latestRollupDef(ds, this.settings), this.settings).flat()) {
        const day = textOf(v);
        if (day !== null && (latest === null || day > latest)) latest = day;
      }
      return latest;
    });
  }

  /** True when something happened in the dataset between two days (inclusive), as its current records say. */
  happenedBetween(ds: DatasetName, start: string, end: string): boolean {
    return memo(this.cache, `between|${ds}|${start}|${end}`, () => {
      const status = q('status');
      const within = dataset(ds).events.map((e) => {
        const day = `substr(${q(e.field)}, 1, 10) BETWEEN $start AND $end`;
        return e.whenStatus ? `(${day} AND ${status} IN (${e.whenStatus.map((s) => `'${s}'`).join(', ')}))` : day;
      });
      if (within.length === 0) return false;
      const sql = `SELECT EXISTS (SELECT 1 FROM ${q(ds)} WHERE ${q(systemColumns.until)} IS NULL AND (${within.join(' OR ')}))`;
      return Number(this.db.exec(sql, { $start: start, $end: end })[0]?.values[0]?.[0]) === 1;
    });
  }

  /** Filled and all optional cells over every dataset with records. */
  completeness(): { filled: number; all: number } {
    return memo(this.cache, 'completeness', () => {
      let filled = 0;
      let all = 0;
      for (const d of datasets) {
        const rows = this.rows(d.name);
        if (rows === 0) continue;
        const optional = optionalFields(d.name);
        if (optional.length === 0) continue;
        all += rows * optional.length;
        filled += this.filled(d.name).reduce((a, b) => a + b, 0);
      }
      return { filled, all };
    });
  }
}
