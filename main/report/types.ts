/**
 * Everything the report writer needs, as plain data: the writer knows nothing of the store or the
 * metric engine, so it can be tested on hand-made input and the engine can change behind input.ts.
 */
import type { FieldType } from '../../shared/datasets/catalog';
import type { MetricDef } from '../../shared/metrics/define';
import type { MetricResult, MetricsResponse, PeriodRef } from '../../shared/metrics/types';
import type { Movements, MrrMovements } from '../../shared/metrics/movements';
import type { Cohorts } from '../../shared/metrics/cohorts';
import type { ForecastCategory } from '../../shared/metrics/forecast';
import type { Projection } from '../../shared/metrics/projection';

/** A KPI as the catalogue declares it (formula: the definition as text, as the app shows it). */
export interface ReportMetricDef extends Pick<MetricDef, 'id' | 'name' | 'area' | 'unit' | 'direction' | 'description' | 'formula' | 'chart'> {
  /** Datasets and fields it needs, as `dataset.field` or `dataset`. */
  readonly needs: readonly string[];
  /**
   * KPIs the numerator (denominator) may be, in the ways of computing this KPI for the period. The
   * report links the cell to the first whose value it equals.
   */
  readonly numeratorKpis?: readonly string[];
  readonly denominatorKpis?: readonly string[];
}

/** One KPI in one period of the trend. */
export interface TrendPoint {
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

export interface ReportTrend {
  /** The last periods, oldest first; the report's period is the last one. */
  readonly periods: readonly string[];
  /** KPI id → one point per period, aligned with `periods`. */
  readonly byMetric: ReadonlyMap<string, readonly (TrendPoint | null)[]>;
}

export interface ReportColumn {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
}

export interface ReportDataset {
  readonly name: string;
  readonly label: string;
  readonly columns: readonly ReportColumn[];
  /** Rows as arrays aligned with `columns`, at most the row cap of the report. */
  readonly rows: readonly (readonly unknown[])[];
  /** How many rows the dataset has in all. */
  readonly total: number;
}

/** A figure an earlier report published that has changed since (main/metrics/restated.ts). */
export interface ReportRestatement {
  readonly period: string;
  readonly id: string;
  readonly name: string;
  readonly unit: MetricResult['unit'];
  readonly reported: number;
  /** ISO time and file name of the report that published it. */
  readonly reportedAt: string;
  readonly report: string;
  /** Null when the KPI has no data for the period any more. */
  readonly now: number | null;
  /** The batches since that report of the datasets the KPI reads; none when an undo or a setting changed it. */
  readonly imports: readonly { readonly batch: number; readonly fileName: string }[];
}

/** A stage label of the open deals, and the forecast settings its deals count at. */
export interface ReportForecastStage {
  readonly label: string;
  readonly deals: number;
  readonly amount: number;
  /** Of its deals, those with a probability of their own, which they count at instead of the stage's. */
  readonly ownProbability: number;
  /** The stage's probability (0-1) and forecast category in Settings; null where none is set. */
  readonly probability: number | null;
  readonly category: ForecastCategory | null;
}

/** The periods after the report's: what the deals open now are expected to bring, and MRR's trailing projection. */
export interface ReportForecast {
  /** The periods after the report's, oldest first. */
  readonly ahead: readonly PeriodRef[];
  /** Each forecast KPI over `ahead`, and the open deals' stages; absent when the workbook has no deals. */
  readonly deals?:
    | {
        readonly series: readonly { readonly id: string; readonly values: readonly (number | null)[] }[];
        readonly stages: readonly ReportForecastStage[];
      }
    | undefined;
  /** The trend's MRR projected over `ahead`, null when its last four periods are not all known; absent when the trend has no MRR. */
  readonly mrr?: { readonly projection: Projection | null } | undefined;
}

export interface ReportInput {
  readonly company: string;
  readonly currency: string;
  readonly locale: string;
  readonly period: PeriodRef;
  /** ISO date-time of the export. */
  readonly generatedAt: string;
  readonly definitions: readonly ReportMetricDef[];
  /** The period's results, compared with the previous period. */
  readonly current: MetricsResponse;
  readonly trend: ReportTrend;
  readonly datasets: readonly ReportDataset[];
  /** How the open pipeline moved over the period, where the report shows the pipeline value of a dated one. */
  readonly bridge?: Movements | undefined;
  /** How MRR moved over the period, where the report shows the MRR of a dated one. */
  readonly mrrBridge?: MrrMovements | undefined;
  /** Customers by the quarter they first paid, through the period's end, where the workbook has any. */
  readonly cohorts?: Cohorts | undefined;
  /** The periods after a dated one, where the workbook has deals or MRR. */
  readonly forecast?: ReportForecast | undefined;
  /** Published figures that have changed since, oldest period first. */
  readonly restatements: readonly ReportRestatement[];
}

export interface WriteOptions {
  /** Most rows written per Data sheet; default DEFAULT_DATA_ROW_CAP. */
  readonly dataRowCap?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_DATA_ROW_CAP = 10_000;
