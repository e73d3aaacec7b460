/**
 * Distinct-count measures (customers with an order, customers with two or more tickets, active
 * users): not additive over days, so the rows are read once grouped by day and key, and each period
 * counts the keys whose rows in it reach the threshold.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import type { DatasetName } from '../../shared/datasets/catalog';
import { catalogue } from '../../shared/metrics/index';
import type { Period } from '../../shared/periods';
import { q } from '../store/schema';
import { dayOf, orderKeySql, segSql, whereSql } from './sql';
import { lowerBound, upperBound } from './flows';
import { groupBySegment, rowsByBatch, TOTAL_KEY } from './partials';

export type DistinctMeasure = Extract<Measure, { kind: 'distinct' }>;

interface Block {
  /** Rows without a day come first; then the day of each dated row, ascending. */
  readonly firstDated: number;
  readonly datedDays: string[];
  readonly keys: Int32Array;
  readonly rows: Float64Array;
  readonly orders: Float64Array;
  readonly keyCount: number;
}

export interface DistinctRollup {
  readonly blocks: ReadonlyMap<string, Block>;
}


/** Measures that read the same rows share one query: same dataset, date, key and conditions. */
export const distinctGroupKey = (m: DistinctMeasure): string =>
  JSON.stringify({ d: m.dataset, on: m.on, key: m.key, where: m.where ?? [] });

/** Every distinct-count query of the catalogue over a dataset, one measure standing for each. */
export function distinctMeasuresOf(dataset: DatasetName): DistinctMeasure[] {
  const out = new Map<string, DistinctMeasure>();
  for (const def of catalogue)
    for (const way of def.ways)
      for (const m of Object.values(way.measures)) if (m.kind === 'distinct' && m.dataset === dataset) out.set(distinctGroupKey(m), m);
  return [...out.values()];
}

/** The grouped query of a distinct measure: batch, segment value, day, key, rows, orders. */
export function distinctSelect(m: DistinctMeasure, segField: string | null, settings: Settings): (where: string) => string {
  const orders = m.dataset === 'orders' ? `count(DISTINCT ${orderKeySql})` : 'count(*)';
  const seg = segField ? segSql(segField) : `''`;
  return (where) =>
    `SELECT ${q('_batch')} AS b, ${seg} AS s, ${dayOf(m.on)} AS d, CAST(${q(m.key)} AS TEXT) AS k, count(*), ${orders} ` +
    `FROM ${q(m.dataset)} WHERE ${where} AND ${q(m.key)} IS NOT NULL AND ${whereSql(m.where, settings)} GROUP BY b, s, d, k`;
}

export function readDistinctRollup(db: Database, settings: Settings, m: DistinctMeasure, segField: string | null): DistinctRollup {
  const rows = rowsByBatch(db, m.dataset, distinctSelect(m, segField, settings));
  const bySeg = groupBySegment(rows, segField, 0);
  const blocks = new Map<string, Block>();
  for (const [seg, list] of bySeg) {
    // Rows without a day first, then by day: a period is one contiguous run.
    list.sort((a, b) => (a[1] === b[1] ? 0 : a[1] === null ? -1 : b[1] === null ? 1 : String(a[1]) < String(b[1]) ? -1 : 1));
    const n = list.length;
    const ids = new Map<string, number>();
    const datedDays: string[] = [];
    const keys = new Int32Array(n);
    const counts = new Float64Array(n);
    const orderCounts = new Float64Array(n);
    let firstDated = 0;
    list.forEach((row, r) => {
      if (row[1] === null) firstDated = r + 1;
      else datedDays.push(String(row[1]));
      const k = String(row[2]);
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      keys[r] = id;
      counts[r] = Number(row[3]);
      orderCounts[r] = Number(row[4]);
    });
    blocks.set(seg, { datedDays, firstDated, keys, rows: counts, orders: orderCounts, keyCount: ids.size });
  }
  return { blocks };
}

export function distinctValue(r: DistinctRollup, m: DistinctMeasure, p: Period, segKey: string | null): number {
  const b = r.blocks.get(segKey ?? TOTAL_KEY);
  if (!b) return 0;
  let lo = 0;
  let hi = b.keys.length;
  if (!m.allTime && p.kind !== 'all') {
    lo = b.firstDated + lowerBound(b.datedDays, p.start);
    hi = b.firstDated + upperBound(b.datedDays, p.end);
  }
  const atLeast = m.atLeast ?? 1;
  const per = m.countOrders ? b.orders : b.rows;
  const acc = new Float64Array(b.keyCount);
  let reached = 0;
  for (let x = lo; x < hi; x++) {
    const k = b.keys[x]!;
    const before = acc[k]!;
    const after = before + per[x]!;
    acc[k] = after;
    if (before < atLeast && after >= atLeast) reached++;
  }
  return reached;
}
