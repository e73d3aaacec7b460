/**
 * Stock measures: rows alive over [from, until) — customers, subscriptions — judged against a period
 * (alive at its start, at its end, both, lost during it ...). The rows are counted once per
 * combination of their dates (and key where one is needed), and each period is judged in memory by
 * the same rule the drill-down applies to single rows (stockPick).
 */
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import { fromDayNumber, dayNumber, type Period } from '../../shared/periods';
import { catalogue } from '../../shared/metrics/index';
import { compileExpr, compileWhere, dayOf, fieldIndex, numberOf, segmentOf, textOf, type Value } from './compile';
import { source, Sum, TOTAL_KEY, type Rows, type Source } from './accumulate';

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

/** Measures over the same rows share one rollup, one sum per value they add up; the state is judged afterwards. */
export const stockGroupKey = (m: StockMeasure): string => JSON.stringify({ d: m.dataset, f: m.from, u: m.until, e: m.endedFlag, k: m.key, w: m.where ?? [] });

const valueKey = (m: StockMeasure): string => JSON.stringify(m.value ?? null);

/** Every value expression the catalogue's stock measures add up, per group. */
function stockValues(): Map<string, StockMeasure[]> {
  const out = new Map<string, StockMeasure[]>();
  for (const def of catalogue) {
    for (const way of def.ways) {
      for (const m of Object.values(way.measures)) {
        if (m.kind !== 'stock') continue;
        const list = out.get(stockGroupKey(m)) ?? [];
        if (m.value && !list.some((x) => valueKey(x) === valueKey(m))) list.push(m);
        out.set(stockGroupKey(m), list);
      }
    }
  }
  return out;
}
const valuesByGroup = stockValues();

/** One stock measure standing for each rollup of the catalogue over a dataset. */
export function stockMeasuresOf(dataset: string): StockMeasure[] {
  const out = new Map<string, StockMeasure>();
  for (const def of catalogue)
    for (const way of def.ways) for (const m of Object.values(way.measures)) if (m.kind === 'stock' && m.dataset === dataset) out.set(stockGroupKey(m), m);
  return [...out.values()];
}

/** The rollup of a stock group: rows `[segment, from, until, ended, key, rows, ...one sum per value]`. */
export function stockSource(m: StockMeasure, settings: Settings, segField: string | null): Source {
  const values = valuesByGroup.get(stockGroupKey(m)) ?? [];
  const definition = { kind: 'stock', group: stockGroupKey(m), values: values.map(valueKey) };
  return source(m.dataset, definition, settings, segField, m.where ?? [], (sign) => {
    const index = fieldIndex(m.dataset);
    const seg = segField ? index(segField) : -1;
    const from = index(m.from);
    const until = m.until ? index(m.until) : -1;
    const ended = m.endedFlag ? index(m.endedFlag) : -1;
    const key = m.key ? index(m.key) : -1;
    const where = compileWhere(m.where, index, settings);
    const exprs = values.map((v) => compileExpr(v.value!, index));
    const cells = new Map<string, { rows: number; sums: Sum[] }>();
    return {
      add(vs: readonly Value[], at: number) {
        if (!where(vs, at)) return;
        const id = [
          seg < 0 ? '' : segmentOf(vs[at + seg]!),
          dayOf(vs[at + from]!) ?? '',
          until < 0 ? '' : (dayOf(vs[at + until]!) ?? ''),
          ended >= 0 && numberOf(vs[at + ended]!) === 1 ? '1' : '0',
          key < 0 ? '' : (textOf(vs[at + key]!) ?? ''),
        ].join('\u0000');
        let g = cells.get(id);
        if (!g) cells.set(id, (g = { rows: 0, sums: exprs.map(() => new Sum()) }));
        g.rows++;
        exprs.forEach((e, i) => {
          const v = e(vs, at);
          if (v !== null) g.sums[i]!.add(v);
        });
      },
      rows: (): Rows =>
        [...cells].map(([id, g]) => {
          const [s, f, u, e, k] = id.split('\u0000') as [string, string, string, string, string];
          return [s, f === '' ? null : f, u === '' ? null : u, Number(e), k, sign * g.rows, ...g.sums.map((x) => sign * x.value())];
        }),
    };
  });
}

