import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimalMark, readTarget } from '../../../../renderer/pages/target-values';

test('ratio targets are typed in percent and stored as fractions', () => {
  // 25 % is the fraction 25 / 100 = 0.25; "62.5%" is 0.625.
  assert.equal(readTarget('25', 'ratio'), 0.25);
  assert.equal(readTarget('62.5%', 'ratio'), 0.625);
});

test('grouping marks follow the locale', () => {
  assert.equal(decimalMark('en-US'), '.');
  assert.equal(decimalMark('de-DE'), ',');
  // en-US: "1,000" is one thousand; de-DE: "1.000,5" is one thousand and a half.
  assert.equal(readTarget('1,000', 'currency', '.'), 1000);
  assert.equal(readTarget('1.000,5', 'currency', ','), 1000.5);
  assert.equal(readTarget('12,5', 'ratio', ','), 0.125);
});

test('an empty cell clears the target and text is refused', () => {
  assert.equal(readTarget('  ', 'count'), null);
  assert.equal(readTarget('abc', 'count'), undefined);
  assert.equal(readTarget('1.2.3', 'count', '.'), undefined);
});
