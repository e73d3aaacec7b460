/**
 * Reporting periods: parsing the forms people type (`2026-03`, `2026-Q3`, `2026`, `FY2026-Q1`,
 * `FY2026`, `2026-01-01..2026-03-31`, `all`), their first and last days, and the periods around them.
 * Dates are ISO `YYYY-MM-DD` strings; arithmetic is on calendar days in UTC so no time zone leaks in.
 *
 * Fiscal naming rule: a fiscal year is named by the calendar year in which it ends. With a July
 * start, FY2026 runs from 2025-07-01 to 2026-06-30 and FY2026-Q1 is 2025-07-01..2025-09-30.
 */

export type PeriodKind = 'month' | 'quarter' | 'year' | 'fiscal_quarter' | 'fiscal_year' | 'range' | 'all';

export interface Period {
  readonly id: string;
  readonly kind: PeriodKind;
  /** First day, inclusive. For `all`: ALL_START, so every date compares inside. */
  readonly start: string;
  /** Last day, inclusive. For `all`: ALL_END. */
  readonly end: string;
  /** First month of the fiscal year the period was read with (1 = January). */
  readonly fiscalStartMonth: number;
}

export const ALL_START = '0000-01-01';
export const ALL_END = '9999-12-31';

export const PERIOD_FORMS = '2026-03, 2026-Q3, 2026, FY2026-Q1, FY2026, 2026-01-01..2026-03-31 or all';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

