import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serialToIso } from '../../../../main/import/xlsx-dates';

test('1900 system: serial 1 is 1900-01-01, the phantom 29 February reads as the 28th, 61 is 1 March', () => {
  assert.equal(serialToIso(1, false, 1), '1900-01-01');
  assert.equal(serialToIso(59, false, 1), '1900-02-28');
  assert.equal(serialToIso(60, false, 1), '1900-02-28');
  assert.equal(serialToIso(61, false, 1), '1900-03-01');
  // 2024-01-01 is serial 45292 (Excel shows it so); 45292 + 31 + 29 = 2024-03-01, a leap year.
  assert.equal(serialToIso(45292, false, 1), '2024-01-01');
  assert.equal(serialToIso(45352, false, 1), '2024-03-01');
  // 31 December 9999 is the last serial Excel shows as a date; one more stays a number.
  assert.equal(serialToIso(2_958_465, false, 1), '9999-12-31');
  assert.equal(serialToIso(2_958_466, false, 1), 2_958_466);
});

test('times of day, date-times and the rounding of a fraction to the second', () => {
  // 0.60902777778 * 86400 = 52620.0000002 s, rounded: 14:37:00.
  assert.equal(serialToIso(45383.60902777778, false, 2), '2024-04-01T14:37:00');
  assert.equal(serialToIso(0.5, false, 3), '12:00:00');
  assert.equal(serialToIso(45292.25, false, 1), '2024-01-01T06:00:00');
  assert.equal(serialToIso(45292, false, 2), '2024-01-01T00:00:00');
  // 0.99999999 of a day is 86399.999 s, which rounds up to the next midnight.
  assert.equal(serialToIso(45292.99999999, false, 1), '2024-01-02');
});

test('1904 system: serial 0 is 1904-01-01 and the last date is 1,462 serials earlier', () => {
  assert.equal(serialToIso(0, true, 1), '1904-01-01');
  // 1904-03-01: 31 + 29 days after 1 January 1904, a leap year.
  assert.equal(serialToIso(60, true, 1), '1904-03-01');
  assert.equal(serialToIso(2_958_465 - 1_462, true, 1), '9999-12-31');
  assert.equal(serialToIso(2_958_465 - 1_461, true, 1), 2_958_465 - 1_461);
});

test('against Date for every 97th day over the whole range', () => {
  // An independent check: Date.UTC(1899, 11, 30) is day 0 of the 1900 system from 1 March 1900 on.
  const base = Date.UTC(1899, 11, 30);
  for (let serial = 61; serial <= 2_958_465; serial += 97) {
    assert.equal(serialToIso(serial, false, 1), new Date(base + serial * 86_400_000).toISOString().slice(0, 10));
  }
});
