/**
 * Exports in the shapes the vendors write them (the header sets their own documentation and sample
 * exports show), each a small
 * file written here, imported as a new user would: no --as, no --map, no --set. Every figure checked
 * is worked out by hand from the file above it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Database } from 'sql.js';
import { memoryDatabase } from '../../../main/store/memory';
import { importFile } from '../../../main/import/pipeline';
import type { ImportOptions, ImportResult } from '../../../shared/api';
import { kpi } from '../../unit/main/metrics/fixture';

const dir = mkdtempSync(join(tmpdir(), 'kpiw-vendors-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The same rows as an Excel workbook (QuickBooks and SurveyMonkey export both). */
async function workbookFile(name: string, cells: readonly (readonly ExcelJS.CellValue[])[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of cells) ws.addRow([...r]);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

async function load(path: string, options: ImportOptions = {}): Promise<{ db: Database; result: ImportResult }> {
  const db = await memoryDatabase();
  const result = await importFile(db, path, options, { dryRun: false, fileName: path.split('/').pop()! });
  return { db, result };
}

const rows = (db: Database, sql: string) => db.exec(sql)[0]?.values ?? [];
const near = (actual: number | null, expected: number): void => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `${actual} != ${expected}`);
const mapped = (result: ImportResult) => Object.fromEntries(result.mapping.map((m) => [m.column, m.field]));

test('Stripe subscriptions: MRR from Amount x Quantity per Interval; a trial is not revenue; canceled at period end pays until it ends', async () => {
  const path = file('subscriptions.csv', [
    'id,Customer ID,Customer Name,Customer Email,Plan,Product,Product ID,Quantity,Currency,Interval,Amount,Status,Cancellation Reason,Created (UTC),Start (UTC),Current Period Start (UTC),Current Period End (UTC),Trial Start (UTC),Trial End (UTC),Canceled At (UTC),Ended At (UTC),seats (metadata)',
    'sub_1,cus_A,Ann,ann@example.com,Pro Monthly,Pro,prod_1,3,usd,month,19.00,active,,2026-01-05 10:00,2026-01-05 10:00,2026-06-05 10:00,2026-07-05 10:00,,,,,3',
    'sub_2,cus_B,Bob,bob@example.com,Pro Yearly,Pro,prod_1,1,usd,year,240.00,active,,2026-02-10 09:00,2026-02-10 09:00,2026-02-10 09:00,2027-02-10 09:00,,,,,1',
    'sub_3,cus_C,Cy,cy@example.com,Team Weekly,Team,prod_2,2,usd,week,10.00,past_due,,2026-03-02 08:00,2026-03-02 08:00,2026-06-22 08:00,2026-06-29 08:00,,,,,2',
    'sub_4,cus_D,Di,di@example.com,Pro Monthly,Pro,prod_1,1,usd,month,50.00,trialing,,2026-06-20 12:00,2026-06-20 12:00,2026-06-20 12:00,2026-07-04 12:00,2026-06-20 12:00,2026-07-04 12:00,,,1',
    'sub_5,cus_E,Ed,ed@example.com,Pro Monthly,Pro,prod_1,1,usd,month,30.00,active,,2026-01-15 10:00,2026-01-15 10:00,2026-06-15 10:00,2026-07-15 10:00,,,2026-06-10 16:00,,1',
    'sub_6,cus_F,Flo,flo@example.com,Pro Monthly,Pro,prod_1,1,usd,month,40.00,canceled,cancellation_requested,2025-11-01 10:00,2025-11-01 10:00,2026-02-01 10:00,2026-03-01 10:00,,,2026-03-01 10:00,2026-03-01 10:00,1',
    'sub_7,cus_G,Gus,gus@example.com,Pro Monthly,Pro,prod_1,1,usd,month,25.00,incomplete_expired,,2026-06-01 10:00,2026-06-01 10:00,2026-06-01 10:00,2026-07-01 10:00,,,,2026-06-02 10:00,1',
  ]);
  const { db, result } = await load(path, { asOf: '2026-06-30' });
  assert.equal(result.dataset, 'subscriptions');
  assert.equal(result.accepted, 7);
  assert.deepEqual(mapped(result), {
    id: 'subscription_id',
    'Customer ID': 'customer_id',
    Plan: 'plan',
    Quantity: 'quantity',
    Currency: 'currency',
    Interval: 'interval',
    Amount: 'amount',
    Status: 'status',
    'Start (UTC)': 'started_at',
    'Current Period Start (UTC)': 'period_started_at',
    'Current Period End (UTC)': 'renewal_due_at',
    'Trial End (UTC)': 'trial_ends_at',
    'Canceled At (UTC)': 'canceled_at',
    'Ended At (UTC)': 'ended_at',
  });
  assert.deepEqual(rows(db, 'SELECT subscription_id, started_at, ended_at, mrr FROM subscriptions ORDER BY subscription_id'), [
    ['sub_1', '2026-01-05', null, 57], // 19 x 3 a month
    ['sub_2', '2026-02-10', null, 20], // 240 a year / 12
    ['sub_3', '2026-03-02', null, 86.666667], // 10 x 2 a week x 52 / 12
    ['sub_4', '2026-07-04', null, 50], // revenue from the trial's end
    ['sub_5', '2026-01-15', '2026-07-15', 30], // canceled on 10 June, pays until its period ends
    ['sub_6', '2025-11-01', '2026-03-01', 40],
    ['sub_7', '2026-06-01', '2026-06-01', 25], // never paid: ends the day it starts
  ]);
  // At the end of June: 57 + 20 + 86.666667 + 30; sub_4 is still in its trial.
  near(kpi(db, 'mrr', '2026-Q2').value, 193.666667);
  // At the end of February: 57 + 20 + 30 + 40 (sub_6 ended on 1 March, sub_3 started on 2 March).
  near(kpi(db, 'mrr', '2026-02').value, 147);
  assert.ok(result.notes.includes('MRR is "Amount" x "Quantity" per "Interval" (a year / 12, a week x 52 / 12)'), result.notes.join('\n'));
});

test('Stripe customers: id, name, created and plan', async () => {
  const path = file('customers.csv', [
    'id,Description,Email,Name,Created (UTC),Delinquent,Plan,Status,Total Spend,Payment Count,Refunded Volume,Dispute Losses,tier (metadata)',
    'cus_A,,ann@example.com,Ann Example,2026-01-05 10:00,false,Pro Monthly,active,114.00,6,0.00,0.00,gold',
    'cus_B,Yearly customer,bob@example.com,Bob Example,2026-02-10 09:00,false,Pro Yearly,active,240.00,1,0.00,0.00,',
    'cus_C,,cy@example.com,Cy Example,2026-03-02 08:00,true,Team Weekly,past_due,160.00,8,0.00,0.00,',
  ]);
  const { db, result } = await load(path, { asOf: '2026-06-30' });
  assert.equal(result.dataset, 'customers');
  assert.equal(result.accepted, 3);
  assert.deepEqual(mapped(result), { id: 'customer_id', Name: 'name', 'Created (UTC)': 'acquired_at', Plan: 'plan' });
  assert.deepEqual(rows(db, 'SELECT customer_id, name, acquired_at, plan FROM customers ORDER BY customer_id'), [
    ['cus_A', 'Ann Example', '2026-01-05', 'Pro Monthly'],
    ['cus_B', 'Bob Example', '2026-02-10', 'Pro Yearly'],
    ['cus_C', 'Cy Example', '2026-03-02', 'Team Weekly'],
  ]);
});

