/**
 * Records that earlier imports left more than once. Before records had identity (schema 3), importing
 * a newer export of the same tool added every record again; the upgrade gives those rows their keys,
 * so such a pile shows as several current rows with one key. A merge ends all but the newest of them,
 * as one batch that undo takes back like any other.
 */
import type { Database } from 'sql.js';
import { datasets, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { beginBatch, finishBatch, listBatches, type BatchSummary } from './batches';
import { q } from './schema';

export interface Duplicates {
  readonly dataset: DatasetName;
  /** Records with more than one current row. */
  readonly records: number;
  /** Current rows beyond the first of each such record: what a merge ends. */
  readonly extraRows: number;
}

const [key, until, hash] = [q(systemColumns.key), q(systemColumns.until), q(systemColumns.hash)];
const keyed = `${until} IS NULL AND ${key} IS NOT NULL`;

/**
 * Whether a batch from before identity wrote rows of the dataset: those rows have no fingerprint, and
 * a batch's rows are all from one version, so its first row tells. Imports since then update the
 * newest row of a key and add a row only for a key with none, so a second current row of a key needs
 * one from before; a workbook made since is not scanned at all (a scan takes ~0.4 s per million rows).
 */
function holdsRowsFromBeforeIdentity(db: Database, dataset: DatasetName): boolean {
  const t = q(dataset);
  const sql =
    `SELECT EXISTS (SELECT 1 FROM import_batches b WHERE b.dataset = ? AND b.first_rowid <= b.last_rowid AND ` +
    `(SELECT ${hash} IS NULL FROM ${t} WHERE rowid BETWEEN b.first_rowid AND b.last_rowid ORDER BY rowid LIMIT 1))`;
  return Number(db.exec(sql, [dataset])[0]!.values[0]![0]) === 1;
}

function countDuplicates(db: Database, dataset: DatasetName): Duplicates | null {
  const t = q(dataset);
  // The cheaper distinct count first: most datasets of an old workbook hold each record once.
  const extraRows = Number(db.exec(`SELECT count(*) - count(DISTINCT ${key}) FROM ${t} WHERE ${keyed}`)[0]!.values[0]![0]);
  if (extraRows === 0) return null;
  const records = Number(db.exec(`SELECT count(*) FROM (SELECT 1 FROM ${t} WHERE ${keyed} GROUP BY ${key} HAVING count(*) > 1)`)[0]!.values[0]![0]);
  return { dataset, records, extraRows };
}

/** The datasets whose records earlier imports left more than once, with how many. */
export function findDuplicates(db: Database): Duplicates[] {
  return datasets.flatMap((d) => {
    if (!holdsRowsFromBeforeIdentity(db, d.name)) return [];
    const found = countDuplicates(db, d.name);
    return found ? [found] : [];
  });
}

/**
 * Ends, as one batch of kind 'merge', every current row of a key that has a newer current row (the
 * newest is the record an import updates, and the latest export's values); null when the dataset has
 * no such key. The batch counts them as removed, so its rollups take their part out.
 */
export function mergeDuplicates(db: Database, dataset: DatasetName, mergedAt: string): BatchSummary | null {
  const t = q(dataset);
  db.run('BEGIN');
  try {
    const found = countDuplicates(db, dataset);
    if (!found) {
      db.run('ROLLBACK');
      return null;
    }
    const batch = beginBatch(
      db,
      {
        dataset,
        kind: 'merge',
        fileName: `earlier duplicates of ${dataset}`,
        fileSize: 0,
        fileHash: '',
        sheet: null,
        rowsRejected: 0,
        mapping: {},
        details: {},
      },
      mergedAt,
    );
    db.run(`UPDATE ${t} SET ${until} = ? WHERE ${keyed} AND rowid NOT IN (SELECT max(rowid) FROM ${t} WHERE ${keyed} GROUP BY ${key})`, [batch]);
    const ended = db.getRowsModified();
    finishBatch(db, batch, 0, 0, { records: found.records }, { added: 0, changed: 0, unchanged: 0, missing: 0, removed: ended });
    db.run('COMMIT');
    return listBatches(db).find((b) => b.id === batch)!;
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}
