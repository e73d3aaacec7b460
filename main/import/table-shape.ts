/**
 * Where the table is inside a sheet or CSV: the header row below any title rows, header names that
 * are unique and never blank, and the totals rows and report footers that are not data. The same
 * rules serve CSV and XLSX.
 */
import { AppFailure } from '../../shared/result';
import { columnLetter } from '../sheet-columns';
import { squash, type Cell } from '../../shared/datasets/cell';

/** A non-blank row as read, numbered as a spreadsheet shows it. */
export interface RawRow {
  row: number;
  cells: Cell[];
  /** Columns of the cells that hold a formula without a saved result (read as empty). */
  unsaved?: number[];
}

/** One pass over a file's non-blank rows, in batches; each call to rows() starts from the top. */
export interface RowReader {
  rows(signal?: AbortSignal): AsyncGenerator<RawRow[]>;
  progress(): { done: number; total: number };
  /** What the last full pass of rows() found worth telling the user (cells read as empty, characters replaced). */
  notes(): string[];
}

export const cellsText = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'cell' : 'cells'}`;

export function cancelled(fileName: string): AppFailure {
  return new AppFailure('cancelled', `The import of ${fileName} was cancelled`, { file: fileName });
}

/** A merged range: rows 1-based as shown, columns 0-based. */
export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** "C2:C4", as Excel names the range. */
export const mergeRef = (m: Merge): string => `${columnLetter(m.left + 1)}${m.top}:${columnLetter(m.right + 1)}${m.bottom}`;

/**
 * Gives each data row inside a merge that runs down over several rows the value of the merge's top
 * cell: Excel keeps it there only, and an owner merged over three deals belongs to all three. Merges
 * that start at the header or above are labels, read by chooseHeader. Rows must come in order.
 */
export class MergeFill {
  private readonly downs: Merge[];
  private next = 0;
  private active: { merge: Merge; value: Cell }[] = [];
  /** The merges that gave a row their value. */
  readonly used = new Set<Merge>();

  constructor(merges: readonly Merge[], headerRow: number) {
    this.downs = merges.filter((m) => m.bottom > m.top && m.top > headerRow).sort((a, b) => a.top - b.top);
  }

  fill(r: RawRow): void {
    if (this.active.length > 0) this.active = this.active.filter((a) => a.merge.bottom >= r.row);
    for (let m = this.downs[this.next]; m !== undefined && m.top <= r.row; m = this.downs[++this.next]) {
      // A merge whose top row was blank (and so never read) has no value to give.
      const value = m.top === r.row ? r.cells[m.left] : undefined;
      if (isFilled(value)) this.active.push({ merge: m, value: value as Cell });
    }
    for (const a of this.active) {
      if (a.merge.top === r.row || isFilled(r.cells[a.merge.left])) continue;
      r.cells[a.merge.left] = a.value;
      this.used.add(a.merge);
    }
  }
}

export interface HeaderChoice {
  headerRow: number;
  headers: string[];
  /** Non-blank rows above the header (title rows), by row number. */
  skipped: number[];
  /** The name given to a blank first column that a report fills from group label rows (see groupColumn). */
  groupedBy?: string;
}

export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  return String(c).replace(/\s+/g, ' ').trim();
}

/** Hot: runs on every data row, so it avoids building the cell's text. */
export function isFilled(c: Cell | undefined): boolean {
  if (c === null || c === undefined) return false;
  if (typeof c !== 'string') return true;
  return c.length > 0 && (c.charCodeAt(0) > 32 || c.trim() !== '');
}

export function filledCount(cells: readonly Cell[], atMost = Infinity): number {
  let n = 0;
  for (const c of cells) if (isFilled(c) && ++n >= atMost) break;
  return n;
}

/** Index past the last non-blank cell. */
function usedWidth(cells: readonly Cell[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cellText(cells[i]) !== '') return i + 1;
  return 0;
}

/**
 * The header is the first row filled in at least two cells and at least half as many as the fullest
 * of the first rows: a title ("Sales report Q3") fills one; a header may have a few blank names. A row with merged cells directly above a row of labels
 * (text only, with a row below that is not all text) holds group labels, and the row below is the header.
 */
export function chooseHeader(rows: readonly RawRow[], merges: readonly Merge[]): HeaderChoice | undefined {
  if (rows.length === 0) return undefined;
  const widest = Math.max(...rows.map((r) => filledCount(r.cells)));
  const enough = Math.max(2, Math.ceil(widest / 2));
  let comments = 0;
  while (comments < rows.length - 1 && isCommentRow((rows[comments] as RawRow).cells)) comments++;
  let at = rows.findIndex((r, i) => i >= comments && filledCount(r.cells) >= enough);
  if (at < 0) at = comments;
  let groupRow: RawRow | undefined;
  const candidate = rows[at] as RawRow;
  const next = rows[at + 1];
  const spans = merges.some((m) => m.top === candidate.row && m.right > m.left);
  if (spans && next !== undefined && next.row === candidate.row + 1) {
    const labels = withMergedValues(next, rows, merges);
    const after = rows[at + 2];
    const onlyText = labels.every((c) => c === null || c === undefined || typeof c === 'string');
    const dataBelow = after !== undefined && after.cells.some((c) => isFilled(c) && typeof c !== 'string');
    if (onlyText && dataBelow && filledCount(labels) > filledCount(candidate.cells)) {
      groupRow = candidate;
      at += 1;
    }
  }
  const header = rows[at] as RawRow;
  const above = rows[at - 1];
  if (groupRow === undefined && above !== undefined && above.row === header.row - 1 && merges.some((m) => m.top === above.row && m.right > m.left)) {
    // Sparse group labels ("Dates" over two columns) fill too few cells to be taken for the header.
    groupRow = above;
  }
  const cells = withMergedValues(header, rows, merges);
  const names: string[] = [];
  for (let c = 0; c < dataWidth(usedWidth(cells), rows.slice(at + 1)); c++) names.push(cellText(cells[c]));
  if (groupRow !== undefined) prefixDuplicatesWithGroup(names, groupRow, rows, merges);
  const below = foldSubHeaders(names, rows, at);
  const groupedBy = groupColumn(names, rows.slice(0, at), rows.slice(at + 1 + below));
  if (groupedBy !== undefined) names[0] = groupedBy;
  return {
    headerRow: (rows[at + below] as RawRow).row,
    headers: uniqueNames(names),
    skipped: rows
      .slice(0, at)
      .filter((r) => r !== groupRow)
      .map((r) => r.row),
    ...(groupedBy !== undefined ? { groupedBy } : {}),
  };
}

/**
 * A comment line above the table (GA4 writes `# Start date: 20240101` and a blank `# `): its first
 * cell starts with '#'. Typeform's header starts with a '#' column too, but names more columns.
 */