test('Chargebee Subscriptions.csv: the interval from the current term, Non Renewing pays until the term ends, a trial is not revenue', async () => {
  const path = file('Subscriptions.csv', [
    'subscriptions.id,subscriptions.plan_id,subscriptions.plan_quantity,subscriptions.plan_unit_price,subscriptions.status,subscriptions.start_date,subscriptions.trial_end,subscriptions.current_term_start,subscriptions.current_term_end,subscriptions.created_at,subscriptions.started_at,subscriptions.cancelled_at,customers.id',
    'cb_1,basic-monthly,2,29.00,Active,,,2026-06-10 00:00:00,2026-07-10 00:00:00,2026-01-10 00:00:00,2026-01-10 00:00:00,,cust_1',
    'cb_2,pro-annual,1,1200.00,Active,,,2026-02-01 00:00:00,2027-02-01 00:00:00,2025-02-01 00:00:00,2025-02-01 00:00:00,,cust_2',
    'cb_3,basic-monthly,1,29.00,Non Renewing,,,2026-06-15 00:00:00,2026-07-15 00:00:00,2026-03-15 00:00:00,2026-03-15 00:00:00,2026-07-15 00:00:00,cust_3',
    'cb_4,basic-monthly,1,29.00,Cancelled,,,2026-04-20 00:00:00,2026-05-20 00:00:00,2026-02-20 00:00:00,2026-02-20 00:00:00,2026-05-20 00:00:00,cust_4',
    'cb_5,pro-monthly,1,99.00,In Trial,,2026-07-12 00:00:00,2026-06-28 00:00:00,2026-07-12 00:00:00,2026-06-28 00:00:00,2026-06-28 00:00:00,,cust_5',
  ]);
  const { db, result } = await load(path, { asOf: '2026-06-30' });
  assert.equal(result.dataset, 'subscriptions');
  assert.equal(result.accepted, 5);
  assert.deepEqual(mapped(result), {
    'subscriptions.id': 'subscription_id',
    'subscriptions.plan_id': 'plan',
    'subscriptions.plan_quantity': 'quantity',
    'subscriptions.plan_unit_price': 'amount',
    'subscriptions.status': 'status',
    'subscriptions.trial_end': 'trial_ends_at',
    'subscriptions.current_term_start': 'period_started_at',
    'subscriptions.current_term_end': 'renewal_due_at',
    'subscriptions.started_at': 'started_at',
    'subscriptions.cancelled_at': 'canceled_at',
    'customers.id': 'customer_id',
  });
  assert.deepEqual(rows(db, 'SELECT subscription_id, customer_id, started_at, ended_at, mrr FROM subscriptions ORDER BY subscription_id'), [
    ['cb_1', 'cust_1', '2026-01-10', null, 58], // 29 x 2, a month's term
    ['cb_2', 'cust_2', '2025-02-01', null, 100], // 1,200 over a year's term
    ['cb_3', 'cust_3', '2026-03-15', '2026-07-15', 29],
    ['cb_4', 'cust_4', '2026-02-20', '2026-05-20', 29],
    // A two-week trial: revenue from its end, at a price per interval its trial term cannot tell.
    ['cb_5', 'cust_5', '2026-07-12', null, null],
  ]);
  near(kpi(db, 'mrr', '2026-Q2').value, 58 + 100 + 29);
  assert.ok(
    result.notes.includes(
      'MRR is "subscriptions.plan_unit_price" x "subscriptions.plan_quantity" per month of the current term ("subscriptions.current_term_start" to "subscriptions.current_term_end")',
    ),
    result.notes.join('\n'),
  );
});

test('Shopify orders_export.csv: one row per line item, the order-level fields filled down by Name, voided and refunded orders cancelled', async () => {
  const header =
    'Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,' +
    'Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,' +
    'Billing Name,Billing Zip,Notes,Cancelled at,Payment Method,Refunded Amount,Vendor,Id,Tags,Risk Level,Source';
  const path = file('orders_export.csv', [
    header,
    "#1001,ann@example.com,paid,2025-10-07 09:51:02 +0200,fulfilled,2025-10-08 11:00:00 +0200,no,USD,70.00,5.00,13.30,88.30,,0.00,Standard,2025-10-07 09:50:26 +0200,2,Mug,20.00,,MUG-1,true,true,fulfilled,Ann Example,'01234,,,Visa,0.00,Acme,5551001,,Low,web",
    '#1001,,,,,,,,,,,,,,,,1,Poster,30.00,35.00,POS-1,true,true,fulfilled,,,,,,,Acme,,,,',
    '#1002,bob@example.com,refunded,2025-10-08 10:00:00 +0200,fulfilled,,yes,USD,20.00,5.00,3.80,28.80,,0.00,Standard,2025-10-08 09:58:00 +0200,1,Mug,20.00,,MUG-1,true,true,fulfilled,Bob Example,10115,,,Visa,28.80,Acme,5551002,,Low,web',
    '#1003,cy@example.com,partially_refunded,2025-10-09 14:00:00 +0200,fulfilled,,no,USD,60.00,0.00,11.40,71.40,AUTUMN,5.00,Pickup,2025-10-09 13:59:10 +0200,3,Mug,15.00,20.00,MUG-1,true,true,fulfilled,Cy Example,10117,,,Visa,15.00,Acme,5551003,vip,Low,pos',
    '#1003,,,,,,,,,,,,,,,,1,Mug,15.00,20.00,MUG-1,true,true,fulfilled,,,,,,,Acme,,,,',
    '#1004,di@example.com,voided,,unfulfilled,,no,USD,30.00,5.00,6.65,41.65,,0.00,Standard,2025-10-10 08:00:00 +0200,1,Poster,30.00,,POS-1,true,true,,Di Example,10119,,2025-10-10 09:00:00 +0200,Visa,0.00,Acme,5551004,,Low,web',
  ]);
  const { db, result } = await load(path, { asOf: '2025-10-31' });
  assert.equal(result.dataset, 'orders');
  assert.equal(result.accepted, 6);
  assert.equal(result.rejected, 0);
  // 'Total' is the order's, on its first line only: a line's amount is its quantity x price.
  assert.deepEqual(mapped(result), {
    Name: 'order_id',
    Email: 'customer_id',
    'Financial Status': 'financial_status',
    Currency: 'currency',
    'Created at': 'ordered_at',
    'Lineitem quantity': 'quantity',
    'Lineitem name': 'product',
    'Lineitem price': 'unit_price',
    'Cancelled at': 'cancelled_at',
  });
  assert.deepEqual(rows(db, 'SELECT order_id, customer_id, ordered_at, product, quantity, amount, cancelled FROM orders ORDER BY _row'), [
    ['#1001', 'ann@example.com', '2025-10-07', 'Mug', 2, 40, 0],
    ['#1001', 'ann@example.com', '2025-10-07', 'Poster', 1, 30, 0],
    ['#1002', 'bob@example.com', '2025-10-08', 'Mug', 1, 20, 1],
    ['#1003', 'cy@example.com', '2025-10-09', 'Mug', 3, 45, 0],
    ['#1003', 'cy@example.com', '2025-10-09', 'Mug', 1, 15, 0],
    ['#1004', 'di@example.com', '2025-10-10', 'Poster', 1, 30, 1],
  ]);
  // Each line is its own record: its order, its product and its place among that order's lines of it.
  assert.equal(rows(db, 'SELECT count(DISTINCT _key) FROM orders')[0]![0], 6);
  // Revenue: 70 (#1001) + 60 (#1003, partly refunded); #1002 was refunded, #1004 voided.
  assert.equal(kpi(db, 'revenue', '2025-Q4').value, 130);
  const again = await importFile(db, path, { asOf: '2025-10-31' }, { dryRun: true, fileName: 'orders_export.csv' });
  assert.deepEqual([again.added, again.changed, again.unchanged], [0, 0, 6]);
});

