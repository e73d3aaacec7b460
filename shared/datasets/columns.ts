/**
 * The reading plan of an import: for every mapped column its field, type and the per-column decisions
 * (day/month order, decimal separator) taken once from the sampled values and shown to the user;
 * the `--set` constants checked and normalised; and a plain-words type for every source column.
 */
import { type DatasetName, type DurationUnit, type FieldType, dataset as datasetDef } from './catalog';
import { type Cell, isMissing } from './cell';
import { type DateOrderDecision, detectDateOrder, isSerialText, parseDate, parseDateTime } from './dates';
import { missingFieldsError, missingRequiredFields } from './detect';
import { businessHourNotes, durationOf } from './durations';
import { parseFlag } from './labels';
import { type DecimalDecision, detectDecimalSeparator, parseMoney, parseNumber, parsePercent } from './numbers';
import { type FieldValue, type ImportSettings, readField } from './read-field';

export type { ImportSettings } from './read-field';

export interface PlannedColumn {
  readonly index: number;
  /** The source header, as the file writes it (row problems name it). */
  readonly header: string;
  readonly field: string;
  /** How the column's cells are read: the field's type, or `number` for a duration. */
  readonly type: FieldType;
  /** A duration standing for the field's timestamp: the base field's time plus this many units. */
  readonly duration?: { readonly base: string; readonly unit: DurationUnit };
  /** For date, datetime and period fields. */
  readonly dateOrder?: DateOrderDecision;
  /** For money, number, count and score fields. */
  readonly decimal?: DecimalDecision;
}

export interface ImportPlan {
  readonly dataset: DatasetName;
  readonly columns: readonly PlannedColumn[];
  /** Field -> normalised value given to every row (`--set`). */
  readonly constants: ReadonlyMap<string, FieldValue>;
  readonly settings: ImportSettings;
  /**
   * Sentences for the user: every ambiguous day/month or decimal decision, a column read by its
   * separators, Excel date numbers read as dates, a business-hour duration left out.
   */
  readonly notes: readonly string[];
}

export type Planned = { readonly ok: true; readonly plan: ImportPlan } | { readonly ok: false; readonly error: string };

const dateTypes = new Set<FieldType>(['date', 'datetime', 'period']);
export const numberTypes: ReadonlySet<FieldType> = new Set<FieldType>(['money', 'number', 'count', 'score']);

function column(samples: readonly (readonly Cell[])[], index: number): Cell[] {
  return samples.map((row) => row[index] ?? null).filter((c) => !isMissing(c));
}

/**
 * Plans the reading of a mapped file: samples are the rows read so far (all of them is best: the
 * day/month decision needs a day above 12). Fails when a required field has no column and no constant,
 * or a constant cannot be read as its field.
 */
