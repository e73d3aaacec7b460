import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRows, kpi, times, workbook } from './fixture';

const close = (actual: number | null, expected: number): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

/**
 * Period 2026-Q1. 1,000 customers acquired 2025-06-01, 100 of them lost 2026-02-15; 160 acquired 2026-02-01,
 * 10 of those lost 2026-03-01 (acquired and lost within Q1: in neither count). So S = 1,000, N = 150,
 * E = 900 + 150 = 1,050 and retention = (1,050 - 150) / 1,000 = 90%, churn = 100 / 1,000 = 10%.
 * Noise: 5 lost before Q1, 3 flagged churned without a date (unknown when: left out of dated periods),
 * 2 without an acquisition date (they count only in period all).
 */
async function retentionBook() {
  return workbook({
    customers: [
      ...times(900, { acquired_at: '2025-06-01' }, 'customer_id', 'S'),
      ...times(100, { acquired_at: '2025-06-01', churned_at: '2026-02-15', churned: 1 }, 'customer_id', 'L'),
      ...times(150, { acquired_at: '2026-02-01' }, 'customer_id', 'N'),
      ...times(10, { acquired_at: '2026-02-01', churned_at: '2026-03-01', churned: 1 }, 'customer_id', 'Q'),
      ...times(5, { acquired_at: '2024-01-01', churned_at: '2025-11-01', churned: 1 }, 'customer_id', 'P'),
      ...times(3, { acquired_at: '2025-01-01', churned: 1 }, 'customer_id', 'F'),
      ...times(2, {}, 'customer_id', 'U'),
    ],
    spend: [{ spent_at: '2026-03-01', amount: 1800, category: 'retention' }],
    subscriptions: [
      ...times(95, { customer_id: 'S1', started_at: '2025-01-01', renewal_due_at: '2026-02-01', renewed: 1 }),
      ...times(5, { customer_id: 'S2', started_at: '2025-01-01', renewal_due_at: '2026-03-01', renewed: 0 }),
      { customer_id: 'S3', started_at: '2025-01-01', renewal_due_at: '2026-04-01', renewed: 0 },
    ],
  });
}

