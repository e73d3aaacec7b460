import type { Database, Statement } from 'sql.js';
import { datasets, storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { isKeyProblem, keyerFor, valuesHash, type Keyer } from '../../shared/datasets/identity';
import { fastInsert, type BindValue, type FastInsert } from './fast-insert';
import { unpackValues, type PackedValues } from './packed-values';
import { q } from './schema';

/** A canonical row: stored field name → value (strings for text and dates, numbers, or null). */
export type CanonicalRow = Readonly<Record<string, string | number | null>>;

export interface BatchRecord {
  readonly dataset: DatasetName;
  /** 'import' for a file, 'merge' for the batch that merged earlier duplicates of records. */
  readonly kind?: 'import' | 'merge';
  readonly fileName: string;
  readonly fileSize: number;
  readonly fileHash: string;
  readonly sheet: string | null;
  readonly rowsRejected: number;
  /** Source column → field, as used. */
  readonly mapping: Readonly<Record<string, string>>;
  /** Anything else worth keeping about the import (encoding, delimiter, date orders, rejected rows sample). */
  readonly details: Readonly<Record<string, unknown>>;
  /** The import's options as confirmed, offered again for the next file with the same columns. */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
  /** What identifies the file's columns (headerSignature). */
  readonly headerSig?: string | undefined;
  /** The file is a complete export: the records it lacks are removed. */
  readonly complete?: boolean;
  /** The day the export shows (YYYY-MM-DD); the day of the import when not given. */
  readonly asOf?: string;
}

/** What an import did to the records of its dataset. */
export interface BatchChanges {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  /** Records in the workbook the file did not have. */
  readonly missing: number;
  /** Of those, the ones this batch removed (the file was a complete export). */
  readonly removed: number;
}

export interface BatchSummary extends BatchChanges {
  readonly id: number;
  /** The day the export shows: its versions are valid from then. */
  readonly asOf: string;
  readonly kind: 'import' | 'merge';
  readonly dataset: DatasetName;
  readonly fileName: string;
  readonly fileSize: number;
  readonly fileHash: string;
  readonly sheet: string | null;
  readonly importedAt: string;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly mapping: Record<string, string>;
  readonly options: Record<string, unknown> | null;
  readonly headerSig: string | null;
}

/** The largest rowid of a dataset's table (0 when empty): the next row inserted gets one more. */
const lastRowid = (db: Database, dataset: DatasetName): number => Number(db.exec(`SELECT coalesce(max(rowid), 0) FROM ${q(dataset)}`)[0]!.values[0]![0]);

/** The last batch id handed out (0 before the first). It is kept in meta, since an undo deletes the batch's own record. */
export const lastBatchId = (db: Database): number =>
  Number(
    db.exec(
      `SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_batch_id'), 0), coalesce((SELECT max(id) FROM import_batches), 0))`,
    )[0]!.values[0]![0],
  );

/**
 * The id for a new batch: never one an undone batch had, so that nothing remembered about that batch
 * (its rollups in memory, a cached figure) can be taken for the new one's.
 */
function nextBatchId(db: Database): number {
  const used = lastBatchId(db);
  db.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('last_batch_id', ?)`, [String(used + 1)]);
  return used + 1;
}

/** Opens a batch; the caller owns the surrounding transaction, in which the batch's rows are all inserted. */
export function beginBatch(db: Database, rec: BatchRecord, importedAt: string): number {
  db.run(
    `INSERT INTO import_batches (id, kind, dataset, file_name, file_size, file_hash, sheet, imported_at, rows_accepted, rows_rejected, mapping, details, first_rowid, options, header_sig, complete, as_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      nextBatchId(db),
      rec.kind ?? 'import',
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
      rec.options ? JSON.stringify(rec.options) : null,
      rec.headerSig ?? null,
      rec.complete ? 1 : 0,
      rec.asOf ?? importedAt.slice(0, 10),
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
 * A prepared INSERT for one dataset; rows are written in the catalogue's column order, followed by
 * the record's key and the fingerprint of its values. `row` is the source row number shown to the
 * user. Binds through fast-insert.ts when sql.js was loaded by loadSqlJs, else through sql.js's
 * Statement. While it is open the page cache is BULK_CACHE_KIB; free() puts the connection's setting back.
 */
export class RowInserter {
  private readonly db: Database;
  private readonly savedCacheSize: number;
  private freed = false;
  private readonly fast: FastInsert | null;
  private readonly stmt: Statement | null;
  private readonly fields: readonly string[];
  private readonly params: BindValue[];
  /** Identifies the rows insert() is given (insertPacked's come with their key). */
  private readonly keyer: Keyer | null;
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
    this.keyer = keyerFor(dataset, new Set(this.fields));
    const cols = [systemColumns.batch, systemColumns.row, ...this.fields, systemColumns.key, systemColumns.hash].map(q).join(', ');
    const marks = new Array(this.fields.length + 4).fill('?').join(', ');
    const sql = `INSERT INTO ${q(dataset)} (${cols}) VALUES (${marks})`;
    this.fast = fastInsert(db, sql);
    this.stmt = this.fast ? null : db.prepare(sql);
    this.params = new Array<BindValue>(this.fields.length + 4).fill(null);
  }
  /** Inserts one row; its key is read from its values (none when they lack it). */
  insert(row: number, values: CanonicalRow): void {
    const p = this.params;
    const n = this.fields.length;
    p[0] = this.batchId;
    p[1] = row;
    for (let i = 0; i < n; i++) p[i + 2] = values[this.fields[i]!] ?? null;
    const stored = p.slice(2, n + 2);
    const key = this.keyer?.key(stored, 0) ?? null;
    p[n + 2] = key === null || isKeyProblem(key) ? null : key;
    p[n + 3] = valuesHash(stored, 0, n);
    if (this.fast) this.fast.run(p);
    else this.stmt!.run(p);
    this.count++;
  }
  /** Inserts one row given whole: its stored values, then its key and fingerprint. */
  insertWhole(row: number, values: readonly BindValue[]): void {
    const p = this.params;
    p[0] = this.batchId;
    p[1] = row;
    for (let i = 0; i < this.fields.length + 2; i++) p[i + 2] = values[i] ?? null;
    if (this.fast) this.fast.run(p);
    else this.stmt!.run(p);
    this.count++;
  }
  /**
   * Inserts rows whose values come packed (the import's path): each row's stored values in the
   * catalogue's field order, then its key and fingerprint.
   */
  insertPacked(rows: ArrayLike<number>, packed: PackedValues): void {
    const width = this.fields.length + 2;
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
export function finishBatch(
  db: Database,
  batchId: number,
  rowsAccepted: number,
  rowsRejected: number,
  details: Record<string, unknown>,
  changes: BatchChanges = { added: rowsAccepted, changed: 0, unchanged: 0, missing: 0, removed: 0 },
): void {
  const dataset = String(db.exec('SELECT dataset FROM import_batches WHERE id = ?', [batchId])[0]!.values[0]![0]) as DatasetName;
  db.run(
    `UPDATE import_batches SET rows_accepted = ?, rows_rejected = ?, details = ?, last_rowid = ?,
       rows_added = ?, rows_changed = ?, rows_unchanged = ?, rows_missing = ?, rows_removed = ? WHERE id = ?`,
    [
      rowsAccepted,
      rowsRejected,
      JSON.stringify(details),
      lastRowid(db, dataset),
      changes.added,
      changes.changed,
      changes.unchanged,
      changes.missing,
      changes.removed,
      batchId,
    ],
  );
}

/** Ends the versions at these rowids: replaced or removed by `batchId` (its transaction). */
export function endRows(db: Database, dataset: DatasetName, batchId: number, rowids: ArrayLike<number>): void {
  relink(
    db,
    dataset,
    Array.from(rowids, (r) => [r, batchId] as [number, number]),
  );
}

/** Sets the batch that ends each version (null: it is current again). */
export function relink(db: Database, dataset: DatasetName, pairs: readonly (readonly [number, number | null])[]): void {
  if (pairs.length === 0) return;
  const stmt = db.prepare(`UPDATE ${q(dataset)} SET ${q(systemColumns.until)} = ? WHERE rowid = ?`);
  try {
    for (const [rowid, until] of pairs) stmt.run([until, rowid]);
  } finally {
    stmt.free();
  }
}

/**
 * A dataset's batches in the order of the days their exports show (import order within one day):
 * the order versions follow one another in, whatever order the files were imported in.
 */
export function chronology(db: Database, dataset: DatasetName): { id: number; asOf: string; complete: boolean }[] {
  const rows = db.exec(`SELECT id, as_of, complete FROM import_batches WHERE dataset = ? ORDER BY as_of, id`, [dataset])[0]?.values ?? [];
  return rows.map(([id, asOf, complete]) => ({ id: Number(id), asOf: String(asOf), complete: Number(complete) === 1 }));
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
    `SELECT id, kind, dataset, file_name, file_size, file_hash, sheet, imported_at, rows_accepted, rows_rejected, mapping,
       rows_added, rows_changed, rows_unchanged, rows_missing, rows_removed, options, header_sig, as_of
     FROM import_batches ORDER BY id`,
  );
  return (res[0]?.values ?? []).map((v) => ({
    id: Number(v[0]),
    kind: v[1] === 'merge' ? 'merge' : 'import',
    dataset: v[2] as DatasetName,
    fileName: String(v[3]),
    fileSize: Number(v[4]),
    fileHash: String(v[5]),
    sheet: v[6] === null ? null : String(v[6]),
    importedAt: String(v[7]),
    rowsAccepted: Number(v[8]),
    rowsRejected: Number(v[9]),
    mapping: JSON.parse(String(v[10])) as Record<string, string>,
    added: Number(v[11]),
    changed: Number(v[12]),
    unchanged: Number(v[13]),
    missing: Number(v[14]),
    removed: Number(v[15]),
    options: v[16] === null ? null : (JSON.parse(String(v[16])) as Record<string, unknown>),
    headerSig: v[17] === null ? null : String(v[17]),
    asOf: String(v[18]),
  }));
}

/**
 * Where each version `batchId` ended goes back to when the batch is undone, as if the batch had never
 * been: to the end of the version the batch wrote in its place (NULL while that is current), or, for a
 * record the batch removed, to the first later batch that wrote the record again or was a complete
 * export (which, lacking it, would have removed it); NULL when there is none.
 */
function successors(db: Database, dataset: DatasetName, batchId: number): { restore: [number, number | null][]; touched: Set<number> } {
  const t = q(dataset);
  const [key, until] = [q(systemColumns.key), q(systemColumns.until)];
  const wrote = new Map<string, number | null>();
  const touched = new Set<number>();
  for (const [k, u] of db.exec(`SELECT ${key}, ${until} FROM ${t} WHERE ${batchRowsSql(db, [batchId])}`)[0]?.values ?? []) {
    if (typeof u === 'number') touched.add(u);
    if (k !== null) wrote.set(String(k), typeof u === 'number' ? u : null);
  }
  const ended = (db.exec(`SELECT rowid, ${key} FROM ${t} WHERE ${until} = ?`, [batchId])[0]?.values ?? []).map(
    ([r, k]) => [Number(r), k === null ? null : String(k)] as const,
  );
  const orphans = [...new Set(ended.flatMap(([, k]) => (k !== null && !wrote.has(k) ? [k] : [])))];
  const order = chronology(db, dataset);
  const after = order.slice(order.findIndex((b) => b.id === batchId) + 1);
  const rank = new Map(order.map((b, i) => [b.id, i]));
  const firstComplete = after.find((b) => b.complete)?.id ?? null;
  const later = new Map<string, number>();
  if (orphans.length > 0 && after.length > 0) {
    // One pass over the rows later batches wrote (their rowid runs), not a lookup per key: a merge
    // can have ended half a million rows, and each lookup by key would read the whole table.
    const wanted = new Set(orphans);
    const stmt = db.prepare(
      `SELECT ${key}, ${q(systemColumns.batch)} FROM ${t} WHERE ${batchRowsSql(
        db,
        after.map((b) => b.id),
      )} AND ${key} IS NOT NULL`,
    );
    try {
      while (stmt.step()) {
        const [k, b] = stmt.get();
        const ks = String(k);
        const known = later.get(ks);
        if (wanted.has(ks) && (known === undefined || rank.get(Number(b))! < rank.get(known)!)) later.set(ks, Number(b));
      }
    } finally {
      stmt.free();
    }
  }
  const restore = ended.map(([rowid, k]): [number, number | null] => {
    const rewritten = k === null ? undefined : later.get(k);
    const next =
      k !== null && wrote.has(k)
        ? wrote.get(k)!
        : rewritten !== undefined && (firstComplete === null || rank.get(rewritten)! < rank.get(firstComplete)!)
          ? rewritten
          : firstComplete;
    if (next !== null) touched.add(next);
    return [rowid, next];
  });
  return { restore, touched };
}

/**
 * Removes a batch in one transaction: the rows it wrote go, and the versions it replaced or removed
 * are current again (or end where a later batch replaced them). Later batches whose replaced rows
 * changed by this have their stored rollups of those rows dropped, to be counted again. Null when
 * there is no such batch.
 */
export function undoBatch(db: Database, batchId: number): BatchSummary | null {
  const batch = listBatches(db).find((b) => b.id === batchId);
  if (!batch) return null;
  db.run('BEGIN');
  try {
    const { restore, touched } = successors(db, batch.dataset, batchId);
    relink(db, batch.dataset, restore);
    db.run(`DELETE FROM ${q(batch.dataset)} WHERE ${batchRowsSql(db, [batchId])}`);
    db.run('DELETE FROM rollups WHERE batch = ?', [batchId]);
    forgetEnded(db, [...touched]);
    db.run('DELETE FROM import_batches WHERE id = ?', [batchId]);
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
  return batch;
}

/**
 * Batches whose ended versions changed (an undo or an older export put others in their place): their
 * kept rollups of those rows are dropped and their revision moves, so they are counted again.
 */
export function forgetEnded(db: Database, batchIds: readonly number[]): void {
  for (const id of batchIds) {
    db.run('DELETE FROM rollups WHERE batch = ? AND part = ?', [id, ENDED_PART]);
    db.run('UPDATE import_batches SET revision = revision + 1 WHERE id = ?', [id]);
  }
}

/** The two parts of a batch's rollups: the rows it wrote, and (negated) the versions it ended. */
export const WRITTEN_PART = 0;
export const ENDED_PART = 1;

/** Current records (rows not replaced or removed) per dataset. */
export function datasetCounts(db: Database): { dataset: DatasetName; rows: number }[] {
  return datasets.map((d) => ({
    dataset: d.name,
    rows: Number(db.exec(`SELECT count(*) FROM ${q(d.name)} WHERE ${q(systemColumns.until)} IS NULL`)[0]!.values[0]![0]),
  }));
}
