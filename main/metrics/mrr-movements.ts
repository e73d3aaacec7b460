/**
 * MRR movements: each customer's MRR through time, and what it did in a period. A customer's MRR on a
 * day is the mrr KPI's stock (subscriptions, or customers' monthly revenue) summed over their versions
 * standing that day and alive at its end, read with the stock's own reader (stock.ts), so the
 * customers' MRR at a period's end adds up to the mrr KPI. It can only change on a day a version
 * starts or ends, or an export's as-of day, so it is worked out on those days alone; a plan exported as
 * one subscription ending and the next starting on the same day is then one change. Each change in a
 * period is one step: from 0 to more is new (or reactivation when the customer paid on any earlier
 * day), from more to 0 churned, up expansion, down contraction; the steps add up from the MRR at the
 * end of the day before the period to the MRR at the end of its last day.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { dataset, systemColumns } from '../../shared/datasets/catalog';
import type { Measure } from '../../shared/metrics/define';
import { custMrr, subMrr } from '../../shared/metrics/common';
import type { MrrStep } from '../../shared/metrics/movements';
import { addDays, type Period } from '../../shared/periods';
import { q } from '../store/schema';
import { standsOn, validity, type Validity } from '../store/versions';
import { Sum } from './accumulate';
import { memo } from './cache';
import { numberOf, segmentOf, textOf, type Value } from './compile';
import { aliveAtEndOf, spanReader, type StockMeasure } from './stock';
import { upperBound } from './flows';

/** The dataset MRR is read from, which the API names `source` (a dataset here, not a rollup). */
export type MrrSource = 'subscriptions' | 'customers';
export type MrrMovementMeasure = Extract<Measure, { kind: 'mrrMovement' }>;

/** One version of a subscription (or customer), as much of it as MRR reads. */
export interface MrrVersion {
  readonly rowid: number;
  /** The record key, null for a row without identity. */
  readonly key: string | null;
  readonly batch: number;
  readonly until: number | null;
  readonly customer: string | null;
  readonly from: string | null;
  readonly to: string | null;
  /** Ended at an unknown date (a churned flag without a churn date). */
  readonly ended: boolean;
  readonly value: number;
  /** The row's segment fields (plan, region...), as segments are keyed. */
  readonly segments: Readonly<Record<string, string>>;
  /** The row's own ID as its export wrote it (subscription_id, customer_id). */
  readonly id: string | null;
}

export interface MrrCustomer {
  /** customer_id as written; a row without one is a customer of its own, named by its record. */
  readonly id: string;
  readonly versions: readonly MrrVersion[];
  /** The days the customer's MRR changed, ascending, and their MRR at the end of each. */
  readonly days: readonly string[];
  readonly values: readonly number[];
}

/** One customer in one period: MRR at both ends and what each step moved (positive amounts), with the last day it did. */
export interface CustomerMove {
  readonly c: MrrCustomer;
  readonly start: number;
  readonly end: number;
  readonly moved: Partial<Record<MrrStep, number>>;
  readonly on: Partial<Record<MrrStep, string>>;
}

/** The mrr KPI's stock of a source: its dates, end flag and amount are read exactly as mrr reads them. */
export const mrrStock = (source: MrrSource): StockMeasure => (source === 'subscriptions' ? subMrr('end') : custMrr('end')) as StockMeasure;

/** The field that names one row of the source as its export wrote it. */
export const ownId = (source: MrrSource): string => (source === 'subscriptions' ? 'subscription_id' : 'customer_id');

/** The segment fields of a source. */
export const segmentFieldsOf = (source: MrrSource): string[] =>
  dataset(source)
    .fields.filter((f) => f.segment)
    .map((f) => f.name);

