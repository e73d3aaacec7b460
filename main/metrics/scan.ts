/**
 * A measure worked out from the current records alone: each record is judged by the measure
 * compiler's row functions (compile.ts) and the rules of stock.ts, with no rollup, day bucket or
 * prefix sum in between. The drill-down lists these records; the engine's tests hold the rollups to
 * the same value.
 */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import type { Measure } from '../../shared/metrics/define';
import type { Period } from '../../shared/periods';
import { q } from '../store/schema';
import { compileExpr, compileWhere, dayOf, fieldIndex, numberOf, orderKeyOf, segmentOf, textOf, type Value } from './compile';
import { aliveAtEndOf, monthEnds, stockPick } from './stock';

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
  readonly width: number;
}

/** Every current record of a dataset: stored values row after row, `batch:row` refs and rowids. */
function scanCurrent(db: Database, dataset: DatasetName): Scanned {
  const fields = storedFields(dataset).map((f) => f.name);
  const width = fields.length;
  const stmt = db.prepare(
    `SELECT ${[...fields, systemColumns.batch, systemColumns.row].map(q).join(', ')}, rowid FROM ${q(dataset)} WHERE ${q(systemColumns.until)} IS NULL ORDER BY rowid`,
  );
  const out: Scanned = { values: [], refs: [], rowids: [], width };
  try {
    while (stmt.step()) {
      const row = stmt.get();
      for (let i = 0; i < width; i++) {
        const v = row[i];
        out.values.push(v === undefined || v instanceof Uint8Array ? null : v);
      }
      out.refs.push(`${String(row[width])}:${String(row[width + 1])}`);
      out.rowids.push(Number(row[width + 2]));
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
 * from their own rows by the engine's functions).
 */
export function measureRows(db: Database, m: Measure, p: Period, settings: Settings, seg?: { field: string; key: string }): MeasureRows | null {
  if (m.kind === 'spend' || m.kind === 'quota' || m.kind === 'completeness') return null;
  const dataset = m.dataset;
  const index = fieldIndex(dataset);
  const { values, refs, rowids, width } = scanCurrent(db, dataset);
  const segAt = seg ? index(seg.field) : -1;
  const where = compileWhere(m.where, index, settings);
  const n = rowids.length;
  const listed: number[] = [];
  const keep = (r: number): boolean => where(values, r * width) && (segAt < 0 || segmentOf(values[r * width + segAt]!) === seg!.key);

  if (m.kind === 'flow' || m.kind === 'orders') {
    const on = index(m.on);
    const expr = m.kind === 'flow' && m.value ? compileExpr(m.value, index) : null;
    const orders = new Set<string>();
    let value = 0;
    for (let r = 0; r < n; r++) {
      const at = r * width;
      if (!inPeriod(dayOf(values[at + on]!), p) || !keep(r)) continue;
      if (m.kind === 'orders') {
        orders.add(`${orderKeyOf(values[at + index('order_id')]!, refs[r]!)}\u0000${dayOf(values[at + on]!) ?? ''}`);
        listed.push(rowids[r]!);
        continue;
      }
      const v = expr ? expr(values, at) : 1;
      if (v === null) continue;
      value += v;
      listed.push(rowids[r]!);
    }
    return { dataset, rowids: listed, value: m.kind === 'orders' ? orders.size : value };
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

  const from = index(m.from);
  const until = m.until ? index(m.until) : -1;
  const ended = m.endedFlag ? index(m.endedFlag) : -1;
  const key = m.key ? index(m.key) : -1;
  const expr = m.value ? compileExpr(m.value, index) : null;
  const dates = (r: number): [string | null, string | null, boolean] => {
    const at = r * width;
    return [dayOf(values[at + from]!), until < 0 ? null : dayOf(values[at + until]!), ended >= 0 && numberOf(values[at + ended]!) === 1];
  };
  const keyOf = (r: number): string => (key < 0 ? '' : (textOf(values[r * width + key]!) ?? ''));
  let picks: (r: number) => number;
  if (m.state === 'monthEnds') {
    if (p.kind === 'all') return null;
    const ends = monthEnds(p);
    picks = (r) => ends.filter((t) => aliveAtEndOf(...dates(r), t)).length;
  } else {
    let startKeys: Set<string> | null = null;
    if (m.state === 'retainedKeys') {
      startKeys = new Set();
      for (let r = 0; r < n; r++) if (keep(r) && stockPick('start', p, ...dates(r))) startKeys.add(keyOf(r));
    }
    picks = (r) => (stockPick(m.state, p, ...dates(r)) && (!startKeys || startKeys.has(keyOf(r))) ? 1 : 0);
  }
  const keys = new Set<string>();
  let value = 0;
  for (let r = 0; r < n; r++) {
    if (!keep(r)) continue;
    const times = picks(r);
    if (times === 0) continue;
    if (m.count === 'keys') {
      if (!keys.has(keyOf(r))) {
        keys.add(keyOf(r));
        listed.push(rowids[r]!);
      }
      continue;
    }
    const v = expr ? expr(values, r * width) : 1;
    if (v !== null) value += times * v;
    listed.push(rowids[r]!);
  }
  return { dataset, rowids: listed, value: m.count === 'keys' ? keys.size : value };
}
