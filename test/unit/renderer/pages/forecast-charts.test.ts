import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mrrProjectionChart, periodsAfter, pipelineForecastChart } from '../../../../renderer/pages/forecast-charts';
import { heatClass } from '../../../../renderer/pages/cohort-heat';

const quarters = ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'].map((id) => ({ id, start: '', end: '' }));

test("MRR's projection: three dashed series of their own after the actual figures, over periods named as projected", () => {
  const chart = mrrProjectionChart({ periods: quarters, series: [{ id: 'mrr', values: [1000, 1100, 1150, 1300] }] }, 1)!;
  assert.deepEqual(chart.spec.labels, ['Q4 2025', 'Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026 (projected)', 'Q1 2027 (projected)', 'Q2 2027 (projected)']);
  assert.deepEqual(
    chart.spec.series.map((s) => [s.label, s.values, s.dashed ?? false]),
    [
      ['MRR (actual)', [1000, 1100, 1150, 1300, null, null, null], false],
      ['Projection: upside', [null, null, null, 1300, 1450, 1600, 1750], true],
      ['Projection: base', [null, null, null, 1300, 1400, 1500, 1600], true],
      ['Projection: downside', [null, null, null, 1300, 1350, 1400, 1450], true],
    ],
  );
  // Too short a series for a projection: the actual figures alone.
  const short = mrrProjectionChart({ periods: quarters.slice(1), series: [{ id: 'mrr', values: [1100, 1150, 1300] }] }, 1)!;
  assert.deepEqual([short.title, short.spec.labels.length, short.spec.series.length], ['MRR', 3, 1]);
});

test('the periods after one: quarters, months and fiscal quarters', () => {
  assert.deepEqual(
    periodsAfter('2026-Q3', 1, 3).map((p) => p.id),
    ['2026-Q4', '2027-Q1', '2027-Q2'],
  );
  assert.deepEqual(
    periodsAfter('2026-11', 1, 3).map((p) => p.id),
    ['2026-12', '2027-01', '2027-02'],
  );
  assert.deepEqual(
    periodsAfter('FY2027-Q1', 7, 2).map((p) => p.id),
    ['FY2027-Q2', 'FY2027-Q3'],
  );
});

test('the pipeline forecast plots commit, best case and weighted pipeline per period', () => {
  const chart = pipelineForecastChart(
    {
      periods: quarters.slice(0, 2),
      series: [
        { id: 'weighted_pipeline', values: [10, 20] },
        { id: 'commit_forecast', values: [5, 0] },
        { id: 'best_case_forecast', values: [12, 3] },
      ],
    },
    1,
  );
  assert.deepEqual(
    chart.spec.series.map((s) => [s.label, s.values]),
    [
      ['Commit', [5, 0]],
      ['Best case', [12, 3]],
      ['Weighted pipeline', [10, 20]],
    ],
  );
});

test("a cohort cell's shade: ten steps to 100%, one above it", () => {
  assert.deepEqual([0, 0.04, 0.05, 0.66, 1, 1.0000000001, 1.2, null].map(heatClass), [
    'heat heat-0',
    'heat heat-0',
    'heat heat-1',
    'heat heat-7',
    'heat heat-10',
    'heat heat-10',
    'heat heat-over',
    '',
  ]);
});
