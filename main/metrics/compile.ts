/**
 * The measure compiler: a declaration's row conditions and per-row values (shared/metrics/define.ts)
 * as JavaScript functions over a row of stored values. It is the only reading of those declarations:
 * the rollups counted at import, the rollups counted from the workbook's rows and the rows behind a
 * figure (the drill-down) all call these functions, so a KPI and the rows it lists cannot disagree.
 *
 * A stored value the catalogue did not write (text in a number column of a hand-edited workbook, a
 * date column holding something else) reads as empty.
 */
import type { Settings } from '../../shared/api';
import { storedFields, type DatasetName } from '../../shared/datasets/catalog';
import type { Cond, Expr } from '../../shared/metrics/define';
import { byStage } from '../../shared/metrics/forecast';
import { dayNumber, isIsoDate } from '../../shared/periods';

export type Value = string | number | null;

/** A function of one row: `vs` holds rows one after another, each in storedFields order; the row starts at `at`. */
export type RowFn<T> = (vs: readonly Value[], at: number) => T;

/** A stored value as text (a number in its shortest form); anything else, bytes included, as empty. */
export const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
export const numberOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Dates repeat row after row (a few thousand distinct days in a million rows), so what each text
 * reads as is remembered; CACHE_LIMIT keeps a file of distinct date-times from growing it forever.
 */
const CACHE_LIMIT = 100_000;
const dayCache = new Map<string, string | null>();
const remember = <T>(cache: Map<string, T>, key: string, value: T): T => {
  if (cache.size < CACHE_LIMIT) cache.set(key, value);
  return value;
};

/** The calendar day of a date or date-time value (`YYYY-MM-DD`), or null when it holds none. */
export function dayOf(v: Value): string | null {
  if (typeof v !== 'string') return null;
  const known = dayCache.get(v);
  if (known !== undefined) return known;
  const d = v.slice(0, 10);
  return remember(dayCache, v, isIsoDate(d) && (v.length === 10 || v[10] === 'T' || v[10] === ' ') ? d : null);
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Seconds since 1970-01-01 of a date or date-time value (times of day as written, no zone), or null. */
function epochSeconds(v: Value): number | null {
  if (typeof v !== 'string') return null;
  const m = DATETIME.exec(v);
  if (!m || !isIsoDate(v.slice(0, 10))) return null;
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return dayNumber(v.slice(0, 10)) * 86_400 + h * 3600 + mi * 60 + s;
}

/** Lower-cased and trimmed, for prefix conditions on free text ('Converted - won'). */
const folded = (t: string): string => t.trim().toLowerCase();

/** The column of each stored field of a dataset in a row of stored values. */
export function fieldIndex(dataset: DatasetName): (field: string) => number {
  const fields = storedFields(dataset).map((f) => f.name);
  return (field) => {
    const i = fields.indexOf(field);
    if (i < 0) throw new Error(`${dataset} has no stored field ${field}`);
    return i;
  };
}

export function compileCond(c: Cond, index: (field: string) => number, settings: Settings): RowFn<boolean> {
  if ('any' in c) {
    const parts = c.any.map((x) => compileCond(x, index, settings));
    return (vs, at) => parts.some((p) => p(vs, at));
  }
  const i = index(c.field);
  if ('in' in c) {
    const set = new Set(c.in);
    return (vs, at) => {
      const t = textOf(vs[at + i]!);
      return t !== null && set.has(t);
    };
  }
  if ('null' in c) return c.null ? (vs, at) => vs[at + i] === null : (vs, at) => vs[at + i] !== null;
  if ('cmp' in c) {
    const to = typeof c.to === 'number' ? c.to : settings[c.to.setting];
    const cmp = c.cmp;
    return (vs, at) => {
      const x = numberOf(vs[at + i]!);
      if (x === null) return false;
      return cmp === '>' ? x > to : cmp === '>=' ? x >= to : cmp === '<' ? x < to : cmp === '<=' ? x <= to : x === to;
    };
  }
  if ('notSet' in c) return (vs, at) => numberOf(vs[at + i]!) !== 1;
  if ('category' in c) {
    const categoryOf = byStage(settings.forecast_categories);
    const wanted = new Set<string>(c.category);
    return (vs, at) => {
      const t = textOf(vs[at + i]!);
      const category = t === null ? undefined : categoryOf(t);
      return category !== undefined && wanted.has(category);
    };
  }
  const prefixes = c.startsWith.map(folded);
  return (vs, at) => {
    const t = textOf(vs[at + i]!);
    if (t === null) return false;
    const l = folded(t);
    return prefixes.some((p) => l.startsWith(p));
  };
}

/** All of the conditions (true when there are none). */
export function compileWhere(conds: readonly Cond[] | undefined, index: (field: string) => number, settings: Settings): RowFn<boolean> {
  const parts = (conds ?? []).map((c) => compileCond(c, index, settings));
  if (parts.length === 0) return () => true;
  return (vs, at) => {
    for (const p of parts) if (!p(vs, at)) return false;
    return true;
  };
}

export function compileExpr(e: Expr, index: (field: string) => number, settings: Settings): RowFn<number | null> {
  if ('field' in e) {
    const i = index(e.field);
    return (vs, at) => numberOf(vs[at + i]!);
  }
  if ('days' in e) {
    const [a, b] = [index(e.days[0]), index(e.days[1])];
    return (vs, at) => {
      const [x, y] = [dayOf(vs[at + a]!), dayOf(vs[at + b]!)];
      return x === null || y === null ? null : dayNumber(y) - dayNumber(x);
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
    const parts = e.first.map((x) => compileExpr(x, index, settings));
    return (vs, at) => {
      for (const p of parts) {
        const v = p(vs, at);
        if (v !== null) return v;
      }
      return null;
    };
  }
  if ('minus' in e || 'times' in e) {
    const [l, r] = 'minus' in e ? e.minus : e.times;
    const [a, b] = [compileExpr(l, index, settings), compileExpr(r, index, settings)];
    const times = 'times' in e;
    return (vs, at) => {
      const [x, y] = [a(vs, at), b(vs, at)];
      return x === null || y === null ? null : times ? x * y : x - y;
    };
  }
  if ('probabilityOf' in e) {
    const i = index(e.probabilityOf);
    const probabilityOf = byStage(settings.stage_probabilities);
    return (vs, at) => {
      const t = textOf(vs[at + i]!);
      return t === null ? null : (probabilityOf(t) ?? null);
    };
  }
  const k = e.const;
  return () => k;
}

/** A segment value as a group key: the text trimmed, an empty one as "(blank)". */
export const BLANK = '(blank)';
export function segmentOf(v: unknown): string {
  const t = textOf(v)?.trim() ?? '';
  return t === '' ? BLANK : t;
}

/** An order: its order_id, or the row itself (`ref`, its batch and row) when it has none. */
export const orderKeyOf = (orderId: Value, ref: string): string => textOf(orderId) ?? `#${ref}`;
