/**
 * One source row to one canonical row, or to the reasons it cannot be: each problem names the row as
 * the spreadsheet shows it, the source column, the value and a reason a person can act on. Derived
 * fields are computed here (deal status from stage, order amount from quantity x unit price, a spend
 * period's end, a worded satisfaction rating).
 */
import type { RowProblem } from '../result';
import { type DatasetName, dataset as datasetDef, storedFields } from './catalog';
import { type Cell, cellText, isMissing } from './cell';
import type { ImportPlan, PlannedColumn } from './columns';
import { currencyCodes } from './numbers';
import { type DealStatus, parseStage, satisfactionLabel } from './labels';
import type { PeriodSpan } from './period-cell';
import { type FieldValue, readField } from './read-field';

export type RowValues = Record<string, string | number | null>;
export type NormalisedRow = { readonly ok: true; readonly values: RowValues } | { readonly ok: false; readonly problems: RowProblem[] };

/** Excel's limit for one cell; longer text cannot round-trip through the report. */
export const maxCellLength = 32767;

const shown = (cell: Cell): string => {
  const t = cellText(cell);
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
};

const isSpan = (v: FieldValue | undefined): v is PeriodSpan => typeof v === 'object' && v !== null;

/** The scale a survey score of this kind must lie on. */
export function surveyScale(kind: string, plan: ImportPlan): { min: number; max: number; name: string } {
  if (kind === 'nps') return { min: 0, max: 10, name: 'NPS' };
  if (kind === 'ces') return { min: 1, max: 7, name: 'CES' };
  return { min: plan.settings.csatScaleMin ?? 1, max: plan.settings.csatScaleMax ?? 5, name: 'CSAT' };
}

interface Sourced {
  readonly col: PlannedColumn;
  readonly cell: Cell;
}

interface RequiredCheck {
  readonly name: string;
  readonly label: string;
  readonly alternatives: readonly (readonly string[])[];
  readonly reason: string;
}

/** What every row of a plan shares, computed once per plan (the import calls normaliseRow per row). */
interface Prepared {
  readonly stored: readonly string[];
  readonly required: readonly RequiredCheck[];
}

const preparedPlans = new WeakMap<ImportPlan, Prepared>();

function prepare(plan: ImportPlan): Prepared {
  const known = preparedPlans.get(plan);
  if (known) return known;
  const def = datasetDef(plan.dataset);
  const label = (n: string): string => def.fields.find((x) => x.name === n)?.label ?? n;
  const required = def.fields
    .filter((f) => f.required)
    .map((f) => {
      const alternatives = def.requiredAlternatives?.[f.name] ?? [];
      const altText = alternatives.map((alt) => alt.map(label).join(' x ')).join(' or ');
      return { name: f.name, label: f.label, alternatives, reason: `is required (${f.label}${altText ? `, or ${altText}` : ''})` };
    });
  const made = { stored: storedFields(plan.dataset).map((f) => f.name), required };
  preparedPlans.set(plan, made);
  return made;
}

/** One row being normalised: what was read, from which column, and what went wrong. */
class RowState {
  readonly problems: RowProblem[] = [];
  readonly read = new Map<string, FieldValue>();
  readonly source = new Map<string, Sourced>();
  readonly failed = new Set<string>();
  constructor(
    readonly plan: ImportPlan,
    readonly rowNumber: number,
  ) {}

  problem(col: PlannedColumn, cell: Cell, reason: string): void {
    this.problems.push({ row: this.rowNumber, column: col.header, value: shown(cell), reason });
    this.failed.add(col.field);
  }

  num(fieldName: string): number | undefined {
    const v = this.read.get(fieldName);
    return typeof v === 'number' ? v : undefined;
  }
}

