/**
 * Dates and date-times from the spellings real exports use, as ISO strings computed with integer
 * arithmetic only (no Date object, so no time zone and no roll-over: 31/02 is refused, not 3 March).
 * A trailing `Z` or UTC offset is accepted and dropped: the wall-clock time as written is kept, because
 * exports stamp times in the exporting account's zone and the KPIs count calendar days and hours.
 */
import { type Cell, type Parsed, bad, good } from './cell';

/** How a year-last numeric date (`03/04/2026`) is read; `ymd` = the column had none (ISO dates, serials). */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

export interface DateOptions {
  /** The workbook uses Excel's 1904 date system (old Mac files). */
  readonly date1904?: boolean;
  /**
   * The column mixes dotted and slashed year-last dates: a dotted one is day-first whatever the
   * order says, since no locale writes month.day.year; the order is the slashed ones'.
   */
  readonly dotsDayFirst?: boolean;
}

interface Stamp {
  readonly y: number;
  readonly m: number;
  readonly d: number;
  readonly hh: number;
  readonly mi: number;
  readonly ss: number;
}

const monthLabels = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const monthByName = new Map<string, number>();
monthLabels.forEach((label, i) => {
  monthByName.set(label.toLowerCase(), i + 1);
  monthByName.set(label.slice(0, 3).toLowerCase(), i + 1);
});
// 'Sept' and the German abbreviations that differ from English (Pipedrive and Excel in de-DE).
for (const [name, m] of [
  ['sept', 9],
  ['mär', 3],
  ['mrz', 3],
  ['mai', 5],
  ['okt', 10],
  ['dez', 12],
] as const) {
  monthByName.set(name, m);
}

/** Month number for an English month name or abbreviation ('Jul', 'july', 'Sept'), else undefined. */
export function monthNumber(name: string): number | undefined {
  return monthByName.get(name.toLowerCase().replace(/\.$/, ''));
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month m (1-12) of year y. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** `YYYY-MM-DD` for a calendar date already known to be valid. */
export function isoDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function checkDate(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999) return 'is not a date (the year is out of range)';
  if (m < 1 || m > 12) return `is not a valid month (${m})`;
  if (d < 1 || d > daysInMonth(y, m)) {
    return `is not a valid day (${d} ${monthLabels[m - 1]}${m === 2 && d === 29 ? ` ${y}` : ''})`;
  }
  return null;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's algorithm; proleptic Gregorian). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date `days` after 1970-01-01. */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** Two-digit years follow Excel: 00-29 are 2000-2029, 30-99 are 1930-1999. */
function fullYear(digits: string): number {
  const n = parseInt(digits, 10);
  if (digits.length > 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(?:([ap])\.?\s?m\.?)?(?:\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?))?`;
const iso = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:t|\s+)${TIME})?$`, 'i');
const yearLast = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?:(?:t|,?\s+)${TIME})?$`, 'i');
const dayName = new RegExp(String.raw`^(\d{1,2})[-\s./]+([a-zä]{3,9})\.?[-\s./,]+(\d{4}|\d{2})(?:,?\s+${TIME})?$`, 'i');
/** `20240131`: GA4 writes its Date dimension so. */
const compact = /^(\d{4})(\d{2})(\d{2})$/;
const nameDay = new RegExp(String.raw`^([a-zä]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?${TIME})?$`, 'i');
/** Numeric day/month/year with the year last: the only shape whose reading depends on the column's order. */
export const yearLastPattern = /^(\d{1,2})[-/.](\d{1,2})[-/.](?:\d{4}|\d{2})(?:$|[T\s,])/i;

function timeOf(parts: (string | undefined)[]): { hh: number; mi: number; ss: number } | string {
  const [h, mi, s, ap] = parts;
  if (h === undefined || mi === undefined) return { hh: 0, mi: 0, ss: 0 };
  let hh = parseInt(h, 10);
  const min = parseInt(mi, 10);
  const sec = s === undefined ? 0 : parseInt(s, 10);
  if (ap !== undefined) {
    if (hh < 1 || hh > 12) return `is not a valid time (${hh} o'clock with am/pm)`;
    hh = (hh % 12) + (ap.toLowerCase() === 'p' ? 12 : 0);
  }
  if (hh > 23 || min > 59 || sec > 59) return 'is not a valid time';
  return { hh, mi: min, ss: sec };
}

