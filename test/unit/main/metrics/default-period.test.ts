import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { settingsOf, times, workbook } from './fixture';
import { defaultPeriod, mainDatasets } from '../../../../main/metrics/period';
import { insertBatch, type CanonicalRow } from '../../../../main/store/batches';

const deal = (status: string, created_at: string, closed_at: string | null): CanonicalRow => ({
  stage: status,
  status,
  created_at,
  closed_at,
  amount: 100,
  owner: 'Ann',
});
const survey = (responded_at: string): CanonicalRow => ({ kind: 'nps', score: 9, responded_at });

/** Deals created and closed in 2024-Q1, Q2 and Q3, the last on 2024-09-12. */
const deals2024 = [
  ...times(3, deal('won', '2024-01-05', '2024-02-10')),
  ...times(3, deal('lost', '2024-04-05', '2024-05-10')),
  ...times(3, deal('won', '2024-07-05', '2024-09-12')),
];

/** Rows as one export that shows the day `asOf`. */
function exported(db: Database, dataset: 'deals' | 'surveys', rows: CanonicalRow[], asOf: string): void {
  insertBatch(
    db,
    { dataset, fileName: `${dataset}.csv`, fileSize: 1, fileHash: `h-${asOf}`, sheet: null, rowsRejected: 0, mapping: {}, details: {}, asOf },
    rows,
    `${asOf}T12:00:00`,
  );
}

test('the datasets behind most KPIs lead: deals (14 KPIs) over surveys (4), customers and deals in the sample company', () => {
  assert.deepEqual(mainDatasets(['deals', 'surveys']), ['deals']);
  assert.deepEqual(mainDatasets(['surveys']), ['surveys']);
  assert.deepEqual(
    mainDatasets(['customers', 'leads', 'deals', 'orders', 'subscriptions', 'tickets', 'surveys', 'email_campaigns', 'web_traffic', 'crm_usage']),
    ['customers', 'deals'],
  );
});

test('a small survey in 2019 after deals of 2024 does not win: the default is 2024-Q3, the last quarter of the deals', async () => {
  const db = await workbook({ surveys: times(39, survey('2019-11-20')), deals: deals2024 });
  assert.equal(defaultPeriod(db, settingsOf(db)).id, '2024-Q3');
});

test('nor does a small survey newer than the deals: surveys of 2025-Q4 and deals up to 2024-Q3 default to 2024-Q3', async () => {
  const db = await workbook({ deals: deals2024, surveys: times(39, survey('2025-11-20')) });
  assert.equal(defaultPeriod(db, settingsOf(db)).id, '2024-Q3');
});

test('a quarter the export was taken in the middle of is not complete: deals exported on 2024-09-15 default to 2024-Q2', async () => {
  const db = await workbook({});
  exported(db, 'deals', deals2024, '2024-09-15');
  assert.equal(defaultPeriod(db, settingsOf(db)).id, '2024-Q2');
});

test('an export taken after the quarter ended makes it complete: deals exported on 2024-10-02 default to 2024-Q3', async () => {
  const db = await workbook({});
  exported(db, 'deals', deals2024, '2024-10-02');
  assert.equal(defaultPeriod(db, settingsOf(db)).id, '2024-Q3');
});

test("the last event on the quarter's last day completes it, whatever the as-of day says", async () => {
  const db = await workbook({});
  exported(db, 'deals', [deal('won', '2024-08-01', '2024-09-30')], '2024-09-01');
  assert.equal(defaultPeriod(db, settingsOf(db)).id, '2024-Q3');
});

test('a period with no data is never the default: deals only in an unfinished 2024-Q3 stay on 2024-Q3, not the empty 2024-Q2', async () => {
  const db = await workbook({});
  exported(db, 'deals', times(3, deal('won', '2024-07-05', '2024-08-12')), '2024-08-20');
  assert.equal(defaultPeriod(db, settingsOf(db)).id, '2024-Q3');
});

test("with a July fiscal start the default is the fiscal quarter holding the deals' last complete quarter", async () => {
  const db = await workbook({ surveys: times(39, survey('2019-11-20')), deals: deals2024 });
  assert.equal(defaultPeriod(db, settingsOf(db, { fiscal_year_start_month: 7 })).id, 'FY2025-Q1');
});

test('without dated rows the default is all', async () => {
  const db = await workbook({});
  assert.equal(defaultPeriod(db, settingsOf(db)).id, 'all');
});
