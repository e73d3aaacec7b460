/**
 * One source row to one canonical row, or to the reasons it cannot be: each problem names the row as
 * the spreadsheet shows it, the source column, the value and a reason a person can act on. Fields
 * worked out from others are the dataset's own derive hook (catalog.ts), run here once a row is read.
 */
import type { RowProblem } from '../result';
import { dataset as datasetDef, storedFields } from './catalog';
import { type Cell, type Parsed, cellText, isMissing } from './cell';
import { type ImportPlan, type PlannedColumn, numberTypes } from './columns';
import { currencyCodes, otherCurrency } from './numbers';
import { type DealStatus, parseStage, satisfactionLabel } from './labels';
import { type FieldValue, fieldReader } from './read-field';
import { type DeriveRow, isSpan, shown } from './derive-row';
import type { ValueTally } from './value-map';
import { unitSeconds } from './durations';
import { addSeconds } from './dates';

export type RowValues = Record<string, string | number | null>;
export type NormalisedRow = { readonly ok: true; readonly values: RowValues } | { readonly ok: false; readonly problems: RowProblem[] };

/** Excel's limit for one cell; longer text cannot round-trip through the report. */
export const maxCellLength = 32767;

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

interface ColumnRead {
  readonly col: PlannedColumn;
  readonly slot: number;
  /** Text is stored as written (trimmed): read without the Parsed wrapper a million cells would allocate. */
  readonly text: boolean;
  readonly read: (cell: Cell) => Parsed<FieldValue>;
  /** A tickets satisfaction column, which may hold words ('Good', 'Not rated') instead of a score. */
  readonly worded: boolean;
  /** A number, money, count or score column, where 'NaN' is read (and refused) rather than taken as empty. */
  readonly numeric: boolean;
  /**
   * A value it cannot read is left empty (and counted) instead of rejecting the row: an optional field
   * that is no measure. A measure left empty would be a won deal without its amount, and a required
   * field (or one standing in for it, a deal's status for its stage) is what the row is for.
   */
  readonly lenient: boolean;
}

/** A duration column read into its field's timestamp (slot), from the base field's (base) plus value x seconds. */
interface DurationRead {
  readonly field: string;
  readonly slot: number;
  readonly base: number;
  readonly seconds: number;
}

/**
 * 'NaN' is a missing value in text (pandas writes it for any empty cell), but in a number field it is
 * what a calculation gone wrong leaves (0/0): taking it as empty would hide the error.
 */
const isNaNWord = (cell: Cell): boolean => typeof cell === 'string' && cell.trim().toLowerCase() === 'nan';

/**
 * What every row of a plan shares, computed once per plan (the import calls normaliseRow per row):
 * each field's slot in the per-row arrays, each column's reader, the stored fields and required checks.
 */
interface Prepared {
  readonly slots: ReadonlyMap<string, number>;
  readonly columns: readonly ColumnRead[];
  readonly constants: readonly (readonly [number, FieldValue])[];
  /** The stored fields, in storedFields order, and their slots. */
  readonly storedNames: readonly string[];
  readonly storedSlots: readonly number[];
  readonly required: readonly RequiredCheck[];
  readonly derive: ((row: DeriveRow) => void) | undefined;
  readonly durations: readonly DurationRead[];
  /** One row's working state, reused row after row (normaliseRow runs to completion, never interleaved). */
  readonly row: RowState;
}

const preparedPlans = new WeakMap<ImportPlan, Prepared>();

