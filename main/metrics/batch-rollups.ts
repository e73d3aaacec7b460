/**
 * The grouped rows of an import's own batch, counted from its rows on their way in (in the import
 * worker) instead of by grouped queries afterwards: sql.js sorts a million rows for every GROUP BY
 * (about 3 s each here), while one pass over the rows in hand costs a fraction of a second.
 *
 * Each accumulator stands for one grouped query of flows.ts, distinct.ts or profile.ts — built from the same
 * function, so its `rollups.source` is that query's — and gives exactly that query's rows for the
 * batch (test/unit/main/metrics/batch-rollups.test.ts runs both). Where SQLite would convert a value
 * (text in a number column, a number where text is compared, a date it would read differently), the
 * accumulator gives up and the query runs after the import as before.
 */
import type { Settings } from '../../shared/api';
import { storedFields, type DatasetName } from '../../shared/datasets/catalog';
import type { Cond, Expr } from '../../shared/metrics/define';
import { dayNumber, isIsoDate } from '../../shared/periods';
import { flowGroupsOf, flowMeasuresOf, flowSelect } from './flows';
import { distinctMeasuresOf, distinctSelect, type DistinctMeasure } from './distinct';
import { eventDates, filledSelect, latestSelect, optionalFields, rowsSelect } from './profile';
import type { Rows } from './partials';
import { sourceId } from './partials';

export type Value = string | number | null;

export interface BatchRollup {
  /** The `rollups.source` of the query this stands for. */
  readonly source: string;
  add(values: readonly Value[], at: number, row: number): void;
  /** The query's rows for the batch, or null when a value was one SQLite would have converted. */
  rows(): Rows | null;
}

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const text = (v: Value): string | null => (v === null ? null : typeof v === 'string' ? v : giveUp());
const number = (v: Value): number | null => (v === null ? null : typeof v === 'number' ? v : giveUp());

/**
 * Dates repeat row after row (a few thousand distinct days in a million rows), so what each text
 * reads as is remembered; CACHE_LIMIT keeps a file of distinct date-times from growing it forever.
 */
const CACHE_LIMIT = 100_000;
const dayCache = new Map<string, string>();
const julianCache = new Map<string, number>();
const remember = <T>(cache: Map<string, T>, key: string, value: T): T => {
  if (cache.size < CACHE_LIMIT) cache.set(key, value);
  return value;
};

/** substr(x, 1, 10) of an ASCII date text (SQLite counts characters, JavaScript UTF-16 units: the same for ASCII). */
function day(v: Value): string | null {
  const t = text(v);
  if (t === null) return null;
  const known = dayCache.get(t);
  if (known !== undefined) return known;
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(t)) giveUp();
  return remember(dayCache, t, t.slice(0, 10));
}