test("WooCommerce: the Analytics orders export (a refund a negative row, an order's products in one cell) and a plugin's export with its currency", async () => {
  const analytics = file('wc-orders-report.csv', [
    'Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net sales,Origin',
    '2025-10-07 09:50:26,1001,Completed,Anna Schmidt,new,"2× Mug, 1× Tea",3,,42.50,Direct',
    '2025-10-08 11:00:00,1002,Completed,Ben Ode,returning,1× Mug,1,,12.00,Direct',
    '2025-10-09 12:00:00,1003,Processing,Cleo Dae,new,1× Tea,1,WELCOME,18.00,Google',
    '2025-10-10 08:30:00,1004,Refunded,Ben Ode,returning,1× Mug,-1,,-12.00,Direct',
  ]);
  const { db, result } = await load(analytics, { asOf: '2025-10-31' });
  assert.equal(result.dataset, 'orders');
  assert.deepEqual([result.accepted, result.rejected], [4, 0]);
  assert.deepEqual(mapped(result), { Date: 'ordered_at', 'Order #': 'order_id', Customer: 'customer_id', 'Product(s)': 'product', 'Net sales': 'amount' });
  assert.deepEqual(rows(db, 'SELECT order_id, customer_id, ordered_at, product, amount FROM orders ORDER BY _row'), [
    ['1001', 'Anna Schmidt', '2025-10-07', '2× Mug, 1× Tea', 42.5],
    ['1002', 'Ben Ode', '2025-10-08', '1× Mug', 12],
    ['1003', 'Cleo Dae', '2025-10-09', '1× Tea', 18],
    ['1004', 'Ben Ode', '2025-10-10', '1× Mug', -12],
  ]);
  // Revenue: 42.50 + 12 + 18, less Ben's refund of 12.
  near(kpi(db, 'revenue', '2025-Q4').value, 60.5);

  const plugin = file('wc-orders-plugin.csv', [
    'order_id,order_number,order_date,status,order_total,order_currency,customer_email',
    '55,1001,2025-10-07 09:50:26,completed,42.50,EUR,anna@example.com',
    '56,1002,2025-10-08 11:00:00,completed,"1,200.00",EUR,ben@example.com',
  ]);
  const other = await load(plugin, { asOf: '2025-10-31' });
  assert.deepEqual([other.result.accepted, other.result.rejected], [2, 0]);
  assert.equal(mapped(other.result).order_currency, 'currency');
  assert.deepEqual(other.result.currency, { code: 'EUR', from: 'amounts', open: true });
  near(kpi(other.db, 'revenue', '2025-Q4').value, 1242.5);
});

test('Mailchimp and Klaviyo campaign reports: counts from the count columns, never the rates; delivered = recipients - bounces without a deliveries column', async () => {
  const mailchimp = file('mailchimp_campaigns_report.csv', [
    'Title,Subject,List,Send Date,Send Weekday,Total Recipients,Successful Deliveries,Soft Bounces,Hard Bounces,Total Bounces,Times Forwarded,Forwarded Opens,Unique Opens,Open Rate,Total Opens,Unique Clicks,Click Rate,Total Clicks,Unsubscribes,Abuse Complaints,Times Liked on Facebook,Folder Id,Unique Id',
    'June news,What is new in June,Customers,"Jun 01, 2024 09:46 pm",Saturday,1000,980,12,8,20,3,5,441,45.00%,690,98,10.00%,150,4,0,0,,a1b2c3',
    'July news,What is new in July,Customers,"Jul 01, 2024 10:00 am",Monday,1200,1170,20,10,30,1,2,468,40.00%,700,117,10.00%,160,6,1,0,,d4e5f6',
  ]);
  const m = await load(mailchimp, { asOf: '2024-07-31' });
  assert.equal(m.result.dataset, 'email_campaigns');
  assert.deepEqual(mapped(m.result), {
    'Send Date': 'sent_at',
    'Total Recipients': 'sent',
    'Successful Deliveries': 'delivered',
    'Total Bounces': 'bounced',
    'Unique Opens': 'opened',
    'Unique Clicks': 'clicked',
    Unsubscribes: 'unsubscribed',
    'Unique Id': 'campaign_id',
  });
  assert.deepEqual(rows(m.db, 'SELECT campaign_id, sent_at, sent, delivered, bounced, opened, clicked, unsubscribed FROM email_campaigns ORDER BY sent_at'), [
    ['a1b2c3', '2024-06-01', 1000, 980, 20, 441, 98, 4],
    ['d4e5f6', '2024-07-01', 1200, 1170, 30, 468, 117, 6],
  ]);
  // (441 + 468) / (980 + 1170)
  near(kpi(m.db, 'email_open_rate', '2024-Q3').value, 468 / 1170);
  near(kpi(m.db, 'email_open_rate', '2024').value, 909 / 2150);

  const klaviyo = file('klaviyo_campaigns.csv', [
    'Campaign Name,Subject,List,Send Time,Send Weekday,Total Recipients,Unique Opens,Open Rate,Total Opens,Unique Clicks,Click Rate,Total Clicks,Unsubscribes,Spam Complaints,Bounces,Bounce Rate,Campaign ID,Campaign Channel',
    'Spring sale,20% off everything,Newsletter,2024-03-05 10:00:00,Tuesday,5000,2100,42.68%,3050,400,8.13%,520,25,2,80,1.60%,01HQK1,Email',
    'Launch,Meet the new mug,Newsletter,2024-03-19 10:00:00,Tuesday,5200,1950,38.24%,2800,310,6.08%,400,18,1,100,1.92%,01HQK2,Email',
  ]);
  const k = await load(klaviyo, { asOf: '2024-03-31' });
  assert.equal(k.result.dataset, 'email_campaigns');
  assert.ok(!k.result.mapping.some((c) => /rate/i.test(c.column)), JSON.stringify(k.result.mapping));
  assert.deepEqual(rows(k.db, 'SELECT campaign_id, sent, delivered, bounced, opened, clicked, unsubscribed FROM email_campaigns ORDER BY campaign_id'), [
    ['01HQK1', 5000, 4920, 80, 2100, 400, 25],
    ['01HQK2', 5200, 5100, 100, 1950, 310, 18],
  ]);
  assert.ok(k.result.notes.includes('Delivered is "Total Recipients" - "Bounces" (the file has no deliveries column)'), k.result.notes.join('\n'));
  near(kpi(k.db, 'email_open_rate', '2024-Q1').value, 4050 / 10020);
});

