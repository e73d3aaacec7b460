/**
 * The quarterly report: builds the workbook with exceljs, adds the
 * native charts to the package, and saves it atomically.
 */
import ExcelJS from 'exceljs';
import { AppFailure } from '../../shared/result';
import { drawCharts, type ChartSpec } from './charts';
import { fillDataRows, type DataFill } from './data-rows';
import { XlsxPackage } from './package';
import { writeAreaSheet } from './area-sheet';
import { writeBridgeSheet } from './bridge-sheet';
import { writeMrrBridgeSheet } from './mrr-bridge-sheet';
import { writeCohortSheet } from './cohort-sheet';
import { writeForecastSheet } from './forecast-sheet';
import { writeDataSheet } from './data-sheet';
import { writeDefinitionsSheet } from './definitions-sheet';
import { planReport } from './layout';
import { writeRestatementsSheet } from './restatements-sheet';
import { checkTarget, saveAtomically } from './save';
import { SheetNames } from './sheet-names';
import { writeSummarySheet } from './summary-sheet';
import { DEFAULT_DATA_ROW_CAP, type ReportInput, type WriteOptions } from './types';

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppFailure('cancelled', 'The report was cancelled; no file was written.');
}

function datasetsToWrite(input: ReportInput, cap: number): ReportInput['datasets'] {
  return cap === 0 ? [] : input.datasets.filter((d) => d.rows.length > 0 && d.total > 0);
}

const rowCap = (opts: WriteOptions): number => Math.max(0, Math.floor(opts.dataRowCap ?? DEFAULT_DATA_ROW_CAP));

/**
 * The workbook as exceljs holds it, with the charts and the data rows to add to its package. `step`
 * runs after each sheet group (summary and areas, definitions, each data sheet) and may throw to cancel.
 */
export function buildWorkbook(
  input: ReportInput,
  opts: WriteOptions = {},
  step: () => void = () => undefined,
): { wb: ExcelJS.Workbook; charts: ChartSpec[]; fills: DataFill[] } {
  const cap = rowCap(opts);
  const datasets = datasetsToWrite(input, cap);

  const wb = new ExcelJS.Workbook();
  const when = new Date(input.generatedAt);
  const title = `KPI report ${input.period.id}`;
  wb.creator = 'KPI Workbook';
  wb.lastModifiedBy = 'KPI Workbook';
  wb.created = Number.isNaN(when.getTime()) ? new Date() : when;
  wb.modified = wb.created;
  wb.title = input.company === '' ? title : `${title} — ${input.company}`;
  wb.subject = input.period.id;
  wb.company = input.company;
  wb.keywords = `KPI ${input.period.id}`;
  wb.description = `KPIs for ${input.period.id}, compared with the previous period, with their definitions and data.`;

  const names = new SheetNames();
  const plan = planReport(input, names);
  writeSummarySheet(wb, plan, input);
  if (input.restatements.length > 0) writeRestatementsSheet(wb, names.claim('Restatements'), input.restatements, plan.fmt, input.locale);
  const charts: ChartSpec[] = [];
  for (const area of plan.areas) charts.push(...writeAreaSheet(wb, plan, area, input));
  if (input.bridge) writeBridgeSheet(wb, names.claim('Pipeline bridge'), plan, input.bridge, input);
  if (input.mrrBridge) charts.push(writeMrrBridgeSheet(wb, names.claim('MRR bridge'), plan, input.mrrBridge, input));
  if (input.cohorts) writeCohortSheet(wb, names.claim('Cohorts'), plan, input.cohorts, input);
  if (input.forecast) {
    const chart = writeForecastSheet(wb, names.claim('Forecast'), plan, input.forecast, input);
    if (chart) charts.push(chart);
  }
  step();
  writeDefinitionsSheet(wb, plan, input);
  step();
  const fills = datasets.map((d, i) => {
    const capped = d.rows.length > cap ? { ...d, rows: d.rows.slice(0, cap) } : d;
    const fill = writeDataSheet(wb, names.claim(`Data ${d.label}`), capped, i, plan.fmt);
    step();
    return fill;
  });
  return { wb, charts, fills };
}

/**
 * Writes the report for `input` to `outPath`. Fails with target_not_writable (before doing the work)
 * when the target is open elsewhere or cannot be written, with cancelled when `signal` aborts; in
 * every failure an existing file at `outPath` is left untouched.
 */
export async function writeReport(input: ReportInput, outPath: string, opts: WriteOptions = {}): Promise<void> {
  checkCancelled(opts.signal);
  await checkTarget(outPath);
  const total = 4 + datasetsToWrite(input, rowCap(opts)).length;
  let done = 0;
  const step = (): void => {
    checkCancelled(opts.signal);
    opts.onProgress?.(++done, total);
  };
  const { wb, charts, fills } = buildWorkbook(input, opts, step);
  let bytes: Uint8Array;
  try {
    const pkg = await XlsxPackage.load(await wb.xlsx.writeBuffer());
    fillDataRows(pkg, fills);
    drawCharts(pkg, charts);
    bytes = await pkg.toBuffer(wb.created);
  } catch (e) {
    if (e instanceof AppFailure) throw e;
    throw new AppFailure('report_failed', `The report could not be built: ${e instanceof Error ? e.message : String(e)}`);
  }
  step();
  checkCancelled(opts.signal);
  await saveAtomically(outPath, bytes);
  opts.onProgress?.(total, total);
}
