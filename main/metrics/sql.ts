/**
 * The compile step: a declaration's row conditions and per-row values as SQL expressions over one
 * dataset table. Field names come from the checked catalogue and are quoted; the only literals are
 * the catalogue's own values and numeric settings.
 */
import type { Cond, Expr, Operand } from '../../shared/metrics/define';
import type { Settings } from '../../shared/api';
import { q } from '../store/schema';

const text = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

function operand(o: Operand, settings: Settings): string {
  return typeof o === 'number' ? num(o) : num(settings[o.setting]);
}

/** The first ten characters of a date or date-time column: its calendar day. */
export const dayOf = (field: string): string => `substr(${q(field)}, 1, 10)`;

export function condSql(c: Cond, settings: Settings): string {
  if ('any' in c) return c.any.length === 0 ? '0' : `(${c.any.map((x) => condSql(x, settings)).join(' OR ')})`;
  const f = q(c.field);
  if ('in' in c) return `${f} IN (${c.in.map(text).join(', ')})`;
  if ('null' in c) return c.null ? `${f} IS NULL` : `${f} IS NOT NULL`;
  if ('cmp' in c) return `${f} ${c.cmp} ${operand(c.to, settings)}`;
  if ('notSet' in c) return `coalesce(${f}, 0) <> 1`;
  return `(${c.startsWith.map((p) => `lower(trim(${f})) LIKE ${text(`${p}%`)}`).join(' OR ')})`;
}

export function whereSql(conds: readonly Cond[] | undefined, settings: Settings): string {
  return conds && conds.length > 0 ? conds.map((c) => condSql(c, settings)).join(' AND ') : '1';
}

export function exprSql(e: Expr): string {
  if ('field' in e) return q(e.field);
  if ('days' in e) return `(julianday(${dayOf(e.days[1])}) - julianday(${dayOf(e.days[0])}))`;
  // Whole seconds since the epoch: julianday differences lose about 1e-8 hours to rounding.
  if ('hours' in e) return `((CAST(strftime('%s', ${q(e.hours[1])}) AS INTEGER) - CAST(strftime('%s', ${q(e.hours[0])}) AS INTEGER)) / 3600.0)`;
  if ('first' in e) return `coalesce(${e.first.map(exprSql).join(', ')})`;
  if ('minus' in e) return `(${exprSql(e.minus[0])} - ${exprSql(e.minus[1])})`;
  return num(e.const);
}

/** An order: its order_id, or the row itself when it has none. */
export const orderKeySql = `coalesce(${q('order_id')}, '#' || ${q('_batch')} || ':' || ${q('_row')})`;

/** A segment column as a group key; an empty value is grouped as "(blank)". */
export const BLANK = '(blank)';
export const segSql = (field: string): string => `coalesce(nullif(trim(CAST(${q(field)} AS TEXT)), ''), ${text(BLANK)})`;
