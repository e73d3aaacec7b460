/**
 * One way to read a table from a file, whatever its kind: openSource sniffs what the file really is,
 * finds the header row, and hands out the data rows in batches as plain cells. Value normalising and
 * dataset detection happen later, in the pipeline.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Cell } from '../../shared/datasets/cell';
import { textExtensions } from '../../shared/import-files';
import { AppFailure, type RowProblem } from '../../shared/result';
import { csvReader, detectDelimiter, type Delimiter } from './csv';
import { decoderFor, detectEncoding, type TextEncoding } from './encoding';
import { BATCH_ROWS, ENCODING_SAMPLE_BYTES, HEADER_SCAN_ROWS, MAX_CSV_BYTES, MAX_ROWS, MAX_XLSX_BYTES, SNIFF_BYTES } from './limits';
import { classifyOle2, sniffMagic } from './sniff';
import {
  cellsText,
  chooseHeader,
  describeRows,
  footerText,
  GroupLabels,
  isFilled,
  isLoneCellRow,
  isTotalRow,
  isUnlabelledTotal,
  MergeFill,
  mergeRef,
  type Merge,
  type RawRow,
  type RowReader,
} from './table-shape';
import { openXlsx, type SheetInfo } from './xlsx';
import { columnLetter } from '../sheet-columns';

export interface SourceInfo {
  fileName: string;
  fileSize: number;
  /** The file's last modification, as a local calendar day (YYYY-MM-DD): the export's date unless said otherwise. */
  modified: string;
  /** Hex SHA-256 of the whole file. */
  sha256: string;
  kind: 'csv' | 'xlsx';
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** XLSX: every sheet, and the one read. */
  sheets?: SheetInfo[];
  sheet?: string;
  date1904?: boolean;
  /** 1-based, as a spreadsheet shows it. */
  headerRow: number;
  /** Trimmed; blank -> 'Column N'; repeats made unique ('Amount', 'Amount (2)'). */
  headers: string[];
  /** A report's first column filled from its group label rows ("Google Ads (3)"), and the name it was given. */
  groupedBy?: string;
  /** Things the user should know; a pass of batches() adds its own (ragged rows, totals, footers) as it finishes. */
  warnings: string[];
}

/** `row` is the number a spreadsheet shows for the row; `cells` has exactly headers.length entries. */
export interface SourceRow {
  row: number;
  cells: Cell[];
  /** Why the row cannot be imported as it is, whatever it is mapped to. */
  problem?: RowProblem;
}

export interface Source {
  info: SourceInfo;
  /**
   * Data rows in batches of up to BATCH_ROWS; each call reads the file again from the start. A formula
   * without a saved result in a `strict` column (by index: the plan's required and measure fields) is
   * the row's problem; elsewhere it is read as empty, with a warning.
   */
  batches(signal?: AbortSignal, strict?: ReadonlySet<number>): AsyncIterable<SourceRow[]>;
  /** Bytes consumed so far / total (for XLSX, of the sheet's inflated XML), for progress. */
  progress(): { done: number; total: number };
}

const SPREADSHEET_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.xlsb', '.ods']);

/** `hash: false` (the import worker, whose caller has the hash already) leaves `sha256` empty. */
export async function openSource(path: string, opts: { sheet?: string; hash?: boolean } = {}): Promise<Source> {
  const fileName = basename(path);
  const { size: fileSize, modified } = await statOf(path, fileName);
  if (fileSize === 0) throw new AppFailure('import_no_rows', `${fileName} is empty`, { file: fileName });
  // Hashing streams the whole file beside the rest of the work; a refusal stops it.
  const stopHashing = new AbortController();
  const hashing = opts.hash === false ? Promise.resolve('') : sha256(path, fileName, stopHashing.signal);
  hashing.catch(() => undefined);
  try {
    return await examine(path, fileName, fileSize, modified, opts, hashing);
  } catch (e) {
    stopHashing.abort();
    throw e;
  }
}

