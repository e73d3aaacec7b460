import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardCharts, npsChart, segmentChart } from '../../../../renderer/pages/dashboard-charts';
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

test("the pipeline chart is pipeline value split by stage, in the engine's order (biggest first)", () => {
  const metrics = [
    metric('pipeline_value', 'currency', 1750.5, null, 1750.5),
    metric('won_revenue', 'currency', 200, null, 200),
    metric('win_rate', 'ratio', 6, 10, 0.6),
  ];
  const byStage = {
    ...metrics[0]!,
    segments: [
      { key: 'Negotiation', value: 1000, numerator: 1000, denominator: null },
      { key: '', value: 400, numerator: 400, denominator: null },
      { key: 'Prospecting', value: 350.5, numerator: 350.5, denominator: null },
    ],
  };
  const charts = dashboardCharts(metrics, trend, 1, byStage);
  const stages = charts.find((c) => c.id === 'pipeline-stages')!;
  assert.equal(stages.title, 'Pipeline value by stage');
  assert.deepEqual(stages.spec.labels, ['Negotiation', '(blank)', 'Prospecting']);
  assert.deepEqual(stages.spec.series[0]!.values, [1000, 400, 350.5]);
  assert.equal(stages.spec.series[0]!.unit, 'currency');
  assert.equal(
    charts.some((c) => c.id === 'funnel'),
    false,
  );
  assert.equal(
    dashboardCharts(metrics, trend, 1).some((c) => c.id === 'pipeline-stages'),
    false,
    'no split asked for, no stage chart',
  );
  const noOpenDeals = dashboardCharts(metrics, trend, 1, { ...metric('pipeline_value', 'currency', null, null, null), segments: [] }).find(
    (c) => c.id === 'pipeline-stages',
  )!;
  assert.equal(noOpenDeals.empty, 'No data: needs pipeline_value data');
  const revenue = charts.find((c) => c.id === 'revenue')!;
  assert.deepEqual(revenue.spec.labels, ['Q1 2017', 'Q2 2017']);
  assert.deepEqual(
    revenue.spec.series.map((s) => [s.label, s.right ?? false]),
    [
      ['won_revenue', false],
      ['win_rate', true],
    ],
  );
});

test('a chart without data says which data it needs', () => {
  const charts = dashboardCharts([metric('churn_rate', 'ratio', null, null, null)], trend, 1);
  assert.equal(charts.find((c) => c.id === 'churn')!.empty, 'No data: needs churn_rate data');
});

test('the segment chart ranks the segments by value', () => {
  const m = {
    ...metric('win_rate', 'ratio', 3, 5, 0.6),
    segments: [
      { key: 'Anna', value: 0.4, numerator: 2, denominator: 5 },
      { key: 'Ben', value: 0.8, numerator: 4, denominator: 5 },
      { key: 'Cy', value: null, numerator: 0, denominator: 0 },
    ],
  };
  const c = segmentChart(m, 'owner', false, 'en-US')!;
  assert.deepEqual(c.spec.labels, ['Ben', 'Anna']);
  assert.equal(c.title, 'win_rate by owner');
  assert.equal(c.note, '2 owners');
  assert.equal(c.spec.everyLabel, true);
  assert.equal(c.spec.barTones, undefined);
});

/** 13 owners: Owner 1 won 13 of 20 deals ... Owner 13 won 1 of 20, each a won revenue of 100 per won deal. */
const owners = Array.from({ length: 13 }, (_, i) => ({ key: `Owner ${i + 1}`, won: 13 - i }));

test('beyond ten segments the rest are one Others bar: a rate of their deals together, said in the note', () => {
  const m = {
    ...metric('win_rate', 'ratio', 91, 260, 0.35),
    segments: owners.map((o) => ({ key: o.key, value: o.won / 20, numerator: o.won, denominator: 20 })),
  };
  const c = segmentChart(m, 'owner', false, 'en-US')!;
  assert.deepEqual(c.spec.labels, [...owners.slice(0, 10).map((o) => o.key), 'Others (3)']);
  // Owners 11-13 won 3 + 2 + 1 of 60 deals.
  assert.equal(c.spec.series[0]!.values.at(-1), 6 / 60);
  assert.equal(c.note, '10 of 13 owners, the rest as Others');
  assert.equal(c.spec.horizontal, false);
  // Others is grey, the owners in the series' colour.
  assert.deepEqual(c.spec.barTones, [...Array<null>(10).fill(null), 'chart-other']);
});

test('amounts of the rest add up; long labels lie beside horizontal bars, each bar a row of the chart', () => {
  const m = {
    ...metric('won_revenue', 'currency', 9100, null, 9100),
    segments: owners.map((o) => ({ key: `${o.key} of the northern region`, value: o.won * 100, numerator: o.won * 100, denominator: null })),
  };
  const c = segmentChart(m, 'owner', false, 'en-US')!;
  assert.equal(c.spec.series[0]!.values.at(-1), 600);
  assert.equal(c.spec.horizontal, true);
  assert.equal(c.spec.height, 28 * 11 + 40);
});

test('a KPI built from others has no figure for a group: the rest are left out and the note says so', () => {
  const m = {
    ...metric('pipeline_velocity', 'currency', 1, 1, 1),
    segments: owners.map((o) => ({ key: o.key, value: o.won, numerator: o.won * 10, denominator: 10 })),
  };
  const c = segmentChart(m, 'owner', true, 'en-US')!;
  assert.equal(c.spec.labels.length, 10);
  assert.equal(c.spec.barTones, undefined);
  assert.equal(c.note, '10 of 13 owners; the other 3 are left out (pipeline_velocity of a group is not worked out from theirs)');
});

test("the NPS chart is the engine's split of the responses behind the figure, with no counting of its own", () => {
  const nps = { ...metric('nps', 'score', 2, 10, 20), parts: { promoters: 5, passives: 2, detractors: 3, responses: 10 } };
  const chart = npsChart(new Map([['nps', nps]]));
  assert.equal(chart.title, 'NPS responses');
  assert.deepEqual(chart.spec.labels, ['Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)']);
  assert.deepEqual(chart.spec.series[0]!.values, [5, 2, 3]);
  const none = npsChart(new Map([['nps', metric('nps', 'score', null, null, null)]]));
  assert.deepEqual(none.spec.series[0]!.values, [null, null, null]);
  assert.equal(none.empty, 'No data: needs nps data');
});
