/**
 * XLSX reading. Not exceljs: its WorkbookReader returns {sharedString} placeholders and raw serials
 * when sheets precede sharedStrings.xml in the ZIP (the order Excel writes), ignores merged cells,
 * drops cached formula errors and trusts local headers over the central directory; readFile inflates
 * every part whole (RELIABILITY.md A6). Instead, after the ZIP pre-flight, the small parts (workbook,
 * relationships, styles, shared strings) are read first by name, then the chosen sheet is streamed
 * through saxes (the XML parser exceljs itself uses) with constant memory. Cells come out as plain
 * values only: shared and rich text as text, formulas as their cached result, dates as ISO text.
 */
import { AppFailure } from '../../shared/result';
import { MAX_COLUMNS, MAX_XLSX_BYTES } from './limits';
import { cancelled, cellsText, type Merge, type RawRow, type RowReader } from './table-shape';
import type { Cell, SheetInfo } from './source';
import { serialToIso, type DateKind } from './xlsx-dates';
import { localName, partChunks, readDateStyles, readSharedStrings, readWorkbook, unescapeOoxml, xmlParser, type SheetEntry } from './xlsx-parts';
import { openZip, type Zip } from './zip-preflight';

export interface XlsxTable {
  sheets: SheetInfo[];
  sheet: string;
  date1904: boolean;
  /** Merged ranges of the chosen sheet. */
  merges: Merge[];
  reader: RowReader;
}

/** Cells that held an error (#DIV/0!) or a formula without a cached value: read as empty. */
interface Counts {
  formulaErrors: number;
  formulasWithoutValue: number;
}

interface Context {
  fileName: string;
  shared: string[];
  dateKinds: DateKind[];
  date1904: boolean;
  counts: Counts;
}

export async function openXlsx(path: string, fileName: string, fileSize: number, wanted: string | undefined): Promise<XlsxTable> {
  if (fileSize > MAX_XLSX_BYTES) {
    throw new AppFailure('import_too_large', `${fileName} is ${Math.round(fileSize / 1048576)} MB; the largest workbook this app reads is ${MAX_XLSX_BYTES / 1048576} MB: save the data as CSV and import that`, { file: fileName });
  }
  const zip = await openZip(path, fileName);
  try {
    const wb = await readWorkbook(zip, fileName);
    const ctx: Context = {
      fileName,
      shared: await readSharedStrings(zip, wb.sharedStringsPart, fileName),
      dateKinds: await readDateStyles(zip, wb.stylesPart, fileName),
      date1904: wb.date1904,
      counts: { formulaErrors: 0, formulasWithoutValue: 0 },
    };
    const sheets: SheetInfo[] = [];
    for (const s of wb.sheets) sheets.push({ name: s.name, hidden: s.hidden, hasData: await hasData(zip, s, ctx) });
    const chosen = pickSheet(wb.sheets, sheets, wanted, fileName);
    const merges = chosen.part === undefined ? [] : await readMerges(zip, chosen.part, fileName);
    let done = 0;
    const total = chosen.part === undefined ? 0 : (zip.entries.get(chosen.part)?.uncompressedSize ?? 0);
    const reader: RowReader = {
      progress: () => ({ done, total }),
      notes: () => formulaNotes(ctx.counts),
      async *rows(signal?: AbortSignal): AsyncGenerator<RawRow[]> {
        if (chosen.part === undefined) return;
        done = 0;
        ctx.counts.formulaErrors = 0;
        ctx.counts.formulasWithoutValue = 0;
        const again = await openZip(path, fileName);
        try {
          yield* sheetRows(again, chosen.part, ctx, signal, (n) => {
            done += n;
          });
        } finally {
          again.close();
        }
      },
    };
    return { sheets, sheet: chosen.name, date1904: wb.date1904, merges, reader };
  } finally {
    zip.close();
  }
}

function formulaNotes({ formulaErrors, formulasWithoutValue }: Counts): string[] {
  const notes: string[] = [];
  if (formulaErrors > 0) notes.push(`${cellsText(formulaErrors)} held an error value such as #DIV/0! or #N/A and ${formulaErrors === 1 ? 'was' : 'were'} read as empty`);
  if (formulasWithoutValue > 0) {
    notes.push(`${cellsText(formulasWithoutValue)} held a formula with no saved result and ${formulasWithoutValue === 1 ? 'was' : 'were'} read as empty (open the file in Excel and save it to store the results)`);
  }
  return notes;
}

/** The named sheet (exact name, else the only case-insensitive match), or the first visible sheet with data. */
function pickSheet(entries: SheetEntry[], infos: SheetInfo[], wanted: string | undefined, fileName: string): SheetEntry {
  if (wanted !== undefined) {
    let i = entries.findIndex((s) => s.name === wanted);
    if (i < 0) {
      const loose = entries.flatMap((s, j) => (s.name.toLowerCase() === wanted.toLowerCase() ? [j] : []));
      if (loose.length === 1) i = loose[0] as number;
    }
    if (i < 0) {
      const names = entries.map((s) => `"${s.name}"`).join(', ');
      throw new AppFailure('unknown_sheet', `${fileName} has no sheet named "${wanted}"; its sheets are ${names}`, { file: fileName, sheet: wanted, sheets: entries.map((s) => s.name) });
    }
    return entries[i] as SheetEntry;
  }
  let i = infos.findIndex((s) => !s.hidden && s.hasData);
  if (i < 0) i = infos.findIndex((s) => s.hasData);
  if (i < 0) {
    throw new AppFailure('import_no_rows', `${fileName} has no data in any of its sheets`, { file: fileName, sheets: entries.map((s) => s.name) });
  }
  return entries[i] as SheetEntry;
}

