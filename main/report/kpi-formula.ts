/**
 * The live Excel formulas that let a reader audit a KPI: its value cell is the numerator over the
 * denominator (times the KPI's scale, 100 for NPS points), and a numerator or denominator that is
 * another KPI (CLV = ARPU / churn rate) links to that KPI's value cell. A formula is used only when it
 * gives back the app's value from the cells as written; otherwise the cell holds the value itself, so
 * the report never shows a formula that recalculates to something else.
 */
import type { MetricResult } from '../../shared/metrics/types';

/** Where a KPI's value cell is, and what it holds. */
export interface ValueCell {
  /** A reference usable from the formula's sheet: `D7` or `'Marketing'!D7`. */
  readonly ref: string;
  readonly value: number;
}

export function sameNumber(a: number, b: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/** The value-cell formula (without `=`) of `m`, or null when the value has to be written as it is. */
export function kpiFormula(m: MetricResult, numRef: string, denRef: string): string | null {
  const { value, numerator: n, denominator: d } = m;
  if (value === null || n === null || d === null || d === 0) return null;
  if (sameNumber(n / d, value)) return `${numRef}/${denRef}`;
  if (sameNumber((100 * n) / d, value)) return `100*${numRef}/${denRef}`;
  return null;
}

/** The first candidate KPI whose value cell holds `part`: the numerator or denominator is that KPI. */
export function partLink(part: number | null, candidates: readonly (ValueCell & { id: string })[]): (ValueCell & { id: string }) | null {
  if (part === null) return null;
  return candidates.find((c) => sameNumber(c.value, part)) ?? null;
}
