import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectMrr } from '../../../../shared/metrics/projection';

test("the projection carries the last three periods' average net new MRR forward, one standard deviation either side", () => {
  // Net new 100, 50, 150: mean 100; sample deviation sqrt((0 + 2,500 + 2,500) / 2) = 50.
  const p = projectMrr([900, 1000, 1100, 1150, 1300])!;
  assert.deepEqual(p.netNew, [100, 50, 150]);
  assert.equal(p.mean, 100);
  assert.equal(p.deviation, 50);
  assert.deepEqual(p.base, [1400, 1500, 1600]);
  assert.deepEqual(p.upside, [1450, 1600, 1750]);
  assert.deepEqual(p.downside, [1350, 1400, 1450]);
});

test('no projection without four known values at the end of the series', () => {
  assert.equal(projectMrr([1000, 1100, 1150]), null);
  assert.equal(projectMrr([1000, null, 1100, 1150, 1300]), null);
  assert.equal(projectMrr([1000, 1100, null, 1300]), null);
  assert.ok(projectMrr([null, 1000, 1100, 1150, 1300]) !== null, 'an unknown value before the last four does not matter');
});
