/**
 * THE service table: one handler per API call. The three faces (Electron IPC, browser mode, CLI)
 * call `callService`, which validates the input against the contract, runs the handler and turns
 * every failure into an error value. No face holds logic of its own.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { api, type BatchInfo, type Input, type Output, type WorkbookInfo, type FileRef } from '../shared/api';
import { isApiName, type ApiName } from '../shared/api-names';
import { AppFailure, type Result } from '../shared/result';
import { catalogue } from '../shared/metrics/index';
import type { Session } from './session';
import { createWorkbook, openWorkbook, saveWorkbook, saveWorkbookAs, closeWorkbook, type Workbook } from './store/workbook';
import { currencyChosen, readSettings, writeSettings } from './store/settings';
import { currencyFixed, holdsAmounts } from './import/currency';
import { datasetCounts, listBatches, undoBatch, type BatchSummary } from './store/batches';
import { findDuplicates, mergeDuplicates } from './store/duplicates';
import { readRows } from './store/rows';
import { forgetPublished, recordPublished, type Publishing } from './store/published';
import { recordHistory } from './store/history';
import { countValues, inspectFile, importFile } from './import/pipeline';
import { computeMetrics, computeTrend, metricRows } from './metrics/compute';
import { computeMovements, movementRows } from './metrics/movements';
import { computeCohorts } from './metrics/cohorts';
import { openStages } from './metrics/stages';
import { keepRollups } from './metrics/keep';
import { cacheFor, memo } from './metrics/cache';
import { listTargets, setTargets } from './metrics/targets';
import { writeDemo } from './demo/generate';
import { dataset } from '../shared/datasets/catalog';
import { resolvePeriod } from './metrics/period';
import { readView, writeView } from './view-state';
// The one place the version is written; bundles inline only this field.
import { version } from '../package.json';

export interface CallContext {
  /** Long jobs report progress here (the faces forward it as `job.progress`). */
  onProgress?: (phase: string, done: number, total: number) => void;
}

type Handler<K extends ApiName> = (input: Input<K>, session: Session, ctx: CallContext) => Promise<Output<K>>;
export type ServiceTable = { [K in ApiName]: Handler<K> };

function info(wb: Workbook): WorkbookInfo {
  const counts = datasetCounts(wb.db);
  const settings = readSettings(wb.db);
  return {
    name: wb.path.split(/[\\/]/).pop() ?? wb.path,
    path: wb.path,
    readOnly: wb.readOnly,
    readOnlyReason: wb.readOnlyReason,
    dirty: wb.dirty,
    settings,
    currencyChosen: currencyChosen(wb.db),
    hasData: counts.some((c) => c.rows > 0),
    holdsAmounts: holdsAmounts(wb.db),
    // Counted once per data version (the metrics' cache moves with every batch), not on every call.
    duplicates: memo(cacheFor(wb.db, settings), 'duplicates', () => findDuplicates(wb.db)),
  };
}

/** Every change is saved at once (one atomic save), so nothing the user did is lost on a crash. */
async function commit(session: Session, wb: Workbook): Promise<WorkbookInfo> {
  wb.dirty = true;
  await saveWorkbook(wb);
  const i = info(wb);
  session.emit('workbook.changed', { info: i });
  return i;
}

function requireWritable(wb: Workbook): void {
  if (wb.readOnly) throw new AppFailure('workbook_read_only', wb.readOnlyReason ?? `${info(wb).name} is open read-only.`);
}

async function replaceWorkbook(session: Session, next: Workbook): Promise<WorkbookInfo> {
  if (session.workbook) closeWorkbook(session.workbook);
  session.workbook = next;
  const i = info(next);
  session.emit('workbook.changed', { info: i });
  return i;
}

/**
 * A workbook an open brought up to date is saved at once, with its rollups, in one atomic save: the
 * file as it was stays beside it as `.bak`. Read-only, it is used as upgraded in memory only.
 */
async function upgraded(wb: Workbook): Promise<Workbook> {
  if (!wb.dirty || wb.readOnly) return wb;
  keepRollups(wb.db, readSettings(wb.db));
  // A failed save leaves the file as it was and the workbook open with its changes unsaved (dirty),
  // as after any failed save: the next change saves them, or the user is asked on closing.
  await saveWorkbook(wb).catch(() => undefined);
  return wb;
}

