/**
 * Distinct-count measures (customers with an order, customers with two or more tickets, active
 * users): not additive over days, so the rows are counted per day and key, and each period counts the
 * keys whose rows in it reach the threshold.
 */
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import type { DatasetName } from '../../shared/datasets/catalog';
import { catalogue } from '../../shared/metrics/index';
import type { Period } from '../../shared/periods';
import { compileWhere, dayOf, fieldIndex, orderKeyOf, segmentOf, textOf, type Value } from './compile';
import { lowerBound, upperBound } from './flows';
import { defineRollup, TOTAL_KEY, type Rows, type RollupDef } from './accumulate';

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

/** Measures that read the same rows share one rollup: same dataset, date, key and conditions. */
export const distinctGroupKey = (m: DistinctMeasure): string => JSON.stringify({ d: m.dataset, on: m.on, key: m.key, where: m.where ?? [] });

/** Every distinct-count rollup of the catalogue over a dataset, one measure standing for each. */
export function distinctMeasuresOf(dataset: DatasetName): DistinctMeasure[] {
  const out = new Map<string, DistinctMeasure>();
  for (const def of catalogue)
    for (const way of def.ways)
      for (const m of Object.values(way.measures)) if (m.kind === 'distinct' && m.dataset === dataset) out.set(distinctGroupKey(m), m);
  return [...out.values()];
}

/** The rollup of a distinct measure: rows `[segment, day, key, rows, orders]` (orders: distinct order keys). */
export function distinctRollupDef(m: DistinctMeasure, settings: Settings, segField: string | null): RollupDef {
  const definition = { kind: 'distinct', d: m.dataset, on: m.on, key: m.key, where: m.where ?? [] };
  return defineRollup(m.dataset, definition, settings, segField, m.where ?? [], (sign) => {
    const index = fieldIndex(m.dataset);
    const [on, key] = [index(m.on), index(m.key)];
    const seg = segField ? index(segField) : -1;
    const where = compileWhere(m.where, index, settings);
    const orderId = m.dataset === 'orders' ? index('order_id') : -1;
    const cells = new Map<string, { rows: number; orders: Set<string> | null }>();
    return {
      add(vs: readonly Value[], at: number, ref: string) {
        const k = textOf(vs[at + key]!);
        if (k === null || !where(vs, at)) return;
        const id = `${seg < 0 ? '' : segmentOf(vs[at + seg]!)}\u0000${dayOf(vs[at + on]!) ?? ''}\u0000${k}`;
        let g = cells.get(id);
        if (!g) cells.set(id, (g = { rows: 0, orders: orderId >= 0 ? new Set() : null }));
        g.rows++;
        g.orders?.add(orderKeyOf(vs[at + orderId]!, ref));
      },
      rows: (): Rows =>
        [...cells].map(([id, g]) => {
          const [s, d, k] = id.split('\u0000') as [string, string, string];
          return [s, d === '' ? null : d, k, sign * g.rows, sign * (g.orders ? g.orders.size : g.rows)];
        }),
    };
  });
}

export function readDistinctRollup(rows: Rows, segField: string | null): DistinctRollup {
  // The parts' rows for one segment, day and key add up (a version a later batch ended takes its own back out).
  const merged = new Map<string, { seg: string; day: string | null; key: string; rows: number; orders: number }>();
  for (const row of rows) {
    const seg = segField ? String(row[0]) : TOTAL_KEY;
    const day = row[1] === null ? null : String(row[1]);
    const id = `${seg}\u0000${day ?? ''}\u0000${String(row[2])}`;
    const m = merged.get(id) ?? { seg, day, key: String(row[2]), rows: 0, orders: 0 };
    m.rows += Number(row[3]);
    m.orders += Number(row[4]);
    merged.set(id, m);
  }
  const bySeg = new Map<string, (typeof merged extends Map<string, infer V> ? V : never)[]>();
  for (const m of merged.values()) {
    if (m.rows === 0 && m.orders === 0) continue;
    const list = bySeg.get(m.seg) ?? [];
    list.push(m);
    bySeg.set(m.seg, list);
  }
  const blocks = new Map<string, Block>();
  for (const [seg, list] of bySeg) {
    // Rows without a day first, then by day: a period is one contiguous run.
    list.sort((a, b) => (a.day === b.day ? 0 : a.day === null ? -1 : b.day === null ? 1 : a.day < b.day ? -1 : 1));
    const n = list.length;
    const ids = new Map<string, number>();
    const datedDays: string[] = [];
    const keys = new Int32Array(n);
    const counts = new Float64Array(n);
    const orderCounts = new Float64Array(n);
    let firstDated = 0;
    list.forEach((row, r) => {
      if (row.day === null) firstDated = r + 1;
      else datedDays.push(row.day);
      let id = ids.get(row.key);
      if (id === undefined) ids.set(row.key, (id = ids.size));
      keys[r] = id;
      counts[r] = row.rows;
      orderCounts[r] = row.orders;
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
  for (let x = lo; x < hi; x++) acc[b.keys[x]!]! += per[x]!;
  let reached = 0;
  for (let k = 0; k < acc.length; k++) if (acc[k]! >= atLeast) reached++;
  return reached;
}
