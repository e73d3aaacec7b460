/**
 * The MRR bridge of the report's period: MRR at the end of the day before it, each step as a cell
 * with the customers it counts, and MRR at the end of its last day as a live formula over them (its
 * cached result the app's figure), beside the MRR KPI it must equal. Below, the waterfall's chart data
 * as formulas over those cells and a native chart of it: a stacked column whose invisible base lifts
 * each step to where the one before it ended, the waterfall every Excel and LibreOffice draws.
 */
import type { Row, Workbook, Worksheet } from 'exceljs';
import { addDays } from '../../shared/periods';
import { stepLabels, stepMeanings, type MrrMovements } from '../../shared/metrics/movements';
import type { ChartSpec } from './charts';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import { periodText } from './labels';
import type { Plan } from './layout';
import { stepHeader, stepLine } from './step-table';
import { FONT, bad, deltaNumFmt, freeze, good, numFmt, printSetup, styleGroupRow, styleHeaderRow, subtitleFont, titleFont, valueFont } from './styles';
import type { ReportInput } from './types';

const HEADER_ROW = 4;
const START_ROW = HEADER_ROW + 1;
/** Labels, amounts, customers; what a step counts spans the rest. The chart data below uses the first six. */
const C = { label: 1, amount: 2, customers: 3, meaning: 4, last: 10 } as const;
const LABEL_WIDTH = 34;
const COL_WIDTH = 14;
const MEANING_WIDTH = COL_WIDTH * (C.last - C.meaning + 1);
/** The chart data's columns: the bar's label, MRR after it, its invisible base, a gain, a loss, a total. */
const D = { bar: 1, after: 2, base: 3, up: 4, down: 5, total: 6 } as const;
/** Office's green, red and blue, as the waterfall Excel draws itself colours gains, losses and totals. */
const COLOURS = { up: '70AD47', down: 'C00000', total: '4472C4' } as const;
const CHART_ROWS = 18;

/** Writes the sheet; returns its waterfall chart, drawn once the package is written. */
export function writeMrrBridgeSheet(wb: Workbook, name: string, plan: Plan, b: MrrMovements, input: ReportInput): ChartSpec {
  const ws = wb.addWorksheet(name, { properties: { tabColor: { argb: 'FF70AD47' } } });
  const money = numFmt('currency', plan.fmt);
  const before = addDays(b.period.start, -1);
  ws.getColumn(C.label).width = LABEL_WIDTH;
  for (let c = C.amount; c <= C.last; c++) ws.getColumn(c).width = COL_WIDTH;
  writeText(ws.getCell(1, 1), `MRR bridge — ${input.company}`);
  ws.getCell(1, 1).font = titleFont;
  const source = b.source === 'subscriptions' ? 'subscriptions running' : "customers' monthly revenue (the workbook has no subscriptions)";
  writeText(
    ws.getCell(2, 1),
    `${periodText(b.period, input.locale)}. How MRR moved from the end of ${before} to the end of ${b.period.end}, customer by customer, from their ${source} ` +
      'as the exports standing on each day show them. The end is a live formula: the start plus the steps.',
  );
  ws.getCell(2, 1).font = subtitleFont;
  const table = { label: C.label, figures: [C.amount, C.customers], meaning: C.meaning, last: C.last, meaningWidth: MEANING_WIDTH };
  stepHeader(ws, HEADER_ROW, table, ['Step', 'Amount', 'Customers', 'What it counts']);
  const line = (r: number, label: string, meaning: string) => stepLine(ws, r, table, label, meaning);
  writeNumber(
    line(START_ROW, `MRR at the end of ${before}`, 'What the customers paying at the end of that day paid per month.').getCell(C.amount),
    b.start,
    money,
  );
  b.steps.forEach((s, i) => {
    const row = line(START_ROW + 1 + i, stepLabels[s.id], `${stepMeanings[s.id][0]!.toUpperCase()}${stepMeanings[s.id].slice(1)}.`);
    const cell = row.getCell(C.amount);
    writeNumber(cell, s.value, deltaNumFmt('currency', plan.fmt));
    if (s.value !== 0) cell.font = { name: FONT, size: 11, color: (s.value > 0 ? good : bad).font.color };
    writeNumber(row.getCell(C.customers), b.customers[s.id], '#,##0');
  });
  const endRow = START_ROW + b.steps.length + 1;
  const amount = (r: number) => `${columnLetter(C.amount)}${r}`;
  const end = line(endRow, `MRR at the end of ${b.period.end}`, 'The start plus the steps: the MRR KPI of the period.');
  writeFormula(end.getCell(C.amount), `${amount(START_ROW)}+SUM(${amount(START_ROW + 1)}:${amount(endRow - 1)})`, b.end, money);
  for (const c of [C.label, C.amount]) end.getCell(c).font = valueFont;
  for (let c = C.label; c <= C.last; c++) end.getCell(c).border = { top: { style: 'thin' } };

  const kpi = plan.valueCell('mrr', name);
  let next = endRow + 2;
  if (kpi) {
    const sheet = plan.areas.find((a) => a.metrics.some((m) => m.id === 'mrr'))?.sheet ?? 'Customers';
    writeFormula(line(endRow + 1, 'MRR KPI', `As the ${sheet} sheet computes it, for comparison.`).getCell(C.amount), kpi.ref, kpi.value, money);
    next++;
  }

  const chart = writeChartData(ws, next, b, money, amount, endRow);
  freeze(ws, START_ROW);
  printSetup(ws, { titles: `${HEADER_ROW}:${HEADER_ROW}` });
  return { ...chart, sheet: name };
}

