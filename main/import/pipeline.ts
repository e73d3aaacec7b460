/**
 * One import, start to end: read the file (openSource), decide the dataset and mapping (detection,
 * then the user's --as/--map/--set), plan how each column is read, normalise and validate every row,
 * and insert the good ones as one batch in one transaction. A refused file, a cancel or an error
 * leaves the workbook exactly as it was.
 */
import type { Database } from 'sql.js';
import type { ImportOptions, ImportResult, Inspection } from '../../shared/api';
import type { DatasetName } from '../../shared/datasets/catalog';
import type { Cell } from '../../shared/datasets/cell';
import { applyOverrides, detectDataset, explainCandidate, type Candidate } from '../../shared/datasets/detect';
import { inferColumnType, planColumns, type ImportPlan, type ImportSettings } from '../../shared/datasets/columns';
import { parseStage } from '../../shared/datasets/labels';
import { AppFailure, type RowProblem } from '../../shared/result';
import { beginBatch, finishBatch, listBatches, RowInserter } from '../store/batches';
import { readSettings } from '../store/settings';
import { defaultSettings } from '../store/schema';
import { packedValues } from './batch-wire';
import { normalisedBatches } from './off-thread';
import type { CountedRollup } from './normalise-batches';
import { storeRollup } from '../metrics/partials';
import { openSource, type Source } from './source';

/** Rows read before deciding the dataset, the mapping and each column's date order and decimal separator. */
const SAMPLE_ROWS = 5_000;
/** Rejected rows kept in full in a result and in the batch record; the counts are always complete. */
const MAX_PROBLEMS_KEPT = 10_000;
const MAX_PROBLEMS_STORED = 1_000;

export interface RunOptions {
  dryRun: boolean;
  fileName: string;
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
}

interface Prepared {
  source: Source;
  samples: Cell[][];
  candidate: Candidate | null;
  dataset: DatasetName;
  explanation: string;
  candidates: { dataset: DatasetName; score: number; explanation: string }[];
  mapping: Map<number, string>;
  constants: Map<string, string>;
  notes: string[];
  settings: ImportSettings;
}

function importSettings(db: Database | null, options: ImportOptions, source: Source): ImportSettings {
  const s = db ? readSettings(db) : null;
  return {
    currency: s?.currency ?? defaultSettings.currency!,
    fiscalStartMonth: s?.fiscal_year_start_month ?? 1,
    csatScaleMin: s?.csat_scale_min ?? 1,
    csatScaleMax: s?.csat_scale_max ?? 5,
    ...(source.info.delimiter !== undefined ? { delimiter: source.info.delimiter } : {}),
    ...(source.info.date1904 ? { date1904: true } : {}),
    ...(options.stages?.length ? { stageMap: new Map(options.stages.map(([label, status]) => [label.trim().toLowerCase(), status])) } : {}),
  };
}

async function readSamples(source: Source, signal: AbortSignal | undefined): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const batch of source.batches(signal)) {
    for (const r of batch) {
      rows.push(r.cells);
      if (rows.length >= SAMPLE_ROWS) return rows;
    }
  }
  return rows;
}

function fail(file: string, code: 'import_no_columns' | 'import_bad_option', message: string): never {
  throw new AppFailure(code, `${file}: ${message}`, { file });
}

async function prepare(path: string, options: ImportOptions, db: Database | null, fileName: string, signal?: AbortSignal): Promise<Prepared> {
  const source = await openSource(path, options.sheet !== undefined ? { sheet: options.sheet } : {});
  const samples = await readSamples(source, signal);
  const headers = source.info.headers;
  const detection = detectDataset(headers, samples);
  const candidates = detection.candidates.map((c) => ({ dataset: c.dataset, score: c.score, explanation: explainCandidate(c, headers) }));
  let candidate: Candidate | null = detection.chosen;
  if (options.as !== undefined) candidate = detection.candidates.find((c) => c.dataset === options.as) ?? null;
  const dataset = options.as ?? candidate?.dataset;
  if (dataset === undefined) fail(fileName, 'import_no_columns', `${detection.explanation}.`);
  const detected = candidate ? explainCandidate(candidate, headers) : `${dataset}: chosen with --as; no column matched its known headers`;
  const userSet = options.set ?? [];
  const notes: string[] = [];
  // A field detection can infer from the file as a whole (a column of 0-10 answers is NPS) is given to
  // every row when the user did not say otherwise, and said so.
  const suggested = (candidate?.suggestedSet ?? []).filter(([f]) => candidate?.missingRequired.includes(f) && !userSet.some(([s]) => s === f));
  for (const [f, v] of suggested) notes.push(`${f} is not in the file: every row was read as ${f}=${v} (change it with --set ${f}=...)`);
  const overridden = applyOverrides(headers, dataset, candidate?.mapping ?? new Map(), options.map ?? [], [...suggested, ...userSet]);
  if (!overridden.ok) fail(fileName, 'import_bad_option', `${overridden.error}.`);
  // Once the user has changed the mapping, say what is read now rather than what detection matched.
  const explanation =
    options.map?.length || options.as !== undefined
      ? `${dataset}: reading ${[...overridden.mapping.keys()].sort((a, b) => a - b).map((i) => headers[i]).join(', ') || 'no column'} (${overridden.mapping.size} of ${headers.length} columns)`
      : detected;
  const settings = importSettings(db, options, source);
  return {
    source,
    samples,
    candidate,
    dataset,
    explanation,
    candidates,
    mapping: overridden.mapping,
    constants: overridden.constants,
    notes,
    settings,
  };
}

