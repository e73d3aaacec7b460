import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addRows, settingsOf, times, workbook } from './fixture';
import { computeMetrics, computeTrend, metricRows } from '../../../../main/metrics/compute';
import { toJson } from '../../../../shared/metrics/json';
import { AppFailure } from '../../../../shared/result';

/**
 * Deals closed per quarter: 2025-Q1 1 won of 4, 2025-Q4 3 won of 5, 2026-Q1 2 won of 4 (Ann 2 of 2,
 * Bob 0 of 2). Win rates 0.25, 0.6, 0.5.
 */
async function book() {
  const d = (status: string, closed_at: string, owner = 'Ann', amount = 100) => ({ stage: status, status, closed_at, owner, amount });
  return workbook({
    deals: [
      d('won', '2025-02-01'),
      ...times(3, d('lost', '2025-02-01')),
      ...times(3, d('won', '2025-11-01')),
      ...times(2, d('lost', '2025-11-01')),
      ...times(2, d('won', '2026-01-15')),
      ...times(2, d('lost', '2026-03-31', 'Bob')),
    ],
  });
}

test('the default period is the latest quarter with data; compare previous and year', async () => {
  const db = await book();
  const s = settingsOf(db);
  const prev = computeMetrics(db, { compare: 'previous', ids: ['win_rate'] }, s);
  assert.deepEqual(prev.period, { id: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
  assert.equal(prev.compare?.period.id, '2025-Q4');
  const m = prev.metrics[0]!;
  assert.deepEqual([m.value, m.previous], [0.5, 0.6]);
  assert.ok(Math.abs(m.delta! - -0.1) < 1e-12);
  const year = computeMetrics(db, { compare: 'year', ids: ['win_rate'] }, s).metrics[0]!;
  assert.deepEqual([year.value, year.previous], [0.5, 0.25]);
});

test('with a July fiscal start the default period is the fiscal quarter: 2026-03-31 lies in FY2026-Q3', async () => {
  const db = await book();
  const r = computeMetrics(db, { ids: ['win_rate'] }, settingsOf(db, { fiscal_year_start_month: 7 }));
  assert.deepEqual(r.period, { id: 'FY2026-Q3', start: '2026-01-01', end: '2026-03-31' });
});

test('months, custom ranges and fiscal quarters select the rows by their dates', async () => {
  const db = await book();
  const rate = (period: string, fiscal = 1) =>
    computeMetrics(db, { period, ids: ['win_rate'] }, settingsOf(db, { fiscal_year_start_month: fiscal })).metrics[0]!;
  // January 2026: the 2 won deals of 2026-01-15 only.
  assert.deepEqual([rate('2026-01').numerator, rate('2026-01').denominator], [2, 2]);
  // 2026-01-16..2026-03-31: the 2 lost deals of 2026-03-31 (the last day is inside).
  assert.deepEqual([rate('2026-01-16..2026-03-31').numerator, rate('2026-01-16..2026-03-31').denominator], [0, 2]);
  // July start: FY2026-Q2 = 2025-10-01..2025-12-31 holds the 2025-11-01 deals: 3 won of 5.
  assert.deepEqual([rate('FY2026-Q2', 7).value, rate('FY2026-Q2', 7).denominator], [0.6, 5]);
  // FY2026 = 2025-07-01..2026-06-30: 5 won of 9.
  assert.deepEqual([rate('FY2026', 7).numerator, rate('FY2026', 7).denominator], [5, 9]);
});

test('an unreadable period is an invalid_period failure that lists the forms', async () => {
  const db = await book();
  assert.throws(
    () => computeMetrics(db, { period: '2026-Q5' }, settingsOf(db)),
    (e: unknown) =>
      e instanceof AppFailure &&
      e.code === 'invalid_period' &&
      e.message === 'Period "2026-Q5" is not a period this app knows. Use 2026-03, 2026-Q3, 2026, FY2026-Q1, FY2026, 2026-01-01..2026-03-31 or all',
  );
  assert.throws(
    () => computeMetrics(db, { ids: ['nope'] }, settingsOf(db)),
    (e: unknown) => e instanceof AppFailure && e.code === 'unknown_metric',
  );
});

test('segments split by owner, as written in the data', async () => {
  const db = await book();
  const m = computeMetrics(db, { period: '2026-Q1', segment: 'owner', ids: ['win_rate'] }, settingsOf(db)).metrics[0]!;
  assert.deepEqual(
    m.segments!.map((s) => [s.key, s.value, s.numerator, s.denominator]),
    [
      ['Ann', 1, 2, 2],
      ['Bob', 0, 0, 2],
    ],
  );
});

test('the documented --json shape', async () => {
  const db = await book();
  const json = toJson(computeMetrics(db, { period: '2026-Q1', ids: ['win_rate', 'nps'] }, settingsOf(db))) as {
    period: unknown;
    metrics: Record<string, unknown>[];
  };
  assert.deepEqual(json.period, { id: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
  const [win, nps] = json.metrics;
  for (const k of ['id', 'name', 'unit', 'status', 'value', 'numerator', 'denominator', 'previous', 'target']) assert.ok(k in win!, k);
  assert.deepEqual(
    [win!.id, win!.unit, win!.status, win!.value, win!.numerator, win!.denominator, win!.previous, win!.target],
    ['win_rate', 'ratio', 'ok', 0.5, 2, 4, null, null],
  );
  assert.equal('segments' in win!, false);
  assert.deepEqual([nps!.status, nps!.value, typeof nps!.reason], ['no_data', null, 'string']);
});

test('trend: 8 quarters ending with the period, null where nothing closed', async () => {
  const db = await book();
  const t = computeTrend(db, { period: '2026-Q1', ids: ['win_rate'] }, settingsOf(db));
  assert.deepEqual(
    t.periods.map((p) => p.id),
    ['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1'],
  );
  assert.deepEqual(t.series[0]!.values, [null, null, null, 0.25, null, null, 0.6, 0.5]);
});

test('a new import batch is seen by the next computation', async () => {
  const db = await book();
  const s = settingsOf(db);
  assert.equal(computeMetrics(db, { period: '2026-Q1', ids: ['win_rate'] }, s).metrics[0]!.value, 0.5);
  addRows(db, 'deals', [{ stage: 'won', status: 'won', closed_at: '2026-02-01' }]);
  assert.equal(computeMetrics(db, { period: '2026-Q1', ids: ['win_rate'] }, s).metrics[0]!.value, 0.6);
});

test('undoing a batch and importing another (which may reuse its id) is seen too', async () => {
  const { undoBatch, listBatches } = await import('../../../../main/store/batches');
  const db = await book();
  const s = settingsOf(db);
  addRows(db, 'deals', [{ stage: 'won', status: 'won', closed_at: '2026-02-01' }]);
  assert.equal(computeMetrics(db, { period: '2026-Q1', ids: ['win_rate'] }, s).metrics[0]!.value, 0.6);
  undoBatch(db, Math.max(...listBatches(db).map((b) => b.id)));
  assert.equal(computeMetrics(db, { period: '2026-Q1', ids: ['win_rate'] }, s).metrics[0]!.value, 0.5);
  // Another batch: 1 lost deal -> 2 won of 5.
  addRows(db, 'deals', [{ stage: 'lost', status: 'lost', closed_at: '2026-02-01' }]);
  assert.equal(computeMetrics(db, { period: '2026-Q1', ids: ['win_rate'] }, s).metrics[0]!.value, 0.4);
});

test('rows behind a KPI: the deals closed in the period', async () => {
  const db = await book();
  const page = metricRows(db, { id: 'win_rate', period: '2026-Q1', limit: 3 }, settingsOf(db));
  assert.equal(page.total, 4);
  assert.equal(page.rows.length, 3);
  assert.ok(page.columns.includes('closed_at'));
});
