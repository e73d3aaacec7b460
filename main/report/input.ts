/**
 * Gathers the report's input from a workbook: the period's KPIs compared with the previous period,
 * the trend over the last 8 periods, the catalogue's definitions, and the rows of every dataset a
 * KPI with data was computed from.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { dataset, datasetNames, storedFields, type DatasetName } from '../../shared/datasets/catalog';
import type { MetricDef, Term } from '../../shared/metrics/define';
import { byId, catalogue } from '../../shared/metrics/index';
import { ALL_START, shiftPeriod } from '../../shared/periods';
import { byStage, FORECAST_AHEAD, forecastIds } from '../../shared/metrics/forecast';
import { projectMrr } from '../../shared/metrics/projection';
import type { PeriodRef } from '../../shared/metrics/types';
import { datasetCounts } from '../store/batches';
import { readRows } from '../store/rows';
import { batchesAfter, figureKey, latestPublications, publishedPeriods } from '../store/published';
import { computeMetrics, computeTrend } from '../metrics/compute';
import { computeMovements } from '../metrics/movements';
import { computeMrrMovements } from '../metrics/mrr-bridge';
import { computeCohorts } from '../metrics/cohorts';
import { resolvePeriod } from '../metrics/period';
import { openStages } from '../metrics/stages';
import { cacheFor } from '../metrics/cache';
import type { Cohorts } from '../../shared/metrics/cohorts';
import { AppFailure } from '../../shared/result';
import { shownInReport } from './layout';
import { datasetsRead } from '../metrics/restated';
import {
  DEFAULT_DATA_ROW_CAP,
  type ReportDataset,
  type ReportForecast,
  type ReportInput,
  type ReportMetricDef,
  type ReportRestatement,
  type TrendPoint,
} from './types';

export const TREND_PERIODS = 8;

/** KPIs that a term is, in the ways of computing `def` that apply to the period, in order. */
function termKpis(def: MetricDef, allPeriod: boolean, pick: (w: MetricDef['ways'][number]) => Term | undefined): string[] {
  const ids: string[] = [];
  for (const w of def.ways) {
    if (w.when !== undefined && (w.when === 'all') !== allPeriod) continue;
    const t = pick(w);
    if (t !== undefined && typeof t === 'object' && 'kpi' in t && !ids.includes(t.kpi)) ids.push(t.kpi);
  }
  return ids;
}

export function reportDefinition(def: MetricDef, allPeriod: boolean): ReportMetricDef {
  // `a|b` in the catalogue: either field will do.
  const needs = Object.entries(def.needs).flatMap(([ds, fields]) => (fields.length === 0 ? [ds] : fields.map((f) => `${ds}.${f.replace(/\|/g, ' or ')}`)));
  const builtFrom = (def.requires ?? []).map((id) => byId.get(id)?.name ?? id);
  return {
    id: def.id,
    name: def.name,
    area: def.area,
    unit: def.unit,
    direction: def.direction,
    description: def.description,
    formula: def.formula,
    chart: def.chart,
    needs: builtFrom.length === 0 ? needs : [...needs, `the KPIs ${builtFrom.join(', ')}`],
    numeratorKpis: termKpis(def, allPeriod, (w) => w.numerator),
    denominatorKpis: termKpis(def, allPeriod, (w) => w.denominator),
  };
}

function datasetRows(db: Database, name: DatasetName, cap: number): ReportDataset {
  const page = readRows(db, { dataset: name, offset: 0, limit: Math.max(1, cap) });
  const fields = storedFields(name);
  const skip = page.columns.length - fields.length;
  return {
    name,
    label: dataset(name).label,
    columns: fields.map((f) => ({ name: f.name, label: f.label, type: f.type })),
    rows: page.rows.map((r) => r.slice(skip)),
    total: page.total,
  };
}

/**
 * Every figure an earlier report published that differs now from its latest publication, oldest
 * period first, each with the batches since that publication of the datasets its KPI reads.
 */
function restatements(db: Database, settings: Settings): ReportRestatement[] {
  const out: { start: string; r: ReportRestatement }[] = [];
  for (const [period, ids] of publishedPeriods(db)) {
    const known = catalogue.filter((d) => ids.includes(d.id)).map((d) => d.id);
    if (known.length === 0) continue;
    const res = computeMetrics(db, { period, ids: known }, settings);
    const restated = res.metrics.filter((m) => m.reported !== undefined);
    if (restated.length === 0) continue;
    const published = latestPublications(db, period);
    for (const m of restated) {
      const p = published.get(figureKey(m.id))!;
      const reads = datasetsRead(byId.get(m.id)!);
      out.push({
        start: res.period.start,
        r: {
          period: res.period.id,
          id: m.id,
          name: m.name,
          unit: m.unit,
          reported: p.value,
          reportedAt: p.at,
          report: p.report,
          now: m.value,
          imports: batchesAfter(db, p.lastBatch)
            .filter((b) => reads.has(b.dataset))
            .map((b) => ({ batch: b.id, fileName: b.fileName })),
        },
      });
    }
  }
  // A stable sort: within a period the KPIs stay in catalogue order.
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.r.period.localeCompare(b.r.period)).map((x) => x.r);
}

