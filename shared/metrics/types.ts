/** The shapes KPI results travel in: the service table, the CLI's --json, the UI and the report. */

export type Unit = 'ratio' | 'currency' | 'days' | 'hours' | 'count' | 'score' | 'multiple' | 'months';
export type Area = 'sales' | 'marketing' | 'customers' | 'service' | 'adoption';
export type Direction = 'up' | 'down';

export interface PeriodRef {
  id: string;
  start: string;
  end: string;
}

export type TargetStatus = 'on_track' | 'at_risk' | 'off_track';

/** The figure an exported report published, where the figure has changed since. */
export interface Reported {
  value: number;
  /** ISO time the report was written. */
  at: string;
  /** The report's file name. */
  report: string;
}

export interface SegmentResult {
  key: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The published figure of this segment, where a later import or undo has changed it. */
  reported?: Reported;
}

export interface MetricResult {
  id: string;
  name: string;
  area: Area;
  unit: Unit;
  direction: Direction;
  status: 'ok' | 'no_data';
  /** Ratios are fractions (0.63), never percents. Null exactly when status is no_data. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** When no_data: which dataset or field is missing and how to provide it, or why the division is empty. */
  reason?: string;
  /** With a comparison: the value for the comparison period, and value - previous. */
  previous?: number | null;
  delta?: number | null;
  target: number | null;
  targetStatus?: TargetStatus | null;
  /** With a segment field: one entry per value of that field, as written in the data. */
  segments?: SegmentResult[];
  /** Something the reader should know about how the value was obtained. */
  note?: string;
  /** The counts behind the value, by measure name, where the KPI's way names them (NPS: promoters, passives, detractors, responses). */
  parts?: Record<string, number | null>;
  /** The latest figure a report published for this period, where a later import or undo has changed it. */
  reported?: Reported;
}

export interface MetricsResponse {
  period: PeriodRef;
  compare?: { kind: 'previous' | 'year'; period: PeriodRef };
  metrics: MetricResult[];
}
