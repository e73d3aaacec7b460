import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kpi, times, workbook } from './fixture';

const close = (actual: number | null, expected: number, eps = 1e-9): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= eps * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

/**
 * Period 2026-Q1 (2026-01-01..2026-03-31).
 * Won, closed in Q1 (33): 30 x 2,500 (Ann, created 2025-12-01, closed 2026-01-15: 45 days; three are upsells
 *   for customers C1, C1, C2), 2 x 5,000 (Bob, created 2026-01-01, closed 2026-01-11: 10 days), 1 without
 *   amount and create date (closed 2026-02-01).
 * Lost, closed in Q1 (67): created 2026-01-05. One more lost deal has no close date (created 2026-01-20).
 * Open: 4 x 1,000 created 2026-02-01 (one with an expected close date in Q1), 1 x 7,000 created 2026-04-10.
 */
async function salesBook() {
  const ann = { stage: 'Won', status: 'won', amount: 2500, created_at: '2025-12-01', closed_at: '2026-01-15', owner: 'Ann', deal_type: 'new' };
  return workbook({
    deals: [
      ...times(27, ann),
      { ...ann, deal_type: 'upsell', customer_id: 'C1' },
      { ...ann, deal_type: 'upsell', customer_id: 'C1' },
      { ...ann, deal_type: 'upsell', customer_id: 'C2' },
      ...times(2, { stage: 'Won', status: 'won', amount: 5000, created_at: '2026-01-01', closed_at: '2026-01-11', owner: 'Bob' }),
      { stage: 'Won', status: 'won', closed_at: '2026-02-01' },
      ...times(67, { stage: 'Lost', status: 'lost', amount: 100, created_at: '2026-01-05', closed_at: '2026-02-20', owner: 'Bob' }),
      { stage: 'Lost', status: 'lost', created_at: '2026-01-20' },
      ...times(3, { stage: 'Open', status: 'open', amount: 1000, created_at: '2026-02-01' }),
      { stage: 'Open', status: 'open', amount: 1000, created_at: '2026-02-01', closed_at: '2026-03-15' },
      { stage: 'Open', status: 'open', amount: 7000, created_at: '2026-04-10' },
    ],
    quotas: [
      { period: '2026-Q1', period_end: '2026-03-31', amount: 80000 },
      { owner: 'Ann', period: '2026-Q1', period_end: '2026-03-31', amount: 50000 },
      { owner: 'Bob', period: '2026-Q1', period_end: '2026-03-31', amount: 30000 },
      { period: '2026-Q2', period_end: '2026-06-30', amount: 90000 },
    ],
    customers: [
      ...times(8, { acquired_at: '2025-01-01' }, 'customer_id', 'C'),
      ...times(2, { acquired_at: '2025-01-01', churned_at: '2025-12-15', churned: 1 }, 'customer_id', 'L'),
    ],
    leads: [
      // 100 created in Q1: 15 with a conversion date, 5 with status "Converted", 80 not converted -> 20 / 100.
      ...times(15, { created_at: '2026-01-10', converted_at: '2026-02-01' }),
      ...times(5, { created_at: '2026-02-10', status: 'Converted' }),
      ...times(80, { created_at: '2026-03-10', status: 'Open' }),
      // Created before Q1: not in Q1's denominator even though converted in Q1.
      ...times(5, { created_at: '2025-12-10', converted_at: '2026-01-05' }),
    ],
  });
}

test('win rate: 33 won of 100 closed = 33%; open deals and deals without a close date are left out', async () => {
  const db = await salesBook();
  const r = kpi(db, 'win_rate', '2026-Q1');
  assert.deepEqual([r.value, r.numerator, r.denominator, r.status], [0.33, 33, 100, 'ok']);
  // Period all also counts the lost deal without a close date: 33 / 101.
  close(kpi(db, 'win_rate', 'all').value, 33 / 101);
});

test('lead conversion: 20 of the 100 leads created in Q1 converted = 20%', async () => {
  const r = kpi(await salesBook(), 'lead_conversion_rate', '2026-Q1');
  assert.deepEqual([r.value, r.numerator, r.denominator], [0.2, 20, 100]);
});

