/**
 * Stock measures: records alive over [from, until) — customers, subscriptions, open deals — judged
 * against a period (alive at its start, at its end, both, lost during it ...). A state on a day reads
 * the versions standing then: each batch's rollup part is dated by its export's as-of day, so the
 * parts dated on or before the day add up to the versions valid on it (what a batch wrote counts from
 * its day on, what it ended is taken back out from then). On a day before the dataset's first export
 * every part counts: the state is rebuilt from the current versions and their own dates. Measures that
 * judge a record at two moments (retained, lost, during) keep the record's identity in the rollup, so
 * its version at the start and its version at the end are compared as one record; the others (the
 * open pipeline, MRR at a day's end) only add up the versions standing on a day, so their rollup is a
 * day's openings and closings (a million deals make a few thousand days, not a pair of dates each).
 */
import type { Settings } from '../../shared/api';
import { storedFields } from '../../shared/datasets/catalog';
import type { Cond, Expr, Measure } from '../../shared/metrics/define';
import { fromDayNumber, dayNumber, type Period } from '../../shared/periods';
import { catalogue } from '../../shared/metrics/index';
import { compileExpr, compileWhere, dayOf, fieldIndex, numberOf, segmentOf, textOf, type Value } from './compile';
import { defineRollup, Sum, TOTAL_KEY, type Rows, type RollupDef } from './accumulate';
import { upperBound } from './flows';

export type StockMeasure = Extract<Measure, { kind: 'stock' }>;
type State = StockMeasure['state'];

/** States that compare a record's version at the start of the period with its version at the end. */
const recordStates: ReadonlySet<State> = new Set(['retained', 'lost', 'retainedKeys', 'during']);

/** One content of the rollup: a version's dates, group key and values, with its signed count per as-of day. */
interface Content {
  readonly from: string | null;
  readonly until: string | null;
  /** Ended at an unknown date (a churned flag without a churn date, a deal won without a close date). */
  readonly ended: boolean;
  readonly key: number;
  /** The record it is a version of (index into the block's records), -1 when the group keeps none. */
  readonly record: number;
  /** Signed counts and sums per part day, in ascending day order. */
  readonly days: string[];
  readonly rows: number[];
  readonly sums: number[][];
}

interface Block {
  readonly contents: Content[];
  /** Per record: the indexes of its contents. */
  readonly records: number[][];
}

/** One part's openings and closings by day, as running totals, and its totals for period all. */
interface SpanPart {
  readonly asOf: string;
  /** Days with an opening or a closing, ascending. */
  readonly days: string[];
  /** Per day index + 1: the count and each sum opened, and closed, up to and including that day. */
  readonly opened: Float64Array[];
  readonly closed: Float64Array[];
  /** Every version (count and sums), and those gone (ended), whatever their dates: period all. */
  readonly all: Float64Array;
  readonly gone: Float64Array;
}

export type StockRollup =
  | {
      readonly layout: 'records';
      readonly blocks: ReadonlyMap<string, Block>;
      /** Value keys in the order of each content's sums. */
      readonly values: readonly string[];
      /** The day of the dataset's first export; before it, states are rebuilt from the current versions. Null: no batch. */
      readonly first: string | null;
    }
  | { readonly layout: 'span'; readonly blocks: ReadonlyMap<string, SpanPart[]>; readonly values: readonly string[]; readonly first: string | null };

/** Measures over the same rows share one rollup, one sum per value they add up; the state is judged afterwards. */
export const stockGroupKey = (m: StockMeasure): string =>
  JSON.stringify({ d: m.dataset, f: m.from, u: m.until, e: m.endedFlag, ew: m.endedWhen ?? [], k: m.key, w: m.where ?? [] });

const valueKey = (m: StockMeasure): string => JSON.stringify(m.value ?? null);

/** Every stock measure of the catalogue, per group. */
function stockGroups(): Map<string, StockMeasure[]> {
  const out = new Map<string, StockMeasure[]>();
  for (const def of catalogue)
    for (const way of def.ways)
      for (const m of Object.values(way.measures)) {
        if (m.kind !== 'stock') continue;
        const list = out.get(stockGroupKey(m)) ?? [];
        list.push(m);
        out.set(stockGroupKey(m), list);
      }
  return out;
}
const groups = stockGroups();

/** The value expressions a group adds up, one sum each. */
function valuesOf(m: StockMeasure): StockMeasure[] {
  const out: StockMeasure[] = [];
  for (const x of groups.get(stockGroupKey(m)) ?? []) if (x.value && !out.some((y) => valueKey(y) === valueKey(x))) out.push(x);
  return out;
}

