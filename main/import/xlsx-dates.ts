/**
 * Which XLSX number formats are dates, and Excel serials as ISO text. Only cells whose format is a
 * date format are dates (a serial is just a number otherwise). Conversion uses UTC arithmetic only:
 * a local-time Date shifts the day west of Greenwich.
 */
import { civilFromDays } from '../../shared/datasets/dates';

/** 0: not a date; 1: date; 2: date and time; 3: time of day. */
export type DateKind = 0 | 1 | 2 | 3;

/** ECMA-376 built-in formats 14-22 and 45-47, and the East Asian date formats 27-36 and 50-58. */
export function builtinDateKind(id: number): DateKind {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58)) return 1;
  if (id === 22) return 2;
  if ((id >= 18 && id <= 21) || id === 32 || id === 33 || id === 45 || id === 47) return 3;
  return 0;
}

export function formatDateKind(code: string): DateKind {
  const first = code.split(';')[0] ?? '';
  const bare = first
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  // [h]:mm and friends are durations, not clock times.
  if (/\[(h+|m+|s+)\]/i.test(bare)) return 0;
  const tokens = bare.replace(/\[[^\]]*\]/g, '').replace(/general/gi, '');
  const hasDay = /[dy]/i.test(tokens);
  const hasTime = /[hs]/i.test(tokens) || /am\/pm|a\/p/i.test(tokens);
  // "m" is a month next to days or years, or alone; minutes next to hours or seconds.
  const hasMonth = /m/i.test(tokens) && (hasDay || !hasTime);
  if (hasDay || hasMonth) return hasTime ? 2 : 1;
  return hasTime ? 3 : 0;
}

/** Days from 1970-01-01 back to the day before serial 1 (1899-12-30 in the 1900 system, past 28 Feb 1900). */
const EPOCH_1900 = 25_569;
/** 1904-01-01 is serial 0 of the 1904 system: 1,462 days after 1899-12-30. */
const EPOCH_1904 = EPOCH_1900 - 1_462;
/** 31 December 9999, the last day Excel shows (1,462 less in the 1904 system). */
const MAX_SERIAL = 2_958_465;

/**
 * An Excel serial as 'YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SS' (a date-time format, or a date with a time
 * part) or 'HH:MM:SS' (a time-of-day format). Serials Excel cannot show as dates stay numbers.
 * Excel's 1900 system counts a 29 February 1900 that never was (serial 60): serials before it are
 * shifted by a day, and 60 itself is shown as 28 February.
 */
export function serialToIso(serial: number, date1904: boolean, kind: DateKind): string | number {
  if (kind === 0 || !Number.isFinite(serial) || serial < 0 || serial > (date1904 ? MAX_SERIAL - 1_462 : MAX_SERIAL)) return serial;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days += 1;
    seconds = 0;
  }
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  if (kind === 3 && days === 0) return time;
  const epoch = date1904 ? EPOCH_1904 : days < 61 ? EPOCH_1900 - 1 : EPOCH_1900;
  const date = civilDate(days - epoch - (!date1904 && days === 60 ? 1 : 0));
  return kind === 1 && seconds === 0 ? date : `${date}T${time}`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * 'YYYY-MM-DD' of a day counted from 1970-01-01, by arithmetic (civilFromDays): a Date and its
 * toISOString per cell cost more than the rest of reading the cell.
 */
function civilDate(days: number): string {
  const { y, m, d } = civilFromDays(days);
  return `${y}-${two(m)}-${two(d)}`;
}