/** Normalises one data row; rowNumber is the row as the spreadsheet shows it (header row 1 -> first data row 2). */
export function normaliseRow(plan: ImportPlan, cells: readonly Cell[], rowNumber: number): NormalisedRow {
  const name: DatasetName = plan.dataset;
  const prepared = prepare(plan);
  const row = new RowState(plan, rowNumber);
  const { read, source } = row;

  for (const col of plan.columns) {
    const cell = cells[col.index] ?? null;
    source.set(col.field, { col, cell });
    if (typeof cell === 'string' && cell.length > maxCellLength) {
      row.problem(col, cell, 'is longer than 32,767 characters');
      continue;
    }
    if (isMissing(cell)) continue;
    if (name === 'tickets' && col.field === 'satisfaction' && typeof cell === 'string') {
      const label = satisfactionLabel(cell);
      if (label === 'not_rated') continue;
      if (label) {
        read.set('satisfaction_good', label === 'good' ? 1 : 0);
        continue;
      }
    }
    const decisions = { order: col.dateOrder?.order ?? 'ymd', decimal: col.decimal?.decimal ?? '.' } as const;
    const r = readField(name, col.field, col.type, cell, decisions, plan.settings);
    if (r.ok) read.set(col.field, r.value);
    else row.problem(col, cell, r.reason);
  }
  for (const [fieldName, value] of plan.constants) read.set(fieldName, value);

  const currencySource = source.get('currency');
  const currency = read.get('currency');
  if (currencySource && typeof currency === 'string') {
    const codes = currencyCodes(currency);
    const want = plan.settings.currency.toUpperCase();
    if (!codes) row.problem(currencySource.col, currencySource.cell, 'is not a currency code');
    else if (!codes.includes(want)) row.problem(currencySource.col, currencySource.cell, `is in ${codes[0]}; this workbook is in ${want}`);
  }

  derive(name, row);

  for (const req of prepared.required) {
    if (read.has(req.name) || row.failed.has(req.name)) continue;
    if (req.alternatives.some((alt) => alt.some((a) => row.failed.has(a)))) continue;
    const found = source.get(req.name) ?? req.alternatives.flat().map((a) => source.get(a)).find((c) => c && !read.has(c.col.field));
    row.problems.push({ row: rowNumber, column: found?.col.header ?? req.label, value: found ? shown(found.cell) : '', reason: req.reason });
  }
  if (row.problems.length > 0) return { ok: false, problems: row.problems };

  const values: RowValues = {};
  for (const f of prepared.stored) {
    const v = read.get(f);
    values[f] = v === undefined ? null : isSpan(v) ? v.id : v;
  }
  return { ok: true, values };
}

function derive(name: DatasetName, row: RowState): void {
  const { read, source, plan } = row;
  if (name === 'deals') {
    const stage = read.get('stage');
    const statusSource = source.get('status');
    if (stage === undefined && read.has('status')) read.set('stage', statusSource ? cellText(statusSource.cell) : String(read.get('status')));
    if (!read.has('status') && typeof read.get('stage') === 'string') {
      const s = parseStage(read.get('stage') as string, plan.settings.stageMap);
      if (s.ok) read.set('status', s.value);
    }
    const status = read.get('status') as DealStatus | undefined;
    const actual = row.num('amount');
    const estimate = row.num('estimated_amount');
    const amount = status === 'open' ? (estimate ?? actual) : status === 'won' ? (actual ?? estimate) : actual;
    if (amount === undefined) read.delete('amount');
    else read.set('amount', amount);
  }
  if (name === 'orders') {
    const q = row.num('quantity');
    const p = row.num('unit_price');
    // Rounded to a millionth so 6 x 2.95 is 17.7, not 17.700000000000003.
    if (!read.has('amount') && q !== undefined && p !== undefined) read.set('amount', Math.round(q * p * 1e6) / 1e6);
    const id = read.get('order_id');
    // UCI Online Retail marks a cancellation with a 'C' before the invoice number (C536379).
    if (!read.has('cancelled') && !source.has('cancelled') && typeof id === 'string' && /^C\d+$/.test(id)) read.set('cancelled', 1);
  }
  if (name === 'tickets') {
    const sat = row.num('satisfaction');
    const from = source.get('satisfaction');
    if (sat !== undefined) {
      const scale = surveyScale('csat', plan);
      if (sat < scale.min || sat > scale.max) {
        read.delete('satisfaction');
        if (from) row.problem(from.col, from.cell, `is outside the ${scale.min}-${scale.max} CSAT scale`);
      }
    }
  }
  if (name === 'surveys') {
    const kind = read.get('kind');
    const score = row.num('score');
    if (typeof kind === 'string' && score !== undefined) {
      const scale = surveyScale(kind, plan);
      if (score < scale.min || score > scale.max) {
        const from = source.get('score');
        const reason = `is outside the ${scale.min}-${scale.max} ${scale.name} scale`;
        read.delete('score');
        if (from) row.problem(from.col, from.cell, reason);
        else row.problem({ index: -1, header: 'score', field: 'score', type: 'score' }, score, reason);
      }
    }
  }
  if (name === 'spend') {
    const span = read.get('spent_at');
    if (isSpan(span)) {
      read.set('spent_at', span.start);
      read.set('spent_until', span.end);
    }
  }
  if (name === 'quotas') {
    const span = read.get('period');
    if (isSpan(span)) read.set('period_end', span.end);
  }
}