/** The quarterly cohorts through the report's period, where the workbook has customers who paid; none otherwise. */
function quarterCohorts(db: Database, period: string, settings: Settings): Cohorts | undefined {
  try {
    const grid = computeCohorts(db, { by: 'quarter', period }, settings);
    return grid.cohorts.length > 0 ? grid : undefined;
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'no_data') return undefined;
    throw e;
  }
}

/**
 * The periods after a dated report period, as the dashboard's forecast shows them: the forecast KPIs
 * over them where the workbook has deals, and the trend's MRR projected over them where it has MRR.
 */
function forecast(db: Database, period: PeriodRef, mrr: readonly (number | null)[], hasDeals: boolean, settings: Settings): ReportForecast | undefined {
  const hasMrr = mrr.some((v) => v !== null);
  if (period.start === ALL_START || (!hasDeals && !hasMrr)) return undefined;
  const shown = resolvePeriod(db, period.id, settings);
  const ahead = Array.from({ length: FORECAST_AHEAD }, (_, k) => shiftPeriod(shown, k + 1))
    .filter((p) => p !== null)
    .map((p) => ({ id: p.id, start: p.start, end: p.end }));
  if (ahead.length === 0) return undefined;
  const probability = byStage(settings.stage_probabilities);
  const category = byStage(settings.forecast_categories);
  return {
    ahead,
    deals: hasDeals
      ? {
          series: computeTrend(db, { period: ahead.at(-1)!.id, count: ahead.length, ids: [...forecastIds] }, settings).series,
          stages: openStages(db, settings, cacheFor(db, settings)).map((s) => ({
            label: s.label,
            deals: s.deals,
            amount: s.amount,
            ownProbability: s.deals - s.bare,
            probability: probability(s.label) ?? null,
            category: category(s.label) ?? null,
          })),
        }
      : undefined,
    mrr: hasMrr ? { projection: projectMrr(mrr, ahead.length) } : undefined,
  };
}

export function buildReportInput(db: Database, period: string | undefined, settings: Settings, dataRowCap = DEFAULT_DATA_ROW_CAP): ReportInput {
  const current = computeMetrics(db, { period, compare: 'previous' }, settings);
  const trend = computeTrend(db, { period: current.period.id, count: TREND_PERIODS }, settings);
  const byMetric = new Map<string, TrendPoint[]>(trend.series.map((s) => [s.id, s.values.map((value) => ({ value, numerator: null, denominator: null }))]));
  const withData = new Set(current.metrics.filter((m) => m.status === 'ok').map((m) => m.id));
  const used = new Set(catalogue.filter((d) => withData.has(d.id)).flatMap((d) => Object.keys(d.needs)));
  const counts = new Map(datasetCounts(db).map((c) => [c.dataset, c.rows]));
  const datasets = dataRowCap <= 0 ? [] : datasetNames.filter((n) => used.has(n) && (counts.get(n) ?? 0) > 0).map((n) => datasetRows(db, n, dataRowCap));
  return {
    company: settings.company_name,
    currency: settings.currency,
    locale: settings.locale,
    period: current.period,
    generatedAt: new Date().toISOString(),
    definitions: catalogue.map((d) => reportDefinition(d, current.period.start === ALL_START)),
    current,
    trend: { periods: trend.periods.map((p) => p.id), byMetric },
    datasets,
    bridge:
      current.period.start !== ALL_START && current.metrics.some((m) => m.id === 'pipeline_value' && shownInReport(m))
        ? computeMovements(db, { period: current.period.id, of: 'pipeline' }, settings)
        : undefined,
    mrrBridge:
      current.period.start !== ALL_START && current.metrics.some((m) => m.id === 'mrr' && shownInReport(m))
        ? computeMrrMovements(db, { period: current.period.id, of: 'mrr' }, settings)
        : undefined,
    cohorts: quarterCohorts(db, current.period.id, settings),
    forecast: forecast(db, current.period, trend.series.find((s) => s.id === 'mrr')?.values ?? [], (counts.get('deals') ?? 0) > 0, settings),
    restatements: restatements(db, settings),
  };
}