test('close rate: deals created in Q1 = 2 won + 67 lost + 1 lost undated + 4 open = 74; 2 won', async () => {
  const r = kpi(await salesBook(), 'close_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator], [2, 74]);
  close(r.value, 2 / 74);
});

test('sales cycle: (30 x 45 + 2 x 10) / 32 = 42.8125 days; the won deal without a create date is left out', async () => {
  const r = kpi(await salesBook(), 'sales_cycle_days', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [1370, 32, 42.8125]);
});

test('deal size and won revenue: 30 x 2,500 + 2 x 5,000 = 85,000 over 32 deals with an amount', async () => {
  const db = await salesBook();
  assert.deepEqual([kpi(db, 'won_revenue', '2026-Q1').value, kpi(db, 'avg_deal_size', '2026-Q1').value], [85000, 2656.25]);
});

test('pipeline: 4 open deals x 1,000 created by the end of Q1; velocity = 4 x 2,656.25 x 0.33 / 42.8125', async () => {
  const db = await salesBook();
  assert.equal(kpi(db, 'pipeline_value', '2026-Q1').value, 4000);
  // At the end of Q2 the deal created 2026-04-10 is in the pipeline too.
  assert.equal(kpi(db, 'pipeline_value', '2026-Q2').value, 11000);
  close(kpi(db, 'pipeline_velocity', '2026-Q1').value, (4 * 2656.25 * 0.33) / 42.8125);
});

test('quota attainment: 85,000 won against the team quota of 80,000 = 106.25%; per owner against their quotas', async () => {
  const db = await salesBook();
  const r = kpi(db, 'quota_attainment', '2026-Q1');
  assert.deepEqual([r.value, r.numerator, r.denominator], [1.0625, 85000, 80000]);
  const { computeMetrics } = await import('../../../../main/metrics/compute');
  const { readSettings } = await import('../../../../main/store/settings');
  const seg = computeMetrics(db, { period: '2026-Q1', segment: 'owner', ids: ['quota_attainment'] }, readSettings(db)).metrics[0]!;
  const byOwner = new Map(seg.segments!.map((s) => [s.key, s]));
  // Ann 75,000 / 50,000; Bob 10,000 / 30,000.
  assert.equal(byOwner.get('Ann')!.value, 1.5);
  close(byOwner.get('Bob')!.value, 1 / 3);
  // The Q2 quota lies outside Q1; in Q2 nothing was won: 0 / 90,000.
  assert.equal(kpi(db, 'quota_attainment', '2026-Q2').value, 0);
});

test('upsell rate: customers C1 and C2 bought upsells; 8 customers active in Q1 (2 churned in 2025) = 25%', async () => {
  const r = kpi(await salesBook(), 'upsell_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [2, 8, 0.25]);
});

test('an empty period is no_data with the reason, never 0 or NaN', async () => {
  const db = await salesBook();
  const r = kpi(db, 'win_rate', '2019-Q1');
  assert.equal(r.status, 'no_data');
  assert.equal(r.value, null);
  assert.equal(r.reason, 'no deals were won or lost in Q1 2019, so there is no win rate');
  assert.equal(kpi(db, 'won_revenue', '2019-Q1').value, 0);
});

test('a missing dataset or an empty field says what to import', async () => {
  const db = await workbook({ deals: [{ stage: 'Won', status: 'won', amount: 10, created_at: '2026-01-05' }] });
  assert.equal(kpi(db, 'lead_conversion_rate', '2026-Q1').reason, 'needs leads: import a CRM leads export (Created, Source, Converted)');
  const r = kpi(db, 'win_rate', '2026-Q1');
  assert.equal(r.status, 'no_data');
  assert.equal(r.reason, "needs the deals' Closed: the only deal has none; map a column to Closed when importing");
  // Deals without any date: no column of theirs is there to map.
  const undated = await workbook({ deals: [{ stage: 'Won', status: 'won', amount: 10 }] });
  assert.equal(
    kpi(undated, 'win_rate', '2026-Q1').reason,
    'the deals data has no dates, and a month or quarter counts rows by their dates: import a deals export that has them',
  );
  const empty = await workbook({});
  assert.equal(kpi(empty, 'win_rate', '2026-Q1').reason, 'needs deals: import a CRM deals export (Stage, Amount, Close Date)');
});