function plan(p: Prepared, fileName: string, options: ImportOptions): ImportPlan {
  const planned = planColumns(p.dataset, p.source.info.headers, p.mapping, p.samples, p.settings, p.constants);
  if (!planned.ok) fail(fileName, 'import_no_columns', `${planned.error}.`);
  const orders = new Map((options.dateOrders ?? []).map(([column, order]) => [column.trim(), order]));
  if (orders.size === 0) return planned.plan;
  for (const column of orders.keys()) {
    if (!planned.plan.columns.some((c) => c.header.trim() === column && c.dateOrder)) {
      fail(fileName, 'import_bad_option', `no date column "${column}" is mapped, so its date order cannot be set`);
    }
  }
  // The user's word on day/month order replaces what the values suggested.
  return {
    ...planned.plan,
    columns: planned.plan.columns.map((c) => {
      const order = orders.get(c.header.trim());
      return order && c.dateOrder ? { ...c, dateOrder: { order, ambiguous: false, evidence: 'set by you' } } : c;
    }),
  };
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // The original failure is what the user needs to see.
  }
}

/** Every day/month decision is shown, not only the doubtful ones (those are in the plan's own notes). */
function dateOrderNotes(readPlan: ImportPlan): string[] {
  return readPlan.columns
    .filter((c) => c.dateOrder && c.dateOrder.order !== 'ymd' && !c.dateOrder.ambiguous)
    .map((c) => `"${c.header}": dates read ${c.dateOrder!.evidence}`);
}

function duplicateOf(db: Database | null, p: Prepared): number | null {
  if (!db) return null;
  const same = listBatches(db).filter((b) => b.fileHash === p.source.info.sha256 && b.dataset === p.dataset && (b.sheet ?? undefined) === p.source.info.sheet);
  return same.length ? same[same.length - 1]!.id : null;
}

/** What the import wizard shows before anything is imported: sheets, header, dataset, mapping with samples. */
export async function inspectFile(path: string, options: ImportOptions, db: Database | null, fileName: string): Promise<Inspection> {
  const p = await prepare(path, options, db, fileName);
  const info = p.source.info;
  const planned = planColumns(p.dataset, info.headers, p.mapping, p.samples, p.settings, p.constants);
  const missingRequired = planned.ok ? [] : [planned.error];
  const columnSamples = (i: number) => p.samples.map((r) => r[i] ?? null);
  const stageIndex = [...p.mapping].find(([, f]) => f === 'stage' || f === 'status')?.[0];
  const stageLabels = stageIndex === undefined ? [] : [...new Set(columnSamples(stageIndex).filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()))];
  return {
    fileName,
    fileSize: info.fileSize,
    kind: info.kind,
    encoding: info.encoding ?? null,
    delimiter: info.delimiter ?? null,
    sheets: info.sheets ?? [],
    sheet: info.sheet ?? null,
    headerRow: info.headerRow,
    dataset: p.dataset,
    explanation: p.explanation,
    candidates: p.candidates,
    columns: info.headers.map((header, index) => {
      const values = columnSamples(index);
      return {
        index,
        header,
        samples: [...new Set(values.filter((c) => c !== null && String(c).trim() !== '').map(String))].slice(0, 5),
        field: p.mapping.get(index) ?? null,
        detectedType: inferColumnType(values, info.delimiter),
      };
    }),
    missingRequired,
    stages: stageLabels.slice(0, 100).map((label) => {
      const s = parseStage(label, p.settings.stageMap);
      return { label, status: s.ok ? s.value : 'open' };
    }),
    notes: [...p.notes, ...(planned.ok ? planned.plan.notes : [])],
    warnings: info.warnings,
    duplicateOf: duplicateOf(db, p),
  };
}

/**
 * Imports (or, with dryRun, only validates) a file into the open workbook's database. The caller
 * saves the workbook afterwards; nothing here touches the file on disk.
 */
