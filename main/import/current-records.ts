/**
 * The workbook's side of matching an import (on the thread that holds the database): the current
 * records of a dataset with their keys and fingerprints, and the few records whose values must be
 * read to decide whether a row changes them.
 */
import type { Database } from 'sql.js';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { valuesHash, type StoredValue } from '../../shared/datasets/identity';
import { batchRowsSql, chronology } from '../store/batches';
import { q } from '../store/schema';
import type { CurrentRecords } from './match';

/**
 * An import dated before the newest of its dataset: its rows are compared with the versions valid on
 * its date, and each new version it writes ends where the next one after that date begins.
 */
export interface PastSlot {
  /** Per key of a version valid on the date: the batch that ended it (null: it is still current). */
  readonly endedBy: Map<string, number | null>;
  /** Per key written after the date: the first batch after it that wrote the key. */
  readonly nextWriter: Map<string, number>;
  /** The first complete export after the date, which would have removed a record it lacked. */
  readonly nextComplete: number | null;
}

/** The versions valid on `asOf` (written by a batch dated on or before it, not ended by one so dated). */
function validOn(db: Database, dataset: DatasetName, asOf: string): string {
  const order = chronology(db, dataset);
  const before = order.filter((b) => b.asOf <= asOf).map((b) => b.id);
  const after = order.filter((b) => b.asOf > asOf).map((b) => b.id);
  const until = q(systemColumns.until);
  return `(${batchRowsSql(db, before)}) AND (${until} IS NULL${after.length ? ` OR ${until} IN (${after.join(', ')})` : ''})`;
}

/** What an import dated `asOf`, before the newest of its dataset, needs to slot its versions into the past. */
export function pastSlot(db: Database, dataset: DatasetName, asOf: string): PastSlot {
  const [key, until, batch] = [q(systemColumns.key), q(systemColumns.until), q(systemColumns.batch)];
  const endedBy = new Map<string, number | null>();
  for (const [k, u] of db.exec(`SELECT ${key}, ${until} FROM ${q(dataset)} WHERE ${validOn(db, dataset, asOf)} AND ${key} IS NOT NULL`)[0]?.values ?? [])
    endedBy.set(String(k), typeof u === 'number' ? u : null);
  const after = chronology(db, dataset).filter((b) => b.asOf > asOf);
  const rank = new Map(after.map((b, i) => [b.id, i]));
  const nextWriter = new Map<string, number>();
  if (after.length > 0) {
    const stmt = db.prepare(
      `SELECT ${key}, ${batch} FROM ${q(dataset)} WHERE ${batchRowsSql(
        db,
        after.map((b) => b.id),
      )} AND ${key} IS NOT NULL`,
    );
    try {
      while (stmt.step()) {
        const [k, b] = stmt.get();
        const known = nextWriter.get(String(k));
        if (known === undefined || rank.get(Number(b))! < rank.get(known)!) nextWriter.set(String(k), Number(b));
      }
    } finally {
      stmt.free();
    }
  }
  return { endedBy, nextWriter, nextComplete: after.find((b) => b.complete)?.id ?? null };
}

/**
 * The records with a key as they stood on `asOf` (the current ones when not given), oldest first. A
 * record with values in fields the import does not write (`written`) gets a NaN fingerprint: the
 * update keeps those values, so only its values can say whether the row changes it.
 */
export function currentRecords(db: Database, dataset: DatasetName, written: ReadonlySet<string>, asOf?: string): CurrentRecords {
  const kept = storedFields(dataset).filter((f) => !written.has(f.name));
  const holds = kept.length ? kept.map((f) => `${q(f.name)} IS NOT NULL`).join(' OR ') : '0';
  const [key, hash, until] = [q(systemColumns.key), q(systemColumns.hash), q(systemColumns.until)];
  const which = asOf === undefined ? `${until} IS NULL` : validOn(db, dataset, asOf);
  // Built as JSON by SQLite and read as bytes: stepping a million rows through sql.js one value at a
  // time costs seconds and a JavaScript string per key.
  const row = db.exec(
    `SELECT CAST(json_group_array(k) AS BLOB), CAST(json_group_array(r) AS BLOB), CAST(json_group_array(h) AS BLOB) FROM ` +
      `(SELECT ${key} AS k, rowid AS r, CASE WHEN ${holds} THEN NULL ELSE ${hash} END AS h FROM ${q(dataset)} WHERE ${which} AND ${key} IS NOT NULL ORDER BY rowid)`,
  )[0]!.values[0]!;
  const text = (v: unknown): string => utf8.decode(v as Uint8Array);
  const numbers = (v: unknown): Float64Array => Float64Array.from(JSON.parse(text(v)) as (number | null)[], (x) => (typeof x === 'number' ? x : NaN));
  return { keys: text(row[0]), rowids: numbers(row[1]), hashes: numbers(row[2]) };
}

const utf8 = new TextDecoder('utf-8');

/** The stored values of one version (storedFields order). */
export function storedValues(db: Database, dataset: DatasetName, rowid: number): StoredValue[] {
  const fields = storedFields(dataset).map((f) => q(f.name));
  const row = db.exec(`SELECT ${fields.join(', ')} FROM ${q(dataset)} WHERE rowid = ?`, [rowid])[0]?.values[0] ?? [];
  return fields.map((_, i) => {
    const v = row[i];
    return v === undefined || v instanceof Uint8Array ? null : v;
  });
}

/**
 * A row of the file laid over the record it updates: the fields the import writes take the row's
 * values, the others keep the record's unless the row has one. With its key and fingerprint appended.
 */
export function merged(
  dataset: DatasetName,
  written: ReadonlySet<string>,
  row: readonly StoredValue[],
  record: readonly StoredValue[],
  key: string,
): StoredValue[] {
  const out = storedFields(dataset).map((f, i) => (written.has(f.name) ? row[i]! : (row[i] ?? record[i] ?? null)));
  out.push(key, valuesHash(out, 0, out.length));
  return out;
}
