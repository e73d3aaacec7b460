import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertPeriod } from '../../../../renderer/components/period-kinds';
import { parsePeriod } from '../../../../shared/periods';

const q2 = parsePeriod('2017-Q2')!;

test('changing the kind of period keeps the moment the current one ends', () => {
  // 2017-Q2 ends on 2017-06-30: that month is 2017-06 and that year 2017.
  assert.equal(convertPeriod(q2, 'month', 1).id, '2017-06');
  assert.equal(convertPeriod(q2, 'year', 1).id, '2017');
  assert.equal(convertPeriod(parsePeriod('2017-02')!, 'quarter', 1).id, '2017-Q1');
});

test('fiscal periods are named by the year they end in', () => {
  // July start: FY2017 runs 2016-07-01..2017-06-30, and June 2017 is in its fourth quarter.
  assert.equal(convertPeriod(q2, 'fiscal_quarter', 7).id, 'FY2017-Q4');
  assert.equal(convertPeriod(q2, 'fiscal_year', 7).id, 'FY2017');
  // August 2017 is in the first quarter of FY2018.
  assert.equal(convertPeriod(parsePeriod('2017-08')!, 'fiscal_quarter', 7).id, 'FY2018-Q1');
  // January start: the fiscal year is the calendar year.
  assert.equal(convertPeriod(q2, 'fiscal_quarter', 1).id, 'FY2017-Q2');
});
