import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { SheetNames, legalSheetName } from '../../../../main/report/sheet-names';

test('forbidden characters become spaces, collapsed', () => {
  assert.equal(legalSheetName('Q1/Q2 [draft]: a*b?c\\d'), 'Q1 Q2 draft a b c d');
  assert.equal(legalSheetName('tab\there'), 'tab here');
});

test('apostrophes at either end go, also when truncation exposes one', () => {
  assert.equal(legalSheetName("'quoted'"), 'quoted');
  assert.equal(legalSheetName("O'Brien"), "O'Brien");
  // 30 letters then an apostrophe then more: the cut at 31 ends on the apostrophe, which is dropped.
  assert.equal(legalSheetName(`${'a'.repeat(30)}'bcd`), 'a'.repeat(30));
});

test('names are cut to 31 characters without splitting a surrogate pair', () => {
  assert.equal(legalSheetName('x'.repeat(40)).length, 31);
  // 30 x then an emoji (2 UTF-16 units at 30..31): keeping it would make 32, so it goes.
  assert.equal(legalSheetName(`${'x'.repeat(30)}😀`), 'x'.repeat(30));
});

test('empty and reserved names are replaced', () => {
  assert.equal(legalSheetName(''), 'Sheet');
  assert.equal(legalSheetName(" '' "), 'Sheet');
  assert.equal(legalSheetName('HISTORY'), 'History data');
});

test('names stay unique case-insensitively, also after truncation', () => {
  const names = new SheetNames();
  const long = 'Customers and subscriptions 2024';
  assert.equal(names.claim('Sales'), 'Sales');
  assert.equal(names.claim('SALES'), 'SALES (2)');
  assert.equal(names.claim('sales'), 'sales (3)');
  assert.equal(names.claim(`${long} a`), long.slice(0, 31));
  // Same first 31 characters: truncated to 27 plus " (2)" = 31.
  assert.equal(names.claim(`${long} b`), `${long.slice(0, 27)} (2)`);
});

test('exceljs accepts every name handed out, hostile ones included', () => {
  const wb = new ExcelJS.Workbook();
  const names = new SheetNames();
  const hostile = ['History', "'", '[]', 'a'.repeat(31) + '!!', 'a'.repeat(31), 'A'.repeat(31), '__proto__', 'x:y', "it's'", '=SUM(A1)'];
  for (const h of hostile) wb.addWorksheet(names.claim(h));
  assert.equal(wb.worksheets.length, hostile.length);
});
