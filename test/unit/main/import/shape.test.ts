import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectEncoding } from '../../../../main/import/encoding';
import { sniffMagic } from '../../../../main/import/sniff';
import { chooseHeader, describeRows, footerText, GroupLabels, isTotalRow, isUnlabelledTotal, uniqueNames } from '../../../../main/import/table-shape';
import { builtinDateKind, formatDateKind, serialToIso } from '../../../../main/import/xlsx-dates';

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
});

test('header names: blank -> Column N, repeats numbered, keys like __proto__ are just names', () => {
  assert.deepEqual(uniqueNames(['Amount', '', 'amount', 'Amount', '__proto__', 'constructor']), [
    'Amount',
    'Column 2',
    'amount (2)',
    'Amount (3)',
    '__proto__',
    'constructor',
  ]);
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
  assert.deepEqual(
    chooseHeader(
      [
        { row: 1, cells: ['email'] },
        { row: 2, cells: ['a@b.c'] },
      ],
      [],
    )?.headers,
    ['email'],
  );
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

test("comment lines above the header are skipped (GA4's '#' block), Typeform's '#' column is a header", () => {
  const ga4 = [
    { row: 1, cells: ['# Traffic acquisition: Session primary channel group (Default Channel Group)'] },
    { row: 2, cells: ['# Account: Example Shop', ' Inc.'] },
    { row: 3, cells: ['# '] },
    { row: 4, cells: ['Date', 'Channel', 'Sessions'] },
    { row: 5, cells: ['20240101', 'Direct', '60'] },
  ];
  assert.deepEqual(chooseHeader(ga4, []), { headerRow: 4, headers: ['Date', 'Channel', 'Sessions'], skipped: [1, 2, 3] });
  const typeform = [
    { row: 1, cells: ['#', 'How likely are you to recommend us?', 'Submit Date (UTC)'] },
    { row: 2, cells: ['k2l1d9xq', '10', '2024-06-03 08:01:10'] },
  ];
  assert.equal(chooseHeader(typeform, [])?.headerRow, 1);
});

test("header rows below the header: SurveyMonkey's choices and Qualtrics' question texts are folded into the names", () => {
  const surveyMonkey = [
    {
      row: 1,
      cells: ['Respondent ID', 'End Date', 'How likely is it that you would recommend us?', 'Which features do you use?', null, null, 'Anything else?'],
    },
    { row: 2, cells: [null, null, 'Response', 'Reports', 'Dashboards', 'Other (please specify)', 'Open-Ended Response'] },
    { row: 3, cells: ['1', '03/01/2024', '10', 'Reports', null, null, 'No'] },
  ];
  assert.deepEqual(chooseHeader(surveyMonkey, [])?.headers, [
    'Respondent ID',
    'End Date',
    'How likely is it that you would recommend us?',
    'Which features do you use? - Reports',
    'Which features do you use? - Dashboards',
    'Which features do you use? - Other (please specify)',
    'Anything else?',
  ]);
  assert.equal(chooseHeader(surveyMonkey, [])?.headerRow, 2);
  const qualtrics = [
    { row: 1, cells: ['RecordedDate', 'ResponseId', 'Q1', 'Q1_NPS_GROUP'] },
    { row: 2, cells: ['Recorded Date', 'Response ID', 'How likely are you to recommend us?', 'How likely are you to recommend us? - Group'] },
    {
      row: 3,
      cells: ['{"ImportId":"recordedDate","timeZone":"America/Denver"}', '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID1_NPS_GROUP"}'],
    },
    { row: 4, cells: ['2024-05-02 10:02:01', 'R_1aB', '9', '3'] },
  ];
  assert.deepEqual(chooseHeader(qualtrics, []), {
    headerRow: 3,
    headers: ['RecordedDate', 'ResponseId', 'How likely are you to recommend us? (Q1)', 'How likely are you to recommend us? - Group (Q1_NPS_GROUP)'],
    skipped: [],
  });
  // A second row of data (not all text, or no header words) is data.
  assert.equal(
    chooseHeader(
      [
        { row: 1, cells: ['id', 'name'] },
        { row: 2, cells: [null, 'Response'] },
        { row: 3, cells: ['1', 'x'] },
      ],
      [],
    )?.headerRow,
    1,
  );
});

test('a report grouped under label rows (QuickBooks): the blank first column is named from the title and filled from the labels', () => {
  const report = [
    { row: 1, cells: ['Transaction List by Vendor'] },
    { row: 2, cells: ['"January - March, 2024"'] },
    { row: 4, cells: [null, 'Date', 'Transaction type', 'Amount', 'Split'] },
    { row: 5, cells: ['Google Ads (3)', null, null, null, null] },
    { row: 6, cells: [null, '01/05/2024', 'Expense', '1,200.00', 'Advertising & Marketing'] },
    { row: 7, cells: ['Total for Google Ads', null, null, '$1,200.00', null] },
  ];
  const choice = chooseHeader(report, []);
  assert.deepEqual(choice, { headerRow: 4, headers: ['Vendor', 'Date', 'Transaction type', 'Amount', 'Split'], skipped: [1, 2], groupedBy: 'Vendor' });
  const groups = new GroupLabels(5);
  const label = { row: 5, cells: ['Google Ads (3)', null, null, null, null] };
  const line = { row: 6, cells: [null, '01/05/2024', 'Expense', '1,200.00', 'Advertising & Marketing'] };
  assert.equal(groups.take(label), true);
  assert.equal(groups.take(line), false);
  assert.equal(line.cells[0], 'Google Ads');
  assert.deepEqual(groups.rows, [5]);
  assert.ok(isTotalRow(['Total for Google Ads', null, '$1,200.00']));
  assert.ok(isTotalRow(['Total for A Vendor With A Name Longer Than Forty Characters Ltd', 5]));
  assert.ok(isTotalRow(['TOTAL', null, '$5,299.50']));
  assert.equal(footerText(['Accrual basis Monday, April 1, 2024 10:00 AM GMT-07:00']), 'Accrual basis Monday, April 1, 2024 10:00 AM GMT-07:00');
  // Without a blank first header name there is no group column.
  assert.equal(
    chooseHeader(
      [
        { row: 1, cells: ['Vendor', 'Amount'] },
        { row: 2, cells: ['Google Ads', null] },
        { row: 3, cells: ['x', '5'] },
      ],
      [],
    )?.groupedBy,
    undefined,
  );
});

test("a totals row without a label (GA4's): the first cell blank and only numbers in the rest", () => {
  assert.ok(isUnlabelledTotal([null, '', '360', '230', '0.6388888889', '13']));
  assert.ok(isUnlabelledTotal([null, 1200, '(150.00)']));
  assert.ok(!isUnlabelledTotal(['20240101', 'Direct', '60']));
  assert.ok(!isUnlabelledTotal([null, '2024-01-01', '60']));
  assert.ok(!isUnlabelledTotal([null, 'Direct', '60']));
  assert.ok(!isUnlabelledTotal([null, '60']));
});