export async function importFile(db: Database, path: string, options: ImportOptions, run: RunOptions): Promise<ImportResult> {
  const { fileName, signal } = run;
  const progress = run.onProgress ?? (() => undefined);
  progress('reading', 0, 1);
  const p = await prepare(path, options, db, fileName, signal);
  const info = p.source.info;
  const dup = duplicateOf(db, p);
  if (dup !== null && !options.again && !run.dryRun) {
    const batch = listBatches(db).find((b) => b.id === dup)!;
    throw new AppFailure(
      'import_duplicate',
      `${fileName} was already imported as batch ${dup} (${batch.rowsAccepted.toLocaleString('en-US')} ${batch.dataset} rows on ${batch.importedAt.slice(0, 10)}); import it again with --again, or undo batch ${dup} first`,
      { file: fileName, batch: dup },
    );
  }
  const readPlan = plan(p, fileName, options);
  const problems: RowProblem[] = [];
  let rejected = 0;
  let accepted = 0;
  const mapping = readPlan.columns.map((c) => ({ column: c.header, field: c.field }));

  let batchId: number | null = null;
  let inserter: RowInserter | null = null;
  let inTransaction = false;
  try {
    if (!run.dryRun) {
      // Every row of the batch points at the batch record made in this same transaction, so SQLite's
      // per-row foreign-key check proves nothing here; it costs about 1.5 s a million rows. On again below.
      db.run('PRAGMA foreign_keys = OFF');
      db.run('BEGIN');
      inTransaction = true;
      batchId = beginBatch(
        db,
        {
          dataset: p.dataset,
          fileName,
          fileSize: info.fileSize,
          fileHash: info.sha256,
          sheet: info.sheet ?? null,
          rowsRejected: 0,
          mapping: Object.fromEntries(mapping.map((m) => [m.column, m.field])),
          details: {},
        },
        new Date().toISOString().slice(0, 19),
      );
      inserter = new RowInserter(db, p.dataset, batchId);
    }
    let counted: CountedRollup[] = [];
    const batches = normalisedBatches({
      path,
      fileName,
      sheet: options.sheet,
      source: p.source,
      plan: readPlan,
      maxProblems: MAX_PROBLEMS_KEPT,
      signal,
      rollups: batchId !== null ? { settings: readSettings(db), batch: batchId } : undefined,
      onRollups: (r) => (counted = r),
    });
    for await (const batch of batches) {
      if (signal?.aborted) throw new AppFailure('cancelled', `Import of ${fileName} cancelled; nothing was imported.`);
      accepted += batch.rows.length;
      rejected += batch.rejected;
      problems.push(...batch.problems.slice(0, MAX_PROBLEMS_KEPT - problems.length));
      inserter?.insertPacked(batch.rows, packedValues(batch));
      progress(run.dryRun ? 'checking' : 'importing', batch.done, batch.total);
    }
    if (signal?.aborted) throw new AppFailure('cancelled', `Import of ${fileName} cancelled; nothing was imported.`);
    if (accepted === 0) {
      const why = problems.length ? ` The first problem: ${problems[0]!.reason === '' ? '' : `row ${problems[0]!.row}, column "${problems[0]!.column}": "${problems[0]!.value}" ${problems[0]!.reason}`}.` : '';
      throw new AppFailure('import_no_rows', `${fileName} has no row that can be imported (${rejected.toLocaleString('en-US')} rejected); nothing was changed.${why}`, {
        file: fileName,
        problems: problems.slice(0, 100),
      });
    }
    if (inserter && batchId !== null) {
      inserter.free();
      inserter = null;
      finishBatch(db, batchId, accepted, rejected, {
        encoding: info.encoding ?? null,
        delimiter: info.delimiter ?? null,
        headerRow: info.headerRow,
        notes: [...p.notes, ...readPlan.notes],
        warnings: info.warnings,
        problems: problems.slice(0, MAX_PROBLEMS_STORED),
      });
      for (const r of counted) storeRollup(db, r.source, batchId, r.rows);
      db.run('COMMIT');
      inTransaction = false;
    }
  } catch (e) {
    // Cleaning up must not hide why the import failed (on a closed database these throw too).
    quietly(() => inserter?.free());
    if (inTransaction) quietly(() => db.run('ROLLBACK'));
    throw e;
  } finally {
    if (!run.dryRun) quietly(() => db.run('PRAGMA foreign_keys = ON'));
  }
  progress(run.dryRun ? 'checking' : 'importing', 1, 1);
  return {
    batchId,
    dataset: p.dataset,
    fileName,
    accepted,
    rejected,
    problems,
    notes: [p.explanation, ...p.notes, ...dateOrderNotes(readPlan), ...readPlan.notes],
    warnings: info.warnings,
    mapping,
    dryRun: run.dryRun,
  };
}