function readVersions(db: Database, source: MrrSource, settings: Settings): MrrVersion[] {
  const stock = mrrStock(source);
  const segs = segmentFieldsOf(source);
  // The stock's value is a field (mrr, monthly_revenue), read as the stock reads it: a number or nothing.
  const amount = (stock.value as { field: string }).field;
  const fields = [...new Set([stock.from, stock.until, stock.endedFlag, amount, 'customer_id', ownId(source), ...segs])].filter(
    (f): f is string => f !== undefined,
  );
  const index = (f: string): number => fields.indexOf(f);
  const span = spanReader(stock, index, settings);
  const cols = [systemColumns.key, systemColumns.batch, systemColumns.until, ...fields].map(q).join(', ');
  const stmt = db.prepare(`SELECT rowid, ${cols} FROM ${q(source)} ORDER BY rowid`);
  const out: MrrVersion[] = [];
  try {
    while (stmt.step()) {
      const [rowid, key, batch, until, ...rest] = stmt.get();
      const vs = rest.map((v): Value => (v === undefined || v instanceof Uint8Array ? null : v));
      const [from, to, ended] = span(vs, 0);
      out.push({
        rowid: Number(rowid),
        key: textOf(key),
        batch: Number(batch),
        until: until === null ? null : Number(until),
        customer: textOf(vs[index('customer_id')]),
        from,
        to,
        ended,
        value: numberOf(vs[index(amount)]) ?? 0,
        segments: Object.fromEntries(segs.map((s) => [s, segmentOf(vs[index(s)])])),
        id: textOf(vs[index(ownId(source))]),
      });
    }
  } finally {
    stmt.free();
  }
  return out;
}

/** Differences below this share of the amount are the summation order's, not a change. */
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const losses: ReadonlySet<MrrStep> = new Set(['contraction', 'churned']);

/** A step's amount as the bridge signs it: what it adds to MRR, or (negative) takes from it. */
export const signedMove = (step: MrrStep, amount: number): number => (losses.has(step) ? -amount : amount);

/** Which step a change of a customer's MRR from `a` to `b` is, given whether they paid on an earlier day. */
function stepOf(a: number, b: number, paidBefore: boolean): MrrStep {
  if (a <= 0 && b > 0) return paidBefore ? 'reactivation' : 'new';
  if (a > 0 && b <= 0) return 'churned';
  return b > a ? 'expansion' : 'contraction';
}

/** The MRR of one source of a workbook at one data version, customer by customer (cached: see mrrData). */
export class MrrData {
  readonly validity: Validity;
  readonly customers: readonly MrrCustomer[];
  private readonly moves = new Map<string, CustomerMove[]>();

  constructor(
    db: Database,
    readonly source: MrrSource,
    settings: Settings,
  ) {
    this.validity = validity(db, source);
    const byCustomer = new Map<string, MrrVersion[]>();
    for (const v of readVersions(db, source, settings)) {
      // A row without a customer is a customer of its own: its record, or the row itself.
      const id = v.customer ?? `\u0000${v.key ?? `#${v.rowid}`}`;
      const list = byCustomer.get(id);
      if (list) list.push(v);
      else byCustomer.set(id, [v]);
    }
    this.customers = [...byCustomer].map(([id, vs]) => this.timeline(id, vs));
  }

  /** What one version adds to its customer's MRR at the end of `day`. */
  worthOn(v: MrrVersion, day: string): number {
    return standsOn(this.validity, v.batch, v.until, day) && aliveAtEndOf(v.from, v.to, v.ended, day) ? v.value : 0;
  }

  /** A customer's MRR at the end of `day`, summed in stored order so the same versions always give the same figure. */
  private mrrOn(versions: readonly MrrVersion[], day: string): number {
    const s = new Sum();
    for (const v of versions) s.add(this.worthOn(v, day));
    return s.value();
  }

  private timeline(id: string, versions: readonly MrrVersion[]): MrrCustomer {
    const val = this.validity;
    const candidates = new Set<string>();
    if (val.first !== null) candidates.add(val.first);
    for (const v of versions) {
      if (v.from !== null) candidates.add(v.from);
      if (v.to !== null) candidates.add(v.to);
      candidates.add(val.asOf.get(v.batch)!);
      if (v.until !== null) candidates.add(val.asOf.get(v.until)!);
    }
    const days: string[] = [];
    const values: number[] = [];
    let level = 0;
    for (const day of [...candidates].sort()) {
      const now = this.mrrOn(versions, day);
      if (same(now, level)) continue;
      days.push(day);
      values.push(now);
      level = now;
    }
    return { id, versions, days, values };
  }

  /** Every customer with MRR at either end of `p`, or whose MRR changed in it. */
  movesIn(p: Period): CustomerMove[] {
    const key = `${p.start}\u0000${p.end}`;
    let out = this.moves.get(key);
    if (!out) {
      out = [];
      for (const c of this.customers) {
        const m = moveOf(c, p);
        if (m) out.push(m);
      }
      this.moves.set(key, out);
    }
    return out;
  }

