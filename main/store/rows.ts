import type { Database } from 'sql.js';
import type { RowsPage } from '../../shared/api';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { AppFailure } from '../../shared/result';
import { q } from './schema';

export interface RowsQuery {
  dataset: DatasetName;
  offset: number;
  limit: number;
  sort?: { field: string; dir: 'asc' | 'desc' } | undefined;
}

/**
 * A page of a dataset's current records (versions since replaced or removed are left out) in their
 * stored form, sorted by a known column (never by caller-supplied SQL).
 */
export function readRows(db: Database, query: RowsQuery): RowsPage {
  const fields = storedFields(query.dataset).map((f) => f.name);
  const columns = [systemColumns.batch, systemColumns.row, ...fields];
  let order = `${q(systemColumns.batch)}, ${q(systemColumns.row)}`;
  if (query.sort) {
    if (!columns.includes(query.sort.field)) {
      throw new AppFailure('invalid_input', `Dataset ${query.dataset} has no column "${query.sort.field}".`);
    }
    order = `${q(query.sort.field)} ${query.sort.dir === 'desc' ? 'DESC' : 'ASC'}, ${order}`;
  }
  const current = `${q(systemColumns.until)} IS NULL`;
  const total = Number(db.exec(`SELECT count(*) FROM ${q(query.dataset)} WHERE ${current}`)[0]!.values[0]![0]);
  const res = db.exec(
    `SELECT ${[...columns, systemColumns.key].map(q).join(', ')} FROM ${q(query.dataset)} WHERE ${current} ORDER BY ${order} LIMIT ? OFFSET ?`,
    [query.limit, query.offset],
  );
  const found = res[0]?.values ?? [];
  const rows = found.map((r) => r.slice(0, -1).map((v) => (v instanceof Uint8Array ? null : v)));
  const keys = found.map((r) => (typeof r.at(-1) === 'string' ? String(r.at(-1)) : null));
  return { dataset: query.dataset, columns, rows, keys, total };
}
