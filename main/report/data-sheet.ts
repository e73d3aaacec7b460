/**
 * A dataset as an Excel table with filter buttons, capped at the report's row cap with a note saying
 * so. Every value goes through dataValue: imported text stays text, never a formula. exceljs writes
 * the sheet with one styled template row; data-rows.ts puts the rows in the package (it is 20 times
 * faster than exceljs at it).
 */
import type { Workbook } from 'exceljs';
import { columnLetter } from '../sheet-columns';
import { dataNumFmt, dataValue, writeText } from './cells';
import type { DataFill } from './data-rows';
import { excelNumFmt, type FormatOptions } from '../../shared/format';
import { freeze, noteFont, printSetup, styleHeaderRow, titleFont } from './styles';
import type { ReportColumn, ReportDataset } from './types';

const HEADER_ROW = 4;

function width(col: ReportColumn, rows: readonly (readonly unknown[])[], index: number): number {
  switch (col.type) {
    case 'date':
      return Math.max(13, col.label.length + 4);
    case 'datetime':
      return Math.max(17, col.label.length + 4);
    case 'money':
    case 'number':
    case 'count':
    case 'score':
    case 'flag':
      return Math.max(11, col.label.length + 4);
    default: {
      let longest = col.label.length + 4;
      for (let i = 0; i < Math.min(rows.length, 200); i++) {
        const v = rows[i]?.[index];
        if (typeof v === 'string') longest = Math.max(longest, v.length + 1);
      }
      return Math.min(40, Math.max(10, longest));
    }
  }
}

/** A table name Excel accepts (letters, digits, underscores, not a cell reference), unique per workbook. */
export function tableName(dataset: string, index: number): string {
  return `Data_${index + 1}_${dataset.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 250);
}

/** Writes the sheet around its template row and returns the rows to put in its place. */
export function writeDataSheet(wb: Workbook, sheet: string, ds: ReportDataset, index: number, fmt: FormatOptions): DataFill {
  const ws = wb.addWorksheet(sheet, { properties: { tabColor: { argb: 'FF70AD47' } } });
  const shown = ds.rows.length;
  writeText(ws.getCell(1, 1), `${ds.label}`);
  ws.getCell(1, 1).font = titleFont;
  const n = (x: number): string => x.toLocaleString('en-US');
  writeText(
    ws.getCell(2, 1),
    shown < ds.total
      ? `The first ${n(shown)} of ${n(ds.total)} rows: the report holds at most ${n(shown)} rows per dataset. The workbook file holds them all.`
      : `All ${n(ds.total)} rows, as imported.`,
  );
  ws.getCell(2, 1).font = noteFont;
  writeText(
    ws.getCell(3, 1),
    'Printing shows the columns, not the rows. To print the rows, clear the print area (Excel: Page Layout > Print Area > Clear Print Area; LibreOffice: Format > Print Ranges > Clear).',
  );
  ws.getCell(3, 1).font = noteFont;

  const moneyFmt = excelNumFmt('currency', fmt);
  ws.addTable({
    name: tableName(ds.name, index),
    ref: `A${HEADER_ROW}`,
    headerRow: true,
    style: { theme: 'TableStyleLight9', showRowStripes: true },
    columns: ds.columns.map((c) => ({ name: c.label, filterButton: true })),
    rows: [ds.columns.map(() => 0)],
  });
  // LibreOffice does not draw table styles; the header looks like every other sheet's in both.
  styleHeaderRow(ws.getRow(HEADER_ROW), 1, ds.columns.length);
  ds.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = width(c, ds.rows, i);
    const f = dataNumFmt(c.type, moneyFmt);
    if (f !== undefined) ws.getCell(HEADER_ROW + 1, i + 1).numFmt = f;
  });
  freeze(ws, HEADER_ROW + 1);
  // A printed report of a thousand pages of rows helps no one; the rows stay in the sheet.
  printSetup(ws, { titles: `${HEADER_ROW}:${HEADER_ROW}`, area: { from: 'A1', to: `${columnLetter(Math.max(1, ds.columns.length))}${HEADER_ROW}` } });
  return {
    sheet,
    firstRow: HEADER_ROW + 1,
    columns: ds.columns.length,
    rows: ds.rows.map((row) => ds.columns.map((c, i) => dataValue(row[i], c.type))),
  };
}
