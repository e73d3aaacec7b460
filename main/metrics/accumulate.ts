/**
 * A rollup: what the metric engine reads from one dataset (the flows of one date field, one distinct
 * count, one stock, the data profile), counted per import batch by an accumulator fed row after row. The
 * same accumulators count an import's rows in the import worker and the workbook's stored rows when a
 * rollup is not kept; `sign` -1 counts the versions a batch ended, so that the parts of every batch
 * add up to the current records.
 */
import { createHash } from 'node:crypto';
import type { SqlValue } from 'sql.js';
import type { Settings } from '../../shared/api';
import type { DatasetName } from '../../shared/datasets/catalog';
import type { Cond, Expr } from '../../shared/metrics/define';
import type { Value } from './compile';

export type Rows = SqlValue[][];
export type Sign = 1 | -1;

/** The key of the whole data (no segment split) in the per-segment maps of the measure modules. */
export const TOTAL_KEY = '\u0000total';

export interface Accumulator {
  /**
   * One row: its stored values start at `at` in `vs` (storedFields order), followed by its record key
   * (null for a row without identity); `ref` names the row (`batch:row`).
   */
  add(vs: readonly Value[], at: number, ref: string): void;
  /** What was counted, each number already multiplied by the sign. */
  rows(): Rows;
}

/** A rollup's definition: its id and how to count it (its counted rows are `Rows`). */
export interface RollupDef {
  /** What the rollup is of, as a SHA-256: the definition, the settings it reads and the engine's version. */
  readonly id: string;
  readonly dataset: DatasetName;
  /** The segment field it is split by, or null; split rollups are never kept in the workbook. */
  readonly seg: string | null;
  create(sign: Sign): Accumulator;
}

/**
 * Changes whenever what an accumulator counts or how its rows are laid out changes, so rollups kept
 * by an earlier build are counted again instead of being read wrongly.
 */
const ENGINE = 4;

/**
 * The settings conditions and values read (the CSAT threshold, the stages' probabilities and forecast
 * categories): a changed one is a different rollup.
 */
function settingsRead(reads: readonly (Cond | Expr)[], settings: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (c: Cond | Expr): void => {
    if ('any' in c) c.any.forEach(walk);
    else if ('first' in c) c.first.forEach(walk);
    else if ('minus' in c) c.minus.forEach(walk);
    else if ('times' in c) c.times.forEach(walk);
    else if ('cmp' in c && typeof c.to !== 'number') out[c.to.setting] = settings[c.to.setting];
    else if ('category' in c) out.forecast_categories = settings.forecast_categories;
    else if ('probabilityOf' in c) out.stage_probabilities = settings.stage_probabilities;
  };
  reads.forEach(walk);
  return out;
}

export function defineRollup(
  dataset: DatasetName,
  definition: unknown,
  settings: Settings,
  seg: string | null,
  reads: readonly (Cond | Expr)[],
  create: (sign: Sign) => Accumulator,
): RollupDef {
  const text = JSON.stringify({ engine: ENGINE, dataset, definition, seg, settings: settingsRead(reads, settings) });
  return { id: createHash('sha256').update(text).digest('hex'), dataset, seg, create };
}

/** A running sum that loses no more than one rounding (Kahan-Babuska-Neumaier), so sums of many parts stay exact to the cent. */
export class Sum {
  private sum = 0;
  private err = 0;
  add(x: number): void {
    const s = this.sum;
    const t = s + x;
    this.err += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    this.sum = t;
  }
  value(): number {
    return this.sum + this.err;
  }
}