/** julianday(substr(x, 1, 10)) up to a constant, for dates SQLite and this code read alike. */
function julian(v: Value): number | null {
  if (v === null) return null;
  const known = typeof v === 'string' ? julianCache.get(v) : undefined;
  if (known !== undefined) return known;
  const d = day(v)!;
  if (!isIsoDate(d) || d < '1000') giveUp();
  return remember(julianCache, v as string, dayNumber(d));
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** strftime('%s', x) for the date and date-time texts the importer stores. */
function epochSeconds(v: Value): number | null {
  const t = text(v);
  if (t === null) return null;
  const m = DATETIME.exec(t);
  if (!m || !isIsoDate(t.slice(0, 10)) || t < '1000') giveUp();
  const [h, mi, s] = [Number(m![4] ?? 0), Number(m![5] ?? 0), Number(m![6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) giveUp();
  return dayNumber(t.slice(0, 10)) * 86_400 + h * 3600 + mi * 60 + s;
}

/** SQLite's trim() (spaces only) and lower() (ASCII only). */
const trimLower = (t: string): string => t.replace(/^ +| +$/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase());

/** A function of one row: `vs` holds rows one after another, each in storedFields order; the row starts at `at`. */
type RowFn<T> = (vs: readonly Value[], at: number) => T;

function compileCond(c: Cond, index: (field: string) => number, settings: Settings): RowFn<boolean> {
  if ('any' in c) {
    const parts = c.any.map((x) => compileCond(x, index, settings));
    return (vs, at) => parts.some((p) => p(vs, at));
  }
  const i = index(c.field);
  if ('in' in c) {
    const set = new Set(c.in);
    return (vs, at) => {
      const t = text(vs[at + i]!);
      return t !== null && set.has(t);
    };
  }
  if ('null' in c) return c.null ? (vs, at) => vs[at + i] === null : (vs, at) => vs[at + i] !== null;
  if ('cmp' in c) {
    const to = typeof c.to === 'number' ? c.to : settings[c.to.setting];
    const cmp = c.cmp;
    return (vs, at) => {
      const x = number(vs[at + i]!);
      if (x === null) return false;
      return cmp === '>' ? x > to : cmp === '>=' ? x >= to : cmp === '<' ? x < to : cmp === '<=' ? x <= to : x === to;
    };
  }
  if ('notSet' in c) return (vs, at) => number(vs[at + i]!) !== 1;
  // LIKE 'p%' on a lower-cased value is a plain prefix test while p holds no wildcard or upper case.
  if (c.startsWith.some((p) => /[%_A-Z\\]/.test(p))) giveUp();
  const prefixes = c.startsWith;
  return (vs, at) => {
    const t = text(vs[at + i]!);
    if (t === null) return false;
    const l = trimLower(t);
    return prefixes.some((p) => l.startsWith(p));
  };
}

function compileExpr(e: Expr, index: (field: string) => number): RowFn<number | null> {
  if ('field' in e) {
    const i = index(e.field);
    return (vs, at) => number(vs[at + i]!);
  }
  if ('days' in e) {
    const [a, b] = [index(e.days[0]), index(e.days[1])];
    return (vs, at) => {
      const [x, y] = [julian(vs[at + a]!), julian(vs[at + b]!)];
      return x === null || y === null ? null : y - x;
    };
  }
  if ('hours' in e) {
    const [a, b] = [index(e.hours[0]), index(e.hours[1])];
    return (vs, at) => {
      const [x, y] = [epochSeconds(vs[at + a]!), epochSeconds(vs[at + b]!)];
      return x === null || y === null ? null : (y - x) / 3600;
    };
  }
  if ('first' in e) {
    const parts = e.first.map((x) => compileExpr(x, index));
    return (vs, at) => {
      for (const p of parts) {
        const v = p(vs, at);
        if (v !== null) return v;
      }
      return null;
    };
  }
  if ('minus' in e) {
    const [a, b] = [compileExpr(e.minus[0], index), compileExpr(e.minus[1], index)];
    return (vs, at) => {
      const [x, y] = [a(vs, at), b(vs, at)];
      return x === null || y === null ? null : x - y;
    };
  }
  const k = e.const;
  return () => k;
}

/** Guards an accumulator: after the first value it cannot read as SQLite would, it only answers null. */
function guarded(source: string, add: (vs: readonly Value[], at: number, row: number) => void, rows: () => Rows): BatchRollup {
  let failed = false;
  return {
    source,
    add(vs, at, row) {
      if (failed) return;
      try {
        add(vs, at, row);
      } catch (e) {
        if (!(e instanceof GiveUp)) throw e;
        failed = true;
      }
    },
    rows: () => (failed ? null : rows()),
  };
}

const byDay = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compiled functions shared by the columns of one query: most columns test the same few conditions
 * (won, closed, this source) and read the same values, so each is worked out once per row.
 */
class Shared<F> {
  readonly fns: F[] = [];
  private readonly slots = new Map<string, number>();
  slot(key: unknown, compile: () => F): number {
    const k = JSON.stringify(key);
    let i = this.slots.get(k);
    if (i === undefined) {
      i = this.fns.length;
      this.fns.push(compile());
      this.slots.set(k, i);
    }
    return i;
  }
}


/** The running totals of one day (Kahan-Babuska-Neumaier, as SQLite's total()). */
interface Day {
  readonly sum: Float64Array;
  readonly err: Float64Array;
  /** Per `orders` column, the distinct order keys; null for the other columns. */
  readonly orders: (Set<string> | null)[] | null;
}

/**
 * A flow group's query over all rows (segment splits are read by query when first asked for: counting
 * them here cost about 0.6 s of the worker's time per field and million rows, measured).
 */
function flowRollup(group: string, settings: Settings, batch: number, index: (field: string) => number): BatchRollup {
  const measures = flowMeasuresOf(group);
  const on = index(group.split('\u0000')[1]!);
  const conds = new Shared<RowFn<boolean>>();
  const exprs = new Shared<RowFn<number | null>>();
  const columns = measures.map((m) => ({
    where: (m.where ?? []).map((c) => conds.slot(c, () => compileCond(c, index, settings))),
    // An `orders` column counts distinct order keys; any other sums its value (1 when it has none).
    value: m.kind === 'orders' ? -1 : exprs.slot(m.value ?? { const: 1 }, () => compileExpr(m.value ?? { const: 1 }, index)),
  }));
  const n = columns.length;
  const hasOrders = columns.some((c) => c.value < 0);
  const orderId = hasOrders ? index('order_id') : -1;
  const hits = new Uint8Array(conds.fns.length);
  const values = new Array<number | null>(exprs.fns.length).fill(null);
  const days = new Map<string | null, Day>();
  const add = (vs: readonly Value[], at: number, row: number): void => {
    const d = day(vs[at + on]!);
    for (let i = 0; i < hits.length; i++) hits[i] = conds.fns[i]!(vs, at) ? 1 : 0;
    for (let i = 0; i < values.length; i++) values[i] = exprs.fns[i]!(vs, at);
    let g = days.get(d);
    if (!g) {
      g = { sum: new Float64Array(n), err: new Float64Array(n), orders: hasOrders ? columns.map((c) => (c.value < 0 ? new Set<string>() : null)) : null };
      days.set(d, g);
    }
    for (let k = 0; k < n; k++) {
      const c = columns[k]!;
      let pass = 1;
      for (const w of c.where) pass &= hits[w]!;
      if (pass === 0) continue;
      if (c.value < 0) {
        g.orders![k]!.add(text(vs[at + orderId]!) ?? `#${batch}:${row}`);
        continue;
      }
      const r = values[c.value]!;
      if (r === null) continue;
      const s = g.sum[k]!;
      const t = s + r;
      g.err[k]! += Math.abs(s) > Math.abs(r) ? s - t + r : r - t + s;
      g.sum[k] = t;
    }
  };
  const rows = (): Rows =>
    [...days.entries()]
      .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : byDay(a, b)))
      .map(([d, g]) => [d, '', ...columns.map((_, k) => g.orders?.[k]?.size ?? g.sum[k]! + g.err[k]!)]);
  return guarded(sourceId(flowSelect(group, null, settings)), add, rows);
}

/** A distinct-count query: rows and orders per day and key. */
function distinctRollup(m: DistinctMeasure, settings: Settings, batch: number, index: (field: string) => number): BatchRollup {
  const on = index(m.on);
  const key = index(m.key);
  const where = (m.where ?? []).map((c) => compileCond(c, index, settings));
  const orderId = m.dataset === 'orders' ? index('order_id') : -1;
  const days = new Map<string | null, Map<string, { rows: number; orders: Set<string> | null }>>();
  const add = (vs: readonly Value[], at: number, row: number): void => {
    const k = text(vs[at + key]!);
    if (k === null) return;
    for (const w of where) if (!w(vs, at)) return;
    const d = day(vs[at + on]!);
    let byKey = days.get(d);
    if (!byKey) days.set(d, (byKey = new Map()));
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { rows: 0, orders: orderId >= 0 ? new Set() : null }));
    g.rows++;
    g.orders?.add(text(vs[at + orderId]!) ?? `#${batch}:${row}`);
  };
  const rows = (): Rows =>
    [...days.entries()]
      .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : byDay(a, b)))
      .flatMap(([d, byKey]) =>
        [...byKey.entries()].sort(([a], [b]) => byDay(a, b)).map(([k, g]) => ['', d, k, g.rows, g.orders ? g.orders.size : g.rows]),
      );
  return guarded(sourceId(distinctSelect(m, null, settings)), add, rows);
}

