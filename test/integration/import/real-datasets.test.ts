/**
 * The real exports in ../shared/datasets imported as a new user would (detection, mapping and
 * normalisation all automatic), checked against counts and values read independently from the files
 * with Python's csv module (the figures in the comments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Database } from 'sql.js';
import { memoryDatabase } from '../../../main/store/memory';
import { importFile } from '../../../main/import/pipeline';
import type { ImportOptions } from '../../../shared/api';

const data = (p: string) => fileURLToPath(new URL(`../../../../shared/datasets/${p}`, import.meta.url));

async function load(path: string, options: ImportOptions = {}, db?: Database) {
  const d = db ?? (await memoryDatabase());
  const result = await importFile(d, data(path), options, { dryRun: false, fileName: path.split('/').pop()! });
  return { db: d, result };
}

const scalar = (db: Database, sql: string) => db.exec(sql)[0]!.values[0]![0];
const rows = (db: Database, sql: string) => db.exec(sql)[0]?.values ?? [];

test('Maven CRM pipeline: 8,800 deals, stages read as won/lost/open, values as written', async () => {
  const { db, result } = await load('maven-crm-sales/sales_pipeline.csv');
  assert.equal(result.dataset, 'deals');
  assert.equal(result.accepted, 8800);
  assert.equal(result.rejected, 0);
  // Won 4,238 · Lost 2,473 · Engaging 1,589 + Prospecting 500 = 2,089 open
  assert.deepEqual(rows(db, 'SELECT status, count(*) FROM deals GROUP BY status ORDER BY status'), [
    ['lost', 2473],
    ['open', 2089],
    ['won', 4238],
  ]);
  assert.equal(scalar(db, "SELECT sum(amount) FROM deals WHERE status = 'won'"), 10005534);
  assert.deepEqual(rows(db, "SELECT owner, product, customer_id, stage, created_at, closed_at, amount FROM deals WHERE deal_id = '1C1I7A6R'"), [
    ['Moses Frase', 'GTX Plus Basic', 'Cancity', 'Won', '2016-10-20', '2017-03-01', 1054],
  ]);
  // Prospecting rows have no engage date, open rows no close date or value: missing, not zero.
  assert.equal(scalar(db, "SELECT count(*) FROM deals WHERE stage = 'Prospecting' AND created_at IS NULL"), 500);
  assert.equal(scalar(db, "SELECT count(*) FROM deals WHERE status = 'open' AND amount IS NULL"), 2089);
});

test('the re-saved Maven variants store the same dates as the original (M/D/YYYY and DD-MM-YYYY detected per column)', async () => {
  const { db } = await load('maven-crm-sales/sales_pipeline.csv');
  const original = rows(db, 'SELECT deal_id, created_at, closed_at, status, owner FROM deals ORDER BY deal_id');
  for (const variant of ['sales_pipeline_mdy_dates.csv', 'sales_pipeline_dmy_dates_null_strings.csv']) {
    const { db: v, result } = await load(`maven-crm-sales/variants/${variant}`);
    assert.equal(result.accepted, 8800, variant);
    assert.deepEqual(rows(v, 'SELECT deal_id, created_at, closed_at, status, owner FROM deals ORDER BY deal_id'), original, variant);
  }
  const { db: dmy } = await load('maven-crm-sales/variants/sales_pipeline_dmy_dates_null_strings.csv');
  // The literal string "null" is a missing value: 1,425 open rows have no account in the original.
  assert.equal(scalar(dmy, 'SELECT count(*) FROM deals WHERE customer_id IS NULL'), scalar(db, 'SELECT count(*) FROM deals WHERE customer_id IS NULL'));
});

test('Telco churn snapshot: 7,043 customers, 1,869 churned, monthly charges to the cent', async () => {
  const { db, result } = await load('ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv');
  assert.equal(result.dataset, 'customers');
  assert.equal(result.accepted, 7043);
  assert.equal(scalar(db, 'SELECT sum(churned) FROM customers'), 1869);
  assert.equal(Math.round(Number(scalar(db, 'SELECT sum(monthly_revenue) FROM customers')) * 100), 45611660);
  assert.deepEqual(rows(db, "SELECT plan, tenure_months FROM customers WHERE customer_id = '7590-VHVEG'"), [['Month-to-month', 1]]);
});

test('Online Retail sample: rows without a customer are rejected one by one with row, column and reason', async () => {
  const { result, db } = await load('uci-online-retail/online_retail_sample.csv');
  assert.equal(result.dataset, 'orders');
  // 20,000 rows, 5,078 with CustomerID "NA"
  assert.equal(result.accepted, 14922);
  assert.equal(result.rejected, 5078);
  assert.ok(result.problems.every((p) => p.column === 'CustomerID' && p.value === 'NA'));
  assert.equal(result.problems[0]!.row, 2);
  // No amount column: amount = Quantity x UnitPrice (first good row below is 546306-like lines)
  assert.equal(scalar(db, 'SELECT count(*) FROM orders WHERE abs(amount - quantity * unit_price) > 1e-9'), 0);
});

test('Superstore: the Excel workbook and its Windows-1252 CSV copy give the same 9,994 order lines', async () => {
  const { db: x, result } = await load('superstore/Sample - Superstore.xlsx');
  assert.equal(result.dataset, 'orders');
  assert.equal(result.accepted, 9994);
  const { db: c } = await load('superstore/variants/superstore_cp1252_mixed_date_formats.csv');
  // sum of Sales = 2,297,200.8603; 5,009 orders; 793 customers
  for (const db of [x, c]) {
    assert.equal(Math.round(Number(scalar(db, 'SELECT sum(amount) FROM orders')) * 10000), 22972008603);
    assert.equal(scalar(db, 'SELECT count(DISTINCT order_id) FROM orders'), 5009);
    assert.equal(scalar(db, 'SELECT count(DISTINCT customer_id) FROM orders'), 793);
  }
  assert.deepEqual(rows(x, "SELECT ordered_at, amount FROM orders WHERE order_id = 'CA-2016-152156' ORDER BY _row LIMIT 1"), [['2016-11-08', 261.96]]);
  assert.deepEqual(
    rows(x, 'SELECT order_id, customer_id, ordered_at, amount FROM orders ORDER BY _row'),
    rows(c, 'SELECT order_id, customer_id, ordered_at, amount FROM orders ORDER BY _row'),
  );
});

test('airline NPS answers: detected as surveys, kind nps given to every row with a note', async () => {
  const { db, result } = await load('nps-surveys-preppin/other_airlines_nps.csv');
  assert.equal(result.dataset, 'surveys');
  assert.equal(result.accepted, 5723);
  assert.ok(result.notes.some((n) => n.includes('kind=nps')));
  // 2,069 promoters (9-10), 1,558 detractors (0-6)
  assert.equal(scalar(db, "SELECT count(*) FROM surveys WHERE kind = 'nps' AND score >= 9"), 2069);
  assert.equal(scalar(db, "SELECT count(*) FROM surveys WHERE kind = 'nps' AND score <= 6"), 1558);
});

test('support tickets without a creation time: refused with what to do, then imported with --set', async () => {
  await assert.rejects(load('support-tickets/customer_support_tickets.csv'), (e: Error) => /created_at/.test(e.message) && /--set/.test(e.message));
  const { result } = await load('support-tickets/customer_support_tickets.csv', { set: [['created_at', '2023-06-01']] });
  assert.equal(result.dataset, 'tickets');
  assert.equal(result.accepted, 8469);
});

test('foreign keys are checked again after an import, whether it succeeded or was refused', async () => {
  const { db } = await load('maven-crm-sales/sales_pipeline.csv');
  assert.equal(scalar(db, 'PRAGMA foreign_keys'), 1);
  await assert.rejects(load('support-tickets/customer_support_tickets.csv', {}, db));
  assert.equal(scalar(db, 'PRAGMA foreign_keys'), 1);
  assert.throws(() => db.run("INSERT INTO deals (_batch, _row, stage) VALUES (999, 2, 'Won')"), /FOREIGN KEY/);
});
