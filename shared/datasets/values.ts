/**
 * The value normalisers of the import, in one place: cells, dates, periods, numbers and labels.
 * Each parser takes a Cell and returns `{ ok: true, value }` or `{ ok: false, reason }`; none throws,
 * none uses Number()/Date.parse() on raw text, none rolls an impossible date over.
 */
export { type Cell, type Parsed, isMissing, cellText, squash } from './cell';
export { type DateOrder, type DateOptions, type DateOrderDecision, parseDate, parseDateTime, detectDateOrder, isoDate, daysInMonth } from './dates';
export { type PeriodSpan, type PeriodOptions, parsePeriod } from './period-cell';
export {
  type DecimalSeparator,
  type DecimalDecision,
  type MoneyOptions,
  parseNumber,
  parseMoney,
  parseCount,
  parseScore,
  parsePercent,
  detectDecimalSeparator,
  currencyCodes,
} from './numbers';
export { type DealStatus, type EnumField, type SatisfactionLabel, parseFlag, parseStage, parseEnum, satisfactionLabel } from './labels';
