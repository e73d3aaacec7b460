import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectEncoding } from '../../../../main/import/encoding';
import { sniffMagic } from '../../../../main/import/sniff';
import { chooseHeader, describeRows, isTotalRow, uniqueNames } from '../../../../main/import/table-shape';
import { builtinDateKind, formatDateKind, serialToIso } from '../../../../main/import/xlsx-dates';
import { columnIndex } from '../../../../main/import/xlsx';

test('Excel serials in the 1900 system, with its fictitious 29 February 1900', () => {
  // Serial 1 = 1900-01-01; 59 = 28 Feb; 60 is the day that never was; 61 = 1 Mar (Microsoft KB).
  assert.equal(serialToIso(1, false, 1), '1900-01-01');
  assert.equal(serialToIso(59, false, 1), '1900-02-28');
  assert.equal(serialToIso(61, false, 1), '1900-03-01');
  // 45366 = 2024-03-15 (45366 - 25569 = 19797 days after 1970-01-01).
  assert.equal(serialToIso(45366, false, 1), '2024-03-15');
  assert.equal(serialToIso(45366.5, false, 1), '2024-03-15T12:00:00');
  assert.equal(serialToIso(45366, false, 2), '2024-03-15T00:00:00');
  assert.equal(serialToIso(0.75, false, 3), '18:00:00');
  // 0.99999999 of a day rounds to the next midnight, not 23:59:60.
  assert.equal(serialToIso(45366.99999999, false, 1), '2024-03-16');
  assert.equal(serialToIso(45366, false, 0), 45366);
  assert.equal(serialToIso(-1, false, 1), -1);
});

test('Excel serials in the 1904 system', () => {
  assert.equal(serialToIso(0, true, 1), '1904-01-01');
  assert.equal(serialToIso(43904, true, 1), '2024-03-15');
});

test('date formats are told from number formats', () => {
  assert.equal(formatDateKind('mm-dd-yy'), 1);
  assert.equal(formatDateKind('m/d/yy h:mm'), 2);
  assert.equal(formatDateKind('[$-409]mmmm d, yyyy;@'), 1);
  assert.equal(formatDateKind('h:mm AM/PM'), 3);
  assert.equal(formatDateKind('[h]:mm:ss'), 0);
  assert.equal(formatDateKind('#,##0.00 "days"'), 0);
  assert.equal(formatDateKind('0.00E+00'), 0);
  assert.equal(formatDateKind('[Red]#,##0;[Blue](#,##0)'), 0);
  assert.equal(formatDateKind('General'), 0);
  assert.equal(builtinDateKind(14), 1);
  assert.equal(builtinDateKind(22), 2);
  assert.equal(builtinDateKind(20), 3);
  assert.equal(builtinDateKind(4), 0);
  assert.equal(columnIndex('A'), 0);
  assert.equal(columnIndex('XFD'), 16383);
});

test('header names: blank -> Column N, repeats numbered, keys like __proto__ are just names', () => {
  assert.deepEqual(uniqueNames(['Amount', '', 'amount', 'Amount', '__proto__', 'constructor']), ['Amount', 'Column 2', 'amount (2)', 'Amount (3)', '__proto__', 'constructor']);
});

test('the header is found below title rows and above data', () => {
  const rows = [
    { row: 1, cells: ['Pipeline report', null, null] },
    { row: 2, cells: ['Generated 2024-01-01', null, null] },
    { row: 4, cells: ['Deal', 'Stage', 'Amount'] },
    { row: 5, cells: ['A', 'Won', 5] },
  ];
  assert.deepEqual(chooseHeader(rows, []), { headerRow: 4, headers: ['Deal', 'Stage', 'Amount'], skipped: [1, 2] });
  assert.equal(chooseHeader([], []), undefined);
  // One column: the first row is the header.
  assert.deepEqual(chooseHeader([{ row: 1, cells: ['email'] }, { row: 2, cells: ['a@b.c'] }], [])?.headers, ['email']);
});

test('totals rows and row lists', () => {
  assert.ok(isTotalRow(['Total', null, 3000]));
  assert.ok(isTotalRow([null, 'Grand Totals (120 records)', 5]));
  assert.ok(isTotalRow(['Subtotal:', 5]));
  assert.ok(!isTotalRow(['Total Gym XLS', 5]));
  assert.ok(!isTotalRow([5, 'Total']));
  assert.equal(describeRows([2, 3, 4, 7]), 'Rows 2-4, 7');
  assert.equal(describeRows([9]), 'Row 9');
});

test('encoding sniffing: BOMs, BOM-less UTF-16, strict UTF-8, Windows-1252 and binary', () => {
  assert.equal(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true), 'utf-8-bom');
  assert.equal(detectEncoding(Buffer.from('a,b\n1,2\n', 'utf16le'), true), 'utf-16le');
  assert.equal(detectEncoding(Buffer.from('a,b\n1,2\n', 'utf16le').swap16(), true), 'utf-16be');
  assert.equal(detectEncoding(Buffer.from('naïve,€\n', 'utf8'), true), 'utf-8');
  assert.equal(detectEncoding(Buffer.from([0x61, 0x2c, 0x80, 0x0a]), true), 'windows-1252');
  // A multi-byte character cut at the end of a partial sample is not an encoding error.
  assert.equal(detectEncoding(Buffer.from('ab€', 'utf8').subarray(0, 3), false), 'utf-8');
  assert.equal(detectEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), true), 'binary');
  assert.equal(detectEncoding(Buffer.from('a\x01b\x02c\x03d\x04', 'latin1'), true), 'binary');
});

test('magic bytes', () => {
  assert.equal(sniffMagic(Buffer.from('PK\x03\x04', 'latin1')), 'zip');
  assert.equal(sniffMagic(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), 'ole2');
  assert.equal(sniffMagic(Buffer.from('id,name')), 'text');
});

test('a header with blank names is still the header', () => {
  // 2 of 4 names filled, data fills 4: at least half, so row 1 is the header.
  const rows = [
    { row: 1, cells: ['id', '', 'amount', ''] },
    { row: 2, cells: ['1', 'x', '5', 'y'] },
  ];
  assert.deepEqual(chooseHeader(rows, [])?.headers, ['id', 'Column 2', 'amount', 'Column 4']);
});

test('sparse merged group labels above the header prefix repeated sub-headers', () => {
  // Row 1: "2023" over B:C and "2024" over D:E fill 2 of 5 cells, too few for a header.
  const rows = [
    { row: 1, cells: [null, '2023', null, '2024', null] },
    { row: 2, cells: ['Region', 'Amount', 'Count', 'Amount', 'Count'] },
    { row: 3, cells: ['West', 1, 2, 3, 4] },
  ];
  const merges = [
    { top: 1, left: 1, bottom: 1, right: 2 },
    { top: 1, left: 3, bottom: 1, right: 4 },
  ];
  assert.deepEqual(chooseHeader(rows, merges), { headerRow: 2, headers: ['Region', '2023 Amount', '2023 Count', '2024 Amount', '2024 Count'], skipped: [] });
});
