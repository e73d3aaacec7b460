/**
 * What data a workbook holds: rows per dataset, whether a field has any value, the latest event date,
 * and filled cells per field. Each part is read on first use: a value probe stops at the first
 * filled row; counts and latest dates are kept per import batch.
 */
import type { Database } from 'sql.js';
import { datasets, storedFields, type DatasetName } from '../../shared/datasets/catalog';
import { q } from '../store/schema';
import { memo } from './cache';
import { dayOf } from './sql';
import { rowsByBatch, type Rows } from './partials';

/** A date that records something that happened, counted only on rows with one of `whenStatus` when given. */
export interface EventDate {
  readonly field: string;
  readonly whenStatus?: readonly string[];
}

/** Event dates per dataset (an open deal's close date is only expected). */
export const eventDates: Readonly<Record<DatasetName, readonly EventDate[]>> = {
  customers: [{ field: 'acquired_at' }, { field: 'churned_at' }],
  leads: [{ field: 'created_at' }, { field: 'converted_at' }],
  deals: [{ field: 'created_at' }, { field: 'closed_at', whenStatus: ['won', 'lost'] }],
  orders: [{ field: 'ordered_at' }],
  subscriptions: [{ field: 'started_at' }],
  tickets: [{ field: 'created_at' }, { field: 'resolved_at' }],
  surveys: [{ field: 'responded_at' }],
  spend: [],
  email_campaigns: [{ field: 'sent_at' }],
  web_traffic: [{ field: 'day' }],
  quotas: [],
  crm_usage: [{ field: 'day' }],
};

const eventDateSql = (e: EventDate): string =>
  e.whenStatus ? `CASE WHEN ${q('status')} IN (${e.whenStatus.map((s) => `'${s}'`).join(', ')}) THEN ${dayOf(e.field)} END` : dayOf(e.field);

/** Optional fields, whose filled cells make up data completeness. */
export const optionalFields = (ds: DatasetName): string[] => storedFields(ds).filter((f) => !f.required && !f.derived).map((f) => f.name);

/** Rows per batch. */
export const rowsSelect =
  (ds: DatasetName) =>
  (where: string): string =>
    `SELECT ${q('_batch')} AS b, count(*) FROM ${q(ds)} WHERE ${where} GROUP BY b`;

/** The latest event dates per batch. */
export const latestSelect =
  (ds: DatasetName) =>
  (where: string): string =>
    `SELECT ${q('_batch')} AS b, ${eventDates[ds].map((e) => `max(${eventDateSql(e)})`).join(', ')} FROM ${q(ds)} WHERE ${where} GROUP BY b`;

/** Filled cells per optional field per batch. */
export const filledSelect =
  (ds: DatasetName) =>
  (where: string): string =>
    `SELECT ${q('_batch')} AS b, ${optionalFields(ds).map((f) => `count(${q(f)})`).join(', ')} FROM ${q(ds)} WHERE ${where} GROUP BY b`;

export class Profile {
  constructor(
    private readonly db: Database,
    private readonly cache: Map<string, unknown>,
  ) {}

  rows(ds: DatasetName): number {
    return memo(this.cache, `rows|${ds}`, () =>
      rowsByBatch(this.db, ds, rowsSelect(ds)).reduce(
        (sum, r) => sum + Number(r[0]),
        0,
      ),
    );
  }

  /** True when at least one row has a value in the field. */
  has(ds: DatasetName, field: string): boolean {
    return memo(this.cache, `has|${ds}|${field}`, () => {
      // An optional field's filled cells are counted per batch already; a probe of a million rows
      // where the field is always empty would read every one of them.
      const column = optionalFields(ds).indexOf(field);
      if (column >= 0) return this.filled(ds).some((counts) => Number(counts[column] ?? 0) > 0);
      return Number(this.db.exec(`SELECT EXISTS (SELECT 1 FROM ${q(ds)} WHERE ${q(field)} IS NOT NULL)`)[0]?.values[0]?.[0]) === 1;
    });
  }

  /** Filled cells per optional field, one row per batch. */
  private filled(ds: DatasetName): Rows {
    return memo(this.cache, `filled|${ds}`, () => rowsByBatch(this.db, ds, filledSelect(ds)));
  }

  /** The latest day on which something happened in any dataset, or null when no row has a date. */
  latest(): string | null {
    return memo(this.cache, 'latest', () => {
      let latest: string | null = null;
      for (const d of datasets) {
        if (eventDates[d.name].length === 0 || this.rows(d.name) === 0) continue;
        const rows = rowsByBatch(this.db, d.name, latestSelect(d.name));
        for (const v of rows.flat()) if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && (latest === null || v > latest)) latest = v;
      }
      return latest;
    });
  }

  /** Filled and all optional cells over every dataset with rows. */
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
        const counts = this.filled(d.name);
        for (const c of counts.flat()) filled += Number(c ?? 0);
      }
      return { filled, all };
    });
  }
}
