/**
 * Stock measures: rows alive over [from, until) — customers, subscriptions, open deals — judged
 * against a period (alive at its start, at its end, both, lost during it ...). The rows are read once
 * grouped by their dates (and key where one is needed) and each period is judged in memory.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import { fromDayNumber, dayNumber, type Period } from '../../shared/periods';
import { q } from '../store/schema';
import { dayOf, exprSql, segSql, whereSql } from './sql';
import { groupBySegment, rowsByBatch, TOTAL_KEY } from './partials';
import { catalogue } from '../../shared/metrics/index';

export type StockMeasure = Extract<Measure, { kind: 'stock' }>;

interface Block {
  readonly from: (string | null)[];
  readonly until: (string | null)[];
  /** Ended at an unknown date (a churned flag without a churn date). */
  readonly ended: Uint8Array;
  readonly keys: Int32Array;
  readonly rows: Float64Array;
  /** Per value expression of the group: the sum over the row group. */
  readonly sums: Float64Array[];
}

export interface StockRollup {
  readonly blocks: ReadonlyMap<string, Block>;
  /** Value keys in the order of each block's sums. */
  readonly values: readonly string[];
}


/** Measures over the same rows share one query, one sum per value they add up; the state is judged afterwards. */
export const stockGroupKey = (m: StockMeasure): string =>
  JSON.stringify({ d: m.dataset, f: m.from, u: m.until, e: m.endedFlag, k: m.key, w: m.where ?? [] });

const valueKey = (m: StockMeasure): string => JSON.stringify(m.value ?? null);

/** Every value expression the catalogue's stock measures add up, per group. */
function stockValues(): Map<string, StockMeasure[]> {
  const out = new Map<string, StockMeasure[]>();
  for (const def of catalogue) {
    for (const way of def.ways) {
      for (const m of Object.values(way.measures)) {
        if (m.kind !== 'stock' || !m.value) continue;
        const list = out.get(stockGroupKey(m)) ?? [];
        if (!list.some((x) => valueKey(x) === valueKey(m))) list.push(m);
        out.set(stockGroupKey(m), list);
      }
    }
  }
  return out;
}
const valuesByGroup = stockValues();

export function readStockRollup(db: Database, settings: Settings, m: StockMeasure, segField: string | null): StockRollup {
  const cols = [
    segField ? segSql(segField) : `''`,
    dayOf(m.from),
    m.until ? dayOf(m.until) : 'NULL',
    m.endedFlag ? `coalesce(${q(m.endedFlag)}, 0) = 1` : '0',
    m.key ? `CAST(${q(m.key)} AS TEXT)` : `''`,
  ];
  const values = valuesByGroup.get(stockGroupKey(m)) ?? [];
  const sums = values.map((v) => `, total(${exprSql(v.value!)})`).join('');
  const rows = rowsByBatch(
    db,
    m.dataset,
    (where) =>
      `SELECT ${q('_batch')} AS b, ${cols.map((c, i) => `${c} AS c${i}`).join(', ')}, count(*)${sums} ` +
      `FROM ${q(m.dataset)} WHERE ${where} AND ${whereSql(m.where, settings)} GROUP BY b, c0, c1, c2, c3, c4`,
  );
  const bySeg = groupBySegment(rows, segField, 0);
  const blocks = new Map<string, Block>();
  for (const [seg, list] of bySeg) {
    const n = list.length;
    const ids = new Map<string, number>();
    const b: Block = {
      from: new Array(n),
      until: new Array(n),
      ended: new Uint8Array(n),
      keys: new Int32Array(n),
      rows: new Float64Array(n),
      sums: values.map(() => new Float64Array(n)),
    };
    list.forEach((row, r) => {
      b.from[r] = row[1] === null ? null : String(row[1]);
      b.until[r] = row[2] === null ? null : String(row[2]);
      b.ended[r] = Number(row[3]) === 1 ? 1 : 0;
      const k = String(row[4]);
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      b.keys[r] = id;
      b.rows[r] = Number(row[5]);
      values.forEach((_, v) => (b.sums[v]![r] = Number(row[6 + v])));
    });
    blocks.set(seg, b);
  }
  return { blocks, values: values.map(valueKey) };
}

