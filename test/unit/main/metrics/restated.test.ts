/**
 * Restatements in the engine: the tolerance that tells a changed figure from the same one, the latest
 * publication of a figure (not an earlier one) as the one compared with, segments, and the datasets
 * whose imports are named as having changed a KPI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMetrics } from '../../../../main/metrics/compute';
import { datasetsRead, sameFigure } from '../../../../main/metrics/restated';
import { recordPublished, type PublishedFigure } from '../../../../main/store/published';
import { byId } from '../../../../shared/metrics/index';
import { datasetNames } from '../../../../shared/datasets/catalog';
import { settingsOf, workbook } from './fixture';

test('figures within a relative 1e-9 of each other are one figure; no data any more is a change', () => {
  assert.equal(sameFigure(120_400, 120_400), true);
  assert.equal(sameFigure(120_400, 120_400 * (1 + 5e-10)), true);
  assert.equal(sameFigure(120_400, 120_400 * (1 + 2e-9)), false);
  assert.equal(sameFigure(0.1 + 0.2, 0.3), true);
  assert.equal(sameFigure(0, 0), true);
  assert.equal(sameFigure(0, 1e-12), false);
  assert.equal(sameFigure(-5, -5.000000001), true);
  assert.equal(sameFigure(8_000, null), false);
});

const fig = (metric: string, value: number, segmentField = '', segmentValue = ''): PublishedFigure => ({
  metric,
  segmentField,
  segmentValue,
  value,
  numerator: value,
  denominator: null,
});

test('the latest publication of a figure is the one compared with, the whole company and each segment', async () => {
  // Won in 2025-Q3: Anna 50,000 and 10,000, Ben 70,400.
  const db = await workbook({
    deals: [
      { deal_id: 'D-1', stage: 'Closed Won', status: 'won', amount: 50_000, created_at: '2025-06-01', closed_at: '2025-07-10', owner: 'Anna' },
      { deal_id: 'D-2', stage: 'Closed Won', status: 'won', amount: 70_400, created_at: '2025-07-01', closed_at: '2025-08-20', owner: 'Ben' },
      { deal_id: 'D-5', stage: 'Closed Won', status: 'won', amount: 10_000, created_at: '2025-07-01', closed_at: '2025-09-01', owner: 'Anna' },
    ],
  });
  const settings = settingsOf(db);
  recordPublished(db, {
    report: 'first.xlsx',
    at: '2025-10-02T09:00:00.000Z',
    period: '2025-Q3',
    figures: [fig('won_revenue', 120_400), fig('avg_deal_size', 40_000)],
  });
  recordPublished(db, {
    report: 'second.xlsx',
    at: '2025-10-09T09:00:00.000Z',
    period: '2025-Q3',
    // The whole company as it is now (130,400): the earlier 120,400 was restated in this report already.
    figures: [fig('won_revenue', 130_400), fig('won_revenue', 60_000, 'owner', 'Anna'), fig('won_revenue', 70_000, 'owner', 'Ben')],
  });
  recordPublished(db, { report: 'q2.xlsx', at: '2025-07-02T09:00:00.000Z', period: '2025-Q2', figures: [fig('won_revenue', 1)] });

  const res = computeMetrics(db, { period: '2025-Q3', segment: 'owner', ids: ['won_revenue', 'avg_deal_size', 'win_rate'] }, settings);
  const [won, avg, winRate] = res.metrics;
  assert.equal(won!.value, 130_400);
  assert.equal(won!.reported, undefined, 'the latest publication holds');
  // 130,400 / 3 won deals, against the 40,000 published once.
  assert.equal(avg!.reported?.value, 40_000);
  assert.deepEqual(avg!.reported, { value: 40_000, at: '2025-10-02T09:00:00.000Z', report: 'first.xlsx' });
  assert.equal(winRate!.reported, undefined, 'never published');
  const seg = new Map(won!.segments!.map((s) => [s.key, s]));
  assert.equal(seg.get('Anna')!.value, 60_000);
  assert.equal(seg.get('Anna')!.reported, undefined);
  assert.equal(seg.get('Ben')!.value, 70_400);
  assert.deepEqual(seg.get('Ben')!.reported, { value: 70_000, at: '2025-10-09T09:00:00.000Z', report: 'second.xlsx' });

  // Split by another field, the owner figures are not this split's: nothing to compare.
  const bySource = computeMetrics(db, { period: '2025-Q3', segment: 'source', ids: ['won_revenue'] }, settings).metrics[0]!;
  assert.deepEqual(
    bySource.segments!.filter((s) => s.reported),
    [],
  );
});

test('the imports named as changing a KPI are those of the datasets it reads, through the KPIs it is built from', () => {
  const read = (id: string): string[] => [...datasetsRead(byId.get(id)!)].sort();
  assert.deepEqual(read('won_revenue'), ['deals']);
  assert.deepEqual(read('win_rate'), ['deals']);
  // LTV:CAC is CLV (from ARPU: orders or customers) over CAC (spend and customers or deals).
  const ltvCac = read('ltv_cac_ratio');
  for (const ds of ['orders', 'spend']) assert.ok(ltvCac.includes(ds), `${ds} in ${ltvCac.join(', ')}`);
  assert.deepEqual(read('data_completeness'), [...datasetNames].sort());
});
