/**
 * Flow measures (sums and counts of rows whose date lies in the period): every such measure of the
 * catalogue over one dataset and date field is a column of the same rollup, counted per day (and
 * segment value), so any number of periods is answered from prefix sums by day.
 */
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import type { DatasetName } from '../../shared/datasets/catalog';
import type { Period } from '../../shared/periods';
import { catalogue } from '../../shared/metrics/index';
import { compileExpr, compileWhere, dayOf, fieldIndex, segmentOf, type RowFn, type Value } from './compile';
import { Sum, defineRollup, TOTAL_KEY, type Rows, type RollupDef } from './accumulate';

export type FlowMeasure = Extract<Measure, { kind: 'flow' }>;

interface Block {
  /** Distinct days with rows, ascending. */
  readonly days: string[];
  /** Per column: prefix sums over `days` (length days + 1). */
  readonly prefix: Float64Array[];
  /** Per column: the total over rows without a date (they count only in period all). */
  readonly undated: Float64Array;
}

export interface FlowRollup {
  readonly columns: ReadonlyMap<string, number>;
  readonly blocks: ReadonlyMap<string, Block>;
}

const measureKey = (m: Measure): string => JSON.stringify(m);

/** Every flow measure of the catalogue, grouped by dataset and date field. */
function flowGroups(): Map<string, FlowMeasure[]> {
  const groups = new Map<string, FlowMeasure[]>();
  const seen = new Set<string>();
  for (const def of catalogue) {
    for (const way of def.ways) {
      for (const x of Object.values(way.measures)) {
        const m = x;
        if (m.kind !== 'flow') continue;
        const key = measureKey(m);
        if (seen.has(key)) continue;
        seen.add(key);
        const g = flowGroupKey(m);
        const list = groups.get(g) ?? [];
        list.push(m);
        groups.set(g, list);
      }
    }
  }
  return groups;
}

export const flowGroupKey = (m: FlowMeasure): string => `${m.dataset}\u0000${m.on}`;
const groups = flowGroups();

/** The flow groups (dataset and date field) of one dataset. */
export const flowGroupsOf = (dataset: DatasetName): string[] => [...groups.keys()].filter((g) => g.startsWith(`${dataset}\u0000`));

/** The measures of a flow group, in the order of its rollup's columns. */
export const flowMeasuresOf = (group: string): readonly FlowMeasure[] => groups.get(group) ?? [];

/** One day's (and segment value's) running totals, one per column. */
type Cell = Sum[];

/**
 * The rollup of a flow group: rows `[day, segment, ...one value per measure]`. Conditions and values
 * that several columns share (won, closed, this source) are worked out once per row.
 */
export function flowRollupDef(group: string, settings: Settings, segField: string | null): RollupDef {
  const measures = flowMeasuresOf(group);
  const [dataset, on] = group.split('\u0000') as [DatasetName, string];
  const reads = measures.flatMap((m) => [...(m.where ?? []), ...(m.value ? [m.value] : [])]);
  return defineRollup(dataset, { kind: 'flow', measures, seg: segField }, settings, segField, reads, (sign) => {
    const index = fieldIndex(dataset);
    const at0 = index(on);
    const seg = segField ? index(segField) : -1;
    const conds = new Map<string, number>();
    const condFns: RowFn<boolean>[] = [];
    const exprs = new Map<string, number>();
    const exprFns: RowFn<number | null>[] = [];
    const slot = <F>(map: Map<string, number>, fns: F[], key: unknown, make: () => F): number => {
      const k = JSON.stringify(key);
      let i = map.get(k);
      if (i === undefined) map.set(k, (i = fns.push(make()) - 1));
      return i;
    };
    const columns = measures.map((m) => ({
      where: (m.where ?? []).map((c) => slot(conds, condFns, c, () => compileWhere([c], index, settings))),
      // A column sums its value, 1 when it has none (a count of rows).
      value: slot(exprs, exprFns, m.value ?? { const: 1 }, () => compileExpr(m.value ?? { const: 1 }, index, settings)),
    }));
    const hits = new Uint8Array(condFns.length);
    const values = new Array<number | null>(exprFns.length).fill(null);
    const cells = new Map<string, Cell>();
    return {
      add(vs: readonly Value[], at: number) {
        const day = dayOf(vs[at + at0]!);
        const s = seg < 0 ? '' : segmentOf(vs[at + seg]!);
        for (let i = 0; i < hits.length; i++) hits[i] = condFns[i]!(vs, at) ? 1 : 0;
        for (let i = 0; i < values.length; i++) values[i] = exprFns[i]!(vs, at);
        const id = `${day ?? ''}\u0000${s}`;
        let cell = cells.get(id);
        if (!cell) cells.set(id, (cell = columns.map(() => new Sum())));
        for (let k = 0; k < columns.length; k++) {
          const c = columns[k]!;
          let pass = 1;
          for (const w of c.where) pass &= hits[w]!;
          if (pass === 0) continue;
          const r = values[c.value]!;
          if (r !== null) cell[k]!.add(r);
        }
      },
      rows(): Rows {
        return [...cells].map(([id, cell]) => {
          const [day, s] = id.split('\u0000') as [string, string];
          return [day === '' ? null : day, s, ...cell.map((sum) => sign * sum.value())];
        });
      },
    };
  });
}

export function readFlowRollup(rows: Rows, group: string, segField: string | null): FlowRollup {
  const measures = flowMeasuresOf(group);
  const columns = new Map(measures.map((m, i) => [measureKey(m), i]));
  // Sum the parts' rows per segment value and day; rows without a day count only in period all.
  const bySeg = new Map<string, { days: Map<string, Float64Array>; undated: Float64Array }>();
  for (const row of rows) {
    const key = segField ? String(row[1]) : TOTAL_KEY;
    let entry = bySeg.get(key);
    if (!entry) bySeg.set(key, (entry = { days: new Map(), undated: new Float64Array(measures.length) }));
    let target = entry.undated;
    if (row[0] !== null) {
      const day = String(row[0]);
      target = entry.days.get(day) ?? new Float64Array(measures.length);
      entry.days.set(day, target);
    }
    for (let c = 0; c < measures.length; c++) target[c]! += Number(row[2 + c] ?? 0);
  }
  const blocks = new Map<string, Block>();
  for (const [key, entry] of bySeg) {
    const days = [...entry.days.keys()].sort();
    const prefix = measures.map((_, c) => {
      const p = new Float64Array(days.length + 1);
      days.forEach((d, r) => (p[r + 1] = p[r]! + entry.days.get(d)![c]!));
      return p;
    });
    blocks.set(key, { days, prefix, undated: entry.undated });
  }
  return { columns, blocks };
}

/** Index of the first day >= `day`. */
export function lowerBound(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first day > `day`. */
export function upperBound(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function column(r: FlowRollup, m: FlowMeasure): number {
  const col = r.columns.get(measureKey(m));
  if (col === undefined) throw new Error(`flow measure not compiled: ${measureKey(m)}`);
  return col;
}

export function flowValue(r: FlowRollup, m: FlowMeasure, p: Period, segKey: string | null): number {
  const col = column(r, m);
  const block = r.blocks.get(segKey ?? TOTAL_KEY);
  if (!block) return 0;
  const prefix = block.prefix[col]!;
  if (p.kind === 'all') return prefix[block.days.length]! + block.undated[col]!;
  return prefix[upperBound(block.days, p.end)]! - prefix[lowerBound(block.days, p.start)]!;
}

/** Segment values present in a flow group. */
export function flowKeys(r: FlowRollup): string[] {
  return [...r.blocks.keys()].filter((k) => k !== TOTAL_KEY);
}
