/**
 * THE contract between the faces (Electron IPC, browser mode, CLI) and the service table in main/.
 * Each call has a runtime schema for its input (checked by every handler: the renderer is untrusted)
 * and a TypeScript type for its output. Names are `area.verb`; the IPC channel is `kpi:` + name.
 */
import { z } from 'zod';
import type { ApiName, EventName } from './api-names';
import { apiNames } from './api-names';
import { datasetNames, segmentFields, type DatasetName } from './datasets/catalog';
import type { RowProblem } from './result';
import type { ValueLabels } from './datasets/value-map';
import type { MetricsResponse, PeriodRef, Unit, Area } from './metrics/types';
import { movementKinds, mrrSteps, pipelineSteps, type Movements, type MrrMovements } from './metrics/movements';
import { forecastCategories, type ForecastCategory } from './metrics/forecast';
import { cohortUnits, type Cohorts } from './metrics/cohorts';

const text = (max = 1000) => z.string().max(max);
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * A file the user chose. The UI faces only ever hold opaque ids that main handed out (dialog results,
 * uploads, the recent list); a path is accepted from the command line alone.
 */
export const fileRef = z.union([z.strictObject({ id }), z.strictObject({ path: text(4096) })]);
export type FileRef = z.infer<typeof fileRef>;

const datasetName = z.enum(datasetNames);
const period = text(40).optional();
const compare = z.enum(['previous', 'year']).optional();
const segment = z.enum(segmentFields).optional();

