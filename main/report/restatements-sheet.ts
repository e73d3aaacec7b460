/**
 * Restatements: the figures earlier reports published that have changed since, what they are now, and
 * the imports that changed them. A sheet of its own rather than a table on the summary: its rows are
 * of other periods than the report's, it names files and reports in long text cells the summary's
 * one-page layout has no room for, and it prints on a page of its own for whoever asks "what changed
 * since you last told us". The summary says how many there are and points here.
 */
import type { Workbook } from 'exceljs';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import { dateTimeText } from './labels';
import { deltaNumFmt, fitRowHeight, freeze, numFmt, printSetup, styleHeaderRow, subtitleFont, titleFont } from './styles';
import type { FormatOptions } from '../../shared/format';
import type { ReportRestatement } from './types';

const HEADER_ROW = 4;
const C = { period: 1, kpi: 2, reported: 3, now: 4, change: 5, reportedIn: 6, changedBy: 7 } as const;
const WIDTHS = [12, 28, 16, 16, 15, 34, 48];

/** "deals-q3.csv (batch 4); deals-q4.csv (batch 5)", or why no import is named. */
export function changedBy(r: ReportRestatement): string {
  if (r.imports.length === 0) return 'No import of its data since that report: an undo or a changed setting changed it.';
  return r.imports.map((i) => `${i.fileName} (batch ${i.batch})`).join('; ');
}

export function writeRestatementsSheet(wb: Workbook, name: string, rows: readonly ReportRestatement[], fmt: FormatOptions, locale: string): void {
  const ws = wb.addWorksheet(name, { properties: { tabColor: { argb: 'FFC00000' } } });
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  writeText(ws.getCell(1, 1), 'Restatements');
  ws.getCell(1, 1).font = titleFont;
  writeText(
    ws.getCell(2, 1),
    'Figures earlier reports published that have changed since: an import after the report (or an undo) changed the data they are computed from. ' +
      'Change: now minus reported (percentages in percentage points).',
  );
  ws.getCell(2, 1).font = subtitleFont;
  const header = ws.getRow(HEADER_ROW);
  ['Period', 'KPI', 'Reported', 'Now', 'Change', 'Reported in', 'Changed by'].forEach((t, i) => writeText(header.getCell(i + 1), t));
  styleHeaderRow(header, 1, WIDTHS.length);
  for (const c of [C.kpi, C.reportedIn, C.changedBy]) header.getCell(c).alignment = { vertical: 'middle', horizontal: 'left', indent: c === C.kpi ? 0 : 1 };

  rows.forEach((r, i) => {
    const n = HEADER_ROW + 1 + i;
    const row = ws.getRow(n);
    const f = numFmt(r.unit, fmt);
    const reportedIn = `${r.report}, ${dateTimeText(r.reportedAt, locale)}`;
    const by = changedBy(r);
    writeText(row.getCell(C.period), r.period);
    writeText(row.getCell(C.kpi), r.name);
    writeNumber(row.getCell(C.reported), r.reported, f);
    writeText(row.getCell(C.reportedIn), reportedIn);
    if (r.now === null) writeText(row.getCell(C.now), 'No data');
    else {
      writeNumber(row.getCell(C.now), r.now, f);
      const [now, was] = [`${columnLetter(C.now)}${n}`, `${columnLetter(C.reported)}${n}`];
      const ratio = r.unit === 'ratio';
      writeFormula(
        row.getCell(C.change),
        ratio ? `(${now}-${was})*100` : `${now}-${was}`,
        ratio ? (r.now - r.reported) * 100 : r.now - r.reported,
        deltaNumFmt(r.unit, fmt),
      );
    }
    writeText(row.getCell(C.changedBy), by);
    // Indented, so that the text does not run into the number on its left.
    for (const c of [C.reportedIn, C.changedBy]) row.getCell(c).alignment = { wrapText: true, vertical: 'top', horizontal: 'left', indent: 1 };
    for (const c of [C.period, C.kpi, C.reported, C.now, C.change]) row.getCell(c).alignment = { vertical: 'top' };
    fitRowHeight(row, [
      [reportedIn, WIDTHS[C.reportedIn - 1]!],
      [by, WIDTHS[C.changedBy - 1]!],
    ]);
  });
  freeze(ws, HEADER_ROW + 1);
  printSetup(ws, { titles: `${HEADER_ROW}:${HEADER_ROW}` });
}