test('GA4 CSV: the comment block above the table, YYYYMMDD dates, the channel group, Key events (or Conversions), the totals row left out', async () => {
  const keyEvents = file('Traffic_acquisition_Session_primary_channel_group.csv', [
    '# ----------------------------------------',
    '# Traffic acquisition: Session primary channel group (Default Channel Group)',
    '# Account: Example Shop, Inc.',
    '# Property: Example Shop - GA4',
    '# ----------------------------------------',
    '# ',
    '# Start date: 20240101',
    '# End date: 20240102',
    'Date,Session primary channel group (Default Channel Group),Sessions,Engaged sessions,Engagement rate,Key events',
    '20240101,Organic Search,120,80,0.6666666667,4',
    '20240101,Direct,60,30,0.5,1',
    '20240102,Organic Search,140,100,0.7142857143,6',
    '20240102,Paid Search,40,20,0.5,2',
    ',,360,230,0.6388888889,13',
  ]);
  const a = await load(keyEvents, { asOf: '2024-01-31' });
  assert.equal(a.result.dataset, 'web_traffic');
  assert.equal(a.result.accepted, 4);
  assert.equal(a.result.rejected, 0);
  assert.deepEqual(mapped(a.result), {
    Date: 'day',
    'Session primary channel group (Default Channel Group)': 'channel',
    Sessions: 'sessions',
    'Key events': 'conversions',
  });
  assert.deepEqual(rows(a.db, 'SELECT day, channel, sessions, conversions FROM web_traffic ORDER BY day, channel'), [
    ['2024-01-01', 'Direct', 60, 1],
    ['2024-01-01', 'Organic Search', 120, 4],
    ['2024-01-02', 'Organic Search', 140, 6],
    ['2024-01-02', 'Paid Search', 40, 2],
  ]);
  assert.ok(a.result.warnings.includes('Row 14 is a totals row and was skipped'), a.result.warnings.join('\n'));
  near(kpi(a.db, 'website_conversion_rate', '2024-01').value, 13 / 360);

  // The older report: 'Session default channel group', 'Conversions', the totals row right under the header.
  const conversions = file('Traffic_acquisition_older.csv', [
    '# ----------------------------------------',
    '# Traffic acquisition: Session default channel group',
    '# ----------------------------------------',
    '# ',
    '# Start date: 20230601',
    '# End date: 20230601',
    'Date,Session default channel group,Users,Sessions,Engaged sessions,Conversions,Total revenue',
    ',,250,300,210,9,1200.5',
    '20230601,Organic Search,150,180,130,6,800.5',
    '20230601,Email,100,120,80,3,400',
  ]);
  const b = await load(conversions, { asOf: '2023-06-30' });
  assert.equal(b.result.dataset, 'web_traffic');
  assert.deepEqual(rows(b.db, 'SELECT day, channel, sessions, conversions FROM web_traffic ORDER BY channel'), [
    ['2023-06-01', 'Email', 120, 3],
    ['2023-06-01', 'Organic Search', 180, 6],
  ]);
  assert.ok(b.result.warnings.includes('Row 8 is a totals row and was skipped'), b.result.warnings.join('\n'));
});

/** Promoters, passives and detractors among the NPS responses. */
const npsCounts = (db: Database) =>
  rows(db, "SELECT sum(score >= 9), sum(score BETWEEN 7 AND 8), sum(score <= 6), count(*) FROM surveys WHERE kind = 'nps'")[0];

test('SurveyMonkey: the second header row folded into the first, the NPS question found by its text', async () => {
  const path = file('Customer_survey_SurveyMonkey.csv', [
    'Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,How likely is it that you would recommend Acme to a friend or colleague?,Which features do you use?,,,What could we do better?',
    ',,,,,,,,,Response,Reports,Dashboards,Other (please specify),Open-Ended Response',
    '114011,4501,03/01/2024 09:15:02 AM,03/01/2024 09:17:40 AM,192.0.2.1,ann@example.com,,,,10,Reports,Dashboards,,Nothing',
    '114012,4501,03/01/2024 10:01:00 AM,03/01/2024 10:03:10 AM,192.0.2.2,bob@example.com,,,,9,Reports,,,Faster exports',
    '114013,4501,03/02/2024 11:30:00 AM,03/02/2024 11:31:05 AM,192.0.2.3,cy@example.com,,,,7,,Dashboards,,',
    '114014,4501,03/13/2024 02:00:00 PM,03/13/2024 02:04:00 PM,192.0.2.4,di@example.com,,,,3,,,Spreadsheets,"Cheaper, please"',
  ]);
  const { db, result } = await load(path, { asOf: '2024-03-31' });
  assert.equal(result.dataset, 'surveys');
  assert.equal(result.accepted, 4);
  assert.deepEqual(mapped(result), {
    'Respondent ID': 'response_id',
    'End Date': 'responded_at',
    'Email Address': 'customer_id',
    'How likely is it that you would recommend Acme to a friend or colleague?': 'score',
  });
  assert.deepEqual(rows(db, 'SELECT response_id, customer_id, responded_at, kind, score FROM surveys ORDER BY response_id')[3], [
    '114014',
    'di@example.com',
    '2024-03-13',
    'nps',
    3,
  ]);
  assert.deepEqual(npsCounts(db), [2, 1, 1, 4]);
  assert.equal(kpi(db, 'nps', '2024-Q1').value, 25); // (2 - 1) / 4
});

test('Qualtrics: three header rows; the score is the question, not its _NPS_GROUP label column', async () => {
  const path = file('Qualtrics_NPS.csv', [
    'StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,LocationLatitude,LocationLongitude,DistributionChannel,UserLanguage,Q1,Q1_NPS_GROUP,Q2',
    'Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Location Latitude,Location Longitude,Distribution Channel,User Language,"How likely are you to recommend Acme to a friend or colleague?","How likely are you to recommend Acme to a friend or colleague? - Group",What is the main reason for your score?',
    '"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""status""}","{""ImportId"":""ipAddress""}","{""ImportId"":""progress""}","{""ImportId"":""duration""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""recipientLastName""}","{""ImportId"":""recipientFirstName""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""locationLatitude""}","{""ImportId"":""locationLongitude""}","{""ImportId"":""distributionChannel""}","{""ImportId"":""userLanguage""}","{""ImportId"":""QID1""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID2_TEXT""}"',
    '2024-05-02 10:00:00,2024-05-02 10:02:00,IP Address,192.0.2.1,100,120,True,2024-05-02 10:02:01,R_1aB,Example,Ann,ann@example.com,,39.7,-104.9,email,EN,9,3,Great support',
    '2024-05-03 11:00:00,2024-05-03 11:01:30,IP Address,192.0.2.2,100,90,True,2024-05-03 11:01:31,R_2cD,Example,Bob,bob@example.com,,39.7,-104.9,email,EN,6,1,Too slow',
    '2024-05-04 12:00:00,2024-05-04 12:00:40,IP Address,192.0.2.3,100,40,True,2024-05-04 12:00:41,R_3eF,Example,Cy,cy@example.com,,39.7,-104.9,anonymous,EN,8,2,',
  ]);
  const { db, result } = await load(path, { asOf: '2024-05-31' });
  assert.equal(result.dataset, 'surveys');
  assert.equal(result.accepted, 3);
  assert.deepEqual(mapped(result), {
    RecordedDate: 'responded_at',
    ResponseId: 'response_id',
    RecipientEmail: 'customer_id',
    'How likely are you to recommend Acme to a friend or colleague? (Q1)': 'score',
  });
  assert.deepEqual(rows(db, 'SELECT response_id, customer_id, responded_at, score FROM surveys ORDER BY response_id'), [
    ['R_1aB', 'ann@example.com', '2024-05-02', 9],
    ['R_2cD', 'bob@example.com', '2024-05-03', 6],
    ['R_3eF', 'cy@example.com', '2024-05-04', 8],
  ]);
  assert.equal(kpi(db, 'nps', '2024-Q2').value, 0);
});

