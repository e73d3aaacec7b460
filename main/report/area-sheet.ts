/**
 * One sheet per area: each KPI with its numerator and denominator as values and its value as a live
 * formula over them; the last periods as a trend table; native charts of the key trends below it.
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { MetricResult } from '../../shared/metrics/types';
import type { ChartSpec } from './charts';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import { kpiFormula, partLink } from './kpi-formula';
import { betterLabel, periodText, statusLabel } from './labels';
import { AREA_FIRST_KPI_ROW, AREA_HEADER_ROW, COL, type AreaPlan, type Plan } from './layout';
import {
  changeColours,
  changeDigits,
  deltaNumFmt,
  fitRowHeight,
  freeze,
  noteFont,
  numFmt,
  partNumFmt,
  printSetup,
  statusColours,
  styleGroupRow,
  styleHeaderRow,
  subtitleFont,
  titleFont,
  valueFont,
} from './styles';
import type { ReportInput } from './types';

const CHARTS_PER_AREA = 4;
const CHART_ROWS = 16;
const DEFINITION_WIDTH = 60;

function trendRows(plan: AreaPlan, input: ReportInput): { m: MetricResult; points: (number | null)[] }[] {
  const n = input.trend.periods.length;
  return plan.metrics.map((m) => {
    const pts = input.trend.byMetric.get(m.id) ?? [];
    const points = Array.from({ length: n }, (_, i) => {
      const v = pts[i]?.value;
      return v === null || v === undefined || !Number.isFinite(v) ? null : v;
    });
    return { m, points };
  });
}

/** The KPIs charted: those with two points or more, by the rank their declarations give (`chart.report`), then in table order. */
function chartPicks(rows: ReturnType<typeof trendRows>, plan: Plan): number[] {
  const useful = rows.map((r, i) => ({ i, id: r.m.id, n: r.points.filter((p) => p !== null).length })).filter((r) => r.n >= 2);
  const rank = (id: string): number => plan.defs.get(id)?.chart?.report ?? Number.MAX_SAFE_INTEGER;
  return useful
    .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
    .slice(0, CHARTS_PER_AREA)
    .map((r) => r.i)
    .sort((a, b) => a - b);
}

function setWidths(ws: Worksheet): void {
  ws.getColumn(COL.kpi).width = 32;
  for (let c = COL.numerator; c <= COL.better; c++) ws.getColumn(c).width = 14;
  ws.getColumn(COL.definition).width = DEFINITION_WIDTH;
}

/** Writes the area sheet and returns the charts to draw on it. */
export function writeAreaSheet(wb: Workbook, plan: Plan, area: AreaPlan, input: ReportInput): ChartSpec[] {
  const ws = wb.addWorksheet(area.sheet, { properties: { tabColor: { argb: 'FF4472C4' } } });
  const fmt = plan.fmt;
  setWidths(ws);
  writeText(ws.getCell(1, 1), `${area.title} — ${input.company}`);
  ws.getCell(1, 1).font = titleFont;
  const prev = input.current.compare?.period.id;
  writeText(
    ws.getCell(2, 1),
    `${periodText(input.period, input.locale)}. Value = numerator / denominator where the KPI is a ratio or a mean; the value cells are live formulas.`,
  );
  ws.getCell(2, 1).font = subtitleFont;

  const header = ws.getRow(AREA_HEADER_ROW);
  const heads: [number, string][] = [
    [COL.kpi, 'KPI'],
    [COL.numerator, 'Numerator'],
    [COL.denominator, 'Denominator'],
    [COL.value, `Value ${input.period.id}`],
    [COL.previous, prev === undefined ? 'Previous' : `Previous ${prev}`],
    [COL.change, 'Change'],
    [COL.target, 'Target'],
    [COL.status, 'Status'],
    [COL.better, 'Better when'],
    [COL.definition, 'Definition'],
  ];
  for (const [c, t] of heads) writeText(header.getCell(c), t);
  styleHeaderRow(header, COL.kpi, COL.definition);

  area.metrics.forEach((m, i) => {
    const r = AREA_FIRST_KPI_ROW + i;
    const row = ws.getRow(r);
    const def = plan.defs.get(m.id);
    const money = m.unit === 'currency';
    writeText(row.getCell(COL.kpi), m.name);
    const cells = (ids: readonly string[] | undefined) =>
      (ids ?? []).flatMap((id) => {
        const c = plan.valueCell(id, area.sheet);
        return c ? [{ ...c, id }] : [];
      });
    const numLink = partLink(m.numerator, cells(def?.numeratorKpis));
    const denLink = partLink(m.denominator, cells(def?.denominatorKpis));
    const linkedFmt = (id: string | undefined): string | undefined => {
      const unit = id === undefined ? undefined : plan.defs.get(id)?.unit;
      return unit === undefined ? undefined : numFmt(unit, fmt);
    };
    const numFmtPart = linkedFmt(numLink?.id) ?? partNumFmt(m.numerator, money, fmt);
    const denFmtPart = linkedFmt(denLink?.id) ?? partNumFmt(m.denominator, false, fmt);
    if (numLink === null) writeNumber(row.getCell(COL.numerator), m.numerator, numFmtPart);
    else writeFormula(row.getCell(COL.numerator), numLink.ref, m.numerator, numFmtPart);
    if (denLink === null) writeNumber(row.getCell(COL.denominator), m.denominator, denFmtPart);
    else writeFormula(row.getCell(COL.denominator), denLink.ref, m.denominator, denFmtPart);
    const numRef = `${columnLetter(COL.numerator)}${r}`;
    const denRef = `${columnLetter(COL.denominator)}${r}`;
    const formula = kpiFormula(m, numRef, denRef);
    const valueFmt = numFmt(m.unit, fmt);
    if (formula === null) writeNumber(row.getCell(COL.value), m.value, valueFmt);
    else writeFormula(row.getCell(COL.value), formula, m.value, valueFmt);
    row.getCell(COL.value).font = valueFont;
    writeNumber(row.getCell(COL.previous), m.previous ?? null, valueFmt);
    if (m.value !== null && m.previous !== null && m.previous !== undefined) {
      const valueRef = `${columnLetter(COL.value)}${r}`;
      const prevRef = `${columnLetter(COL.previous)}${r}`;
      const change = m.unit === 'ratio' ? (m.value - m.previous) * 100 : m.value - m.previous;
      const f = m.unit === 'ratio' ? `(${valueRef}-${prevRef})*100` : `${valueRef}-${prevRef}`;
      writeFormula(row.getCell(COL.change), f, change, deltaNumFmt(m.unit, fmt));
      changeColours(ws, `${columnLetter(COL.change)}${r}`, `$${columnLetter(COL.better)}${r}`, changeDigits(m.unit), 20 + 2 * i);
    }
    writeNumber(row.getCell(COL.target), m.target, valueFmt);
    writeText(row.getCell(COL.status), statusLabel(m));
    writeText(row.getCell(COL.better), betterLabel(m.direction));
    writeText(row.getCell(COL.definition), def?.formula ?? '');
    row.getCell(COL.definition).alignment = { wrapText: true, vertical: 'top' };
    fitRowHeight(row, [[def?.formula ?? '', DEFINITION_WIDTH]]);
    for (const c of [COL.kpi, COL.numerator, COL.denominator, COL.value, COL.previous, COL.change, COL.target, COL.status, COL.better]) {
      row.getCell(c).alignment = { vertical: 'top', horizontal: c === COL.kpi ? 'left' : c >= COL.status ? 'center' : 'right' };
    }
    if (m.note !== undefined) ws.getCell(r, COL.kpi).note = m.note;
  });

  const lastKpiRow = AREA_FIRST_KPI_ROW + area.metrics.length - 1;
  const status = columnLetter(COL.status);
  statusColours(ws, `${status}${AREA_FIRST_KPI_ROW}:${status}${lastKpiRow}`, `$${status}${AREA_FIRST_KPI_ROW}`);
  freeze(ws, AREA_FIRST_KPI_ROW);
  // A trend of one period (period `all`) would only repeat the table above.
  const charts = input.trend.periods.length < 2 ? [] : writeTrend(ws, plan, area, input, lastKpiRow + 2);
  // The table, the trend and its charts print on one page, the charts inside the printed cells.
  const lastRow = Math.max(ws.rowCount, ...charts.map((c) => c.anchor.row + c.anchor.rows));
  printSetup(ws, {
    titles: `${AREA_HEADER_ROW}:${AREA_HEADER_ROW}`,
    area: { from: 'A1', to: `${columnLetter(COL.definition)}${lastRow}` },
    orientation: 'portrait',
    onePage: true,
  });
  return charts;
}

