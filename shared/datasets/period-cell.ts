/**
 * A period written in one cell of a spend or quota sheet (`2026-03`, `Q1 2026`, `FY2026-Q1`, `Mar 2026`,
 * a year, or a single date), read into its first and last day. Self-contained on purpose: the metric
 * side's shared/periods.ts parses what a user types as a report period, this reads what a sheet holds.
 */
import { type Cell, type Parsed, bad, good } from './cell';
import { type DateOptions, type DateOrder, daysInMonth, isoDate, monthNumber, parseDate } from './dates';

export interface PeriodSpan {
  /** Canonical id: `2026`, `2026-03`, `2026-Q1`, `FY2026`, `FY2026-Q1`, or the date itself. */
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

export interface PeriodOptions extends DateOptions {
  /** First month of the fiscal year, 1-12 (a fiscal year is named by the calendar year it ends in). */
  readonly fiscalStartMonth?: number;
  /** How a year-last numeric date in the column is read. */
  readonly order?: DateOrder;
}

function months(y: number, m: number, count: number): { start: string; end: string } {
  const last = m - 1 + count - 1;
  const ey = y + Math.floor(last / 12);
  const em = (last % 12) + 1;
  return { start: isoDate(y, m, 1), end: isoDate(ey, em, daysInMonth(ey, em)) };
}

function fiscal(fy: number, quarter: number | undefined, startMonth: number): PeriodSpan {
  const firstYear = startMonth === 1 ? fy : fy - 1;
  if (quarter === undefined) return { id: `FY${fy}`, ...months(firstYear, startMonth, 12) };
  const offset = startMonth - 1 + 3 * (quarter - 1);
  return { id: `FY${fy}-Q${quarter}`, ...months(firstYear + Math.floor(offset / 12), (offset % 12) + 1, 3) };
}

const inRange = (y: number): boolean => y >= 1000 && y <= 9999;
const fyYear = (digits: string): number => (digits.length === 2 ? 2000 + parseInt(digits, 10) : parseInt(digits, 10));

/** The period a cell names, or the single day a date cell names; a whole number 1000-9999 is a year, not an Excel serial. */
export function parsePeriod(cell: Cell, options: PeriodOptions = {}): Parsed<PeriodSpan> {
  const startMonth = options.fiscalStartMonth ?? 1;
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) return bad('cannot be read: the fiscal start month is not 1-12');
  if (typeof cell === 'number' && Number.isInteger(cell) && inRange(cell)) return good({ id: String(cell), ...months(cell, 1, 12) });
  if (typeof cell === 'string') {
    const s = cell.trim().toLowerCase();
    const year = /^(\d{4})$/.exec(s);
    if (year) return good({ id: year[1]!, ...months(parseInt(year[1]!, 10), 1, 12) });
    const ym = /^(\d{4})[-/.](\d{1,2})$/.exec(s);
    const my = /^(\d{1,2})[-/.](\d{4})$/.exec(s);
    if (ym || my) {
      const y = parseInt(ym ? ym[1]! : my![2]!, 10);
      const m = parseInt(ym ? ym[2]! : my![1]!, 10);
      if (m < 1 || m > 12) return bad(`is not a valid month (${m})`);
      return good({ id: `${y}-${String(m).padStart(2, '0')}`, ...months(y, m, 1) });
    }
    const yq = /^(\d{4})\s*[-/ ]?\s*q([1-4])$/.exec(s);
    const qy = /^q([1-4])\s*[-/ ]?\s*(\d{4})$/.exec(s);
    if (yq || qy) {
      const y = parseInt(yq ? yq[1]! : qy![2]!, 10);
      const q = parseInt(yq ? yq[2]! : qy![1]!, 10);
      return good({ id: `${y}-Q${q}`, ...months(y, 3 * (q - 1) + 1, 3) });
    }
    const fyq = /^fy\s*(\d{4}|\d{2})(?:\s*[-/ ]?\s*q([1-4]))?$/.exec(s);
    const qfy = /^q([1-4])\s*[-/ ]?\s*fy\s*(\d{4}|\d{2})$/.exec(s);
    if (fyq || qfy) {
      const fy = fyYear(fyq ? fyq[1]! : qfy![2]!);
      const q = fyq ? fyq[2] : qfy![1];
      return good(fiscal(fy, q === undefined ? undefined : parseInt(q, 10), startMonth));
    }
    const named = /^([a-zä]{3,9})\.?[-\s/']+(\d{4})$/.exec(s);
    if (named) {
      const m = monthNumber(named[1]!);
      const y = parseInt(named[2]!, 10);
      if (m !== undefined) return good({ id: `${y}-${String(m).padStart(2, '0')}`, ...months(y, m, 1) });
    }
  }
  const date = parseDate(cell, options.order ?? 'ymd', options);
  if (!date.ok) return bad(date.reason === 'is not a date' ? 'is not a date or a period (2026-03, 2026-Q1, FY2026-Q1)' : date.reason);
  return good({ id: date.value, start: date.value, end: date.value });
}
