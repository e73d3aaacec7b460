/**
 * The real exports in ../shared/datasets imported as a new user would (detection, mapping and
 * normalisation all automatic), checked against counts and values read independently from the files
 * with Python's csv module (the figures in the comments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { memoryDatabase } from '../../../main/store/memory';
import { importFile } from '../../../main/import/pipeline';
import type { ImportOptions } from '../../../shared/api';
import { realData, withoutRealData } from '../../support/real-data';

async function load(path: string, options: ImportOptions = {}, db?: Database) {
  const d = db ?? (await memoryDatabase());
  const result = await importFile(d, realData(path), options, { dryRun: false, fileName: path.split('/').pop()! });
  return { db: d, result };
}

const scalar = (db: Database, sql: string) => db.exec(sql)[0]!.values[0]![0];
const rows = (db: Database, sql: string) => db.exec(sql)[0]?.values ?? [];

test('Maven CRM pipeline: 8,800 deals, stages read as won/lost/open, values as written', { skip: withoutRealData }, async () => {
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

test('the re-saved Maven variants store the same dates as the original (M/D/YYYY and DD-MM-YYYY detected per column)', { skip: withoutRealData }, async () => {
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

test('Telco churn snapshot: 7,043 customers, 1,869 churned, monthly charges to the cent', { skip: withoutRealData }, async () => {
  const { db, result } = await load('ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv');
  assert.equal(result.dataset, 'customers');
  assert.equal(result.accepted, 7043);
  assert.equal(scalar(db, 'SELECT sum(churned) FROM customers'), 1869);
  assert.equal(Math.round(Number(scalar(db, 'SELECT sum(monthly_revenue) FROM customers')) * 100), 45611660);
  assert.deepEqual(rows(db, "SELECT plan, tenure_months FROM customers WHERE customer_id = '7590-VHVEG'"), [['Month-to-month', 1]]);
});

test('Online Retail sample: rows without a customer are rejected one by one with row, column and reason', { skip: withoutRealData }, async () => {
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

test('Superstore: the Excel workbook and its Windows-1252 CSV copy give the same 9,994 order lines', { skip: withoutRealData }, async () => {
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

test('airline NPS answers: detected as surveys, kind nps given to every row with a note', { skip: withoutRealData }, async () => {
  const { db, result } = await load('nps-surveys-preppin/other_airlines_nps.csv');
  assert.equal(result.dataset, 'surveys');
  assert.equal(result.accepted, 5723);
  assert.ok(result.notes.some((n) => n.includes('Kind is not in the file: every row was read as nps')));
  // 2,069 promoters (9-10), 1,558 detractors (0-6)
  assert.equal(scalar(db, "SELECT count(*) FROM surveys WHERE kind = 'nps' AND score >= 9"), 2069);
  assert.equal(scalar(db, "SELECT count(*) FROM surveys WHERE kind = 'nps' AND score <= 6"), 1558);
});

test('support tickets without a creation time: refused with what to do, then imported with --set', { skip: withoutRealData }, async () => {
  await assert.rejects(load('support-tickets/customer_support_tickets.csv'), (e: Error) =>
    /each ticket needs Created: map a column to it or give it one value for every row/.test(e.message),
  );
  const { result } = await load('support-tickets/customer_support_tickets.csv', { set: [['Created', '2023-06-01']] });
  assert.equal(result.dataset, 'tickets');
  assert.equal(result.accepted, 8469);
});

test('foreign keys are checked again after an import, whether it succeeded or was refused', { skip: withoutRealData }, async () => {
  const { db } = await load('maven-crm-sales/sales_pipeline.csv');
  assert.equal(scalar(db, 'PRAGMA foreign_keys'), 1);
  await assert.rejects(load('support-tickets/customer_support_tickets.csv', {}, db));
  assert.equal(scalar(db, 'PRAGMA foreign_keys'), 1);
  assert.throws(() => db.run("INSERT INTO deals (_batch, _row, stage) VALUES (999, 2, 'Won')"), /FOREIGN KEY/);
});

test('Amazon Alexa reviews (TSV): 3,150 one-to-five star ratings as CSAT, D-Mon-YY dates', { skip: withoutRealData }, async () => {
  const { db, result } = await load('amazon-alexa-reviews/amazon_alexa.tsv');
  assert.equal(result.dataset, 'surveys');
  assert.equal(result.accepted, 3150);
  // 5★ 2,286 · 4★ 455 · 3★ 152 · 2★ 96 · 1★ 161; ratings add up to 14,059
  assert.deepEqual(rows(db, "SELECT score, count(*) FROM surveys WHERE kind = 'csat' GROUP BY score ORDER BY score"), [
    [1, 161],
    [2, 96],
    [3, 152],
    [4, 455],
    [5, 2286],
  ]);
  assert.equal(scalar(db, 'SELECT sum(score) FROM surveys'), 14059);
  assert.equal(scalar(db, 'SELECT responded_at FROM surveys WHERE _row = 2'), '2018-07-31');
  assert.equal(scalar(db, 'SELECT count(*) FROM surveys WHERE responded_at IS NULL'), 0);
});

test('crm-tool-exports: the Mailchimp campaign list, the Salesforce opportunities and the opportunity history', { skip: withoutRealData }, async () => {
  const { db: m, result: mr } = await load('crm-tool-exports/mailchimp_campaigns.csv');
  assert.equal(mr.dataset, 'email_campaigns');
  // 43 campaigns, 43 Unique Ids, 30,526 recipients in all; the first sent "Jun 01, 2023 09:46 pm"
  assert.equal(mr.accepted, 43);
  assert.equal(scalar(m, 'SELECT count(DISTINCT campaign_id) FROM email_campaigns'), 43);
  assert.equal(scalar(m, 'SELECT sum(sent) FROM email_campaigns'), 30526);
  assert.equal(scalar(m, "SELECT sent_at FROM email_campaigns WHERE campaign_id = '031aae0fbe'"), '2023-06-01');

  const { db: s, result: sr } = await load('crm-tool-exports/salesforce_opportunity.csv');
  assert.equal(sr.dataset, 'deals');
  assert.equal(sr.accepted, 219);
  // StageName: Closed Won 89, Closed Lost 57, the other four stages 73; won Amounts add up to 35,847,080 (one is blank)
  assert.deepEqual(rows(s, 'SELECT status, count(*) FROM deals GROUP BY status ORDER BY status'), [
    ['lost', 57],
    ['open', 73],
    ['won', 89],
  ]);
  assert.equal(scalar(s, "SELECT sum(amount) FROM deals WHERE status = 'won'"), 35847080);
  assert.equal(scalar(s, "SELECT count(*) FROM deals WHERE status = 'won' AND amount IS NULL"), 1);

  // A stage history, one row per stage change: 584 rows of 219 opportunities. Only each one's first
  // row is read (the others are rejected as repeats of its ID), so this file is no deals export.
  const { result: hr } = await load('crm-tool-exports/salesforce_opportunity_history.csv');
  assert.equal(hr.accepted, 219);
  assert.equal(hr.rejected, 365);
  assert.ok(hr.problems.every((p) => p.column === 'OppID' && /is a duplicate of row/.test(p.reason)));
});

test('Facebook ad campaigns: 1,143 ad rows are 31 days of marketing spend, every cent of it', { skip: withoutRealData }, async () => {
  const { db, result } = await load('fb-ad-campaigns/KAG_conversion_data.csv');
  assert.equal(result.dataset, 'spend');
  assert.equal(result.accepted, 1143);
  assert.equal(result.collapsed, 1112);
  // 31 distinct days in August 2023; Spent adds up to 58,705.229958205
  assert.deepEqual(rows(db, 'SELECT count(*), min(spent_at), max(spent_at) FROM spend'), [[31, '2023-08-01', '2023-08-31']]);
  assert.ok(Math.abs(Number(scalar(db, "SELECT sum(amount) FROM spend WHERE category = 'marketing'")) - 58705.22995820498) < 1e-6);
  assert.ok(Math.abs(Number(scalar(db, "SELECT amount FROM spend WHERE spent_at = '2023-08-31'")) - 3.249999971) < 1e-9);
});

test('IBM marketing customer value: 9,134 insurance customers, their monthly premium as monthly revenue', { skip: withoutRealData }, async () => {
  const { db, result } = await load('ibm-marketing-clv/WA_Fn-UseC_-Marketing-Customer-Value-Analysis.csv');
  assert.equal(result.dataset, 'customers');
  assert.equal(result.accepted, 9134);
  // Monthly Premium Auto adds up to 851,465; Months Since Policy Inception to 439,022
  assert.equal(scalar(db, 'SELECT sum(monthly_revenue) FROM customers'), 851465);
  assert.equal(scalar(db, 'SELECT sum(tenure_months) FROM customers'), 439022);
  // California 3,150 · Oregon 2,601 · Arizona 1,703 · Nevada 882 · Washington 798; Agent 3,477 · Branch 2,567 · Call Center 1,765 · Web 1,325
  assert.deepEqual(rows(db, 'SELECT region, count(*) FROM customers GROUP BY region ORDER BY 2 DESC'), [
    ['California', 3150],
    ['Oregon', 2601],
    ['Arizona', 1703],
    ['Nevada', 882],
    ['Washington', 798],
  ]);
  assert.deepEqual(rows(db, 'SELECT source, count(*) FROM customers GROUP BY source ORDER BY 2 DESC'), [
    ['Agent', 3477],
    ['Branch', 2567],
    ['Call Center', 1765],
    ['Web', 1325],
  ]);
  assert.deepEqual(rows(db, "SELECT monthly_revenue, tenure_months, region FROM customers WHERE customer_id = 'BU79786'"), [[69, 5, 'Washington']]);
});

test("Maven's lookup tables (accounts, products, sales teams) are no dataset of ours: refused, saying what to choose", { skip: withoutRealData }, async () => {
  for (const f of ['accounts.csv', 'products.csv', 'sales_teams.csv']) {
    await assert.rejects(load(`maven-crm-sales/${f}`), (e: Error) => e.message.startsWith(`${f}: no dataset matched enough columns`), f);
  }
});

test('Preppin NPS: Prep Air and the Sudzilla conference survey (a Google Forms export)', { skip: withoutRealData }, async () => {
  const { db: p, result: pr } = await load('nps-surveys-preppin/prep_air_nps.csv');
  assert.equal(pr.accepted, 184);
  // 74 promoters (9-10), 35 detractors (0-6)
  assert.equal(scalar(p, "SELECT count(*) FROM surveys WHERE kind = 'nps' AND score >= 9"), 74);
  assert.equal(scalar(p, "SELECT count(*) FROM surveys WHERE kind = 'nps' AND score <= 6"), 35);

  const { db: s, result: sr } = await load('nps-surveys-preppin/sudzilla_conference_survey.csv');
  assert.equal(sr.dataset, 'surveys');
  assert.equal(sr.accepted, 39);
  // The first 0-10 question: 9 and 10 four times each (8 promoters); 0-6 22 times
  assert.deepEqual(rows(s, "SELECT sum(score >= 9), sum(score <= 6), min(responded_at), max(responded_at) FROM surveys WHERE kind = 'nps'"), [
    [8, 22, '2019-11-01', '2019-11-04'],
  ]);
});

test('Olist funnel: 8,000 MQLs as leads; the closed deals alone have no creation date and are refused saying so', { skip: withoutRealData }, async () => {
  const { db, result } = await load('olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv');
  assert.equal(result.dataset, 'leads');
  assert.equal(result.accepted, 8000);
  // origin: 60 empty, 1,099 'unknown'; first contact 2017-06-14..2018-05-31
  assert.equal(scalar(db, 'SELECT count(*) FROM leads WHERE source IS NULL'), 60);
  assert.equal(scalar(db, "SELECT count(*) FROM leads WHERE source = 'unknown'"), 1099);
  assert.deepEqual(rows(db, 'SELECT min(created_at), max(created_at) FROM leads'), [['2017-06-14', '2018-05-31']]);
  await assert.rejects(load('olist-marketing-funnel/olist_closed_deals_dataset.csv'), (e: Error) => /each lead needs Created: map a column/.test(e.message));
});

test(
  'files without a dataset of ours are refused before anything is written: the Superstore re-save without order columns, UCI bank calls',
  { skip: withoutRealData },
  async () => {
    // No Order ID, Customer ID or Order Date in the European re-save.
    await assert.rejects(load('superstore/variants/superstore_semicolon_decimal_comma_cp1252.csv'), (e: Error) =>
      /each order line needs Ordered:/.test(e.message),
    );
    // Phone calls with a day and a month but no year, and no ID.
    await assert.rejects(load('uci-bank-marketing/bank.csv'), (e: Error) => /no dataset matched enough columns/.test(e.message));
  },
);

test('Online Retail.xlsx: 1,009 invoice lines of 1 December 2010, the one without a customer rejected', { skip: withoutRealData }, async () => {
  const { db, result } = await load('uci-online-retail/Online Retail.xlsx');
  assert.equal(result.dataset, 'orders');
  // Read with ExcelJS: 1,009 rows, CustomerID empty on row 624; Quantity x UnitPrice of the rest adds up to 24,525.33
  assert.equal(result.accepted, 1008);
  assert.deepEqual(
    result.problems.map((p) => [p.row, p.column]),
    [[624, 'CustomerID']],
  );
  assert.ok(Math.abs(Number(scalar(db, 'SELECT sum(amount) FROM orders')) - 24525.33) < 1e-6);
  // 10 lines of C-invoices (cancellations); 65 invoices with a customer
  assert.equal(scalar(db, 'SELECT sum(cancelled) FROM orders'), 10);
  assert.equal(scalar(db, 'SELECT count(DISTINCT order_id) FROM orders'), 65);
  assert.deepEqual(rows(db, 'SELECT min(ordered_at), max(ordered_at) FROM orders'), [['2010-12-01', '2010-12-01']]);
});
