/**
 * Workbooks as a build before records had identity left them, and the keys the current build would
 * give their rows: what the upgrade's key fill (schema.ts) is held to.
 */
import type { Database } from 'sql.js';
import { datasets, storedFields, systemColumns, type DatasetName } from '../../../../shared/datasets/catalog';
import { isKeyProblem, keyerFor, type StoredValue } from '../../../../shared/datasets/identity';
import { APPLICATION_ID, migrations, q } from '../../../../main/store/schema';
import { loadSqlJs } from '../../../../main/store/sqljs';

export type LegacyRow = Readonly<Record<string, string | number | null>>;

/**
 * A version 2 database (schema as version 2 made it, with the current catalogue's fields) holding one
 * batch per entry of `batches`, all of `dataset`, each row numbered as a file's data rows are.
 */
export async function version2(dataset: DatasetName, batches: readonly (readonly LegacyRow[])[]): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  for (const sql of [...migrations[0]!(), ...migrations[1]!()]) db.run(sql);
  db.run("INSERT INTO meta (key, value) VALUES ('schema_version', '2')");
  let rowid = 0;
  batches.forEach((rows, i) => {
    const id = i + 1;
    db.run(
      `INSERT INTO import_batches (id, dataset, file_name, file_size, file_hash, sheet, imported_at, rows_accepted, rows_rejected, mapping, details, first_rowid, last_rowid)
       VALUES (?, ?, 'export.csv', 1, 'same-file', NULL, ?, ?, 0, '{}', '{}', ?, ?)`,
      [id, dataset, `2025-0${id}-01T00:00:00`, rows.length, rowid + 1, rowid + rows.length],
    );
    rows.forEach((r, n) => {
      const fields = Object.keys(r);
      const cols = [systemColumns.batch, systemColumns.row, ...fields].map(q).join(', ');
      db.run(`INSERT INTO ${q(dataset)} (rowid, ${cols}) VALUES (${new Array(fields.length + 3).fill('?').join(', ')})`, [
        ++rowid,
        id,
        n + 2,
        ...fields.map((f) => r[f]!),
      ]);
    });
  });
  db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
  db.run('PRAGMA user_version = 2');
  return db;
}

/**
 * Per row of `dataset` (rowid order): the key stored, and the key keyerFor gives its stored values when
 * its batch's rows are read in file order (the order an import reads them, which numbers order lines).
 */
export function keysOf(db: Database, dataset: DatasetName): { stored: (string | null)[]; expected: (string | null)[] } {
  const fields = storedFields(dataset).map((f) => f.name);
  const key = datasets.find((d) => d.name === dataset)!.key.fields;
  const res = db.exec(
    `SELECT rowid, ${q(systemColumns.batch)}, ${q(systemColumns.key)}, ${fields.map(q).join(', ')} FROM ${q(dataset)} ` +
      `ORDER BY ${q(systemColumns.batch)}, ${q(systemColumns.row)}, rowid`,
  );
  const byRowid = new Map<number, { stored: string | null; expected: string | null }>();
  let batch: unknown = undefined;
  let keyer = keyerFor(dataset, new Set(key));
  for (const r of res[0]?.values ?? []) {
    if (r[1] !== batch) {
      batch = r[1];
      // A keyer numbers order lines per file, and each batch was one file.
      keyer = keyerFor(dataset, new Set(key));
    }
    const k = keyer ? keyer.key(r.slice(3) as StoredValue[], 0) : null;
    byRowid.set(Number(r[0]), { stored: r[2] === null ? null : String(r[2]), expected: k === null || isKeyProblem(k) ? null : k });
  }
  const order = [...byRowid.keys()].sort((a, b) => a - b);
  return { stored: order.map((r) => byRowid.get(r)!.stored), expected: order.map((r) => byRowid.get(r)!.expected) };
}
