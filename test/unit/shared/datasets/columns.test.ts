import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferColumnType, planColumns } from '../../../../shared/datasets/columns';

const settings = { currency: 'USD' };

test('planColumns takes the day/month and decimal decisions per column and reports the doubtful ones', () => {
  const headers = ['opportunity_id', 'deal_stage', 'engage_date', 'close_date', 'close_value'];
  const mapping = new Map([
    [0, 'deal_id'],
    [1, 'stage'],
    [2, 'created_at'],
    [3, 'closed_at'],
    [4, 'amount'],
  ]);
  // Maven's dmy variant: 20-10-2016 has 20 in the first place; close_date alone (01-03-2017) could be either.
  const rows = [
    ['1C1I7A6R', 'Won', '20-10-2016', '01-03-2017', '1054'],
    ['Z063OYW0', 'Won', '25-10-2016', '11-03-2017', '4514'],
  ];
  const r = planColumns('deals', headers, mapping, rows, settings);
  assert.ok(r.ok);
  const byField = new Map(r.plan.columns.map((c) => [c.field, c]));
  assert.equal(byField.get('created_at')?.dateOrder?.order, 'dmy');
  assert.equal(byField.get('created_at')?.dateOrder?.ambiguous, false);
  assert.equal(byField.get('closed_at')?.dateOrder?.order, 'mdy');
  assert.equal(byField.get('closed_at')?.dateOrder?.ambiguous, true);
  assert.equal(byField.get('amount')?.decimal?.decimal, '.');
  assert.deepEqual(r.plan.notes, ['"close_date": no value has a part above 12; assuming month-first (check a few dates)']);
  assert.equal(byField.get('stage')?.header, 'deal_stage');
  assert.equal(byField.get('stage')?.type, 'text');
});

test('planColumns: decimal comma in a semicolon file, constants checked, required fields enforced', () => {
  const headers = ['Ship Date', 'Customer Name', 'Sales'];
  const mapping = new Map([
    [0, 'ordered_at'],
    [1, 'customer_id'],
    [2, 'amount'],
  ]);
  const rows = [
    ['2016-11-11', 'Claire Gute', '261,96'],
    ['2016-11-11', 'Claire Gute', '22,368'],
  ];
  const r = planColumns('orders', headers, mapping, rows, { ...settings, delimiter: ';' });
  assert.ok(r.ok);
  assert.equal(r.plan.columns.find((c) => c.field === 'amount')?.decimal?.decimal, ',');

  const missing = planColumns(
    'orders',
    headers,
    new Map([
      [1, 'customer_id'],
      [2, 'amount'],
    ]),
    rows,
    settings,
  );
  assert.deepEqual(missing, { ok: false, error: 'each order line needs Ordered: map a column to it or give it one value for every row' });

  const kind = planColumns('surveys', ['Score'], new Map([[0, 'score']]), [['9']], settings, new Map([['kind', 'Net Promoter']]));
  assert.ok(kind.ok);
  assert.equal(kind.plan.constants.get('kind'), 'nps');
  const badKind = planColumns('surveys', ['Score'], new Map([[0, 'score']]), [['9']], settings, new Map([['kind', 'poll']]));
  assert.deepEqual(badKind, { ok: false, error: 'the value given to every row\'s Kind, "poll", is not one of nps, csat, ces' });
  const derived = planColumns('spend', ['a'], new Map([[0, 'spent_until']]), [], settings);
  assert.equal(derived.ok, false);
});

test('inferColumnType describes a source column in plain words', () => {
  assert.equal(inferColumnType(['11/11/2016', '18/10/2015']), 'date (day-first)');
  assert.equal(inferColumnType(['2/24/11', '01-10-11']), 'date (month-first)');
  assert.equal(inferColumnType(['2016-11-08', '2017-01-02']), 'date');
  assert.equal(inferColumnType(['2011-03-10 16:16:00', '2011-06-16 14:45:00']), 'date-time');
  assert.equal(inferColumnType(['Jun 01, 2023 09:46 pm']), 'date-time');
  assert.equal(inferColumnType(['Yes', 'No', 'no']), 'yes/no');
  assert.equal(inferColumnType(['Yes', 'No', 'No internet service']), 'text');
  assert.equal(inferColumnType(['1', '2', 3]), 'whole number');
  assert.equal(inferColumnType(['29.85', '1889.5', ' ']), 'number');
  assert.equal(inferColumnType(['$1,234.50', '$99']), 'money');
  assert.equal(inferColumnType(['45%', '12 %']), 'percent');
  assert.equal(inferColumnType(['Won', 'Lost']), 'text');
  assert.equal(inferColumnType(['', 'NA', null]), 'empty');
});
