import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnLetter, columnNumber } from '../../../main/sheet-columns';

test("column letters and numbers: A, Z, AA, AZ, BA and Excel's last column XFD, both ways", () => {
  const pairs: [number, string][] = [
    [1, 'A'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
    [16384, 'XFD'],
  ];
  for (const [n, letters] of pairs) {
    assert.equal(columnLetter(n), letters);
    assert.equal(columnNumber(letters), n);
  }
  for (let n = 1; n <= 16384; n++) assert.equal(columnNumber(columnLetter(n)), n);
});

test('columnNumber reads the letters of a cell reference and stops at the row', () => {
  assert.equal(columnNumber('XFD7'), 16384);
  assert.equal(columnNumber('B12'), 2);
  assert.equal(columnNumber('7'), 0);
});