/** Whether a group's rollup keeps record identity (one of its measures judges a record at two moments). */
const byRecord = (m: StockMeasure): boolean => (groups.get(stockGroupKey(m)) ?? [m]).some((x) => recordStates.has(x.state));

/** One stock measure standing for each rollup of the catalogue over a dataset. */
export function stockMeasuresOf(dataset: string): StockMeasure[] {
  return [...groups.values()].map((list) => list[0]!).filter((m) => m.dataset === dataset);
}

/**
 * A version's dates as the measure reads them: its until date counts only once it has ended (a deal's
 * expected close date does not end it), and it has ended by its flag or its `endedWhen` conditions.
 */
export function spanReader(
  m: StockMeasure,
  index: (field: string) => number,
  settings: Settings,
): (vs: readonly Value[], at: number) => [string | null, string | null, boolean] {
  const from = index(m.from);
  const until = m.until ? index(m.until) : -1;
  const flag = m.endedFlag ? index(m.endedFlag) : -1;
  const endedWhen = m.endedWhen ? compileWhere(m.endedWhen, index, settings) : null;
  return (vs, at) => {
    const ended = endedWhen ? endedWhen(vs, at) : flag >= 0 && numberOf(vs[at + flag]!) === 1;
    const u = until < 0 || (endedWhen && !ended) ? null : dayOf(vs[at + until]!);
    return [dayOf(vs[at + from]!), u, ended];
  };
}

/**
 * The rollup of a stock group. Kept by record: rows `[segment, from, until, ended, key, record, rows,
 * ...one sum per value]`. As spans: rows `[segment, day, kind, rows, ...sums]`, kind 'o' for versions
 * opening on the day, 'c' for those closing on it, 'a' (no day) for every version and 'g' for those
 * gone, which period all reads.
 */
export function stockRollupDef(m: StockMeasure, settings: Settings, segField: string | null): RollupDef {
  const values = valuesOf(m);
  const records = byRecord(m);
  const definition = { kind: 'stock', group: stockGroupKey(m), values: values.map(valueKey), records };
  const conds = [...(m.where ?? []), ...(m.endedWhen ?? []), ...values.map((v) => v.value!)];
  if (!records) return spanRollupDef(m, settings, segField, definition, conds, values);
  return defineRollup(m.dataset, definition, settings, segField, conds, (sign) => {
    const index = fieldIndex(m.dataset);
    const width = storedFields(m.dataset).length;
    const seg = segField ? index(segField) : -1;
    const span = spanReader(m, index, settings);
    const key = m.key ? index(m.key) : -1;
    const where = compileWhere(m.where, index, settings);
    const exprs = values.map((v) => compileExpr(v.value!, index, settings));
    const cells = new Map<string, { rows: number; sums: Sum[] }>();
    return {
      add(vs: readonly Value[], at: number, ref: string) {
        if (!where(vs, at)) return;
        const [from, until, ended] = span(vs, at);
        const id = [
          seg < 0 ? '' : segmentOf(vs[at + seg]!),
          from ?? '',
          until ?? '',
          ended ? '1' : '0',
          key < 0 ? '' : (textOf(vs[at + key]!) ?? ''),
          // A row without identity is a record of its own.
          records ? (textOf(vs[at + width]!) ?? `#${ref}`) : '',
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
          const [s, f, u, e, k, r] = id.split('\u0000') as [string, string, string, string, string, string];
          return [s, f === '' ? null : f, u === '' ? null : u, Number(e), k, r, sign * g.rows, ...g.sums.map((x) => sign * x.value())];
        }),
    };
  });
}