test("Typeform and Google Forms: the NPS question by its text, Typeform's token and submit time, Google's locale timestamps", async () => {
  const typeform = file('responses-typeform.csv', [
    '#,How likely are you to recommend us to a friend?,What is the main reason for your score?,Response Type,Start Date (UTC),Stage Date (UTC),Submit Date (UTC),Network ID,Tags,Ending',
    'k2l1d9xq,10,Love it,completed,2024-06-03 08:00:05,2024-06-03 08:01:10,2024-06-03 08:01:10,ab12cd34,,Default Ending',
    'p8z7y6w5,4,Too expensive,completed,2024-06-04 09:10:00,2024-06-04 09:12:00,2024-06-04 09:12:00,ef56gh78,,Default Ending',
    'q1w2e3r4,9,,completed,2024-06-05 10:00:00,2024-06-05 10:00:30,2024-06-05 10:00:30,ij90kl12,,Default Ending',
  ]);
  const t = await load(typeform, { asOf: '2024-06-30' });
  assert.equal(t.result.dataset, 'surveys');
  assert.deepEqual(mapped(t.result), { '#': 'response_id', 'How likely are you to recommend us to a friend?': 'score', 'Submit Date (UTC)': 'responded_at' });
  assert.deepEqual(rows(t.db, 'SELECT response_id, responded_at, kind, score FROM surveys ORDER BY responded_at'), [
    ['k2l1d9xq', '2024-06-03', 'nps', 10],
    ['p8z7y6w5', '2024-06-04', 'nps', 4],
    ['q1w2e3r4', '2024-06-05', 'nps', 9],
  ]);

  const forms = file('Customer feedback (Responses) - Form Responses 1.csv', [
    'Timestamp,Email Address,How likely are you to recommend our product to a friend or colleague?,Anything else you would like to tell us?',
    '8/31/2023 19:08:16,ann@example.com,9,',
    '9/1/2023 8:05:00,bob@example.com,5,"Setup took long, support was kind"',
    '9/14/2023 12:00:59,cy@example.com,10,Great',
  ]);
  const g = await load(forms, { asOf: '2023-09-30' });
  assert.equal(g.result.dataset, 'surveys');
  assert.deepEqual(mapped(g.result), {
    Timestamp: 'responded_at',
    'Email Address': 'customer_id',
    'How likely are you to recommend our product to a friend or colleague?': 'score',
  });
  assert.deepEqual(rows(g.db, 'SELECT customer_id, responded_at, kind, score FROM surveys ORDER BY responded_at'), [
    ['ann@example.com', '2023-08-31', 'nps', 9],
    ['bob@example.com', '2023-09-01', 'nps', 5],
    ['cy@example.com', '2023-09-14', 'nps', 10],
  ]);
});

test('QuickBooks "Transaction List by Vendor": title, group, total and footer rows; the vendor as channel; the category from the account booked to', async () => {
  const path = file('Transaction List by Vendor.csv', [
    'Transaction List by Vendor',
    "Craig's Design and Landscaping Services",
    '"January - March, 2024"',
    '',
    ',Date,Transaction type,Num,Posting,Memo/Description,Account full name,Amount,Split',
    'Google Ads (3),,,,,,,,',
    ',01/05/2024,Expense,,Yes,January search ads,Mastercard,"1,200.00",Advertising & Marketing',
    ',02/05/2024,Expense,,Yes,February search ads,Mastercard,"1,350.50",Advertising & Marketing',
    ',02/20/2024,Vendor Credit,,Yes,Invalid clicks refunded,Accounts Payable (A/P),(150.00),Advertising & Marketing',
    'Total for Google Ads,,,,,,,"$2,400.50",',
    'Meta Platforms (2),,,,,,,,',
    ',01/12/2024,Bill,1001,Yes,Social campaign,Accounts Payable (A/P),800.00,Advertising & Marketing:Social Media',
    ',01/15/2024,Purchase Order,PO-7,No,Next quarter\'s campaign,Purchase Orders,"2,000.00",Advertising & Marketing',
    'Total for Meta Platforms,,,,,,,"$2,800.00",',
    'Pipedrive (1),,,,,,,,',
    ',03/01/2024,Expense,,Yes,CRM seats,Checking,99.00,CRM Software',
    'Total for Pipedrive,,,,,,,$99.00,',
    'Landlord (1),,,,,,,,',
    ',03/01/2024,Check,2044,Yes,March rent,Checking,"2,500.00",Rent & Lease',
    'Total for Landlord,,,,,,,"$2,500.00",',
    'TOTAL,,,,,,,"$7,799.50",',
    '',
    '',
    '"Accrual basis Monday, April 1, 2024 10:00 AM GMT-07:00"',
  ]);
  const { db, result } = await load(path, { asOf: '2024-03-31' });
  assert.equal(result.dataset, 'spend');
  assert.deepEqual(mapped(result), { Vendor: 'channel', Date: 'spent_at', Posting: 'posting', Amount: 'amount', Split: 'category' });
  assert.deepEqual(rows(db, 'SELECT spent_at, channel, category, amount FROM spend ORDER BY spent_at, channel'), [
    ['2024-01-05', 'Google Ads', 'marketing', 1200],
    ['2024-01-12', 'Meta Platforms', 'marketing', 800],
    ['2024-02-05', 'Google Ads', 'marketing', 1350.5],
    ['2024-02-20', 'Google Ads', 'marketing', -150],
    ['2024-03-01', 'Pipedrive', 'crm', 99],
  ]);
  // The purchase order does not post; rent is no cost the KPIs use.
  assert.deepEqual(
    result.problems.map((p) => [p.row, p.column]),
    [
      [13, 'Posting'],
      [19, 'Split'],
    ],
  );
  assert.ok(
    result.warnings.includes('Rows 6, 11, 15, 18 are group rows: their labels were given to the rows under them as "Vendor"'),
    result.warnings.join('\n'),
  );
  assert.ok(result.warnings.includes('Rows 10, 14, 17, 20-21 are totals rows and were skipped'), result.warnings.join('\n'));
  assert.ok(
    result.warnings.some((w) => w.startsWith('Row 24 at the end was skipped (a report footer: "Accrual basis')),
    result.warnings.join('\n'),
  );
  assert.equal(kpi(db, 'cost_per_lead', '2024-Q1').status, 'no_data');
  assert.deepEqual(rows(db, "SELECT sum(amount) FROM spend WHERE category = 'marketing'"), [[3200.5]]);
});

