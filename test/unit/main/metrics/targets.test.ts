import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsOf, times, workbook } from './fixture';
import { computeMetrics } from '../../../../main/metrics/compute';
import { listTargets, setTargets, targetStatus } from '../../../../main/metrics/targets';

test('status respects direction: on track at or beyond, at risk within 10% short, off track beyond', () => {
  assert.equal(targetStatus(0.5, 0.5, 'up'), 'on_track');
  assert.equal(targetStatus(0.46, 0.5, 'up'), 'at_risk'); // 8% short
  assert.equal(targetStatus(0.44, 0.5, 'up'), 'off_track'); // 12% short
  assert.equal(targetStatus(30, 40, 'down'), 'on_track');
  assert.equal(targetStatus(43, 40, 'down'), 'at_risk'); // 7.5% over a "lower is better" target
  assert.equal(targetStatus(45, 40, 'down'), 'off_track');
  assert.equal(targetStatus(null, 40, 'down'), null);
});

test('targets are stored per KPI, period and segment, and come back on the results', async () => {
  const db = await workbook({
    deals: [
      ...times(2, { stage: 'won', status: 'won', closed_at: '2026-01-15', owner: 'Ann' }),
      ...times(2, { stage: 'lost', status: 'lost', closed_at: '2026-01-15', owner: 'Bob' }),
    ],
  });
  const s = settingsOf(db);
  setTargets(
    db,
    {
      period: '2026-Q1',
      values: [
        ['win_rate', 0.52],
        ['sales_cycle_days', 30],
      ],
    },
    s,
  );
  setTargets(db, { period: '2026-Q1', values: [['win_rate', 0.9]], segment: { field: 'owner', value: 'Ann' } }, s);
  assert.deepEqual(
    listTargets(db).map((t) => [t.metricId, t.period, t.segmentField, t.segmentValue, t.value]),
    [
      ['sales_cycle_days', '2026-Q1', null, null, 30],
      ['win_rate', '2026-Q1', null, null, 0.52],
      ['win_rate', '2026-Q1', 'owner', 'Ann', 0.9],
    ],
  );
  const m = computeMetrics(db, { period: '2026-Q1', segment: 'owner', ids: ['win_rate'] }, s).metrics[0]!;
  // 0.5 against 0.52: 0.02 short, within 10% of 0.52.
  assert.deepEqual([m.value, m.target, m.targetStatus], [0.5, 0.52, 'at_risk']);
  const ann = m.segments!.find((x) => x.key === 'Ann') as { target?: number; targetStatus?: string };
  assert.deepEqual([ann.target, ann.targetStatus], [0.9, 'on_track']);
  setTargets(db, { period: '2026-Q1', values: [['win_rate', null]] }, s);
  assert.equal(listTargets(db).filter((t) => t.metricId === 'win_rate' && t.segmentField === null).length, 0);
  assert.throws(() => setTargets(db, { period: 'soon', values: [['win_rate', 1]] }, s), /Period "soon"/);
});