function isCommentRow(cells: readonly Cell[]): boolean {
  const first = cells[0];
  return typeof first === 'string' && first.trimStart().startsWith('#') && (first.trim() !== '#' || filledCount(cells, 2) === 1);
}

/** SurveyMonkey's second header row fills these under a question that takes one column. */
const SURVEY_FILLERS = new Set(['response', 'openendedresponse']);

const isTextRow = (r: RawRow): boolean => r.cells.every((c) => !isFilled(c) || typeof c === 'string');

/**
 * Header rows below the header, folded into its names; returns how many there were. SurveyMonkey's
 * (its first column 'Respondent ID') second row names each choice of a question whose text stands
 * once above several columns ("Which tools? - Reports"), blank under the respondent columns;
 * Qualtrics' second row is the question text and its third `{"ImportId":…}` ("How likely…? (Q1)", so
 * that the question, not its code, is read).
 */
function foldSubHeaders(names: string[], rows: readonly RawRow[], at: number): number {
  const header = rows[at] as RawRow;
  const second = rows[at + 1];
  if (second === undefined || second.row !== header.row + 1 || !isTextRow(second)) return 0;
  const third = rows[at + 2];
  const importIds =
    third !== undefined &&
    third.row === second.row + 1 &&
    filledCount(third.cells) > 0 &&
    third.cells.every((c) => !isFilled(c) || (typeof c === 'string' && c.trim().startsWith('{"ImportId"')));
  const choices =
    squash(names[0] ?? '') === 'respondentid' && !isFilled(second.cells[0]) && second.cells.some((c) => typeof c === 'string' && SURVEY_FILLERS.has(squash(c)));
  if (!importIds && !choices) return 0;
  const width = Math.max(names.length, usedWidth(second.cells));
  let question = '';
  for (let c = 0; c < width; c++) {
    const name = names[c] ?? '';
    const sub = cellText(second.cells[c]);
    if (importIds) names[c] = sub === '' || squash(sub) === squash(name) ? name : name === '' ? sub : `${sub} (${name})`;
    else {
      if (name !== '') question = name;
      names[c] = sub === '' || SURVEY_FILLERS.has(squash(sub)) ? question || name : question === '' ? sub : `${question} - ${sub}`;
    }
  }
  return importIds ? 2 : 1;
}

