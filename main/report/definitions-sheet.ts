/** Every KPI of the catalogue: its definition, the data it needs, and where it is or why it has no data. */
import type { Workbook } from 'exceljs';
import { writeText } from './cells';
import { betterLabel } from './labels';
import { areaLabels, areas } from '../../shared/metrics/labels';
import type { Plan } from './layout';
import { fitRowHeight, freeze, printSetup, styleGroupRow, styleHeaderRow, subtitleFont, titleFont } from './styles';
import type { ReportInput } from './types';

const HEADER_ROW = 4;
const UNIT_NAMES: Readonly<Record<string, string>> = {
  ratio: 'Percent',
  currency: 'Money',
  days: 'Days',
  hours: 'Hours',
  count: 'Count',
  score: 'Score',
  multiple: 'Multiple',
  months: 'Months',
};

export function writeDefinitionsSheet(wb: Workbook, plan: Plan, input: ReportInput): void {
  const ws = wb.addWorksheet(plan.definitionsSheet, { properties: { tabColor: { argb: 'FFA5A5A5' } } });
  const widths = [34, 10, 12, 70, 36, 48];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  writeText(ws.getCell(1, 1), 'Definitions');
  ws.getCell(1, 1).font = titleFont;
  writeText(
    ws.getCell(2, 1),
    'How each KPI is computed for a period. Vendors define some KPIs differently; these are the definitions the figures in this report use.',
  );
  ws.getCell(2, 1).font = subtitleFont;
  const header = ws.getRow(HEADER_ROW);
  ['KPI', 'Unit', 'Better when', 'Definition', 'Data needed', 'In this report'].forEach((t, i) => writeText(header.getCell(i + 1), t));
  styleHeaderRow(header, 1, widths.length);

  const results = new Map(input.current.metrics.map((m) => [m.id, m]));
  const sheetOf = new Map(plan.areas.flatMap((a) => a.metrics.map((m) => [m.id, a.sheet] as const)));
  let r = HEADER_ROW + 1;
  for (const area of areas) {
    const defs = input.definitions.filter((d) => d.area === area);
    if (defs.length === 0) continue;
    writeText(ws.getCell(r, 1), areaLabels[area]);
    styleGroupRow(ws.getRow(r), 1, widths.length);
    r++;
    for (const d of defs) {
      const row = ws.getRow(r);
      const result = results.get(d.id);
      const sheet = sheetOf.get(d.id);
      const where =
        sheet !== undefined
          ? `On the ${sheet} sheet`
          : result === undefined
            ? 'Not computed for this report'
            : `No data: ${result.reason ?? 'the data it needs is missing'}`;
      writeText(row.getCell(1), d.name);
      writeText(row.getCell(2), UNIT_NAMES[d.unit] ?? d.unit);
      writeText(row.getCell(3), betterLabel(d.direction));
      const definition = d.description === '' || d.description === d.formula ? d.formula : `${d.description}\n${d.formula}`;
      const needs = d.needs.join(', ');
      writeText(row.getCell(4), definition);
      writeText(row.getCell(5), needs);
      writeText(row.getCell(6), where);
      fitRowHeight(row, [
        [d.name, widths[0] ?? 10],
        [definition, widths[3] ?? 10],
        [needs, widths[4] ?? 10],
        [where, widths[5] ?? 10],
      ]);
      for (let c = 1; c <= widths.length; c++) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
      if (sheet === undefined) row.getCell(6).font = { color: { argb: 'FF9C0006' } };
      r++;
    }
  }
  freeze(ws, HEADER_ROW + 1);
  printSetup(ws, { titles: `${HEADER_ROW}:${HEADER_ROW}` });
}
