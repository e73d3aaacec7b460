/**
 * Dates and numbers as spreadsheets leave them in text files: Excel date numbers pasted into a CSV
 * date column, a column mixing dotted and slashed dates, and NaN in a number or money field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasetName } from '../../../../shared/datasets/catalog';
import type { Cell } from '../../../../shared/datasets/cell';
import { inferColumnType, planColumns, type ImportPlan } from '../../../../shared/datasets/columns';
import { detectDateOrder, parseDate, parseDateTime } from '../../../../shared/datasets/dates';
import { parseMoney } from '../../../../shared/datasets/numbers';
import { normaliseRow } from '../../../../shared/datasets/rows';

function plan(name: DatasetName, headers: string[], fields: string[], rows: Cell[][]): ImportPlan {
  const r = planColumns(name, headers, new Map(fields.map((f, i) => [i, f])), rows, { currency: 'USD' });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

test('an Excel date number in text is a date in the 1900 system, its fraction the time of day', () => {
  assert.deepEqual(parseDate('45292'), { ok: true, value: '2024-01-01' });
  assert.deepEqual(parseDate(' 45366.75 '), { ok: true, value: '2024-03-15' });
  assert.deepEqual(parseDateTime('45366.75'), { ok: true, value: '2024-03-15T18:00:00' });
  assert.deepEqual(parseDateTime('45366,5'), { ok: true, value: '2024-03-15T12:00:00' });
  assert.deepEqual(parseDateTime('45366.999999'), { ok: true, value: '2024-03-16T00:00:00' });
  // Text carries no date system: an XLSX in the 1904 system still reads a typed serial as 1900.
  assert.deepEqual(parseDate('45292', 'ymd', { date1904: true }), { ok: true, value: '2024-01-01' });
  assert.deepEqual(parseDate('10000'), { ok: true, value: '1927-05-18' });
  assert.deepEqual(parseDate('99999'), { ok: true, value: '2173-10-13' });
});

test('other numbers in text stay no date, saying why', () => {
  const small = 'is not a date (a plain number; an Excel date number has five digits, like 45292 for 2024-01-01)';
  for (const n of ['45', '60', '9999.5', '202403', '1234567']) assert.deepEqual(parseDate(n), { ok: false, reason: small }, n);
  for (const n of ['4.5e4', '45,292', '-45292', '45292.', '0x1F']) assert.equal(parseDate(n).ok, false, n);
});

test('a column of five-digit numbers alone looks like numbers; among dates they are dates', () => {
  assert.equal(inferColumnType(['45292', '45366']), 'whole number');
  assert.equal(inferColumnType(['45292', '45366.75']), 'number');
  assert.equal(inferColumnType(['2024-01-01', '45366']), 'date');
});

test('a date column with Excel date numbers is read, and the plan says how, with one worked out', () => {
  const rows: Cell[][] = [
    ['O-1', 'C-1', '45292', '10'],
    ['O-2', 'C-1', '2024-03-15', '20'],
    ['O-3', 'C-2', '45366.75', '30'],
  ];
  const p = plan('orders', ['Order ID', 'Customer ID', 'Order Date', 'Amount'], ['order_id', 'customer_id', 'ordered_at', 'amount'], rows);
  assert.deepEqual(p.notes, ['"Order Date": numbers such as 45292 are Excel dates, read in Excel\'s 1900 date system (45292 is 2024-01-01)']);
  const days = rows.map((r, i) => {
    const n = normaliseRow(p, r, i + 2);
    assert.ok(n.ok, JSON.stringify(n));
    return n.values.ordered_at;
  });
  assert.deepEqual(days, ['2024-01-01', '2024-03-15', '2024-03-15']);
  const t = plan('tickets', ['Created at'], ['created_at'], [['45366.75']]);
  assert.deepEqual(t.notes, ['"Created at": numbers such as 45366.75 are Excel dates, read in Excel\'s 1900 date system (45366.75 is 2024-03-15 18:00:00)']);
});

test('dotted and slashed dates in one column: dots day-first, slashes decided from the slashed values', () => {
  const us = detectDateOrder(['15.03.2024', '3/15/2024', '01.02.2024', '4/1/2024']);
  assert.deepEqual(us, {
    order: 'mdy',
    ambiguous: false,
    dotsDayFirst: true,
    evidence: 'mixed separators: dotted dates ("15.03.2024") read day-first; the others month-first: "3/15/2024" has 15 in the second place',
  });
  const uk = detectDateOrder(['01.04.2024', '20/03/2024', '02/04/2024']);
  assert.deepEqual([uk.order, uk.dotsDayFirst, uk.ambiguous], ['dmy', true, false]);
  // The dotted 15.03 says nothing about the slashed values, which could be either.
  const open = detectDateOrder(['15.03.2024', '01/02/2024'], 'dmy');
  assert.deepEqual([open.order, open.dotsDayFirst, open.ambiguous], ['dmy', true, true]);
  // One way of writing: as before.
  assert.equal(detectDateOrder(['01.02.2024', '03.04.2024']).dotsDayFirst, undefined);
  assert.deepEqual(detectDateOrder(['2/24/11', '01-10-11']), { order: 'mdy', ambiguous: false, evidence: 'month-first: "2/24/11" has 24 in the second place' });
  // Dotted only, and no part above 12 (a European export's first days of February): dots are day-first.
  assert.deepEqual(detectDateOrder(['01.02.2024', '10.02.2024']), {
    order: 'dmy',
    ambiguous: false,
    evidence: 'day-first: dotted dates ("01.02.2024") are written so',
  });
  // A dotted value that only reads month-first still decides the column.
  assert.equal(detectDateOrder(['01.02.2024', '02.15.2024']).order, 'mdy');
});

test('a value is read by its own separator when the column mixes them', () => {
  const opts = { dotsDayFirst: true };
  assert.deepEqual(parseDate('01.02.2024', 'mdy', opts), { ok: true, value: '2024-02-01' });
  assert.deepEqual(parseDate('2/1/2024', 'mdy', opts), { ok: true, value: '2024-02-01' });
  assert.deepEqual(parseDateTime('15.03.2024 14:30', 'mdy', opts), { ok: true, value: '2024-03-15T14:30:00' });
  assert.deepEqual(parseDate('3.15.2024', 'mdy', opts), { ok: false, reason: 'is not a valid month (15)' });
  assert.deepEqual(parseDate('01.02.2024', 'mdy'), { ok: true, value: '2024-01-02' });
});

test('a mixed column is planned with one note, read value by value, and typed for the wizard', () => {
  const rows: Cell[][] = [
    ['D-1', 'Won', '15.03.2024'],
    ['D-2', 'Won', '3/15/2024'],
    ['D-3', 'Lost', '01.02.2024'],
    ['D-4', 'Lost', '2/1/2024'],
  ];
  const p = plan('deals', ['Deal ID', 'Stage', 'Close Date'], ['deal_id', 'stage', 'closed_at'], rows);
  assert.deepEqual(p.notes, [
    '"Close Date": mixed separators: dotted dates ("15.03.2024") read day-first; the others month-first: "3/15/2024" has 15 in the second place',
  ]);
  const closed = rows.map((r, i) => {
    const n = normaliseRow(p, r, i + 2);
    assert.ok(n.ok, JSON.stringify(n));
    return n.values.closed_at;
  });
  assert.deepEqual(closed, ['2024-03-15', '2024-03-15', '2024-02-01', '2024-02-01']);
  assert.equal(inferColumnType(rows.map((r) => r[2]!)), 'date (dotted day-first, others month-first)');
});

test('NaN in a number or money field is a row problem; in a text field it is no value', () => {
  const headers = ['Order ID', 'Customer ID', 'Order Date', 'Amount', 'Quantity', 'Product'];
  const fields = ['order_id', 'customer_id', 'ordered_at', 'amount', 'quantity', 'product'];
  const p = plan('orders', headers, fields, [['O-1', 'C-1', '2024-03-15', '10', '1', 'Pen']]);
  const problems = (cells: Cell[]) => {
    const r = normaliseRow(p, cells, 5);
    assert.ok(!r.ok, JSON.stringify(r));
    return r.problems.map((x) => [x.column, x.value, x.reason]);
  };
  assert.deepEqual(problems(['O-1', 'C-1', '2024-03-15', 'NaN', '1', 'Pen']), [['Amount', 'NaN', 'is not a number']]);
  assert.deepEqual(problems(['O-1', 'C-1', '2024-03-15', ' nan ', 'NAN', 'Pen']), [
    ['Amount', 'nan', 'is not a number'],
    ['Quantity', 'NAN', 'is not a number'],
  ]);
  for (const junk of ['Infinity', '-Infinity', '0x1F', '1_000'])
    assert.deepEqual(problems(['O-1', 'C-1', '2024-03-15', junk, '1', 'Pen']), [['Amount', junk, 'is not a number']], junk);
  const text = normaliseRow(p, ['O-1', 'C-1', '2024-03-15', '10', '1', 'NaN'], 5);
  assert.ok(text.ok);
  assert.equal(text.values.product, null);
  assert.deepEqual(parseMoney('NaN'), { ok: false, reason: 'is not a number' });
});
