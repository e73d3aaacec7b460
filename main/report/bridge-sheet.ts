/**
 * The pipeline bridge of the report's period: the open pipeline on the day before it, each step as a
 * cell, and the open pipeline on its last day as a live formula over them (its cached result the
 * app's figure), beside the pipeline value KPI it must equal; then the deals by stage at both ends.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { addDays } from '../../shared/periods';
import { NO_STAGE, OPEN_STAGE, stepLabels, stepMeanings, type Movements } from '../../shared/metrics/movements';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import { periodText } from './labels';
import type { Plan } from './layout';
import { stepHeader, stepLine } from './step-table';
import {
  FONT,
  bad,
  deltaNumFmt,
  freeze,
  good,
  noteFont,
  numFmt,
  printSetup,
  styleGroupRow,
  styleHeaderRow,
  subtitleFont,
  titleFont,
  valueFont,
} from './styles';
import type { ReportInput } from './types';

const HEADER_ROW = 4;
const START_ROW = HEADER_ROW + 1;
/** Labels, then narrow columns: the amounts, and the stages of the matrix below; what a step counts spans the rest. */
const C = { label: 1, amount: 2, meaning: 3, last: 10 } as const;
const LABEL_WIDTH = 34;
const COL_WIDTH = 16;
const MEANING_WIDTH = COL_WIDTH * (C.last - C.meaning + 1);

export function writeBridgeSheet(wb: Workbook, name: string, plan: Plan, b: Movements, input: ReportInput): void {
  const ws = wb.addWorksheet(name, { properties: { tabColor: { argb: 'FF4472C4' } } });
  const money = numFmt('currency', plan.fmt);
  const before = addDays(b.period.start, -1);
  ws.getColumn(C.label).width = LABEL_WIDTH;
  for (let c = C.amount; c <= C.last; c++) ws.getColumn(c).width = COL_WIDTH;
  writeText(ws.getCell(1, 1), `Pipeline bridge — ${input.company}`);
  ws.getCell(1, 1).font = titleFont;
  writeText(
    ws.getCell(2, 1),
    `${periodText(b.period, input.locale)}. How the open pipeline moved from ${before} to ${b.period.end}, each deal as the exports standing on those days show it. ` +
      'The end is a live formula: the start plus the steps.',
  );
  ws.getCell(2, 1).font = subtitleFont;
  const table = { label: C.label, figures: [C.amount], meaning: C.meaning, last: C.last, meaningWidth: MEANING_WIDTH };
  stepHeader(ws, HEADER_ROW, table, ['Step', 'Amount', 'What it counts']);
  const line = (r: number, label: string, meaning: string) => stepLine(ws, r, table, label, meaning);
  writeNumber(line(START_ROW, `Open pipeline on ${before}`, 'The deals open at the end of that day, at their amount then.').getCell(C.amount), b.start, money);
  b.steps.forEach((s, i) => {
    const cell = line(START_ROW + 1 + i, stepLabels[s.id], `${stepMeanings[s.id][0]!.toUpperCase()}${stepMeanings[s.id].slice(1)}.`).getCell(C.amount);
    writeNumber(cell, s.value, deltaNumFmt('currency', plan.fmt));
    if (s.value !== 0) cell.font = { name: FONT, size: 11, color: (s.value > 0 ? good : bad).font.color };
  });
  const endRow = START_ROW + b.steps.length + 1;
  const amount = (r: number) => `${columnLetter(C.amount)}${r}`;
  const end = line(endRow, `Open pipeline on ${b.period.end}`, 'The start plus the steps: the pipeline value KPI of the period.');
  writeFormula(end.getCell(C.amount), `${amount(START_ROW)}+SUM(${amount(START_ROW + 1)}:${amount(endRow - 1)})`, b.end, money);
  for (const c of [C.label, C.amount]) end.getCell(c).font = valueFont;
  for (let c = C.label; c <= C.last; c++) end.getCell(c).border = { top: { style: 'thin' } };

  const kpi = plan.valueCell('pipeline_value', name);
  let next = endRow + 2;
  if (kpi) {
    const row = line(
      endRow + 1,
      'Pipeline value KPI',
      `As the ${plan.areas.find((a) => a.metrics.some((m) => m.id === 'pipeline_value'))?.sheet ?? 'Sales'} sheet computes it, for comparison.`,
    );
    writeFormula(row.getCell(C.amount), kpi.ref, kpi.value, money);
    next++;
  }
  writeStages(ws, next, b, before);
  freeze(ws, START_ROW);
  printSetup(ws, { titles: `${HEADER_ROW}:${HEADER_ROW}` });
}

/** How many deals went from each stage (rows, on the day before) to each stage (columns, on the last day). */
function writeStages(ws: Worksheet, top: number, b: Movements, before: string): void {
  const axis: string[] = [NO_STAGE, OPEN_STAGE].filter((s) => b.stages.some((m) => m.from === s || m.to === s));
  for (const m of b.stages) if (!axis.includes(m.from)) axis.push(m.from);
  for (const m of b.stages) if (!axis.includes(m.to)) axis.push(m.to);
  const from = axis.filter((s) => b.stages.some((m) => m.from === s));
  const to = axis.filter((s) => b.stages.some((m) => m.to === s));
  const lastCol = Math.max(C.last, 1 + to.length);
  writeText(ws.getCell(top, 1), `Deals by stage: on ${before} (rows) and on ${b.period.end} (columns)`);
  styleGroupRow(ws.getRow(top), 1, lastCol);
  const head = ws.getRow(top + 1);
  writeText(head.getCell(1), 'Stage');
  to.forEach((t, i) => writeText(head.getCell(2 + i), t));
  styleHeaderRow(head, 1, 1 + to.length);
  from.forEach((f, r) => {
    const row = ws.getRow(top + 2 + r);
    writeText(row.getCell(1), f);
    to.forEach((t, i) => {
      const n = b.stages.find((m) => m.from === f && m.to === t)?.deals;
      writeNumber(row.getCell(2 + i), n ?? null, '#,##0');
      row.getCell(2 + i).alignment = { horizontal: 'center' };
    });
  });
  const notes = [
    'The deals open on either day, or created and closed in between.',
    axis.includes(NO_STAGE) ? `${NO_STAGE}: not created yet, or not in the export of that day.` : '',
    axis.includes(OPEN_STAGE) ? `${OPEN_STAGE}: open then by its dates, at a stage no export of that day shows.` : '',
  ].filter((t) => t !== '');
  const note = ws.getCell(top + 2 + from.length, 1);
  writeText(note, notes.join(' '));
  note.font = noteFont;
}
