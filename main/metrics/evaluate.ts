/**
 * The ratio and composite step: picks the way a KPI can be computed from the data at hand, evaluates
 * its numerator and denominator terms (other KPIs included) for a period and segment value, and turns
 * missing data and empty divisions into no_data with a reason a person can act on.
 */
import { dataset, type DatasetName } from '../../shared/datasets/catalog';
import { datasetWords } from '../../shared/datasets/words';
import { wayDatasets, type Measure, type MetricDef, type Term, type Way } from '../../shared/metrics/define';
import { byId } from '../../shared/metrics/index';
import {
  datasetReason,
  datedPeriodReason,
  datelessHint,
  emptyFieldReason,
  fieldReason,
  inPeriod,
  kpiReason,
  notAllTimeReason,
  onlyAllTimeReason,
  settingHints,
  settingReason,
  splitWords,
} from '../../shared/metrics/hints';
import { dateFields } from '../../shared/metrics/snapshot';
import { monthsIn, type Period } from '../../shared/periods';
import { measureKeys, measureValue, type Env } from './measures';
import { dayBefore, monthEnds } from './stock';
import { openStages, unsetStages, unsetStagesNote } from './stages';
import { measureRows } from './scan';
import { isPersisting } from './rollups';

export interface Evaluation {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  reason?: string;
  note?: string;
}

/** A term's number, or why it has none. */
interface TermValue {
  value: number | null;
  reason?: string;
}

export type Choice = { way: Way } | { reason: string };

/** Why a way cannot run on this workbook, or null when it can. */
function missing(env: Env, w: Way): string | null {
  for (const [ds, fields] of Object.entries(w.needs) as [DatasetName, readonly string[]][]) {
    if (env.profile.rows(ds) === 0) return datasetReason(ds);
    for (const alt of fields) {
      const options = alt.split('|');
      if (!options.some((f) => env.profile.has(ds, f))) return fieldReason(ds, options, env.profile.rows(ds));
    }
  }
  for (const s of w.settings ?? []) if (env.settings[s] === null) return settingReason(s);
  return null;
}

/** Whether a dataset has rows and none of them a date: a snapshot export, which counts in period all only. */
function undated(env: Env, ds: DatasetName): boolean {
  return env.profile.rows(ds) > 0 && !dateFields(ds).some((f) => env.profile.has(ds, f));
}

/** The dataset without dates whose date field is the first thing a way misses, if it is: a column no such file has to map. */
function datelessNeed(env: Env, w: Way): DatasetName | null {
  for (const [ds, fields] of Object.entries(w.needs) as [DatasetName, readonly string[]][]) {
    if (env.profile.rows(ds) === 0) return null;
    for (const alt of fields) {
      const options = alt.split('|');
      if (!options.some((f) => env.profile.has(ds, f))) return options.every((f) => dateFields(ds).includes(f)) && undated(env, ds) ? ds : null;
    }
  }
  return null;
}

/** A dataset without dates that a way places in a period by date, if any: in a dated period it gives the way nothing. */
function datelessIn(env: Env, w: Way): DatasetName | null {
  for (const m of Object.values(w.measures)) {
    if (!('dataset' in m) || (m.kind === 'distinct' && m.allTime)) continue;
    if (undated(env, m.dataset)) return m.dataset;
  }
  return null;
}

export function chooseWay(env: Env, def: MetricDef, p: Period, memo: Map<string, Choice>): Choice {
  const key = `${def.id}|${p.kind === 'all' ? 'all' : 'dated'}`;
  const known = memo.get(key);
  if (known) return known;
  const fits = def.ways.filter((w) => !w.when || w.when === (p.kind === 'all' ? 'all' : 'dated'));
  let choice: Choice | null = null;
  let dateless: DatasetName | null = null;
  for (const w of fits) {
    const without = p.kind === 'all' ? null : datelessIn(env, w);
    if (without !== null) dateless ??= without;
    else if (missing(env, w) === null) {
      choice = { way: w };
      break;
    }
  }
  if (!choice) {
    // Data without dates that gives this KPI in period all points there; where it would give it only
    // with dates, a column to map is not the answer (the file has none), an export with them is.
    if (dateless !== null && def.ways.some((w) => w.when !== 'dated' && missing(env, w) === null)) choice = { reason: datelessHint(dateless, true) };
    else if (fits.length > 0) {
      const first = fits[0]!;
      const reason = missing(env, first);
      const undatedData = reason === null ? datelessIn(env, first) : datelessNeed(env, first);
      choice = { reason: undatedData ? datelessHint(undatedData, false) : reason! };
    } else if (p.kind === 'all') choice = { reason: notAllTimeReason(def.name) };
    else choice = { reason: onlyAllTimeReason };
  }
  memo.set(key, choice);
  return choice;
}