const aliveAtEndOf = (b: Block, r: number, day: string): boolean => {
  const f = b.from[r] ?? null;
  const u = b.until[r] ?? null;
  return f !== null && f <= day && (u === null ? b.ended[r] === 0 : u > day);
};

/** Month ends inside a dated period. */
function monthEnds(p: Period): string[] {
  const out: string[] = [];
  let d = p.start;
  while (d <= p.end) {
    const next = fromDayNumber(dayNumber(`${d.slice(0, 7)}-01`) + 32);
    const last = fromDayNumber(dayNumber(`${next.slice(0, 7)}-01`) - 1);
    if (last <= p.end) out.push(last);
    d = fromDayNumber(dayNumber(last) + 1);
  }
  return out;
}

/** The measure for a period; null where it has no meaning (month ends of period all). */
export function stockValue(r: StockRollup, m: StockMeasure, p: Period, segKey: string | null): number | null {
  const b = r.blocks.get(segKey ?? TOTAL_KEY);
  const sums = m.value ? b?.sums[r.values.indexOf(valueKey(m))] : undefined;
  if (m.state === 'monthEnds') {
    if (p.kind === 'all') return null;
    if (!b) return 0;
    let total = 0;
    for (const t of monthEnds(p)) for (let x = 0; x < b.rows.length; x++) if (aliveAtEndOf(b, x, t)) total += sums![x]!;
    return total;
  }
  if (!b) return 0;
  const all = p.kind === 'all';
  const s = p.start;
  const e = p.end;
  const dayBefore = all ? '' : fromDayNumber(dayNumber(s) - 1);
  const pick = new Uint8Array(b.rows.length);
  let startKeys: Set<number> | null = null;
  if (m.state === 'retainedKeys') {
    startKeys = new Set();
    for (let x = 0; x < b.rows.length; x++) if (all || aliveAtEndOf(b, x, dayBefore)) startKeys.add(b.keys[x]!);
  }
  for (let x = 0; x < b.rows.length; x++) {
    const f = b.from[x] ?? null;
    const u = b.until[x] ?? null;
    const gone = u !== null || b.ended[x] === 1;
    if (all) {
      if (m.state === 'start' || m.state === 'during') pick[x] = 1;
      else if (m.state === 'lost') pick[x] = gone ? 1 : 0;
      else pick[x] = gone ? 0 : 1;
      continue;
    }
    if (f === null || (u === null && b.ended[x] === 1)) continue;
    const atStart = aliveAtEndOf(b, x, dayBefore);
    const atEnd = aliveAtEndOf(b, x, e);
    switch (m.state) {
      case 'start':
        pick[x] = atStart ? 1 : 0;
        break;
      case 'end':
        pick[x] = atEnd ? 1 : 0;
        break;
      case 'retained':
        pick[x] = atStart && atEnd ? 1 : 0;
        break;
      case 'lost':
        pick[x] = atStart && u !== null && u <= e ? 1 : 0;
        break;
      case 'during':
        pick[x] = f <= e && (u === null || u >= s) ? 1 : 0;
        break;
      case 'retainedKeys':
        pick[x] = atEnd && startKeys!.has(b.keys[x]!) ? 1 : 0;
        break;
    }
  }
  if (m.count === 'keys') {
    const keys = new Set<number>();
    for (let x = 0; x < pick.length; x++) if (pick[x]) keys.add(b.keys[x]!);
    return keys.size;
  }
  let total = 0;
  const per = sums ?? b.rows;
  for (let x = 0; x < pick.length; x++) if (pick[x]) total += per[x]!;
  return total;
}

/** Segment values present in a stock rollup. */
export function stockKeys(r: StockRollup): string[] {
  return [...r.blocks.keys()].filter((k) => k !== TOTAL_KEY);
}
