/**
 * The figures exported reports published (schema v3 `published`): what a board was told, kept so that
 * a later import or undo that changes one of them can be shown as a restatement.
 */
import type { Database } from 'sql.js';
import type { DatasetName } from '../../shared/datasets/catalog';
import { lastBatchId } from './batches';

export interface PublishedFigure {
  readonly metric: string;
  /** Both empty for the whole company. */
  readonly segmentField: string;
  readonly segmentValue: string;
  readonly value: number;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

export interface Publication {
  readonly report: string;
  /** ISO time the report was written. */
  readonly at: string;
  /**
   * The last batch id handed out when the report was written: batches with a higher id came after it.
   * Ids, unlike import times (kept to the second), order an import and a report of the same second.
   */
  readonly lastBatch: number;
  readonly value: number;
}

export interface Publishing {
  readonly report: string;
  readonly at: string;
  readonly period: string;
  readonly figures: readonly PublishedFigure[];
}

/** Where one figure's publications are filed: KPI, segment field and segment value. */
export const figureKey = (metric: string, segmentField = '', segmentValue = ''): string => `${metric}\u0000${segmentField}\u0000${segmentValue}`;

/** Records a report's figures; returns the rowid before them, which `forgetPublished` takes to remove them again. */
export function recordPublished(db: Database, p: Publishing): number {
  const before = Number(db.exec('SELECT coalesce(max(rowid), 0) FROM published')[0]!.values[0]![0]);
  const lastBatch = lastBatchId(db);
  db.run('BEGIN');
  try {
    const ins = db.prepare(
      `INSERT INTO published (report, published_at, last_batch, period, metric_id, segment_field, segment_value, value, numerator, denominator)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    try {
      for (const f of p.figures) ins.run([p.report, p.at, lastBatch, p.period, f.metric, f.segmentField, f.segmentValue, f.value, f.numerator, f.denominator]);
    } finally {
      ins.free();
    }
    db.run('COMMIT');
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
  return before;
}

/** Removes what `recordPublished` wrote after `before` (its save failed: the workbook must not claim it). */
export function forgetPublished(db: Database, before: number): void {
  db.run('DELETE FROM published WHERE rowid > ?', [before]);
}

/** The latest publication of each figure of a period, by figureKey. */
export function latestPublications(db: Database, period: string): Map<string, Publication> {
  const rows =
    db.exec(`SELECT metric_id, segment_field, segment_value, report, published_at, last_batch, value FROM published WHERE period = ? ORDER BY rowid`, [
      period,
    ])[0]?.values ?? [];
  const out = new Map<string, Publication>();
  for (const [metric, field, value, report, at, lastBatch, v] of rows) {
    out.set(figureKey(String(metric), String(field), String(value)), {
      report: String(report),
      at: String(at),
      lastBatch: Number(lastBatch),
      value: Number(v),
    });
  }
  return out;
}

/** The periods reports have published figures of, and the KPIs of each. */
export function publishedPeriods(db: Database): Map<string, string[]> {
  const rows = db.exec(`SELECT DISTINCT period, metric_id FROM published ORDER BY period, metric_id`)[0]?.values ?? [];
  const out = new Map<string, string[]>();
  for (const [period, metric] of rows) {
    const list = out.get(String(period)) ?? [];
    list.push(String(metric));
    out.set(String(period), list);
  }
  return out;
}

export interface LaterBatch {
  readonly id: number;
  readonly dataset: DatasetName;
  readonly fileName: string;
}

/** The batches (imports and merges) still in the workbook that came after `lastBatch`, oldest first. */
export function batchesAfter(db: Database, lastBatch: number): LaterBatch[] {
  const rows = db.exec(`SELECT id, dataset, file_name FROM import_batches WHERE id > ? ORDER BY id`, [lastBatch])[0]?.values ?? [];
  return rows.map(([id, dataset, fileName]) => ({ id: Number(id), dataset: dataset as DatasetName, fileName: String(fileName) }));
}
