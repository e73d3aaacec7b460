/**
 * Reads one cell as one catalogue field, with the column's decisions (date order, decimal separator)
 * and the workbook's settings. Shared by the row normaliser and the check of `--set` constants.
 */
import type { DatasetName, FieldType } from './catalog';
import { type Cell, type Parsed, cellText, good } from './cell';
import { type DateOrder, parseDate, parseDateTime } from './dates';
import { type DealStatus, type EnumField, parseEnum, parseFlag, parseStage } from './labels';
import { type DecimalSeparator, parseCount, parseMoney, parseNumber, parseScore } from './numbers';
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
  /** The user's stage value map (label as written -> won/lost/open), ahead of the built-in spellings. */
  readonly stageMap?: ReadonlyMap<string, DealStatus>;
}

export interface ColumnDecisions {
  readonly order: DateOrder;
  readonly decimal: DecimalSeparator;
}

export type FieldValue = string | number | PeriodSpan;

const enumFields = new Set<string>(['surveys.kind', 'spend.category', 'deals.deal_type']);

/** The cell (already known not to be missing) as the field's stored value, or why it cannot be. */
export function readField(
  name: DatasetName,
  fieldName: string,
  type: FieldType,
  cell: Cell,
  decisions: ColumnDecisions,
  settings: ImportSettings,
): Parsed<FieldValue> {
  const dates = { date1904: settings.date1904 === true };
  switch (type) {
    case 'id':
    case 'text':
      return good(cellText(cell));
    case 'date':
      return parseDate(cell, decisions.order, dates);
    case 'datetime':
      return parseDateTime(cell, decisions.order, dates);
    case 'money':
      return parseMoney(cell, { decimal: decisions.decimal, currency: settings.currency });
    case 'number':
      return parseNumber(cell, decisions.decimal);
    case 'count':
      return parseCount(cell, decisions.decimal);
    case 'score':
      return parseScore(cell, decisions.decimal);
    case 'flag':
      return parseFlag(cell);
    case 'period':
      return parsePeriod(cell, { ...dates, order: decisions.order, fiscalStartMonth: settings.fiscalStartMonth ?? 1 });
    case 'enum': {
      if (name === 'deals' && fieldName === 'status') return parseStage(cell, settings.stageMap);
      const key = `${name}.${fieldName}`;
      if (enumFields.has(key)) return parseEnum(cell, key as EnumField);
      return good(cellText(cell));
    }
  }
}
