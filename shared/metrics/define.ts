/**
 * What a KPI declaration is made of. A KPI says which rows it aggregates (measures over a dataset,
 * placed in a period by one of their date fields) and how those aggregates combine (numerator and
 * denominator terms); main/metrics turns the measures into SQL and evaluates the terms.
 */
import { dataset, isDatasetName, type DatasetName } from '../datasets/catalog';
import type { ForecastCategory } from './forecast';
import type { MrrStep } from './movements';
import type { Area, Direction, Unit } from './types';

/** A number a condition or value can compare with: a constant or a workbook setting. */
export type Operand = number | { readonly setting: 'csat_threshold' };

/** A condition on one row. `any` is true when one of its conditions is. */
export type Cond =
  | { readonly field: string; readonly in: readonly string[] }
  | { readonly field: string; readonly null: boolean }
  | { readonly field: string; readonly cmp: '>' | '>=' | '<' | '<=' | '='; readonly to: Operand }
  /** A flag that is not 1 (0 or empty). */
  | { readonly field: string; readonly notSet: true }
  /** Lower-cased text starting with one of the prefixes. */
  | { readonly field: string; readonly startsWith: readonly string[] }
  /** A stage label whose forecast category (a workbook setting per label) is one of these. */
  | { readonly field: string; readonly category: readonly ForecastCategory[] }
  | { readonly any: readonly Cond[] };

/**
 * A per-row value: a field, calendar days or hours between two fields, the first non-empty of several,
 * a difference, a product, or the probability the workbook's settings give the stage label in a field.
 */
export type Expr =
  | { readonly field: string }
  | { readonly days: readonly [string, string] }
  | { readonly hours: readonly [string, string] }
  | { readonly first: readonly Expr[] }
  | { readonly minus: readonly [Expr, Expr] }
  | { readonly times: readonly [Expr, Expr] }
  | { readonly probabilityOf: string }
  | { readonly const: number };

/**
 * An aggregate over rows for a period P.
 * - flow: rows whose `on` date lies in P; the sum of `value` (the row count without one). Period
 *   `all` takes every row, dated or not.
 * - distinct: distinct `key` values with at least `atLeast` rows (orders with `countOrders`) in P;
 *   `allTime` ignores P.
 * - stock: rows alive over [from, until) judged against P: alive at the start, at the end, at both
 *   (retained), alive at the start and ended in P (lost), alive at some time in P (during), alive at
 *   the end with a `key` that was alive at the start (retainedKeys), or the sum of the end-of-month
 *   values over the month ends in P (monthEnds). `endedFlag` marks rows ended at an unknown date;
 *   `endedWhen` instead says when a row has ended (a deal won or lost: at its close date, or at an
 *   unknown date without one), and its `until` date counts only then (an open deal's close date is
 *   only expected). A state on a day reads the versions standing then (main/store/versions.ts).
 *   `count: 'keys'` counts distinct keys instead of rows.
 * - spend: spend of the categories in P, a row covering a period spread evenly over its days.
 * - quota: quota amounts whose period lies within P (the team's when given, else the owners' sum).
 * - completeness: filled or all optional cells over every dataset with rows (P is ignored).
 * - mrrMovement: the MRR some steps of the MRR bridge moved in P, each as a positive amount (`signed`:
 *   losses negative): each customer's MRR (the mrr KPI's stock of `dataset`, summed per customer_id)
 *   compared day by day through P (main/metrics/mrr-movements.ts).
 */
export type Measure =
  | { readonly kind: 'flow'; readonly dataset: DatasetName; readonly on: string; readonly value?: Expr; readonly where?: readonly Cond[] }
  | {
      readonly kind: 'distinct';
      readonly dataset: DatasetName;
      readonly on: string;
      readonly key: string;
      readonly atLeast?: number;
      readonly countOrders?: boolean;
      readonly allTime?: boolean;
      readonly where?: readonly Cond[];
    }
  | {
      readonly kind: 'stock';
      readonly dataset: DatasetName;
      readonly from: string;
      readonly until?: string;
      readonly endedFlag?: string;
      readonly endedWhen?: readonly Cond[];
      readonly state: 'start' | 'end' | 'retained' | 'lost' | 'during' | 'retainedKeys' | 'monthEnds';
      readonly value?: Expr;
      readonly key?: string;
      readonly count?: 'keys';
      readonly where?: readonly Cond[];
    }
  | { readonly kind: 'spend'; readonly categories: readonly ('marketing' | 'sales' | 'retention' | 'crm')[] }
  | { readonly kind: 'quota' }
  | { readonly kind: 'completeness'; readonly part: 'filled' | 'all' }
  | { readonly kind: 'mrrMovement'; readonly dataset: 'subscriptions' | 'customers'; readonly steps: readonly MrrStep[]; readonly signed?: boolean };

