import type { Database } from 'sql.js';
import { datasets, storedFields, systemColumns, type FieldType } from '../../shared/datasets/catalog';

/** `PRAGMA application_id` of every workbook: the bytes "KPIW". */
export const APPLICATION_ID = 0x4b504957;
/** The schema version this build writes; `PRAGMA user_version` and `meta.schema_version` hold it. */
export const SCHEMA_VERSION = 2;

const sqlType: Record<FieldType, string> = {
  id: 'TEXT',
  text: 'TEXT',
  date: 'TEXT',
  datetime: 'TEXT',
  period: 'TEXT',
  enum: 'TEXT',
  money: 'REAL',
  number: 'REAL',
  score: 'REAL',
  count: 'INTEGER',
  flag: 'INTEGER',
};

/** Column names are catalogue names; quoting keeps words such as "user" and "day" safe. */
export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function datasetTables(): string[] {
  const out: string[] = [];
  for (const d of datasets) {
    const cols = storedFields(d.name).map((f) => `${q(f.name)} ${sqlType[f.type]}`);
    out.push(
      `CREATE TABLE ${q(d.name)} (${q(systemColumns.batch)} INTEGER NOT NULL REFERENCES import_batches(id), ` +
        `${q(systemColumns.row)} INTEGER NOT NULL, ${cols.join(', ')})`,
      `CREATE INDEX ${q(`${d.name}_batch`)} ON ${q(d.name)}(${q(systemColumns.batch)})`,
    );
  }
  return out;
}

/** Version 1: settings, import batches, targets and the twelve canonical datasets. */
const v1 = (): string[] => [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE import_batches (
     id INTEGER PRIMARY KEY,
     dataset TEXT NOT NULL,
     file_name TEXT NOT NULL,
     file_size INTEGER NOT NULL,
     file_hash TEXT NOT NULL,
     sheet TEXT,
     imported_at TEXT NOT NULL,
     rows_accepted INTEGER NOT NULL,
     rows_rejected INTEGER NOT NULL,
     mapping TEXT NOT NULL,
     details TEXT NOT NULL
   )`,
  `CREATE TABLE targets (
     metric_id TEXT NOT NULL,
     period TEXT NOT NULL,
     segment_field TEXT NOT NULL DEFAULT '',
     segment_value TEXT NOT NULL DEFAULT '',
     value REAL NOT NULL,
     PRIMARY KEY (metric_id, period, segment_field, segment_value)
   )`,
  ...datasetTables(),
];

/**
 * Version 2: rollups, the grouped rows the metric engine reads, kept per import batch and written in
 * the import's own save, so a dashboard over a million rows does not rescan them after every open.
 * `source` is the SHA-256 of the grouped query's text (settings are in that text), `rows` its result
 * for the batch as JSON. A batch's rows are inserted in one transaction, so their rowids are one run,
 * recorded as first_rowid..last_rowid: what reads or deletes a batch's rows walks that range of the
 * table instead of the per-table `_batch` indexes, which go (each cost about 2 s per million imported
 * rows and 13% of the file). The ranges of older batches are read through those indexes before they go.
 */
const v2 = (): string[] => [
  `ALTER TABLE import_batches ADD COLUMN first_rowid INTEGER`,
  `ALTER TABLE import_batches ADD COLUMN last_rowid INTEGER`,
  ...datasets.map(
    (d) =>
      `UPDATE import_batches SET first_rowid = (SELECT min(rowid) FROM ${q(d.name)} WHERE ${q(systemColumns.batch)} = import_batches.id), ` +
      `last_rowid = (SELECT max(rowid) FROM ${q(d.name)} WHERE ${q(systemColumns.batch)} = import_batches.id) WHERE dataset = '${d.name}'`,
  ),
  `CREATE TABLE rollups (
     source TEXT NOT NULL,
     batch INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
     rows TEXT NOT NULL,
     PRIMARY KEY (source, batch)
   )`,
  `CREATE INDEX rollups_batch ON rollups(batch)`,
  ...datasets.map((d) => `DROP INDEX IF EXISTS ${q(`${d.name}_batch`)}`),
];

/**
 * Forward migrations, in order: entry i takes a workbook from version i to i + 1.
 * A workbook is only ever migrated forward; a newer one is refused before this runs.
 */
export const migrations: readonly (() => string[])[] = [v1, v2];

export const defaultSettings: Readonly<Record<string, string>> = {
  company_name: 'My company',
  currency: 'USD',
  locale: 'en-US',
  fiscal_year_start_month: '1',
  csat_scale_min: '1',
  csat_scale_max: '5',
  csat_threshold: '4',
  seats: '',
  gross_margin: '1',
  crm_gain: '',
};

/** Brings a database from its `user_version` up to SCHEMA_VERSION inside one transaction. */
export function migrate(db: Database): void {
  const current = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
  if (current >= SCHEMA_VERSION) return;
  db.run('BEGIN');
  try {
    for (let v = current; v < SCHEMA_VERSION; v++) {
      for (const sql of migrations[v]!()) db.run(sql);
    }
    if (current === 0) {
      const ins = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      for (const [k, v] of Object.entries(defaultSettings)) ins.run([k, v]);
      ins.free();
    }
    db.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)`, [String(SCHEMA_VERSION)]);
    db.run(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}
