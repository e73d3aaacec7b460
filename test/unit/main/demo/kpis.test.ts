import { after, before, test } from 'node:test';
import type { Database } from 'sql.js';
import assert from 'node:assert/strict';
import { writeDemo } from '../../../../main/demo/generate';
import { computeMetrics } from '../../../../main/metrics/compute';
import { memoryDatabase } from '../../../../main/store/memory';
import { readSettings } from '../../../../main/store/settings';
import type { Settings } from '../../../../shared/api';
import { catalogue } from '../../../../shared/metrics/index';

// The story runs ten quarters to 2026-Q3; the first two warm the pipeline up, the last eight are
// the ones the dashboard and the report show.
const lastEight = ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];

let db: Database;
let settings: Settings;
before(async () => {
  db = await memoryDatabase();
  writeDemo(db);
  settings = readSettings(db);
});
after(() => db.close());

test('the sample company gives every KPI of the catalogue a value in each of its last eight quarters', () => {
  for (const period of lastEight) {
    const res = computeMetrics(db, { period, compare: 'previous' }, settings);
    assert.equal(res.period.id, period);
    assert.deepEqual(res.metrics.map((m) => m.id), catalogue.map((m) => m.id));
    for (const m of res.metrics) {
      assert.equal(m.status, 'ok', `${m.id} in ${period}: ${m.reason ?? ''}`);
      assert.ok(Number.isFinite(m.value), `${m.id} in ${period}`);
      assert.ok(m.previous === undefined || m.previous === null || Number.isFinite(m.previous));
    }
  }
  // With no period asked for, the dashboard opens on the story's last quarter.
  assert.equal(computeMetrics(db, {}, settings).period.id, '2026-Q3');
});

/** KPIs that are a part of a whole, so between 0 and 1 by definition (quota attainment and ROI are not). */
const shares = [
  'lead_conversion_rate', 'win_rate', 'close_rate', 'upsell_rate', 'website_conversion_rate', 'email_open_rate',
  'email_click_rate', 'email_bounce_rate', 'customer_retention_rate', 'churn_rate', 'renewal_rate', 'mrr_churn_rate',
  'repeat_purchase_rate', 'csat', 'first_contact_resolution', 'repeat_contact_rate', 'active_user_rate',
  'data_completeness',
];

test('shares stay between 0 and 1 in every quarter', () => {
  for (const period of lastEight) {
    for (const m of computeMetrics(db, { period }, settings).metrics) {
      if (!shares.includes(m.id)) continue;
      assert.ok(m.value! >= 0 && m.value! <= 1, `${m.id} in ${period} = ${m.value}`);
    }
  }
});

test('KPIs that follow from the story’s settings alone have their hand-worked values', () => {
  const value = (id: string): number => computeMetrics(db, { period: '2026-Q3', ids: [id] }, settings).metrics[0]!.value!;
  // CRM spend in a quarter is the licence only: 15 seats x 89 x 3 months = 4,005; the gain is 12,000.
  assert.ok(Math.abs(value('crm_roi') - (12_000 - 4_005) / 4_005) < 1e-9);
  // In 2026-Q3 five reps (Ola Sundqvist left in 2026-Q1), four agents and four others work here,
  // and each logs in on most working days: 13 of the 15 seats.
  assert.ok(Math.abs(value('active_user_rate') - 13 / 15) < 1e-9);
});
