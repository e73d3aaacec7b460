import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, isoDay, isoMinute, monthsBetween, parseDay, quarterOf, quartersBefore, weekday } from '../../../../main/demo/days';
import { AppFailure } from '../../../../shared/result';

const d = (s: string): number => parseDay(s, 'test');

test('day numbers round-trip through ISO text, and 1970-01-01 is day 0, a Thursday', () => {
  assert.equal(d('1970-01-01'), 0);
  assert.equal(weekday(0), 4);
  // 2026-09-30 is a Wednesday.
  assert.equal(weekday(d('2026-09-30')), 3);
  assert.equal(isoDay(d('2024-02-29')), '2024-02-29');
  // Day 1 at 09:30 is minute 1440 + 570.
  assert.equal(isoMinute(1440 + 570), '1970-01-02T09:30:00');
});

test('an impossible or badly written date is refused with the way to write it', () => {
  for (const bad of ['2026-02-30', '30/09/2026', '2026-9-30', '']) {
    assert.throws(
      () => parseDay(bad, 'Demo end date'),
      (e: unknown) => {
        assert.ok(e instanceof AppFailure);
        assert.equal(e.code, 'invalid_input');
        assert.match(e.message, /^Demo end date: ".*" is not a date; write it as YYYY-MM-DD/);
        return true;
      },
    );
  }
});

test('months and quarters', () => {
  assert.equal(isoDay(addMonths(d('2024-01-15'), 12)), '2025-01-15');
  assert.equal(isoDay(addMonths(d('2024-11-30'), 3)), '2025-03-02');
  // 2024-01-15 to 2025-01-14 is 11 whole months; to 2025-01-15 it is 12.
  assert.equal(monthsBetween(d('2024-01-15'), d('2025-01-14')), 11);
  assert.equal(monthsBetween(d('2024-01-15'), d('2025-01-15')), 12);
  const q = quarterOf(d('2026-08-17'));
  assert.deepEqual([q.id, isoDay(q.start), isoDay(q.end)], ['2026-Q3', '2026-07-01', '2026-09-30']);
});

test('the story ends with the last full quarter on or before the end date', () => {
  const ids = (end: string, n: number): string[] => quartersBefore(d(end), n).map((x) => x.id);
  // 2026-09-30 closes Q3; ten quarters back from there starts at 2024-Q2.
  assert.deepEqual(ids('2026-09-30', 10), ['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
  // A day inside Q4 leaves Q4 out; a day inside Q1 leaves it out too.
  assert.deepEqual(ids('2026-11-15', 2), ['2026-Q2', '2026-Q3']);
  assert.deepEqual(ids('2026-01-01', 1), ['2025-Q4']);
});
