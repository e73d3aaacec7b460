/**
 * The rollups an import counts from its rows must be exactly the rows the grouped queries give for
 * the batch: on the whole sample company (every dataset), on rows with gaps and odd values, and,
 * where SQLite would convert a value, the accumulator gives up instead of guessing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { datasets, storedFields, type DatasetName } from '../../../../shared/datasets/catalog';
import { generateDemo } from '../../../../main/demo/generate';
import { memoryDatabase } from '../../../../main/store/memory';
import { insertBatch, type CanonicalRow } from '../../../../main/store/batches';
import { readSettings } from '../../../../main/store/settings';
import { batchRollups, type Value } from '../../../../main/metrics/batch-rollups';
import { flowGroupsOf, flowSelect } from '../../../../main/metrics/flows';
import { distinctMeasuresOf, distinctSelect } from '../../../../main/metrics/distinct';
import { filledSelect, latestSelect, rowsSelect } from '../../../../main/metrics/profile';
import { sourceId, type Rows } from '../../../../main/metrics/partials';
import type { Settings } from '../../../../shared/api';

/** Every grouped query an accumulator may stand for, by source. */
function queries(ds: DatasetName, settings: Settings): Map<string, (where: string) => string> {
  const all = [
    rowsSelect(ds),
    latestSelect(ds),
    filledSelect(ds),
    ...flowGroupsOf(ds).map((g) => flowSelect(g, null, settings)),
    ...distinctMeasuresOf(ds).map((m) => distinctSelect(m, null, settings)),
  ];
  return new Map(all.map((s) => [sourceId(s), s]));
}

/** Inserts rows as one batch and returns, per source, [counted rows, the query's rows]. */
function both(db: Database, ds: DatasetName, rows: readonly CanonicalRow[]): Map<string, [Rows | null, Rows]> {
  const id = insertBatch(db, { dataset: ds, fileName: `${ds}.csv`, fileSize: 1, fileHash: `h-${ds}-${Math.random()}`, sheet: null, rowsRejected: 0, mapping: {}, details: {} }, rows, '2026-10-01T00:00:00');
  const settings = readSettings(db);
  const fields = storedFields(ds).map((f) => f.name);
  const rollups = batchRollups(ds, settings, id);
  const flat: Value[] = [];
  rows.forEach((r, i) => {
    const at = flat.length;
    for (const f of fields) flat.push(r[f] ?? null);
    // insertBatch numbers rows from 2, as a spreadsheet under its header does.
    for (const acc of rollups) acc.add(flat, at, i + 2);
  });
  const sql = queries(ds, settings);
  const out = new Map<string, [Rows | null, Rows]>();
  for (const acc of rollups) {
    const select = sql.get(acc.source);
    assert.ok(select, `${ds}: an accumulator stands for no known query`);
    const expected = (db.exec(select(`"_batch" = ${id}`))[0]?.values ?? []).map((r) => r.slice(1));
    out.set(acc.source, [acc.rows(), expected]);
  }
  return out;
}

/** Sums may differ from SQLite's in the last bits when rows are added in another order. */
function assertSameRows(actual: Rows, expected: Rows, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: row count`);
  actual.forEach((row, i) => {
    const exp = expected[i]!;
    assert.equal(row.length, exp.length, `${what}: row ${i} width`);
    row.forEach((v, k) => {
      const e = exp[k];
      if (typeof v === 'number' && typeof e === 'number') assert.ok(Math.abs(v - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${what}: row ${i} col ${k}: ${v} vs ${e}`);
      else assert.equal(v, e, `${what}: row ${i} col ${k}`);
    });
  });
}

test('on the sample company, every counted rollup equals its grouped query, for every dataset', async () => {
  const db = await memoryDatabase();
  const demo = generateDemo();
  let compared = 0;
  for (const d of datasets) {
    const rows = demo.get(d.name) ?? [];
    if (rows.length === 0) continue;
    for (const [source, [counted, expected]] of both(db, d.name, rows)) {
      assert.ok(counted, `${d.name} ${source}: gave up on the sample company's own rows`);
      assertSameRows(counted, expected, `${d.name} ${source.slice(0, 8)}`);
      compared++;
    }
  }
  // rows + latest + filled for most datasets, and every flow group: far more than a handful.
  assert.ok(compared >= 30, `only ${compared} rollups compared`);
  db.close();
});

