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
import { rowsByBatch } from './partials';

/** Dates that record something that happened, per dataset (an open deal's close date is only expected). */
const eventDates: Readonly<Record<DatasetName, readonly string[]>> = {
  customers: [dayOf('acquired_at'), dayOf('churned_at')],
  leads: [dayOf('created_at'), dayOf('converted_at')],
  deals: [dayOf('created_at'), `CASE WHEN ${q('status')} IN ('won', 'lost') THEN ${dayOf('closed_at')} END`],
  orders: [dayOf('ordered_at')],
  subscriptions: [dayOf('started_at')],
  tickets: [dayOf('created_at'), dayOf('resolved_at')],
  surveys: [dayOf('responded_at')],
  spend: [],
  email_campaigns: [dayOf('sent_at')],
  web_traffic: [dayOf('day')],
  quotas: [],
  crm_usage: [dayOf('day')],
};

export class Profile {
  constructor(
    private readonly db: Database,
    private readonly cache: Map<string, unknown>,
  ) {}

  rows(ds: DatasetName): number {
    return memo(this.cache, `rows|${ds}`, () =>
      rowsByBatch(this.db, ds, 'rows', (where) => `SELECT ${q('_batch')} AS b, count(*) FROM ${q(ds)} WHERE ${where} GROUP BY b`).reduce(
        (sum, r) => sum + Number(r[0]),
        0,
      ),
    );
  }

  /** True when at least one row has a value in the field. */
  has(ds: DatasetName, field: string): boolean {
    return memo(this.cache, `has|${ds}|${field}`, () =>
      Number(this.db.exec(`SELECT EXISTS (SELECT 1 FROM ${q(ds)} WHERE ${q(field)} IS NOT NULL)`)[0]?.values[0]?.[0]) === 1,
    );
  }

  /** The latest day on which something happened in any dataset, or null when no row has a date. */
  latest(): string | null {
    return memo(this.cache, 'latest', () => {
      let latest: string | null = null;
      for (const d of datasets) {
        const dates = eventDates[d.name];
        if (dates.length === 0 || this.rows(d.name) === 0) continue;
        const rows = rowsByBatch(
          this.db,
          d.name,
          'latest',
          (where) => `SELECT ${q('_batch')} AS b, ${dates.map((x) => `max(${x})`).join(', ')} FROM ${q(d.name)} WHERE ${where} GROUP BY b`,
        );
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
        const optional = storedFields(d.name).filter((f) => !f.required && !f.derived);
        if (optional.length === 0) continue;
        all += rows * optional.length;
        const counts = rowsByBatch(
          this.db,
          d.name,
          'filled',
          (where) => `SELECT ${q('_batch')} AS b, ${optional.map((f) => `count(${q(f.name)})`).join(', ')} FROM ${q(d.name)} WHERE ${where} GROUP BY b`,
        );
        for (const c of counts.flat()) filled += Number(c ?? 0);
      }
      return { filled, all };
    });
  }
}