test('HubSpot contacts as customers: the customer date (or the newer "Date entered" column); contacts not yet customers left out', async () => {
  const older = file('hubspot-crm-exports-all-contacts.csv', [
    'Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Contact owner,Became a Customer Date,Company Name',
    '501,Ann,Example,ann@example.com,2024-01-03 09:00,Customer,Sam Seller,2024-02-01 10:30,Ann Co',
    '502,Bob,Example,bob@example.com,2024-01-10 11:00,Lead,Sam Seller,,Bob Ltd',
    '503,Cy,Example,cy@example.com,2024-02-15 15:20,Customer,Kim Closer,2024-03-20 08:00,Cy GmbH',
    '504,Di,Example,di@example.com,2024-03-01 12:00,Evangelist,Kim Closer,2024-03-25 09:15,Di SA',
  ]);
  const a = await load(older, { asOf: '2024-03-31' });
  assert.equal(a.result.dataset, 'customers');
  assert.deepEqual(mapped(a.result), {
    'Record ID': 'customer_id',
    'Lifecycle Stage': 'lifecycle_stage',
    'Contact owner': 'owner',
    'Became a Customer Date': 'acquired_at',
    'Company Name': 'name',
  });
  assert.deepEqual(rows(a.db, 'SELECT customer_id, name, acquired_at, owner FROM customers ORDER BY customer_id'), [
    ['501', 'Ann Co', '2024-02-01', 'Sam Seller'],
    ['503', 'Cy GmbH', '2024-03-20', 'Kim Closer'],
    ['504', 'Di SA', '2024-03-25', 'Kim Closer'],
  ]);
  assert.deepEqual(
    a.result.problems.map((p) => [p.row, p.column, p.value]),
    [[3, 'Lifecycle Stage', 'Lead']],
  );
  assert.equal(kpi(a.db, 'cac', '2024-Q1').status, 'no_data');

  const newer = file('hubspot-crm-exports-customers.csv', [
    'Record ID,First Name,Last Name,Email,Lifecycle Stage,Contact owner,"Date entered ""Customer (Lifecycle Stage Pipeline)""",Create Date',
    '601,Eve,Example,eve@example.com,Customer,Sam Seller,2025-04-02 10:00,2025-03-01 09:00',
    '602,Fay,Example,fay@example.com,Customer,Sam Seller,2025-05-06 16:45,2025-03-09 09:00',
  ]);
  const b = await load(newer, { asOf: '2025-06-30' });
  assert.equal(b.result.dataset, 'customers');
  assert.deepEqual(rows(b.db, 'SELECT customer_id, acquired_at FROM customers ORDER BY customer_id'), [
    ['601', '2025-04-02'],
    ['602', '2025-05-06'],
  ]);
});

/** Deals by status with their amounts, and the close dates of the closed ones. */
const dealSummary = (db: Database) => rows(db, 'SELECT status, count(*), sum(amount) FROM deals GROUP BY status ORDER BY status');

test('CRM deal exports by their documented headers: Salesforce, HubSpot, Zoho, Freshsales, Insightly, Pipedrive (English and German)', async () => {
  const salesforce = file('report1711111111111.csv', [
    '"Opportunity Owner","Account Name","Opportunity Name","Stage","Fiscal Period","Amount","Probability (%)","Expected Revenue","Age","Close Date","Created Date","Next Step","Lead Source","Type","Won","Closed","Opportunity ID"',
    '"Sam Seller","Acme","Acme renewal","Closed Won","Q1-2026","12,000.00","100","12,000.00","40","3/14/2026","2/2/2026","","Web","Existing Customer - Upgrade","1","1","0065g00000AbCdE"',
    '"Sam Seller","Globex","Globex pilot","Closed Lost","Q1-2026","5,000.00","0","0.00","33","3/20/2026","2/15/2026","","Partner","New Customer","0","1","0065g00000AbCdF"',
    '"Kim Closer","Initech","Initech rollout","Negotiation/Review","Q2-2026","8,500.00","90","7,650.00","21","6/30/2026","3/10/2026","Legal review","Web","Existing Customer - Replacement","0","0","0065g00000AbCdG"',
    '',
    '',
    '"Confidential Information - Do Not Distribute"',
    '"Copyright © 2000-2026 salesforce.com, inc. All rights reserved."',
  ]);
  const hubspot = file('hubspot-crm-exports-all-deals-2026-03-31.csv', [
    '"Record ID","Deal Name","Deal Stage","Close Date","Deal owner","Amount","Pipeline","Create Date","Last Activity Date","Associated Product","Products"',
    '"9001","Acme","Closed Won","2026-03-14 10:22","Sam Seller","12000.0","Sales Pipeline","2026-02-02 09:00","2026-03-14 10:22","Pro","Pro"',
    '"9002","Globex","Closed Lost","2026-03-20 16:00","Sam Seller","5000","Sales Pipeline","2026-02-15 11:30","","",""',
    '"9003","Initech","Contract Sent","2026-04-30 00:00","Kim Closer","8500.50","Sales Pipeline","2026-03-10 08:15","2026-03-28 12:00","Pro","Pro"',
  ]);
  const zoho = file('Deals_2026_03_31.csv', [
    'Record Id,Deal Owner,Deal Owner.id,Deal Name,Account Name,Account Name.id,Type,Lead Source,Amount,Closing Date,Stage,Probability (%),Expected Revenue,Created Time,Modified Time,Reason For Loss,Currency',
    'zcrm_5001,Sam Seller,zcrm_11,Acme,Acme,zcrm_21,Existing Business,Web,12000,2026-03-14,Closed Won,100,12000,2026-02-02 09:00:00,2026-03-14 10:22:00,,USD',
    'zcrm_5002,Sam Seller,zcrm_11,Globex,Globex,zcrm_22,New Business,Partner,5000,2026-03-20,Closed Lost to Competition,0,0,2026-02-15 11:30:00,2026-03-20 16:00:00,Price,USD',
    'zcrm_5003,Kim Closer,zcrm_12,Initech,Initech,zcrm_23,Existing Business,Web,8500.5,2026-04-30,Negotiation/Review,90,7650.45,2026-03-10 08:15:00,2026-03-28 12:00:00,,USD',
  ]);
  const freshsales = file('deals-freshsales.csv', [
    'Name,Deal Value,Type,Expected close date,Closed date,Product,Payment status,Probability,Owner,Deal Pipeline,Deal Stage,Account,Related Contacts,Source,Campaign,Created at',
    'Acme,12000,Existing,2026-03-10,2026-03-14,Pro,Paid,100,Sam Seller,Default Pipeline,Won,Acme,Ann,Web,,2026-02-02 09:00',
    'Globex,5000,New,2026-03-31,2026-03-20,Pro,,0,Sam Seller,Default Pipeline,Lost,Globex,Bob,Partner,,2026-02-15 11:30',
    'Initech,8500.50,Existing,2026-04-30,,Pro,,90,Kim Closer,Default Pipeline,Negotiation,Initech,Cy,Web,,2026-03-10 08:15',
  ]);
  const insightly = file('opportunities-insightly.csv', [
    'OPPORTUNITY_ID,OPPORTUNITY_NAME,OPPORTUNITY_STATE,PROBABILITY,BID_CURRENCY,BID_AMOUNT,BID_TYPE,FORECAST_CLOSE_DATE,ACTUAL_CLOSE_DATE,OWNER_USER_ID,DATE_CREATED_UTC,DATE_UPDATED_UTC',
    '7001,Acme,Won,100,USD,12000,Fixed Bid,2026-03-10,2026-03-14,101,2026-02-02 09:00:00,2026-03-14 10:22:00',
    '7002,Globex,Abandoned,0,USD,5000,Fixed Bid,2026-03-31,2026-03-20,101,2026-02-15 11:30:00,2026-03-20 16:00:00',
    '7003,Initech,Suspended,90,USD,8500.50,Fixed Bid,2026-04-30,,102,2026-03-10 08:15:00,2026-03-28 12:00:00',
  ]);
  const pipedrive = file('deals-pipedrive.csv', [
    'Deal - ID,Deal - Title,Deal - Creator,Deal - Owner,Deal - Value,Deal - Currency,Deal - Weighted value,Deal - Probability,Deal - Organization,Deal - Contact person,Deal - Pipeline,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Update time,Deal - Expected close date,Deal - Won time,Deal - Lost time,Deal - Deal closed on,Deal - Lost reason',
    '31,Acme deal,Sam Seller,Sam Seller,12000,USD,12000,,Acme,Ann,Pipeline,Negotiations Started,Won,2026-02-02 09:00:00,2026-03-14 10:22:00,2026-03-10,2026-03-14 10:22:00,,2026-03-14 10:22:00,',
    '32,Globex deal,Sam Seller,Sam Seller,5000,USD,0,,Globex,Bob,Pipeline,Proposal Made,Lost,2026-02-15 11:30:00,2026-03-20 16:00:00,2026-03-31,,2026-03-20 16:00:00,2026-03-20 16:00:00,Price',
    '33,Initech deal,Kim Closer,Kim Closer,8500.5,USD,7650.45,90,Initech,Cy,Pipeline,Demo Scheduled,Open,2026-03-10 08:15:00,2026-03-28 12:00:00,2026-04-30,,,,',
  ]);
  const german = file('deals-pipedrive-de.csv', [
    'Deal - ID,Deal - Titel,Deal - Besitzer,Deal - Wert,Deal - Währung,Deal - Phase,Deal - Status,Deal - Datum des gewonnenen Deals',
    '31,Acme deal,Sam Seller,12000,USD,Verhandlung,Gewonnen,2026-03-14 10:22:00',
    '32,Globex deal,Sam Seller,5000,USD,Angebot,Verloren,',
    '33,Initech deal,Kim Closer,8500.5,USD,Demo,Offen,',
  ]);
  const expected = [
    ['lost', 1, 5000],
    ['open', 1, 8500.5],
    ['won', 1, 12000],
  ];
  for (const [path, ids] of [
    [salesforce, ['0065g00000AbCdE', '0065g00000AbCdF', '0065g00000AbCdG']],
    [hubspot, ['9001', '9002', '9003']],
    [zoho, ['zcrm_5001', 'zcrm_5002', 'zcrm_5003']],
    [freshsales, [null, null, null]],
    [insightly, ['7001', '7002', '7003']],
    [pipedrive, ['31', '32', '33']],
    [german, ['31', '32', '33']],
  ] as const) {
    const { db, result } = await load(path, { asOf: '2026-03-31' });
    const name = path.split('/').pop();
    assert.equal(result.dataset, 'deals', name);
    assert.equal(result.rejected, 0, `${name}: ${JSON.stringify(result.problems)}`);
    assert.deepEqual(
      dealSummary(db),
      path === salesforce
        ? [
            ['lost', 1, 5000],
            ['open', 1, 8500],
            ['won', 1, 12000],
          ]
        : expected,
      name,
    );
    assert.deepEqual(
      rows(db, 'SELECT deal_id FROM deals ORDER BY _row').map((r) => r[0]),
      [...ids],
      name,
    );
    // No German spelling of the creation date is documented, so that file has none.
    const won = rows(db, "SELECT created_at, closed_at FROM deals WHERE status = 'won'")[0];
    assert.deepEqual(won, [path === german ? null : '2026-02-02', '2026-03-14'], name);
  }
});

