/**
 * The rollups of every import batch, in two parts: what the batch wrote, and (negated) the versions
 * it replaced or removed; their sum over a dataset's batches counts its current records. Each part is
 * found, in order, in memory (per database object), in the workbook's `rollups` table (written by
 * imports), or by feeding the part's rows to the accumulators; while an import or settings change
 * holds the database (persistingRollups), what is counted is also written to `rollups`, so it is saved
 * with it and no later open counts it again.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import { batchRowsSql, ENDED_PART, WRITTEN_PART } from '../store/batches';
import { q } from '../store/schema';
import type { Value } from './compile';
import type { Accumulator, RollupDef, Rows, Sign } from './accumulate';
import { datasetRollups, keptRollupIds } from './dataset-rollups';

interface Part {
  readonly batch: number;
  readonly part: typeof WRITTEN_PART | typeof ENDED_PART;
  /** The day the batch's export shows: from then on, what it wrote stands and what it ended does not. */
  readonly asOf: string;
  /** Changes whenever the part's rows may have: another batch, or the same one after an undo re-linked its ended rows. */
  readonly key: string;
}

const memory = new WeakMap<Database, Map<string, Map<string, Rows>>>();
/** Per database being written to: the ids of the rollups counted or read meanwhile. */
const persisting = new WeakMap<Database, Set<string>>();

