/** Small workbooks for the metric tests: datasets inserted as import batches into an in-memory workbook. */
import type { Database } from 'sql.js';
import type { Settings } from '../../../../shared/api';
import type { DatasetName } from '../../../../shared/datasets/catalog';
import { memoryDatabase } from '../../../../main/store/memory';
import { insertBatch, type CanonicalRow } from '../../../../main/store/batches';
import { readSettings } from '../../../../main/store/settings';
import { computeMetrics } from '../../../../main/metrics/compute';
import type { MetricResult } from '../../../../shared/metrics/types';

let batchNo = 0;

export async function workbook(data: Partial<Record<DatasetName, CanonicalRow[]>>): Promise<Database> {
  const db = await memoryDatabase();
  for (const [ds, rows] of Object.entries(data) as [DatasetName, CanonicalRow[]][]) addRows(db, ds, rows);
  return db;
}

export function addRows(db: Database, ds: DatasetName, rows: CanonicalRow[]): void {
  batchNo++;
  insertBatch(
    db,
    { dataset: ds, fileName: `${ds}-${batchNo}.csv`, fileSize: 1, fileHash: `h${batchNo}`, sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    rows,
    `2026-01-01T00:00:${String(batchNo % 60).padStart(2, '0')}.${batchNo}`,
  );
}

export function settingsOf(db: Database, patch: Partial<Settings> = {}): Settings {
  return { ...readSettings(db), ...patch };
}

/** One KPI for a period. */
export function kpi(db: Database, id: string, period: string, patch: Partial<Settings> = {}, compare?: 'previous' | 'year'): MetricResult {
  const r = computeMetrics(db, { period, ids: [id], compare }, settingsOf(db, patch));
  return r.metrics[0]!;
}

/** n copies of a row, each with a running id in `idField`. */
export function times(n: number, row: CanonicalRow, idField?: string, prefix = 'x'): CanonicalRow[] {
  return Array.from({ length: n }, (_, i) => (idField ? { ...row, [idField]: `${prefix}${i}` } : { ...row }));
}