test('gaps and odd values: missing dates, open deals, orders without ids, hours across midnight, prefixes with spaces and capitals', async () => {
  const db = await memoryDatabase();
  const deals: CanonicalRow[] = [
    { deal_id: 'a', status: 'won', amount: 100.1, created_at: '2026-01-01', closed_at: '2026-01-31', owner: 'X' },
    { deal_id: 'b', status: 'won', amount: 200.2, created_at: '2026-01-05', closed_at: '2026-01-31', owner: null, region: '  ' },
    { deal_id: 'c', status: 'lost', amount: null, created_at: '2026-01-05', closed_at: '2026-02-01', owner: 'Y', region: ' North ' },
    { deal_id: 'd', status: 'open', amount: 50, created_at: '2026-02-10', closed_at: null, owner: 'Y' },
    { deal_id: 'e', status: 'open', amount: 0.3, created_at: null, closed_at: null, owner: null },
  ];
  const orders: CanonicalRow[] = [
    { order_id: 'o1', customer_id: 'c1', amount: 10, ordered_at: '2026-03-01', cancelled: null },
    { order_id: 'o1', customer_id: 'c1', amount: 5, ordered_at: '2026-03-01', cancelled: 0 },
    { order_id: null, customer_id: 'c2', amount: 7, ordered_at: '2026-03-01', cancelled: null },
    { order_id: null, customer_id: 'c2', amount: 8, ordered_at: '2026-03-01', cancelled: 1 },
    { order_id: 'o3', customer_id: 'c3', amount: 1, ordered_at: null, cancelled: null },
  ];
  const tickets: CanonicalRow[] = [
    { ticket_id: 't1', created_at: '2026-04-01T23:30:00', resolved_at: '2026-04-02T01:00:00', first_response_at: '2026-04-01T23:45:00', contacts: 1 },
    { ticket_id: 't2', created_at: '2026-04-01T08:00:00', resolved_at: null, first_response_at: null, contacts: null },
    { ticket_id: 't3', created_at: '2026-04-03T10:00:00', resolved_at: '2026-04-03T10:00:00', first_response_at: '2026-04-03T10:00:00', contacts: 3 },
  ];
  const leads: CanonicalRow[] = [
    { lead_id: 'l1', created_at: '2026-05-01', status: '  Converted to deal', converted_at: null },
    { lead_id: 'l2', created_at: '2026-05-01', status: 'WON', converted_at: null },
    { lead_id: 'l3', created_at: '2026-05-02', status: 'new', converted_at: null },
    { lead_id: 'l4', created_at: '2026-05-02', status: null, converted_at: '2026-05-09' },
  ];
  for (const [ds, rows] of [['deals', deals], ['orders', orders], ['tickets', tickets], ['leads', leads]] as const) {
    for (const [source, [counted, expected]] of both(db, ds, rows)) {
      assert.ok(counted, `${ds} ${source}: gave up`);
      assertSameRows(counted, expected, `${ds} ${source.slice(0, 8)}`);
    }
  }
  db.close();
});

test('the won deals of one day, worked by hand: count 2, amount 300.3, cycle 30 + 26 days', async () => {
  const db = await memoryDatabase();
  const deals: CanonicalRow[] = [
    { deal_id: 'a', status: 'won', amount: 100.1, created_at: '2026-01-01', closed_at: '2026-01-31' },
    { deal_id: 'b', status: 'won', amount: 200.2, created_at: '2026-01-05', closed_at: '2026-01-31' },
  ];
  const id = insertBatch(db, { dataset: 'deals', fileName: 'd.csv', fileSize: 1, fileHash: 'x', sheet: null, rowsRejected: 0, mapping: {}, details: {} }, deals, '2026-10-01T00:00:00');
  const settings = readSettings(db);
  const fields = storedFields('deals').map((f) => f.name);
  const group = flowGroupsOf('deals').find((g) => g.endsWith('\u0000closed_at'))!;
  const acc = batchRollups('deals', settings, id).find((r) => r.source === sourceId(flowSelect(group, null, settings)))!;
  deals.forEach((r, i) => acc.add(fields.map((f) => r[f] ?? null), 0, i + 2));
  const [row] = acc.rows()!;
  assert.equal(row![0], '2026-01-31');
  // The columns are the catalogue's closed_at flows; the hand-worked ones must be among them.
  const values = row!.slice(2) as number[];
  assert.ok(values.includes(2), 'two won deals');
  assert.ok(values.some((v) => Math.abs(v - 300.3) < 1e-9), 'won amount 100.1 + 200.2');
  assert.ok(values.includes(56), 'cycle days (2026-01-31 - 2026-01-01) + (2026-01-31 - 2026-01-05) = 30 + 26');
  db.close();
});

test('a value SQLite would convert makes the accumulator give up rather than guess', async () => {
  const db = await memoryDatabase();
  const settings = readSettings(db);
  const fields = storedFields('deals').map((f) => f.name);
  const rollups = batchRollups('deals', settings, 1);
  const row: Record<string, Value> = { deal_id: 'a', status: 'won', amount: 'twelve', created_at: '2026-01-01', closed_at: '2026-01-31' };
  for (const acc of rollups) acc.add(fields.map((f) => row[f] ?? null), 0, 2);
  const amountReaders = rollups.filter((r) => r.rows() === null);
  assert.ok(amountReaders.length >= 1, 'the flows that sum amount gave up');
  // Counting rows and filled cells does not read the value, so those still answer.
  assert.deepEqual(rollups.find((r) => r.source === sourceId(rowsSelect('deals')))!.rows(), [[1]]);
  db.close();
});