async function hasData(zip: Zip, sheet: SheetEntry, ctx: Context): Promise<boolean> {
  if (sheet.part === undefined) return false;
  for await (const rows of sheetRows(zip, sheet.part, ctx, undefined, () => undefined)) {
    if (rows.length > 0) return true;
  }
  return false;
}

/**
 * `<mergeCells>` follows `<sheetData>`, so merges are only known after the whole sheet: this pass
 * inflates the part and keeps only the text after `</sheetData>` (cell text cannot hold a literal "<").
 */
async function readMerges(zip: Zip, part: string, fileName: string): Promise<Merge[]> {
  const end = /<\/(?:\w+:)?sheetData>/;
  let tail = '';
  let found = false;
  for await (const text of partChunks(zip, part, fileName)) {
    if (found) tail += text;
    else {
      const joined = tail + text;
      const at = joined.search(end);
      if (at >= 0) {
        found = true;
        tail = joined.slice(at);
      } else tail = joined.slice(-32);
    }
  }
  const merges: Merge[] = [];
  if (!found) return merges;
  for (const m of tail.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)) {
    merges.push({ top: Number(m[2]), left: columnIndex(m[1] as string), bottom: Number(m[4]), right: columnIndex(m[3] as string) });
  }
  return merges;
}

/** "A" -> 0, "XFD" -> 16383. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

function refColumn(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** Streams a worksheet part; yields the non-blank rows parsed from each inflated chunk. */
async function* sheetRows(zip: Zip, part: string, ctx: Context, signal: AbortSignal | undefined, onBytes: (n: number) => void): AsyncGenerator<RawRow[]> {
  const parser = xmlParser(ctx.fileName, part);
  let out: RawRow[] = [];
  let rowNumber = 0;
  let cells: Cell[] = [];
  let col = -1;
  let type = 'n';
  let style = 0;
  let value = '';
  let hasValue = false;
  let hasFormula = false;
  let capture = false;
  let inInline = false;
  let inPhonetic = false;
  let filled = false;

  parser.on('opentag', (tag) => {
    const name = tag.name.includes(':') ? localName(tag.name) : tag.name;
    switch (name) {
      case 'row': {
        const r = tag.attributes.r;
        rowNumber = r !== undefined ? Number(r) : rowNumber + 1;
        cells = [];
        col = -1;
        filled = false;
        break;
      }
      case 'c': {
        const r = tag.attributes.r;
        col = r !== undefined ? refColumn(r) : col + 1;
        if (col >= MAX_COLUMNS || col < 0) {
          throw new AppFailure('import_too_large', `${ctx.fileName}, row ${rowNumber}: a cell lies beyond column XFD, the last column Excel has`, { file: ctx.fileName, row: rowNumber });
        }
        type = tag.attributes.t ?? 'n';
        const s = tag.attributes.s;
        style = s !== undefined ? Number(s) : 0;
        value = '';
        hasValue = false;
        hasFormula = false;
        break;
      }
      case 'v':
        capture = true;
        hasValue = true;
        break;
      case 'f':
        hasFormula = true;
        break;
      case 'is':
        inInline = true;
        hasValue = true;
        break;
      case 't':
        capture = inInline && !inPhonetic;
        break;
      case 'rPh':
        inPhonetic = true;
        break;
    }
  });
  const onText = (text: string): void => {
    if (capture) value += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = tag.name.includes(':') ? localName(tag.name) : tag.name;
    switch (name) {
      case 'v':
      case 't':
        capture = false;
        break;
      case 'rPh':
        inPhonetic = false;
        break;
      case 'is':
        inInline = false;
        break;
      case 'c': {
        const cell = cellValue(type, value, hasValue, hasFormula, style, ctx);
        if (cell !== null) {
          while (cells.length < col) cells.push(null);
          cells[col] = cell;
          if (typeof cell !== 'string' || cell.trim() !== '') filled = true;
        }
        break;
      }
      case 'row':
        if (filled) out.push({ row: rowNumber, cells });
        break;
    }
  });

  for await (const text of partChunks(zip, part, ctx.fileName, onBytes)) {
    if (signal?.aborted) throw cancelled(ctx.fileName);
    parser.write(text);
    if (out.length > 0) {
      const rows = out;
      out = [];
      yield rows;
    }
  }
  parser.close();
  if (out.length > 0) yield out;
}

function cellValue(type: string, value: string, hasValue: boolean, hasFormula: boolean, style: number, ctx: Context): Cell {
  switch (type) {
    case 's': {
      const s = ctx.shared[Number(value)];
      return s === undefined ? null : s;
    }
    case 'inlineStr':
      return unescapeOoxml(value);
    case 'str':
      if (!hasValue && hasFormula) ctx.counts.formulasWithoutValue++;
      return hasValue ? unescapeOoxml(value) : null;
    case 'b':
      return hasValue ? value === '1' || value === 'true' : null;
    case 'e':
      ctx.counts.formulaErrors++;
      return null;
    case 'd':
      return value === '' ? null : value.replace(/Z$/, '').replace(/\.\d+$/, '').replace(/T00:00:00$/, '');
    default: {
      if (!hasValue || value === '') {
        if (hasFormula) ctx.counts.formulasWithoutValue++;
        return null;
      }
      let n = Number(value);
      if (!Number.isFinite(n)) return value;
      // Excel shows and exports 15 significant digits: 72.947999999999979 is the 72.948 in the cell.
      if (value.length > 15) n = Number(n.toPrecision(15));
      const kind = ctx.dateKinds[style] ?? 0;
      return kind === 0 ? n : serialToIso(n, ctx.date1904, kind);
    }
  }
}
