/**
 * The step table both bridge sheets open with: a header row, then one row per line with its label,
 * its figures right-aligned beside it, and what it counts merged across the sheet's remaining columns.
 */
import type { Row, Worksheet } from 'exceljs';
import { writeText } from './cells';
import { fitRowHeight, styleHeaderRow } from './styles';

export interface StepColumns {
  readonly label: number;
  /** The columns of the figures, between the label and what the line counts. */
  readonly figures: readonly number[];
  readonly meaning: number;
  readonly last: number;
  /** Width of the merged "what it counts" cell, in characters, to fit its rows' height. */
  readonly meaningWidth: number;
}

/** The header row: the titles of the label, each figure and what the line counts. */
export function stepHeader(ws: Worksheet, r: number, c: StepColumns, titles: readonly string[]): void {
  const header = ws.getRow(r);
  titles.forEach((t, i) => writeText(header.getCell(i + 1), t));
  styleHeaderRow(header, c.label, c.last);
  ws.mergeCells(r, c.meaning, r, c.last);
  header.getCell(c.meaning).alignment = { vertical: 'middle', horizontal: 'left', indent: 1 };
}

/** One line of the table; its figures are the caller's to write. */
export function stepLine(ws: Worksheet, r: number, c: StepColumns, label: string, meaning: string): Row {
  const row = ws.getRow(r);
  writeText(row.getCell(c.label), label);
  writeText(row.getCell(c.meaning), meaning);
  ws.mergeCells(r, c.meaning, r, c.last);
  row.getCell(c.meaning).alignment = { wrapText: true, vertical: 'top', indent: 1 };
  row.getCell(c.label).alignment = { vertical: 'top' };
  // An indent keeps the figures off the text beside them.
  for (const f of c.figures) row.getCell(f).alignment = { vertical: 'top', horizontal: 'right', indent: 1 };
  fitRowHeight(row, [[meaning, c.meaningWidth]]);
  return row;
}
