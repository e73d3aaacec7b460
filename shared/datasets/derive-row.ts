/**
 * What a dataset's derive hook sees of a row being normalised (rows.ts's RowState), and the helpers
 * the hooks share: a field read from the file or given to every row, written or emptied, and a
 * problem with a value reported on its column.
 */
import type { RowProblem } from '../result';
import { type Cell, type Parsed, cellText } from './cell';
import type { ImportPlan, PlannedColumn } from './columns';
import type { DealStatus } from './labels';
import type { PeriodSpan } from './period-cell';
import type { FieldValue } from './read-field';

export interface DeriveRow {
  readonly plan: ImportPlan;
  readonly rowNumber: number;
  get(fieldName: string): FieldValue | undefined;
  set(fieldName: string, value: FieldValue): void;
  has(fieldName: string): boolean;
  delete(fieldName: string): void;
  num(fieldName: string): number | undefined;
  source(fieldName: string): { readonly col: PlannedColumn; readonly cell: Cell } | undefined;
  hasSource(fieldName: string): boolean;
  failed(fieldName: string): boolean;
  add(problem: RowProblem): void;
  problem(col: PlannedColumn, cell: Cell, reason: string): void;
  blank(col: PlannedColumn, cell: Cell): void;
  /** A stage label read as won, lost or open, with the import's value mapping (the same label is read once per import). */
  stage(label: string): Parsed<DealStatus>;
}

/** A cell as a problem quotes it: its text, cut at 200 characters. */
export const shown = (cell: Cell): string => {
  const t = cellText(cell);
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
};

/** A period or month read as its first and last day (`2026-Q1`), rather than a single date. */
export const isSpan = (v: FieldValue | undefined): v is PeriodSpan => typeof v === 'object' && v !== null;

/** A problem with a field's value, on its column (or, for a value given to every row, on the field); the value is dropped. */
export function rowProblem(row: DeriveRow, field: string, value: FieldValue, reason: string): void {
  const from = row.source(field);
  row.delete(field);
  if (from) row.problem(from.col, from.cell, reason);
  else row.problem({ index: -1, header: field, field, type: 'text' }, String(value), reason);
}

/** MRR adds up what customers pay each month: a negative amount is a refund or credit, which belongs in orders. */
export function checkRecurring(row: DeriveRow, field: string): void {
  const v = row.num(field);
  if (v !== undefined && v < 0) rowProblem(row, field, v, 'is negative: recurring revenue cannot be below 0 (a refund or credit belongs in orders)');
}