export function planColumns(
  name: DatasetName,
  headers: readonly string[],
  mapping: ReadonlyMap<number, string>,
  samples: readonly (readonly Cell[])[],
  settings: ImportSettings,
  constants: ReadonlyMap<string, string> = new Map(),
): Planned {
  const def = datasetDef(name);
  const columns: PlannedColumn[] = [];
  const notes: string[] = [];
  for (const [index, fieldName] of [...mapping].sort((a, b) => a[0] - b[0])) {
    const f = def.fields.find((x) => x.name === fieldName);
    if (!f) return { ok: false, error: `"${fieldName}" is not a field of ${name}` };
    if (f.derived) return { ok: false, error: `${f.label} is computed at import and cannot be mapped from a column` };
    const header = headers[index] ?? `column ${index + 1}`;
    const values = column(samples, index);
    const duration = durationOf(name, header, fieldName);
    let planned: PlannedColumn = duration
      ? { index, header, field: fieldName, type: 'number', duration: { base: duration.base, unit: duration.unit } }
      : { index, header, field: fieldName, type: f.type };
    if (dateTypes.has(planned.type)) {
      const dateOrder = detectDateOrder(values, settings.dateOrderFallback ?? 'mdy');
      planned = { ...planned, dateOrder };
      if (dateOrder.ambiguous || dateOrder.dotsDayFirst) notes.push(`"${header}": ${dateOrder.evidence}`);
      const serial = values.find(isSerialText);
      if (serial !== undefined) notes.push(serialNote(header, String(serial).trim(), planned.type));
    }
    if (numberTypes.has(planned.type)) {
      const decimal = detectDecimalSeparator(values, settings.delimiter);
      planned = { ...planned, decimal };
      if (decimal.ambiguous) notes.push(`"${header}": ${decimal.evidence}`);
    }
    columns.push(planned);
  }
  const normalised = new Map<string, FieldValue>();
  for (const [fieldName, text] of constants) {
    const f = def.fields.find((x) => x.name === fieldName);
    if (!f) return { ok: false, error: `"${fieldName}" is not a field of ${name}` };
    const read = readField(name, fieldName, f.type, text, { order: settings.dateOrderFallback ?? 'mdy', decimal: '.' }, settings);
    if (!read.ok) return { ok: false, error: `the value given to every row's ${f.label}, "${text}", ${read.reason}` };
    normalised.set(fieldName, read.value);
  }
  const covered = new Set([...mapping.values(), ...constants.keys()]);
  // A deal's stage may come from its status column; that is the catalogue's alternative already.
  const missing = missingRequiredFields(name, covered);
  if (missing.length > 0) {
    return { ok: false, error: missingFieldsError(name, missing) };
  }
  notes.push(...businessHourNotes(name, headers, covered));
  return { ok: true, plan: { dataset: name, columns, constants: normalised, settings, notes } };
}

/** Says how an Excel date number in a text column is read, with one of them worked out. */
function serialNote(header: string, serial: string, type: FieldType): string {
  const read = type === 'datetime' ? parseDateTime(serial) : parseDate(serial);
  const shown = read.ok ? read.value.replace('T', ' ') : read.reason;
  return `"${header}": numbers such as ${serial} are Excel dates, read in Excel's 1900 date system (${serial} is ${shown})`;
}

/**
 * A plain-words type for a source column, for the wizard's mapping table: 'empty', 'date (day-first)',
 * 'date (month-first)', 'date (dotted day-first, others month-first)', 'date', 'date-time', 'yes/no', 'whole number', 'number', 'money', 'percent' or 'text'.
 */
export function inferColumnType(samples: readonly Cell[], delimiter?: string): string {
  const values = samples.filter((c) => !isMissing(c));
  if (values.length === 0) return 'empty';
  const all = (test: (c: Cell) => boolean): boolean => values.every(test);
  const texts = values.filter((c): c is string => typeof c === 'string');
  const order = detectDateOrder(values);
  const dots = { dotsDayFirst: order.dotsDayFirst === true };
  // Five-digit numbers alone are amounts or counts as often as Excel dates: only a date field reads them as dates.
  const looksDated = texts.length === values.length && !all(isSerialText) && all((c) => parseDate(c, order.order, dots).ok);
  if (looksDated) {
    if (texts.some((t) => /\d:\d\d/.test(t)) && all((c) => parseDateTime(c, order.order, dots).ok)) return 'date-time';
    const name = order.order === 'dmy' ? 'day-first' : order.order === 'mdy' ? 'month-first' : '';
    if (order.dotsDayFirst) return `date (dotted day-first, others ${name})`;
    return name ? `date (${name})` : 'date';
  }
  if (texts.length > 0 && texts.some((t) => /[a-z]/i.test(t)) && all((c) => parseFlag(c).ok)) return 'yes/no';
  const decimal = detectDecimalSeparator(values, delimiter).decimal;
  if (all((c) => parseNumber(c, decimal).ok)) {
    return all((c) => {
      const n = parseNumber(c, decimal);
      return n.ok && Number.isInteger(n.value);
    })
      ? 'whole number'
      : 'number';
  }
  if (all((c) => parseMoney(c, { decimal }).ok)) return 'money';
  if (texts.length > 0 && texts.every((t) => t.trim().endsWith('%')) && all((c) => parsePercent(c, decimal).ok)) return 'percent';
  return 'text';
}
