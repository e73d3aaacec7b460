/**
 * The cohort retention grid: customers grouped by the month (quarter) of their first paid subscription
 * (or, in a workbook without subscriptions, of their acquisition), and each cohort's customers with MRR
 * above 0 and its MRR at the end of every month (quarter) since, read as the mrr KPI reads it: the
 * versions standing on that day (the export dated on or before it; before the first export, the current
 * records and their own dates), alive then by their dates.
 */
import type { Database } from 'sql.js';
import type { Input, Settings } from '../../shared/api';
import { storedFields, systemColumns } from '../../shared/datasets/catalog';
import { datasetWords, recordNoun } from '../../shared/datasets/words';
import type { Cohort, Cohorts, CohortUnit } from '../../shared/metrics/cohorts';
import { monthContaining, nextPeriod, quarterContaining, type Period } from '../../shared/periods';
import { AppFailure } from '../../shared/result';
import { q } from '../store/schema';
import { validity } from '../store/versions';
import { cacheFor, memo } from './cache';
import { compileExpr, fieldIndex, textOf, type Value } from './compile';
import { env, resolvePeriod } from './period';
import { lowerBound } from './flows';
import { spanReader } from './stock';
import { mrrStock, type MrrSource } from './mrr-movements';

/** One version of a customer's MRR as the mrr KPI reads it, and the days it stands. */
interface Version {
  readonly customer: string;
  /** Alive at the end of a day from `from` on, until `until` (never ended: null). */
  readonly from: string;
  readonly until: string | null;
  readonly mrr: number;
  /** The as-of days of the exports that wrote and ended it; a current version has no end. */
  readonly writtenOn: string;
  readonly endedOn: string | null;
}

type MrrDataset = Cohorts['source'] & MrrSource;

/** The unit (month or quarter) holding a day. */
const unitOf = (by: CohortUnit, day: string, fs: number): Period => (by === 'month' ? monthContaining(day, fs) : quarterContaining(day, fs));

/** Where MRR is read: subscriptions where the workbook has them with a start and an MRR, else customers. */
function mrrSource(db: Database, settings: Settings): { dataset: MrrDataset; revenue: boolean } {
  const profile = env(db, settings, null).profile;
  if (profile.rows('subscriptions') > 0 && profile.has('subscriptions', 'started_at') && profile.has('subscriptions', 'mrr'))
    return { dataset: 'subscriptions', revenue: true };
  if (profile.rows('customers') > 0 && profile.has('customers', 'acquired_at'))
    return { dataset: 'customers', revenue: profile.has('customers', 'monthly_revenue') };
  throw new AppFailure(
    'no_data',
    'Cohorts group customers by when they first paid: import a subscriptions export (Customer ID, Start, End, MRR), or a customer list with acquisition dates (Customer ID, Acquired, Churned, Monthly revenue).',
  );
}

/**
 * Every version of the MRR source that is ever alive, read as the mrr KPI reads it; without revenue
 * figures (a customer list without monthly revenue) a customer alive then counts as paying 1.
 */
function readVersions(db: Database, dataset: MrrDataset, revenue: boolean, settings: Settings): Version[] {
  const measure = mrrStock(dataset);
  const index = fieldIndex(dataset);
  const span = spanReader(measure, index, settings);
  const value = compileExpr(measure.value!, index, settings);
  const customerAt = index('customer_id');
  const asOf = validity(db, dataset).asOf;
  const fields = storedFields(dataset).map((f) => f.name);
  const stmt = db.prepare(`SELECT ${[...fields, systemColumns.batch, systemColumns.until].map(q).join(', ')} FROM ${q(dataset)}`);
  const out: Version[] = [];
  try {
    while (stmt.step()) {
      const row = stmt.get();
      const vs = row.slice(0, fields.length).map((v): Value => (v === undefined || v instanceof Uint8Array ? null : v));
      const customer = textOf(vs[customerAt]!);
      const [from, until, ended] = span(vs, 0);
      // Never alive at a day's end: no start, ended at an unknown time, or ended before it started.
      if (customer === null || from === null || (until === null && ended) || (until !== null && until <= from)) continue;
      const ender = row[fields.length + 1];
      out.push({
        customer,
        from,
        until,
        mrr: revenue ? (value(vs, 0) ?? 0) : 1,
        writtenOn: asOf.get(Number(row[fields.length]))!,
        endedOn: ender === null || ender === undefined ? null : asOf.get(Number(ender))!,
      });
    }
  } finally {
    stmt.free();
  }
  return out;
}

/** The first day each customer paid, by its current versions: the earliest start of one with MRR above 0. */
function firstPaid(versions: readonly Version[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of versions) {
    if (v.endedOn !== null || !(v.mrr > 0)) continue;
    const known = out.get(v.customer);
    if (known === undefined || v.from < known) out.set(v.customer, v.from);
  }
  return out;
}

/**
 * The unit ends (by index into `ends`) on which a version counts, as [lo, hi) ranges: alive then by
 * its dates, and standing then (valid from its export's day to the next one's; a current one also on
 * the days before the dataset's first export, which none shows).
 */
function countsOn(v: Version, ends: readonly string[], first: string): [number, number][] {
  const at = (day: string | null): number => (day === null ? ends.length : lowerBound(ends, day));
  const [from, until] = [at(v.from), at(v.until)];
  const standing: [number, number][] =
    v.endedOn === null
      ? [
          [0, at(first)],
          [at(v.writtenOn), ends.length],
        ]
      : [[at(v.writtenOn), at(v.endedOn)]];
  return standing.map(([lo, hi]): [number, number] => [Math.max(lo, from), Math.min(hi, until)]).filter(([lo, hi]) => lo < hi);
}

