/**
 * Real exports from ../shared/datasets. Expected counts and cells were read independently with
 * python3 (csv module with the stated encoding; zipfile + the sheet XML for the workbooks); rows
 * are spreadsheet rows (python's record index + 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAll } from './read-all';
import { realData, withoutRealData } from '../../../support/real-data';

test('Superstore xlsx: 3 sheets, Orders 9,994 rows, mm-dd-yy serials as ISO dates', { skip: withoutRealData }, async () => {
  const { info, rows } = await readAll(realData('superstore/Sample - Superstore.xlsx'));
  assert.deepEqual(
    info.sheets?.map((s) => s.name),
    ['Orders', 'Returns', 'People'],
  );
  assert.equal(info.sheet, 'Orders');
  assert.equal(info.headers.length, 21);
  assert.equal(rows.length, 9994);
  // Row 2: B2 shared string CA-2016-152156, C2 = 42682 = 2016-11-08, D2 = 42685 = 2016-11-11, R2 261.96.
  const first = rows[0]?.cells ?? [];
  assert.deepEqual([first[1], first[2], first[3], first[17]], ['CA-2016-152156', '2016-11-08', '2016-11-11', 261.96]);
  // U9995 is stored as 72.94799999999998; Excel shows 15 significant digits: 72.948.
  const last = rows[rows.length - 1];
  assert.equal(last?.row, 9995);
  assert.deepEqual([last?.cells[2], last?.cells[20]], ['2017-05-04', 72.948]);
  const returns = await readAll(realData('superstore/Sample - Superstore.xlsx'), { sheet: 'Returns' });
  assert.equal(returns.rows.length, 296);
});

test('Online Retail xlsx (saved by Excel, sheets before shared strings): 1,009 rows, mixed ids, date-times', { skip: withoutRealData }, async () => {
  const { info, rows } = await readAll(realData('uci-online-retail/Online Retail.xlsx'));
  assert.equal(rows.length, 1009);
  assert.deepEqual(info.headers, ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
  // E2 = 40513.351388888892 -> 2010-12-01 + 0.3513889 d = 08:26:00; B2 is the text 85123A, B1010 the number 20772.
  assert.deepEqual([rows[0]?.cells[0], rows[0]?.cells[1], rows[0]?.cells[4], rows[0]?.cells[6]], [536365, '85123A', '2010-12-01T08:26:00', 17850]);
  assert.deepEqual([rows[1008]?.row, rows[1008]?.cells[1], rows[1008]?.cells[4]], [1010, 20772, '2010-12-01T12:43:00']);
});

test('Superstore CSVs in Windows-1252: comma with mixed dates, semicolon with comma decimals', { skip: withoutRealData }, async () => {
  const cp = await readAll(realData('superstore/variants/superstore_cp1252_mixed_date_formats.csv'));
  assert.equal(cp.info.encoding, 'windows-1252');
  assert.equal(cp.rows.length, 9994);
  assert.equal(cp.rows[0]?.cells[3], '11/11/2016');
  assert.equal(cp.rows.find((r) => r.row === 173)?.cells[16], 'Adams Phone Message Book, Professional, 400 Message Capacity, 5 3/6\u201d x 11\u201d');

  const semi = await readAll(realData('superstore/variants/superstore_semicolon_decimal_comma_cp1252.csv'));
  assert.equal(semi.info.delimiter, ';');
  assert.equal(semi.info.encoding, 'windows-1252');
  assert.equal(semi.rows.length, 9994);
  assert.equal(semi.rows[0]?.cells[10], '261,96');
  assert.equal(semi.rows.find((r) => r.row === 278)?.cells[9], 'Post-it \u201cImportant Message\u201d Note Pad, Neon Colors, 50 Sheets/Pad');
});

test('Amazon Alexa TSV: UTF-8 with BOM, tab-separated, 3,150 rows', { skip: withoutRealData }, async () => {
  const { info, rows } = await readAll(realData('amazon-alexa-reviews/amazon_alexa.tsv'));
  assert.equal(info.encoding, 'utf-8-bom');
  assert.equal(info.delimiter, '\t');
  assert.deepEqual(info.headers, ['rating', 'date', 'variation', 'verified_reviews', 'feedback']);
  assert.equal(rows.length, 3150);
  assert.deepEqual(rows[0]?.cells, ['5', '31-Jul-18', 'Charcoal Fabric ', 'Love my Echo!', '1']);
});

test('support tickets: 8,469 records over 29,808 lines (quoted newlines)', { skip: withoutRealData }, async () => {
  const { rows } = await readAll(realData('support-tickets/customer_support_tickets.csv'));
  assert.equal(rows.length, 8469);
  assert.equal(rows[8468]?.row, 8470);
  assert.equal(rows[8468]?.cells[0], '8469');
  assert.ok((rows[0]?.cells[9] as string).startsWith("I'm having an issue with the {product_purchased}. Please ass"));
  assert.ok((rows[0]?.cells[9] as string).includes('\n\n'));
});

test('Telco churn: CRLF, 7,043 rows, blank-but-not-empty TotalCharges kept as text', { skip: withoutRealData }, async () => {
  const { rows } = await readAll(realData('ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv'));
  assert.equal(rows.length, 7043);
  assert.deepEqual(rows[0]?.cells.slice(0, 3), ['7590-VHVEG', 'Female', '0']);
  assert.deepEqual([rows[7042]?.cells[0], rows[7042]?.cells[19], rows[7042]?.cells[20]], ['3186-AJIEK', '6844.5', 'No']);
  // 11 rows have ' ' in TotalCharges; the first two are spreadsheet rows 490 and 755.
  const blanks = rows.filter((r) => r.cells[19] === ' ').map((r) => r.row);
  assert.equal(blanks.length, 11);
  assert.deepEqual(blanks.slice(0, 2), [490, 755]);
});