test('retention: (1,050 at end - 150 new) / 1,000 at start = 90%', async () => {
  const r = kpi(await retentionBook(), 'customer_retention_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [900, 1000, 0.9]);
});

test('churn: 100 of the 1,000 at the start lost in Q1 = 10%; customers acquired and lost in Q1 count in neither', async () => {
  const r = kpi(await retentionBook(), 'churn_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [100, 1000, 0.1]);
});

test('period all: churned / all customers = (100 + 10 + 5 + 3) / 1,170', async () => {
  const db = await retentionBook();
  close(kpi(db, 'churn_rate', 'all').value, 118 / 1170);
  close(kpi(db, 'customer_retention_rate', 'all').value, 1052 / 1170);
});

test('a customer lost on the first day of the period was a customer at its start', async () => {
  const db = await retentionBook();
  addRows(db, 'customers', [{ customer_id: 'D1', acquired_at: '2025-01-01', churned_at: '2026-01-01', churned: 1 }]);
  const r = kpi(db, 'churn_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator], [101, 1001]);
});

test('renewal: 95 of the 100 subscriptions due in Q1 renewed = 95%', async () => {
  const r = kpi(await retentionBook(), 'renewal_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [95, 100, 0.95]);
});

test('retention cost: 1,800 retention spend / 900 customers retained = 2', async () => {
  assert.equal(kpi(await retentionBook(), 'customer_retention_cost', '2026-Q1').value, 2);
});

/**
 * Subscriptions: A 100 from 2025-01-01; A +50 from 2026-02-01 (expansion); B 200 from 2025-06-01 ended
 * 2026-02-15; C 80 from 2026-01-10 (new); D 999 ended 2025-12-31 (gone before Q1).
 * MRR at start of Q1 = 100 + 200 = 300; at end = 100 + 50 + 80 = 230.
 */
async function mrrBook() {
  return workbook({
    subscriptions: [
      { customer_id: 'A', started_at: '2025-01-01', mrr: 100 },
      { customer_id: 'A', started_at: '2026-02-01', mrr: 50 },
      { customer_id: 'B', started_at: '2025-06-01', ended_at: '2026-02-15', mrr: 200 },
      { customer_id: 'C', started_at: '2026-01-10', mrr: 80 },
      { customer_id: 'D', started_at: '2025-03-01', ended_at: '2025-12-31', mrr: 999 },
    ],
  });
}

test('MRR at the end of Q1 = 230; NRR = (100 + 50 from A) / 300 = 50%; MRR churn = 200 / 300', async () => {
  const db = await mrrBook();
  assert.equal(kpi(db, 'mrr', '2026-Q1').value, 230);
  const nrr = kpi(db, 'net_revenue_retention', '2026-Q1');
  assert.deepEqual([nrr.numerator, nrr.denominator, nrr.value], [150, 300, 0.5]);
  close(kpi(db, 'mrr_churn_rate', '2026-Q1').value, 200 / 300);
});

test('revenue from subscriptions = MRR at Jan 31 (380) + Feb 28 (230) + Mar 31 (230) = 840; ARPU = 840 / A, B, C', async () => {
  const db = await mrrBook();
  assert.equal(kpi(db, 'revenue', '2026-Q1').value, 840);
  const arpu = kpi(db, 'arpu', '2026-Q1');
  assert.deepEqual([arpu.numerator, arpu.denominator, arpu.value], [840, 3, 280]);
});

/**
 * Orders in Q1: O1 (two lines 100 + 50) and O2 (150) by X, an order without id (300) by Y, O4 (200) by Z
 * cancelled; O5 (100) by Y on 2025-12-31 is outside. Revenue 600, 3 orders, 2 customers.
 * Customers X, Y, Z, W acquired 2025-01-01, W lost 2026-02-01: churn 1 / 4; V acquired 2026-01-15.
 * Marketing spend 1,000 in Q1 -> CAC = 1,000 / 1 new customer.
 */
async function ordersBook() {
  return workbook({
    orders: [
      { order_id: 'O1', customer_id: 'X', ordered_at: '2026-01-05', amount: 100 },
      { order_id: 'O1', customer_id: 'X', ordered_at: '2026-01-05', amount: 50 },
      { order_id: 'O2', customer_id: 'X', ordered_at: '2026-02-05', amount: 150 },
      { customer_id: 'Y', ordered_at: '2026-03-05', amount: 300 },
      { order_id: 'O4', customer_id: 'Z', ordered_at: '2026-03-06', amount: 200, cancelled: 1 },
      { order_id: 'O5', customer_id: 'Y', ordered_at: '2025-12-31', amount: 100 },
    ],
    customers: [
      ...['X', 'Y', 'Z'].map((id) => ({ customer_id: id, acquired_at: '2025-01-01' })),
      { customer_id: 'W', acquired_at: '2025-01-01', churned_at: '2026-02-01', churned: 1 },
      { customer_id: 'V', acquired_at: '2026-01-15' },
    ],
    spend: [{ spent_at: '2026-01-01', amount: 1000, category: 'marketing' }],
  });
}

test('orders: revenue 600 (cancelled left out), ARPU 600 / 2 = 300, repeat purchase 1 of 2 = 50%', async () => {
  const db = await ordersBook();
  assert.equal(kpi(db, 'revenue', '2026-Q1').value, 600);
  assert.equal(kpi(db, 'arpu', '2026-Q1').value, 300);
  const rep = kpi(db, 'repeat_purchase_rate', '2026-Q1');
  assert.deepEqual([rep.numerator, rep.denominator, rep.value], [1, 2, 0.5]);
});

test('CLV = purchase value 200 (600 / 3 orders) x frequency 1.5 (3 orders / 2 customers) x lifespan 4 quarters (1 / 0.25) = 1,200', async () => {
  const db = await ordersBook();
  const r = kpi(db, 'clv', '2026-Q1');
  assert.equal(r.value, 200 * 1.5 * 4);
  assert.deepEqual([r.numerator, r.denominator], [300, 0.25]);
  // LTV:CAC = 1,200 / 1,000; payback = 1,000 / (300 / 3 months x margin).
  assert.equal(kpi(db, 'ltv_cac_ratio', '2026-Q1').value, 1.2);
  assert.equal(kpi(db, 'cac_payback_months', '2026-Q1').value, 10);
  assert.equal(kpi(db, 'cac_payback_months', '2026-Q1', { gross_margin: 0.5 }).value, 20);
});

/** A snapshot export without dates (like the Telco file): monthly revenue 50, 70, 30, 50; churned 1, 0, 0, 1; tenure 10..40. */
async function snapshotBook() {
  return workbook({
    customers: [
      { customer_id: 'a', monthly_revenue: 50, churned: 1, tenure_months: 10, plan: 'Monthly' },
      { customer_id: 'b', monthly_revenue: 70, churned: 0, tenure_months: 20, plan: 'Yearly' },
      { customer_id: 'c', monthly_revenue: 30, churned: 0, tenure_months: 30, plan: 'Yearly' },
      { customer_id: 'd', monthly_revenue: 50, churned: 1, tenure_months: 40, plan: 'Monthly' },
    ],
  });
}

test('snapshot data, period all: churn 2 / 4, ARPU = mean monthly revenue 50, MRR = 70 + 30 not churned', async () => {
  const db = await snapshotBook();
  assert.equal(kpi(db, 'churn_rate', 'all').value, 0.5);
  assert.equal(kpi(db, 'arpu', 'all').value, 50);
  assert.equal(kpi(db, 'mrr', 'all').value, 100);
  // Lifespan = 100 customer-months / 2 lost = 50 months; CLV = 50 x 50.
  assert.equal(kpi(db, 'clv', 'all').value, 2500);
  assert.equal(kpi(db, 'revenue', 'all').status, 'no_data');
  // A quarter cannot place rows without dates: it points to period all, where they count.
  assert.equal(kpi(db, 'churn_rate', '2026-Q1').reason, 'the customers data has no dates: see All time');
});

test('the default period of dateless data is all, and churn splits by plan', async () => {
  const db = await snapshotBook();
  const { computeMetrics } = await import('../../../../main/metrics/compute');
  const { readSettings } = await import('../../../../main/store/settings');
  const r = computeMetrics(db, { segment: 'plan', ids: ['churn_rate'] }, readSettings(db));
  assert.equal(r.period.id, 'all');
  assert.deepEqual(
    r.metrics[0]!.segments!.map((s) => [s.key, s.value]),
    [
      ['Monthly', 1],
      ['Yearly', 0],
    ],
  );
});

test('a contract term that ended because it was renewed is not MRR churn: E 120 renewed on 2026-03-01 into a new term', async () => {
  // Start of Q1: E's first term 120 is active. It ends 2026-03-01 renewed (renewed = 1), and a second
  // term of 130 starts the same day. Lost MRR = 0 (the ended term was renewed) -> churn 0 / 120 = 0.
  const db = await workbook({
    subscriptions: [
      { customer_id: 'E', started_at: '2025-03-01', ended_at: '2026-03-01', renewal_due_at: '2026-03-01', renewed: 1, mrr: 120 },
      { customer_id: 'E', started_at: '2026-03-01', mrr: 130 },
    ],
  });
  const churn = kpi(db, 'mrr_churn_rate', '2026-Q1');
  assert.deepEqual([churn.numerator, churn.denominator, churn.value], [0, 120, 0]);
});