function prepare(plan: ImportPlan): Prepared {
  const known = preparedPlans.get(plan);
  if (known) return known;
  const def = datasetDef(plan.dataset);
  const slots = new Map<string, number>();
  const slot = (n: string): number => {
    let i = slots.get(n);
    if (i === undefined) slots.set(n, (i = slots.size));
    return i;
  };
  for (const f of def.fields) slot(f.name);
  const label = (n: string): string => def.fields.find((x) => x.name === n)?.label ?? n;
  const required = def.fields
    .filter((f) => f.required)
    .map((f) => {
      const alternatives = def.requiredAlternatives?.[f.name] ?? [];
      const altText = alternatives.map((alt) => alt.map(label).join(' x ')).join(' or ');
      return { name: f.name, label: f.label, alternatives, reason: `is required (${f.label}${altText ? `, or ${altText}` : ''})` };
    });
  const strict = new Set(required.flatMap((r) => [r.name, ...r.alternatives.flat()]));
  const columns = plan.columns.map((col) => ({
    col,
    slot: slot(col.field),
    text: col.type === 'text' || col.type === 'id',
    read: fieldReader(
      plan.dataset,
      col.field,
      col.type,
      { order: col.dateOrder?.order ?? 'ymd', decimal: col.decimal?.decimal ?? '.', dotsDayFirst: col.dateOrder?.dotsDayFirst === true },
      plan.settings,
    ),
    worded: plan.dataset === 'tickets' && col.field === 'satisfaction',
    numeric: numberTypes.has(col.type),
    lenient: !numberTypes.has(col.type) && !strict.has(col.field),
  }));
  const durations = plan.columns.flatMap((col) =>
    col.duration ? [{ field: col.field, slot: slot(col.field), base: slot(col.duration.base), seconds: unitSeconds[col.duration.unit] }] : [],
  );
  const constants = [...plan.constants].map(([f, v]) => [slot(f), v] as const);
  const storedNames = storedFields(plan.dataset).map((f) => f.name);
  const storedSlots = storedNames.map(slot);
  const stages = new Map<string, Parsed<DealStatus>>();
  const stage = (text: string): Parsed<DealStatus> => {
    let r = stages.get(text);
    if (r === undefined) {
      r = parseStage(text, plan.settings.labels?.get('status'));
      if (stages.size < 1_000) stages.set(text, r);
    }
    return r;
  };
  const made: Prepared = {
    slots,
    columns,
    constants,
    storedNames,
    storedSlots,
    required,
    derive: def.derive,
    durations,
    row: new RowState(plan, slots, stage),
  };
  preparedPlans.set(plan, made);
  return made;
}

/**
 * One row being normalised: what was read, from which column, and what went wrong. Values live in
 * arrays indexed by the plan's field slots, so a row allocates a few arrays and no maps.
 */
class RowState implements DeriveRow {
  problems: RowProblem[] | undefined;
  rowNumber = 0;
  private readonly values: (FieldValue | undefined)[];
  private readonly cols: (PlannedColumn | undefined)[];
  private readonly cells: Cell[];
  private readonly failures: boolean[];
  private anyFailed = false;
  /** Values of lenient columns this row could not read, counted only if the row is kept. */
  private blanks: { col: PlannedColumn; cell: Cell }[] | undefined;
  constructor(
    readonly plan: ImportPlan,
    private readonly slots: ReadonlyMap<string, number>,
    readonly stage: (label: string) => Parsed<DealStatus>,
  ) {
    const n = slots.size;
    this.values = new Array<FieldValue | undefined>(n).fill(undefined);
    this.cols = new Array<PlannedColumn | undefined>(n).fill(undefined);
    this.cells = new Array<Cell>(n).fill(null);
    this.failures = new Array<boolean>(n).fill(false);
  }

  /** Ready for the next row: nothing read, nothing failed. */
  start(rowNumber: number): void {
    this.rowNumber = rowNumber;
    this.problems = undefined;
    this.blanks = undefined;
    // The columns' sources need no reset: every row sets the same slots' sources again.
    this.values.fill(undefined);
    if (this.anyFailed) this.failures.fill(false);
    this.anyFailed = false;
  }

  blank(col: PlannedColumn, cell: Cell): void {
    (this.blanks ??= []).push({ col, cell });
  }

