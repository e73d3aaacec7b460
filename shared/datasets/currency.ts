/**
 * Which currency a file's amounts are written in: the signs and ISO codes of its money columns and
 * its currency column, a sign several currencies share ('$', 'kr', '¥') read as the one the workbook
 * or the file itself points to. A new workbook takes its currency from there, else from this
 * computer's region (localeCurrency).
 */
import { type Cell, isMissing } from './cell';
import { currencyCodes, detectDecimalSeparator, moneyCurrency } from './numbers';

const euro = [
  'AD',
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MC',
  'ME',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
  'SM',
  'VA',
  'XK',
];

/** The currency of each region whose currency the amounts' signs and codes can name (numbers.ts). */
const regionCurrency: Readonly<Record<string, string>> = {
  ...Object.fromEntries(euro.map((r) => [r, 'EUR'])),
  US: 'USD',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  SG: 'SGD',
  HK: 'HKD',
  MX: 'MXN',
  GB: 'GBP',
  JP: 'JPY',
  CN: 'CNY',
  CH: 'CHF',
  LI: 'CHF',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  IS: 'ISK',
  PL: 'PLN',
  CZ: 'CZK',
  HU: 'HUF',
  IN: 'INR',
  BR: 'BRL',
  ZA: 'ZAR',
  TR: 'TRY',
  IL: 'ILS',
  KR: 'KRW',
  AE: 'AED',
};

/** The currencies whose signs and codes amounts are read with, alphabetically. */
export const knownCurrencies: readonly string[] = [...new Set(Object.values(regionCurrency))].sort();

/** The currency of a locale's region ('de-DE' and 'fr' are EUR), or null when it is not one known here. */
export function localeCurrency(locale: string): string | null {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region === undefined ? null : (regionCurrency[region] ?? null);
  } catch {
    return null;
  }
}

/** A column whose values may name a currency: amounts with signs or codes, or a column of currency codes. */
export interface CurrencyColumn {
  readonly header: string;
  readonly kind: 'money' | 'code';
  readonly cells: readonly Cell[];
}

export interface CurrencyReading {
  /** The currency most values are in, or null when no value names one. */
  readonly main: string | null;
  /** Signs several currencies write that were taken as one without the file saying which: '"$" taken as USD'. */
  readonly assumed: readonly string[];
  /** Columns whose values are in more than one currency, the most frequent first. */
  readonly mixed: readonly { readonly header: string; readonly currencies: readonly string[] }[];
}

interface Found {
  readonly sign: string;
  readonly codes: readonly string[];
}

/**
 * The currencies a file's values are in. A sign that several currencies share is read as the
 * workbook's currency when it is one of them, else as a currency the file names unambiguously
 * elsewhere, else as this computer's (`local`), else as the first (USD for '$').
 */
export function readCurrencies(columns: readonly CurrencyColumn[], workbook: string | null, local: string | null, delimiter?: string): CurrencyReading {
  const perColumn = columns.map((c) => {
    const values = c.cells.filter((cell) => !isMissing(cell));
    const decimal = c.kind === 'money' ? detectDecimalSeparator(values, delimiter).decimal : '.';
    const found: Found[] = [];
    for (const cell of values) {
      if (c.kind === 'money') {
        const m = moneyCurrency(cell, decimal);
        if (m) found.push(m);
        continue;
      }
      const sign = String(cell).trim();
      const codes = currencyCodes(sign);
      if (codes) found.push({ sign, codes });
    }
    return { header: c.header, found };
  });
  const certain = new Set(perColumn.flatMap((c) => c.found.filter((f) => f.codes.length === 1).map((f) => f.codes[0]!)));
  const assumed = new Map<string, string>();
  const resolve = (f: Found): string => {
    if (f.codes.length === 1) return f.codes[0]!;
    if (workbook !== null && f.codes.includes(workbook)) return workbook;
    const named = f.codes.find((c) => certain.has(c));
    if (named) return named;
    const code = local !== null && f.codes.includes(local) ? local : f.codes[0]!;
    assumed.set(f.sign, `"${f.sign}" taken as ${code}`);
    return code;
  };
  const total = new Map<string, number>();
  const mixed: { header: string; currencies: string[] }[] = [];
  for (const c of perColumn) {
    const counts = new Map<string, number>();
    for (const f of c.found) {
      const code = resolve(f);
      counts.set(code, (counts.get(code) ?? 0) + 1);
      total.set(code, (total.get(code) ?? 0) + 1);
    }
    if (counts.size > 1) mixed.push({ header: c.header, currencies: byCount(counts) });
  }
  return { main: byCount(total)[0] ?? null, assumed: [...assumed.values()], mixed };
}

/** Most frequent first; equal counts in the order first seen. */
const byCount = (counts: ReadonlyMap<string, number>): string[] => [...counts].sort((a, b) => b[1] - a[1]).map(([code]) => code);