function profileRollups(dataset: DatasetName, index: (field: string) => number): BatchRollup[] {
  let count = 0;
  const out: BatchRollup[] = [guarded(sourceId(rowsSelect(dataset)), () => count++, () => (count ? [[count]] : []))];
  const dates = eventDates[dataset].map((e) => ({
    at: index(e.field),
    status: e.whenStatus ? { at: index('status'), in: new Set(e.whenStatus) } : null,
    max: null as string | null,
  }));
  if (dates.length > 0) {
    let n = 0;
    out.push(
      guarded(
        sourceId(latestSelect(dataset)),
        (vs, at) => {
          n++;
          for (const d of dates) {
            if (d.status) {
              const s = text(vs[at + d.status.at]!);
              if (s === null || !d.status.in.has(s)) continue;
            }
            const v = day(vs[at + d.at]!);
            if (v !== null && (d.max === null || v > d.max)) d.max = v;
          }
        },
        () => (n ? [dates.map((d) => d.max)] : []),
      ),
    );
  }
  const optional = optionalFields(dataset).map(index);
  if (optional.length > 0) {
    const filled = new Array<number>(optional.length).fill(0);
    let n = 0;
    out.push(
      guarded(
        sourceId(filledSelect(dataset)),
        (vs, at) => {
          n++;
          for (let k = 0; k < optional.length; k++) if (vs[at + optional[k]!] !== null) filled[k]!++;
        },
        () => (n ? [filled.slice()] : []),
      ),
    );
  }
  return out;
}

/** Accumulators for every grouped query over a dataset that can be counted from its rows in hand. */
export function batchRollups(dataset: DatasetName, settings: Settings, batch: number): BatchRollup[] {
  const fields = storedFields(dataset).map((f) => f.name);
  const index = (field: string): number => {
    const i = fields.indexOf(field);
    if (i < 0) throw new Error(`${dataset} has no stored field ${field}`);
    return i;
  };
  const out = profileRollups(dataset, index);
  const compiled: (() => BatchRollup)[] = [
    ...flowGroupsOf(dataset).map((group) => () => flowRollup(group, settings, batch, index)),
    ...distinctMeasuresOf(dataset).map((m) => () => distinctRollup(m, settings, batch, index)),
  ];
  for (const compile of compiled) {
    try {
      out.push(compile());
    } catch (e) {
      if (!(e instanceof GiveUp)) throw e;
    }
  }
  return out;
}
