import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDemo, writeDemo } from '../../../../main/demo/generate';
import { memoryDatabase } from '../../../../main/store/memory';
import { datasetCounts, listBatches } from '../../../../main/store/batches';
import { readSettings } from '../../../../main/store/settings';

test('writeDemo stores each dataset as one batch named like its file, and the settings KPIs need', async () => {
  const db = await memoryDatabase();
  try {
    const written = writeDemo(db, { importedAt: '2026-10-01T09:00:00' });
    const demo = generateDemo();
    const counts = new Map(datasetCounts(db).map((c) => [c.dataset, c.rows]));
    for (const [name, rows] of demo) assert.equal(counts.get(name), rows.length, name);
    const batches = listBatches(db);
    assert.equal(batches.length, 12);
    for (const b of batches) {
      assert.equal(b.fileName, `demo/${b.dataset}.csv`);
      assert.equal(b.rowsAccepted, demo.get(b.dataset)!.length);
      assert.equal(b.rowsRejected, 0);
      assert.equal(b.importedAt, '2026-10-01T09:00:00');
      assert.match(b.fileHash, /^[0-9a-f]{64}$/);
    }
    assert.deepEqual(
      written.map((w) => w.batchId),
      batches.map((b) => b.id),
    );
    const s = readSettings(db);
    assert.equal(s.company_name, 'Larkspur Analytics');
    assert.equal(s.currency, 'EUR');
    assert.equal(s.seats, 15);
    assert.equal(s.crm_gain, 12000);
    assert.equal(s.gross_margin, 0.78);
    // The first deal read back equals the generated one, column for column.
    const res = db.exec('SELECT * FROM deals ORDER BY _row LIMIT 1')[0]!;
    const stored = Object.fromEntries(res.columns.map((c, i) => [c, res.values[0]![i]]));
    for (const [k, v] of Object.entries(demo.get('deals')![0]!)) assert.equal(stored[k], v, k);
  } finally {
    db.close();
  }
});