function partsOf(db: Database, dataset: DatasetName): Part[] {
  // Whether a batch ended any version is asked of the rows (through the index on _until), not of its
  // counts: an older export imported later makes a batch end versions it did not count.
  const stmt = db.prepare(
    `SELECT id, imported_at, rows_accepted, revision, EXISTS (SELECT 1 FROM ${q(dataset)} WHERE ${q(systemColumns.until)} = import_batches.id), as_of ` +
      `FROM import_batches WHERE dataset = ? ORDER BY id`,
  );
  const out: Part[] = [];
  try {
    stmt.bind([dataset]);
    while (stmt.step()) {
      const [id, at, rows, revision, ended, asOf] = stmt.get();
      const key = `${String(id)}|${String(at)}|${String(rows)}|${String(revision)}`;
      out.push({ batch: Number(id), part: WRITTEN_PART, asOf: String(asOf), key: `${key}|w` });
      if (Number(ended) > 0) out.push({ batch: Number(id), part: ENDED_PART, asOf: String(asOf), key: `${key}|e` });
    }
  } finally {
    stmt.free();
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Stored rows are the workbook's own, but a damaged or hand-edited value is counted again, not trusted. */
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

const partId = (p: { batch: number; part: number }): string => `${p.batch}:${p.part}`;

function readStored(db: Database, id: string, parts: readonly Part[]): Map<string, Rows> {
  const out = new Map<string, Rows>();
  if (parts.length === 0) return out;
  // Read as bytes: sql.js decodes TEXT in JavaScript a character at a time, TextDecoder natively.
  const batches = [...new Set(parts.map((p) => p.batch))];
  const stmt = db.prepare(`SELECT batch, part, CAST(rows AS BLOB) FROM rollups WHERE source = ? AND batch IN (${batches.map(() => '?').join(', ')})`);
  try {
    stmt.bind([id, ...batches]);
    while (stmt.step()) {
      const [batch, part, bytes] = stmt.get();
      const rows = parseStored(bytes);
      if (rows) out.set(partId({ batch: Number(batch), part: Number(part) }), rows);
    }
  } finally {
    stmt.free();
  }
  return out;
}

/**
 * Records one part's rows of the rollup `id` (replacing any older copy); the caller owns the
 * transaction. The table's `source` column holds the rollup's id: the name is the first schema's,
 * kept so that older workbooks open.
 */
export function storeRollup(db: Database, id: string, batch: number, part: number, rows: Rows): void {
  db.run('INSERT OR REPLACE INTO rollups (source, batch, part, rows) VALUES (?, ?, ?, ?)', [id, batch, part, JSON.stringify(rows)]);
}

/** Rows read from a table per statement step: bounded memory on a million-row part. */
const STEP_ROWS = 4096;

/**
 * Feeds the rows of one part to fresh accumulators of `defs`: the rows the batch wrote (every
 * version, current or since replaced) or the ones it ended, with sign -1.
 */
function countPart(db: Database, dataset: DatasetName, p: Part, defs: readonly RollupDef[]): Map<string, Rows> {
  const sign: Sign = p.part === WRITTEN_PART ? 1 : -1;
  const accs: Accumulator[] = defs.map((s) => s.create(sign));
  const fields = storedFields(dataset).map((f) => f.name);
  const where = p.part === WRITTEN_PART ? batchRowsSql(db, [p.batch]) : `${q(systemColumns.until)} = ${Number(p.batch)}`;
  const stmt = db.prepare(
    `SELECT ${[...fields, systemColumns.key, systemColumns.batch, systemColumns.row].map(q).join(', ')} FROM ${q(dataset)} WHERE ${where}`,
  );
  const width = fields.length;
  // Each row's stored values, then its record key, as the import worker hands them to accumulators.
  const stride = width + 1;
  const buffer: Value[] = [];
  const refs: string[] = [];
  const flush = (): void => {
    for (let r = 0; r < refs.length; r++) for (const a of accs) a.add(buffer, r * stride, refs[r]!);
    buffer.length = 0;
    refs.length = 0;
  };
  try {
    while (stmt.step()) {
      const row = stmt.get();
      for (let i = 0; i < stride; i++) {
        const v = row[i];
        buffer.push(v === undefined || v instanceof Uint8Array ? null : v);
      }
      refs.push(`${String(row[stride])}:${String(row[stride + 1])}`);
      if (refs.length >= STEP_ROWS) flush();
    }
    flush();
  } finally {
    stmt.free();
  }
  return new Map(defs.map((s, i) => [s.id, accs[i]!.rows()]));
}

function memoryOf(db: Database, id: string): Map<string, Rows> {
  let byDb = memory.get(db);
  if (!byDb) memory.set(db, (byDb = new Map()));
  let byPart = byDb.get(id);
  if (!byPart) byDb.set(id, (byPart = new Map()));
  return byPart;
}

/** The rows of the rollup `def` over every part of its dataset's batches (see rollupParts). */
export const rollupRows = (db: Database, def: RollupDef, settings: Settings): Rows => rollupParts(db, def, settings).flatMap((p) => p.rows);

/**
 * The rows of the rollup `def` part by part, each with the day its batch's export shows. A part
 * missing everywhere is counted from the workbook's rows together with every other rollup of the
 * dataset (and split) that lacks it, so the rows are read once.
 */
export function rollupParts(db: Database, def: RollupDef, settings: Settings): { asOf: string; rows: Rows }[] {
  const parts = partsOf(db, def.dataset);
  const live = new Set(parts.map((p) => p.key));
  const mine = memoryOf(db, def.id);
  for (const k of [...mine.keys()]) if (!live.has(k)) mine.delete(k);
  const keeping = def.seg === null ? persisting.get(db) : undefined;
  keeping?.add(def.id);
  let missing = parts.filter((p) => !mine.has(p.key));
  // While keeping, a part held only in memory (counted before this import) is stored as well.
  const unstored = new Set(keeping ? parts.map((p) => p.key) : []);
  if (def.seg === null && (keeping || missing.length > 0)) {
    const stored = readStored(db, def.id, keeping ? parts : missing);
    for (const p of parts) {
      const rows = stored.get(partId(p));
      if (!rows) continue;
      unstored.delete(p.key);
      if (!mine.has(p.key)) mine.set(p.key, rows);
    }
    missing = missing.filter((p) => !mine.has(p.key));
  }
  if (missing.length > 0) {
    const family = datasetRollups(def.dataset, settings, def.seg).filter((s) => s.id === def.id || missing.some((p) => !memoryOf(db, s.id).has(p.key)));
    for (const p of missing) {
      const counted = countPart(db, def.dataset, p, family);
      for (const s of family) {
        const rows = counted.get(s.id)!;
        memoryOf(db, s.id).set(p.key, rows);
        if (keeping && s.seg === null) {
          keeping.add(s.id);
          storeRollup(db, s.id, p.batch, p.part, rows);
        }
      }
      unstored.delete(p.key);
    }
  }
  for (const p of parts) if (unstored.has(p.key)) storeRollup(db, def.id, p.batch, p.part, mine.get(p.key)!);
  return parts.map((p) => ({ asOf: p.asOf, rows: mine.get(p.key)! }));
}

/** Whether `db`'s rollups are being kept (keepRollups): the figures computed then are not shown. */
export const isPersisting = (db: Database): boolean => persisting.has(db);

/**
 * Runs `fn` with what it counts or reads written to `rollups` (inside the caller's transaction); then
 * drops the stored rollups no KPI reads with the current settings and engine, which nothing will ask
 * for again.
 */
export function persistingRollups<T>(db: Database, settings: Settings, fn: () => T): T {
  persisting.set(db, new Set());
  try {
    const out = fn();
    const kept = keptRollupIds(settings);
    const stored = (db.exec('SELECT DISTINCT source FROM rollups')[0]?.values ?? []).map((r) => String(r[0]));
    for (const id of stored) if (!kept.has(id)) db.run('DELETE FROM rollups WHERE source = ?', [id]);
    return out;
  } finally {
    persisting.delete(db);
  }
}
