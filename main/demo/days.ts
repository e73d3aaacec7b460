import { AppFailure } from '../../shared/result';

/**
 * Calendar arithmetic for the generator on whole days counted from 1970-01-01 (UTC), which keeps
 * the simulation in plain integers and free of time zones.
 */

const MS_PER_DAY = 86_400_000;

export function dayFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function parseDay(text: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = m ? dayFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
  if (!m || isoDay(day) !== text) {
    throw new AppFailure('invalid_input', `${what}: "${text}" is not a date; write it as YYYY-MM-DD, e.g. 2026-09-30`);
  }
  return day;
}

/** ISO strings are built for thousands of rows; a cache keeps that off the profile. */
const isoCache = new Map<number, string>();

export function isoDay(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** `YYYY-MM-DDTHH:MM:SS` for a moment given in minutes since 1970-01-01. */
export function isoMinute(minute: number): string {
  return new Date(Math.round(minute) * 60_000).toISOString().slice(0, 19);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** The same day of the month `months` later (the 31st rolls into the next month, as Date.UTC does). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / MS_PER_DAY;
}

export interface Quarter {
  /** `2026-Q1` */
  readonly id: string;
  readonly start: number;
  /** Last day, included. */
  readonly end: number;
}

export function quarterOf(day: number): Quarter {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const q = Math.floor(d.getUTCMonth() / 3);
  const start = Date.UTC(year, q * 3, 1) / MS_PER_DAY;
  const end = Date.UTC(year, q * 3 + 3, 1) / MS_PER_DAY - 1;
  return { id: `${year}-Q${q + 1}`, start, end };
}

/**
 * `count` consecutive quarters ending with the last full quarter on or before `endDate`: a quarter
 * that `endDate` cuts short is left out, so the last quarter of the story is always complete.
 */
export function quartersBefore(endDate: number, count: number): Quarter[] {
  let last = quarterOf(endDate);
  if (last.end > endDate) last = quarterOf(last.start - 1);
  const out: Quarter[] = [last];
  while (out.length < count) out.unshift(quarterOf(out[0]!.start - 1));
  return out;
}

/** Whole calendar months from `from` to `to` (a month counts once its day of the month is reached). */
export function monthsBetween(from: number, to: number): number {
  const a = new Date(from * MS_PER_DAY);
  const b = new Date(to * MS_PER_DAY);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return b.getUTCDate() < a.getUTCDate() ? months - 1 : months;
}