function spanRollupDef(
  m: StockMeasure,
  settings: Settings,
  segField: string | null,
  definition: unknown,
  conds: readonly (Cond | Expr)[],
  values: readonly StockMeasure[],
): RollupDef {
  return defineRollup(m.dataset, definition, settings, segField, conds, (sign) => {
    const index = fieldIndex(m.dataset);
    const seg = segField ? index(segField) : -1;
    const span = spanReader(m, index, settings);
    const where = compileWhere(m.where, index, settings);
    const exprs = values.map((v) => compileExpr(v.value!, index, settings));
    const cells = new Map<string, { rows: number; sums: Sum[] }>();
    const bump = (id: string, worth: (number | null)[]): void => {
      let g = cells.get(id);
      if (!g) cells.set(id, (g = { rows: 0, sums: exprs.map(() => new Sum()) }));
      g.rows++;
      worth.forEach((v, i) => {
        if (v !== null) g.sums[i]!.add(v);
      });
    };
    return {
      add(vs: readonly Value[], at: number) {
        if (!where(vs, at)) return;
        const [from, until, ended] = span(vs, at);
        const s = seg < 0 ? '' : segmentOf(vs[at + seg]!);
        const worth = exprs.map((e) => e(vs, at));
        bump(`${s}\u0000\u0000a`, worth);
        if (until !== null || ended) bump(`${s}\u0000\u0000g`, worth);
        // Alive from its first day until its end; a version without a start, or ended at an unknown
        // time or before it started, is never alive on a dated day.
        if (from === null || (until === null && ended) || (until !== null && until <= from)) return;
        bump(`${s}\u0000${from}\u0000o`, worth);
        if (until !== null) bump(`${s}\u0000${until}\u0000c`, worth);
      },
      rows: (): Rows =>
        [...cells].map(([id, g]) => {
          const [s, d, kind] = id.split('\u0000') as [string, string, string];
          return [s, d === '' ? null : d, kind, sign * g.rows, ...g.sums.map((x) => sign * x.value())];
        }),
    };
  });
}

function readSpanRollup(parts: readonly { asOf: string; rows: Rows }[], m: StockMeasure, segField: string | null): StockRollup {
  const values = valuesOf(m);
  const width = values.length + 1;
  const bySeg = new Map<string, Map<string, { days: Map<string, { o: Float64Array; c: Float64Array }>; all: Float64Array; gone: Float64Array }>>();
  let first: string | null = null;
  for (const part of parts) {
    if (first === null || part.asOf < first) first = part.asOf;
    for (const row of part.rows) {
      const seg = segField ? String(row[0]) : TOTAL_KEY;
      let byDay = bySeg.get(seg);
      if (!byDay) bySeg.set(seg, (byDay = new Map()));
      let p = byDay.get(part.asOf);
      if (!p) byDay.set(part.asOf, (p = { days: new Map(), all: new Float64Array(width), gone: new Float64Array(width) }));
      const kind = String(row[2]);
      let target: Float64Array;
      if (kind === 'a') target = p.all;
      else if (kind === 'g') target = p.gone;
      else {
        const day = String(row[1]);
        let d = p.days.get(day);
        if (!d) p.days.set(day, (d = { o: new Float64Array(width), c: new Float64Array(width) }));
        target = kind === 'o' ? d.o : d.c;
      }
      for (let v = 0; v < width; v++) target[v]! += Number(row[3 + v]);
    }
  }
  const blocks = new Map<string, SpanPart[]>();
  for (const [seg, byDay] of bySeg) {
    blocks.set(
      seg,
      [...byDay].map(([asOf, p]) => {
        const days = [...p.days.keys()].sort();
        const opened = [new Float64Array(width)];
        const closed = [new Float64Array(width)];
        days.forEach((d, i) => {
          const [o, c] = [Float64Array.from(opened[i]!), Float64Array.from(closed[i]!)];
          for (let v = 0; v < width; v++) {
            o[v]! += p.days.get(d)!.o[v]!;
            c[v]! += p.days.get(d)!.c[v]!;
          }
          opened.push(o);
          closed.push(c);
        });
        return { asOf, days, opened, closed, all: p.all, gone: p.gone };
      }),
    );
  }
  return { layout: 'span', blocks, values: values.map(valueKey), first };
}

/** The count (v 0) or a sum (v 1 + its index) of the versions alive at the end of `day`, over the parts standing then. */
function spanAlive(parts: readonly SpanPart[], first: string | null, day: string, v: number): number {
  const every = rebuilt(first, day);
  let total = 0;
  for (const p of parts) {
    if (!every && p.asOf > day) continue;
    const i = upperBound(p.days, day);
    total += p.opened[i]![v]! - p.closed[i]![v]!;
  }
  return total;
}

function spanValue(r: Extract<StockRollup, { layout: 'span' }>, m: StockMeasure, p: Period, segKey: string | null): number | null {
  if (m.state === 'monthEnds' && p.kind === 'all') return null;
  const parts = r.blocks.get(segKey ?? TOTAL_KEY);
  if (!parts) return 0;
  const v = m.value ? 1 + r.values.indexOf(valueKey(m)) : 0;
  if (p.kind === 'all') {
    const sum = (pick: (x: SpanPart) => Float64Array): number => parts.reduce((t, x) => t + pick(x)[v]!, 0);
    if (m.state === 'start' || m.state === 'during') return sum((x) => x.all);
    if (m.state === 'lost') return sum((x) => x.gone);
    return sum((x) => x.all) - sum((x) => x.gone);
  }
  if (m.state === 'monthEnds') return monthEnds(p).reduce((t, day) => t + spanAlive(parts, r.first, day, v), 0);
  return spanAlive(parts, r.first, m.state === 'start' ? dayBefore(p.start) : p.end, v);
}