test('Dynamics 365 opportunities (.xlsx with its hidden columns): Status, Actual Revenue for closed deals, Est. revenue for open ones', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('My Open Opportunities');
  ws.addRow([
    '(Do Not Modify) Opportunity',
    '(Do Not Modify) Row Checksum',
    '(Do Not Modify) Modified On',
    'Topic',
    'Potential Customer',
    'Owner',
    'Est. close date',
    'Est. revenue',
    'Probability',
    'Rating',
    'Status',
    'Status Reason',
    'Actual Close Date',
    'Actual Revenue',
    'Created On',
  ]);
  ws.addRow([
    '8f1c2a10-0000-4000-8000-000000000001',
    'abc=',
    new Date(Date.UTC(2026, 2, 14)),
    'Acme renewal',
    'Acme',
    'Sam Seller',
    new Date(Date.UTC(2026, 2, 10)),
    11000,
    100,
    'Hot',
    'Won',
    'Won',
    new Date(Date.UTC(2026, 2, 14)),
    12000,
    new Date(Date.UTC(2026, 1, 2, 9)),
  ]);
  ws.addRow([
    '8f1c2a10-0000-4000-8000-000000000002',
    'def=',
    new Date(Date.UTC(2026, 2, 20)),
    'Globex pilot',
    'Globex',
    'Sam Seller',
    new Date(Date.UTC(2026, 2, 31)),
    5000,
    0,
    'Cold',
    'Lost',
    'Out-Sold',
    new Date(Date.UTC(2026, 2, 20)),
    0,
    new Date(Date.UTC(2026, 1, 15, 11, 30)),
  ]);
  ws.addRow([
    '8f1c2a10-0000-4000-8000-000000000003',
    'ghi=',
    new Date(Date.UTC(2026, 2, 28)),
    'Initech rollout',
    'Initech',
    'Kim Closer',
    new Date(Date.UTC(2026, 3, 30)),
    8500.5,
    90,
    'Warm',
    'Open',
    'In Progress',
    null,
    null,
    new Date(Date.UTC(2026, 2, 10, 8, 15)),
  ]);
  for (const c of [3, 7, 13, 15]) ws.getColumn(c).numFmt = 'm/d/yyyy';
  ws.getColumn(1).hidden = true;
  ws.getColumn(2).hidden = true;
  ws.getColumn(3).hidden = true;
  const path = join(dir, 'My Open Opportunities 3-31-2026.xlsx');
  await wb.xlsx.writeFile(path);
  const { db, result } = await load(path, { asOf: '2026-03-31' });
  assert.equal(result.dataset, 'deals');
  assert.deepEqual(mapped(result), {
    '(Do Not Modify) Opportunity': 'deal_id',
    'Potential Customer': 'customer_id',
    Owner: 'owner',
    'Est. revenue': 'estimated_amount',
    Status: 'status',
    'Actual Close Date': 'closed_at',
    'Actual Revenue': 'amount',
    'Created On': 'created_at',
    Probability: 'probability',
  });
  // The lost deal's actual revenue is 0; the open one carries its estimate.
  assert.deepEqual(dealSummary(db), [
    ['lost', 1, 0],
    ['open', 1, 8500.5],
    ['won', 1, 12000],
  ]);
});

