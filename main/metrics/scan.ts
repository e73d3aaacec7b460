/**
 * A measure worked out from the records alone: each record is judged by the measure compiler's row
 * functions (compile.ts) — events on their current versions, states on the versions standing on the
 * day (main/store/versions.ts) — with no rollup, day bucket, prefix sum or dated part in between. The
 * drill-down lists these records; the engine's tests hold the rollups to the same value.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import type { Measure } from '../../shared/metrics/define';
import type { Period } from '../../shared/periods';
import { q } from '../store/schema';
import { compileExpr, compileWhere, dayOf, fieldIndex, orderKeyOf, segmentOf, textOf, type Value } from './compile';
import { aliveAtEndOf, dayBefore, monthEnds, spanReader } from './stock';
import { standsOn, validity } from '../store/versions';

/** The records a measure counts, in stored order, and the measure from them. */
export interface MeasureRows {
  readonly dataset: DatasetName;
  /** Rowids of the listed records (one per key where the measure counts keys). */
  readonly rowids: number[];
  readonly value: number;
}

interface Scanned {
  readonly values: Value[];
  readonly refs: string[];
  readonly rowids: number[];
  /** Per row: its record key (null without identity), the batch that wrote it and the one that ended it. */
  readonly keys: (string | null)[];
  readonly batches: number[];
  readonly untils: (number | null)[];
  readonly width: number;
}

/** A dataset's current records, or with `versions` every version: stored values row after row, with what identifies each. */
function scanRows(db: Database, dataset: DatasetName, versions = false): Scanned {
  const fields = storedFields(dataset).map((f) => f.name);
  const width = fields.length;
  const stmt = db.prepare(
    `SELECT ${[...fields, systemColumns.batch, systemColumns.row, systemColumns.key, systemColumns.until].map(q).join(', ')}, rowid FROM ${q(dataset)} ` +
      `${versions ? '' : `WHERE ${q(systemColumns.until)} IS NULL `}ORDER BY rowid`,
  );
  const out: Scanned = { values: [], refs: [], rowids: [], keys: [], batches: [], untils: [], width };
  try {
    while (stmt.step()) {
      const row = stmt.get();
      for (let i = 0; i < width; i++) {
        const v = row[i];
        out.values.push(v === undefined || v instanceof Uint8Array ? null : v);
      }
      out.refs.push(`${String(row[width])}:${String(row[width + 1])}`);
      out.batches.push(Number(row[width]));
      out.keys.push(row[width + 2] === null ? null : String(row[width + 2]));
      out.untils.push(typeof row[width + 3] === 'number' ? (row[width + 3] as number) : null);
      out.rowids.push(Number(row[width + 4]));
    }
  } finally {
    stmt.free();
  }
  return out;
}

const inPeriod = (day: string | null, p: Period): boolean => p.kind === 'all' || (day !== null && day >= p.start && day <= p.end);

/**
 * The records behind one measure for a period (and segment value), and the measure from them; null
 * for measures that are not counts or sums of records (spend, quotas and completeness are answered
 * from their own rows by the engine's functions, MRR movements by mrr-movements.ts).
 */
export function measureRows(db: Database, m: Measure, p: Period, settings: Settings, seg?: { field: string; key: string }): MeasureRows | null {
  if (m.kind === 'spend' || m.kind === 'quota' || m.kind === 'completeness' || m.kind === 'mrrMovement') return null;
  const dataset = m.dataset;
  const index = fieldIndex(dataset);
  const { values, refs, rowids, width } = scanRows(db, dataset);
  const segAt = seg ? index(seg.field) : -1;
  const where = compileWhere(m.where, index, settings);
  const n = rowids.length;
  const listed: number[] = [];
  const keep = (r: number): boolean => where(values, r * width) && (segAt < 0 || segmentOf(values[r * width + segAt]!) === seg!.key);

  if (m.kind === 'flow') {
    const on = index(m.on);
    const expr = m.value ? compileExpr(m.value, index, settings) : null;
    let value = 0;
    for (let r = 0; r < n; r++) {
      const at = r * width;
      if (!inPeriod(dayOf(values[at + on]!), p) || !keep(r)) continue;
      const v = expr ? expr(values, at) : 1;
      if (v === null) continue;
      value += v;
      listed.push(rowids[r]!);
    }
    return { dataset, rowids: listed, value };
  }

  if (m.kind === 'distinct') {
    const on = index(m.on);
    const key = index(m.key);
    const orderId = dataset === 'orders' ? index('order_id') : -1;
    const byKey = new Map<string, { first: number; rows: number; orders: Set<string> }>();
    for (let r = 0; r < n; r++) {
      const at = r * width;
      const k = textOf(values[at + key]!);
      if (k === null || (!m.allTime && !inPeriod(dayOf(values[at + on]!), p)) || !keep(r)) continue;
      const g = byKey.get(k) ?? { first: rowids[r]!, rows: 0, orders: new Set<string>() };
      g.rows++;
      if (orderId >= 0) g.orders.add(`${orderKeyOf(values[at + orderId]!, refs[r]!)}\u0000${dayOf(values[at + on]!) ?? ''}`);
      byKey.set(k, g);
    }
    for (const g of byKey.values()) if ((m.countOrders ? g.orders.size : g.rows) >= (m.atLeast ?? 1)) listed.push(g.first);
    listed.sort((a, b) => a - b);
    return { dataset, rowids: listed, value: listed.length };
  }

  return stockRows(db, m, p, settings, seg);
}