export class Evaluator {
  private readonly results = new Map<string, Evaluation>();
  private readonly choices = new Map<string, Choice>();
  constructor(readonly env: Env) {}

  way(def: MetricDef, p: Period): Choice {
    return chooseWay(this.env, def, p, this.choices);
  }

  kpi(def: MetricDef, p: Period, segKey: string | null): Evaluation {
    const key = `${def.id}|${p.id}|${segKey ?? ''}`;
    const known = this.results.get(key);
    if (known) return known;
    const result = this.compute(def, p, segKey);
    this.results.set(key, result);
    return result;
  }

  private compute(def: MetricDef, p: Period, segKey: string | null): Evaluation {
    const choice = this.way(def, p);
    if ('reason' in choice) return { value: null, numerator: null, denominator: null, reason: choice.reason };
    const w = choice.way;
    const zero = inPeriod(def.empty, p);
    const num = this.term(w, w.numerator, p, segKey, zero);
    const den = w.denominator === undefined ? null : this.term(w, w.denominator, p, segKey, zero);
    const none = (reason: string): Evaluation => ({
      value: null,
      numerator: num.value,
      denominator: den?.value ?? null,
      reason,
    });
    if (num.value === null) return none(num.reason ?? 'no value');
    for (const [g, reason] of Object.entries(w.guard ?? {})) if (measureValue(this.env, w.measures[g]!, p, segKey) === 0) return none(inPeriod(reason, p));
    // Asked of the whole figure only: a segment at 0 (a stage no open deal is at) is a real 0, and the
    // whole figure already says when no row has the field; a scan per segment would read every row again.
    const unfilled = num.value === 0 && segKey === null ? this.unfilled(w, p) : null;
    if (unfilled !== null) return none(unfilled);
    if (den === null) {
      const notes = [this.rebuiltNote(w, p), this.stagesNote(w)].filter((n): n is string => !!n);
      return { value: num.value, numerator: num.value, denominator: null, ...(notes.length ? { note: notes.join('; ') } : {}) };
    }
    if (den.value === null) return none(den.reason ?? 'no value');
    if (den.value === 0) return none(zero);
    const value = ((w.scale ?? 1) * num.value) / den.value;
    if (!Number.isFinite(value)) return none(zero);
    const out: Evaluation = { value, numerator: num.value, denominator: den.value };
    const notes = [w.note?.replace('{denominator}', den.value.toLocaleString('en-US')), this.rebuiltNote(w, p)].filter((n): n is string => !!n);
    if (notes.length) out.note = notes.join('; ');
    return out;
  }

  /**
   * Why a numerator that adds up a field came to zero when that is no figure at all: it counts rows,
   * and none of them has a value in the field (open deals exported without amounts). Asked only of a
   * zero, so a figure that is there costs nothing more.
   */
  private unfilled(w: Way, p: Period): string | null {
    // Keeping rollups after an import computes every figure only for the rollups it reads, and shows
    // none: the two scans of every record below would be most of the import's time.
    if (typeof w.numerator !== 'string' || isPersisting(this.env.db)) return null;
    const m = w.measures[w.numerator]!;
    // A sum over month ends counts each row once per month: its row count is no count of records.
    if ((m.kind !== 'flow' && m.kind !== 'stock') || !m.value || !('field' in m.value)) return null;
    if (m.kind === 'stock' && (m.count === 'keys' || !['start', 'end', 'during'].includes(m.state))) return null;
    // The rows counted, read from the records: the rollups hold the catalogue's measures only.
    const { value, ...rows } = m;
    const count = (x: Measure): number => measureRows(this.env.db, x, p, this.env.settings)?.rowids.length ?? 0;
    const counted = count(rows as Measure);
    if (counted === 0) return null;
    const filled = count({ ...rows, where: [...(m.where ?? []), { field: value.field, null: false }] } as Measure);
    return filled === 0 ? emptyFieldReason(m.dataset, value.field, counted, w.rows) : null;
  }

  /** The open deals' stage labels the way's stage setting lacks, named (they count at 0%, or in no category, until set). */
  private stagesNote(w: Way): string | null {
    if (!w.stageSetting) return null;
    return unsetStagesNote(unsetStages(openStages(this.env.db, this.env.settings, this.env.cache), this.env.settings, w.stageSetting), w.stageSetting);
  }