/**
 * The waterfall's bars as formulas over the amounts: MRR after each bar, a running total; a total
 * stands on the axis; a step's invisible base is the lower of the levels before and after it, and its
 * gain or loss is drawn on top of that base.
 */
function writeChartData(ws: Worksheet, top: number, b: MrrMovements, money: string, amount: (r: number) => string, endRow: number): Omit<ChartSpec, 'sheet'> {
  writeText(ws.getCell(top, 1), 'Chart data: each bar stands on an invisible base (formulas over the amounts above)');
  styleGroupRow(ws.getRow(top), 1, C.last);
  const head = ws.getRow(top + 1);
  ['Bar', 'MRR after it', 'Base', 'Gain', 'Loss', 'Total'].forEach((t, i) => writeText(head.getCell(i + 1), t));
  styleHeaderRow(head, D.bar, D.total);
  const first = top + 2;
  const bars = [`MRR ${addDays(b.period.start, -1)}`, ...b.steps.map((s) => stepLabels[s.id]), `MRR ${b.period.end}`];
  const last = first + bars.length - 1;
  const cell = (c: number, r: number) => `${columnLetter(c)}${r}`;
  const cache: Record<'base' | 'up' | 'down' | 'total', number[]> = { base: [], up: [], down: [], total: [] };
  const put = (row: Row, c: number, key: keyof typeof cache, formula: string | null, value: number) => {
    if (formula === null) writeNumber(row.getCell(c), value, money);
    else writeFormula(row.getCell(c), formula, value, money);
    cache[key].push(value);
  };
  let level = b.start;
  bars.forEach((label, i) => {
    const r = first + i;
    const row = ws.getRow(r);
    writeText(row.getCell(D.bar), label);
    if (i === 0 || i === bars.length - 1) {
      level = i === 0 ? b.start : b.end;
      writeFormula(row.getCell(D.after), amount(i === 0 ? START_ROW : endRow), level, money);
      put(row, D.base, 'base', null, 0);
      put(row, D.up, 'up', null, 0);
      put(row, D.down, 'down', null, 0);
      put(row, D.total, 'total', cell(D.after, r), level);
      return;
    }
    const step = b.steps[i - 1]!.value;
    const source = amount(START_ROW + i);
    writeFormula(row.getCell(D.after), `${cell(D.after, r - 1)}+${source}`, level + step, money);
    put(row, D.base, 'base', `MIN(${cell(D.after, r - 1)},${cell(D.after, r)})`, Math.min(level, level + step));
    put(row, D.up, 'up', `MAX(${source},0)`, Math.max(step, 0));
    put(row, D.down, 'down', `MAX(-${source},0)`, Math.max(-step, 0));
    put(row, D.total, 'total', null, 0);
    level += step;
  });
  const sheet = ws.name;
  const range = (c: number) => ({ sheet, firstRow: first, firstCol: c, lastRow: last, lastCol: c });
  const nameCell = (c: number) => ({ sheet, firstRow: top + 1, firstCol: c, lastRow: top + 1, lastCol: c });
  return {
    kind: 'column',
    stacked: true,
    title: `MRR bridge ${b.period.id}`,
    categories: { range: range(D.bar), cache: bars },
    series: [
      { name: 'Base', nameCell: nameCell(D.base), values: range(D.base), cache: cache.base, colour: null },
      { name: 'Gain', nameCell: nameCell(D.up), values: range(D.up), cache: cache.up, colour: COLOURS.up },
      { name: 'Loss', nameCell: nameCell(D.down), values: range(D.down), cache: cache.down, colour: COLOURS.down },
      { name: 'Total', nameCell: nameCell(D.total), values: range(D.total), cache: cache.total, colour: COLOURS.total },
    ],
    numFmt: money,
    anchor: { col: 0, row: last + 1, cols: 6, rows: CHART_ROWS },
  };
}