/** The fields an MRR movement reads: the customer, and the mrr KPI's dates and amount. */
const mrrMovementFields: Readonly<Record<'subscriptions' | 'customers', readonly string[]>> = {
  subscriptions: ['customer_id', 'started_at', 'ended_at', 'mrr'],
  customers: ['customer_id', 'acquired_at', 'churned_at', 'churned', 'monthly_revenue'],
};

/** How a KPI's numbers combine: a measure by name, another KPI's value, a setting, P's months, arithmetic. */
export type Term =
  | string
  | { readonly kpi: string }
  | { readonly setting: 'seats' | 'crm_gain' | 'gross_margin' }
  | { readonly months: true }
  | { readonly op: '+' | '-' | '*' | '/'; readonly args: readonly [Term, Term] };

/** One way to compute a KPI from one set of data; a KPI tries its ways in order and uses the first whose data is there. */
export interface Way {
  /** Datasets and fields this way reads; `a|b` is satisfied by either field having values. */
  readonly needs: Readonly<Partial<Record<DatasetName, readonly string[]>>>;
  readonly settings?: readonly ('seats' | 'crm_gain')[];
  /** Only for period `all` (snapshot data), or only for dated periods. */
  readonly when?: 'all' | 'dated';
  readonly measures: Readonly<Record<string, Measure>>;
  readonly numerator: Term;
  /** Absent for a sum or a level (value = numerator). */
  readonly denominator?: Term;
  /** The value is scale x numerator / denominator (NPS points: 100). */
  readonly scale?: number;
  /** Shown with the result; `{denominator}` is replaced by the denominator's value. */
  readonly note?: string;
  /**
   * Measures that must not be zero, each with the reason the KPI has no value when one is (`{period}`
   * is replaced by the period's label): a gap to a quota nobody set, a forecast of deals without close dates.
   */
  readonly guard?: Readonly<Record<string, string>>;
  /** The stage setting this way reads: the open deals' stage labels it lacks are named with the result. */
  readonly stageSetting?: 'stage_probabilities' | 'forecast_categories';
  /** The rows its numerator adds up, in words (one, many), for saying that none of them fills the field added. */
  readonly rows?: readonly [string, string];
  /** Measures whose values travel with the result, by name, in this order: the counts a chart of the KPI draws (the NPS split). */
  readonly parts?: readonly string[];
}

/** The dashboard's trend charts a KPI can be a series of (their titles and kinds: renderer/pages/dashboard-charts.ts). */
export type DashboardChartId = 'revenue' | 'churn' | 'cac' | 'tickets';

/** Where a KPI is charted, beside its card and its row. */
export interface ChartPlacement {
  /** Its rank among its area sheet's trend charts in the report, 1 first; KPIs without one fill the places left, in catalogue order. */
  readonly report?: number;
  /** A series of a dashboard trend chart: its place among the chart's series, and drawn as a line (on the right-hand axis) over bars. */
  readonly dashboard?: { readonly chart: DashboardChartId; readonly place: number; readonly line?: true; readonly right?: true };
}

export interface MetricDef {
  readonly id: string;
  readonly name: string;
  readonly area: Area;
  readonly unit: Unit;
  readonly direction: Direction;
  readonly description: string;
  readonly formula: string;
  /** Datasets and fields over all ways, for the catalogue page. */
  readonly needs: Readonly<Record<string, readonly string[]>>;
  /** KPIs this one is built from. */
  readonly requires?: readonly string[];
  readonly ways: readonly Way[];
  readonly chart?: ChartPlacement;
  /** Why the value is missing when the denominator is zero; `{period}` is replaced by the period's label. */
  readonly empty: string;
}

export type MetricInput = Omit<MetricDef, 'needs' | 'requires'>;

function termKpis(t: Term, out: Set<string>): void {
  if (typeof t === 'string') return;
  if ('kpi' in t) out.add(t.kpi);
  if ('op' in t) for (const a of t.args) termKpis(a, out);
}

/** Builds a declaration, deriving `needs` (union over its ways) and `requires` (KPIs its terms name). */
export function metric(input: MetricInput): MetricDef {
  const needs: Record<string, string[]> = {};
  const requires = new Set<string>();
  for (const w of input.ways) {
    for (const [ds, fields] of Object.entries(w.needs)) {
      const list = (needs[ds] ??= []);
      for (const f of fields ?? []) if (!list.includes(f)) list.push(f);
    }
    termKpis(w.numerator, requires);
    if (w.denominator !== undefined) termKpis(w.denominator, requires);
  }
  return { ...input, needs, requires: [...requires] };
}