  countBlanks(tally: ValueTally): void {
    for (const b of this.blanks ?? []) tally.leaveEmpty(b.col, this.rowNumber, b.cell);
  }

  /** -1 for a field the dataset does not have: reading it finds nothing (an index of -1 holds nothing). */
  private slot(fieldName: string): number {
    return this.slots.get(fieldName) ?? -1;
  }

  private slotToWrite(fieldName: string): number {
    const i = this.slots.get(fieldName);
    if (i === undefined) throw new Error(`normaliseRow: ${fieldName} is not a field of ${this.plan.dataset}`);
    return i;
  }

  add(problem: RowProblem): void {
    (this.problems ??= []).push(problem);
  }

  problem(col: PlannedColumn, cell: Cell, reason: string): void {
    this.add({ row: this.rowNumber, column: col.header, value: shown(cell), reason });
    const i = this.slots.get(col.field);
    if (i !== undefined) {
      this.failures[i] = true;
      this.anyFailed = true;
    }
  }

  failed(fieldName: string): boolean {
    return this.failures[this.slot(fieldName)] === true;
  }

  setSource(slot: number, col: PlannedColumn, cell: Cell): void {
    this.cols[slot] = col;
    this.cells[slot] = cell;
  }

  setAt(slot: number, value: FieldValue): void {
    this.values[slot] = value;
  }

  at(slot: number): FieldValue | undefined {
    return this.values[slot];
  }

  get(fieldName: string): FieldValue | undefined {
    return this.values[this.slot(fieldName)];
  }

  set(fieldName: string, value: FieldValue): void {
    this.values[this.slotToWrite(fieldName)] = value;
  }

  has(fieldName: string): boolean {
    return this.values[this.slot(fieldName)] !== undefined;
  }

  delete(fieldName: string): void {
    this.values[this.slotToWrite(fieldName)] = undefined;
  }

  source(fieldName: string): Sourced | undefined {
    const i = this.slot(fieldName);
    const col = this.cols[i];
    return col === undefined ? undefined : { col, cell: this.cells[i]! };
  }

  hasSource(fieldName: string): boolean {
    return this.cols[this.slot(fieldName)] !== undefined;
  }

  num(fieldName: string): number | undefined {
    const v = this.get(fieldName);
    return typeof v === 'number' ? v : undefined;
  }
}

/** Normalises one data row; rowNumber is the row as the spreadsheet shows it (header row 1 -> first data row 2). */
export function normaliseRow(plan: ImportPlan, cells: readonly Cell[], rowNumber: number, tally?: ValueTally): NormalisedRow {
  const prepared = prepare(plan);
  const row = readRow(plan, prepared, cells, rowNumber);
  if (row.problems) return { ok: false, problems: row.problems };
  if (tally) row.countBlanks(tally);
  const values: RowValues = {};
  const { storedNames, storedSlots } = prepared;
  for (let i = 0; i < storedNames.length; i++) values[storedNames[i]!] = storedValue(row.at(storedSlots[i]!));
  return { ok: true, values };
}

/**
 * As normaliseRow, for the import's bulk path: a good row's stored values are appended to `out` in
 * the order of storedFields(dataset) and undefined is returned; a bad row appends nothing and
 * returns its problems. No object per row.
 */
export function normaliseRowInto(
  plan: ImportPlan,
  cells: readonly Cell[],
  rowNumber: number,
  out: (string | number | null)[],
  tally?: ValueTally,
): RowProblem[] | undefined {
  const prepared = prepare(plan);
  const row = readRow(plan, prepared, cells, rowNumber);
  if (row.problems) return row.problems;
  if (tally) row.countBlanks(tally);
  const slots = prepared.storedSlots;
  for (let i = 0; i < slots.length; i++) out.push(storedValue(row.at(slots[i]!)));
  return undefined;
}

const storedValue = (v: FieldValue | undefined): string | number | null => (v === undefined ? null : isSpan(v) ? v.id : v);

