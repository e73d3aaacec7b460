/**
 * One import, start to end: read the file (openSource), decide the dataset and mapping (detection,
 * then the user's --as/--map/--set), plan how each column is read, normalise and validate every row,
 * and insert the good ones as one batch in one transaction. A refused file, a cancel or an error
 * leaves the workbook exactly as it was.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import type { EarlierImport, ImportOptions, ImportResult, Inspection, RecordChange, RememberedMapping } from '../../shared/api';
import { dataset as datasetDef, storedFields, type DatasetName } from '../../shared/datasets/catalog';
import { isMissing, squash, type Cell } from '../../shared/datasets/cell';
import { diffRecord, pastNote, shownKey } from '../../shared/datasets/changes';
import { applyOverrides, detectDataset, explainCandidate, missingRequiredFields, type Candidate } from '../../shared/datasets/detect';
import { inferColumnType, planColumns, type ImportPlan, type ImportSettings } from '../../shared/datasets/columns';
import { derivedFrom, durationNotes } from '../../shared/datasets/durations';
import { vendorNotes } from '../../shared/datasets/vendor-fields';
import { keyerFor } from '../../shared/datasets/identity';
import { writtenFields } from '../../shared/datasets/rows';
import { fieldLabel } from '../../shared/datasets/words';
import { labelFieldsOf, labelMaps, leftEmptyWarnings, valueLabels, ValueTally, type ValueLabels } from '../../shared/datasets/value-map';
import { snapshotNote } from '../../shared/metrics/snapshot';
import { AppFailure, type RowProblem } from '../../shared/result';
import {
  batchRowsSql,
  beginBatch,
  chronology,
  datasetCounts,
  endRows,
  finishBatch,
  forgetEnded,
  listBatches,
  relink,
  RowInserter,
  WRITTEN_PART,
  type BatchSummary,
} from '../store/batches';
import { readSettings, writeSettings } from '../store/settings';
import { packedValues } from './batch-wire';
import { currentRecords, merged, pastSlot, storedValues, type PastSlot } from './current-records';
import { SAMPLE_CHANGES } from './match';
import { normalisedBatches } from './off-thread';
import type { PassEnd, WholeRow } from './normalise-batches';
import { storeRollup } from '../metrics/rollups';
import { openSource, type Source } from './source';
import { cancelled } from './table-shape';
import { decideCurrency, type CurrencyDecision } from './currency';
import { isIsoDate } from '../../shared/periods';
import { q } from '../store/schema';
import { systemColumns } from '../../shared/datasets/catalog';

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
  /** The options as the user gave them. */
  asked: ImportOptions;
  /** The user's options over the remembered ones: what this import runs with. */
  options: ImportOptions;
  remembered: RememberedMapping | null;
  headerSig: string;
  source: Source;
  samples: Cell[][];
  candidate: Candidate | null;
  dataset: DatasetName;
  explanation: string;
  candidates: { dataset: DatasetName; score: number; explanation: string }[];
  mapping: Map<number, string>;
  constants: Map<string, string>;
  notes: string[];
  /** Said of the file as a whole before any row is read (a column of mixed currencies). */
  warnings: string[];
  currency: CurrencyDecision;
  settings: ImportSettings;
}

