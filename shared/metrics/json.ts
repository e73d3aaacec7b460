import type { MetricsResponse } from './types';

/**
 * The `--json` shape of `kpiw metrics`: period, and per KPI id, name, unit, status, value, numerator,
 * denominator, previous, target (+ reason, segments, parts; `reported` beside the value of a restated figure).
 */
export function toJson(response: MetricsResponse): unknown {
  return {
    period: response.period,
    ...(response.compare ? { compare: response.compare } : {}),
    metrics: response.metrics.map((m) => ({
      id: m.id,
      name: m.name,
      area: m.area,
      unit: m.unit,
      direction: m.direction,
      status: m.status,
      value: m.value,
      ...(m.reported !== undefined ? { reported: m.reported } : {}),
      numerator: m.numerator,
      denominator: m.denominator,
      previous: m.previous ?? null,
      delta: m.delta ?? null,
      target: m.target,
      targetStatus: m.targetStatus ?? null,
      ...(m.reason !== undefined ? { reason: m.reason } : {}),
      ...(m.note !== undefined ? { note: m.note } : {}),
      ...(m.segments !== undefined ? { segments: m.segments } : {}),
      ...(m.parts !== undefined ? { parts: m.parts } : {}),
    })),
  };
}
