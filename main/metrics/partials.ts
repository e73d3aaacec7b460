/**
 * Grouped query results kept per import batch: each query groups by `_batch` first, and its rows for
 * a batch never change (a batch is only ever added or removed whole). They are found, in order, in
 * memory (per database object), in the workbook's `rollups` table (written by imports), or by running
 * the query for the batches still missing; while an import holds the database (persistingRollups)
 * those results are written to `rollups` too, so they are saved with it and no later open rescans.
 */
import { createHash } from 'node:crypto';
import type { Database, SqlValue } from 'sql.js';
import type { DatasetName } from '../../shared/datasets/catalog';
import { batchRowsSql } from '../store/batches';

export type Rows = SqlValue[][];

const partials = new WeakMap<Database, Map<string, Map<string, Rows>>>();
/** Per database being written to: the sources read meanwhile (what the KPIs need now). */
const persisting = new WeakMap<Database, Set<string>>();

/** Where a source's text holds its WHERE clause: the text with this mark is the source's identity. */
const WHERE_MARK = '\u0000where\u0000';

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

const idOf = (text: string): string => createHash('sha256').update(text).digest('hex');
/** The `rollups.source` of a grouped query: the SHA-256 of its text with the WHERE clause marked. */
export const sourceId = (select: (where: string) => string): string => idOf(select(WHERE_MARK));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Stored rows are the workbook's own, but a damaged or hand-edited value is recomputed, not trusted. */
function parseStored(bytes: unknown): Rows | null {
  if (!(bytes instanceof Uint8Array)) return null;
  try {
    const rows: unknown = JSON.parse(utf8.decode(bytes));
    if (!Array.isArray(rows)) return null;
    for (const r of rows) {
      if (!Array.isArray(r)) return null;
      for (const v of r) if (v !== null && typeof v !== 'string' && typeof v !== 'number') return null;
    }
    return rows as Rows;
  } catch {
    return null;
  }
}

function readStored(db: Database, source: string, ids: readonly number[]): Map<number, Rows> {
  const out = new Map<number, Rows>();
  // Read as bytes: sql.js decodes TEXT in JavaScript a character at a time, TextDecoder natively.
  const stmt = db.prepare(`SELECT batch, CAST(rows AS BLOB) FROM rollups WHERE source = ? AND batch IN (${ids.map(() => '?').join(', ')})`);
  try {
    stmt.bind([source, ...ids]);
    while (stmt.step()) {
      const [batch, bytes] = stmt.get();
      const rows = parseStored(bytes);
      if (rows) out.set(Number(batch), rows);
    }
  } finally {
    stmt.free();
  }
  return out;
}

/** Records a batch's rows of a source (replacing any older copy); the caller owns the transaction. */
export function storeRollup(db: Database, source: string, batch: number, rows: Rows): void {
  db.run('INSERT OR REPLACE INTO rollups (source, batch, rows) VALUES (?, ?, ?)', [source, batch, JSON.stringify(rows)]);
}

/**
 * Runs `fn` with results computed from rows written to `rollups` (inside the caller's transaction);
 * then drops the stored sources `fn` did not read: queries of settings since changed, or of a former
 * version of the engine, which nothing will ask for again.
 */
export function persistingRollups<T>(db: Database, fn: () => T): T {
  const read = new Set<string>();
  persisting.set(db, read);
  try {
    const out = fn();
    const stored = (db.exec('SELECT DISTINCT source FROM rollups')[0]?.values ?? []).map((r) => String(r[0]));
    for (const source of stored) if (!read.has(source)) db.run('DELETE FROM rollups WHERE source = ?', [source]);
    return out;
  } finally {
    persisting.delete(db);
  }
}

/**
 * The rows of `select(where)` for every batch of the dataset, without the leading batch column.
 * `select` must put `_batch` first in its columns and its GROUP BY, and apply `where`.
 */
export function rowsByBatch(db: Database, dataset: DatasetName, select: (where: string) => string): Rows {
  const batches = batchesOf(db, dataset);
  const text = select(WHERE_MARK);
  let byDb = partials.get(db);
  if (!byDb) partials.set(db, (byDb = new Map()));
  let bySource = byDb.get(text);
  if (!bySource) byDb.set(text, (bySource = new Map()));
  const live = new Set(batches.map((b) => b.key));
  for (const k of [...bySource.keys()]) if (!live.has(k)) bySource.delete(k);
  const source = idOf(text);
  const read = persisting.get(db);
  read?.add(source);
  let missing = batches.filter((b) => !bySource.has(b.key));
  // While writing, a batch whose rows are only in memory (read before this import) is stored as well.
  const unstored = read ? new Set(batches.map((b) => b.id)) : new Set<number>();
  if (read || missing.length > 0) {
    const stored = readStored(db, source, (read ? batches : missing).map((b) => b.id));
    for (const id of stored.keys()) unstored.delete(id);
    for (const b of missing) {
      const rows = stored.get(b.id);
      if (rows) bySource.set(b.key, rows);
    }
    missing = missing.filter((b) => !bySource.has(b.key));
  }
  if (missing.length > 0) {
    const where = missing.length === batches.length ? '1' : batchRowsSql(db, missing.map((b) => b.id));
    const byId = new Map<number, Rows>(missing.map((b) => [b.id, []]));
    for (const r of db.exec(select(where))[0]?.values ?? []) byId.get(Number(r[0]))?.push(r.slice(1));
    for (const b of missing) bySource.set(b.key, byId.get(b.id)!);
  }
  for (const b of batches) if (unstored.has(b.id)) storeRollup(db, source, b.id, bySource.get(b.key)!);
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