function importSettings(db: Database | null, options: ImportOptions, source: Source, currency: string): ImportSettings {
  const s = db ? readSettings(db) : null;
  return {
    currency,
    fiscalStartMonth: s?.fiscal_year_start_month ?? 1,
    csatScaleMin: s?.csat_scale_min ?? 1,
    csatScaleMax: s?.csat_scale_max ?? 5,
    ...(source.info.delimiter !== undefined ? { delimiter: source.info.delimiter } : {}),
    ...(source.info.date1904 ? { date1904: true } : {}),
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

/**
 * `option` names the import option the problem is with, so that the wizard can say it beside that
 * choice and the command line can name its flag; the message itself names neither.
 */
function fail(file: string, code: 'import_no_columns' | 'import_bad_option', message: string, option?: keyof ImportOptions): never {
  throw new AppFailure(code, `${file}: ${message}`, option ? { file, option } : { file });
}

/** What identifies a file's columns whatever their order: the next export of the same tool has the same. */
export const headerSignature = (headers: readonly string[]): string =>
  createHash('sha256')
    .update(JSON.stringify([...new Set(headers.map(squash))].sort()))
    .digest('hex')
    .slice(0, 32);

type ListOption = 'map' | 'set' | 'dateOrders';

/** The user's entries over the remembered ones, entry by entry (by column, field or label). */
function over<T extends readonly string[]>(
  remembered: readonly T[] | undefined,
  user: readonly T[] | undefined,
  key = (e: T): string => e[0]!.trim(),
): T[] | undefined {
  if (!remembered?.length) return user ? [...user] : undefined;
  const out = new Map(remembered.map((e) => [key(e), e]));
  for (const e of user ?? []) out.set(key(e), e);
  return [...out.values()];
}

/** Imports from before the value mapping kept their stage readings as `stages`: [label, won/lost/open]. */
type KeptOptions = ImportOptions & { stages?: [string, string][] };

/**
 * The options the last import of a file with the same columns ran with, under the user's own: column
 * choices, constants, stage readings and date orders are the user's confirmed word about this
 * export. Not when the user chose another dataset.
 */
function remember(db: Database | null, sig: string, options: ImportOptions): { options: ImportOptions; from: RememberedMapping | null } {
  const last = db ? [...listBatches(db)].reverse().find((b) => b.kind === 'import' && b.headerSig === sig && b.options) : undefined;
  const kept = last?.options as KeptOptions | undefined;
  if (!last || !kept || (options.as !== undefined && options.as !== kept.as)) return { options, from: null };
  const out: ImportOptions = { ...options };
  if (kept.as !== undefined) out.as = kept.as;
  if (out.sheet === undefined && kept.sheet !== undefined) out.sheet = kept.sheet;
  for (const k of ['map', 'set', 'dateOrders'] as const satisfies readonly ListOption[]) {
    const list = over(kept[k] as (readonly [string, string])[] | undefined, options[k] as (readonly [string, string])[] | undefined);
    if (list) (out as Record<ListOption, unknown>)[k] = list;
  }
  const keptValues = [...(kept.stages ?? []).map(([label, status]): [string, string, string] => ['status', label, status]), ...(kept.values ?? [])];
  const values = over(keptValues, options.values, (e) => `${e[0]}\u0000${squash(e[1])}`);
  if (values) out.values = values;
  return { options: out, from: { batch: last.id, fileName: last.fileName, importedAt: last.importedAt } };
}

/** The user's readings of labels: each of their own must make sense; remembered ones for fields this mapping lacks are dropped. */
function readingsOf(fileName: string, dataset: DatasetName, asked: ImportOptions, options: ImportOptions): Map<string, Map<string, string>> {
  const mine = labelMaps(dataset, asked.values ?? []);
  if (!mine.ok) fail(fileName, 'import_bad_option', `${mine.error}.`, 'values');
  const all = labelMaps(dataset, options.values ?? [], true);
  return all.ok ? all.maps : mine.maps;
}

async function prepare(path: string, asked: ImportOptions, db: Database | null, fileName: string, dryRun: boolean, signal?: AbortSignal): Promise<Prepared> {
  const source = await openSource(path, asked.sheet !== undefined ? { sheet: asked.sheet } : {});
  const samples = await readSamples(source, signal);
  const headers = source.info.headers;
  const headerSig = headerSignature(headers);
  const { options, from: remembered } = remember(db, headerSig, asked);
  const detection = detectDataset(headers, samples);
  const candidates = detection.candidates.map((c) => ({ dataset: c.dataset, score: c.score, explanation: explainCandidate(c, headers) }));
  let candidate: Candidate | null = detection.chosen;
  if (options.as !== undefined) candidate = detection.candidates.find((c) => c.dataset === options.as) ?? null;
  const dataset = options.as ?? candidate?.dataset;
  if (dataset === undefined) fail(fileName, 'import_no_columns', `${detection.explanation}.`, 'as');
  const detected = candidate ? explainCandidate(candidate, headers) : `${datasetDef(dataset).label}: your choice; no column matched its known headers`;
  const userSet = options.set ?? [];
  const notes: string[] = [];
  // A field detection can infer from the file as a whole (a column of 0-10 answers is NPS) is given to
  // every row when the user did not say otherwise, and said so.
  const suggested = (candidate?.suggestedSet ?? []).filter(([f]) => candidate?.missingRequired.includes(f) && !userSet.some(([s]) => s === f));
  for (const [f, v] of suggested) {
    const label = fieldLabel(dataset, f);
    notes.push(`${label} is not in the file: every row was read as ${v} (give ${label} another value for every row if that is wrong)`);
  }
  const overridden = applyOverrides(headers, dataset, candidate?.mapping ?? new Map(), options.map ?? [], [...suggested, ...userSet]);
  if (!overridden.ok) fail(fileName, 'import_bad_option', `${overridden.error}.`, 'map');
  // Once the user has changed the mapping, say what is read now rather than what detection matched.
  const explanation =
    asked.map?.length || asked.set?.length || asked.as !== undefined
      ? `${datasetDef(dataset).label}: reading ${
          [...overridden.mapping.keys()]
            .sort((a, b) => a - b)
            .map((i) => headers[i])
            .join(', ') || 'no column'
        } (${overridden.mapping.size} of ${headers.length} columns)`
      : detected;
  const currency = decideCurrency(
    db,
    options,
    { dataset, headers, samples, mapping: overridden.mapping, constants: overridden.constants, delimiter: source.info.delimiter },
    fileName,
    dryRun,
  );
  notes.push(...currency.notes);
  const labels = readingsOf(fileName, dataset, asked, options);
  const settings: ImportSettings = { ...importSettings(db, options, source, currency.code), ...(labels.size ? { labels } : {}) };
  return {
    asked,
    options,
    remembered,
    headerSig,
    source,
    samples,
    candidate,
    dataset,
    explanation,
    candidates,
    mapping: overridden.mapping,
    constants: overridden.constants,
    notes,
    warnings: currency.warnings,
    currency,
    settings,
  };
}

function plan(p: Prepared, fileName: string): ImportPlan {
  const options = p.options;
  const planned = planColumns(p.dataset, p.source.info.headers, p.mapping, p.samples, p.settings, p.constants);
  if (!planned.ok) fail(fileName, 'import_no_columns', `${planned.error}.`, 'set');
  const orders = new Map((options.dateOrders ?? []).map(([column, order]) => [column.trim(), order]));
  if (orders.size === 0) return planned.plan;
  // An order the user gives for a column that is not a mapped date is a mistake to point out; one
  // remembered from an earlier file whose column is left out this time simply does not apply.
  for (const [column] of p.asked.dateOrders ?? []) {
    if (!planned.plan.columns.some((c) => c.header.trim() === column.trim() && c.dateOrder)) {
      fail(fileName, 'import_bad_option', `no date column "${column}" is mapped, so its date order cannot be set`);
    }
  }
  // The user's word on day/month order replaces what the values suggested.
  return {
    ...planned.plan,
    columns: planned.plan.columns.map((c) => {
      const order = orders.get(c.header.trim());
      // A column read by its separators keeps reading its dotted dates day-first: the order is its slashed ones'.
      return order && c.dateOrder ? { ...c, dateOrder: { ...c.dateOrder, order, ambiguous: false, evidence: 'set by you' } } : c;
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

/** A file whose columns give its rows no date (none mapped, or empty in every row read) counts in period all only: said at once. */
function snapshotNotes(readPlan: ImportPlan, samples: readonly (readonly Cell[])[]): string[] {
  const written = writtenFields(readPlan);
  for (const c of readPlan.columns) if (!samples.some((r) => !isMissing(r[c.index] ?? null))) written.delete(c.field);
  const note = snapshotNote(readPlan.dataset, written);
  return note ? [note] : [];
}

/** Every day/month decision is shown, not only the doubtful ones and those by separator (those are in the plan's own notes). */
function dateOrderNotes(readPlan: ImportPlan): string[] {
  return readPlan.columns
    .filter((c) => c.dateOrder && c.dateOrder.order !== 'ymd' && !c.dateOrder.ambiguous && !c.dateOrder.dotsDayFirst)
    .map((c) => `"${c.header}": dates read ${c.dateOrder!.evidence}`);
}

function duplicateOf(db: Database | null, p: Prepared): BatchSummary | null {
  if (!db) return null;
  const same = listBatches(db).filter((b) => b.fileHash === p.source.info.sha256 && b.dataset === p.dataset && (b.sheet ?? undefined) === p.source.info.sheet);
  return same.length ? same[same.length - 1]! : null;
}

const earlierImport = (b: BatchSummary | null): EarlierImport | null =>
  b && { batch: b.id, fileName: b.fileName, importedAt: b.importedAt, rows: b.rowsAccepted };

const recordsOf = (db: Database | null, dataset: DatasetName): number => (db ? (datasetCounts(db).find((c) => c.dataset === dataset)?.rows ?? 0) : 0);

/** The fields that identify the plan's records, or null when none is written (rows are then added). */
const identityOf = (readPlan: ImportPlan): string[] | null => {
  const keyer = keyerFor(readPlan.dataset, writtenFields(readPlan));
  return keyer ? [...keyer.fields] : null;
};

/** Today on this computer's clock, as YYYY-MM-DD. */
const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The day the export shows: given, or the file's modification date; a day that is not one, or in the future, is a question for the user. */
function asOfOf(fileName: string, options: ImportOptions, modified: string): string {
  const asOf = options.asOf ?? modified;
  if (!isIsoDate(asOf)) fail(fileName, 'import_bad_option', `the as-of date "${asOf}" is not a date (YYYY-MM-DD)`, 'asOf');
  if (asOf > today())
    fail(
      fileName,
      'import_bad_option',
      options.asOf !== undefined
        ? `the as-of date ${asOf} is in the future; an export shows the records as they were on the day it was made: give that day`
        : `the file's modification date ${asOf} is in the future (a wrong clock?); give the day the export was made as its as-of date`,
      'asOf',
    );
  return asOf;
}

/** The newest as-of date among a dataset's imports, or null when it has none. */
const latestAsOf = (db: Database | null, dataset: DatasetName): string | null => (db ? (chronology(db, dataset).at(-1)?.asOf ?? null) : null);

/** What the import wizard shows before anything is imported: sheets, header, dataset, mapping with samples. */
export async function inspectFile(path: string, options: ImportOptions, db: Database | null, fileName: string): Promise<Inspection> {
  const p = await prepare(path, options, db, fileName, true);
  const info = p.source.info;
  const planned = planColumns(p.dataset, info.headers, p.mapping, p.samples, p.settings, p.constants);
  const missingRequired = missingRequiredFields(p.dataset, new Set([...p.mapping.values(), ...p.constants.keys()]));
  const columnSamples = (i: number) => p.samples.map((r) => r[i] ?? null);
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
        derivedFrom: planned.ok ? derivedFrom(planned.plan, index) : null,
      };
    }),
    missingRequired,
    problem: planned.ok || missingRequired.length > 0 ? null : planned.error,
    set: [...p.constants],
    currency: { code: p.currency.code, from: p.currency.from, open: p.currency.open },
    notes: [...p.notes, ...(planned.ok ? [...planned.plan.notes, ...snapshotNotes(planned.plan, p.samples)] : [])],
    warnings: [...info.warnings, ...p.warnings],
    duplicateOf: earlierImport(duplicateOf(db, p)),
    identity: planned.ok ? identityOf(planned.plan) : null,
    records: recordsOf(db, p.dataset),
    remembered: p.remembered,
    asOf: p.options.asOf ?? info.modified,
    latestAsOf: latestAsOf(db, p.dataset),
  };
}

/**
 * Every distinct label of the label fields the mapping reads, over the whole file, for the wizard's
 * value mapping: a pass that reads the rows and counts their labels without normalising anything
 * else (about a fifth of a checking pass).
 */
export async function countValues(path: string, options: ImportOptions, db: Database | null, run: Omit<RunOptions, 'dryRun'>): Promise<ValueLabels[]> {
  const { fileName, signal } = run;
  const p = await prepare(path, options, db, fileName, true, signal);
  const readPlan = plan(p, fileName);
  const tally = new ValueTally();
  if (labelFieldsOf(p.dataset, p.mapping.values()).length > 0) {
    const count = tally.counter(readPlan);
    for await (const batch of p.source.batches(signal)) {
      if (signal?.aborted) throw cancelled(fileName);
      for (const r of batch) if (r.problem === undefined) count(r.cells);
      const { done, total } = p.source.progress();
      run.onProgress?.('counting', done, total);
    }
  }
  return valueLabels(readPlan, tally.end());
}

/**
 * The options an import is remembered by: every column's field ('' left out), and each date column's
 * day/month order (the next export of the tool writes its dates alike, and may happen to have no day
 * above 12 to tell by); ISO dates need no order remembered.
 */
function confirmedOptions(p: Prepared, readPlan: ImportPlan): ImportOptions {
  const headers = p.source.info.headers;
  const out: ImportOptions = {
    as: p.dataset,
    map: headers.map((h, i) => [h, p.mapping.get(i) ?? ''] as [string, string]),
    dateOrders: readPlan.columns.flatMap((c) =>
      c.dateOrder && c.dateOrder.order !== 'ymd' ? [[c.header, c.dateOrder.order] as [string, 'ymd' | 'mdy' | 'dmy']] : [],
    ),
  };
  if (p.source.info.sheet !== undefined) out.sheet = p.source.info.sheet;
  if (p.constants.size) out.set = [...p.constants];
  if (p.options.values?.length) out.values = p.options.values;
  return out;
}

/** The record changes an import makes, as a person reads them (the first SAMPLE_CHANGES). */
class ChangeSample {
  readonly changes: RecordChange[] = [];
  constructor(
    private readonly db: Database,
    private readonly dataset: DatasetName,
  ) {}
  get full(): boolean {
    return this.changes.length >= SAMPLE_CHANGES;
  }
  add(row: number, before: readonly (string | number | null)[], after: readonly (string | number | null)[], key: string): void {
    if (this.full) return;
    this.changes.push({ row, key: shownKey(key), fields: diffRecord(this.dataset, before, after) });
  }
  addRead(sample: WholeRow): void {
    if (this.full) return;
    const width = storedFields(this.dataset).length;
    this.add(sample.row, storedValues(this.db, this.dataset, sample.prev), sample.values.slice(0, width), String(sample.values[width]));
  }
}

/**
 * Imports (or, with dryRun, only checks) a file into the open workbook's database. Rows of a record
 * the workbook has update it; a file without the dataset's ID adds its rows. The caller saves the
 * workbook afterwards; nothing here touches the file on disk.
 */
export async function importFile(db: Database, path: string, asked: ImportOptions, run: RunOptions): Promise<ImportResult> {
  const { fileName, signal } = run;
  const progress = run.onProgress ?? (() => undefined);
  progress('reading', 0, 1);
  const p = await prepare(path, asked, db, fileName, run.dryRun, signal);
  const options = p.options;
  const info = p.source.info;
  const readPlan = plan(p, fileName);
  const written = writtenFields(readPlan);
  const keyer = keyerFor(p.dataset, written);
  const def = datasetDef(p.dataset);
  const dup = keyer ? null : duplicateOf(db, p);
  if (dup && !options.again && !run.dryRun) {
    throw new AppFailure(
      'import_duplicate',
      `${fileName} was already imported as batch ${dup.id} (${dup.rowsAccepted.toLocaleString('en-US')} ${dup.dataset} rows on ${dup.importedAt.slice(0, 10)}); ` +
        `its rows have no ${def.key.fields.map((f) => def.fields.find((x) => x.name === f)?.label ?? f).join(' + ')} to match them by, so importing it again would add them twice. ` +
        `Import it again only to add its rows a second time, or undo batch ${dup.id} first`,
      { file: fileName, batch: dup.id, option: 'again' },
    );
  }
  const asOf = asOfOf(fileName, options, info.modified);
  const newest = latestAsOf(db, p.dataset);
  // An export older than the newest one imported slots into the past: compared with the records as
  // they stood on its day, and its versions end where the next ones begin.
  const past: PastSlot | null = keyer && newest !== null && asOf < newest ? pastSlot(db, p.dataset, asOf) : null;
  const existing = keyer ? recordsOf(db, p.dataset) : 0;
  const records = keyer && existing > 0 ? currentRecords(db, p.dataset, written, past ? asOf : undefined) : null;
  const problems: RowProblem[] = [];
  let rejected = 0;
  const mapping = readPlan.columns.map((c) => ({ column: c.header, field: c.field }));
  const width = storedFields(p.dataset).length;
  const sample = new ChangeSample(db, p.dataset);
  let checkedChanged = 0;
  let checkedSame = 0;
  const ended: number[] = [];

  let batchId: number | null = null;
  let inserter: RowInserter | null = null;
  let inTransaction = false;
  let end: PassEnd | undefined;
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
          options: confirmedOptions(p, readPlan),
          headerSig: p.headerSig,
          complete: options.missing === 'delete' && keyer !== null && past === null,
          asOf,
        },
        new Date().toISOString().slice(0, 19),
      );
      inserter = new RowInserter(db, p.dataset, batchId);
    }
    const batches = normalisedBatches({
      path,
      fileName,
      sheet: options.sheet,
      source: p.source,
      plan: readPlan,
      maxProblems: MAX_PROBLEMS_KEPT,
      records,
      signal,
      rollups: batchId !== null ? { settings: readSettings(db), batch: batchId } : undefined,
      onEnd: (e) => (end = e),
    });
    for await (const batch of batches) {
      if (signal?.aborted) throw new AppFailure('cancelled', `Import of ${fileName} cancelled; nothing was imported.`);
      rejected += batch.rejected;
      problems.push(...batch.problems.slice(0, MAX_PROBLEMS_KEPT - problems.length));
      if (inserter) {
        inserter.insertPacked(batch.rows, packedValues(batch));
        endRows(
          db,
          p.dataset,
          batchId!,
          batch.prev.filter((r) => r > 0),
        );
      }
      for (const s of batch.samples) sample.addRead(s);
      // Records whose values decide: the row laid over the record, compared with it.
      for (const c of batch.checks) {
        const before = storedValues(db, p.dataset, c.prev);
        const after = merged(p.dataset, written, c.values, before, String(c.values[width]));
        if (diffRecord(p.dataset, before, after).length === 0) {
          checkedSame++;
          continue;
        }
        checkedChanged++;
        sample.add(c.row, before, after, String(c.values[width]));
        if (inserter) {
          inserter.insertWhole(c.row, after);
          endRows(db, p.dataset, batchId!, [c.prev]);
        }
      }
      progress(run.dryRun ? 'checking' : 'importing', batch.done, batch.total);
    }
    if (signal?.aborted) throw new AppFailure('cancelled', `Import of ${fileName} cancelled; nothing was imported.`);
    const totals = end!.totals;
    const accepted = totals.added + totals.changed + totals.checks + totals.unchanged + totals.collapsed;
    if (accepted === 0) {
      // A warning about the file as a whole (its amounts in another currency) explains every row at once.
      const why = p.warnings.length
        ? ` ${p.warnings.join(' ')}`
        : problems.length
          ? ` The first problem: ${problems[0]!.reason === '' ? '' : `row ${problems[0]!.row}, column "${problems[0]!.column}": "${problems[0]!.value}" ${problems[0]!.reason}`}.`
          : '';
      throw new AppFailure(
        'import_no_rows',
        `${fileName} has no row that can be imported (${rejected.toLocaleString('en-US')} rejected); nothing was changed.${why}`,
        {
          file: fileName,
          problems: problems.slice(0, 100),
        },
      );
    }
    const changed = totals.changed + checkedChanged;
    const matched = changed + totals.unchanged + checkedSame;
    if (end!.earliest !== null && end!.earliest > asOf)
      fail(
        fileName,
        'import_bad_option',
        `every row is dated after the export's as-of date ${asOf} (the earliest is ${end!.earliest}), so the file cannot show the records as they were then: ` +
          `give the day the export was made as its as-of date`,
        'asOf',
      );
    // A complete export older than the newest one cannot say a record is gone: a later export had it.
    const removing = options.missing === 'delete' && keyer !== null && past === null;
    if (removing && matched === 0 && totals.missing.length > 0) {
      throw new AppFailure(
        'import_bad_option',
        `${fileName} has none of the ${existing.toLocaleString('en-US')} ${p.dataset} records in the workbook, so as a complete export it would remove them all; ` +
          `check that the right column is the ${keyer.fields.join(' + ')}. Nothing was changed.`,
        { file: fileName },
      );
    }
    const removed = removing ? totals.missing.length : 0;
    if (removing) ended.push(...totals.missing);
    const blanked = leftEmptyWarnings(p.dataset, end!.tally.leftEmpty);
    const result: ImportResult = {
      batchId,
      dataset: p.dataset,
      fileName,
      accepted,
      rejected,
      added: totals.added,
      changed,
      unchanged: totals.unchanged + checkedSame,
      missing_from_file: totals.missing.length,
      removed,
      collapsed: totals.collapsed,
      identity: keyer ? [...keyer.fields] : null,
      changes: sample.changes,
      remembered: p.remembered,
      asOf,
      currency: { code: p.currency.code, from: p.currency.from, open: p.currency.open },
      problems,
      notes: [
        p.explanation,
        ...p.notes,
        ...dateOrderNotes(readPlan),
        ...durationNotes(readPlan),
        ...vendorNotes(readPlan),
        ...readPlan.notes,
        ...snapshotNotes(readPlan, p.samples),
        ...collapsedNotes(p.dataset, keyer?.byId ?? true, totals.collapsed),
        ...pastNotes(p.dataset, asOf, past ? newest : null, options.missing === 'delete'),
      ],
      warnings: [...info.warnings, ...p.warnings, ...blanked, ...matchWarnings(p, readPlan, existing, accepted, matched)],
      mapping,
      values: valueLabels(readPlan, end!.tally),
      dryRun: run.dryRun,
    };
    if (inserter && batchId !== null) {
      inserter.free();
      inserter = null;
      if (keyer && totals.added === 0 && changed === 0 && removed === 0) {
        // Nothing to record: the workbook already holds this file's records as they are.
        db.run('ROLLBACK');
        inTransaction = false;
        return {
          ...result,
          batchId: null,
          notes: [...result.notes, `Nothing changed: the workbook already has all ${matched.toLocaleString('en-US')} records of this file as they are.`],
        };
      }
      // The workbook's first data settles its currency: the one these amounts were read in.
      if (p.currency.open) writeSettings(db, { currency: p.currency.code });
      endRows(db, p.dataset, batchId, ended);
      if (past) slotIntoPast(db, p.dataset, batchId, past);
      finishBatch(
        db,
        batchId,
        accepted,
        rejected,
        {
          encoding: info.encoding ?? null,
          delimiter: info.delimiter ?? null,
          headerRow: info.headerRow,
          notes: [...p.notes, ...readPlan.notes],
          warnings: [...info.warnings, ...blanked],
          problems: problems.slice(0, MAX_PROBLEMS_STORED),
        },
        { added: totals.added, changed, unchanged: result.unchanged, missing: result.missing_from_file, removed },
      );
      for (const r of end!.rollups ?? []) storeRollup(db, r.id, batchId, WRITTEN_PART, r.rows);
      db.run('COMMIT');
      inTransaction = false;
    }
    progress(run.dryRun ? 'checking' : 'importing', 1, 1);
    return result;
  } catch (e) {
    // Cleaning up must not hide why the import failed (on a closed database these throw too).
    quietly(() => inserter?.free());
    if (inTransaction) quietly(() => db.run('ROLLBACK'));
    throw e;
  } finally {
    if (!run.dryRun) quietly(() => db.run('PRAGMA foreign_keys = ON'));
  }
}

