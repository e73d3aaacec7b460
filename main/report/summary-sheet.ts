/**
 * The first sheet: a title block, then every KPI with data grouped by area, with its value (a link to
 * the live formula on the area sheet), the previous period, the change, the target and the status.
 * Colours for change and status follow each KPI's direction, read from its "Better when" cell.
 */
import type { Workbook } from 'exceljs';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import { betterLabel, dateTimeText, periodText, statusLabel } from './labels';
import type { Plan } from './layout';
import {
  changeColours,
  changeDigits,
  deltaNumFmt,
  freeze,
  noteFont,
  numFmt,
  printSetup,
  restatedFont,
  statusColours,
  styleGroupRow,
  styleHeaderRow,
  subtitleFont,
  titleFont,
  valueFont,
} from './styles';
import type { ReportInput } from './types';

const C = { kpi: 1, value: 2, previous: 3, change: 4, target: 5, status: 6, better: 7 } as const;
export const SUMMARY_HEADER_ROW = 5;

export function writeSummarySheet(wb: Workbook, plan: Plan, input: ReportInput): void {
  const ws = wb.addWorksheet(plan.summarySheet, { properties: { tabColor: { argb: 'FF1F3864' } } });
  const fmt = plan.fmt;
  ws.getColumn(C.kpi).width = 36;
  for (let c = C.value; c <= C.better; c++) ws.getColumn(c).width = 16;

  writeText(ws.getCell(1, 1), input.company === '' ? 'KPI report' : input.company);
  ws.getCell(1, 1).font = titleFont;
  writeText(ws.getCell(2, 1), `KPI report for ${periodText(input.period, input.locale)}`);
  ws.getCell(2, 1).font = { ...subtitleFont, size: 12, bold: true };
  const compare = input.current.compare;
  const parts = [
    compare ? `Compared with ${compare.period.id}` : undefined,
    `Report of ${dateTimeText(input.generatedAt, input.locale)}`,
    `Amounts in ${input.currency}`,
  ].filter((p): p is string => p !== undefined);
  writeText(ws.getCell(3, 1), parts.join(' · '));
  ws.getCell(3, 1).font = subtitleFont;
  const restated = input.restatements.length;
  if (restated > 0) {
    // Above the frozen header, so it stays in view: readers of an earlier report hold figures that changed.
    writeText(
      ws.getCell(4, 1),
      `${restated} figure${restated === 1 ? '' : 's'} published in earlier reports ${restated === 1 ? 'has' : 'have'} changed since: see the Restatements sheet.`,
    );
    ws.getCell(4, 1).font = restatedFont;
  }

  const header = ws.getRow(SUMMARY_HEADER_ROW);
  const heads: [number, string][] = [
    [C.kpi, 'KPI'],
    [C.value, `Value ${input.period.id}`],
    [C.previous, compare ? `Previous ${compare.period.id}` : 'Previous'],
    [C.change, 'Change'],
    [C.target, 'Target'],
    [C.status, 'Status'],
    [C.better, 'Better when'],
  ];
  for (const [c, t] of heads) writeText(header.getCell(c), t);
  styleHeaderRow(header, C.kpi, C.better);

  let r = SUMMARY_HEADER_ROW + 1;
  const changeRows: { row: number; digits: number }[] = [];
  for (const area of plan.areas) {
    writeText(ws.getCell(r, C.kpi), area.title);
    styleGroupRow(ws.getRow(r), C.kpi, C.better);
    r++;
    for (const m of area.metrics) {
      const row = ws.getRow(r);
      const f = numFmt(m.unit, fmt);
      writeText(row.getCell(C.kpi), m.name);
      row.getCell(C.kpi).alignment = { indent: 1 };
      const link = plan.valueRef(m.id);
      if (link === undefined) writeNumber(row.getCell(C.value), m.value, f);
      else writeFormula(row.getCell(C.value), link, m.value, f);
      row.getCell(C.value).font = valueFont;
      writeNumber(row.getCell(C.previous), m.previous ?? null, f);
      if (m.value !== null && m.previous !== null && m.previous !== undefined) {
        const v = `${columnLetter(C.value)}${r}`;
        const p = `${columnLetter(C.previous)}${r}`;
        const ratio = m.unit === 'ratio';
        writeFormula(
          row.getCell(C.change),
          ratio ? `(${v}-${p})*100` : `${v}-${p}`,
          ratio ? (m.value - m.previous) * 100 : m.value - m.previous,
          deltaNumFmt(m.unit, fmt),
        );
        changeRows.push({ row: r, digits: changeDigits(m.unit) });
      }
      writeNumber(row.getCell(C.target), m.target, f);
      writeText(row.getCell(C.status), statusLabel(m));
      writeText(row.getCell(C.better), betterLabel(m.direction));
      for (const c of [C.status, C.better]) row.getCell(c).alignment = { horizontal: 'center' };
      r++;
    }
  }
  const lastRow = r - 1;

  const noData = input.current.metrics.filter((m) => m.status !== 'ok' || m.value === null).length;
  r++;
  if (plan.areas.length === 0) {
    writeText(ws.getCell(r, 1), 'No KPI has data for this period. The Definitions sheet says what each KPI needs.');
  } else if (noData > 0) {
    writeText(ws.getCell(r, 1), `${noData} KPI${noData === 1 ? ' has' : 's have'} no data for this period; the Definitions sheet says why.`);
  }
  ws.getCell(r, 1).font = noteFont;
  writeText(ws.getCell(r + 1, 1), 'Change: the value minus the previous value (percentages in percentage points). Green and red follow "Better when".');
  ws.getCell(r + 1, 1).font = noteFont;

  if (lastRow > SUMMARY_HEADER_ROW) {
    const first = SUMMARY_HEADER_ROW + 1;
    const st = `$${columnLetter(C.status)}${first}`;
    const statusRange = `${columnLetter(C.status)}${first}:${columnLetter(C.status)}${lastRow}`;
    changeRows.forEach(({ row, digits }, i) => changeColours(ws, `${columnLetter(C.change)}${row}`, `$${columnLetter(C.better)}${row}`, digits, 20 + 2 * i));
    statusColours(ws, statusRange, st);
  }
  freeze(ws, SUMMARY_HEADER_ROW + 1);
  printSetup(ws, {
    titles: `${SUMMARY_HEADER_ROW}:${SUMMARY_HEADER_ROW}`,
    area: { from: 'A1', to: `${columnLetter(C.better)}${r + 1}` },
    orientation: 'portrait',
  });
}