/**
 * The name for a report's blank first column whose values stand in label rows above their groups
 * (QuickBooks' "Transaction List by Vendor": a row of only "Google Ads (3)", then that vendor's
 * transactions with a blank first cell): what the title says the report is by, else "Group".
 */
function groupColumn(names: readonly string[], above: readonly RawRow[], below: readonly RawRow[]): string | undefined {
  if (names[0] !== '') return undefined;
  const grouped = below.some((r, i) => {
    const next = below[i + 1];
    return isGroupLabel(r.cells, names.length) && next !== undefined && !isFilled(next.cells[0]) && filledCount(next.cells, 2) === 2;
  });
  if (!grouped) return undefined;
  for (const r of above) {
    const by = /\bby\s+(\p{L}+)/iu.exec(cellText(r.cells.find(isFilled)));
    if (by) return `${by[1]!.charAt(0).toUpperCase()}${by[1]!.slice(1)}`;
  }
  return 'Group';
}

const isGroupLabel = (cells: readonly Cell[], columns: number): boolean =>
  isLoneCellRow(cells, columns) && isFilled(cells[0]) && footerText(cells) === undefined && !isTotalRow(cells);

/**
 * Fills a grouped report's first column (chooseHeader's `groupedBy`) from its label rows: "Google Ads
 * (3)" gives "Google Ads" to the rows under it. Rows must come in order.
 */
export class GroupLabels {
  private label: string | undefined;
  /** The label rows, which are not data. */
  readonly rows: number[] = [];
  constructor(private readonly columns: number) {}

  /** True for a label row; any other row's blank first cell gets the label above it. */
  take(r: RawRow): boolean {
    if (isGroupLabel(r.cells, this.columns)) {
      this.label = cellText(r.cells[0]).replace(/\s*\(\d+\)$/, '');
      this.rows.push(r.row);
      return true;
    }
    if (this.label !== undefined && !isFilled(r.cells[0]) && !isTotalRow(r.cells)) r.cells[0] = this.label;
    return false;
  }
}

const NUMBER_LIKE = /^[(+-]?[$€£¥]?\s*\d[\d.,\s]*%?\)?$/;

/** A totals row without a label (GA4 leaves its dimension cells blank): the first cell blank, only numbers in the others. */
export function isUnlabelledTotal(cells: readonly Cell[]): boolean {
  if (isFilled(cells[0])) return false;
  let numbers = 0;
  for (const c of cells) {
    if (!isFilled(c)) continue;
    if (typeof c === 'string' ? !NUMBER_LIKE.test(c.trim()) : typeof c !== 'number') return false;
    numbers++;
  }
  return numbers >= 2;
}

