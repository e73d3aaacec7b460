/**
 * A workbook at the current schema version that lacks part of the catalogue (a field added since it
 * was made, a whole dataset) gets what it lacks when opened, in its own save, and takes imports that
 * use it; nothing else in it changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { insertBatch } from '../../../main/store/batches';
import { memoryDatabase } from '../../../main/store/memory';
import { loadSqlJs } from '../../../main/store/sqljs';

const names = (db: Database, sql: string): string[] => (db.exec(sql)[0]?.values ?? []).map((r) => String(r[0]));
const columns = (db: Database, table: string): string[] => (db.exec(`PRAGMA table_info("${table}")`)[0]?.values ?? []).map((r) => String(r[1]));

/** Every table but the ones named (and the derived rollups), schema and rows, for "nothing else changed". */
function everythingBut(db: Database, skip: readonly string[]): unknown {
  const tables = names(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").filter((t) => t !== 'rollups' && !skip.includes(t));
  return {
    schema: db.exec(
      `SELECT type, name, sql FROM sqlite_master WHERE tbl_name NOT IN (${[...skip, 'rollups'].map((t) => `'${t}'`).join(', ')}) ORDER BY name`,
    )[0]!.values,
    // As sets of rows: a setting rewritten with its own value gets a new rowid.
    rows: Object.fromEntries(tables.map((t) => [t, (db.exec(`SELECT * FROM "${t}"`)[0]?.values ?? []).map((r) => JSON.stringify(r)).sort()])),
  };
}

const line = (order_id: string, product: string, amount: number) => ({ order_id, product, customer_id: 'C1', ordered_at: '2025-02-03', amount });

async function workbookLackingLineIdAndCrmUsage(path: string): Promise<void> {
  const db = await memoryDatabase();
  insertBatch(
    db,
    { dataset: 'orders', fileName: 'orders.csv', fileSize: 1, fileHash: 'h', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    [line('O1', 'Pen', 3), line('O1', 'Ink', 4), line('O2', 'Pen', 3)],
    '2025-03-01T00:00:00',
  );
  db.run('ALTER TABLE orders DROP COLUMN line_id');
  db.run('DROP TABLE crm_usage');
  writeFileSync(path, db.export());
  db.close();
}

test('open adds a field column and a dataset table the catalogue gained, in its own save; an import then uses them; nothing else changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-catalogue-'));
  const book = join(dir, 'grown.kpiw');
  await workbookLackingLineIdAndCrmUsage(book);
  const original = readFileSync(book);
  const SQL = await loadSqlJs();
  const before = new SQL.Database(original);
  const untouched = everythingBut(before, ['orders', 'crm_usage']);
  const ordersBefore = before.exec('SELECT * FROM orders ORDER BY rowid')[0]!.values;
  before.close();

  const session = new Session('cli', dir);
  const opened = await callService(session, 'workbook.open', { file: { path: book } });
  assert.ok(opened.ok, JSON.stringify(opened));
  assert.equal(opened.value.dirty, false, 'saved at once');
  assert.ok(readFileSync(`${book}.bak`).equals(original), 'the file as it was is the .bak');

  const saved = new SQL.Database(readFileSync(book));
  assert.ok(columns(saved, 'orders').includes('line_id'));
  assert.deepEqual(columns(saved, 'crm_usage'), ['_batch', '_row', 'user', 'day', 'logins', 'minutes', 'records_created', '_key', '_hash', '_until']);
  assert.deepEqual(names(saved, "SELECT name FROM sqlite_master WHERE tbl_name = 'crm_usage' AND type = 'index'"), ['crm_usage_until']);
  assert.deepEqual(everythingBut(saved, ['orders', 'crm_usage']), untouched);
  // The orders rows as they were, with the new column empty at the end.
  assert.deepEqual(
    saved.exec(
      `SELECT ${columns(saved, 'orders')
        .filter((c) => c !== 'line_id')
        .map((c) => `"${c}"`)
        .join(', ')} FROM orders ORDER BY rowid`,
    )[0]!.values,
    ordersBefore,
  );
  assert.equal(saved.exec('SELECT count(*) FROM orders WHERE line_id IS NOT NULL')[0]!.values[0]![0], 0);
  saved.close();

  const lines = join(dir, 'lines.csv');
  writeFileSync(lines, 'order_id,line_id,product,customer_id,ordered_at,amount\nO3,L-31,Pen,C2,2025-04-01,5\nO3,L-32,Pen,C2,2025-04-01,6\n');
  const imported = await callService(session, 'import.run', { file: { path: lines }, options: { as: 'orders' } });
  assert.ok(imported.ok, JSON.stringify(imported));
  assert.deepEqual([imported.value.accepted, imported.value.added, imported.value.rejected], [2, 2, 0]);
  const usage = join(dir, 'usage.csv');
  writeFileSync(usage, 'user,day,logins\nann,2025-04-01,3\nbob,2025-04-01,1\n');
  const used = await callService(session, 'import.run', { file: { path: usage }, options: { as: 'crm_usage' } });
  assert.ok(used.ok, JSON.stringify(used));
  assert.equal(used.value.added, 2);
  await callService(session, 'workbook.close', {});

  const after = new SQL.Database(readFileSync(book));
  // An order line with its own ID is known by it.
  assert.deepEqual(after.exec('SELECT line_id, _key FROM orders WHERE line_id IS NOT NULL ORDER BY rowid')[0]!.values, [
    ['L-31', 'L-31'],
    ['L-32', 'L-32'],
  ]);
  assert.equal(after.exec('SELECT count(*) FROM crm_usage')[0]!.values[0]![0], 2);
  after.close();
});

test('a workbook that already has the whole catalogue is not saved on open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-catalogue-'));
  const book = join(dir, 'current.kpiw');
  const db = await memoryDatabase();
  writeFileSync(book, db.export());
  db.close();
  const original = readFileSync(book);
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.open', { file: { path: book } })).ok);
  await callService(session, 'workbook.close', {});
  assert.ok(readFileSync(book).equals(original));
  assert.equal(existsSync(`${book}.bak`), false);
});
