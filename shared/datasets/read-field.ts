/**
 * Reads one cell as one catalogue field, with the column's decisions (date order, decimal separator)
 * and the workbook's settings. Shared by the row normaliser and the check of `--set` constants.
 */
import type { DatasetName, FieldType } from './catalog';
import { type Cell, type Parsed, cellText, good } from './cell';
import { type DateOrder, parseDate, parseDateTime } from './dates';
import { type LabelMap, enumField, parseEnum, parseFlag, parseStage } from './labels';
import { type DecimalSeparator, parseCount, parseMoney, parseNumber, parsePercent, parseScore } from './numbers';
import { type PeriodSpan, parsePeriod } from './period-cell';

export interface ImportSettings {
  /** Workbook currency, ISO code ('USD'). */
  readonly currency: string;
  /** First month of the fiscal year, 1-12 (default 1). */
  readonly fiscalStartMonth?: number;
  /** The CSAT scale (default 1-5): a CSAT answer outside it is refused. */
  readonly csatScaleMin?: number;
  readonly csatScaleMax?: number;
  /** Order assumed for year-last dates when no value in the column settles it (default month-first). */
  readonly dateOrderFallback?: 'mdy' | 'dmy';
  /** The file's delimiter, a hint for the decimal separator (';' suggests decimal comma). */
  readonly delimiter?: string;
  /** An XLSX workbook in Excel's 1904 date system. */
  readonly date1904?: boolean;
  /** The user's reading of labels, per field (a deal's stage labels under `status`), ahead of the built-in spellings. */
  readonly labels?: ReadonlyMap<string, LabelMap>;
}

export interface ColumnDecisions {
  readonly order: DateOrder;
  readonly decimal: DecimalSeparator;
  /** Dotted dates are day-first whatever `order` says (a column mixing `15.03.2024` and `3/15/2024`). */
  readonly dotsDayFirst?: boolean;
}

export type FieldValue = string | number | PeriodSpan;

/** Distinct labels remembered per column: stages, flags and enum values repeat on every row. */
const LABEL_MEMO_LIMIT = 1_000;

/** Reads a label through a bounded memo: Parsed values are immutable, so one answer serves every equal cell. */
function memoised(read: (cell: Cell) => Parsed<FieldValue>): (cell: Cell) => Parsed<FieldValue> {
  const memo = new Map<string, Parsed<FieldValue>>();
  return (cell) => {
    if (typeof cell !== 'string') return read(cell);
    let r = memo.get(cell);
    if (r === undefined) {
      r = read(cell);
      if (memo.size < LABEL_MEMO_LIMIT) memo.set(cell, r);
    }
    return r;
  };
}

/**
 * The reader for one column, built once: the import calls it for every cell (already known not to
 * be missing), so the choice of parser and the options it takes are settled here and not per cell.
 */
export function fieldReader(
  name: DatasetName,
  fieldName: string,
  type: FieldType,
  decisions: ColumnDecisions,
  settings: ImportSettings,
): (cell: Cell) => Parsed<FieldValue> {
  const dates = { date1904: settings.date1904 === true, dotsDayFirst: decisions.dotsDayFirst === true };
  const { order, decimal } = decisions;
  switch (type) {
    case 'id':
    case 'text':
      return (cell) => good(cellText(cell));
    case 'date':
      return (cell) => parseDate(cell, order, dates);
    case 'datetime':
      return (cell) => parseDateTime(cell, order, dates);
    case 'money': {
      const money = { decimal, currency: settings.currency };
      return (cell) => parseMoney(cell, money);
    }
    case 'number':
      // "20%" is a probability as much as 20 or 0.2 is; rows.ts settles which scale the number is on.
      if (name === 'deals' && fieldName === 'probability') return (cell) => parsePercent(cell, decimal);
      return (cell) => parseNumber(cell, decimal);
    case 'count':
      return (cell) => parseCount(cell, decimal);
    case 'score':
      return (cell) => parseScore(cell, decimal);
    case 'flag': {
      const chosen = settings.labels?.get(fieldName);
      return memoised((cell) => parseFlag(cell, chosen));
    }
    case 'period': {
      const period = { ...dates, order, fiscalStartMonth: settings.fiscalStartMonth ?? 1 };
      return (cell) => parsePeriod(cell, period);
    }
    case 'enum': {
      const chosen = settings.labels?.get(fieldName);
      if (name === 'deals' && fieldName === 'status') return memoised((cell) => parseStage(cell, chosen));
      const key = enumField(name, fieldName);
      if (key) return memoised((cell) => parseEnum(cell, key, chosen));
      return (cell) => good(cellText(cell));
    }
  }
}

/** The cell (already known not to be missing) as the field's stored value, or why it cannot be. */
export function readField(
  name: DatasetName,
  fieldName: string,
  type: FieldType,
  cell: Cell,
  decisions: ColumnDecisions,
  settings: ImportSettings,
): Parsed<FieldValue> {
  return fieldReader(name, fieldName, type, decisions, settings)(cell);
}