async function examine(
  path: string,
  fileName: string,
  fileSize: number,
  modified: string,
  opts: { sheet?: string },
  hashing: Promise<string>,
): Promise<Source> {
  const head = await readHead(path, fileName, Math.min(fileSize, ENCODING_SAMPLE_BYTES));
  const ext = extname(fileName).toLowerCase();
  const magic = sniffMagic(head);
  const warnings: string[] = [];

  if (magic === 'ole2') {
    const kind = await classifyOle2(path, Math.min(fileSize, MAX_XLSX_BYTES));
    if (kind === 'encrypted') {
      throw new AppFailure('import_encrypted', `${fileName} is password-protected: remove the password in Excel and import again`, { file: fileName });
    }
    if (kind === 'xls') {
      throw new AppFailure(
        'import_unreadable',
        `${fileName} is an old Excel 97-2003 workbook (.xls): open it in Excel, save it as .xlsx or CSV, and import that`,
        { file: fileName },
      );
    }
    throw new AppFailure('import_not_a_table', `${fileName} is an Office document but not a workbook this app reads: export the data as .xlsx or CSV`, {
      file: fileName,
    });
  }

  let reader: RowReader;
  let merges: Merge[] = [];
  const base: Pick<SourceInfo, 'kind' | 'encoding' | 'delimiter' | 'sheets' | 'sheet' | 'date1904'> = { kind: 'csv' };
  if (magic === 'zip') {
    if ((textExtensions as readonly string[]).includes(ext.slice(1)))
      warnings.push(`${fileName} is an Excel workbook despite its ${ext} name; it was read as a workbook`);
    const table = await openXlsx(path, fileName, fileSize, opts.sheet);
    reader = table.reader;
    merges = table.merges;
    Object.assign(base, { kind: 'xlsx', sheets: table.sheets, sheet: table.sheet, date1904: table.date1904 });
    const others = table.sheets.filter((s) => s.name !== table.sheet).map((s) => `"${s.name}"`);
    if (opts.sheet === undefined && others.length > 0) {
      warnings.push(`Read sheet "${table.sheet}" (the first visible sheet with data); the workbook also has ${others.join(', ')}`);
    }
  } else {
    if (fileSize > MAX_CSV_BYTES) {
      throw new AppFailure(
        'import_too_large',
        `${fileName} is ${Math.round(fileSize / 1048576).toLocaleString('en-US')} MB; the largest CSV this app reads is ${MAX_CSV_BYTES / 1048576 / 1024} GB`,
        { file: fileName },
      );
    }
    const encoding = detectEncoding(head, head.length === fileSize);
    const spreadsheetName = SPREADSHEET_EXTENSIONS.has(ext);
    if (encoding === 'binary') {
      throw new AppFailure(
        'import_unreadable',
        spreadsheetName
          ? `${fileName} is damaged or not really a spreadsheet (it is neither an Excel workbook nor a text table)`
          : `${fileName} is not a text table (it contains binary data): export the data as CSV or .xlsx and import that`,
        { file: fileName },
      );
    }
    const sample = decoderFor(encoding).decode(head.subarray(0, SNIFF_BYTES), { stream: true });
    const found = detectDelimiter(sample, fileSize <= SNIFF_BYTES);
    if (spreadsheetName) {
      if (found === undefined) {
        throw new AppFailure('import_not_a_table', `${fileName} is not an Excel workbook: it is a plain text file without columns`, { file: fileName });
      }
      warnings.push(`${fileName} is a CSV text file despite its ${ext} name; it was read as CSV`);
    }
    const delimiter = found ?? (ext === '.tsv' || ext === '.tab' ? '\t' : ',');
    reader = csvReader(path, fileName, fileSize, encoding, delimiter);
    Object.assign(base, { encoding, delimiter });
  }

  const peeked = await peek(reader);
  const where = base.sheet !== undefined ? `${fileName}, sheet "${base.sheet}",` : fileName;
  const choice = chooseHeader(peeked, merges);
  if (choice === undefined) throw new AppFailure('import_no_rows', `${where} has no rows`, { file: fileName, sheet: base.sheet });
  if (choice.skipped.length > 0) {
    const one = choice.skipped.length === 1;
    warnings.push(`${describeRows(choice.skipped)} above the header ${one ? 'was' : 'were'} skipped (${one ? 'a title row' : 'title rows'})`);
  }
  const info: SourceInfo = {
    fileName,
    fileSize,
    modified,
    sha256: await hashing,
    ...base,
    headerRow: choice.headerRow,
    headers: choice.headers,
    ...(choice.groupedBy !== undefined ? { groupedBy: choice.groupedBy } : {}),
    warnings,
  };
  const openingWarnings = warnings.length;
  return {
    info,
    batches: (signal, strict) => {
      // A second pass replaces the first pass's warnings instead of repeating them.
      warnings.splice(openingWarnings);
      return dataRows(reader, info, merges, strict ?? NONE, signal);
    },
    progress: () => reader.progress(),
  };
}

async function peek(reader: RowReader): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const batch of reader.rows()) {
    rows.push(...batch.slice(0, HEADER_SCAN_ROWS - rows.length));
    if (rows.length >= HEADER_SCAN_ROWS) break;
  }
  return rows;
}

/** A report footer is a few lone-cell lines at the end; more held rows than this are data. */
const MAX_HELD_ROWS = 200;

