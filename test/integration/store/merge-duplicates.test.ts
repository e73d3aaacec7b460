/**
 * Maven's 8,800 deals imported twice by a build before records had identity (17,600 rows, every
 * figure summed twice), through the service table: told once, merged as one batch that leaves each
 * deal once and the KPIs of a single import, and undone back to exactly the KPIs before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { loadSqlJs } from '../../../main/store/sqljs';
import { storedFields, systemColumns } from '../../../shared/datasets/catalog';
import type { MetricsResponse } from '../../../shared/metrics/types';
import { realData, withoutRealData } from '../../support/real-data';

const maven = realData('maven-crm-sales/sales_pipeline.csv');

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** Maven imported once by this build, in a workbook of its own. */
async function importedOnce(dir: string, name: string): Promise<string> {
  const book = join(dir, name);
  const session = new Session('cli', dir);
  await ok(callService(session, 'workbook.create', { file: { path: book } }));
  await ok(callService(session, 'import.run', { file: { path: maven }, options: {} }));
  await ok(callService(session, 'workbook.close', {}));
  return book;
}

/**
 * The pile as the upgrade leaves it: two batches of the same file, every row without a fingerprint
 * (written before identity), each deal's rows under one key, no rollups kept yet.
 */
async function pileOf(single: string, out: string): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(single));
  const cols = [systemColumns.row, ...storedFields('deals').map((f) => f.name), systemColumns.key].map((c) => `"${c}"`).join(', ');
  db.run('DELETE FROM rollups');
  db.run(`UPDATE deals SET "${systemColumns.hash}" = NULL`);
  db.run(
    `INSERT INTO import_batches (id, kind, dataset, file_name, file_size, file_hash, sheet, imported_at, rows_accepted, rows_rejected, mapping, details, rows_added, as_of)
     SELECT 2, kind, dataset, file_name, file_size, file_hash, sheet, '2026-01-02T00:00:00', rows_accepted, rows_rejected, mapping, details, rows_accepted, as_of FROM import_batches WHERE id = 1`,
  );
  db.run(`INSERT INTO deals ("_batch", ${cols}) SELECT 2, ${cols} FROM deals WHERE "_batch" = 1 ORDER BY rowid`);
  db.run(
    `UPDATE import_batches SET first_rowid = (SELECT min(rowid) FROM deals WHERE "_batch" = 2), last_rowid = (SELECT max(rowid) FROM deals WHERE "_batch" = 2) WHERE id = 2`,
  );
  writeFileSync(out, db.export());
  db.close();
}

const wonRevenue = (r: MetricsResponse): number | null => r.metrics.find((m) => m.id === 'won_revenue')!.value;
const kpis = async (session: Session): Promise<MetricsResponse[]> => [
  await ok(callService(session, 'metrics.compute', { period: '2017-Q2', compare: 'previous' })),
  await ok(callService(session, 'metrics.compute', { period: 'all' })),
];

test(
  "Maven's deals imported twice: told once, merged to each deal once (the single import's KPIs), undone to exactly the KPIs before",
  { skip: withoutRealData },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpiw-merge-'));
    const once = await importedOnce(dir, 'once.kpiw');
    const book = join(dir, 'twice.kpiw');
    await pileOf(once, book);

    const reference = new Session('cli', dir);
    await ok(callService(reference, 'workbook.open', { file: { path: once }, readOnly: true }));
    const single = await kpis(reference);
    await ok(callService(reference, 'workbook.close', {}));
    assert.equal(wonRevenue(single[0]!), 3_086_111);

    const session = new Session('cli', dir);
    const info = await ok(callService(session, 'workbook.open', { file: { path: book } }));
    assert.deepEqual(info.duplicates, [{ dataset: 'deals', records: 8800, extraRows: 8800 }]);
    const piled = await kpis(session);
    assert.equal(wonRevenue(piled[0]!), 6_172_222);

    const merged = await ok(callService(session, 'data.mergeDuplicates', { dataset: 'deals' }));
    assert.ok(merged);
    assert.deepEqual([merged.id, merged.kind, merged.dataset, merged.added, merged.changed, merged.removed], [3, 'merge', 'deals', 0, 0, 8800]);
    assert.deepEqual((await ok(callService(session, 'workbook.info', {})))!.duplicates, []);
    const summary = await ok(callService(session, 'data.summary', {}));
    assert.equal(summary.datasets.find((d) => d.name === 'deals')!.rows, 8800);
    assert.deepEqual(
      summary.batches.map((b) => [b.id, b.kind]),
      [
        [1, 'import'],
        [2, 'import'],
        [3, 'merge'],
      ],
    );
    const after = await kpis(session);
    assert.equal(wonRevenue(after[0]!), 3_086_111);
    assert.deepEqual(after, single, 'every KPI as if the file had been imported once');
    assert.equal(await ok(callService(session, 'data.mergeDuplicates', { dataset: 'deals' })), null, 'nothing left to merge');
    await ok(callService(session, 'workbook.close', {}));

    // The merge and its rollups were saved: the next session reads the same KPIs.
    const next = new Session('cli', dir);
    await ok(callService(next, 'workbook.open', { file: { path: book } }));
    assert.deepEqual(await kpis(next), single);
    const undone = await ok(callService(next, 'import.undo', { batch: 3 }));
    assert.equal(undone.kind, 'merge');
    assert.deepEqual(await kpis(next), piled, 'undo puts back exactly the KPIs before the merge');
    assert.deepEqual((await ok(callService(next, 'workbook.info', {})))!.duplicates, [{ dataset: 'deals', records: 8800, extraRows: 8800 }]);
    await ok(callService(next, 'workbook.close', {}));

    const reopened = new Session('cli', dir);
    await ok(callService(reopened, 'workbook.open', { file: { path: book }, readOnly: true }));
    assert.deepEqual(await kpis(reopened), piled);
    await ok(callService(reopened, 'workbook.close', {}));
  },
);

test('a merge is refused read-only, and with no duplicates it changes nothing on disk', { skip: withoutRealData }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-merge-'));
  const once = await importedOnce(dir, 'once.kpiw');
  const book = join(dir, 'twice.kpiw');
  await pileOf(once, book);
  const original = readFileSync(book);

  const reader = new Session('cli', dir);
  await ok(callService(reader, 'workbook.open', { file: { path: book }, readOnly: true }));
  const refused = await callService(reader, 'data.mergeDuplicates', { dataset: 'deals' });
  assert.ok(!refused.ok && refused.error.code === 'workbook_read_only', JSON.stringify(refused));
  await ok(callService(reader, 'workbook.close', {}));
  assert.ok(readFileSync(book).equals(original));

  const writer = new Session('cli', dir);
  await ok(callService(writer, 'workbook.open', { file: { path: once } }));
  const saved = readFileSync(once);
  assert.equal(await ok(callService(writer, 'data.mergeDuplicates', { dataset: 'deals' })), null);
  assert.equal(await ok(callService(writer, 'data.mergeDuplicates', { dataset: 'tickets' })), null);
  await ok(callService(writer, 'workbook.close', {}));
  assert.ok(readFileSync(once).equals(saved));
});