export function readStockRollup(rows: Rows, m: StockMeasure, segField: string | null): StockRollup {
  const values = valuesByGroup.get(stockGroupKey(m)) ?? [];
  // The parts' rows of one combination add up (a version a later batch ended takes its own back out).
  const merged = new Map<string, { row: Rows[number]; rows: number; sums: number[] }>();
  for (const row of rows) {
    const id = JSON.stringify(row.slice(0, 5));
    const g = merged.get(id) ?? { row, rows: 0, sums: values.map(() => 0) };
    g.rows += Number(row[5]);
    values.forEach((_, v) => (g.sums[v]! += Number(row[6 + v])));
    merged.set(id, g);
  }
  const bySeg = new Map<string, { row: Rows[number]; rows: number; sums: number[] }[]>();
  for (const g of merged.values()) {
    if (g.rows === 0) continue;
    const seg = segField ? String(g.row[0]) : TOTAL_KEY;
    const list = bySeg.get(seg) ?? [];
    list.push(g);
    bySeg.set(seg, list);
  }
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
    list.forEach((g, r) => {
      b.from[r] = g.row[1] === null ? null : String(g.row[1]);
      b.until[r] = g.row[2] === null ? null : String(g.row[2]);
      b.ended[r] = Number(g.row[3]) === 1 ? 1 : 0;
      const k = String(g.row[4]);
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      b.keys[r] = id;
      b.rows[r] = g.rows;
      values.forEach((_, v) => (b.sums[v]![r] = g.sums[v]!));
    });
    blocks.set(seg, b);
  }
  return { blocks, values: values.map(valueKey) };
}

/** Alive at the end of `day`: started on or before it, and not ended by then (an unknown end counts as ended). */
export const aliveAtEndOf = (from: string | null, until: string | null, ended: boolean, day: string): boolean =>
  from !== null && from <= day && (until === null ? !ended : until > day);

/** Month ends inside a dated period. */
export function monthEnds(p: Period): string[] {
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

/**
 * Whether one row counts in a stock measure for a period: the rule of each state. `retainedKeys` is
 * `end` here, narrowed by the caller to the keys alive at the start; `monthEnds` is not a per-row rule.
 */
export function stockPick(state: StockMeasure['state'], p: Period, from: string | null, until: string | null, ended: boolean): boolean {
  const gone = until !== null || ended;
  if (p.kind === 'all') {
    if (state === 'start' || state === 'during') return true;
    if (state === 'lost') return gone;
    return !gone;
  }
  if (from === null || (until === null && ended)) return false;
  const dayBefore = fromDayNumber(dayNumber(p.start) - 1);
  switch (state) {
    case 'start':
      return aliveAtEndOf(from, until, ended, dayBefore);
    case 'end':
    case 'retainedKeys':
      return aliveAtEndOf(from, until, ended, p.end);
    case 'retained':
      return aliveAtEndOf(from, until, ended, dayBefore) && aliveAtEndOf(from, until, ended, p.end);
    case 'lost':
      return aliveAtEndOf(from, until, ended, dayBefore) && until !== null && until <= p.end;
    case 'during':
      return from <= p.end && (until === null || until >= p.start);
    case 'monthEnds':
      return false;
  }
}

/** The measure for a period; null where it has no meaning (month ends of period all). */
export function stockValue(r: StockRollup, m: StockMeasure, p: Period, segKey: string | null): number | null {
  const b = r.blocks.get(segKey ?? TOTAL_KEY);
  const sums = m.value ? b?.sums[r.values.indexOf(valueKey(m))] : undefined;
  const per = sums ?? b?.rows;
  if (m.state === 'monthEnds') {
    if (p.kind === 'all') return null;
    if (!b) return 0;
    let total = 0;
    for (const t of monthEnds(p)) for (let x = 0; x < b.rows.length; x++) if (aliveAtEndOf(b.from[x]!, b.until[x]!, b.ended[x] === 1, t)) total += per![x]!;
    return total;
  }
  if (!b) return 0;
  let startKeys: Set<number> | null = null;
  if (m.state === 'retainedKeys') {
    const net = new Map<number, number>();
    for (let x = 0; x < b.rows.length; x++)
      if (stockPick('start', p, b.from[x]!, b.until[x]!, b.ended[x] === 1)) net.set(b.keys[x]!, (net.get(b.keys[x]!) ?? 0) + b.rows[x]!);
    startKeys = new Set([...net].filter(([, n]) => n > 0).map(([k]) => k));
  }
  const keyRows = new Map<number, number>();
  let total = 0;
  for (let x = 0; x < b.rows.length; x++) {
    if (!stockPick(m.state, p, b.from[x]!, b.until[x]!, b.ended[x] === 1)) continue;
    if (startKeys && !startKeys.has(b.keys[x]!)) continue;
    if (m.count === 'keys') keyRows.set(b.keys[x]!, (keyRows.get(b.keys[x]!) ?? 0) + b.rows[x]!);
    else total += per![x]!;
  }
  if (m.count === 'keys') return [...keyRows.values()].filter((n) => n > 0).length;
  return total;
}

/** Segment values present in a stock rollup. */
export function stockKeys(r: StockRollup): string[] {
  return [...r.blocks.keys()].filter((k) => k !== TOTAL_KEY);
}