/**
 * A stock measure from the versions themselves: on each day the one standing then (or, before the
 * dataset's first export, the current one), judged by its own dates; records compared at the two ends
 * of the period by their key (a row without identity is a record of its own).
 */
function stockRows(
  db: Database,
  m: Extract<Measure, { kind: 'stock' }>,
  p: Period,
  settings: Settings,
  seg?: { field: string; key: string },
): MeasureRows | null {
  if (m.state === 'monthEnds' && p.kind === 'all') return null;
  const dataset = m.dataset;
  const index = fieldIndex(dataset);
  const rows = scanRows(db, dataset, true);
  const { values, width } = rows;
  const v = validity(db, dataset);
  const where = compileWhere(m.where, index, settings);
  const span = spanReader(m, index, settings);
  const expr = m.value ? compileExpr(m.value, index, settings) : null;
  const groupKey = m.key ? index(m.key) : -1;
  const segAt = seg ? index(seg.field) : -1;
  const counts = (r: number): boolean => where(values, r * width) && (segAt < 0 || segmentOf(values[r * width + segAt]!) === seg!.key);
  const alive = (r: number, day: string): boolean => aliveAtEndOf(...span(values, r * width), day);
  const worth = (r: number): number => (expr ? (expr(values, r * width) ?? 0) : 1);
  const keyOf = (r: number): string => (groupKey < 0 ? '' : (textOf(values[r * width + groupKey]!) ?? ''));
  const recordOf = (r: number): string => rows.keys[r] ?? `#${rows.refs[r]}`;
  const n = rows.rowids.length;
  /** The versions that count on a day: standing then and meeting the measure's conditions. */
  const on = (day: string): number[] => {
    const out: number[] = [];
    for (let r = 0; r < n; r++) if (standsOn(v, rows.batches[r]!, rows.untils[r]!, day) && counts(r)) out.push(r);
    return out;
  };
  const listed: number[] = [];
  const keys = new Set<string>();
  let value = 0;
  const take = (r: number, times = 1): void => {
    listed.push(rows.rowids[r]!);
    keys.add(keyOf(r));
    value += times * worth(r);
  };
  if (p.kind === 'all') {
    for (let r = 0; r < n; r++) {
      if (rows.untils[r] !== null || !counts(r)) continue;
      const [, until, ended] = span(values, r * width);
      const gone = until !== null || ended;
      if (m.state === 'start' || m.state === 'during' || (m.state === 'lost' ? gone : !gone)) take(r);
    }
  } else if (m.state === 'monthEnds') {
    for (const t of monthEnds(p)) for (const r of on(t)) if (alive(r, t)) take(r);
  } else if (m.state === 'start' || m.state === 'end') {
    const day = m.state === 'start' ? dayBefore(p.start) : p.end;
    for (const r of on(day)) if (alive(r, day)) take(r);
  } else {
    const s = dayBefore(p.start);
    const e = p.end;
    const byRecord = (day: string): Map<string, number[]> => {
      const out = new Map<string, number[]>();
      for (const r of on(day)) out.set(recordOf(r), [...(out.get(recordOf(r)) ?? []), r]);
      return out;
    };
    const [atS, atE] = [byRecord(s), byRecord(e)];
    const startKeys = new Set<string>();
    for (const list of atS.values()) for (const r of list) if (alive(r, s)) startKeys.add(keyOf(r));
    const during = (r: number): boolean => {
      const [from, until, ended] = span(values, r * width);
      return from !== null && !(until === null && ended) && from <= e && (until === null || until >= p.start);
    };
    for (const record of new Set([...atS.keys(), ...atE.keys()])) {
      const sv = atS.get(record) ?? [];
      const ev = atE.get(record) ?? [];
      const aliveS = sv.filter((r) => alive(r, s));
      const aliveE = ev.filter((r) => alive(r, e));
      if (m.state === 'retained') (aliveS.length && aliveE.length ? aliveE : []).forEach((r) => take(r));
      else if (m.state === 'lost') (aliveS.length && ev.length && !aliveE.length ? aliveS : []).forEach((r) => take(r));
      else if (m.state === 'retainedKeys') aliveE.filter((r) => startKeys.has(keyOf(r))).forEach((r) => take(r));
      else {
        const seen = [...sv, ...ev].filter(during);
        if (seen.length) take(seen[seen.length - 1]!);
      }
    }
  }
  if (m.count !== 'keys') return { dataset, rowids: listed, value };
  // One listed record per key counted.
  const firsts = new Map<string, number>();
  listed.forEach((rowid) => {
    const r = rows.rowids.indexOf(rowid);
    if (!firsts.has(keyOf(r))) firsts.set(keyOf(r), rowid);
  });
  return { dataset, rowids: [...firsts.values()], value: keys.size };
}
