/**
 * The only ways the report puts a value in a cell. Text — above all text that came from an import —
 * is always a string cell: exceljs writes a JS string as a shared string, never a formula, and we never
 * hand it the object forms ({formula}, {hyperlink}, {richText}) that it would write verbatim.
 * Formulas come only from the report's own code.
 */
import type { Cell } from 'exceljs';
import type { FieldType } from '../../shared/datasets/catalog';
import { maxCellLength } from '../../shared/datasets/rows';
// eslint-disable-next-line no-control-regex
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text made safe for a cell: no characters XML 1.0 forbids (Excel refuses such a file), at most as long as Excel keeps. */
export function cellText(text: string): string {
  const clean = text.replace(invalidXmlChars, '');
  return clean.length > maxCellLength ? clean.slice(0, maxCellLength) : clean;
}

export function writeText(cell: Cell, text: string): void {
  cell.value = cellText(text);
}

/** A number, or an empty cell for null and for values Excel cannot hold (NaN, Infinity). */
export function writeNumber(cell: Cell, value: number | null | undefined, numFmt?: string): void {
  cell.value = value === null || value === undefined || !Number.isFinite(value) ? null : value;
  if (numFmt !== undefined) cell.numFmt = numFmt;
}

/**
 * A live formula written by the report, with the value the app computed as its cached result, so the
 * workbook shows the app's figure before Excel recalculates and a recalculation can confirm it.
 */
export function writeFormula(cell: Cell, formula: string, result: number | null, numFmt?: string): void {
  cell.value = result === null || !Number.isFinite(result) ? { formula, result: { error: '#DIV/0!' } } : { formula, result };
  if (numFmt !== undefined) cell.numFmt = numFmt;
}

const MS_PER_DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Excel's serial number for a stored date or date-time, or null when the text is not one. Dates
 * before 1900-03-01 are left as text: Excel's serials there are off by its fictitious 1900-02-29.
 */
export function excelSerial(text: string): number | null {
  const m = isoDateTime.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p))) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  if (ms < Date.UTC(1900, 2, 1)) return null;
  return (ms - EXCEL_EPOCH) / MS_PER_DAY;
}

/** A value as the Data sheets hold it: strings stay strings, numbers and dates become numbers. */
export type DataCellValue = string | number | null;

/**
 * The cell value for a stored dataset value of a field type. Anything that is not what its type
 * promises (text in a money column of an old workbook) is kept, as text.
 */
export function dataValue(value: unknown, type: FieldType): DataCellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'money':
    case 'number':
    case 'count':
    case 'score':
    case 'flag': {
      if (typeof value === 'number') return Number.isFinite(value) ? value : null;
      break;
    }
    case 'date':
    case 'datetime': {
      if (typeof value === 'string') {
        const serial = excelSerial(value);
        if (serial !== null) return serial;
      }
      break;
    }
    default:
      break;
  }
  return cellText(typeof value === 'string' ? value : String(value));
}

/** Number formats of the Data sheets, by field type; text-like types keep Excel's General. */
export function dataNumFmt(type: FieldType, moneyFmt: string): string | undefined {
  switch (type) {
    case 'money':
      return moneyFmt;
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm';
    case 'count':
    case 'flag':
      return '0';
    default:
      return undefined;
  }
}
