/** `report.export` and `kpiw report`: the report of a workbook for a period, written to a file. */
import { basename } from 'node:path';
import type { Database } from 'sql.js';
import { AppFailure } from '../../shared/result';
import type { Publishing } from '../store/published';
import { readSettings } from '../store/settings';
import { buildReportInput } from './input';
import { shownInReport } from './layout';
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

/** Writes the report and returns the figures it published, for the workbook to record. */
export async function exportReport(db: Database, outPath: string, opts: ExportOptions = {}): Promise<Publishing> {
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
  return {
    report: basename(outPath),
    at: input.generatedAt,
    period: input.period.id,
    figures: input.current.metrics
      .filter(shownInReport)
      .map((m) => ({ metric: m.id, segmentField: '', segmentValue: '', value: m.value!, numerator: m.numerator, denominator: m.denominator })),
  };
}
