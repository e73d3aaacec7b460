import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardCharts, segmentChart } from '../../../../renderer/pages/dashboard-charts';
import type { MetricResult } from '../../../../shared/metrics/types';

const metric = (id: string, unit: MetricResult['unit'], numerator: number | null, denominator: number | null, value: number | null): MetricResult => ({
  id,
  name: id,
  area: 'sales',
  unit,
  direction: 'up',
  status: value === null ? 'no_data' : 'ok',
  value,
  numerator,
  denominator,
  target: null,
  ...(value === null ? { reason: `needs ${id} data` } : {}),
});

const trend = {
  periods: [
    { id: '2017-Q1', start: '2017-01-01', end: '2017-03-31' },
    { id: '2017-Q2', start: '2017-04-01', end: '2017-06-30' },
  ],
  series: [
    { id: 'won_revenue', values: [100, 200] },
    { id: 'win_rate', values: [0.5, 0.6] },
    { id: 'churn_rate', values: [null, null] },
  ],
};

test('the funnel plots the counts behind the conversion KPIs', () => {
  // 40 of 200 leads converted; 30 deals created, 12 of them won.
  const metrics = [metric('lead_conversion_rate', 'ratio', 40, 200, 0.2), metric('close_rate', 'ratio', 12, 30, 0.4), metric('won_revenue', 'currency', 200, null, 200), metric('win_rate', 'ratio', 6, 10, 0.6)];
  const charts = dashboardCharts(metrics, trend, 1);
  const funnel = charts.find((c) => c.id === 'funnel')!;
  assert.deepEqual(funnel.spec.labels, ['Leads created', 'Leads converted', 'Deals created', 'Deals won']);
  assert.deepEqual(funnel.spec.series[0]!.values, [200, 40, 30, 12]);
  const revenue = charts.find((c) => c.id === 'revenue')!;
  assert.deepEqual(revenue.spec.labels, ['Q1 2017', 'Q2 2017']);
  assert.deepEqual(revenue.spec.series.map((s) => [s.label, s.right ?? false]), [['won_revenue', false], ['win_rate', true]]);
});

test('a chart without data says which data it needs', () => {
  const charts = dashboardCharts([metric('churn_rate', 'ratio', null, null, null)], trend, 1);
  assert.equal(charts.find((c) => c.id === 'churn')!.empty, 'No data: needs churn_rate data');
});

test('the segment chart ranks the segments by value', () => {
  const m = { ...metric('win_rate', 'ratio', 3, 5, 0.6), segments: [
    { key: 'Anna', value: 0.4, numerator: 2, denominator: 5 },
    { key: 'Ben', value: 0.8, numerator: 4, denominator: 5 },
    { key: 'Cy', value: null, numerator: 0, denominator: 0 },
  ] };
  const c = segmentChart(m, 'owner')!;
  assert.deepEqual(c.spec.labels, ['Ben', 'Anna']);
  assert.equal(c.title, 'win_rate by owner');
});
