import { after, before, test } from 'node:test';
import type { Database } from 'sql.js';
import assert from 'node:assert/strict';
import { writeDemo } from '../../../../main/demo/generate';
import { computeMetrics } from '../../../../main/metrics/compute';
import { computeCohorts } from '../../../../main/metrics/cohorts';
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
    assert.deepEqual(
      res.metrics.map((m) => m.id),
      catalogue.map((m) => m.id),
    );
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
  'lead_conversion_rate',
  'win_rate',
  'close_rate',
  'upsell_rate',
  'website_conversion_rate',
  'email_open_rate',
  'email_click_rate',
  'email_bounce_rate',
  'customer_retention_rate',
  'churn_rate',
  'renewal_rate',
  'mrr_churn_rate',
  'repeat_purchase_rate',
  'csat',
  'first_contact_resolution',
  'repeat_contact_rate',
  'active_user_rate',
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

test('the forecast is filled in ahead: the three quarters after the story have a weighted pipeline, a best case and a gap to quota, the next two a commit', () => {
  const ids = ['weighted_pipeline', 'commit_forecast', 'best_case_forecast', 'forecast_gap_to_quota'];
  for (const [i, period] of ['2026-Q4', '2027-Q1', '2027-Q2'].entries()) {
    const m = new Map(computeMetrics(db, { period, ids }, settings).metrics.map((r) => [r.id, r]));
    const value = (id: string): number => m.get(id)!.value!;
    assert.ok(value('weighted_pipeline') > 0 && value('best_case_forecast') > 0, period);
    // Nobody commits two quarters out; the quotas are set ahead, so the gap is there.
    if (i < 2) assert.ok(value('commit_forecast') > 0, period);
    assert.ok(value('best_case_forecast') >= value('commit_forecast'), period);
    assert.ok(Number.isFinite(value('forecast_gap_to_quota')), period);
    // Every open deal's stage has a probability and a category: the sample names no unset stage.
    assert.equal(m.get('weighted_pipeline')!.note, undefined);
    assert.equal(m.get('commit_forecast')!.note, undefined);
  }
});

test('the cohort grids are filled in: every quarter since the first customer, and every month, through the story’s end', () => {
  for (const by of ['quarter', 'month'] as const) {
    const grid = computeCohorts(db, { by }, settings);
    assert.equal(grid.through, '2026-09-30');
    assert.ok(grid.cohorts.length > (by === 'quarter' ? 20 : 60), `${by}: ${grid.cohorts.length}`);
    assert.equal(grid.cohorts.at(-1)!.cohort, by === 'quarter' ? '2026-Q3' : '2026-09');
    for (const c of grid.cohorts) {
      assert.ok(c.logo_retention[0]! > 0.9 && c.revenue_retention[0] === 1, c.cohort);
      assert.ok(
        c.logo_retention.every((v) => v >= 0 && v <= 1),
        c.cohort,
      );
    }
  }
});