function stamp(y: number, m: number, d: number, time: (string | undefined)[]): Parsed<Stamp> {
  const wrong = checkDate(y, m, d);
  if (wrong) return bad(wrong);
  const t = timeOf(time);
  if (typeof t === 'string') return bad(t);
  return good({ y, m, d, ...t });
}

function readText(text: string, order: DateOrder, options: DateOptions): Parsed<Stamp> {
  const s = text.trim();
  let g = iso.exec(s);
  if (g) return stamp(parseInt(g[1]!, 10), parseInt(g[3]!, 10), parseInt(g[4]!, 10), g.slice(5));
  g = yearLast.exec(s);
  if (g) {
    const a = parseInt(g[1]!, 10);
    const b = parseInt(g[3]!, 10);
    const [m, d] = order === 'dmy' || (options.dotsDayFirst === true && g[2] === '.') ? [b, a] : [a, b];
    return stamp(fullYear(g[4]!), m, d, g.slice(5));
  }
  g = dayName.exec(s);
  if (g) {
    const m = monthNumber(g[2]!);
    if (m !== undefined) return stamp(fullYear(g[3]!), m, parseInt(g[1]!, 10), g.slice(4));
  }
  g = nameDay.exec(s);
  if (g) {
    const m = monthNumber(g[1]!);
    if (m !== undefined) return stamp(fullYear(g[3]!), m, parseInt(g[2]!, 10), g.slice(4));
  }
  g = compact.exec(s);
  if (g) {
    const read = stamp(parseInt(g[1]!, 10), parseInt(g[2]!, 10), parseInt(g[3]!, 10), []);
    if (read.ok) return read;
  }
  return serialText(s);
}

const numberText = /^(\d+)(?:[.,]\d+)?$/;

/**
 * An Excel date number pasted into a text file (`45292`, `45366.75`: a fraction is the time of day),
 * read in the 1900 system: text carries no date system, and the 1900 one is what Excel writes on
 * Windows and, since 2011, on the Mac. Only five whole digits (1927 to 2173) are taken as dates; a
 * smaller number in a date column is far likelier a count or a duration mapped there by mistake.
 */
function serialText(s: string): Parsed<Stamp> {
  const g = numberText.exec(s);
  if (!g) return bad('is not a date');
  if (g[1]!.length !== 5) return bad('is not a date (a plain number; an Excel date number has five digits, like 45292 for 2024-01-01)');
  return readSerial(Number(s.replace(',', '.')), false);
}

/** True for an Excel date number written as text, which readText takes as a date. */
export function isSerialText(cell: Cell): boolean {
  if (typeof cell !== 'string') return false;
  const g = numberText.exec(cell.trim());
  return g !== null && g[1]!.length === 5;
}

/** 1 = 1900-01-01 in the 1900 system (whose serial 60 is Excel's fictitious 29 February 1900); 0 = 1904-01-01 in the 1904 system. */
function readSerial(serial: number, date1904: boolean): Parsed<Stamp> {
  if (!Number.isFinite(serial) || serial < 0) return bad('is not a date');
  let whole = Math.floor(serial);
  let seconds = Math.round((serial - whole) * 86400);
  if (seconds === 86400) {
    whole += 1;
    seconds = 0;
  }
  let days: number;
  if (date1904) days = daysFromCivil(1904, 1, 1) + whole;
  else if (whole === 60) return bad('is not a valid day (29 February 1900, which Excel counts but never existed)');
  else if (whole < 1) return bad('is not a date (Excel serial 0)');
  else days = daysFromCivil(1899, 12, whole < 60 ? 31 : 30) + whole;
  const { y, m, d } = civilFromDays(days);
  if (y > 9999) return bad('is not a date (the year is out of range)');
  return good({ y, m, d, hh: Math.floor(seconds / 3600), mi: Math.floor((seconds % 3600) / 60), ss: seconds % 60 });
}