test('help-desk exports by their documented headers: ServiceNow, Zendesk, Freshdesk', async () => {
  const servicenow = file('incident.csv', [
    '"number","opened_at","short_description","caller_id","priority","state","category","assignment_group","assigned_to","sys_updated_on","resolved_at","closed_at","contact_type","reassignment_count","reopen_count"',
    '"INC0010001","2026-03-02 09:00:00","Cannot log in","Ann Example","3 - Moderate","Closed","Access","Service Desk","Pat Agent","2026-03-09 10:00:00","2026-03-02 13:30:00","2026-03-09 10:00:00","Phone","0","0"',
    '"INC0010002","2026-03-03 10:15:00","Printer jam","Bob Example","4 - Low","Resolved","Hardware","Service Desk","Pat Agent","2026-03-04 08:00:00","2026-03-04 08:00:00","","Self-service","1","0"',
    '"INC0010003","2026-03-05 16:40:00","VPN slow","Cy Example","2 - High","In Progress","Network","Network","Lee Agent","2026-03-06 09:00:00","","","Email","0","0"',
  ]);
  const zendesk = file('export-2026-03-31-zendesk.csv', [
    'Summation column,Id,Requester,Requester id,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,First reply time in minutes within business hours,First resolution time in minutes,First resolution time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Agent wait time in minutes,Agent wait time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours,On hold time in minutes,On hold time in minutes within business hours',
    '1,101,Ann Example,9001,,ann@example.com,example.com,Ann Example,Pat Agent,Support,Cannot log in,login,closed,normal,Web form,question,2026-03-02 09:00,2026-03-09 10:00,2026-03-02 09:05,Acme,,2026-03-02 09:05,2026-03-02 13:30,5,Good,1,1,0,1,30,30,270,270,270,270,10,10,260,260,0,0',
    '1,102,Bob Example,9002,,bob@example.com,example.com,Bob Example,Pat Agent,Support,Invoice question,billing,solved,low,Email,question,2026-03-03 10:15,2026-03-04 08:00,2026-03-03 10:20,Globex,,2026-03-03 10:20,2026-03-04 08:00,22,Offered,1,1,0,2,90,60,1305,600,1305,600,30,30,1275,540,0,0',
    '1,103,Cy Example,9003,,cy@example.com,example.com,Cy Example,Lee Agent,Network,VPN slow,vpn,open,high,Email,incident,2026-03-05 16:40,2026-03-06 09:00,2026-03-05 17:00,Initech,,2026-03-05 17:00,,,Not Offered,1,1,0,1,20,20,,,,,20,20,,,0,0',
  ]);
  const freshdesk = file('tickets-freshdesk.csv', [
    'Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Due by Time,Resolved time,Closed time,Last update time,Initial response time,Time tracked,First response time (in hrs),Resolution time (in hrs),Agent interactions,Customer interactions,Resolution status,First response status,Tags,Survey results,Product,Full name,Email,Contact ID',
    '501,Cannot log in,Closed,Medium,Portal,Question,Pat Agent,Support,2026-03-02 09:00:00,2026-03-03 09:00:00,2026-03-02 13:30:00,2026-03-09 10:00:00,2026-03-09 10:00:00,2026-03-02 09:30:00,00:20:00,00:30:00,04:30:00,1,1,Within SLA,Within SLA,login,Awesome,App,Ann Example,ann@example.com,9001',
    '502,Invoice question,Resolved,Low,Email,Question,Pat Agent,Support,2026-03-03 10:15:00,2026-03-05 10:15:00,2026-03-04 08:00:00,,2026-03-04 08:00:00,2026-03-03 11:45:00,00:10:00,01:30:00,21:45:00,2,2,Within SLA,SLA Violated,billing,Not Good,App,Bob Example,bob@example.com,9002',
    '503,VPN slow,Open,High,Email,Incident,Lee Agent,Network,2026-03-05 16:40:00,2026-03-06 16:40:00,,,2026-03-06 09:00:00,2026-03-05 17:00:00,,00:20:00,,1,1,,Within SLA,vpn,,App,Cy Example,cy@example.com,9003',
  ]);
  for (const [path, ids] of [
    [servicenow, ['INC0010001', 'INC0010002', 'INC0010003']],
    [zendesk, ['101', '102', '103']],
    [freshdesk, ['501', '502', '503']],
  ] as const) {
    const { db, result } = await load(path, { asOf: '2026-03-31' });
    const name = path.split('/').pop();
    assert.equal(result.dataset, 'tickets', name);
    assert.equal(result.rejected, 0, `${name}: ${JSON.stringify(result.problems)}`);
    assert.deepEqual(
      rows(db, 'SELECT ticket_id, created_at, resolved_at FROM tickets ORDER BY _row'),
      [
        [ids[0], '2026-03-02T09:00:00', '2026-03-02T13:30:00'],
        [ids[1], '2026-03-03T10:15:00', '2026-03-04T08:00:00'],
        [ids[2], '2026-03-05T16:40:00', null],
      ],
      name,
    );
    near(kpi(db, 'avg_resolution_hours', '2026-Q1').value, (4.5 + 21.75) / 2);
  }
});

test('the QuickBooks report and the SurveyMonkey export as .xlsx read as their CSVs do', async () => {
  const day = (m: number, d: number) => new Date(Date.UTC(2024, m - 1, d));
  const quickbooks = await workbookFile('Transaction List by Vendor.xlsx', [
    ['Transaction List by Vendor'],
    ["Craig's Design and Landscaping Services"],
    ['January - March, 2024'],
    [],
    [null, 'Date', 'Transaction type', 'Num', 'Posting', 'Memo/Description', 'Account full name', 'Amount', 'Split'],
    ['Google Ads (2)'],
    [null, day(1, 5), 'Expense', null, 'Yes', 'January search ads', 'Mastercard', 1200, 'Advertising & Marketing'],
    [null, day(2, 20), 'Vendor Credit', null, 'Yes', 'Invalid clicks refunded', 'Accounts Payable (A/P)', -150, 'Advertising & Marketing'],
    ['Total for Google Ads', null, null, null, null, null, null, 1050],
    ['Pipedrive (1)'],
    [null, day(3, 1), 'Expense', null, 'Yes', 'CRM seats', 'Checking', 99, 'CRM Software'],
    ['Total for Pipedrive', null, null, null, null, null, null, 99],
    ['TOTAL', null, null, null, null, null, null, 1149],
    [],
    ['Accrual basis Monday, April 1, 2024 10:00 AM GMT-07:00'],
  ]);
  const q = await load(quickbooks, { asOf: '2024-03-31' });
  assert.equal(q.result.dataset, 'spend');
  assert.equal(q.result.rejected, 0);
  assert.deepEqual(rows(q.db, 'SELECT spent_at, channel, category, amount FROM spend ORDER BY spent_at'), [
    ['2024-01-05', 'Google Ads', 'marketing', 1200],
    ['2024-02-20', 'Google Ads', 'marketing', -150],
    ['2024-03-01', 'Pipedrive', 'crm', 99],
  ]);

  const surveyMonkey = await workbookFile('Customer_survey_SurveyMonkey.xlsx', [
    [
      'Respondent ID',
      'Collector ID',
      'Start Date',
      'End Date',
      'IP Address',
      'Email Address',
      'How likely is it that you would recommend Acme to a friend or colleague?',
      'Which features do you use?',
      null,
    ],
    [null, null, null, null, null, null, 'Response', 'Reports', 'Dashboards'],
    [114011, 4501, day(3, 1), day(3, 1), '192.0.2.1', 'ann@example.com', 10, 'Reports', 'Dashboards'],
    [114012, 4501, day(3, 2), day(3, 2), '192.0.2.2', 'bob@example.com', 6, null, 'Dashboards'],
  ]);
  const s = await load(surveyMonkey, { asOf: '2024-03-31' });
  assert.equal(s.result.dataset, 'surveys');
  assert.deepEqual(rows(s.db, 'SELECT response_id, customer_id, responded_at, kind, score FROM surveys ORDER BY response_id'), [
    ['114011', 'ann@example.com', '2024-03-01', 'nps', 10],
    ['114012', 'bob@example.com', '2024-03-02', 'nps', 6],
  ]);
});