function measureFields(m: Measure): { ds: DatasetName; fields: string[] } | null {
  const conds = (cs: readonly Cond[] | undefined, out: string[]): void => {
    for (const c of cs ?? []) {
      if ('any' in c) conds(c.any, out);
      else out.push(c.field);
    }
  };
  const expr = (e: Expr | undefined, out: string[]): void => {
    if (!e) return;
    if ('field' in e) out.push(e.field);
    else if ('days' in e) out.push(...e.days);
    else if ('hours' in e) out.push(...e.hours);
    else if ('first' in e) e.first.forEach((x) => expr(x, out));
    else if ('minus' in e) e.minus.forEach((x) => expr(x, out));
    else if ('times' in e) e.times.forEach((x) => expr(x, out));
    else if ('probabilityOf' in e) out.push(e.probabilityOf);
  };
  const out: string[] = [];
  switch (m.kind) {
    case 'flow':
      out.push(m.on);
      expr(m.value, out);
      conds(m.where, out);
      return { ds: m.dataset, fields: out };
    case 'distinct':
      out.push(m.on, m.key);
      conds(m.where, out);
      return { ds: m.dataset, fields: out };
    case 'stock':
      out.push(m.from);
      if (m.until) out.push(m.until);
      if (m.endedFlag) out.push(m.endedFlag);
      conds(m.endedWhen, out);
      if (m.key) out.push(m.key);
      expr(m.value, out);
      conds(m.where, out);
      return { ds: m.dataset, fields: out };
    case 'mrrMovement':
      return { ds: m.dataset, fields: [...mrrMovementFields[m.dataset]] };
    default:
      return null;
  }
}

/** The measures a KPI way reads, by dataset (spend and quotas included). */
export function wayDatasets(w: Way): Set<DatasetName> {
  const out = new Set<DatasetName>();
  for (const m of Object.values(w.measures)) {
    const mf = measureFields(m);
    if (mf) out.add(mf.ds);
    else if (m.kind === 'spend') out.add('spend');
    else if (m.kind === 'quota') out.add('quotas');
  }
  return out;
}

function termMeasures(t: Term, out: Set<string>): void {
  if (typeof t === 'string') out.add(t);
  else if ('op' in t) for (const a of t.args) termMeasures(a, out);
}

/**
 * Checks the catalogue as it loads: unique ids, known datasets and fields, measures that exist,
 * requires that resolve and no cycles. Throws with every problem listed.
 */
export function checkCatalogue(defs: readonly MetricDef[]): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const d of defs) {
    if (ids.has(d.id)) problems.push(`${d.id}: id used twice`);
    ids.add(d.id);
  }
  for (const d of defs) {
    if (d.ways.length === 0) problems.push(`${d.id}: no way to compute it`);
    for (const w of d.ways) {
      for (const [ds, fields] of Object.entries(w.needs)) {
        if (!isDatasetName(ds)) {
          problems.push(`${d.id}: unknown dataset ${ds}`);
          continue;
        }
        const known = new Set(dataset(ds).fields.map((f) => f.name));
        for (const alt of fields ?? []) for (const f of alt.split('|')) if (!known.has(f)) problems.push(`${d.id}: unknown field ${ds}.${f}`);
      }
      for (const [name, m] of Object.entries(w.measures)) {
        const mf = measureFields(m);
        if (!mf) continue;
        const known = new Set(dataset(mf.ds).fields.map((f) => f.name));
        for (const f of mf.fields) if (!known.has(f)) problems.push(`${d.id}.${name}: unknown field ${mf.ds}.${f}`);
      }
      const used = new Set<string>();
      termMeasures(w.numerator, used);
      if (w.denominator !== undefined) termMeasures(w.denominator, used);
      for (const u of used) if (!(u in w.measures)) problems.push(`${d.id}: term names unknown measure ${u}`);
      for (const g of Object.keys(w.guard ?? {})) if (!(g in w.measures)) problems.push(`${d.id}: guard names unknown measure ${g}`);
    }
    for (const r of d.requires ?? []) if (!ids.has(r)) problems.push(`${d.id}: requires unknown KPI ${r}`);
  }
  const byId = new Map(defs.map((d) => [d.id, d]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      problems.push(`cycle: ${[...path, id].join(' -> ')}`);
      return;
    }
    state.set(id, 'visiting');
    for (const r of byId.get(id)?.requires ?? []) visit(r, [...path, id]);
    state.set(id, 'done');
  };
  for (const d of defs) visit(d.id, []);
  if (problems.length > 0) throw new Error(`KPI catalogue is inconsistent:\n${problems.join('\n')}`);
}