/** The trend table from `titleRow` on, and the charts of the key trends below it. */
function writeTrend(ws: Worksheet, plan: Plan, area: AreaPlan, input: ReportInput, titleRow: number): ChartSpec[] {
  const fmt = plan.fmt;
  const periods = input.trend.periods;
  const trendHeaderRow = titleRow + 1;
  writeText(ws.getCell(titleRow, 1), `Trend over the last ${periods.length} periods`);
  styleGroupRow(ws.getRow(titleRow), 1, 1 + periods.length);
  const th = ws.getRow(trendHeaderRow);
  writeText(th.getCell(1), 'KPI');
  periods.forEach((p, i) => writeText(th.getCell(2 + i), p));
  styleHeaderRow(th, 1, 1 + periods.length);

  const rows = trendRows(area, input);
  rows.forEach(({ m, points }, i) => {
    const row = ws.getRow(trendHeaderRow + 1 + i);
    writeText(row.getCell(1), m.name);
    const f = numFmt(m.unit, fmt);
    points.forEach((v, j) => writeNumber(row.getCell(2 + j), v, f));
  });
  const noteRow = trendHeaderRow + rows.length + 1;
  writeText(ws.getCell(noteRow, 1), 'An empty cell: no data for that period.');
  ws.getCell(noteRow, 1).font = noteFont;

  const picks = chartPicks(rows, plan);
  const chartTop = noteRow + 1;
  const lastCol = 1 + periods.length;
  return picks.map((idx, k) => {
    const { m, points } = rows[idx] as (typeof rows)[number];
    const r = trendHeaderRow + 1 + idx;
    const left = k % 2 === 0;
    return {
      sheet: area.sheet,
      kind: m.unit === 'currency' || m.unit === 'count' ? 'column' : 'line',
      title: m.name,
      categories: { range: { sheet: area.sheet, firstRow: trendHeaderRow, firstCol: 2, lastRow: trendHeaderRow, lastCol }, cache: periods },
      series: [
        {
          name: m.name,
          nameCell: { sheet: area.sheet, firstRow: r, firstCol: 1, lastRow: r, lastCol: 1 },
          values: { sheet: area.sheet, firstRow: r, firstCol: 2, lastRow: r, lastCol },
          cache: points,
        },
      ],
      numFmt: numFmt(m.unit, fmt),
      // Axis labels of money need no cents.
      axisNumFmt: numFmt(m.unit, fmt).replace('#,##0.00', '#,##0'),
      anchor: { col: left ? 0 : 4, row: chartTop + Math.floor(k / 2) * (CHART_ROWS + 1), cols: left ? 4 : 5, rows: CHART_ROWS },
    } satisfies ChartSpec;
  });
}
