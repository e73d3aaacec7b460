/**
 * The upgrade to records with identity gives every older row the key keyerFor would give it, whatever
 * its ID looks like: blank, signed, in a spreadsheet's scientific notation or close to it (those have
 * none, as a new import refuses them), and order lines numbered within their order and product.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { migrate } from '../../../../main/store/schema';
import { keysOf, version2 } from './legacy';

/** IDs from the characters the scientific-notation rule turns on, so that near misses are common. */
const idText = fc.oneof(
  fc.string({ unit: fc.constantFrom('8', '1', '0', '.', ',', 'e', 'E', '+', '-', 'x', ' '), maxLength: 9 }),
  fc.constantFrom('8.1E+06', '8,1e6', '-1e-2', '1E5', '1.e5', '12E5', '1.5E', 'E5', '1.5E+', '+8.10E+006', 'D-1', '', '0'),
);

test('older deals get the key keyerFor gives their ID, none where it is blank or in scientific notation', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.option(idText, { nil: null }), { minLength: 1, maxLength: 30 }), async (ids) => {
      const db = await version2('deals', [ids.map((deal_id) => ({ deal_id, stage: 'Won', status: 'won' }))]);
      migrate(db);
      const { stored, expected } = keysOf(db, 'deals');
      db.close();
      assert.deepEqual(stored, expected);
    }),
    { numRuns: 100, seed: 7 },
  );
});

test('older order lines are numbered per batch, order and product in file order, a blank product counted with an empty one', async () => {
  const line = (order_id: string | null, product: string | null) => ({ order_id, product, customer_id: 'C', ordered_at: '2025-01-01', amount: 1 });
  const first = [
    line('O1', 'Pen'),
    line('O1', 'Ink'),
    line('O1', 'Pen'),
    line('O2', null),
    line('O2', ''),
    line(null, 'Pen'),
    line('8E3', 'Pen'),
    line('O1', 'Pen'),
  ];
  const second = [line('O1', 'Pen'), line('O1', 'Pen')];
  const db = await version2('orders', [first, second]);
  migrate(db);
  const { stored, expected } = keysOf(db, 'orders');
  db.close();
  assert.deepEqual(stored, expected);
  const sep = '\u001f';
  assert.deepEqual(stored, [
    `O1${sep}Pen${sep}1`,
    `O1${sep}Ink${sep}1`,
    `O1${sep}Pen${sep}2`,
    `O2${sep}${sep}1`,
    `O2${sep}${sep}2`,
    null,
    null,
    `O1${sep}Pen${sep}3`,
    `O1${sep}Pen${sep}1`,
    `O1${sep}Pen${sep}2`,
  ]);
});
