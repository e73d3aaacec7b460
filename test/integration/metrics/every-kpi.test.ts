/** Every KPI of the catalogue over a workbook holding all twelve datasets, and over an empty one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsOf, times, workbook } from '../../unit/main/metrics/fixture';
import { computeMetrics, computeTrend } from '../../../main/metrics/compute';
import { catalogue } from '../../../shared/metrics/index';

async function company() {
  const day = (m: number, d = 10) => `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return workbook({
    customers: [
      ...times(20, { acquired_at: '2025-03-01', monthly_revenue: 100, plan: 'Pro', owner: 'Ann' }, 'customer_id', 'C'),
      ...times(2, { acquired_at: '2025-03-01', churned_at: day(2), churned: 1, monthly_revenue: 50, plan: 'Basic', owner: 'Bob' }, 'customer_id', 'L'),
      ...times(3, { acquired_at: day(1), monthly_revenue: 80, plan: 'Basic', owner: 'Bob' }, 'customer_id', 'N'),
    ],
    leads: [...times(10, { created_at: day(1), converted_at: day(2), owner: 'Ann' }), ...times(30, { created_at: day(2), owner: 'Bob' })],
    deals: [
      ...times(4, {
        stage: 'Won',
        status: 'won',
        amount: 1000,
        created_at: '2025-12-01',
        closed_at: day(2),
        owner: 'Ann',
        customer_id: 'C1',
        deal_type: 'new',
      }),
      { stage: 'Won', status: 'won', amount: 500, created_at: day(1), closed_at: day(3), owner: 'Bob', customer_id: 'C2', deal_type: 'upsell' },
      ...times(5, { stage: 'Lost', status: 'lost', amount: 700, created_at: day(1), closed_at: day(3), owner: 'Bob' }),
      // Open deals expected to close in the quarter, at a stage the forecast reads as Commit (90%).
      ...times(3, { stage: 'Contract Sent', status: 'open', amount: 900, created_at: day(2), closed_at: day(3, 25), owner: 'Ann' }),
    ],
    orders: [
      { order_id: 'O1', customer_id: 'C1', ordered_at: day(1), amount: 120, product: 'A' },
      { order_id: 'O2', customer_id: 'C1', ordered_at: day(2), amount: 80, product: 'B' },
      { order_id: 'O3', customer_id: 'C2', ordered_at: day(3), amount: 200, product: 'A' },
    ],
    subscriptions: [
      { customer_id: 'C1', started_at: '2025-01-01', mrr: 100, renewal_due_at: day(2), renewed: 1, plan: 'Pro' },
      { customer_id: 'C2', started_at: '2025-01-01', ended_at: day(2, 20), mrr: 60, renewal_due_at: day(2), renewed: 0, plan: 'Basic' },
    ],
    tickets: [
      {
        customer_id: 'C1',
        created_at: `${day(1)}T09:00:00`,
        first_response_at: `${day(1)}T10:00:00`,
        resolved_at: `${day(1)}T12:00:00`,
        contacts: 1,
        satisfaction: 5,
        agent: 'Zoe',
        channel: 'email',
      },
      {
        customer_id: 'C1',
        created_at: `${day(2)}T09:00:00`,
        first_response_at: `${day(2)}T09:30:00`,
        resolved_at: `${day(2, 12)}T09:00:00`,
        contacts: 2,
        satisfaction: 3,
        agent: 'Yan',
        channel: 'chat',
      },
      {
        customer_id: 'C2',
        created_at: `${day(3)}T09:00:00`,
        first_response_at: `${day(3)}T11:00:00`,
        resolved_at: `${day(3)}T15:00:00`,
        contacts: 1,
        agent: 'Zoe',
        channel: 'email',
      },
    ],
    surveys: [
      ...[10, 9, 7, 3].map((score) => ({ kind: 'nps', score, responded_at: day(2), channel: 'email' })),
      ...[5, 4, 2].map((score) => ({ kind: 'csat', score, responded_at: day(2), channel: 'email' })),
      ...[6, 5].map((score) => ({ kind: 'ces', score, responded_at: day(2), channel: 'email' })),
    ],
    spend: [
      { spent_at: day(1, 1), spent_until: day(3, 31), amount: 9000, category: 'marketing', channel: 'ads' },
      { spent_at: day(2), amount: 3000, category: 'sales' },
      { spent_at: day(2), amount: 600, category: 'retention' },
      { spent_at: day(1), amount: 1000, category: 'crm' },
    ],
    email_campaigns: [{ sent_at: day(2), sent: 1000, delivered: 970, bounced: 30, opened: 300, clicked: 60 }],
    web_traffic: [{ day: day(2), sessions: 5000, conversions: 100, channel: 'ads' }],
    quotas: [
      { owner: 'Ann', period: '2026-Q1', period_end: '2026-03-31', amount: 4000 },
      { owner: 'Bob', period: '2026-Q1', period_end: '2026-03-31', amount: 2000 },
    ],
    crm_usage: [
      { user: 'ann', day: day(2), logins: 4 },
      { user: 'bob', day: day(2), logins: 2 },
    ],
  });
}

const finite = (v: number | null | undefined): boolean => v === null || v === undefined || Number.isFinite(v);

test('a workbook with all twelve datasets gives every KPI a value, with comparison, segments and trend', async () => {
  const db = await company();
  const s = settingsOf(db, { seats: 5, crm_gain: 4000 });
  const r = computeMetrics(db, { period: '2026-Q1', compare: 'previous', segment: 'owner' }, s);
  assert.equal(r.metrics.length, catalogue.length);
  for (const m of r.metrics) {
    assert.equal(m.status, 'ok', `${m.id}: ${m.reason}`);
    assert.ok(finite(m.value) && finite(m.numerator) && finite(m.denominator) && finite(m.previous), m.id);
    for (const seg of m.segments ?? []) assert.ok(finite(seg.value) && finite(seg.numerator) && finite(seg.denominator), `${m.id} ${seg.key}`);
  }
  const trend = computeTrend(db, { period: '2026-Q1', count: 4 }, s);
  assert.equal(trend.series.length, catalogue.length);
  for (const series of trend.series) assert.ok(series.values.every(finite), series.id);
});

test('an empty workbook: every KPI is no_data with a reason, never an error', async () => {
  const db = await workbook({});
  const r = computeMetrics(db, { period: '2026-Q1', compare: 'year', segment: 'channel' }, settingsOf(db));
  assert.deepEqual(
    r.metrics.map((m) => m.id),
    catalogue.map((d) => d.id),
  );
  for (const m of r.metrics) {
    assert.equal(m.status, 'no_data', m.id);
    assert.equal(m.value, null);
    assert.ok(m.reason && m.reason.length > 10, m.id);
  }
});