async function* dataRows(
  reader: RowReader,
  info: SourceInfo,
  merges: readonly Merge[],
  strict: ReadonlySet<number>,
  signal: AbortSignal | undefined,
): AsyncGenerator<SourceRow[]> {
  const width = info.headers.length;
  const short: number[] = [];
  const long: number[] = [];
  const totals: number[] = [];
  /** References of the cells read as empty for want of a saved formula result. */
  const unsaved: string[] = [];
  const fill = merges.length > 0 ? new MergeFill(merges, info.headerRow) : undefined;
  const groups = info.groupedBy !== undefined ? new GroupLabels(width) : undefined;
  /** A totals row without a label waits to see whether it stands first or last among the data. */
  let unlabelled: RawRow | undefined;
  let held: RawRow[] = [];
  const out: SourceRow[] = [];
  let count = 0;
  const emit = (r: RawRow): void => {
    count++;
    if (count > MAX_ROWS) {
      throw new AppFailure(
        'import_too_large',
        `${info.fileName} has more than ${MAX_ROWS.toLocaleString('en-US')} rows, the most one import takes: split it into smaller files`,
        { file: info.fileName, row: r.row },
      );
    }
    let problem: RowProblem | undefined;
    let cells = r.cells;
    if (cells.length < width) {
      if (info.kind === 'csv') short.push(r.row);
      cells = cells.concat(new Array<Cell>(width - cells.length).fill(null));
    } else if (cells.length > width) {
      if (cells.slice(width).some(isFilled)) {
        // In a sheet a cell right of the table is a stray note; in a CSV the row's values have moved.
        if (info.kind === 'csv') problem = shiftedRow(r, width, info.delimiter ?? ',');
        else long.push(r.row);
      }
      cells = cells.slice(0, width);
    }
    for (let i = 0; i < width; i++) if (cells[i] === undefined) cells[i] = null;
    if (r.unsaved !== undefined) problem ??= unsavedFormula(r, info.headers, strict, unsaved);
    out.push(problem === undefined ? { row: r.row, cells } : { row: r.row, cells, problem });
  };
  const flushHeld = (): void => {
    for (const h of held) emit(h);
    held = [];
  };
  /** A waiting unlabelled totals row is one when it stood first (before labelled rows) or last. */
  const settle = (next: RawRow | undefined): void => {
    if (unlabelled === undefined) return;
    if (count === 0 ? next !== undefined && isFilled(next.cells[0]) : next === undefined) totals.push(unlabelled.row);
    else emit(unlabelled);
    unlabelled = undefined;
  };
  for await (const rows of reader.rows(signal)) {
    for (const r of rows) {
      if (r.row <= info.headerRow) continue;
      fill?.fill(r);
      if (groups?.take(r)) continue;
      if (isTotalRow(r.cells)) totals.push(r.row);
      else if (isLoneCellRow(r.cells, width)) {
        held.push(r);
        if (held.length > MAX_HELD_ROWS) emit(held.shift() as RawRow);
      } else {
        settle(r);
        flushHeld();
        if (isUnlabelledTotal(r.cells)) unlabelled = r;
        else emit(r);
      }
    }
    while (out.length >= BATCH_ROWS) yield out.splice(0, BATCH_ROWS);
  }
  settle(undefined);
  const footerAt = held.findIndex((h) => footerText(h.cells) !== undefined);
  if (footerAt >= 0) {
    // The footer block starts after the last blank line before its first marker.
    let start = footerAt;
    while (start > 0 && (held[start - 1] as RawRow).row === (held[start] as RawRow).row - 1) start--;
    const footer = held.splice(start);
    flushHeld();
    info.warnings.push(
      `${describeRows(footer.map((h) => h.row))} at the end ${footer.length === 1 ? 'was' : 'were'} skipped (a report footer: "${footerText((footer[footerAt - start] as RawRow).cells)}")`,
    );
  } else flushHeld();
  if (out.length > 0) yield out;
  if (totals.length > 0) info.warnings.push(`${describeRows(totals)} ${totals.length === 1 ? 'is a totals row and was' : 'are totals rows and were'} skipped`);
  if (groups !== undefined && groups.rows.length > 0) {
    const one = groups.rows.length === 1;
    info.warnings.push(
      `${describeRows(groups.rows)} ${one ? 'is a group row: its label was' : 'are group rows: their labels were'} given to the rows under ${one ? 'it' : 'them'} as "${info.headers[0]}"`,
    );
  }
  if (short.length > 0) info.warnings.push(`${rowsText(short)} had fewer cells than the header (${describeRows(short)}); the missing cells were read as empty`);
  if (long.length > 0) info.warnings.push(`${rowsText(long)} had more cells than the header (${describeRows(long)}); the extra cells were ignored`);
  if (fill !== undefined && fill.used.size > 0) info.warnings.push(mergeNote(fill.used, info.headers));
  if (unsaved.length > 0) {
    const one = unsaved.length === 1;
    info.warnings.push(
      `${cellsText(unsaved.length)} held a formula with no saved result and ${one ? 'was' : 'were'} read as empty (${listed(unsaved)}): open the file in Excel and save it to store the results, then import it again`,
    );
  }
  info.warnings.push(...reader.notes());
}

