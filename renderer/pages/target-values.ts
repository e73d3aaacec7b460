/** Target cells as typed: ratios in percent, numbers written the way the workbook's locale writes them. */
import type { Unit } from '../../shared/metrics/types';

/** The decimal mark of a locale ('.' or ','). */
export function decimalMark(locale: string): string {
  try {
    return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    return '.';
  }
}

/**
 * A typed number in stored units (ratios as fractions), null for an empty cell, undefined when it
 * is not a number. Grouping marks are dropped: with a '.' decimal mark "1,000" is a thousand.
 */
export function readTarget(text: string, unit: Unit, mark = '.'): number | null | undefined {
  let t = text
    .trim()
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/%$/, '');
  if (t === '') return null;
  t = mark === ',' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return undefined;
  const n = Number(t);
  return unit === 'ratio' ? n / 100 : n;
}