function readCell(cell: Cell, order: DateOrder, options: DateOptions): Parsed<Stamp> {
  if (typeof cell === 'number') return readSerial(cell, options.date1904 === true);
  if (typeof cell !== 'string' || cell.trim() === '') return bad('is not a date');
  return readText(cell, order, options);
}

const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const twoDigits = (s: string, i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1);

/**
 * The shape nearly every export writes, `YYYY-MM-DD` with an optional ` HH:MM[:SS]` or `THH:MM[:SS]`,
 * read without a regular expression (an import reads millions). Undefined for anything else and for
 * an impossible date or time, which the general reader then refuses with its reason.
 */
function plainIso(s: string): Stamp | undefined {
  const n = s.length;
  if (n !== 10 && n !== 16 && n !== 19) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const m = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  let hh = 0;
  let mi = 0;
  let ss = 0;
  if (n > 10) {
    const t = s.charCodeAt(10);
    if ((t !== 32 && t !== 84) || s.charCodeAt(13) !== 58) return undefined;
    hh = twoDigits(s, 11);
    mi = twoDigits(s, 14);
    if (n === 19) {
      if (s.charCodeAt(16) !== 58) return undefined;
      ss = twoDigits(s, 17);
    }
  }
  // NaN (a non-digit) fails every comparison, so it lands here too.
  if (!(y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) && hh <= 23 && mi <= 59 && ss <= 59)) return undefined;
  return { y, m, d, hh, mi, ss };
}

/** A calendar date `YYYY-MM-DD` from a date or date-time cell (any time of day is dropped). */
export function parseDate(cell: Cell, order: DateOrder = 'ymd', options: DateOptions = {}): Parsed<string> {
  if (typeof cell === 'string' && plainIso(cell)) return good(cell.length === 10 ? cell : cell.slice(0, 10));
  const r = readCell(cell, order, options);
  return r.ok ? good(isoDate(r.value.y, r.value.m, r.value.d)) : r;
}

/** A date-time `YYYY-MM-DDTHH:MM:SS` (wall-clock as written; a date alone is midnight). */
export function parseDateTime(cell: Cell, order: DateOrder = 'ymd', options: DateOptions = {}): Parsed<string> {
  if (typeof cell === 'string' && plainIso(cell)) {
    if (cell.length === 19) return good(cell.charCodeAt(10) === 84 ? cell : `${cell.slice(0, 10)}T${cell.slice(11)}`);
    return good(cell.length === 16 ? `${cell.slice(0, 10)}T${cell.slice(11)}:00` : `${cell}T00:00:00`);
  }
  const r = readCell(cell, order, options);
  if (!r.ok) return r;
  const v = r.value;
  return good(`${isoDate(v.y, v.m, v.d)}T${pad(v.hh, 2)}:${pad(v.mi, 2)}:${pad(v.ss, 2)}`);
}

/**
 * A date-time (`YYYY-MM-DDTHH:MM:SS`, as parseDateTime gives) moved by whole seconds, in wall-clock
 * time like every stamp here, so the hours between the two are exactly the seconds added; undefined
 * past the year 9999.
 */
export function addSeconds(stamp: string, seconds: number): string | undefined {
  const at =
    daysFromCivil(parseInt(stamp.slice(0, 4), 10), parseInt(stamp.slice(5, 7), 10), parseInt(stamp.slice(8, 10), 10)) * 86400 +
    parseInt(stamp.slice(11, 13), 10) * 3600 +
    parseInt(stamp.slice(14, 16), 10) * 60 +
    parseInt(stamp.slice(17, 19), 10) +
    seconds;
  const days = Math.floor(at / 86400);
  const rest = at - days * 86400;
  const { y, m, d } = civilFromDays(days);
  if (y > 9999) return undefined;
  return `${isoDate(y, m, d)}T${pad(Math.floor(rest / 3600), 2)}:${pad(Math.floor((rest % 3600) / 60), 2)}:${pad(rest % 60, 2)}`;
}