/** Rows counted into an earlier one: repeats of it, or (a natural key) more of the same day's figures, added together. */
function collapsedNotes(dataset: DatasetName, byId: boolean, collapsed: number): string[] {
  if (collapsed === 0) return [];
  const n = collapsed.toLocaleString('en-US');
  if (byId) return [`${n} rows repeat an earlier row of the file exactly and were counted once.`];
  const def = datasetDef(dataset);
  const labels = def.key.fields.map((f) => def.fields.find((x) => x.name === f)?.label ?? f);
  return [`${n} rows have the same ${labels.join(', ')} as an earlier row of the file: their figures were added into that one record.`];
}

/** A key column mapped to the wrong field shows as a file of new records: worth a word before anything is written. */
function matchWarnings(p: Prepared, readPlan: ImportPlan, existing: number, accepted: number, matched: number): string[] {
  if (existing < 20 || accepted < 20 || matched / accepted >= 0.05) return [];
  const keyer = keyerFor(p.dataset, writtenFields(readPlan));
  const columns = readPlan.columns.filter((c) => keyer?.fields.includes(c.field)).map((c) => `"${c.header}"`);
  return [
    `Almost every record in the file is new (${(accepted - matched).toLocaleString('en-US')} of ${accepted.toLocaleString('en-US')}) although the workbook has ${existing.toLocaleString('en-US')} ${p.dataset} records: ` +
      `check that ${columns.join(' and ') || 'the mapped column'} really identifies them.`,
  ];
}

