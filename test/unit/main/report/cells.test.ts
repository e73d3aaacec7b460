import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellText, dataValue, excelSerial } from '../../../../main/report/cells';

test('excelSerial: days since 1899-12-30, times as fractions of a day', () => {
  // 2018-01-01 is serial 43101; + 31 (Jan) + 28 (Feb) + 31 (Mar) = 43191 for 1 April, 43193 for 3 April.
  assert.equal(excelSerial('2018-04-03'), 43193);
  // 09:30 = 9.5 / 24 of a day.
  assert.equal(excelSerial('2018-04-01T09:30:00'), 43191 + 9.5 / 24);
  // 1900-03-01 is serial 61 (Excel counts a fictitious 1900-02-29 as 60).
  assert.equal(excelSerial('1900-03-01'), 61);
  assert.equal(excelSerial('1900-02-28'), null);
  assert.equal(excelSerial('2018-02-30'), null);
  assert.equal(excelSerial('03/04/2018'), null);
});

test('dataValue: typed columns become numbers, anything else stays text', () => {
  assert.equal(dataValue(12.5, 'money'), 12.5);
  assert.equal(dataValue('12.5', 'money'), '12.5');
  assert.equal(dataValue(Number.NaN, 'number'), null);
  assert.equal(dataValue('', 'text'), null);
  assert.equal(dataValue('2018-04-03', 'date'), 43193);
  assert.equal(dataValue('=1+1', 'date'), '=1+1');
  assert.equal(dataValue(7, 'id'), '7');
  assert.equal(dataValue('=HYPERLINK("x")', 'text'), '=HYPERLINK("x")');
});

test('cellText drops characters XML forbids and cuts at 32,767', () => {
  assert.equal(cellText('a\u0000b\u0008c\td\ne'), 'abc\td\ne');
  assert.equal(cellText('\uD800x'), 'x');
  assert.equal(cellText('😀'), '😀');
  assert.equal(cellText('y'.repeat(40000)).length, 32767);
});
