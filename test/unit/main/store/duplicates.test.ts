/**
 * Records an older build's imports left more than once: found per dataset with how many, merged as
 * one batch that keeps the newest row of each, and undone exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { migrate } from '../../../../main/store/schema';
import { insertBatch, listBatches, undoBatch } from '../../../../main/store/batches';
import { findDuplicates, mergeDuplicates } from '../../../../main/store/duplicates';
import { memoryDatabase } from '../../../../main/store/memory';
import { version2 } from './legacy';

const deal = (deal_id: string | null, amount: number) => ({ deal_id, stage: 'Won', status: 'won', amount, closed_at: '2025-01-15' });
const table = (db: Database): unknown[][] => db.exec('SELECT rowid, * FROM deals ORDER BY rowid')[0]!.values;
const current = (db: Database): unknown[][] => db.exec('SELECT rowid, deal_id, amount FROM deals WHERE _until IS NULL ORDER BY rowid')[0]!.values;

/** The same export imported twice, then a third time with D1 only; rows without an ID never count. */
async function pile(): Promise<Database> {
  const db = await version2('deals', [
    [deal('D1', 10), deal('D2', 20), deal('D3', 30), deal(null, 5)],
    [deal('D1', 11), deal('D2', 20), deal('D3', 31), deal('D4', 40), deal(null, 5)],
    [deal('D1', 12)],
  ]);
  migrate(db);
  return db;
}

test('a pile is found once per dataset: records with more than one current row, and the rows beyond one each', async () => {
  const db = await pile();
  assert.deepEqual(findDuplicates(db), [{ dataset: 'deals', records: 3, extraRows: 4 }]);
  db.close();
});

test('a merge ends every row of a record but the newest, as one batch of kind merge; undo puts every row back as it was', async () => {
  const db = await pile();
  const before = table(db);
  const merged = mergeDuplicates(db, 'deals', '2025-04-01T00:00:00')!;
  assert.equal(merged.kind, 'merge');
  assert.deepEqual([merged.dataset, merged.rowsAccepted, merged.added, merged.changed, merged.removed], ['deals', 0, 0, 0, 4]);
  // The newest row of each record stays: D1 from the third import, D2 and D3 from the second; the rows without an ID stay too.
  assert.deepEqual(current(db), [
    [4, null, 5],
    [6, 'D2', 20],
    [7, 'D3', 31],
    [8, 'D4', 40],
    [9, null, 5],
    [10, 'D1', 12],
  ]);
  assert.deepEqual(db.exec('SELECT rowid FROM deals WHERE _until = ? ORDER BY rowid', [merged.id])[0]!.values, [[1], [2], [3], [5]]);
  assert.deepEqual(findDuplicates(db), []);
  assert.equal(mergeDuplicates(db, 'deals', '2025-04-02T00:00:00'), null, 'nothing left to merge');
  assert.equal(listBatches(db).length, 4, 'a merge with nothing to do leaves no batch');

  undoBatch(db, merged.id);
  assert.deepEqual(table(db), before);
  assert.deepEqual(findDuplicates(db), [{ dataset: 'deals', records: 3, extraRows: 4 }]);
  db.close();
});

test('a dataset holding only rows written since records had identity is not scanned (imports never leave a key twice)', async () => {
  const db = await memoryDatabase();
  const rec = { dataset: 'deals' as const, fileName: 'd.csv', fileSize: 1, fileHash: 'h', sheet: null, rowsRejected: 0, mapping: {}, details: {} };
  insertBatch(db, rec, [deal('D1', 10), deal('D2', 20)], '2025-01-01T00:00:00');
  const scans: string[] = [];
  const exec = db.exec.bind(db);
  db.exec = ((sql: string, params?: never) => {
    if (/count\(DISTINCT/i.test(sql)) scans.push(sql);
    return exec(sql, params);
  }) as Database['exec'];
  assert.deepEqual(findDuplicates(db), []);
  assert.deepEqual(scans, []);
  db.close();
});
