import type { Database, Statement } from 'sql.js';
import { datasets, storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { fastInsert, type BindValue, type FastInsert } from './fast-insert';
import { unpackValues, type PackedValues } from './packed-values';
import { q } from './schema';

/** A canonical row: stored field name → value (strings for text and dates, numbers, or null). */
export type CanonicalRow = Readonly<Record<string, string | number | null>>;

export interface BatchRecord {
  readonly dataset: DatasetName;
  readonly fileName: string;
  readonly fileSize: number;
  readonly fileHash: string;
  readonly sheet: string | null;
  readonly rowsRejected: number;
  /** Source column → field, as used. */
  readonly mapping: Readonly<Record<string, string>>;
  /** Anything else worth keeping about the import (encoding, delimiter, date orders, rejected rows sample). */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface BatchSummary {
  readonly id: number;
  readonly dataset: DatasetName;
  readonly fileName: string;
  readonly fileSize: number;
  readonly fileHash: string;
  readonly sheet: string | null;
  readonly importedAt: string;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly mapping: Record<string, string>;
}

/** The largest rowid of a dataset's table (0 when empty): the next row inserted gets one more. */
const lastRowid = (db: Database, dataset: DatasetName): number => Number(db.exec(`SELECT coalesce(max(rowid), 0) FROM ${q(dataset)}`)[0]!.values[0]![0]);

/** Opens a batch; the caller owns the surrounding transaction, in which the batch's rows are all inserted. */
export function beginBatch(db: Database, rec: BatchRecord, importedAt: string): number {
  db.run(
    `INSERT INTO import_batches (dataset, file_name, file_size, file_hash, sheet, imported_at, rows_accepted, rows_rejected, mapping, details, first_rowid)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
    [
      rec.dataset,
      rec.fileName,
      rec.fileSize,
      rec.fileHash,
      rec.sheet,
      importedAt,
      rec.rowsRejected,
      JSON.stringify(rec.mapping),
      JSON.stringify(rec.details),
      lastRowid(db, rec.dataset) + 1,
    ],
  );
  return Number(db.exec('SELECT last_insert_rowid()')[0]!.values[0]![0]);
}

/**
 * Page cache allowed during a bulk insert, in KiB. Past it SQLite writes the coldest dirty pages (the
 * table's filled leaves) to sql.js's in-memory file while the import worker is still reading, instead
 * of all at COMMIT, when nothing else runs: measured on 1,000,000 deals, COMMIT takes 0.2-0.6 s with
 * 32 MB against 0.9-4 s with 256 MB, for the same CPU in all (3.3-4.4 s on the inserting thread either
 * way, insert loop, commit and export together; SQLite's default 2 MB measured the same).
 */
const BULK_CACHE_KIB = 32 * 1024;

/**
 * A prepared INSERT for one dataset; rows are written in the catalogue's column order.
 * `row` is the source row number shown to the user. Binds through fast-insert.ts when sql.js was
 * loaded by loadSqlJs, else through sql.js's Statement. While it is open the page cache is
 * BULK_CACHE_KIB; free() puts the connection's setting back.
 */
export class RowInserter {
  private readonly db: Database;
  private readonly savedCacheSize: number;
  private freed = false;
  private readonly fast: FastInsert | null;
  private readonly stmt: Statement | null;
  private readonly fields: readonly string[];
  private readonly params: BindValue[];
  count = 0;
  constructor(
    db: Database,
    readonly dataset: DatasetName,
    private readonly batchId: number,
  ) {
    this.db = db;
    this.savedCacheSize = Number(db.exec('PRAGMA cache_size')[0]!.values[0]![0]);
    db.run(`PRAGMA cache_size = -${BULK_CACHE_KIB}`);
    this.fields = storedFields(dataset).map((f) => f.name);
    const cols = [systemColumns.batch, systemColumns.row, ...this.fields].map(q).join(', ');
    const marks = new Array(this.fields.length + 2).fill('?').join(', ');
    const sql = `INSERT INTO ${q(dataset)} (${cols}) VALUES (${marks})`;
    this.fast = fastInsert(db, sql);
    this.stmt = this.fast ? null : db.prepare(sql);
    this.params = new Array<BindValue>(this.fields.length + 2).fill(null);
  }
  insert(row: number, values: CanonicalRow): void {
    const p = this.params;
    p[0] = this.batchId;
    p[1] = row;
    for (let i = 0; i < this.fields.length; i++) p[i + 2] = values[this.fields[i]!] ?? null;
    if (this.fast) this.fast.run(p);
    else this.stmt!.run(p);
    this.count++;
  }
  /** Inserts rows whose values come packed, each row's in the catalogue's field order (the import's path). */
  insertPacked(rows: ArrayLike<number>, packed: PackedValues): void {
    const width = this.fields.length;
    if (packed.kinds.length !== rows.length * width) throw new Error(`${packed.kinds.length} values cannot fill ${rows.length} ${this.dataset} rows`);
    if (this.fast) this.fast.runPacked(this.batchId, rows, packed, width);
    else {
      const values = unpackValues(packed);
      const p = this.params;
      p[0] = this.batchId;
      for (let r = 0; r < rows.length; r++) {
        p[1] = rows[r]!;
        for (let i = 0; i < width; i++) p[i + 2] = values[r * width + i]!;
        this.stmt!.run(p);
      }
    }
    this.count += rows.length;
  }
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.fast?.free();
    this.stmt?.free();
    this.db.run(`PRAGMA cache_size = ${this.savedCacheSize}`);
  }
}

/** Records the final counts and details of a batch opened with beginBatch. */
export function finishBatch(db: Database, batchId: number, rowsAccepted: number, rowsRejected: number, details: Record<string, unknown>): void {
  const dataset = String(db.exec('SELECT dataset FROM import_batches WHERE id = ?', [batchId])[0]!.values[0]![0]) as DatasetName;
  db.run('UPDATE import_batches SET rows_accepted = ?, rows_rejected = ?, details = ?, last_rowid = ? WHERE id = ?', [
    rowsAccepted,
    rowsRejected,
    JSON.stringify(details),
    lastRowid(db, dataset),
    batchId,
  ]);
}

/** The SQL condition for the rows of some batches of a dataset: their rowid runs where recorded. */
export function batchRowsSql(db: Database, ids: readonly number[]): string {
  if (ids.length === 0) return '0';
  const ranges = db.exec(`SELECT first_rowid, last_rowid FROM import_batches WHERE id IN (${ids.map(Number).join(', ')})`)[0]?.values ?? [];
  const batch = `${q(systemColumns.batch)} IN (${ids.map(Number).join(', ')})`;
  if (ranges.length !== ids.length || ranges.some(([a, b]) => typeof a !== 'number' || typeof b !== 'number')) return batch;
  return `(${ranges.map(([a, b]) => `rowid BETWEEN ${Number(a)} AND ${Number(b)}`).join(' OR ')}) AND ${batch}`;
}

/** Inserts a whole batch of canonical rows in one transaction (the demo and tests use this). */
export function insertBatch(db: Database, rec: BatchRecord, rows: readonly CanonicalRow[], importedAt: string): number {
  db.run('BEGIN');
  try {
    const id = beginBatch(db, rec, importedAt);
    const ins = new RowInserter(db, rec.dataset, id);
    try {
      rows.forEach((r, i) => ins.insert(i + 2, r));
    } finally {
      ins.free();
    }
    finishBatch(db, id, rows.length, rec.rowsRejected, { ...rec.details });
    db.run('COMMIT');
    return id;
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}

export function listBatches(db: Database): BatchSummary[] {
  const res = db.exec(
    `SELECT id, dataset, file_name, file_size, file_hash, sheet, imported_at, rows_accepted, rows_rejected, mapping
     FROM import_batches ORDER BY id`,
  );
  return (res[0]?.values ?? []).map((v) => ({
    id: Number(v[0]),
    dataset: v[1] as DatasetName,
    fileName: String(v[2]),
    fileSize: Number(v[3]),
    fileHash: String(v[4]),
    sheet: v[5] === null ? null : String(v[5]),
    importedAt: String(v[6]),
    rowsAccepted: Number(v[7]),
    rowsRejected: Number(v[8]),
    mapping: JSON.parse(String(v[9])) as Record<string, string>,
  }));
}

/** Removes a batch and its rows in one transaction; false when there is no such batch. */
export function undoBatch(db: Database, batchId: number): BatchSummary | null {
  const batch = listBatches(db).find((b) => b.id === batchId);
  if (!batch) return null;
  db.run('BEGIN');
  try {
    db.run(`DELETE FROM ${q(batch.dataset)} WHERE ${batchRowsSql(db, [batchId])}`);
    db.run('DELETE FROM rollups WHERE batch = ?', [batchId]);
    db.run('DELETE FROM import_batches WHERE id = ?', [batchId]);
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
  return batch;
}

export function datasetCounts(db: Database): { dataset: DatasetName; rows: number }[] {
  return datasets.map((d) => ({
    dataset: d.name,
    rows: Number(db.exec(`SELECT count(*) FROM ${q(d.name)}`)[0]!.values[0]![0]),
  }));
}