export const importOptions = z.strictObject({
  as: datasetName.optional(),
  sheet: text(200).optional(),
  /** source column → field; a field of '' leaves the column out */
  map: z
    .array(z.tuple([text(500), text(100)]))
    .max(500)
    .optional(),
  /** field → one value for every row */
  set: z
    .array(z.tuple([text(100), text(1000)]))
    .max(100)
    .optional(),
  /** [field, label, value]: what a label of a label field is read as, over the built-in spellings ('status', 'Signed', 'won') */
  values: z
    .array(z.tuple([text(100), text(200), text(40)]))
    .max(2000)
    .optional(),
  /** date order per source column, overriding what the data suggests */
  dateOrders: z
    .array(z.tuple([text(500), z.enum(['ymd', 'mdy', 'dmy'])]))
    .max(500)
    .optional(),
  /** Import a file whose rows have no identity again, although the same file was imported before. */
  again: z.boolean().optional(),
  /** Records the file lacks: kept (exports are often filtered), or removed (the file is a complete export). */
  missing: z.enum(['keep', 'delete']).optional(),
  /** The day the export shows (YYYY-MM-DD); the file's modification date when not given. */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .optional(),
  /** The workbook's currency (ISO code), for a workbook without data: its amounts are read in it. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO currency code such as EUR')
    .optional(),
});
export type ImportOptions = z.infer<typeof importOptions>;

/** A patch of per-stage-label settings: a label's new value, or null to drop the label. */
const stageSettings = <T extends z.ZodType>(value: T) =>
  z.record(text(200), value.nullable()).refine((r) => Object.keys(r).length <= 500, 'at most 500 stage labels');

const settingsPatch = z.strictObject({
  company_name: text(200).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .optional(),
  fiscal_year_start_month: z.number().int().min(1).max(12).optional(),
  csat_scale_min: z.number().int().min(0).max(10).optional(),
  csat_scale_max: z.number().int().min(1).max(10).optional(),
  csat_threshold: z.number().min(0).max(10).optional(),
  seats: z.number().int().min(0).max(1_000_000).nullable().optional(),
  gross_margin: z.number().min(0).max(1).optional(),
  crm_gain: z.number().min(0).nullable().optional(),
  /** Per stage label: its probability (0-1), or null to remove the label's setting; other labels keep theirs. */
  stage_probabilities: stageSettings(z.number().min(0).max(1)).optional(),
  /** Per stage label: its forecast category, or null to remove it; other labels keep theirs. */
  forecast_categories: stageSettings(z.enum(forecastCategories)).optional(),
});

export type SettingsPatch = z.infer<typeof settingsPatch>;

const empty = z.strictObject({});

export const api = {
  'app.info': { input: empty, doc: 'Version and face of the running app.' },
  'workbook.info': { input: empty, doc: 'The open workbook, or null.' },
  'workbook.create': { input: z.strictObject({ file: fileRef }), doc: 'Create a new empty workbook and open it.' },
  'workbook.open': {
    input: z.strictObject({ file: fileRef, readOnly: z.boolean().optional() }),
    doc: 'Open a workbook file (read-only on request, or when another process has it).',
  },
  'workbook.openSample': { input: empty, doc: 'Open the sample company (written on first use).' },
  'workbook.createSample': { input: z.strictObject({ file: fileRef }), doc: 'Write the sample company to a new workbook and open it.' },
  'workbook.save': { input: empty, doc: 'Save the open workbook atomically.' },
  'workbook.saveAs': { input: z.strictObject({ file: fileRef }), doc: 'Save the open workbook under a new name.' },
  'workbook.close': { input: empty, doc: 'Close the open workbook.' },
  'settings.set': { input: z.strictObject({ patch: settingsPatch }), doc: 'Change workbook settings.' },
  'import.inspect': {
    input: z.strictObject({ file: fileRef, options: importOptions.optional() }),
    doc: 'Read a file: sheets, header, detected dataset, mapping with samples.',
  },
  'import.preview': {
    input: z.strictObject({ file: fileRef, options: importOptions }),
    doc: 'Validate every row without importing: counts and rejected rows.',
  },
  'import.values': {
    input: z.strictObject({ file: fileRef, options: importOptions, jobId: id.optional() }),
    doc: 'Every distinct label of the label fields the mapping reads (stage, deal type, status, kind...), over the whole file, with its rows and how it is read.',
  },
  'import.run': {
    input: z.strictObject({ file: fileRef, options: importOptions, jobId: id.optional() }),
    doc: 'Import a file as one batch and save the workbook.',
  },
  'import.undo': { input: z.strictObject({ batch: z.number().int().positive() }), doc: 'Remove an import batch.' },
  'data.summary': { input: empty, doc: 'Datasets with row counts, and import batches.' },
  'data.mergeDuplicates': {
    input: z.strictObject({ dataset: datasetName }),
    doc: 'Keep the newest row of each record earlier imports left more than once (one batch, undoable); null when there is none.',
  },
  'data.rows': {
    input: z.strictObject({
      dataset: datasetName,
      offset: z.number().int().min(0).max(100_000_000),
      limit: z.number().int().min(1).max(1000),
      sort: z.strictObject({ field: text(100), dir: z.enum(['asc', 'desc']) }).optional(),
    }),
    doc: 'A page of a dataset.',
  },
  'data.history': {
    input: z.strictObject({ dataset: datasetName, id: z.string().min(1).max(2000) }),
    doc: "Every version of one record, oldest first: `id` is its key as a person writes it (a composite key's parts joined by ' / ').",
  },
  'metrics.catalogue': { input: empty, doc: 'Every KPI definition.' },
  'metrics.compute': {
    input: z.strictObject({ period, compare, segment, ids: z.array(text(64)).max(100).optional() }),
    doc: 'Every KPI (or those of `ids`) for a period, with comparison, segments and targets.',
  },
  'metrics.trend': {
    input: z.strictObject({ period, count: z.number().int().min(1).max(40).optional(), ids: z.array(text(64)).max(100).optional() }),
    doc: 'KPI values over the periods ending with `period` (quarters by default).',
  },
  'metrics.rows': {
    input: z.strictObject({ id: text(64), period, limit: z.number().int().min(1).max(1000).optional() }),
    doc: 'The rows behind a KPI for a period.',
  },
  'metrics.movements': {
    input: z.strictObject({ period, of: z.enum(movementKinds), segment }),
    doc: 'How the open pipeline (or MRR) moved over a period: its value the day before, the signed steps (created, increased, decreased, won, lost, removed; new, expansion, reactivation, contraction, churned) and its value on the last day, and the deals moving between stages.',
  },
  'metrics.movementRows': {
    input: z.strictObject({
      period,
      of: z.enum(movementKinds),
      step: z.enum([...pipelineSteps, ...mrrSteps]),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    doc: 'The deals (or customers) behind one step of a bridge, biggest movement first.',
  },
  'metrics.cohorts': {
    input: z.strictObject({ by: z.enum(cohortUnits), period }),
    doc: 'Customers grouped by the month (quarter) they first paid, and the share still paying and their MRR at the end of each month (quarter) since, up to the last with data (or the end of `period`).',
  },
  'data.stages': {
    input: empty,
    doc: "The open deals' stage labels, with how many deals and how much each holds, and those without a probability of their own.",
  },
  'targets.list': { input: empty, doc: 'Every stored target.' },
  'targets.set': {
    input: z.strictObject({
      period: text(40),
      values: z.array(z.tuple([text(64), z.number().finite().nullable()])).max(200),
      segment: z.strictObject({ field: text(40), value: text(500) }).optional(),
    }),
    doc: 'Set (or clear, with null) targets for a period.',
  },
  'report.export': {
    input: z.strictObject({ period, file: fileRef.optional(), jobId: id.optional(), dataRowCap: z.number().int().min(0).max(1_000_000).optional() }),
    doc: 'Write the quarterly Excel report.',
  },
  'jobs.cancel': { input: z.strictObject({ jobId: id }), doc: 'Cancel a running import or report.' },
  'files.forget': { input: z.strictObject({ id }), doc: 'Drop a file id handed out earlier.' },
  'files.pickOpen': {
    input: z.strictObject({ purpose: z.enum(['import', 'open']) }),
    doc: 'The desktop app asks for a file to read in its native dialog: the file as an id and its name, or null if cancelled.',
  },
  'files.pickSave': {
    input: z.strictObject({ purpose: z.enum(['export', 'saveAs', 'new']) }),
    doc: 'The desktop app asks where to write a file in its native dialog: the file as an id and its name, or null if cancelled.',
  },
  'view.get': { input: empty, doc: 'The period and comparison this user last chose for the open workbook (null: none chosen).' },
  'view.set': {
    input: z.strictObject({ period: text(40).nullable().optional(), compare: z.enum(['previous', 'year']).nullable().optional() }),
    doc: "Remember the period and comparison chosen for the open workbook (null forgets one), in the app's data folder, not the workbook.",
  },
} as const satisfies Record<ApiName, { input: z.ZodType; doc: string }>;

// The name list and the contract must agree both ways; a missing or extra entry fails to compile.
type ContractNames = keyof typeof api;
const _namesMatch: [ContractNames] extends [ApiName] ? ([ApiName] extends [ContractNames] ? true : never) : never = true;
void _namesMatch;
void apiNames;

export type Input<K extends ApiName> = z.infer<(typeof api)[K]['input']>;

export interface Settings {
  company_name: string;
  currency: string;
  locale: string;
  fiscal_year_start_month: number;
  csat_scale_min: number;
  csat_scale_max: number;
  csat_threshold: number;
  seats: number | null;
  gross_margin: number;
  crm_gain: number | null;
  /** Win probability (0-1) per stage label, for deals without a probability of their own (matched as stageKey does). */
  stage_probabilities: Record<string, number>;
  /** Forecast category per stage label. */
  forecast_categories: Record<string, ForecastCategory>;
}

export interface WorkbookInfo {
  name: string;
  path: string;
  readOnly: boolean;
  readOnlyReason: string | null;
  dirty: boolean;
  settings: Settings;
  /** False until the currency is chosen or taken by the first import: `settings.currency` is then this computer's. */
  currencyChosen: boolean;
  hasData: boolean;
  /** Whether a current record holds an amount: from then on the currency cannot change (amounts are never converted). */
  holdsAmounts: boolean;
  /** Datasets whose records imports from before records had identity left more than once. */
  duplicates: DuplicateRecords[];
}

export interface DuplicateRecords {
  dataset: DatasetName;
  /** Records with more than one current row. */
  records: number;
  /** Rows beyond the newest of each: what a merge removes. */
  extraRows: number;
}

export interface ColumnInfo {
  index: number;
  header: string;
  samples: string[];
  /** Target field, or null when the column is left out. */
  field: string | null;
  /** What the values look like: 'date (day-first)', 'money', 'text' ... */
  detectedType: string;
  /**
   * For a duration read into its field's timestamp (the export has no column of the time itself):
   * what the durations are added to, '"Created at" + these minutes'; null for a column read as written.
   */
  derivedFrom: string | null;
}

export interface Inspection {
  fileName: string;
  fileSize: number;
  kind: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  sheets: { name: string; hidden: boolean; hasData: boolean }[];
  sheet: string | null;
  headerRow: number;
  dataset: DatasetName;
  explanation: string;
  candidates: { dataset: DatasetName; score: number; explanation: string }[];
  columns: ColumnInfo[];
  /** Required fields with neither a column nor one value for every row. */
  missingRequired: string[];
  /** Why the file cannot be imported with these choices for another reason (a fixed value that is not one), or null. */
  problem: string | null;
  /** The fields given one value for every row (yours, remembered, or suggested by detection), as [field, value]. */
  set: [string, string][];
  currency: ImportCurrency;
  notes: string[];
  warnings: string[];
  /** The import of this same file before (the same bytes, dataset and sheet), if any: the latest one. */
  duplicateOf: EarlierImport | null;
  /** The fields that identify a record, or null when the file has none of them mapped (its rows are added). */
  identity: string[] | null;
  /** Current records of the dataset in the workbook. */
  records: number;
  /** The earlier import whose mapping was used again for this file's columns, if any. */
  remembered: RememberedMapping | null;
  /** The day the export shows, as this import would take it: given, or the file's modification date. */
  asOf: string;
  /** The latest as-of date among the dataset's imports, if any (an older export slots into the past). */
  latestAsOf: string | null;
}

/** The currency an import reads amounts in, and where it comes from. */
export interface ImportCurrency {
  /** ISO code. */
  code: string;
  /**
   * 'chosen': given with the import; 'workbook': the workbook's own (it has data, or was set);
   * 'amounts': read from the file's signs and codes; 'locale': this computer's, no value naming one.
   */
  from: 'chosen' | 'workbook' | 'amounts' | 'locale';
  /** True while the workbook holds no amount and this file has some (or a currency is chosen for it): this import settles it. */
  open: boolean;
}

/** Where a remembered mapping comes from: the last import of a file with the same columns. */
/** An import of the workbook's, as the wizard names it to its user. */
export interface EarlierImport {
  batch: number;
  fileName: string;
  importedAt: string;
  /** The rows it wrote. */
  rows: number;
}

export interface RememberedMapping {
  batch: number;
  fileName: string;
  importedAt: string;
}

/** One field of a record an import changes. */
export interface FieldChange {
  field: string;
  label: string;
  from: string | number | null;
  to: string | number | null;
}

/** A record an import changes: which row of the file, the record's key as shown, and its changed fields. */
export interface RecordChange {
  row: number;
  key: string;
  fields: FieldChange[];
}

export interface ImportResult {
  /** Null for a check (dry run), and for an import that found nothing to change. */
  batchId: number | null;
  dataset: DatasetName;
  fileName: string;
  /** Rows read without a problem (a row repeated exactly counts once, in `collapsed`). */
  accepted: number;
  rejected: number;
  /** Records the file adds, changes, has as they are, and records the workbook has that the file lacks. */
  added: number;
  changed: number;
  unchanged: number;
  missing_from_file: number;
  /** Of the missing records, those removed (with missing: 'delete'). */
  removed: number;
  /** Rows that repeat an earlier row of the file exactly (same key, same values). */
  collapsed: number;
  /** The fields that identify a record, or null when rows were added without identity. */
  identity: string[] | null;
  /** The first changed records, field by field. */
  changes: RecordChange[];
  remembered: RememberedMapping | null;
  /** The day the export shows: its versions of the records are valid from then. */
  asOf: string;
  currency: ImportCurrency;
  /** The first rejected rows (the CLI prints all it receives; the count above is complete). */
  problems: RowProblem[];
  notes: string[];
  warnings: string[];
  mapping: { column: string; field: string }[];
  /** Every distinct label of the label fields read, with its rows of the file and how it was read. */
  values: ValueLabels[];
  dryRun: boolean;
}

export interface BatchInfo {
  id: number;
  kind: 'import' | 'merge';
  /** The day the export shows. */
  asOf: string;
  dataset: DatasetName;
  fileName: string;
  fileSize: number;
  sheet: string | null;
  importedAt: string;
  rowsAccepted: number;
  rowsRejected: number;
  added: number;
  changed: number;
  unchanged: number;
  missing: number;
  removed: number;
}

export interface DataSummary {
  datasets: { name: DatasetName; label: string; rows: number }[];
  batches: BatchInfo[];
}

export interface RowsPage {
  /** The dataset the rows are versions of; null when there are no rows to show. */
  dataset: DatasetName | null;
  columns: string[];
  rows: (string | number | null)[][];
  /** Each row's record key (its `_key`, for data.history); null for a row without identity. */
  keys: (string | null)[];
  total: number;
}

/** One version of a record: the values an export gave it, valid from that export's as-of date until the next one's. */
export interface RecordVersion {
  /** The as-of date of the batch that wrote this version. */
  valid_from: string;
  /** The as-of date of the batch that replaced or removed it; null while it is current. */
  valid_to: string | null;
  batch: number;
  /** Field → stored value, in the dataset's field order. */
  values: Record<string, string | number | null>;
  /** The fields whose values differ from the previous version's (none for the first). */
  changed: string[];
  /** The batch that replaced or removed this version: the next version's batch when replaced, another when removed; null while current. */
  ended_by: number | null;
}

export interface RecordHistory {
  dataset: DatasetName;
  /** The record's key as shown (parts joined by " / "). */
  key: string;
  /** Oldest first, in the order of the exports' as-of dates. */
  versions: RecordVersion[];
}

export interface MetricInfo {
  id: string;
  name: string;
  area: Area;
  unit: Unit;
  direction: 'up' | 'down';
  description: string;
  formula: string;
  needs: Record<string, readonly string[]>;
  requires: readonly string[];
}

export interface Trend {
  periods: PeriodRef[];
  series: { id: string; values: (number | null)[] }[];
}

/** One stage label of the open deals: its deals and their amount, and those of them without a probability of their own. */
export interface StageCount {
  label: string;
  deals: number;
  amount: number;
  /** Deals without a probability of their own (they take the stage's), and their amount. */
  bare: number;
  bareAmount: number;
}

export interface TargetRow {
  metricId: string;
  period: string;
  segmentField: string | null;
  segmentValue: string | null;
  value: number;
}

/** The period and comparison a person chose for a workbook; null where they have chosen none. */
/** A file chosen in a native dialog: the path stays in main, the page gets an id and the name to show. */
export interface PickedFile {
  id: string;
  name: string;
}

export interface ViewChoice {
  period: string | null;
  compare: 'previous' | 'year' | null;
}

export interface Outputs {
  'app.info': { version: string; face: 'electron' | 'serve' | 'cli' };
  'workbook.info': WorkbookInfo | null;
  'workbook.create': WorkbookInfo;
  'workbook.open': WorkbookInfo;
  'workbook.openSample': WorkbookInfo;
  'workbook.createSample': WorkbookInfo;
  'workbook.save': WorkbookInfo;
  'workbook.saveAs': WorkbookInfo;
  'workbook.close': null;
  'settings.set': WorkbookInfo;
  'import.inspect': Inspection;
  'import.preview': ImportResult;
  'import.values': ValueLabels[];
  'import.run': ImportResult;
  'import.undo': BatchInfo;
  'data.summary': DataSummary;
  'data.mergeDuplicates': BatchInfo | null;
  'data.rows': RowsPage;
  'data.history': RecordHistory;
  'metrics.catalogue': MetricInfo[];
  'metrics.compute': MetricsResponse;
  'metrics.trend': Trend;
  'metrics.rows': RowsPage;
  'metrics.movements': Movements | MrrMovements;
  'metrics.movementRows': RowsPage;
  'metrics.cohorts': Cohorts;
  'data.stages': StageCount[];
  'targets.list': TargetRow[];
  'targets.set': TargetRow[];
  /** `figures` the report published; `unrecorded`: why the workbook could not record them (null when it did). */
  'report.export': { fileName: string; bytes: number; downloadId: string | null; figures: number; unrecorded: string | null };
  'jobs.cancel': { cancelled: boolean };
  'files.forget': null;
  'files.pickOpen': PickedFile | null;
  'files.pickSave': PickedFile | null;
  'view.get': ViewChoice;
  'view.set': ViewChoice;
}
export type Output<K extends ApiName> = Outputs[K];

export interface Events {
  'job.progress': { jobId: string; phase: string; done: number; total: number };
  'menu.action': { action: 'new' | 'open' | 'import' | 'export' | 'save' | 'saveAs' | 'openRecent'; fileId?: string };
  'workbook.changed': { info: WorkbookInfo | null };
}
export type EventPayload<E extends EventName> = Events[E];