/** An export older than the newest one imported: what that means, said once. */
function pastNotes(dataset: DatasetName, asOf: string, newest: string | null, complete: boolean): string[] {
  return newest === null ? [] : [pastNote(dataset, asOf, newest, complete)];
}

/**
 * The versions an import older than the newest one wrote end where the record's next version begins:
 * a changed record's at the batch that had ended the version it replaced, a new one's at the first
 * later batch that wrote the record (or the first later complete export). Those later batches now end
 * other versions than before, so their kept rollups of ended rows are counted again.
 */
function slotIntoPast(db: Database, dataset: DatasetName, batchId: number, past: PastSlot): void {
  const key = q(systemColumns.key);
  const pairs: [number, number | null][] = [];
  for (const [rowid, k] of db.exec(`SELECT rowid, ${key} FROM ${q(dataset)} WHERE ${batchRowsSql(db, [batchId])} AND ${key} IS NOT NULL`)[0]?.values ?? []) {
    const ks = String(k);
    const next = past.endedBy.has(ks) ? past.endedBy.get(ks)! : (past.nextWriter.get(ks) ?? past.nextComplete);
    if (next !== null) pairs.push([Number(rowid), next]);
  }
  relink(db, dataset, pairs);
  forgetEnded(db, [...new Set(pairs.map(([, b]) => b!))]);
}
