/**
 * Version 1 workbooks (before rollups were kept) open at the current version: the `rollups` table is
 * added, the per-table `_batch` indexes dropped, every row kept and given its key; the file itself is
 * untouched by openWorkbook (the service that opens it saves the upgrade).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadSqlJs } from '../../../../main/store/sqljs';
import { APPLICATION_ID, migrations, SCHEMA_VERSION } from '../../../../main/store/schema';
import { closeWorkbook, openWorkbook } from '../../../../main/store/workbook';
import { snapshot, tempFolder } from './files';
import { memoryDatabase } from '../../../../main/store/memory';
import { batchRowsSql, insertBatch, undoBatch } from '../../../../main/store/batches';

test('a version 1 workbook with rows opens at the current version with rollups, keys and without the _batch indexes', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const SQL = await loadSqlJs();
    const v1 = new SQL.Database();
    for (const sql of migrations[0]!()) v1.run(sql);
    v1.run("INSERT INTO meta (key, value) VALUES ('schema_version', '1')");
    v1.run(`INSERT INTO import_batches VALUES (1, 'deals', 'd.csv', 1, 'h', NULL, '2026-01-01T00:00:00', 1, 0, '{}', '{}')`);
    v1.run(`INSERT INTO deals ("_batch", "_row", deal_id, status, created_at) VALUES (1, 2, 'D1', 'won', '2026-01-01')`);
    v1.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    v1.run('PRAGMA user_version = 1');
    const path = join(dir, 'old.kpiw');
    writeFileSync(path, v1.export());
    v1.close();
    const before = snapshot(path);

    const wb = await openWorkbook(path);
    const one = (sql: string): unknown => wb.db.exec(sql)[0]?.values[0]?.[0];
    assert.equal(one('PRAGMA user_version'), SCHEMA_VERSION);
    assert.equal(one("SELECT count(*) FROM sqlite_master WHERE name = 'rollups'"), 1);
    assert.equal(one("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name <> 'rollups' AND name LIKE '%_batch'"), 0);
    assert.equal(one('SELECT deal_id FROM deals'), 'D1');
    assert.equal(one('SELECT _key FROM deals'), 'D1');
    assert.equal(one('SELECT _until FROM deals'), null);
    // The batch's one row has rowid 1: its run is 1..1, read through the old index before it went.
    assert.deepEqual(wb.db.exec('SELECT first_rowid, last_rowid FROM import_batches')[0]!.values, [[1, 1]]);
    assert.equal(wb.dirty, true);
    assert.deepEqual(snapshot(path), before);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('each batch records its run of rowids; undo deletes exactly that run', async () => {
  const db = await memoryDatabase();
  const rec = (hash: string) => ({
    dataset: 'deals' as const,
    fileName: `${hash}.csv`,
    fileSize: 1,
    fileHash: hash,
    sheet: null,
    rowsRejected: 0,
    mapping: {},
    details: {},
  });
  const deal = (id: string) => ({ deal_id: id, status: 'won', created_at: '2026-01-01' });
  const a = insertBatch(db, rec('a'), [deal('A1'), deal('A2')], '2026-01-01T00:00:00');
  const b = insertBatch(db, rec('b'), [deal('B1'), deal('B2'), deal('B3')], '2026-01-02T00:00:00');
  const ranges = db.exec('SELECT id, first_rowid, last_rowid FROM import_batches ORDER BY id')[0]!.values;
  // Two rows then three: rowids 1-2 and 3-5.
  assert.deepEqual(ranges, [
    [a, 1, 2],
    [b, 3, 5],
  ]);
  undoBatch(db, a);
  assert.deepEqual(db.exec('SELECT deal_id FROM deals ORDER BY rowid')[0]!.values, [['B1'], ['B2'], ['B3']]);
  assert.equal(batchRowsSql(db, [b]), '(rowid BETWEEN 3 AND 5) AND "_batch" IN (' + b + ')');
  db.close();
});
