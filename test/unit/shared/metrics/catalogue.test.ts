import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, byId } from '../../../../shared/metrics/index';
import { checkCatalogue, metric } from '../../../../shared/metrics/define';

/**
 * The ids of the product's definitions table, in its order (42 rows), with the revenue analytics: the
 * weighted forecast after the sales KPIs (4) and the MRR movements after the customer KPIs (7).
 */
const designIds = [
  'lead_conversion_rate',
  'win_rate',
  'close_rate',
  'sales_cycle_days',
  'avg_deal_size',
  'won_revenue',
  'pipeline_value',
  'pipeline_velocity',
  'quota_attainment',
  'upsell_rate',
  'weighted_pipeline',
  'commit_forecast',
  'best_case_forecast',
  'forecast_gap_to_quota',
  'cac',
  'cost_per_lead',
  'marketing_roi',
  'website_conversion_rate',
  'email_open_rate',
  'email_click_rate',
  'email_bounce_rate',
  'customer_retention_rate',
  'churn_rate',
  'renewal_rate',
  'revenue',
  'mrr',
  'net_revenue_retention',
  'mrr_churn_rate',
  'arpu',
  'repeat_purchase_rate',
  'clv',
  'customer_retention_cost',
  'ltv_cac_ratio',
  'cac_payback_months',
  'new_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'reactivation_mrr',
  'net_new_mrr',
  'quick_ratio',
  'nps',
  'csat',
  'csat_mean',
  'ces',
  'first_contact_resolution',
  'repeat_contact_rate',
  'avg_first_response_hours',
  'avg_resolution_hours',
  'active_user_rate',
  'logins_per_user',
  'data_completeness',
  'crm_roi',
];

test('the catalogue holds the 53 KPIs of the definitions table and the revenue analytics in their order', () => {
  assert.equal(designIds.length, 53);
  assert.deepEqual(
    catalogue.map((m) => m.id),
    designIds,
  );
  assert.equal(byId.size, 53);
});

test('every KPI carries what the app and the report show', () => {
  for (const m of catalogue) {
    assert.ok(m.name && m.description && m.formula && m.empty, m.id);
    assert.ok(['sales', 'marketing', 'customers', 'service', 'adoption'].includes(m.area), m.id);
    assert.ok(m.ways.length > 0, m.id);
  }
  assert.deepEqual([...(byId.get('ltv_cac_ratio')!.requires ?? [])].sort(), ['cac', 'clv']);
  assert.deepEqual(byId.get('win_rate')!.needs, { deals: ['status', 'closed_at'] });
});

const base = { name: 'x', area: 'sales', unit: 'ratio', direction: 'up', description: 'x', formula: 'x', empty: 'x' } as const;

test('the load-time check catches duplicate ids, unknown fields, unknown KPIs and cycles', () => {
  const ok = metric({
    ...base,
    id: 'a',
    ways: [{ needs: { deals: ['status'] }, measures: { n: { kind: 'flow', dataset: 'deals', on: 'closed_at' } }, numerator: 'n' }],
  });
  assert.throws(() => checkCatalogue([ok, ok]), /a: id used twice/);
  const badField = metric({ ...base, id: 'b', ways: [{ needs: { deals: ['nope'] }, measures: {}, numerator: { setting: 'seats' } }] });
  assert.throws(() => checkCatalogue([badField]), /unknown field deals\.nope/);
  const badMeasure = metric({ ...base, id: 'c', ways: [{ needs: {}, measures: {}, numerator: 'missing' }] });
  assert.throws(() => checkCatalogue([badMeasure]), /unknown measure missing/);
  const x = metric({ ...base, id: 'x', ways: [{ needs: {}, measures: {}, numerator: { kpi: 'y' } }] });
  const y = metric({ ...base, id: 'y', ways: [{ needs: {}, measures: {}, numerator: { kpi: 'x' } }] });
  assert.throws(() => checkCatalogue([x, y]), /cycle: x -> y -> x/);
  assert.throws(() => checkCatalogue([x]), /requires unknown KPI y/);
});