function readRow(plan: ImportPlan, prepared: Prepared, cells: readonly Cell[], rowNumber: number): RowState {
  const row = prepared.row;
  row.start(rowNumber);

  for (const c of prepared.columns) {
    const { col } = c;
    const cell = cells[col.index] ?? null;
    row.setSource(c.slot, col, cell);
    if (typeof cell === 'string' && cell.length > maxCellLength) {
      row.problem(col, cell, `is longer than ${maxCellLength.toLocaleString('en-US')} characters`);
      continue;
    }
    if (isMissing(cell) && !(c.numeric && isNaNWord(cell))) continue;
    if (c.worded && typeof cell === 'string') {
      const label = satisfactionLabel(cell);
      if (label === 'not_rated') continue;
      if (label) {
        row.set('satisfaction_good', label === 'good' ? 1 : 0);
        continue;
      }
    }
    if (c.text) {
      row.setAt(c.slot, cellText(cell));
      continue;
    }
    const r = c.read(cell);
    if (r.ok) row.setAt(c.slot, r.value);
    else if (c.lenient) row.blank(col, cell);
    else row.problem(col, cell, r.reason);
  }
  for (const [slot, value] of prepared.constants) row.setAt(slot, value);
  for (const d of prepared.durations) timeFromDuration(row, d);

  const currencySource = row.source('currency');
  const currency = row.get('currency');
  if (currencySource && typeof currency === 'string') {
    const codes = currencyCodes(currency);
    const want = plan.settings.currency.toUpperCase();
    if (!codes) row.problem(currencySource.col, currencySource.cell, 'is not a currency code');
    else if (!codes.includes(want))
      row.problem(currencySource.col, currencySource.cell, otherCurrency(codes.length === 1 ? codes[0]! : `"${currency.trim()}"`, want));
  }

  prepared.derive?.(row);

  for (const req of prepared.required) {
    if (row.has(req.name) || row.failed(req.name)) continue;
    if (req.alternatives.some((alt) => alt.some((a) => row.failed(a)))) continue;
    const found =
      row.source(req.name) ??
      req.alternatives
        .flat()
        .map((a) => row.source(a))
        .find((c) => c && !row.has(c.col.field));
    row.add({ row: rowNumber, column: found?.col.header ?? req.label, value: found ? shown(found.cell) : '', reason: req.reason });
  }
  return row;
}

/**
 * A duration column's number becomes its field's timestamp: the base field's time plus the duration.
 * Without a base time (itself missing or unreadable, which its own check reports) the field stays empty.
 */
function timeFromDuration(row: RowState, d: DurationRead): void {
  const amount = row.at(d.slot);
  if (typeof amount !== 'number') return;
  const base = row.at(d.base);
  const from = row.source(d.field)!;
  const at = typeof base === 'string' && amount >= 0 ? addSeconds(base, Math.round(amount * d.seconds)) : undefined;
  if (at !== undefined) {
    row.setAt(d.slot, at);
    return;
  }
  row.delete(d.field);
  if (amount < 0) row.problem(from.col, from.cell, 'is negative (a duration cannot be): check the column or leave it out');
  else if (typeof base === 'string') row.problem(from.col, from.cell, 'is too long a duration (past the year 9999)');
}

/**
 * The stored fields an import with this plan gives a value or an empty on every row: its columns, its
 * constants and what is derived from them. A record updated by it keeps its other fields' values.
 */
export function writtenFields(plan: ImportPlan): Set<string> {
  const out = new Set<string>([...plan.columns.map((c) => c.field), ...plan.constants.keys()]);
  const stored = storedFields(plan.dataset);
  for (const f of stored) if (f.writtenFrom?.some((from) => out.has(from))) out.add(f.name);
  const names = new Set(stored.map((f) => f.name));
  return new Set([...out].filter((f) => names.has(f)));
}
