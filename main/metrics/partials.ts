/**
 * Grouped query results kept per import batch: each query groups by `_batch` first, the rows of each
 * batch are kept per database object, and later calls read only the batches not seen yet (an import
 * reads its own rows, an undo drops its batch). Flow sums, distinct keys and intervals all merge
 * across batches, so a 1,000,000-row workbook is scanned once, not after every import.
 */
import type { Database, SqlValue } from 'sql.js';
import type { DatasetName } from '../../shared/datasets/catalog';
import { q } from '../store/schema';

export type Rows = SqlValue[][];

const partials = new WeakMap<Database, Map<string, Map<string, Rows>>>();

interface BatchRef {
  readonly id: number;
  readonly key: string;
}

function batchesOf(db: Database, dataset: DatasetName): BatchRef[] {
  const stmt = db.prepare('SELECT id, imported_at, rows_accepted FROM import_batches WHERE dataset = ? ORDER BY id');
  const out: BatchRef[] = [];
  try {
    stmt.bind([dataset]);
    while (stmt.step()) {
      const [id, at, rows] = stmt.get();
      out.push({ id: Number(id), key: `${String(id)}|${String(at)}|${String(rows)}` });
    }
  } finally {
    stmt.free();
  }
  return out;
}

/**
 * The rows of `select(where)` for every batch of the dataset, without the leading batch column.
 * `select` must put `_batch` first in its columns and its GROUP BY, and apply `where`.
 */
export function rowsByBatch(db: Database, dataset: DatasetName, sourceKey: string, select: (where: string) => string): Rows {
  const batches = batchesOf(db, dataset);
  let byDb = partials.get(db);
  if (!byDb) partials.set(db, (byDb = new Map()));
  let bySource = byDb.get(sourceKey);
  if (!bySource) byDb.set(sourceKey, (bySource = new Map()));
  const live = new Set(batches.map((b) => b.key));
  for (const k of [...bySource.keys()]) if (!live.has(k)) bySource.delete(k);
  const missing = batches.filter((b) => !bySource.has(b.key));
  if (missing.length > 0) {
    // Reading every batch is a plain scan; a few new ones go through the _batch index.
    const where = missing.length === batches.length ? '1' : `${q('_batch')} IN (${missing.map((b) => b.id).join(', ')})`;
    const byId = new Map<number, Rows>(missing.map((b) => [b.id, []]));
    for (const r of db.exec(select(where))[0]?.values ?? []) byId.get(Number(r[0]))?.push(r.slice(1));
    for (const b of missing) bySource.set(b.key, byId.get(b.id)!);
  }
  return batches.flatMap((b) => bySource.get(b.key)!);
}


/** The key of the whole data (no segment split) in the per-segment maps of the measure modules. */
export const TOTAL_KEY = '\u0000total';

/** Rows grouped by their segment value in column `segColumn` (all under TOTAL_KEY when not split). */
export function groupBySegment(rows: Rows, segField: string | null | undefined, segColumn: number): Map<string, Rows> {
  const bySeg = new Map<string, Rows>();
  for (const row of rows) {
    const key = segField ? String(row[segColumn]) : TOTAL_KEY;
    const list = bySeg.get(key) ?? [];
    list.push(row);
    bySeg.set(key, list);
  }
  return bySeg;
}