/** Columns past the header's count only when most sampled rows fill them (an unnamed column, not a stray cell). */
function dataWidth(headerWidth: number, data: readonly RawRow[]): number {
  const widths = data.map((r) => usedWidth(r.cells)).sort((a, b) => a - b);
  const median = widths[Math.floor(widths.length / 2)] ?? 0;
  return Math.max(headerWidth, median);
}

/** The row's cells with each blank cell inside a merged range given the range's (top-left) value. */
function withMergedValues(row: RawRow, rows: readonly RawRow[], merges: readonly Merge[]): Cell[] {
  const cells = row.cells.slice();
  for (const m of merges) {
    if (row.row < m.top || row.row > m.bottom) continue;
    const owner = rows.find((r) => r.row === m.top);
    const value = owner?.cells[m.left] ?? null;
    for (let c = m.left; c <= m.right; c++) {
      if (cellText(cells[c]) === '') cells[c] = value;
    }
  }
  return cells;
}

/** "Amount" under "2023" and "Amount" under "2024" become "2023 Amount" and "2024 Amount". */
function prefixDuplicatesWithGroup(names: string[], group: RawRow, rows: readonly RawRow[], merges: readonly Merge[]): void {
  const groupCells = withMergedValues(group, rows, merges);
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n.toLowerCase(), (counts.get(n.toLowerCase()) ?? 0) + 1);
  for (let c = 0; c < names.length; c++) {
    const name = names[c] as string;
    const label = cellText(groupCells[c]);
    if (name !== '' && (counts.get(name.toLowerCase()) ?? 0) > 1 && label !== '' && label !== name) {
      names[c] = `${label} ${name}`;
    }
  }
}

/** Blank names become "Column N" (N counting from 1), repeats "Amount (2)", "Amount (3)". */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  names.forEach((raw, i) => {
    const base = raw === '' ? `Column ${i + 1}` : raw;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    seen.add(name.toLowerCase());
    out.push(name);
  });
  return out;
}

const TOTAL = /^(grand\s+|sub-?)?totals?(\s*\(.*\))?\s*:?$/i;
const TOTAL_FOR = /^total\s+for\s/i;
const FOOTER = /^(confidential information|copyright|©|\(c\)|generated by|powered by|(accrual|cash) basis\b)/i;

/** A totals row: its first filled cell is exactly "Total", "Totals:", "Subtotal", "Grand Totals (120 records)", or QuickBooks' "Total for Google Ads". */
export function isTotalRow(cells: readonly Cell[]): boolean {
  const first = cells.find(isFilled);
  return typeof first === 'string' && ((first.length < 40 && TOTAL.test(first.trim())) || TOTAL_FOR.test(first.trim()));
}

/** A row that could belong to a report footer: a single filled cell in a table of several columns. */
export function isLoneCellRow(cells: readonly Cell[], columns: number): boolean {
  return columns > 1 && filledCount(cells, 2) === 1;
}

/** A lone-cell row that marks a report footer (Salesforce ends its exports with these). */
export function footerText(cells: readonly Cell[]): string | undefined {
  const text = cellText(cells.find(isFilled));
  return FOOTER.test(text) ? text : undefined;
}

/** "Row 4", "Rows 2-3", "Rows 2, 5, 9-11" (at most ten runs, then "and N more"). */
export function describeRows(rows: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j + 1 < rows.length && (rows[j + 1] as number) === (rows[j] as number) + 1) j++;
    parts.push(i === j ? `${rows[i]}` : `${rows[i]}-${rows[j]}`);
    i = j + 1;
  }
  const shown = parts.length > 10 ? `${parts.slice(0, 10).join(', ')} and ${parts.length - 10} more` : parts.join(', ');
  return `${rows.length === 1 ? 'Row' : 'Rows'} ${shown}`;
}