/** The cohort unit in a sentence's subject, for the note on units rebuilt from current records. */
const unitWords: Readonly<Record<CohortUnit, string>> = { month: 'Months', quarter: 'Quarters' };

/** The ends of the units from the one holding `first` to the one holding `last`, with their ids. */
function unitEnds(by: CohortUnit, first: string, last: string, fs: number): { ids: string[]; ends: string[] } {
  const ids: string[] = [];
  const ends: string[] = [];
  for (let u: Period | null = unitOf(by, first, fs); u && u.start <= last; u = nextPeriod(u)) {
    ids.push(u.id);
    ends.push(u.end);
  }
  return { ids, ends };
}

/**
 * The last day with data: the latest event in the workbook, or the day its latest export of the MRR
 * source shows, when later (an export as of 30 April tells each subscription's state through April).
 */
function lastDay(db: Database, dataset: MrrDataset, settings: Settings): string | null {
  const event = env(db, settings, null).profile.latest();
  const shown = [...validity(db, dataset).asOf.values()].reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);
  return event === null || (shown !== null && shown > event) ? shown : event;
}

export function computeCohorts(db: Database, input: Input<'metrics.cohorts'>, settings: Settings): Cohorts {
  const { dataset, revenue } = mrrSource(db, settings);
  const fs = settings.fiscal_year_start_month;
  const asked = input.period === undefined ? null : resolvePeriod(db, input.period, settings);
  const last = asked && asked.kind !== 'all' ? asked.end : lastDay(db, dataset, settings);
  if (last === null)
    throw new AppFailure(
      'no_data',
      `No ${recordNoun(dataset, 1)} has a date, so no customer has a month they first paid in: import the ${datasetWords(dataset)} with their dates mapped.`,
    );
  return memo(cacheFor(db, settings), `cohorts\u0000${input.by}\u0000${last}`, (): Cohorts => {
    const versions = readVersions(db, dataset, revenue, settings);
    const starts = [...firstPaid(versions)].filter(([, day]) => day <= last);
    const through = unitOf(input.by, last, fs).end;
    const first = validity(db, dataset).first!;
    if (starts.length === 0) return { by: input.by, source: dataset, through, cohorts: [], average: { logo_retention: [], revenue_retention: [] } };
    const { ids, ends } = unitEnds(
      input.by,
      starts.reduce((a, [, d]) => (d < a ? d : a), last),
      last,
      fs,
    );
    const unitIndex = new Map(ids.map((id, i) => [id, i]));
    const byCustomer = new Map<string, Version[]>();
    for (const v of versions) {
      const list = byCustomer.get(v.customer);
      if (list) list.push(v);
      else byCustomer.set(v.customer, [v]);
    }
    const rows = ids.map((_, c) => ({ size: 0, customers: new Array<number>(ends.length - c).fill(0), mrr: new Array<number>(ends.length - c).fill(0) }));
    const worth = new Float64Array(ends.length);
    for (const [customer, day] of starts) {
      const c = unitIndex.get(unitOf(input.by, day, fs).id)!;
      const row = rows[c]!;
      row.size++;
      worth.fill(0);
      // Overlapping subscriptions of one customer add up: two products are two MRRs.
      for (const v of byCustomer.get(customer)!) for (const [lo, hi] of countsOn(v, ends, first)) for (let i = Math.max(lo, c); i < hi; i++) worth[i]! += v.mrr;
      for (let i = c; i < ends.length; i++) {
        if (worth[i]! > 0) row.customers[i - c]!++;
        row.mrr[i - c]! += worth[i]!;
      }
    }
    const cohorts: Cohort[] = [];
    rows.forEach((r, i) => {
      if (r.size === 0) return;
      cohorts.push({
        cohort: ids[i]!,
        size: r.size,
        logo_retention: r.customers.map((n) => n / r.size),
        revenue_retention: r.mrr.map((m) => (revenue && r.mrr[0]! > 0 ? m / r.mrr[0]! : null)),
        customers: r.customers,
        mrr: revenue ? r.mrr : r.mrr.map(() => 0),
      });
    });
    const out: Cohorts = { by: input.by, source: dataset, through, cohorts, average: pooled(cohorts, revenue) };
    if (ends[0]! < first)
      out.note = `${unitWords[input.by]} ending before ${first}, the day of the first ${datasetWords(dataset)} export, are rebuilt from the current records and their dates`;
    return out;
  });
}

/** Each k over the cohorts that reach it: customers still paying over sizes, MRR over MRR at k = 0. */
function pooled(cohorts: readonly Cohort[], revenue: boolean): Cohorts['average'] {
  const longest = Math.max(0, ...cohorts.map((c) => c.customers.length));
  const logo: (number | null)[] = [];
  const money: (number | null)[] = [];
  for (let k = 0; k < longest; k++) {
    const reach = cohorts.filter((c) => c.customers.length > k);
    const size = reach.reduce((s, c) => s + c.size, 0);
    const start = reach.reduce((s, c) => s + c.mrr[0]!, 0);
    logo.push(reach.reduce((s, c) => s + c.customers[k]!, 0) / size);
    money.push(revenue && start > 0 ? reach.reduce((s, c) => s + c.mrr[k]!, 0) / start : null);
  }
  return { logo_retention: logo, revenue_retention: money };
}
