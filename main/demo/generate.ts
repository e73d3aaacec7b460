import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import { storedFields, type DatasetName } from '../../shared/datasets/catalog';
import { insertBatch, type CanonicalRow } from '../store/batches';
import { writeSettings } from '../store/settings';
import { companyName, crmGain, currency, grossMargin, seats } from './company';
import { parseDay } from './days';
import { emailCampaignRows, spendRows, webTrafficRows } from './marketing';
import { Random } from './random';
import { planOpenDeals } from './forecast';
import { simulateSales } from './sales';
import { customerRows, dealRows, leadRows, quotaRows, subscriptionRows } from './sales-rows';
import { serviceRows } from './service';
import { writeDemoTargets } from './targets';
import { orderRows } from './shop';
import { timelineEnding } from './timeline';
import { crmUsageRows } from './usage';

export interface DemoOptions {
  /** Any 32-bit number; the same seed always gives the same company. */
  readonly seed?: number;
  /**
   * The story ends with the last full quarter on or before this day (YYYY-MM-DD). Fixed by default,
   * so the demo never depends on today's date.
   */
  readonly endDate?: string;
}

export const defaultDemoSeed = 20260930;
export const defaultDemoEndDate = '2026-09-30';

/** The sample company's twelve datasets as canonical rows, in catalogue order. */
export function generateDemo(opts: DemoOptions = {}): Map<DatasetName, CanonicalRow[]> {
  const rng = new Random(opts.seed ?? defaultDemoSeed);
  const tl = timelineEnding(parseDay(opts.endDate ?? defaultDemoEndDate, 'Demo end date'));
  const sales = simulateSales(rng.fork('sales'), tl);
  planOpenDeals(rng.fork('forecast'), sales.deals, tl);
  const service = serviceRows(rng.fork('service'), sales.customers, tl);
  return new Map<DatasetName, CanonicalRow[]>([
    ['customers', customerRows(sales, tl)],
    ['leads', leadRows(sales)],
    ['deals', dealRows(sales)],
    ['orders', orderRows(rng.fork('orders'), sales.customers, tl)],
    ['subscriptions', subscriptionRows(sales)],
    ['tickets', service.tickets],
    ['surveys', service.surveys],
    ['spend', spendRows(rng.fork('spend'), tl)],
    ['email_campaigns', emailCampaignRows(rng.fork('email'), tl)],
    ['web_traffic', webTrafficRows(rng.fork('web'), tl)],
    ['quotas', quotaRows(sales, tl)],
    ['crm_usage', crmUsageRows(rng.fork('usage'), tl)],
  ]);
}

export interface WriteDemoOptions extends DemoOptions {
  /** The batches' import time, `YYYY-MM-DDTHH:MM:SS`; now by default. */
  readonly importedAt?: string;
}

export interface DemoBatch {
  readonly dataset: DatasetName;
  readonly batchId: number;
  readonly rows: number;
}

/**
 * Writes the sample company into an open workbook: each dataset as one import batch named like the
 * file it stands for (`demo/deals.csv`), so the data page shows it and undo works as for any import,
 * and the settings the KPIs need (seats for active_user_rate, the CRM gain for crm_roi, the margin for
 * CAC payback). The caller saves the workbook.
 */
export function writeDemo(db: Database, opts: WriteDemoOptions = {}): DemoBatch[] {
  const importedAt = opts.importedAt ?? new Date().toISOString().slice(0, 19);
  const out: DemoBatch[] = [];
  for (const [dataset, rows] of generateDemo(opts)) {
    const json = JSON.stringify(rows);
    const mapping = Object.fromEntries(
      storedFields(dataset)
        .filter((f) => !f.derived)
        .map((f) => [f.name, f.name]),
    );
    const batchId = insertBatch(
      db,
      {
        dataset,
        fileName: `demo/${dataset}.csv`,
        fileSize: Buffer.byteLength(json),
        fileHash: createHash('sha256').update(json).digest('hex'),
        sheet: null,
        rowsRejected: 0,
        mapping,
        details: { source: 'demo', seed: opts.seed ?? defaultDemoSeed },
        // The story's exports were all made on its last day.
        asOf: opts.endDate ?? defaultDemoEndDate,
      },
      rows,
      importedAt,
    );
    out.push({ dataset, batchId, rows: rows.length });
  }
  writeSettings(db, { company_name: companyName, currency, seats, crm_gain: crmGain, gross_margin: grossMargin });
  writeDemoTargets(db);
  return out;
}