export function fromDayNumber(day: number): string {
  const d = new Date(day * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** True for a real calendar date in `YYYY-MM-DD` form (2026-02-29 is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Month index counted from year 0 (year * 12 + month - 1), for month arithmetic. */
const monthIndex = (y: number, m: number): number => y * 12 + (m - 1);
const firstOfMonth = (idx: number): string => `${pad(Math.floor(idx / 12), 4)}-${pad((idx % 12) + 1)}-01`;
const lastOfMonth = (idx: number): string => {
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`;
};

function validFiscalStart(m: number): number {
  return Number.isInteger(m) && m >= 1 && m <= 12 ? m : 1;
}

/** A span of whole months: `months` months starting at month index `from`. */
function monthSpan(id: string, kind: PeriodKind, from: number, months: number, fiscalStartMonth: number): Period {
  return { id, kind, start: firstOfMonth(from), end: lastOfMonth(from + months - 1), fiscalStartMonth };
}

/** Month index of the first month of fiscal year `fy` (named by the calendar year it ends in). */
const fiscalYearStart = (fy: number, startMonth: number): number => (startMonth === 1 ? monthIndex(fy, 1) : monthIndex(fy - 1, startMonth));

export function monthPeriod(year: number, month: number, fiscalStartMonth = 1): Period {
  return monthSpan(`${pad(year, 4)}-${pad(month)}`, 'month', monthIndex(year, month), 1, validFiscalStart(fiscalStartMonth));
}
export function quarterPeriod(year: number, quarter: number, fiscalStartMonth = 1): Period {
  return monthSpan(`${pad(year, 4)}-Q${quarter}`, 'quarter', monthIndex(year, 1) + (quarter - 1) * 3, 3, validFiscalStart(fiscalStartMonth));
}
export function yearPeriod(year: number, fiscalStartMonth = 1): Period {
  return monthSpan(pad(year, 4), 'year', monthIndex(year, 1), 12, validFiscalStart(fiscalStartMonth));
}
export function fiscalQuarterPeriod(fy: number, quarter: number, fiscalStartMonth = 1): Period {
  const fs = validFiscalStart(fiscalStartMonth);
  return monthSpan(`FY${pad(fy, 4)}-Q${quarter}`, 'fiscal_quarter', fiscalYearStart(fy, fs) + (quarter - 1) * 3, 3, fs);
}
export function fiscalYearPeriod(fy: number, fiscalStartMonth = 1): Period {
  const fs = validFiscalStart(fiscalStartMonth);
  return monthSpan(`FY${pad(fy, 4)}`, 'fiscal_year', fiscalYearStart(fy, fs), 12, fs);
}
export function rangePeriod(start: string, end: string, fiscalStartMonth = 1): Period {
  return { id: `${start}..${end}`, kind: 'range', start, end, fiscalStartMonth: validFiscalStart(fiscalStartMonth) };
}
export function allPeriod(fiscalStartMonth = 1): Period {
  return { id: 'all', kind: 'all', start: ALL_START, end: ALL_END, fiscalStartMonth: validFiscalStart(fiscalStartMonth) };
}

/** Reads a period the user typed, or null when it is none of PERIOD_FORMS. */
export function parsePeriod(text: string, fiscalStartMonth = 1): Period | null {
  const t = text.trim();
  const fs = validFiscalStart(fiscalStartMonth);
  let m: RegExpExecArray | null;
  if (/^all$/i.test(t)) return allPeriod(fs);
  if ((m = /^(\d{4})-(\d{2})$/.exec(t))) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? monthPeriod(Number(m[1]), month, fs) : null;
  }
  if ((m = /^(\d{4})-?Q([1-4])$/i.exec(t))) return quarterPeriod(Number(m[1]), Number(m[2]), fs);
  if ((m = /^(\d{4})$/.exec(t))) return yearPeriod(Number(m[1]), fs);
  if ((m = /^FY(\d{4})-?Q([1-4])$/i.exec(t))) return fiscalQuarterPeriod(Number(m[1]), Number(m[2]), fs);
  if ((m = /^FY(\d{4})$/i.exec(t))) return fiscalYearPeriod(Number(m[1]), fs);
  if ((m = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/.exec(t))) {
    const [, a, b] = m as unknown as [string, string, string];
    return isIsoDate(a) && isIsoDate(b) && a <= b ? rangePeriod(a, b, fs) : null;
  }
  return null;
}

/** The message for a period that cannot be read (the runner throws it as `invalid_period`). */
export function invalidPeriodMessage(text: string): string {
  return `Period "${text}" is not a period this app knows. Use ${PERIOD_FORMS}`;
}

function startMonthIndex(p: Period): number {
  return monthIndex(Number(p.start.slice(0, 4)), Number(p.start.slice(5, 7)));
}

/** A period of the same kind shifted by `k` steps of its own length (k = -1: the one before). */
export function shiftPeriod(p: Period, k: number): Period | null {
  const fs = p.fiscalStartMonth;
  const idx = startMonthIndex(p);
  switch (p.kind) {
    case 'month': {
      const i = idx + k;
      return monthPeriod(Math.floor(i / 12), (i % 12) + 1, fs);
    }
    case 'quarter': {
      const i = idx + 3 * k;
      return quarterPeriod(Math.floor(i / 12), Math.floor((i % 12) / 3) + 1, fs);
    }
    case 'year':
      return yearPeriod(Number(p.start.slice(0, 4)) + k, fs);
    case 'fiscal_quarter': {
      const m = /^FY(\d{4})-Q([1-4])$/.exec(p.id);
      const n = Number(m?.[1]) * 4 + Number(m?.[2]) - 1 + k;
      return fiscalQuarterPeriod(Math.floor(n / 4), (n % 4) + 1, fs);
    }
    case 'fiscal_year':
      return fiscalYearPeriod(Number(p.id.slice(2)) + k, fs);
    case 'range': {
      const len = dayNumber(p.end) - dayNumber(p.start) + 1;
      return rangePeriod(addDays(p.start, k * len), addDays(p.end, k * len), fs);
    }
    case 'all':
      return null;
  }
}

export function previousPeriod(p: Period): Period | null {
  return shiftPeriod(p, -1);
}

export function nextPeriod(p: Period): Period | null {
  return shiftPeriod(p, 1);
}

/** Shifts a date by whole years; 29 February becomes 28 February in a common year. */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const m = Number(iso.slice(5, 7));
  const d = Math.min(Number(iso.slice(8, 10)), daysInMonth(y, m));
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The same period one year earlier. A custom range keeps its month-end: 2024-02-01..2024-02-29 → 2023-02-01..2023-02-28. */
export function yearAgoPeriod(p: Period): Period | null {
  switch (p.kind) {
    case 'month':
      return shiftPeriod(p, -12);
    case 'quarter':
    case 'fiscal_quarter':
      return shiftPeriod(p, -4);
    case 'year':
    case 'fiscal_year':
      return shiftPeriod(p, -1);
    case 'range':
      return rangePeriod(addYears(p.start, -1), addYears(p.end, -1), p.fiscalStartMonth);
    case 'all':
      return null;
  }
}

/** The `n` periods ending with `p`, oldest first. `all` has no neighbours: [p]. */
export function lastNPeriods(p: Period, n: number): Period[] {
  if (p.kind === 'all') return [p];
  const out: Period[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const s = shiftPeriod(p, -k);
    if (s) out.push(s);
  }
  return out;
}

/** The calendar quarter, or with a fiscal start other than January the fiscal quarter, holding a date. */
export function quarterContaining(iso: string, fiscalStartMonth = 1): Period {
  const fs = validFiscalStart(fiscalStartMonth);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  if (fs === 1) return quarterPeriod(y, Math.floor((m - 1) / 3) + 1, fs);
  const offset = (m - fs + 12) % 12;
  const fy = m >= fs ? y + 1 : y;
  return fiscalQuarterPeriod(fy, Math.floor(offset / 3) + 1, fs);
}

export function monthContaining(iso: string, fiscalStartMonth = 1): Period {
  return monthPeriod(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), fiscalStartMonth);
}

/**
 * Length in months: exact for months, quarters and years; a custom range counts days / (365.25 / 12).
 * Null for `all`.
 */
export function monthsIn(p: Period): number | null {
  switch (p.kind) {
    case 'month':
      return 1;
    case 'quarter':
    case 'fiscal_quarter':
      return 3;
    case 'year':
    case 'fiscal_year':
      return 12;
    case 'range':
      return (dayNumber(p.end) - dayNumber(p.start) + 1) / (365.25 / 12);
    case 'all':
      return null;
  }
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short human label: "Q2 2017", "Mar 2026", "FY2026 Q1", "2026", "All time", "2026-01-01 – 2026-03-31". */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${monthNames[Number(p.start.slice(5, 7)) - 1]} ${p.start.slice(0, 4)}`;
    case 'quarter':
      return `${p.id.slice(5)} ${p.id.slice(0, 4)}`;
    case 'fiscal_quarter':
      return p.id.replace('-', ' ');
    case 'year':
    case 'fiscal_year':
      return p.id;
    case 'range':
      return `${p.start} – ${p.end}`;
    case 'all':
      return 'All time';
  }
}