async function createSample(session: Session, path: string): Promise<WorkbookInfo> {
  const wb = await createWorkbook(path);
  try {
    writeDemo(wb.db);
    keepRollups(wb.db, readSettings(wb.db));
    wb.dirty = true;
    await saveWorkbook(wb);
  } catch (e) {
    // A sample that could not be written whole is not left behind, locked or half-filled.
    closeWorkbook(wb);
    await rm(path, { force: true });
    throw e;
  }
  return replaceWorkbook(session, wb);
}

const batchInfo = (b: BatchSummary): BatchInfo => ({
  id: b.id,
  kind: b.kind,
  asOf: b.asOf,
  dataset: b.dataset,
  fileName: b.fileName,
  fileSize: b.fileSize,
  sheet: b.sheet,
  importedAt: b.importedAt,
  rowsAccepted: b.rowsAccepted,
  rowsRejected: b.rowsRejected,
  added: b.added,
  changed: b.changed,
  unchanged: b.unchanged,
  missing: b.missing,
  removed: b.removed,
});

async function withJob<T>(
  session: Session,
  ctx: CallContext,
  jobId: string | undefined,
  run: (signal: AbortSignal, progress: (phase: string, done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const job = session.startJob(jobId);
  const progress = (phase: string, done: number, total: number) => {
    ctx.onProgress?.(phase, done, total);
    session.emit('job.progress', { jobId: job.id, phase, done, total });
  };
  try {
    return await run(job.signal, progress);
  } finally {
    job.done();
  }
}

async function reportTarget(session: Session, file: FileRef | undefined): Promise<{ path: string; downloadId: string | null }> {
  if (file) return { path: session.resolveFile(file).path, downloadId: null };
  if (session.face !== 'serve') throw new AppFailure('invalid_input', 'Choose where to save the report.');
  const dir = join(session.dataDir, 'downloads');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `report-${Date.now()}.xlsx`);
  return { path, downloadId: session.registerFile(path) };
}

/**
 * Keeps what a written report published, saved at once like every change, so that a later import or
 * undo that changes one of its figures shows as a restatement. The report stands either way: where
 * the workbook cannot record it, the sentence returned says so.
 */
async function recordPublication(session: Session, wb: Workbook, published: Publishing): Promise<string | null> {
  const n = published.figures.length;
  if (n === 0) return null;
  const name = info(wb).name;
  const notRecorded = (why: string): string =>
    `The report's ${n} figure${n === 1 ? '' : 's'} could not be recorded in ${name}: ${why.replace(/; opened read-only$/, '')}. ` +
    'Export the report again once the workbook can be written, or a later change to these figures will not show as a restatement.';
  if (wb.readOnly) return notRecorded(wb.readOnlyReason ?? `${name} is open read-only`);
  const wasDirty = wb.dirty;
  const before = recordPublished(wb.db, published);
  try {
    await commit(session, wb);
    return null;
  } catch (e) {
    // The file on disk does not have them: the open workbook must not claim them either.
    forgetPublished(wb.db, before);
    wb.dirty = wasDirty;
    return notRecorded((e instanceof Error ? e.message : String(e)).replace(/\.$/, ''));
  }
}

export const services: ServiceTable = {
  'app.info': async (_i, session) => ({ version, face: session.face }),
  'workbook.info': async (_i, session) => (session.workbook ? info(session.workbook) : null),
  'workbook.create': async ({ file }, session) => replaceWorkbook(session, await createWorkbook(session.resolveFile(file).path)),
  'workbook.open': async ({ file, readOnly }, session) =>
    replaceWorkbook(session, await upgraded(await openWorkbook(session.resolveFile(file).path, { readOnly: readOnly ?? false }))),
  'workbook.openSample': async (_i, session) => {
    await mkdir(session.dataDir, { recursive: true });
    const path = join(session.dataDir, 'Sample company.kpiw');
    if (existsSync(path)) return replaceWorkbook(session, await upgraded(await openWorkbook(path)));
    return createSample(session, path);
  },
  'workbook.createSample': async ({ file }, session) => createSample(session, session.resolveFile(file).path),
  'workbook.save': async (_i, session) => {
    const wb = session.requireWorkbook();
    requireWritable(wb);
    return commit(session, wb);
  },
  'workbook.saveAs': async ({ file }, session) => {
    const wb = session.requireWorkbook();
    const next = await saveWorkbookAs(wb, session.resolveFile(file).path);
    return replaceWorkbook(session, next);
  },
  'workbook.close': async (_i, session) => {
    if (session.workbook) closeWorkbook(session.workbook);
    session.workbook = null;
    session.emit('workbook.changed', { info: null });
    return null;
  },
  'settings.set': async ({ patch }, session) => {
    const wb = session.requireWorkbook();
    requireWritable(wb);
    const current = readSettings(wb.db).currency;
    if (patch.currency !== undefined && patch.currency !== current && holdsAmounts(wb.db)) {
      const fixed = currencyFixed(current, patch.currency);
      throw new AppFailure('invalid_input', `${fixed[0]!.toUpperCase()}${fixed.slice(1)}.`, { option: 'currency' });
    }
    writeSettings(wb.db, patch);
    // A setting a KPI's query reads (the CSAT threshold) makes a new query: its rollups are kept now.
    keepRollups(wb.db, readSettings(wb.db));
    return commit(session, wb);
  },
  'import.inspect': async ({ file, options }, session) => {
    const f = session.resolveFile(file);
    return inspectFile(f.path, options ?? {}, session.workbook?.db ?? null, f.name);
  },
  'import.preview': async ({ file, options }, session, ctx) => {
    const wb = session.requireWorkbook();
    const f = session.resolveFile(file);
    return withJob(session, ctx, undefined, (signal, onProgress) => importFile(wb.db, f.path, options, { dryRun: true, signal, onProgress, fileName: f.name }));
  },
  'import.values': async ({ file, options, jobId }, session, ctx) => {
    const f = session.resolveFile(file);
    return withJob(session, ctx, jobId, (signal, onProgress) =>
      countValues(f.path, options, session.workbook?.db ?? null, { signal, onProgress, fileName: f.name }),
    );
  },
  'import.run': async ({ file, options, jobId }, session, ctx) => {
    const wb = session.requireWorkbook();
    requireWritable(wb);
    const f = session.resolveFile(file);
    return withJob(session, ctx, jobId, async (signal, onProgress) => {
      const result = await importFile(wb.db, f.path, options, { dryRun: false, signal, onProgress, fileName: f.name });
      // A file whose records the workbook already has as they are changes nothing, on disk neither.
      if (result.batchId === null) return result;
      // Usually a fraction of a second; once, for a workbook from before rollups were kept, a scan of
      // its older rows: said, and given a turn of the event loop so that the saying reaches the window.
      onProgress('summarising', 0, 1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      keepRollups(wb.db, readSettings(wb.db));
      onProgress('saving', 0, 1);
      await commit(session, wb);
      onProgress('saving', 1, 1);
      return result;
    });
  },
  'import.undo': async ({ batch }, session) => {
    const wb = session.requireWorkbook();
    requireWritable(wb);
    const removed = undoBatch(wb.db, batch);
    if (!removed) {
      const known = listBatches(wb.db).map((b) => b.id);
      throw new AppFailure('unknown_batch', `There is no import batch ${batch} in ${info(wb).name}${known.length ? ` (batches: ${known.join(', ')})` : ''}.`);
    }
    // Undoing an earlier batch can move versions a later one replaced: their rollups are counted again now.
    keepRollups(wb.db, readSettings(wb.db));
    await commit(session, wb);
    return batchInfo(removed);
  },
  'data.summary': async (_i, session) => {
    const wb = session.requireWorkbook();
    return {
      datasets: datasetCounts(wb.db).map((c) => ({ name: c.dataset, label: dataset(c.dataset).label, rows: c.rows })),
      batches: listBatches(wb.db).map(batchInfo),
    };
  },
  'data.mergeDuplicates': async ({ dataset }, session) => {
    const wb = session.requireWorkbook();
    requireWritable(wb);
    const merged = mergeDuplicates(wb.db, dataset, new Date().toISOString().slice(0, 19));
    if (!merged) return null;
    keepRollups(wb.db, readSettings(wb.db));
    await commit(session, wb);
    return batchInfo(merged);
  },
  'data.rows': async (input, session) => readRows(session.requireWorkbook().db, input),
  'data.history': async ({ dataset, id }, session) => recordHistory(session.requireWorkbook().db, dataset, id),
  'metrics.catalogue': async () =>
    catalogue.map((m) => ({
      id: m.id,
      name: m.name,
      area: m.area,
      unit: m.unit,
      direction: m.direction,
      description: m.description,
      formula: m.formula,
      needs: m.needs,
      requires: m.requires ?? [],
    })),
  'metrics.compute': async (input, session) => {
    const wb = session.requireWorkbook();
    return computeMetrics(wb.db, input, readSettings(wb.db));
  },
  'metrics.trend': async (input, session) => {
    const wb = session.requireWorkbook();
    return computeTrend(wb.db, input, readSettings(wb.db));
  },
  'metrics.rows': async (input, session) => {
    const wb = session.requireWorkbook();
    return metricRows(wb.db, input, readSettings(wb.db));
  },
  'metrics.movements': async (input, session) => {
    const wb = session.requireWorkbook();
    return computeMovements(wb.db, input, readSettings(wb.db));
  },
  'metrics.movementRows': async (input, session) => {
    const wb = session.requireWorkbook();
    return movementRows(wb.db, input, readSettings(wb.db));
  },
  'metrics.cohorts': async (input, session) => {
    const wb = session.requireWorkbook();
    return computeCohorts(wb.db, input, readSettings(wb.db));
  },
  'data.stages': async (_i, session) => {
    const wb = session.requireWorkbook();
    const settings = readSettings(wb.db);
    return openStages(wb.db, settings, cacheFor(wb.db, settings));
  },
  'targets.list': async (_i, session) => listTargets(session.requireWorkbook().db),
  'targets.set': async (input, session) => {
    const wb = session.requireWorkbook();
    requireWritable(wb);
    setTargets(wb.db, input, readSettings(wb.db));
    await commit(session, wb);
    return listTargets(wb.db);
  },
  'report.export': async ({ period, file, jobId, dataRowCap }, session, ctx) => {
    const wb = session.requireWorkbook();
    const target = await reportTarget(session, file);
    return withJob(session, ctx, jobId, async (signal, onProgress) => {
      // The report writer brings exceljs; loaded here, it is off the start-up of every other command.
      const { exportReport } = await import('./report/export');
      const published = await exportReport(wb.db, target.path, { period, signal, onProgress, dataRowCap });
      const bytes = (await stat(target.path)).size;
      const unrecorded = await recordPublication(session, wb, published);
      return { fileName: published.report, bytes, downloadId: target.downloadId, figures: published.figures.length, unrecorded };
    });
  },
  'jobs.cancel': async ({ jobId }, session) => ({ cancelled: session.cancelJob(jobId) }),
  'files.forget': async ({ id }, session) => {
    session.forgetFile(id);
    return null;
  },
  // The desktop face answers these with its native dialogs (main/electron/pick-files.ts); in a browser
  // the page picks with its own file input and saves by download, and the command line takes paths.
  'files.pickOpen': async () => noDialog(),
  'files.pickSave': async () => noDialog(),
  'view.get': async (_i, session) => readView(session.dataDir, session.requireWorkbook().path),
  'view.set': async ({ period, compare }, session) => {
    const wb = session.requireWorkbook();
    // Kept as the id the app reads back (`2024-q3` is 2024-Q3); one it cannot read is refused now, not on the next start.
    const id = period === undefined || period === null ? period : resolvePeriod(wb.db, period, readSettings(wb.db)).id;
    return writeView(session.dataDir, wb.path, { period: id, compare });
  },
};

/** Calls that never touch the workbook, so they answer at once even while an import runs (cancel above all). */
function noDialog(): never {
  throw new AppFailure(
    'invalid_input',
    "Only the desktop app has file dialogs: in the browser, choose a file with the page's own button, and reports are saved as downloads.",
  );
}

const unqueued = new Set<ApiName>(['app.info', 'jobs.cancel', 'files.forget']);

/** Validates `rawInput` against the contract and runs the handler; never throws. */
export async function callService<K extends ApiName>(session: Session, name: K, rawInput: unknown, ctx: CallContext = {}): Promise<Result<Output<K>>> {
  if (!isApiName(name)) return { ok: false, error: { code: 'invalid_input', message: `Unknown call ${String(name)}.` } };
  const parsed = api[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${name}${where}: ${issue?.message ?? 'wrong shape'}` } };
  }
  try {
    const handler = services[name] as Handler<K>;
    const run = () => handler(parsed.data as Input<K>, session, ctx);
    return { ok: true, value: await (unqueued.has(name) ? run() : session.serialise(run)) };
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.toError() };
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'internal', message: `Unexpected error in ${name}: ${message}` } };
  }
}
