/**
 * Restatements: a figure of a period that a report published and that a later import or undo has
 * changed. The latest publication of a figure is what readers were last told; a figure equal to it
 * has nothing to restate, even where an earlier report said otherwise.
 */
import type { Database } from 'sql.js';
import { datasetNames, type DatasetName } from '../../shared/datasets/catalog';
import { wayDatasets, type MetricDef } from '../../shared/metrics/define';
import { byId } from '../../shared/metrics/index';
import type { MetricResult, Reported } from '../../shared/metrics/types';
import { figureKey, latestPublications, type Publication } from '../store/published';

/** Figures this close, relative to their size, are one figure: the same rows summed in another order differ in the last bits. */
const TOLERANCE = 1e-9;

/** Whether the figure now (null: no data any more) is still the one published. */
export function sameFigure(published: number, now: number | null): boolean {
  if (now === null) return false;
  return Math.abs(published - now) <= TOLERANCE * Math.max(Math.abs(published), Math.abs(now));
}

const reported = (p: Publication): Reported => ({ value: p.value, at: p.at, report: p.report });

/** Gives each figure of `period` (its segments' too, split by `segmentField`) the publication it no longer matches. */
export function attachReported(db: Database, period: string, metrics: readonly MetricResult[], segmentField: string | undefined): void {
  const published = latestPublications(db, period);
  if (published.size === 0) return;
  for (const m of metrics) {
    const total = published.get(figureKey(m.id));
    if (total && !sameFigure(total.value, m.value)) m.reported = reported(total);
    if (segmentField === undefined) continue;
    for (const s of m.segments ?? []) {
      const p = published.get(figureKey(m.id, segmentField, s.key));
      if (p && !sameFigure(p.value, s.value)) s.reported = reported(p);
    }
  }
}

/** The datasets a KPI is computed from, with those of the KPIs it is built from; data completeness reads them all. */
export function datasetsRead(def: MetricDef): Set<DatasetName> {
  const out = new Set<DatasetName>();
  const seen = new Set<string>();
  const visit = (d: MetricDef): void => {
    if (seen.has(d.id)) return;
    seen.add(d.id);
    for (const w of d.ways) {
      for (const ds of wayDatasets(w)) out.add(ds);
      for (const ds of Object.keys(w.needs) as DatasetName[]) out.add(ds);
      if (Object.values(w.measures).some((m) => m.kind === 'completeness')) for (const ds of datasetNames) out.add(ds);
    }
    for (const id of d.requires ?? []) {
      const r = byId.get(id);
      if (r) visit(r);
    }
  };
  visit(def);
  return out;
}
