/**
 * XLSX reading. Not exceljs: its WorkbookReader returns {sharedString} placeholders and raw serials
 * when sheets precede sharedStrings.xml in the ZIP (the order Excel writes), ignores merged cells,
 * drops cached formula errors and trusts local headers over the central directory; readFile inflates
 * every part whole. Instead, after the ZIP pre-flight, the small parts (workbook,
 * relationships, styles) are read first by name through saxes; the shared strings, then the chosen
 * sheet with constant memory, go through a scanner made for their regular XML (xlsx-xml-scan.ts),
 * several times faster than saxes. Cells come out as plain values only: shared and rich text as
 * text, formulas as their cached result, dates as ISO text.
 */
import { SaxesParser } from 'saxes';
import { AppFailure } from '../../shared/result';
import { columnNumber } from '../sheet-columns';
import { MAX_XLSX_BYTES } from './limits';
import { cellsText, type Merge, type RawRow, type RowReader } from './table-shape';
import { localName, partBytes, readDateStyles, readWorkbook, type SheetEntry } from './xlsx-parts';
import { readSharedStrings } from './xlsx-shared-strings';
import { sheetRows, type FormulaCounts, type SheetContext } from './xlsx-sheet';
import { notValidXml } from './xlsx-xml-text';
import { openZip, type Zip } from './zip-preflight';

export interface SheetInfo {
  name: string;
  hidden: boolean;
  hasData: boolean;
}

export interface XlsxTable {
  sheets: SheetInfo[];
  sheet: string;
  date1904: boolean;
  /** Merged ranges of the chosen sheet. */
  merges: Merge[];
  reader: RowReader;
}

export async function openXlsx(path: string, fileName: string, fileSize: number, wanted: string | undefined): Promise<XlsxTable> {
  if (fileSize > MAX_XLSX_BYTES) {
    throw new AppFailure(
      'import_too_large',
      `${fileName} is ${Math.round(fileSize / 1048576)} MB; the largest workbook this app reads is ${MAX_XLSX_BYTES / 1048576} MB: save the data as CSV and import that`,
      { file: fileName },
    );
  }
  const zip = await openZip(path, fileName);
  try {
    const wb = await readWorkbook(zip, fileName);
    const ctx: SheetContext = {
      fileName,
      shared: await readSharedStrings(zip, wb.sharedStringsPart, fileName),
      dateKinds: await readDateStyles(zip, wb.stylesPart, fileName),
      date1904: wb.date1904,
      counts: { formulaErrors: 0 },
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

/** Formulas without a saved result are the source's to say, row by row (source.ts). */
function formulaNotes({ formulaErrors }: FormulaCounts): string[] {
  return formulaErrors > 0
    ? [`${cellsText(formulaErrors)} held an error value such as #DIV/0! or #N/A and ${formulaErrors === 1 ? 'was' : 'were'} read as empty`]
    : [];
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
      throw new AppFailure('unknown_sheet', `${fileName} has no sheet named "${wanted}"; its sheets are ${names}`, {
        file: fileName,
        sheet: wanted,
        sheets: entries.map((s) => s.name),
      });
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

async function hasData(zip: Zip, sheet: SheetEntry, ctx: SheetContext): Promise<boolean> {
  if (sheet.part === undefined) return false;
  for await (const rows of sheetRows(zip, sheet.part, ctx, undefined, () => undefined)) {
    if (rows.length > 0) return true;
  }
  return false;
}

/**
 * `<mergeCells>` follows `<sheetData>`, so merges are only known after the whole sheet: this pass
 * inflates the part and keeps only the text after `</sheetData>` (cell text cannot hold a literal "<"),
 * which saxes reads as a fragment, less the worksheet's end tag. It looks for the end tag in bytes,
 * not decoded text: the tag is ASCII, and decoding 40 MB to find it cost more than inflating it.
 */
async function readMerges(zip: Zip, part: string, fileName: string): Promise<Merge[]> {
  const marker = Buffer.from('sheetData>');
  const tail: Buffer[] = [];
  let found = false;
  let carry = Buffer.alloc(0);
  for await (const chunk of partBytes(zip, part, fileName)) {
    if (found) {
      tail.push(chunk);
      continue;
    }
    const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    for (let at = joined.indexOf(marker); at >= 0; at = joined.indexOf(marker, at + 1)) {
      const before = joined.subarray(Math.max(0, at - 32), at).toString('latin1');
      const tag = /<\/(?:\w+:)?$/.exec(before);
      if (tag !== null) {
        found = true;
        tail.push(joined.subarray(at + marker.length));
        break;
      }
    }
    if (!found) carry = Buffer.from(joined.subarray(Math.max(0, joined.length - 64)));
  }
  const merges: Merge[] = [];
  if (!found) return merges;
  const rest = Buffer.concat(tail).toString('utf8');
  const parser = new SaxesParser({ fragment: true, xmlns: false, position: false } as const);
  parser.on('error', (e) => {
    throw notValidXml(fileName, part, e.message);
  });
  parser.on('opentag', (tag) => {
    if (localName(tag.name) !== 'mergeCell') return;
    const [from, to] = (tag.attributes.ref ?? '').split(':').map(cellAt);
    if (from !== undefined && to !== undefined) merges.push({ top: from.row, left: from.col, bottom: to.row, right: to.col });
  });
  parser.write(rest.slice(0, rest.lastIndexOf('</'))).close();
  return merges;
}

/** Row (1-based) and column (0-based) of a cell reference such as `B7`; undefined for anything else. */
function cellAt(ref: string): { row: number; col: number } | undefined {
  const m = /^([A-Z]{1,3})([0-9]+)$/.exec(ref);
  return m === null ? undefined : { row: Number(m[2]), col: columnNumber(m[1] as string) - 1 };
}
