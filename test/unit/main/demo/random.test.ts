import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, WeightedTable } from '../../../../main/demo/random';

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.uint32());

test('the same seed gives the same sequence; another seed another one', () => {
  assert.deepEqual(draws(new Random(7), 50), draws(new Random(7), 50));
  assert.notDeepEqual(draws(new Random(7), 50), draws(new Random(8), 50));
});

test('a fork depends on its label and the seed, not on what the parent drew before', () => {
  const a = new Random(7);
  const b = new Random(7);
  draws(b, 1000);
  assert.deepEqual(draws(a.fork('deals'), 20), draws(b.fork('deals'), 20));
  assert.notDeepEqual(draws(a.fork('deals'), 20), draws(a.fork('leads'), 20));
  assert.notDeepEqual(draws(new Random(7).fork('deals'), 20), draws(new Random(8).fork('deals'), 20));
});

test('draws stay in their ranges', () => {
  const r = new Random(1);
  for (let i = 0; i < 20_000; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    const k = r.int(3, 5);
    assert.ok(k === 3 || k === 4 || k === 5);
    assert.ok(r.poisson(2) >= 0 && r.poisson(100) >= 0);
    assert.ok(r.logNormal(10, 0.5) > 0);
  }
});

test('uniform, Poisson and weighted draws have the expected averages', () => {
  // 40,000 uniforms average 0.5 with a standard error of 0.29 / 200 = 0.0014; 0.01 is seven of them.
  const r = new Random(2);
  let sum = 0;
  for (let i = 0; i < 40_000; i++) sum += r.next();
  assert.ok(Math.abs(sum / 40_000 - 0.5) < 0.01);
  // A Poisson(3) has mean 3 and standard error sqrt(3 / 40,000) = 0.009 here; likewise for mean 50.
  let p = 0;
  let big = 0;
  for (let i = 0; i < 40_000; i++) {
    p += r.poisson(3);
    big += r.poisson(50);
  }
  assert.ok(Math.abs(p / 40_000 - 3) < 0.05);
  assert.ok(Math.abs(big / 40_000 - 50) < 0.2);
  // Weights 1 : 3 pick the second item 75% of the time (standard error 0.002 over 40,000 picks).
  const table = new WeightedTable(['a', 'b'], (x) => (x === 'a' ? 1 : 3));
  let bs = 0;
  let bs2 = 0;
  for (let i = 0; i < 40_000; i++) {
    if (table.pick(r) === 'b') bs++;
    if (r.weighted(['a', 'b'], (x) => (x === 'a' ? 1 : 3)) === 'b') bs2++;
  }
  assert.ok(Math.abs(bs / 40_000 - 0.75) < 0.015);
  assert.ok(Math.abs(bs2 / 40_000 - 0.75) < 0.015);
});