  /**
   * Said of a state on a day no export of its dataset shows: it is rebuilt from the current records
   * and their dates, not read from what an export said then.
   */
  private rebuiltNote(w: Way, p: Period): string | null {
    if (p.kind === 'all') return null;
    for (const m of Object.values(w.measures)) {
      if (m.kind !== 'stock' && m.kind !== 'mrrMovement') continue;
      const first = this.env.profile.firstAsOf(m.dataset);
      // An MRR movement starts from the day before the period: from there on the days may be rebuilt.
      const day =
        m.kind === 'mrrMovement' ? dayBefore(p.start) : m.state === 'end' ? p.end : m.state === 'monthEnds' ? (monthEnds(p)[0] ?? p.end) : dayBefore(p.start);
      if (first !== null && day < first)
        return `${datasetWords(m.dataset)} on ${day} rebuilt from the current records and their dates (the first ${datasetWords(m.dataset)} export is dated ${first})`;
    }
    return null;
  }

  /** `zero` is said when a division inside the term has nothing to divide by. */
  private term(w: Way, t: Term, p: Period, segKey: string | null, zero: string): TermValue {
    if (typeof t === 'string') {
      const v = measureValue(this.env, w.measures[t]!, p, segKey);
      return v === null ? { value: v, reason: datedPeriodReason } : { value: v };
    }
    if ('kpi' in t) {
      const def = byId.get(t.kpi)!;
      const r = this.kpi(def, p, segKey);
      return r.value === null ? { value: null, reason: kpiReason(def.name, r.reason ?? 'no value') } : { value: r.value };
    }
    if ('setting' in t) {
      const v = this.env.settings[t.setting];
      return v === null ? { value: null, reason: settingReason(t.setting as keyof typeof settingHints) } : { value: v };
    }
    if ('months' in t) {
      const v = monthsIn(p);
      return v === null ? { value: null, reason: datedPeriodReason } : { value: v };
    }
    const a = this.term(w, t.args[0], p, segKey, zero);
    if (a.value === null) return a;
    const b = this.term(w, t.args[1], p, segKey, zero);
    if (b.value === null) return b;
    switch (t.op) {
      case '+':
        return { value: a.value + b.value };
      case '-':
        return { value: a.value - b.value };
      case '*':
        return { value: a.value * b.value };
      case '/':
        return b.value === 0 ? { value: null, reason: zero } : { value: a.value / b.value };
    }
  }

  /** The values of the measures the way chosen for a KPI names as its parts, or undefined where it names none. */
  parts(def: MetricDef, p: Period): Record<string, number | null> | undefined {
    const choice = this.way(def, p);
    if ('reason' in choice) return undefined;
    const { parts, measures } = choice.way;
    return parts && Object.fromEntries(parts.map((name) => [name, measureValue(this.env, measures[name]!, p, null)]));
  }

  /** Null when the KPI can be split by the segment field, else why not. */
  segmentProblem(def: MetricDef, p: Period, field: string): string | null {
    const choice = this.way(def, p);
    if ('reason' in choice) return null;
    const w = choice.way;
    for (const ds of wayDatasets(w)) {
      if (!dataset(ds).fields.some((f) => f.name === field && f.segment))
        return `not split by ${splitWords(field)}: the ${datasetWords(ds)} data has no ${splitWords(field)}`;
    }
    for (const m of Object.values(w.measures)) if (m.kind === 'completeness') return `not split by ${splitWords(field)}: it measures all data at once`;
    const settings = new Set<string>();
    const kpis = new Set<string>();
    const walk = (t: Term): void => {
      if (typeof t === 'string') return;
      if ('setting' in t) settings.add(t.setting);
      else if ('kpi' in t) kpis.add(t.kpi);
      else if ('op' in t) t.args.forEach(walk);
    };
    walk(w.numerator);
    if (w.denominator !== undefined) walk(w.denominator);
    for (const s of settings)
      if (s !== 'gross_margin')
        return `not split by ${splitWords(field)}: the ${s === 'seats' ? 'seats' : 'CRM gain'} setting is one figure for the whole company`;
    for (const k of kpis) {
      const inner = this.segmentProblem(byId.get(k)!, p, field);
      if (inner) return inner;
    }
    return null;
  }

  /** The segment values found in the data a KPI reads. */
  segmentKeys(def: MetricDef, p: Period): string[] {
    const choice = this.way(def, p);
    if ('reason' in choice) return [];
    const keys = new Set<string>();
    for (const m of Object.values(choice.way.measures)) for (const k of measureKeys(this.env, m)) keys.add(k);
    for (const id of def.requires ?? []) for (const k of this.segmentKeys(byId.get(id)!, p)) keys.add(k);
    return [...keys].sort((a, b) => a.localeCompare(b));
  }
}