  /**
   * A customer's base version at the end of `day`: the oldest alive then (the contract an add-on or a
   * second product was bought on; the bigger one of two started the same day), or null when none is.
   */
  private baseOn(c: MrrCustomer, day: string): MrrVersion | null {
    let base: MrrVersion | null = null;
    for (const v of c.versions) {
      if (this.worthOn(v, day) === 0) continue;
      if (base === null || v.from! < base.from! || (v.from === base.from && v.value > base.value)) base = v;
    }
    return base;
  }

  /**
   * A customer's value of a segment field over a period: their base subscription's at its end, else
   * at its start, else their latest subscription's. A plan is the customer's, not one subscription's,
   * so all the steps of one customer count under one value and each segment's bridge adds up.
   */
  segmentIn(m: CustomerMove, field: string, p: Period): string {
    const v =
      this.baseOn(m.c, p.end) ??
      this.baseOn(m.c, addDays(p.start, -1)) ??
      [...m.c.versions].sort(
        (a, b) => (b.from ?? '').localeCompare(a.from ?? '') || Number(a.until !== null) - Number(b.until !== null) || b.rowid - a.rowid,
      )[0]!;
    return v.segments[field]!;
  }

  /** What some steps moved over a period (`signed`: losses negative), over every customer or those of one segment value. */
  value(steps: readonly MrrStep[], signed: boolean, p: Period, seg: { field: string; key: string } | null): number {
    const total = new Sum();
    for (const x of this.movesIn(p)) {
      if (seg !== null && steps.some((s) => x.moved[s] !== undefined) && this.segmentIn(x, seg.field, p) !== seg.key) continue;
      for (const s of steps) {
        const v = x.moved[s];
        if (v !== undefined) total.add(signed ? signedMove(s, v) : v);
      }
    }
    return total.value();
  }

  /** Every value of a segment field among the versions. */
  keys(field: string): string[] {
    const keys = new Set<string>();
    for (const c of this.customers) for (const v of c.versions) if (v.segments[field] !== undefined) keys.add(v.segments[field]);
    return [...keys];
  }

  /**
   * The record behind a customer's change on `day`: the one whose worth changed most from the day
   * before (the subscription that started, ended or changed; for customer data, the customer).
   */
  recordBehind(c: MrrCustomer, day: string): MrrVersion {
    const before = addDays(day, -1);
    const change = new Map<string, { delta: number; v: MrrVersion }>();
    for (const v of c.versions) {
      const id = v.key ?? `#${v.rowid}`;
      const known = change.get(id);
      const delta = (known?.delta ?? 0) + this.worthOn(v, day) - this.worthOn(v, before);
      // The version standing on the day names the record where it has one.
      change.set(id, { delta, v: !known || this.worthOn(v, day) !== 0 ? v : known.v });
    }
    let best: { delta: number; v: MrrVersion } | null = null;
    for (const x of change.values()) if (best === null || Math.abs(x.delta) > Math.abs(best.delta)) best = x;
    return best!.v;
  }
}

function moveOf(c: MrrCustomer, p: Period): CustomerMove | null {
  // The first change after the day before the period: the period's first.
  const first = upperBound(c.days, addDays(p.start, -1));
  const start = first > 0 ? c.values[first - 1]! : 0;
  let paid = c.values.slice(0, first).some((v) => v > 0);
  let level = start;
  const moved: Partial<Record<MrrStep, number>> = {};
  const on: Partial<Record<MrrStep, string>> = {};
  let i = first;
  for (; i < c.days.length && c.days[i]! <= p.end; i++) {
    const now = c.values[i]!;
    const step = stepOf(level, now, paid);
    moved[step] = (moved[step] ?? 0) + Math.abs(now - level);
    on[step] = c.days[i]!;
    if (now > 0) paid = true;
    level = now;
  }
  if (start === 0 && i === first) return null;
  return { c, start, end: level, moved, on };
}

/** The MRR of a source, built once per data version and settings (the cache of cache.ts). */
export const mrrData = (db: Database, source: MrrSource, settings: Settings, cache: Map<string, unknown>): MrrData =>
  memo(cache, `mrr-movements\u0000${source}`, () => new MrrData(db, source, settings));

/** The measure over a period; null for period all, which has no day before it. */
export function mrrMovementValue(
  db: Database,
  settings: Settings,
  cache: Map<string, unknown>,
  m: MrrMovementMeasure,
  p: Period,
  seg: { field: string; key: string } | null,
): number | null {
  return p.kind === 'all' ? null : mrrData(db, m.dataset, settings, cache).value(m.steps, m.signed === true, p, seg);
}
