/**
 * The accumulators behind every rollup: counted from rows in hand (as the import worker does) they
 * give exactly what they give counted from the same rows stored in the workbook, for every rollup of
 * every dataset of the sample company; hand-worked sums; odd stored values read as empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasets, storedFields, type DatasetName } from '../../../../shared/datasets/catalog';
import { generateDemo } from '../../../../main/demo/generate';
import { isKeyProblem, keyerFor } from '../../../../shared/datasets/identity';
import { memoryDatabase } from '../../../../main/store/memory';
import { insertBatch, type CanonicalRow } from '../../../../main/store/batches';
import { readSettings } from '../../../../main/store/settings';
import type { Value } from '../../../../main/metrics/compile';
import type { Rows } from '../../../../main/metrics/accumulate';
import { datasetRollups } from '../../../../main/metrics/dataset-rollups';
import { flowGroupsOf, flowRollupDef } from '../../../../main/metrics/flows';
import { rollupRows } from '../../../../main/metrics/rollups';
import type { Settings } from '../../../../shared/api';

/** Each rollup's rows counted from `rows` in memory, the way the import worker feeds them. */
function inHand(ds: DatasetName, rows: readonly CanonicalRow[], settings: Settings, batch: number): Map<string, Rows> {
  const fields = storedFields(ds).map((f) => f.name);
  const out = new Map<string, Rows>();
  for (const s of datasetRollups(ds, settings, null)) {
    const acc = s.create(1);
    const flat: Value[] = [];
    const keyer = keyerFor(ds, new Set(fields));
    rows.forEach((r, i) => {
      const at = flat.length;
      for (const f of fields) flat.push(r[f] ?? null);
      // The record key follows the stored values, as the import worker hands them on.
      const key = keyer?.key(flat, at) ?? null;
      flat.push(key === null || isKeyProblem(key) ? null : key);
      // insertBatch numbers rows from 2, as a spreadsheet under its header does.
      acc.add(flat, at, `${batch}:${i + 2}`);
    });
    out.set(s.id, acc.rows());
  }
  return out;
}

const order = (rows: Rows): Rows => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Sums may differ in the last bits when rows are added in another order. */
function assertSameRows(actual: Rows, expected: Rows, what: string): void {
  const [a, e] = [order(actual), order(expected)];
  assert.equal(a.length, e.length, `${what}: row count`);
  a.forEach((row, i) => {
    const exp = e[i]!;
    assert.equal(row.length, exp.length, `${what}: row ${i} width`);
    row.forEach((v, k) => {
      const x = exp[k];
      if (typeof v === 'number' && typeof x === 'number')
        assert.ok(Math.abs(v - x) <= 1e-9 * Math.max(1, Math.abs(x)), `${what}: row ${i} col ${k}: ${v} vs ${x}`);
      else assert.equal(v, x, `${what}: row ${i} col ${k}`);
    });
  });
}

test('on the sample company, every rollup counted from the rows in hand equals the one counted from the stored rows', async () => {
  const db = await memoryDatabase();
  const settings = readSettings(db);
  const demo = generateDemo();
  let compared = 0;
  for (const d of datasets) {
    const rows = demo.get(d.name) ?? [];
    if (rows.length === 0) continue;
    const id = insertBatch(
      db,
      { dataset: d.name, fileName: `${d.name}.csv`, fileSize: 1, fileHash: d.name, sheet: null, rowsRejected: 0, mapping: {}, details: {} },
      rows,
      '2026-10-01T00:00:00',
    );
    const counted = inHand(d.name, rows, settings, id);
    for (const s of datasetRollups(d.name, settings, null)) {
      assertSameRows(counted.get(s.id)!, rollupRows(db, s, settings), `${d.name} ${s.id.slice(0, 8)}`);
      compared++;
    }
  }
  // rows + latest + filled for every dataset, and every flow, distinct and stock rollup: far more than a handful.
  assert.ok(compared >= 40, `only ${compared} rollups compared`);
  db.close();
});

test('the won deals of one day, worked by hand: count 2, amount 300.3, cycle 30 + 26 days', async () => {
  const db = await memoryDatabase();
  const settings = readSettings(db);
  const deals: CanonicalRow[] = [
    { deal_id: 'a', status: 'won', amount: 100.1, created_at: '2026-01-01', closed_at: '2026-01-31' },
    { deal_id: 'b', status: 'won', amount: 200.2, created_at: '2026-01-05', closed_at: '2026-01-31' },
  ];
  insertBatch(
    db,
    { dataset: 'deals', fileName: 'd.csv', fileSize: 1, fileHash: 'x', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    deals,
    '2026-10-01T00:00:00',
  );
  const group = flowGroupsOf('deals').find((g) => g.endsWith('\u0000closed_at'))!;
  const [row] = rollupRows(db, flowRollupDef(group, settings, null), settings);
  assert.equal(row![0], '2026-01-31');
  // The columns are the catalogue's closed_at flows; the hand-worked ones must be among them.
  const values = row!.slice(2) as number[];
  assert.ok(values.includes(2), 'two won deals');
  assert.ok(
    values.some((v) => Math.abs(v - 300.3) < 1e-9),
    'won amount 100.1 + 200.2',
  );
  assert.ok(values.includes(56), 'cycle days (2026-01-31 - 2026-01-01) + (2026-01-31 - 2026-01-05) = 30 + 26');
  db.close();
});

test('a value the catalogue would not store (text in an amount, a date that is not one) reads as empty', async () => {
  const db = await memoryDatabase();
  const settings = readSettings(db);
  const group = flowGroupsOf('deals').find((g) => g.endsWith('\u0000closed_at'))!;
  const acc = flowRollupDef(group, settings, null).create(1);
  const fields = storedFields('deals').map((f) => f.name);
  const row = (r: Record<string, Value>): Value[] => fields.map((f) => r[f] ?? null);
  acc.add(row({ deal_id: 'a', status: 'won', amount: 'twelve', created_at: '2026-01-01', closed_at: '2026-01-31' }), 0, '1:2');
  acc.add(row({ deal_id: 'b', status: 'won', amount: 5, created_at: '2026-01-01', closed_at: 'soon' }), 0, '1:3');
  const rows = acc.rows();
  const dated = rows.find((r) => r[0] === '2026-01-31')!;
  const undated = rows.find((r) => r[0] === null)!;
  // The dated deal counts once, with no amount; the one with an unreadable close date only undated.
  assert.ok((dated.slice(2) as number[]).includes(1));
  assert.ok(!(dated.slice(2) as number[]).includes(12));
  assert.ok((undated.slice(2) as number[]).includes(5));
  db.close();
});
