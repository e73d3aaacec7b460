import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kpi, times, workbook } from './fixture';

/**
 * Period 2026-Q1. Spend: marketing 9,000 on 2026-01-15, and 6,200 over 2025-12-01..2026-01-31 (62 days,
 * 31 of them in Q1 -> 3,100); sales 3,000 for "2026-Q1"; retention 1,000; crm 500.
 * Marketing in Q1 = 12,100; marketing + sales = 15,100.
 */
async function marketingBook() {
  return workbook({
    spend: [
      { spent_at: '2026-01-15', amount: 9000, category: 'marketing', channel: 'ads' },
      { spent_at: '2025-12-01', spent_until: '2026-01-31', amount: 6200, category: 'marketing', channel: 'events' },
      { spent_at: '2026-Q1', amount: 3000, category: 'sales' },
      { spent_at: '2026-02-01', amount: 1000, category: 'retention' },
      { spent_at: '2026-01-01', amount: 500, category: 'crm' },
    ],
    customers: [...times(10, { acquired_at: '2026-02-01' }, 'customer_id', 'N'), ...times(3, { acquired_at: '2025-06-01' }, 'customer_id', 'O')],
    leads: times(121, { created_at: '2026-03-01' }),
    deals: [
      { stage: 'Won', status: 'won', amount: 20000, closed_at: '2026-01-20', deal_type: 'new' },
      { stage: 'Won', status: 'won', amount: 10000, closed_at: '2026-02-20' },
      { stage: 'Won', status: 'won', amount: 5000, closed_at: '2026-02-21', deal_type: 'upsell' },
    ],
    web_traffic: [
      { day: '2026-01-01', sessions: 1000, conversions: 30 },
      { day: '2026-03-31', sessions: 1000, conversions: 10 },
      { day: '2026-04-01', sessions: 500, conversions: 100 },
    ],
    email_campaigns: [
      { sent_at: '2026-01-10', sent: 1000, delivered: 950, bounced: 50, opened: 190, clicked: 38 },
      { sent_at: '2026-02-10', sent: 1000, bounced: 100, opened: 180 },
      { sent_at: '2026-03-10', sent: 500 },
      { sent_at: '2025-03-10', sent: 500, delivered: 500, bounced: 0, opened: 500, clicked: 500 },
    ],
  });
}

test('CAC: (12,100 marketing + 3,000 sales) / 10 customers acquired in Q1 = 1,510', async () => {
  const r = kpi(await marketingBook(), 'cac', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [15100, 10, 1510]);
});

test('cost per lead: 12,100 / 121 leads = 100; spend over a period is spread over its days', async () => {
  const db = await marketingBook();
  assert.equal(kpi(db, 'cost_per_lead', '2026-Q1').value, 100);
  // January alone: 9,000 + 6,200 x 31/62 = 12,100 marketing, no leads -> no_data.
  assert.equal(kpi(db, 'cost_per_lead', '2026-01').reason, 'no leads were created in Jan 2026');
});

test('marketing ROI: (20,000 new + 10,000 untyped - 12,100) / 12,100; the upsell is not new business', async () => {
  const r = kpi(await marketingBook(), 'marketing_roi', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator], [17900, 12100]);
  assert.equal(r.value, 17900 / 12100);
});

test('website conversion: (30 + 10) / (1,000 + 1,000) = 2%; 2026-04-01 is outside Q1', async () => {
  const r = kpi(await marketingBook(), 'website_conversion_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [40, 2000, 0.02]);
});

test('email: open (190 + 180) / (950 + (1,000 - 100)) = 20%, click 38 / 950 = 4%, bounce (50 + 100) / 2,000 = 7.5%', async () => {
  const db = await marketingBook();
  const open = kpi(db, 'email_open_rate', '2026-Q1');
  assert.deepEqual([open.numerator, open.denominator, open.value], [370, 1850, 0.2]);
  const click = kpi(db, 'email_click_rate', '2026-Q1');
  assert.deepEqual([click.numerator, click.denominator, click.value], [38, 950, 0.04]);
  const bounce = kpi(db, 'email_bounce_rate', '2026-Q1');
  assert.deepEqual([bounce.numerator, bounce.denominator, bounce.value], [150, 2000, 0.075]);
});

test('CAC cannot be split by channel: customers have no channel field, and the result says so', async () => {
  const db = await marketingBook();
  const { computeMetrics } = await import('../../../../main/metrics/compute');
  const { readSettings } = await import('../../../../main/store/settings');
  const r = computeMetrics(db, { period: '2026-Q1', segment: 'channel', ids: ['cac', 'cost_per_lead', 'website_conversion_rate'] }, readSettings(db));
  assert.deepEqual(r.metrics[0]!.segments, []);
  assert.equal(r.metrics[0]!.note, 'not split by channel: the customers data has no channel');
  assert.equal(r.metrics[1]!.note, 'not split by channel: the leads data has no channel');
});
