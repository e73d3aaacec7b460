/** The report's look, in one place: fonts, fills, header rows and print set-up shared by every sheet. */
import type { Fill, Font, Row, Worksheet } from 'exceljs';
import { excelNumFmt, type FormatOptions } from '../../shared/format';
import type { Unit } from '../../shared/metrics/types';

export const FONT = 'Calibri';
export const titleFont: Partial<Font> = { name: FONT, size: 16, bold: true, color: { argb: 'FF1F3864' } };
export const subtitleFont: Partial<Font> = { name: FONT, size: 10, color: { argb: 'FF595959' } };
export const headerFont: Partial<Font> = { name: FONT, size: 10, bold: true, color: { argb: 'FFFFFFFF' } };
export const groupFont: Partial<Font> = { name: FONT, size: 11, bold: true, color: { argb: 'FF1F3864' } };
export const noteFont: Partial<Font> = { name: FONT, size: 9, italic: true, color: { argb: 'FF7F7F7F' } };
export const valueFont: Partial<Font> = { name: FONT, size: 11, bold: true };
export const restatedFont: Partial<Font> = { name: FONT, size: 10, bold: true, color: { argb: 'FFC00000' } };

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });
export const headerFill = solid('FF1F3864');
export const groupFill = solid('FFD9E1F2');

/** Conditional-format fills (Excel's "good", "bad" and "neutral" cell styles). */
export const good = { fill: solid('FFC6EFCE'), font: { color: { argb: 'FF006100' } } };
export const bad = { fill: solid('FFFFC7CE'), font: { color: { argb: 'FF9C0006' } } };
export const neutral = { fill: solid('FFFFEB9C'), font: { color: { argb: 'FF9C5700' } } };

export function styleHeaderRow(row: Row, fromCol: number, toCol: number): void {
  row.height = 30;
  for (let c = fromCol; c <= toCol; c++) {
    const cell = row.getCell(c);
    cell.font = headerFont;
    cell.fill = headerFill;
    cell.alignment = { vertical: 'middle', horizontal: c === fromCol ? 'left' : 'center', wrapText: true };
  }
}

/** Green, amber and red for the status column: the words the app shows, read from the cells themselves. */
export function statusColours(ws: Worksheet, range: string, firstCell: string): void {
  ws.addConditionalFormatting({
    ref: range,
    rules: [
      { type: 'expression', priority: 10, formulae: [`${firstCell}="On track"`], style: good },
      { type: 'expression', priority: 11, formulae: [`${firstCell}="At risk"`], style: neutral },
      { type: 'expression', priority: 12, formulae: [`${firstCell}="Off track"`], style: bad },
    ],
  });
}

/** Decimals a change of `unit` shows with (deltaNumFmt): a smaller change reads as zero. */
export const changeDigits = (unit: Unit): number => (unit === 'currency' || unit === 'multiple' ? 2 : 1);

/**
 * Green or red for a change cell, by comparing its sign with the row's "Better when" cell; a change
 * that shows as zero in its format stays uncoloured. One rule pair per cell, since the rounding
 * depends on the row's unit.
 */
export function changeColours(ws: Worksheet, cell: string, betterCell: string, digits: number, priority: number): void {
  const moved = `ROUND(${cell},${digits})<>0`;
  const improved = `(${cell}>0)=(${betterCell}="Higher")`;
  ws.addConditionalFormatting({
    ref: cell,
    rules: [
      { type: 'expression', priority, formulae: [`AND(ISNUMBER(${cell}),${moved},${improved})`], style: good },
      { type: 'expression', priority: priority + 1, formulae: [`AND(ISNUMBER(${cell}),${moved},NOT(${improved}))`], style: bad },
    ],
  });
}

export function styleGroupRow(row: Row, fromCol: number, toCol: number): void {
  for (let c = fromCol; c <= toCol; c++) {
    const cell = row.getCell(c);
    cell.font = groupFont;
    cell.fill = groupFill;
  }
}

export interface PrintOptions {
  /** Rows repeated at the top of every printed page, as `5:5`. */
  readonly titles?: string;
  /** The cells printed (first and last, as `A1` and `J60`); the whole used range when absent. */
  readonly area?: { readonly from: string; readonly to: string };
  readonly orientation?: 'landscape' | 'portrait';
  /** One page tall as well as one page wide. */
  readonly onePage?: boolean;
}

/** Landscape unless told, one page wide and as many long as needed unless `onePage`, titles repeated. */
export function printSetup(ws: Worksheet, opts: PrintOptions = {}): void {
  // Absolute rows and columns: exceljs adds the `$` before each column only.
  const absolute = (cell: string): string => cell.replace(/^([A-Z]+)(\d+)$/, '$1$$$2');
  ws.pageSetup = {
    orientation: opts.orientation ?? 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: opts.onePage ? 1 : 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(opts.titles === undefined ? {} : { printTitlesRow: opts.titles }),
    ...(opts.area === undefined ? {} : { printArea: `${absolute(opts.area.from)}:${absolute(opts.area.to)}` }),
  };
  ws.headerFooter = { oddFooter: '&L&A&RPage &P of &N' };
}

/** Freezes the rows above `firstBodyRow` (and the first `cols` columns). */
export function freeze(ws: Worksheet, firstBodyRow: number, cols = 0): void {
  ws.views = [{ state: 'frozen', xSplit: cols, ySplit: firstBodyRow - 1, showGridLines: false }];
}

export const numFmt = (unit: Unit, o: FormatOptions): string => excelNumFmt(unit, o);

/** A difference in the unit of the KPI, signed; ratios as percentage points, like the app. */
export function deltaNumFmt(unit: Unit, o: FormatOptions): string {
  if (unit === 'ratio') return '+0.0 "pp";-0.0 "pp";0.0 "pp"';
  const f = excelNumFmt(unit, o);
  return `+${f};-${f};${f}`;
}

/** Numerators and denominators: money in the workbook currency, counts without decimals when whole. */
export function partNumFmt(value: number | null, money: boolean, o: FormatOptions): string {
  if (money) return excelNumFmt('currency', o);
  return value !== null && Number.isInteger(value) ? '#,##0' : '#,##0.00';
}

/** Lines `text` takes when wrapped at word boundaries into lines of `perLine` characters. */
export function wrappedLines(text: string, perLine: number): number {
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(' ')) {
      const need = line === 0 ? word.length : line + 1 + word.length;
      if (need <= perLine || line === 0) {
        line = need;
        while (line > perLine) {
          lines++;
          line -= perLine;
        }
      } else {
        lines++;
        line = word.length;
      }
    }
  }
  return lines;
}

/**
 * Row height for wrapped text. Neither exceljs nor LibreOffice's .xlsx import sizes rows to wrapped
 * text, so lines overlap unless the height is set; a line of 10-11 pt Calibri holds about 1.1
 * characters per unit of column width.
 */
export function fitRowHeight(row: Row, cells: readonly (readonly [text: string, width: number])[]): void {
  const lines = Math.max(1, ...cells.map(([text, width]) => wrappedLines(text, Math.max(1, Math.floor(width * 1.1)))));
  if (lines > 1) row.height = 14 * lines + 2;
}
