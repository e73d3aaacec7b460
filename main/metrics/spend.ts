/**
 * Spend and quotas: few rows, each covering a day or a period (`2026-03`, `2026-Q1`, or a start date
 * with an end). Read grouped, resolved to spans in memory; spend covering a span that the period cuts
 * is spread evenly over the span's days.
 */
import type { Database } from 'sql.js';
import { systemColumns } from '../../shared/datasets/catalog';
import { dayNumber, isIsoDate, parsePeriod, type Period } from '../../shared/periods';
import { q } from '../store/schema';
import { numberOf, segmentOf, textOf } from './compile';

interface Span {
  readonly start: string;
  readonly end: string;
}

interface Item extends Span {
  readonly category: string;
  readonly seg: string;
  readonly amount: number;
}

export interface SpanRows {
  readonly items: readonly Item[];
  /** Rows whose date or period could not be read: they count only in period all. */
  readonly loose: readonly Omit<Item, 'start' | 'end'>[];
}

function span(text: unknown, until: unknown, fiscalStartMonth: number): Span | null {
  if (typeof text !== 'string') return null;
  const t = text.slice(0, 10);
  const end = typeof until === 'string' && isIsoDate(until.slice(0, 10)) ? until.slice(0, 10) : null;
  if (isIsoDate(t)) return { start: t, end: end && end >= t ? end : t };
  const p = parsePeriod(text, fiscalStartMonth);
  return p && p.kind !== 'all' ? { start: p.start, end: end ?? p.end } : null;
}

/** The current records of spend or quotas: `[start, end, category, segment value, amount]` each. */
function read(db: Database, table: 'spend' | 'quotas', columns: readonly (string | null)[], fiscalStartMonth: number): SpanRows {
  const items: Item[] = [];
  const loose: Omit<Item, 'start' | 'end'>[] = [];
  const select = columns.map((c) => (c === null ? 'NULL' : q(c))).join(', ');
  for (const r of db.exec(`SELECT ${select} FROM ${q(table)} WHERE ${q(systemColumns.until)} IS NULL`)[0]?.values ?? []) {
    const base = { category: textOf(r[2] ?? null) ?? '', seg: columns[3] === null ? '' : segmentOf(r[3] ?? null), amount: numberOf(r[4] ?? null) ?? 0 };
    const s = span(r[0], r[1], fiscalStartMonth);
    if (s) items.push({ ...base, ...s });
    else loose.push(base);
  }
  return { items, loose };
}

export function readSpend(db: Database, fiscalStartMonth: number, segField: string | null): SpanRows {
  return read(db, 'spend', ['spent_at', 'spent_until', 'category', segField, 'amount'], fiscalStartMonth);
}

export function readQuotas(db: Database, fiscalStartMonth: number): SpanRows {
  return read(db, 'quotas', ['period', 'period_end', null, 'owner', 'amount'], fiscalStartMonth);
}

const overlapDays = (a: Span, b: Span): number => {
  const s = a.start > b.start ? a.start : b.start;
  const e = a.end < b.end ? a.end : b.end;
  return s > e ? 0 : dayNumber(e) - dayNumber(s) + 1;
};

export function spendValue(rows: SpanRows, categories: readonly string[], p: Period, segKey: string | null): number {
  let total = 0;
  const wanted = (i: { category: string; seg: string }): boolean => categories.includes(i.category) && (segKey === null || i.seg === segKey);
  for (const i of rows.items) {
    if (!wanted(i)) continue;
    if (p.kind === 'all') total += i.amount;
    else total += (i.amount * overlapDays(i, p)) / (dayNumber(i.end) - dayNumber(i.start) + 1);
  }
  if (p.kind === 'all') for (const i of rows.loose) if (wanted(i)) total += i.amount;
  return total;
}

/**
 * Quota amounts whose period lies within P: the team's (rows without an owner) when there are any,
 * else the sum of the owners'; with a segment key, that owner's.
 */
export function quotaValue(rows: SpanRows, p: Period, owner: string | null, blank: string): number {
  const inside = rows.items.filter((i) => p.kind === 'all' || (i.start >= p.start && i.end <= p.end));
  const all = p.kind === 'all' ? [...inside, ...rows.loose.map((l) => ({ ...l, start: '', end: '' }))] : inside;
  if (owner !== null) return all.filter((i) => i.seg === owner).reduce((s, i) => s + i.amount, 0);
  const team = all.filter((i) => i.seg === blank);
  return (team.length > 0 ? team : all).reduce((s, i) => s + i.amount, 0);
}
