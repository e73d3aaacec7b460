/** The rows behind a KPI for a period (the dashboard's drill-down): the rows of the measure it divides by, or else its first. */
import type { Database } from 'sql.js';
import type { Input, RowsPage, Settings } from '../../shared/api';
import { storedFields, type DatasetName } from '../../shared/datasets/catalog';
import type { Measure, MetricDef, Term } from '../../shared/metrics/define';
import { byId } from '../../shared/metrics/index';
import type { Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { q } from '../store/schema';
import { chooseWay, type Choice } from './evaluate';
import { dayOf, whereSql } from './sql';
import { env as envFor, resolvePeriod } from './period';

const text = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function rowFilter(m: Measure, p: Period, settings: Settings): { ds: DatasetName; where: string } | null {
  const inP = (field: string): string => (p.kind === 'all' ? '1' : `${dayOf(field)} BETWEEN ${text(p.start)} AND ${text(p.end)}`);
  switch (m.kind) {
    case 'flow':
    case 'orders':
      return { ds: m.dataset, where: `${inP(m.on)} AND ${whereSql(m.where, settings)}` };
    case 'distinct':
      return { ds: m.dataset, where: `${m.allTime ? '1' : inP(m.on)} AND ${whereSql(m.where, settings)}` };
    case 'stock': {
      const alive =
        p.kind === 'all'
          ? '1'
          : `${dayOf(m.from)} <= ${text(p.end)}` + (m.until ? ` AND (${q(m.until)} IS NULL OR ${dayOf(m.until)} >= ${text(p.start)})` : '');
      return { ds: m.dataset, where: `${alive} AND ${whereSql(m.where, settings)}` };
    }
    case 'spend':
      return { ds: 'spend', where: `${q('category')} IN (${m.categories.map(text).join(', ')})` };
    case 'quota':
      return { ds: 'quotas', where: '1' };
    case 'completeness':
      return null;
  }
}

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

export function metricRows(db: Database, input: Input<'metrics.rows'>, settings: Settings): RowsPage {
  const def = byId.get(input.id);
  if (!def) throw new AppFailure('unknown_metric', `There is no KPI "${input.id}".`, { id: input.id });
  const p = resolvePeriod(db, input.period, settings);
  const env = envFor(db, settings, null);
  const choices = new Map<string, Choice>();
  const m = firstMeasure(def, p, (d) => chooseWay(env, d, p, choices));
  const filter = m ? rowFilter(m, p, settings) : null;
  if (!filter) return { columns: [], rows: [], total: 0 };
  const columns = storedFields(filter.ds).map((f) => f.name);
  const from = `FROM ${q(filter.ds)} WHERE ${filter.where}`;
  const total = Number(db.exec(`SELECT count(*) ${from}`)[0]?.values[0]?.[0] ?? 0);
  // Rows are stored batch after batch in file order, so rowid order is (_batch, _row) without a sort.
  const rows = (db.exec(`SELECT ${columns.map(q).join(', ')} ${from} ORDER BY rowid LIMIT ${input.limit ?? 100}`)[0]?.values ?? []) as (
    | string
    | number
    | null
  )[][];
  return { columns, rows, total };
}
