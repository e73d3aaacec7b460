/**
 * Flow measures (sums and counts of rows whose date lies in the period) read in one grouped pass per
 * dataset and date field: every such measure of the catalogue is a column of the same query, grouped
 * by day (and segment value), so any number of periods is answered from prefix sums by day.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import type { DatasetName } from '../../shared/datasets/catalog';
import type { Period } from '../../shared/periods';
import { catalogue } from '../../shared/metrics/index';
import { q } from '../store/schema';
import { dayOf, exprSql, orderKeySql, segSql, whereSql } from './sql';
import { rowsByBatch, TOTAL_KEY } from './partials';

export type FlowMeasure = Extract<Measure, { kind: 'flow' | 'orders' }>;

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

/**
 * A stock that never ends (open deals, alive from their create date on) is a running total of a flow:
 * alive at the end of a day = started on or before it. Read with the flows, it costs no pass of its own.
 */
export function asFlow(m: Measure): FlowMeasure | null {
  if (m.kind !== 'stock' || m.until || m.endedFlag || m.key || (m.state !== 'start' && m.state !== 'end')) return null;
  return { kind: 'flow', dataset: m.dataset, on: m.from, ...(m.value ? { value: m.value } : {}), ...(m.where ? { where: m.where } : {}) };
}

/** Every flow measure of the catalogue (never-ending stocks included), grouped by dataset and date field. */
function flowGroups(): Map<string, FlowMeasure[]> {
  const groups = new Map<string, FlowMeasure[]>();
  const seen = new Set<string>();
  for (const def of catalogue) {
    for (const way of def.ways) {
      for (const x of Object.values(way.measures)) {
        const m = x.kind === 'stock' ? asFlow(x) : x;
        if (!m || (m.kind !== 'flow' && m.kind !== 'orders')) continue;
        const key = measureKey(m);
        if (seen.has(key)) continue;
        seen.add(key);
        const g = `${m.dataset}\u0000${m.on}`;
        const list = groups.get(g) ?? [];
        list.push(m);
        groups.set(g, list);
      }
    }
  }
  return groups;
}
const groups = flowGroups();

export const flowGroupKey = (m: FlowMeasure): string => `${m.dataset}\u0000${m.on}`;

function columnSql(m: FlowMeasure, settings: Settings): string {
  const where = whereSql(m.where, settings);
  if (m.kind === 'orders') return `count(DISTINCT CASE WHEN ${where} THEN ${orderKeySql} END)`;
  return `total(CASE WHEN ${where} THEN ${m.value ? exprSql(m.value) : '1'} END)`;
}

/** The flow groups (dataset and date field) of one dataset. */
export const flowGroupsOf = (dataset: DatasetName): string[] => [...groups.keys()].filter((g) => g.startsWith(`${dataset}\u0000`));

/** The measures of a flow group, in the order of the grouped query's columns. */
export const flowMeasuresOf = (group: string): readonly FlowMeasure[] => groups.get(group) ?? [];

/** The grouped query of a flow group: batch, day, segment value, then one column per measure. */
export function flowSelect(group: string, segField: string | null, settings: Settings): (where: string) => string {
  const measures = flowMeasuresOf(group);
  const [dataset, on] = group.split('\u0000') as [DatasetName, string];
  const seg = segField ? `${segSql(segField)}` : `''`;
  return (where) =>
    `SELECT ${q('_batch')} AS b, ${dayOf(on)} AS d, ${seg} AS s, ${measures.map((m) => columnSql(m, settings)).join(', ')} ` +
    `FROM ${q(dataset)} WHERE ${where} GROUP BY b, d, s`;
}

export function readFlowRollup(db: Database, settings: Settings, group: string, segField: string | null): FlowRollup {
  const measures = flowMeasuresOf(group);
  const [dataset] = group.split('\u0000') as [DatasetName, string];
  const columns = new Map(measures.map((m, i) => [measureKey(m), i]));
  const rows = rowsByBatch(db, dataset, flowSelect(group, segField, settings));
  // Sum the batches' rows per segment value and day; rows without a day count only in period all.
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

export function flowValue(r: FlowRollup, m: FlowMeasure, p: Period, segKey: string | null): number {
  const col = r.columns.get(measureKey(m));
  if (col === undefined) throw new Error(`flow measure not compiled: ${measureKey(m)}`);
  const block = r.blocks.get(segKey ?? TOTAL_KEY);
  if (!block) return 0;
  const prefix = block.prefix[col]!;
  if (p.kind === 'all') return prefix[block.days.length]! + block.undated[col]!;
  return prefix[upperBound(block.days, p.end)]! - prefix[lowerBound(block.days, p.start)]!;
}

/** The running total up to and including `day` (rows without a date excluded); `all`: every row. */
export function flowRunningTotal(r: FlowRollup, m: FlowMeasure, day: string | null, segKey: string | null): number {
  const col = r.columns.get(measureKey(m));
  if (col === undefined) throw new Error(`flow measure not compiled: ${measureKey(m)}`);
  const block = r.blocks.get(segKey ?? TOTAL_KEY);
  if (!block) return 0;
  const prefix = block.prefix[col]!;
  return day === null ? prefix[block.days.length]! + block.undated[col]! : prefix[upperBound(block.days, day)]!;
}

/** Segment values present in a flow group. */
export function flowKeys(r: FlowRollup): string[] {
  return [...r.blocks.keys()].filter((k) => k !== TOTAL_KEY);
}
