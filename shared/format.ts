/**
 * One table from a KPI unit to how it is shown: a display string for the screen and the CLI (via
 * Intl.NumberFormat in the workbook's locale and currency) and an Excel numFmt for the report, so
 * the dashboard and the workbook cannot disagree. Ratios are stored as fractions and shown as percents.
 */
import type { Unit } from './metrics/types';

export interface FormatOptions {
  readonly locale: string;
  readonly currency: string;
}

interface UnitFormat {
  /** The value as a person reads it. */
  display(value: number, o: FormatOptions): string;
  /** A change between two values (ratios as percentage points). */
  delta(change: number, o: FormatOptions): string;
  /** Excel number format for a cell holding the raw value. */
  numFmt(o: FormatOptions): string;
}

function nf(o: FormatOptions, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(o.locale, opts);
  } catch {
    return new Intl.NumberFormat('en-US', { ...opts, currency: opts.currency === undefined ? undefined : 'USD' });
  }
}

const signed = (s: string, v: number): string => (v > 0 ? `+${s}` : s);
const fixed = (o: FormatOptions, digits: number) => nf(o, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The currency symbol and whether the locale writes it before the number. */
export function currencySymbol(o: FormatOptions): { symbol: string; before: boolean } {
  const parts = nf(o, { style: 'currency', currency: o.currency }).formatToParts(1);
  const i = parts.findIndex((p) => p.type === 'currency');
  const n = parts.findIndex((p) => p.type === 'integer');
  return { symbol: parts[i]?.value ?? o.currency, before: i < n };
}

const excelText = (s: string): string => `"${s.replace(/"/g, '')}"`;

const currencyDigits = (v: number): number => (Math.abs(v) >= 1000 ? 0 : 2);

export const unitFormats: Readonly<Record<Unit, UnitFormat>> = {
  ratio: {
    display: (v, o) => nf(o, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v),
    delta: (d, o) => `${signed(fixed(o, 1).format(d * 100), d)} pp`,
    numFmt: () => '0.0%',
  },
  currency: {
    display: (v, o) =>
      nf(o, {
        style: 'currency',
        currency: o.currency,
        minimumFractionDigits: currencyDigits(v),
        maximumFractionDigits: currencyDigits(v),
      }).format(v),
    delta: (d, o) => signed(unitFormats.currency.display(d, o), d),
    numFmt: (o) => {
      const { symbol, before } = currencySymbol(o);
      return before ? `${excelText(symbol)}#,##0.00` : `#,##0.00 ${excelText(symbol)}`;
    },
  },
  days: {
    display: (v, o) => `${fixed(o, 1).format(v)} days`,
    delta: (d, o) => `${signed(fixed(o, 1).format(d), d)} days`,
    numFmt: () => '0.0 "days"',
  },
  hours: {
    display: (v, o) => `${fixed(o, 1).format(v)} h`,
    delta: (d, o) => `${signed(fixed(o, 1).format(d), d)} h`,
    numFmt: () => '0.0 "h"',
  },
  count: {
    display: (v, o) => nf(o, { maximumFractionDigits: Number.isInteger(v) ? 0 : 1 }).format(v),
    delta: (d, o) => signed(nf(o, { maximumFractionDigits: Number.isInteger(d) ? 0 : 1 }).format(d), d),
    numFmt: () => '#,##0.0',
  },
  score: {
    display: (v, o) => fixed(o, 1).format(v),
    delta: (d, o) => signed(fixed(o, 1).format(d), d),
    numFmt: () => '0.0',
  },
  multiple: {
    display: (v, o) => `${fixed(o, 2).format(v)}×`,
    delta: (d, o) => `${signed(fixed(o, 2).format(d), d)}×`,
    numFmt: () => '0.00"×"',
  },
  months: {
    display: (v, o) => `${fixed(o, 1).format(v)} months`,
    delta: (d, o) => `${signed(fixed(o, 1).format(d), d)} months`,
    numFmt: () => '0.0 "months"',
  },
};

/** What a missing value shows as. */
export const NO_VALUE = '—';

export function formatValue(value: number | null | undefined, unit: Unit, o: FormatOptions): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NO_VALUE : unitFormats[unit].display(value, o);
}

export function formatDelta(change: number | null | undefined, unit: Unit, o: FormatOptions): string {
  return change === null || change === undefined || !Number.isFinite(change) ? NO_VALUE : unitFormats[unit].delta(change, o);
}

/**
 * The calendar day of an ISO time where the reader is, as YYYY-MM-DD: a report written at 00:30 on
 * 2 October in Berlin was written on the 2nd there, though its UTC time is on the 1st.
 */
export function localDay(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso.slice(0, 10);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}`;
}

/**
 * A value in a few characters, for a label where the full figure does not fit ("€2.96M", "+$1.2K"):
 * money and counts to three significant digits in the locale's words for thousands and millions, other
 * units as formatValue gives them; `sign` writes a + before a rise, as formatDelta does.
 */
export function formatShort(value: number, unit: Unit, o: FormatOptions, sign = false): string {
  if (unit !== 'currency' && unit !== 'count') return (sign ? formatDelta : formatValue)(value, unit, o);
  const money: Intl.NumberFormatOptions = unit === 'currency' ? { style: 'currency', currency: o.currency } : {};
  const text = nf(o, { ...money, notation: 'compact', maximumSignificantDigits: 3 }).format(value);
  return sign ? signed(text, value) : text;
}

export function excelNumFmt(unit: Unit, o: FormatOptions): string {
  return unitFormats[unit].numFmt(o);
}