const NONE: ReadonlySet<number> = new Set();

/** At most five items, then how many more. */
function listed(items: readonly string[]): string {
  return items.length > 5 ? `${items.slice(0, 5).join(', ')} and ${(items.length - 5).toLocaleString('en-US')} more` : items.join(', ');
}

/**
 * A CSV row with values past the header's last column: most likely a value holding the delimiter
 * without quotes, which moved every value after it, so none of the row can be trusted.
 */
function shiftedRow(r: RawRow, width: number, delimiter: Delimiter): RowProblem {
  let used = r.cells.length;
  while (used > width && !isFilled(r.cells[used - 1])) used--;
  const d = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  return {
    row: r.row,
    column: `Column ${width + 1}`,
    value: r.cells.slice(width, used).join(delimiter),
    reason: `is past the last column: row ${r.row} has ${r.cells.length} fields, the header ${width}, so a value in it probably holds an unquoted ${d}; put that value in quotes (or remove the ${d}) and import again`,
  };
}

/**
 * The row's problem when a formula without a saved result stands in a strict column; otherwise its
 * cells are added to `unsaved` for the warning.
 */
function unsavedFormula(r: RawRow, headers: readonly string[], strict: ReadonlySet<number>, unsaved: string[]): RowProblem | undefined {
  const cols = (r.unsaved as number[]).filter((c) => c < headers.length);
  const at = cols.find((c) => strict.has(c));
  if (at === undefined) {
    for (const c of cols) unsaved.push(`${columnLetter(c + 1)}${r.row}`);
    return undefined;
  }
  return {
    row: r.row,
    column: headers[at] as string,
    value: '',
    reason: `because cell ${columnLetter(at + 1)}${r.row} holds a formula without a saved result: open the file in Excel, save it and import it again`,
  };
}

/** One note for every merge filled down, by column: "Owner" C2:C4, C5:C7. */
function mergeNote(used: ReadonlySet<Merge>, headers: readonly string[]): string {
  const byColumn = new Map<number, Merge[]>();
  for (const m of used) byColumn.set(m.left, [...(byColumn.get(m.left) ?? []), m]);
  const parts = [...byColumn]
    .sort(([a], [b]) => a - b)
    .map(([col, ms]) => `"${headers[col] ?? `Column ${col + 1}`}" ${listed(ms.sort((a, b) => a.top - b.top).map(mergeRef))}`);
  const one = used.size === 1;
  return `${one ? 'A cell' : `${used.size.toLocaleString('en-US')} cells`} merged down over several rows (${parts.join('; ')}): ${one ? 'its value' : 'the value of each'} was read into every row it covers`;
}

const rowsText = (rows: readonly number[]): string => `${rows.length.toLocaleString('en-US')} ${rows.length === 1 ? 'row' : 'rows'}`;

/** The calendar day of a moment on this computer's clock. */
const localDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function statOf(path: string, fileName: string): Promise<{ size: number; modified: string }> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new AppFailure('import_unreadable', `${fileName} is not a file`, { file: fileName });
    return { size: s.size, modified: localDay(s.mtimeMs) };
  } catch (e) {
    throw ioFailure(e, fileName);
  }
}

async function readHead(path: string, fileName: string, bytes: number): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw ioFailure(e, fileName);
  }
}

function sha256(path: string, fileName: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1024 * 1024, signal })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', (e) => reject(ioFailure(e, fileName)))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function ioFailure(e: unknown, fileName: string): AppFailure {
  if (e instanceof AppFailure) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AppFailure('file_not_found', `${fileName} was not found`, { file: fileName });
  if (code === 'EACCES' || code === 'EPERM') return new AppFailure('import_unreadable', `${fileName} cannot be read: permission denied`, { file: fileName });
  if (code === 'EISDIR') return new AppFailure('import_unreadable', `${fileName} is a folder, not a file`, { file: fileName });
  return new AppFailure('import_unreadable', `${fileName} cannot be read (${(e as Error).message})`, { file: fileName });
}
