/**
 * The workbook's side of matching an import (on the thread that holds the database): the current
 * records of a dataset with their keys and fingerprints, and the few records whose values must be
 * read to decide whether a row changes them.
 */
import type { Database } from 'sql.js';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { valuesHash, type StoredValue } from '../../shared/datasets/identity';
import { q } from '../store/schema';
import type { CurrentRecords } from './match';

/**
 * Current records with a key, oldest first. A record with values in fields the import does not write
 * (`written`) gets a NaN fingerprint: the update keeps those values, so only its values can say
 * whether the row changes it.
 */
export function currentRecords(db: Database, dataset: DatasetName, written: ReadonlySet<string>): CurrentRecords {
  const kept = storedFields(dataset).filter((f) => !written.has(f.name));
  const holds = kept.length ? kept.map((f) => `${q(f.name)} IS NOT NULL`).join(' OR ') : '0';
  const stmt = db.prepare(
    `SELECT ${q(systemColumns.key)}, rowid, ${q(systemColumns.hash)}, ${holds} FROM ${q(dataset)} ` +
      `WHERE ${q(systemColumns.until)} IS NULL AND ${q(systemColumns.key)} IS NOT NULL ORDER BY rowid`,
  );
  const keys: string[] = [];
  const rowids: number[] = [];
  const hashes: number[] = [];
  try {
    while (stmt.step()) {
      const [key, rowid, hash, holdsKept] = stmt.get();
      keys.push(String(key));
      rowids.push(Number(rowid));
      hashes.push(typeof hash === 'number' && Number(holdsKept) === 0 ? hash : NaN);
    }
  } finally {
    stmt.free();
  }
  return { keys, rowids: Float64Array.from(rowids), hashes: Float64Array.from(hashes) };
}

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
export function merged(dataset: DatasetName, written: ReadonlySet<string>, row: readonly StoredValue[], record: readonly StoredValue[], key: string): StoredValue[] {
  const out = storedFields(dataset).map((f, i) => (written.has(f.name) ? row[i]! : (row[i] ?? record[i] ?? null)));
  out.push(key, valuesHash(out, 0, out.length));
  return out;
}
