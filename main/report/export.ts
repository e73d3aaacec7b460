/** `report.export` and `kpiw report`: the report of a workbook for a period, written to a file. */
import type { Database } from 'sql.js';
import { AppFailure } from '../../shared/result';
import { readSettings } from '../store/settings';
import { buildReportInput } from './input';
import { DEFAULT_DATA_ROW_CAP } from './types';
import { checkTarget } from './save';
import { writeReport } from './write';

export interface ExportOptions {
  /** A period id as typed (`2026-Q1`); the latest quarter with data when absent. */
  readonly period?: string | undefined;
  readonly dataRowCap?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
}

export async function exportReport(db: Database, outPath: string, opts: ExportOptions = {}): Promise<void> {
  const cap = opts.dataRowCap ?? DEFAULT_DATA_ROW_CAP;
  await checkTarget(outPath);
  opts.onProgress?.('computing', 0, 1);
  const input = buildReportInput(db, opts.period, readSettings(db), cap);
  if (opts.signal?.aborted) throw new AppFailure('cancelled', 'The report was cancelled; no file was written.');
  opts.onProgress?.('computing', 1, 1);
  await writeReport(input, outPath, {
    dataRowCap: cap,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    onProgress: (done, total) => opts.onProgress?.('writing', done, total),
  });
}
