/**
 * Rollups kept in the workbook: an import writes its batch's grouped rows, keepRollups the rest; a
 * workbook opened again reads them instead of scanning; the KPIs are the same with or without them;
 * a damaged stored value is recomputed; undo takes a batch's rollups with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { memoryDatabase } from '../../../../main/store/memory';
import { loadSqlJs } from '../../../../main/store/sqljs';
import { writeDemo } from '../../../../main/demo/generate';
import { importFile } from '../../../../main/import/pipeline';
import { readSettings } from '../../../../main/store/settings';
import { undoBatch } from '../../../../main/store/batches';
import { computeMetrics } from '../../../../main/metrics/compute';
import { keepRollups } from '../../../../main/metrics/keep';
import { rowsRollupDef } from '../../../../main/metrics/profile-rollups';

const count = (db: Database, sql: string): number => Number(db.exec(sql)[0]!.values[0]![0]);
const dashboard = (db: Database): string => JSON.stringify(computeMetrics(db, { period: '2026-Q3', compare: 'previous' }, readSettings(db)));

/** A copy of the database as a new object: what opening the saved file gives (no memory cache). */
async function reopened(db: Database): Promise<Database> {
  const SQL = await loadSqlJs();
  const copy = new SQL.Database(db.export());
  copy.run('PRAGMA foreign_keys = ON');
  return copy;
}

/** What `fn` returns, and the scans of a batch's rows (to count its rollups) it ran on `db`. */
function groupedQueries<T>(db: Database, fn: () => T): { result: T; grouped: string[] } {
  const ran: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string, params?: never) => {
    ran.push(sql);
    return prepare(sql, params);
  }) as typeof db.prepare;
  try {
    return { result: fn(), grouped: ran.filter((s) => s.includes('"_row" FROM')) };
  } finally {
    db.prepare = prepare;
  }
}

async function sampleWithImport(): Promise<{ db: Database; batch: number; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-rollups-'));
  const csv = join(dir, 'deals.csv');
  // Three deals: two won on 2026-08-31 (600 and 400.5), one open.
  writeFileSync(
    csv,
    [
      'Deal,Stage,Amount,Create Date,Close Date',
      'N1,Closed Won,600,2026-07-01,2026-08-31',
      'N2,Closed Won,400.5,2026-08-01,2026-08-31',
      'N3,Qualified,90,2026-09-01,',
    ].join('\n'),
  );
  const db = await memoryDatabase();
  writeDemo(db);
  const r = await importFile(db, csv, {}, { dryRun: false, fileName: 'deals.csv' });
  return { db, batch: r.batchId!, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('an import stores its own batch rollups; keepRollups fills every other one the dashboard reads', async () => {
  const { db, batch, cleanup } = await sampleWithImport();
  try {
    const stored = db.exec(`SELECT rows FROM rollups WHERE batch = ${batch} AND part = 0 AND source = '${rowsRollupDef('deals', readSettings(db)).id}'`)[0]!
      .values[0]![0];
    assert.equal(stored, '[[3]]');
    const before = count(db, 'SELECT count(*) FROM rollups');
    assert.equal(keepRollups(db, readSettings(db)), true);
    assert.ok(count(db, 'SELECT count(*) FROM rollups') > before, 'the sample batches got theirs');

    const copy = await reopened(db);
    // Every query the dashboard runs after a reopen finds its rows stored: none groups a dataset table.
    const { result: kept, grouped } = groupedQueries(copy, () => dashboard(copy));
    assert.deepEqual(grouped, []);

    // The same dashboard from the raw rows alone.
    const plain = await reopened(db);
    plain.run('DELETE FROM rollups');
    assert.equal(kept, dashboard(plain));
    copy.close();
    plain.close();
  } finally {
    db.close();
    cleanup();
  }
});

test('a damaged stored rollup is recomputed from the rows, not trusted', async () => {
  const { db, cleanup } = await sampleWithImport();
  try {
    keepRollups(db, readSettings(db));
    const expected = dashboard(await reopened(db));
    db.run(`UPDATE rollups SET rows = 'not json' WHERE rowid IN (SELECT rowid FROM rollups LIMIT 5)`);
    db.run(`UPDATE rollups SET rows = '[{"a":1}]' WHERE rowid IN (SELECT rowid FROM rollups LIMIT 5 OFFSET 5)`);
    assert.equal(dashboard(await reopened(db)), expected);
  } finally {
    db.close();
    cleanup();
  }
});

test('undo removes the batch and its rollups; the other batches keep theirs', async () => {
  const { db, batch, cleanup } = await sampleWithImport();
  try {
    keepRollups(db, readSettings(db));
    const others = count(db, `SELECT count(*) FROM rollups WHERE batch <> ${batch}`);
    assert.ok(count(db, `SELECT count(*) FROM rollups WHERE batch = ${batch}`) > 0);
    undoBatch(db, batch);
    assert.equal(count(db, `SELECT count(*) FROM rollups WHERE batch = ${batch}`), 0);
    assert.equal(count(db, 'SELECT count(*) FROM rollups'), others);
  } finally {
    db.close();
    cleanup();
  }
});

test('keeping stores rows first read before the import, and drops rollups no KPI reads any more', async () => {
  const { db, cleanup } = await sampleWithImport();
  try {
    db.run('DELETE FROM rollups');
    // Read (and held in memory) with nothing stored: the read path writes nothing.
    dashboard(db);
    assert.equal(count(db, 'SELECT count(*) FROM rollups'), 0);
    db.run("INSERT INTO rollups (source, batch, part, rows) VALUES ('stale', 1, 0, '[]')");
    keepRollups(db, readSettings(db));
    assert.equal(count(db, "SELECT count(*) FROM rollups WHERE source = 'stale'"), 0);
    const copy = await reopened(db);
    assert.deepEqual(groupedQueries(copy, () => dashboard(copy)).grouped, []);
    copy.close();
  } finally {
    db.close();
    cleanup();
  }
});
