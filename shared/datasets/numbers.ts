/**
 * Numbers, money, counts, scores and percents from the spellings exports use. The text is checked
 * against an explicit grammar first (digits, one decimal separator, consistent thousands groups of
 * three); only then is the canonical form converted, so '0x1F', 'Infinity', '' and ' ' never become numbers.
 */
import { type Cell, type Parsed, bad, good } from './cell';

export type DecimalSeparator = '.' | ',';

export interface MoneyOptions {
  readonly decimal?: DecimalSeparator;
  /** The workbook currency (ISO code); a value written in another currency is refused. */
  readonly currency?: string;
}

const dollars = ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'];
/** Signs and the ISO codes each may stand for ('$' is any dollar, so it never contradicts a dollar workbook). */
const symbols: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['US$', ['USD']],
  ['R$', ['BRL']],
  ['$', dollars],
  ['€', ['EUR']],
  ['£', ['GBP']],
  ['¥', ['JPY', 'CNY']],
  ['₹', ['INR']],
  ['zł', ['PLN']],
  ['kr', ['SEK', 'NOK', 'DKK', 'ISK']],
];
const codes = new Set([
  ...dollars,
  'EUR',
  'GBP',
  'JPY',
  'CNY',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'ISK',
  'PLN',
  'CZK',
  'HUF',
  'INR',
  'BRL',
  'ZAR',
  'TRY',
  'ILS',
  'KRW',
  'AED',
]);

/** The ISO codes a currency sign or code stands for, or undefined when it is neither. */
export function currencyCodes(token: string): readonly string[] | undefined {
  const t = token.trim();
  const upper = t.toUpperCase();
  if (codes.has(upper)) return [upper];
  return symbols.find(([sign]) => sign.toLowerCase() === t.toLowerCase())?.[1];
}

const spaces = /[\u00a0\u202f\u2007\u2009\s]+/g;
const signPrefix = /^(?:US\$|R\$|[$€£¥₹]|[A-Za-z]{3}(?=[\s\d(+\-−]))\s*/;
const signSuffix = /\s*(?:[$€£¥₹]|zł|kr|(?<=[\d\s)])[A-Za-z]{3})$/;

interface Reading {
  readonly value: number;
  readonly currency: readonly string[] | undefined;
  /** The sign or code as written ('€', 'EUR', '$'), when there is one. */
  readonly sign?: string;
}

