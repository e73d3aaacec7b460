/**
 * The rows behind a figure (the dashboard's drill-down): the current records the KPI's denominator (or
 * else numerator) counts for a period, as scan.ts finds them, so the list and the figure agree; for an
 * MRR movement, the customers it moved.
 */
import type { Database } from 'sql.js';
import type { Input, RowsPage, Settings } from '../../shared/api';
import { storedFields, systemColumns, type DatasetName } from '../../shared/datasets/catalog';
import type { Measure, MetricDef, Term } from '../../shared/metrics/define';
import { byId } from '../../shared/metrics/index';
import type { Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { q } from '../store/schema';
import { BLANK } from './compile';
import { chooseWay, type Choice } from './evaluate';
import { quotaValue, readQuotas, readSpend, spendValue } from './spend';
import { env as envFor, resolvePeriod } from './period';
import { measureRows } from './scan';
import { mrrRows } from './mrr-bridge';

function firstMeasure(def: MetricDef, p: Period, choose: (d: MetricDef) => Choice): Measure | null {
  const choice = choose(def);
  if ('reason' in choice) return null;
  const w = choice.way;
  const pick = (t: Term | undefined): Measure | null => {
    if (t === undefined) return null;
    if (typeof t === 'string') return w.measures[t] ?? null;
    if ('kpi' in t) return firstMeasure(byId.get(t.kpi)!, p, choose);
    if ('op' in t) return pick(t.args[0]) ?? pick(t.args[1]);
    return null;
  };
  return pick(w.denominator) ?? pick(w.numerator);
}

/** Spend and quota rows: the current ones of the categories (or all quotas), as stored. */
function spanRows(
  db: Database,
  m: Extract<Measure, { kind: 'spend' | 'quota' }>,
  p: Period,
  settings: Settings,
): { dataset: DatasetName; where: string; value: number } {
  const fs = settings.fiscal_year_start_month;
  if (m.kind === 'quota') return { dataset: 'quotas', where: '1', value: quotaValue(readQuotas(db, fs), p, null, BLANK) };
  const text = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  return {
    dataset: 'spend',
    where: `${q('category')} IN (${m.categories.map(text).join(', ')})`,
    value: spendValue(readSpend(db, fs, null), m.categories, p, null),
  };
}

const none: RowsPage = { dataset: null, columns: [], rows: [], keys: [], total: 0 };

export function metricRows(db: Database, input: Input<'metrics.rows'>, settings: Settings): RowsPage {
  const def = byId.get(input.id);
  if (!def) throw new AppFailure('unknown_metric', `There is no KPI "${input.id}".`, { id: input.id });
  const p = resolvePeriod(db, input.period, settings);
  const env = envFor(db, settings, null);
  const choices = new Map<string, Choice>();
  const m = firstMeasure(def, p, (d) => chooseWay(env, d, p, choices));
  if (!m || m.kind === 'completeness') return none;
  if (m.kind === 'mrrMovement') return mrrRows(db, p.id, m.steps, input.limit, settings);
  const limit = input.limit ?? 100;
  let dataset: DatasetName;
  let where: string;
  let total: number;
  if (m.kind === 'spend' || m.kind === 'quota') {
    const s = spanRows(db, m, p, settings);
    dataset = s.dataset;
    where = `${s.where} AND ${q(systemColumns.until)} IS NULL`;
    total = Number(db.exec(`SELECT count(*) FROM ${q(dataset)} WHERE ${where}`)[0]?.values[0]?.[0] ?? 0);
  } else {
    const found = measureRows(db, m, p, settings);
    if (!found) return none;
    dataset = found.dataset;
    total = found.rowids.length;
    where = found.rowids.length ? `rowid IN (${found.rowids.slice(0, limit).join(', ')})` : '0';
  }
  const columns = storedFields(dataset).map((f) => f.name);
  const found = (db.exec(`SELECT ${[...columns, systemColumns.key].map(q).join(', ')} FROM ${q(dataset)} WHERE ${where} ORDER BY rowid LIMIT ${limit}`)[0]
    ?.values ?? []) as (string | number | null)[][];
  const keys = found.map((r) => (typeof r.at(-1) === 'string' ? String(r.at(-1)) : null));
  return { dataset, columns, rows: found.map((r) => r.slice(0, -1)), keys, total };
}
