/**
 * Runs the catalogue: every KPI for a period, with a comparison period, segments and targets; KPI
 * series over consecutive periods for trends; the default period (the latest quarter with data).
 */
import type { Database } from 'sql.js';
import type { Input, Settings, Trend } from '../../shared/api';
import type { MetricDef } from '../../shared/metrics/define';
import { byId, catalogue } from '../../shared/metrics/index';
import type { MetricResult, MetricsResponse, PeriodRef, SegmentResult } from '../../shared/metrics/types';
import { lastNPeriods, previousPeriod, yearAgoPeriod, type Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { Evaluator } from './evaluate';
import { env, resolvePeriod } from './period';
import { attachReported } from './restated';
import { targetsFor, targetStatus } from './targets';

export interface ComputeOptions {
  period?: string | undefined;
  compare?: 'previous' | 'year' | undefined;
  segment?: string | undefined;
  ids?: readonly string[] | undefined;
}

const ref = (p: Period): PeriodRef => ({ id: p.id, start: p.start, end: p.end });

function selected(ids: readonly string[] | undefined): readonly MetricDef[] {
  if (!ids) return catalogue;
  return ids.map((id) => {
    const def = byId.get(id);
    if (!def) throw new AppFailure('unknown_metric', `There is no KPI "${id}".`, { id });
    return def;
  });
}

function segments(ev: Evaluator, def: MetricDef, p: Period, field: string, targets: Map<string, number>): { segments: SegmentResult[]; note?: string } {
  const problem = ev.segmentProblem(def, p, field);
  if (problem) return { segments: [], note: problem };
  const out: (SegmentResult & { target?: number | null; targetStatus?: ReturnType<typeof targetStatus> })[] = [];
  for (const key of ev.segmentKeys(def, p)) {
    const r = ev.kpi(def, p, key);
    const empty = (r.numerator === null || r.numerator === 0) && (r.denominator === null || r.denominator === 0);
    if (empty) continue;
    const seg: (typeof out)[number] = { key, value: r.value, numerator: r.numerator, denominator: r.denominator };
    const t = targets.get(`${def.id}\u0000${field}\u0000${key}`);
    if (t !== undefined) {
      seg.target = t;
      seg.targetStatus = targetStatus(r.value, t, def.direction);
    }
    out.push(seg);
  }
  out.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.key.localeCompare(b.key));
  return { segments: out };
}

export function computeMetrics(db: Database, options: ComputeOptions, settings: Settings): MetricsResponse {
  const period = resolvePeriod(db, options.period, settings);
  const comparePeriod = options.compare === 'previous' ? previousPeriod(period) : options.compare === 'year' ? yearAgoPeriod(period) : null;
  const defs = selected(options.ids);
  const total = new Evaluator(env(db, settings, null));
  const bySegment = options.segment ? new Evaluator(env(db, settings, options.segment)) : null;
  const targets = targetsFor(db, period.id);
  const metrics = defs.map((def): MetricResult => {
    const r = total.kpi(def, period, null);
    const target = targets.get(def.id) ?? null;
    const out: MetricResult = {
      id: def.id,
      name: def.name,
      area: def.area,
      unit: def.unit,
      direction: def.direction,
      status: r.value === null ? 'no_data' : 'ok',
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      target,
      targetStatus: targetStatus(r.value, target, def.direction),
    };
    if (r.reason !== undefined && r.value === null) out.reason = r.reason;
    if (r.note !== undefined) out.note = r.note;
    const parts = r.value === null ? undefined : total.parts(def, period);
    if (parts) out.parts = parts;
    if (options.compare) {
      const prev = comparePeriod ? total.kpi(def, comparePeriod, null).value : null;
      out.previous = prev;
      out.delta = prev !== null && r.value !== null ? r.value - prev : null;
    }
    if (bySegment && options.segment) {
      const s = segments(bySegment, def, period, options.segment, targets);
      out.segments = s.segments;
      if (s.note) out.note = out.note ? `${out.note}; ${s.note}` : s.note;
    }
    return out;
  });
  attachReported(db, period.id, metrics, options.segment);
  const response: MetricsResponse = { period: ref(period), metrics };
  if (options.compare && comparePeriod) response.compare = { kind: options.compare, period: ref(comparePeriod) };
  return response;
}

/** KPI values over `count` consecutive periods (quarters by default) ending with the given or default period. */
export function computeTrend(db: Database, input: Input<'metrics.trend'>, settings: Settings): Trend {
  const end = resolvePeriod(db, input.period, settings);
  const periods = lastNPeriods(end, input.count ?? 8);
  const ev = new Evaluator(env(db, settings, null));
  return {
    periods: periods.map(ref),
    series: selected(input.ids).map((def) => ({ id: def.id, values: periods.map((p) => ev.kpi(def, p, null).value) })),
  };
}

export { metricRows } from './rows';
export { defaultPeriod, resolvePeriod } from './period';
