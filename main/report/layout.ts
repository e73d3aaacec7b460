/**
 * Where things go, decided before anything is written: which KPIs each area sheet lists and on which
 * row, so the summary and composite KPIs can point at value cells on other sheets.
 */
import type { Area, MetricResult } from '../../shared/metrics/types';
import type { FormatOptions } from '../../shared/format';
import { areaLabels, areas as areaOrder } from '../../shared/metrics/labels';
import { rangeFormula } from './charts';
import { columnLetter } from '../sheet-columns';
import type { ValueCell } from './kpi-formula';
import type { SheetNames } from './sheet-names';
import type { ReportInput, ReportMetricDef } from './types';

/** Columns of an area sheet's KPI table (1-based). */
export const COL = {
  kpi: 1,
  numerator: 2,
  denominator: 3,
  value: 4,
  previous: 5,
  change: 6,
  target: 7,
  status: 8,
  better: 9,
  definition: 10,
} as const;

/** Rows of an area sheet: title block, then the KPI table's header and its first KPI. */
export const AREA_HEADER_ROW = 4;
export const AREA_FIRST_KPI_ROW = 5;

export interface AreaPlan {
  readonly area: Area;
  readonly title: string;
  readonly sheet: string;
  /** KPIs with a value this period, in catalogue order; row = AREA_FIRST_KPI_ROW + index. */
  readonly metrics: readonly MetricResult[];
}

export interface Plan {
  readonly summarySheet: string;
  readonly definitionsSheet: string;
  readonly areas: readonly AreaPlan[];
  readonly defs: ReadonlyMap<string, ReportMetricDef>;
  readonly fmt: FormatOptions;
  /** The value cell of a KPI, as referenced from `fromSheet`. */
  valueCell(id: string, fromSheet: string): ValueCell | undefined;
  /** The value cell of a KPI as a sheet-qualified reference, for links from other sheets. */
  valueRef(id: string): string | undefined;
}

/** Whether the report shows a KPI's figure (and so publishes it): it has a value this period. */
export const shownInReport = (m: MetricResult): boolean => m.status === 'ok' && m.value !== null && Number.isFinite(m.value);

export function planReport(input: ReportInput, names: SheetNames): Plan {
  const summarySheet = names.claim('Summary');
  const defs = new Map(input.definitions.map((d) => [d.id, d]));
  const order = new Map(input.definitions.map((d, i) => [d.id, i]));
  const rank = (m: MetricResult): number => order.get(m.id) ?? Number.MAX_SAFE_INTEGER;
  const withData = input.current.metrics.filter(shownInReport);
  const areas: AreaPlan[] = [];
  for (const area of areaOrder) {
    const metrics = withData.filter((m) => m.area === area).sort((a, b) => rank(a) - rank(b));
    const title = areaLabels[area];
    if (metrics.length > 0) areas.push({ area, title, sheet: names.claim(title), metrics });
  }
  const definitionsSheet = names.claim('Definitions');
  const where = new Map<string, { sheet: string; row: number; value: number }>();
  for (const a of areas) {
    a.metrics.forEach((m, i) => where.set(m.id, { sheet: a.sheet, row: AREA_FIRST_KPI_ROW + i, value: m.value ?? NaN }));
  }
  const local = (row: number): string => `${columnLetter(COL.value)}${row}`;
  const qualified = (sheet: string, row: number): string =>
    rangeFormula({ sheet, firstRow: row, firstCol: COL.value, lastRow: row, lastCol: COL.value }).replace(/\$/g, '');
  return {
    summarySheet,
    definitionsSheet,
    areas,
    defs,
    fmt: { locale: input.locale, currency: input.currency },
    valueCell(id, fromSheet) {
      const w = where.get(id);
      if (!w) return undefined;
      return { ref: w.sheet === fromSheet ? local(w.row) : qualified(w.sheet, w.row), value: w.value };
    },
    valueRef(id) {
      const w = where.get(id);
      return w ? qualified(w.sheet, w.row) : undefined;
    },
  };
}