const grammar: Record<DecimalSeparator, { grouped: RegExp; plain: RegExp }> = {
  '.': { grouped: /^\d{1,3}(?:([, '’])\d{3})(?:\1\d{3})*(?:\.\d+)?$/, plain: /^(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d{1,3})?$/i },
  ',': { grouped: /^\d{1,3}(?:([. '’])\d{3})(?:\1\d{3})*(?:,\d+)?$/, plain: /^(?:\d+(?:,\d*)?|,\d+)$/ },
};

/**
 * Digits with at most one decimal point (a decimal point, not comma, column), an optional leading
 * minus: what nearly every export writes, read without the grammar's regular expressions. Undefined
 * for anything else. At most 15 digits a side, so the value is always finite.
 */
function plainNumber(text: string, decimal: DecimalSeparator): number | undefined {
  const n = text.length;
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  if (n === start || n - start > 31) return undefined;
  let point = -1;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c !== 46 || decimal !== '.' || point >= 0) return undefined;
    point = i;
  }
  if (point === start || point === n - 1 || (point < 0 ? n - start : Math.max(point - start, n - point - 1)) > 15) return undefined;
  const value = Number(start === 1 ? text.slice(1) : text);
  return start === 1 && value !== 0 ? -value : value;
}

function read(text: string, decimal: DecimalSeparator, allowCurrency: boolean): Parsed<Reading> {
  const plain = plainNumber(text, decimal);
  if (plain !== undefined) return good({ value: plain, currency: undefined });
  let s = text.replace(spaces, ' ').replace(/−/g, '-').trim();
  if (s === '') return bad('is not a number');
  // Negative by parentheses, a leading minus or a trailing minus: one of them, never two.
  let signs = 0;
  let currency: readonly string[] | undefined;
  let sign: string | undefined;
  const wrapped = /^\((.*)\)$/.exec(s);
  if (wrapped) {
    signs += 1;
    s = wrapped[1]!.trim();
  }
  for (let pass = 0; pass < 2; pass += 1) {
    if (s[0] === '-' || s[0] === '+') {
      if (s[0] === '-') signs += 1;
      s = s.slice(1).trim();
    }
    const pre = signPrefix.exec(s);
    const post = signSuffix.exec(s);
    for (let k = 0; k < 2; k += 1) {
      const m = k === 0 ? pre : post;
      if (!m) continue;
      const found = currencyCodes(m[0]);
      if (!found) return bad('is not a number');
      if (!allowCurrency) return bad('is not a number (it carries a currency)');
      if (currency && currency !== found) return bad('is not an amount (two currencies)');
      currency = found;
      sign = m[0].trim();
    }
    if (pre) s = s.slice(pre[0].length);
    if (post) s = s.slice(0, s.length - post[0].length);
    if (s.endsWith('-')) {
      signs += 1;
      s = s.slice(0, -1).trim();
    }
    s = s.trim();
  }
  if (signs > 1) return bad('is not a number');
  const negative = signs === 1;
  const g = grammar[decimal];
  if (!g.grouped.test(s) && !g.plain.test(s)) {
    return bad(/\d[.,]\d/.test(s) ? `is not a number (the decimal separator here is "${decimal}")` : 'is not a number');
  }
  const canonical = s.replace(decimal === '.' ? /[, '’]/g : /[. '’]/g, '').replace(',', '.');
  const value = Number(canonical);
  if (!Number.isFinite(value)) return bad('is too large to be a number');
  return good({ value: negative && value !== 0 ? -value : value, currency, ...(sign === undefined ? {} : { sign }) });
}

function fromCell(cell: Cell, decimal: DecimalSeparator, allowCurrency: boolean): Parsed<Reading> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? good({ value: cell, currency: undefined }) : bad('is not a number');
  if (typeof cell !== 'string') return bad('is not a number');
  return read(cell, decimal, allowCurrency);
}

/** A finite number: thousands groups, comma or point decimals, (negatives), trailing minus; no currency. */
export function parseNumber(cell: Cell, decimal: DecimalSeparator = '.'): Parsed<number> {
  const r = fromCell(cell, decimal, false);
  return r.ok ? good(r.value.value) : r;
}

/** An amount: as parseNumber, plus a currency sign or code before or after; another currency than the workbook's is refused. */
export function parseMoney(cell: Cell, options: MoneyOptions = {}): Parsed<number> {
  const r = fromCell(cell, options.decimal ?? '.', true);
  if (!r.ok) return r;
  const want = options.currency?.toUpperCase();
  const found = r.value.currency;
  if (want && found && !found.includes(want)) return bad(otherCurrency(found.length === 1 ? found[0]! : `"${r.value.sign}"`, want));
  return good(r.value.value);
}

/** Why an amount in another currency than the workbook's is left out, and what to do about it. */
export const otherCurrency = (found: string, workbook: string): string =>
  `is in ${found}; this workbook is in ${workbook}: keep each currency in a workbook of its own, or convert the amounts to ${workbook} before importing`;

/**
 * The currency sign or code an amount is written with ('€', 'EUR', '$') and the ISO codes it may
 * stand for; undefined when the cell is not an amount or carries no currency.
 */
export function moneyCurrency(cell: Cell, decimal: DecimalSeparator): { readonly sign: string; readonly codes: readonly string[] } | undefined {
  const r = fromCell(cell, decimal, true);
  return r.ok && r.value.currency && r.value.sign !== undefined ? { sign: r.value.sign, codes: r.value.currency } : undefined;
}

/** A whole number >= 0 ('1,234', '3.0'). */
export function parseCount(cell: Cell, decimal: DecimalSeparator = '.'): Parsed<number> {
  const r = parseNumber(cell, decimal);
  if (!r.ok) return r;
  if (r.value < 0) return bad('is negative (a count cannot be)');
  if (!Number.isInteger(r.value)) return bad('is not a whole number');
  return r;
}

/** A survey or rating score: any finite number ('4.0'); the scale is checked where the kind is known. */
export function parseScore(cell: Cell, decimal: DecimalSeparator = '.'): Parsed<number> {
  return parseNumber(cell, decimal);
}

/** A ratio 0..1 from '45%' / '45 %' (divided by 100) or a plain fraction ('0.45', an Excel percent cell). */
export function parsePercent(cell: Cell, decimal: DecimalSeparator = '.'): Parsed<number> {
  if (typeof cell === 'string' && /%\s*$/.test(cell)) {
    const r = parseNumber(cell.replace(/\s*%\s*$/, ''), decimal);
    return r.ok ? good(r.value / 100) : bad('is not a percentage');
  }
  return parseNumber(cell, decimal);
}

export interface DecimalDecision {
  readonly decimal: DecimalSeparator;
  /** True when no value settles it (every value is like '22,368' or has no separator at all). */
  readonly ambiguous: boolean;
  readonly evidence: string;
}

/**
 * Decides per column whether ',' or '.' is the decimal separator: a value with both, or with one
 * separator followed by other than three digits, settles it; '1,234' alone does not, and then a
 * ';'-delimited file (the European Excel export) means decimal comma.
 */
export function detectDecimalSeparator(samples: readonly Cell[], delimiter?: string): DecimalDecision {
  const votes: Record<DecimalSeparator, { count: number; example?: string; why?: string }> = { '.': { count: 0 }, ',': { count: 0 } };
  let threeAfter: string | undefined;
  const vote = (sep: DecimalSeparator, example: string, why: string): void => {
    votes[sep].count += 1;
    if (votes[sep].example === undefined) {
      votes[sep].example = example;
      votes[sep].why = why;
    }
  };
  for (const cell of samples) {
    if (typeof cell !== 'string') continue;
    const t = cell.trim();
    const s = t.replace(/[^\d.,]/g, '');
    if (!/\d/.test(s)) continue;
    const commas = s.split(',').length - 1;
    const dots = s.split('.').length - 1;
    if (commas > 0 && dots > 0) {
      const last: DecimalSeparator = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
      vote(last, t, `the last separator is "${last}"`);
    } else if (commas + dots > 1) {
      const sep: DecimalSeparator = commas > 0 ? ',' : '.';
      vote(sep === ',' ? '.' : ',', t, `"${sep}" repeats, so it groups thousands`);
    } else if (commas + dots === 1) {
      const sep: DecimalSeparator = commas ? ',' : '.';
      const after = s.length - s.indexOf(sep) - 1;
      if (after === 3) threeAfter ??= t;
      else vote(sep, t, `${after} digit${after === 1 ? '' : 's'} after the "${sep}"`);
    }
  }
  const name = (d: DecimalSeparator): string => (d === ',' ? 'decimal comma' : 'decimal point');
  const dot = votes['.'];
  const comma = votes[','];
  if (dot.count > 0 || comma.count > 0) {
    const decimal: DecimalSeparator = comma.count > dot.count ? ',' : '.';
    const win = votes[decimal];
    const other = votes[decimal === ',' ? '.' : ','];
    return {
      decimal,
      ambiguous: other.count > 0,
      evidence: `${name(decimal)}: "${win.example}" has ${win.why}${other.count > 0 ? ` (but "${other.example}" has ${other.why})` : ''}`,
    };
  }
  if (threeAfter === undefined) return { decimal: '.', ambiguous: false, evidence: 'no value has a separator' };
  const decimal: DecimalSeparator = delimiter === ';' && threeAfter.includes(',') ? ',' : '.';
  return {
    decimal,
    ambiguous: true,
    evidence: `${name(decimal)}: "${threeAfter}" could be either${decimal === ',' ? ' and the file is semicolon-delimited' : ''}`,
  };
}