/** Builds the blocks of a stock group from its rollup parts, each dated by its export's as-of day. */
export function readStockRollup(parts: readonly { asOf: string; rows: Rows }[], m: StockMeasure, segField: string | null): StockRollup {
  if (!byRecord(m)) return readSpanRollup(parts, m, segField);
  const values = valuesOf(m);
  const bySeg = new Map<string, { contents: Map<string, Content & { at: Map<string, number> }>; keys: Map<string, number>; records: Map<string, number> }>();
  let first: string | null = null;
  for (const part of parts) {
    if (first === null || part.asOf < first) first = part.asOf;
    for (const row of part.rows) {
      const seg = segField ? String(row[0]) : TOTAL_KEY;
      let block = bySeg.get(seg);
      if (!block) bySeg.set(seg, (block = { contents: new Map(), keys: new Map(), records: new Map() }));
      const keyText = String(row[4]);
      let key = block.keys.get(keyText);
      if (key === undefined) block.keys.set(keyText, (key = block.keys.size));
      const recordText = String(row[5]);
      let record = -1;
      if (recordText !== '') {
        const known = block.records.get(recordText);
        record = known ?? block.records.size;
        if (known === undefined) block.records.set(recordText, record);
      }
      const count = Number(row[6]);
      const sums = values.map((_, v) => Number(row[7 + v]));
      // A version's content includes its values (a record whose MRR changed has two contents), taken
      // as written: a part that ended the version holds them negated.
      const id = JSON.stringify([row[1], row[2], row[3], keyText, recordText, sums.map((x) => x * Math.sign(count))]);
      let c = block.contents.get(id);
      if (!c) {
        c = {
          from: row[1] === null ? null : String(row[1]),
          until: row[2] === null ? null : String(row[2]),
          ended: Number(row[3]) === 1,
          key,
          record,
          days: [],
          rows: [],
          sums: [],
          at: new Map(),
        };
        block.contents.set(id, c);
      }
      let i = c.at.get(part.asOf);
      if (i === undefined) {
        c.at.set(part.asOf, (i = c.days.length));
        c.days.push(part.asOf);
        c.rows.push(0);
        c.sums.push(values.map(() => 0));
      }
      c.rows[i]! += count;
      sums.forEach((x, v) => (c.sums[i]![v]! += x));
    }
  }
  const blocks = new Map<string, Block>();
  for (const [seg, b] of bySeg) {
    const contents: Content[] = [];
    const records: number[][] = Array.from({ length: b.records.size }, () => []);
    for (const c of b.contents.values()) {
      // Days ascending, so a state on a day adds a prefix.
      const order = c.days.map((_, i) => i).sort((x, y) => (c.days[x]! < c.days[y]! ? -1 : 1));
      const kept: Content = {
        from: c.from,
        until: c.until,
        ended: c.ended,
        key: c.key,
        record: c.record,
        days: order.map((i) => c.days[i]!),
        rows: order.map((i) => c.rows[i]!),
        sums: order.map((i) => c.sums[i]!),
      };
      if (kept.rows.every((n) => n === 0)) continue;
      if (kept.record >= 0) records[kept.record]!.push(contents.length);
      contents.push(kept);
    }
    blocks.set(seg, { contents, records });
  }
  return { layout: 'records', blocks, values: values.map(valueKey), first };
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

export const dayBefore = (day: string): string => fromDayNumber(dayNumber(day) - 1);

/** True when the state on `day` is rebuilt from the current versions (no export of the dataset shows it). */
export const rebuilt = (first: string | null, day: string): boolean => first === null || day < first;

/** A content's signed count and sums standing on `day`. */
function standing(c: Content, day: string, all: boolean): { n: number; sums: number[] } {
  let n = 0;
  const sums = c.sums[0]?.map(() => 0) ?? [];
  for (let i = 0; i < c.days.length && (all || c.days[i]! <= day); i++) {
    n += c.rows[i]!;
    c.sums[i]!.forEach((x, v) => (sums[v]! += x));
  }
  return { n, sums };
}

/** Whether one version counts in a row-wise state on one period (`all`: by its current state). */
function rowPick(state: State, p: Period, c: Content): boolean {
  if (p.kind === 'all') {
    const gone = c.until !== null || c.ended;
    if (state === 'start' || state === 'during') return true;
    if (state === 'lost') return gone;
    return !gone;
  }
  if (state === 'start') return aliveAtEndOf(c.from, c.until, c.ended, dayBefore(p.start));
  return aliveAtEndOf(c.from, c.until, c.ended, p.end);
}

/** Alive at some time in P, by a version's own dates. */
const during = (c: Content, p: Period): boolean =>
  c.from !== null && !(c.until === null && c.ended) && c.from <= p.end && (c.until === null || c.until >= p.start);

/** The measure for a period; null where it has no meaning (month ends of period all). */
export function stockValue(r: StockRollup, m: StockMeasure, p: Period, segKey: string | null): number | null {
  if (r.layout === 'span') return spanValue(r, m, p, segKey);
  const b = r.blocks.get(segKey ?? TOTAL_KEY);
  const v = m.value ? r.values.indexOf(valueKey(m)) : -1;
  const worth = (s: { n: number; sums: number[] }): number => (v < 0 ? s.n : s.sums[v]!);
  if (m.state === 'monthEnds' && p.kind === 'all') return null;
  if (!b) return 0;
  const all = p.kind === 'all';
  if (m.state === 'monthEnds') {
    let total = 0;
    for (const t of monthEnds(p)) {
      const every = rebuilt(r.first, t);
      for (const c of b.contents) if (aliveAtEndOf(c.from, c.until, c.ended, t)) total += worth(standing(c, t, every));
    }
    return total;
  }
  if (all || !recordStates.has(m.state)) {
    const day = m.state === 'start' && !all ? dayBefore(p.start) : p.end;
    const every = all || rebuilt(r.first, day);
    let total = 0;
    const keyRows = new Map<number, number>();
    for (const c of b.contents) {
      if (!rowPick(m.state, p, c)) continue;
      const s = standing(c, day, every);
      if (m.count === 'keys') keyRows.set(c.key, (keyRows.get(c.key) ?? 0) + s.n);
      else total += worth(s);
    }
    return m.count === 'keys' ? [...keyRows.values()].filter((n) => n > 0).length : total;
  }
  // Record by record: its version standing at the start of P against its version standing at its end.
  const s = dayBefore(p.start);
  const e = p.end;
  const [everyS, everyE] = [rebuilt(r.first, s), rebuilt(r.first, e)];
  const versionsOn = (record: number, day: string, every: boolean): { c: Content; s: { n: number; sums: number[] } }[] =>
    b.records[record]!.map((i) => ({ c: b.contents[i]!, s: standing(b.contents[i]!, day, every) })).filter((x) => x.s.n > 0);
  const startKeys = new Set<number>();
  if (m.state === 'retainedKeys')
    b.records.forEach((_, record) => {
      for (const x of versionsOn(record, s, everyS)) if (aliveAtEndOf(x.c.from, x.c.until, x.c.ended, s)) startKeys.add(x.c.key);
    });
  let total = 0;
  const keys = new Set<number>();
  b.records.forEach((_, record) => {
    const atS = versionsOn(record, s, everyS);
    const atE = versionsOn(record, e, everyE);
    const aliveS = atS.filter((x) => aliveAtEndOf(x.c.from, x.c.until, x.c.ended, s));
    const aliveE = atE.filter((x) => aliveAtEndOf(x.c.from, x.c.until, x.c.ended, e));
    const seen = [...atS, ...atE].filter((x) => during(x.c, p));
    const counted =
      m.state === 'retained'
        ? aliveS.length > 0 && aliveE.length > 0
          ? aliveE
          : []
        : m.state === 'lost'
          ? aliveS.length > 0 && atE.length > 0 && aliveE.length === 0
            ? aliveS
            : []
          : m.state === 'retainedKeys'
            ? aliveE.filter((x) => startKeys.has(x.c.key))
            : seen.slice(-1);
    for (const x of counted) {
      if (m.count === 'keys') keys.add(x.c.key);
      else total += worth(x.s);
    }
  });
  return m.count === 'keys' ? keys.size : total;
}

/** Segment values present in a stock rollup. */
export function stockKeys(r: StockRollup): string[] {
  return [...r.blocks.keys()].filter((k) => k !== TOTAL_KEY);
}