export interface DateOrderDecision {
  readonly order: DateOrder;
  /** True when some values read differently in the two orders and nothing in the column settles it. */
  readonly ambiguous: boolean;
  /** One sentence for the wizard and the CLI saying why. */
  readonly evidence: string;
  /** The column mixes dotted and other year-last dates: the dotted ones are day-first, `order` is the others'. */
  readonly dotsDayFirst?: boolean;
}

const isDotted = (cell: Cell): boolean => typeof cell === 'string' && /^\d{1,2}\./.test(cell.trim()) && yearLastPattern.test(cell.trim());

/**
 * Decides per column whether year-last dates are month-first or day-first, from values with a part
 * above 12. Slashes and dashes are one way of writing (IBM's file mixes `2/24/11` and `01-10-11`, both
 * month-first); dots are another, always day-first, so a column mixing `15.03.2024` with `3/15/2024`
 * (rows typed in two locales) reads its dotted values day-first and decides the others from themselves.
 */
export function detectDateOrder(samples: readonly Cell[], fallback: 'mdy' | 'dmy' = 'mdy'): DateOrderDecision {
  const dotted = samples.find(isDotted);
  if (dotted !== undefined) {
    const others = samples.filter((c) => !isDotted(c));
    if (others.some((c) => typeof c === 'string' && yearLastPattern.test(c.trim()))) {
      const rest = detectDateOrder(others, fallback);
      return {
        ...rest,
        dotsDayFirst: true,
        evidence: `mixed separators: dotted dates ("${String(dotted).trim()}") read day-first; the others ${rest.evidence}`,
      };
    }
  }
  let dayFirst: string | undefined;
  let monthFirst: string | undefined;
  let dayFirstCount = 0;
  let monthFirstCount = 0;
  let undecided = 0;
  let yearLastCount = 0;
  for (const cell of samples) {
    if (typeof cell !== 'string') continue;
    const g = yearLastPattern.exec(cell.trim());
    if (!g) continue;
    yearLastCount += 1;
    const a = parseInt(g[1]!, 10);
    const b = parseInt(g[2]!, 10);
    if (a > 12 && b <= 12) {
      dayFirstCount += 1;
      dayFirst ??= cell.trim();
    } else if (b > 12 && a <= 12) {
      monthFirstCount += 1;
      monthFirst ??= cell.trim();
    } else if (a !== b) undecided += 1;
  }
  const dayWhy = (): string => `"${dayFirst}" has ${parseInt(dayFirst!, 10)} in the first place`;
  const monthWhy = (): string => `"${monthFirst}" has ${parseInt(monthFirst!.split(/[-/.]/)[1]!, 10)} in the second place`;
  if (yearLastCount === 0) return { order: 'ymd', ambiguous: false, evidence: 'dates are year-first (ISO) or Excel dates' };
  if (dayFirst !== undefined && monthFirst !== undefined) {
    const order = dayFirstCount > monthFirstCount ? 'dmy' : 'mdy';
    return {
      order,
      ambiguous: true,
      evidence: `mixed: day-first ${dayWhy()} (${dayFirstCount} values) but month-first ${monthWhy()} (${monthFirstCount} values); reading ${order === 'dmy' ? 'day-first' : 'month-first'}`,
    };
  }
  if (dayFirst !== undefined) return { order: 'dmy', ambiguous: false, evidence: `day-first: ${dayWhy()}` };
  if (monthFirst !== undefined) return { order: 'mdy', ambiguous: false, evidence: `month-first: ${monthWhy()}` };
  // No value decides, but dots do: dotted dates are written day-first (15.03.2024), never month-first.
  if (dotted !== undefined && samples.every((c) => typeof c !== 'string' || !yearLastPattern.test(c.trim()) || isDotted(c)))
    return { order: 'dmy', ambiguous: false, evidence: `day-first: dotted dates ("${String(dotted).trim()}") are written so` };
  const name = fallback === 'dmy' ? 'day-first' : 'month-first';
  return undecided > 0
    ? { order: fallback, ambiguous: true, evidence: `no value has a part above 12; assuming ${name} (check a few dates)` }
    : { order: fallback, ambiguous: false, evidence: `every value reads the same either way; ${name}` };
}
