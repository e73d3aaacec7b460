import type { Database } from 'sql.js';
import { dataset as datasetDef, datasets, storedFields, systemColumns, type DatasetName, type FieldType } from '../../shared/datasets/catalog';

/** `PRAGMA application_id` of every workbook: the bytes "KPIW". */
export const APPLICATION_ID = 0x4b504957;
/** The schema version this build writes; `PRAGMA user_version` and `meta.schema_version` hold it. */
export const SCHEMA_VERSION = 3;

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

const untilIndex = (name: DatasetName): string =>
  `CREATE INDEX ${q(`${name}_until`)} ON ${q(name)}(${q(systemColumns.until)}) WHERE ${q(systemColumns.until)} IS NOT NULL`;

/** A dataset's table as this version makes it. */
function currentTable(name: DatasetName): string[] {
  const cols = storedFields(name).map((f) => `${q(f.name)} ${sqlType[f.type]}`);
  return [
    `CREATE TABLE ${q(name)} (${q(systemColumns.batch)} INTEGER NOT NULL REFERENCES import_batches(id), ${q(systemColumns.row)} INTEGER NOT NULL, ` +
      `${cols.join(', ')}, ${q(systemColumns.key)} TEXT, ${q(systemColumns.hash)} INTEGER, ${q(systemColumns.until)} INTEGER)`,
    untilIndex(name),
  ];
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

/** Drops one leading sign from an SQL text expression. */
const unsigned = (text: string): string => `(CASE WHEN substr(${text}, 1, 1) IN ('+', '-') THEN substr(${text}, 2) ELSE ${text} END)`;

/**
 * SQL that is true where an SQL text expression reads as a number a spreadsheet shortened to
 * scientific notation (`8.1E+06`): the pattern keyerFor refuses as a key, written with GLOB because
 * SQLite has no regular expressions. Two such IDs can stand for different records.
 */
function scientificSql(text: string): string {
  const u = unsigned(text);
  const e = `instr(lower(${u}), 'e')`;
  const mantissa = `substr(${u}, 1, ${e} - 1)`;
  const exponent = unsigned(`substr(${u}, ${e} + 1)`);
  return (
    `(${e} > 0 AND (${mantissa} GLOB '[0-9]' OR (${mantissa} GLOB '[0-9][.,][0-9]*' AND substr(${mantissa}, 3) NOT GLOB '*[^0-9]*')) ` +
    `AND ${exponent} <> '' AND ${exponent} NOT GLOB '*[^0-9]*')`
  );
}

/**
 * The key of a row written before records had identity, as SQL: the same text keyerFor gives (an
 * order line by its order, product and place among that order's lines of the product in its batch;
 * a blank ID, or one in scientific notation, gives none). Read from the catalogue's key fields, never
 * its alternative: no older workbook has an order line ID.
 */
function legacyKeyUpdate(name: DatasetName): string {
  const def = datasetDef(name);
  const isId = (f: string): boolean => def.fields.find((x) => x.name === f)?.type === 'id';
  const part = (f: string): string => `coalesce(CAST(${q(f)} AS TEXT), '')`;
  const ids = def.key.fields.filter(isId);
  const joined = def.key.fields.map(part).join(' || char(31) || ');
  const set = `UPDATE ${q(name)} SET ${q(systemColumns.key)} = `;
  if (ids.length === 0) return `${set}${joined}`;
  const present = ids.map((f) => `${part(f)} <> '' AND NOT ${scientificSql(part(f))}`).join(' AND ');
  if (ids.length === def.key.fields.length) return `${set}CASE WHEN ${present} THEN ${joined} END`;
  const partition = def.key.fields.map(part).join(', ');
  return (
    `${set}${joined} || char(31) || w.n FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY ${q(systemColumns.batch)}, ${partition} ` +
    `ORDER BY ${q(systemColumns.row)}, rowid) AS n FROM ${q(name)}) AS w WHERE w.r = ${q(name)}.rowid AND ${present}`
  );
}

/**
 * Rows of one import with the same natural key (two costs of one day, category and channel) are one
 * record, as an import now reads them: the first row takes the sum of each measure, the others go.
 */
function legacyNaturalMerge(name: DatasetName): string[] {
  const def = datasetDef(name);
  if (def.key.fields.some((f) => def.fields.find((x) => x.name === f)?.type === 'id')) return [];
  const measures = storedFields(name)
    .filter((f) => ['money', 'number', 'count'].includes(f.type) && !def.key.fields.includes(f.name))
    .map((f) => q(f.name));
  const t = q(name);
  const [key, batch] = [q(systemColumns.key), q(systemColumns.batch)];
  return [
    `CREATE TEMP TABLE kpiw_merged AS SELECT min(rowid) AS r, ${measures.map((m) => `sum(${m}) AS ${m}`).join(', ')} FROM ${t} WHERE ${key} IS NOT NULL GROUP BY ${batch}, ${key} HAVING count(*) > 1`,
    `CREATE INDEX temp.kpiw_merged_r ON kpiw_merged(r)`,
    `UPDATE ${t} SET ${measures.map((m) => `${m} = (SELECT ${m} FROM kpiw_merged WHERE r = ${t}.rowid)`).join(', ')} WHERE rowid IN (SELECT r FROM kpiw_merged)`,
    `DELETE FROM ${t} WHERE ${key} IS NOT NULL AND rowid NOT IN (SELECT min(rowid) FROM ${t} WHERE ${key} IS NOT NULL GROUP BY ${batch}, ${key})`,
    `DROP TABLE kpiw_merged`,
  ];
}

/**
 * Version 3: records have identity and history. Every dataset row gets its key (`_key`), a fingerprint
 * of its values (`_hash`, filled in when first needed for rows written before) and `_until`, the batch
 * that replaced or removed it (NULL while it is the current version): an import that changes a record
 * ends the old row and adds the new one, and undoing that import puts the old row back. Batches count
 * what they added, changed, left alone and found missing, whether the file was a complete export
 * (records it lacks were removed), the day the export shows (`as_of`: a version is valid from its
 * batch's as-of date until that of the batch that replaced it; batches from before take the day they
 * were imported), and keep the options they were imported with (remembered for the next file with the
 * same columns). Rollups are kept per batch (`source` is the rollup's id) in two parts:
 * the rows the batch wrote (part 0) and, negated, the rows it ended (part 1); their sum over all
 * batches is the current data. Every figure an exported report published is kept in `published`
 * (the report's file name and time, the last batch id handed out by then, the period, KPI, segment
 * — empty for the whole company — value, numerator and denominator), so that a later import or
 * undo that changes it shows as a restatement, with the imports since that report.
 */
const v3 = (): string[] => [
  ...datasets.flatMap((d) => [
    `ALTER TABLE ${q(d.name)} ADD COLUMN ${q(systemColumns.key)} TEXT`,
    `ALTER TABLE ${q(d.name)} ADD COLUMN ${q(systemColumns.hash)} INTEGER`,
    `ALTER TABLE ${q(d.name)} ADD COLUMN ${q(systemColumns.until)} INTEGER`,
    legacyKeyUpdate(d.name),
    ...legacyNaturalMerge(d.name),
    untilIndex(d.name),
  ]),
  `ALTER TABLE import_batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'import'`,
  `ALTER TABLE import_batches ADD COLUMN rows_added INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN rows_changed INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN rows_unchanged INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN rows_missing INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN rows_removed INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN options TEXT`,
  `ALTER TABLE import_batches ADD COLUMN header_sig TEXT`,
  `ALTER TABLE import_batches ADD COLUMN revision INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN complete INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE import_batches ADD COLUMN as_of TEXT`,
  `UPDATE import_batches SET rows_added = rows_accepted, as_of = substr(imported_at, 1, 10)`,
  `DROP TABLE IF EXISTS rollups`,
  `CREATE TABLE rollups (
     source TEXT NOT NULL,
     batch INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
     part INTEGER NOT NULL,
     rows TEXT NOT NULL,
     PRIMARY KEY (source, batch, part)
   )`,
  `CREATE INDEX rollups_batch ON rollups(batch)`,
  `CREATE TABLE published (
     report TEXT NOT NULL,
     published_at TEXT NOT NULL,
     last_batch INTEGER NOT NULL,
     period TEXT NOT NULL,
     metric_id TEXT NOT NULL,
     segment_field TEXT NOT NULL DEFAULT '',
     segment_value TEXT NOT NULL DEFAULT '',
     value REAL NOT NULL,
     numerator REAL,
     denominator REAL
   )`,
  `CREATE INDEX published_period ON published(period)`,
];

/**
 * Forward migrations, in order: entry i takes a workbook from version i to i + 1.
 * A workbook is only ever migrated forward; a newer one is refused before this runs.
 */
export const migrations: readonly (() => string[])[] = [v1, v2, v3];

/**
 * The catalogue grows between versions (a new optional field, a new dataset): what the workbook lacks
 * of it is added, so an older file takes rows of the new shape. Returns the statements that ran.
 */
function followCatalogue(db: Database): string[] {
  const done: string[] = [];
  const tables = new Set((db.exec(`SELECT name FROM sqlite_master WHERE type = 'table'`)[0]?.values ?? []).map((r) => String(r[0])));
  for (const d of datasets) {
    if (!tables.has(d.name)) {
      // A dataset the catalogue gained after this workbook was made.
      for (const sql of currentTable(d.name)) {
        db.run(sql);
        done.push(sql);
      }
      continue;
    }
    const have = new Set((db.exec(`PRAGMA table_info(${q(d.name)})`)[0]?.values ?? []).map((r) => String(r[1])));
    for (const f of storedFields(d.name)) {
      if (have.has(f.name)) continue;
      const sql = `ALTER TABLE ${q(d.name)} ADD COLUMN ${q(f.name)} ${sqlType[f.type]}`;
      db.run(sql);
      done.push(sql);
    }
  }
  return done;
}

/** A new workbook's settings. Its currency is left unset: its first import decides it (settings.ts). */
export const defaultSettings: Readonly<Record<string, string>> = {
  company_name: 'My company',
  locale: 'en-US',
  fiscal_year_start_month: '1',
  csat_scale_min: '1',
  csat_scale_max: '5',
  csat_threshold: '4',
  seats: '',
  gross_margin: '1',
  crm_gain: '',
};

/**
 * Brings a database from its `user_version` up to SCHEMA_VERSION, and its tables up to the catalogue,
 * inside one transaction. True when anything changed (the caller saves it).
 */
export function migrate(db: Database): boolean {
  const current = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
  if (current > SCHEMA_VERSION) return false;
  db.run('BEGIN');
  try {
    for (let v = current; v < SCHEMA_VERSION; v++) {
      for (const sql of migrations[v]!()) db.run(sql);
    }
    const grown = followCatalogue(db);
    if (current === SCHEMA_VERSION && grown.length === 0) {
      db.run('ROLLBACK');
      return false;
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
    return true;
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}
