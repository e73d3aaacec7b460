/**
 * The forecast sheet: the periods after the report's, as the dashboard's forecast shows them. First
 * what the deals open now are expected to bring in each (the app's figures) with the stage settings
 * they count at; then MRR over the trend's periods and its trailing projection, every step a live
 * formula over the MRR cells (net new MRR, its mean and deviation, base, upside and downside, cached
 * at the app's figures), and a native line chart that draws the projection dashed.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { categoryLabels } from '../../shared/metrics/forecast';
import type { Projection } from '../../shared/metrics/projection';
import type { PeriodRef } from '../../shared/metrics/types';
import type { ChartSeries, ChartSpec } from './charts';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import type { Plan } from './layout';
import { FONT, fitRowHeight, freeze, noteFont, numFmt, printSetup, styleGroupRow, styleHeaderRow, subtitleFont, titleFont, valueFont } from './styles';
import type { ReportForecast, ReportForecastStage, ReportInput } from './types';

const LAST_COL = 6;
const LABEL_WIDTH = 30;
const COL_WIDTH = 16;
/** The table's width for text of `size` pt, in widths of the 11 pt body font: smaller text fits more to a line. */
const textWidth = (size: number): number => ((LABEL_WIDTH + COL_WIDTH * (LAST_COL - 1)) * 11) / size;
const CHART_ROWS = 18;
/** The headers of the forecast KPIs, shorter than their names as the dashboard's table has them. */
const HEADERS: Readonly<Record<string, string>> = {
  weighted_pipeline: 'Weighted pipeline',
  commit_forecast: 'Commit',
  best_case_forecast: 'Best case',
  forecast_gap_to_quota: 'Gap to quota',
};
/** The MRR table's columns. */
const M = { period: 1, mrr: 2, netNew: 3, base: 4, upside: 5, downside: 6 } as const;
/** Office's blue for actual MRR; the projection orange at its base, green above and red below. */
const COLOURS = { mrr: '4472C4', base: 'ED7D31', upside: '70AD47', downside: 'C00000' } as const;

const cell = (col: number, row: number): string => `${columnLetter(col)}${row}`;

/** Writes the sheet; returns its MRR chart, drawn once the package is written, or null without one. */
export function writeForecastSheet(wb: Workbook, name: string, plan: Plan, f: ReportForecast, input: ReportInput): ChartSpec | null {
  const ws = wb.addWorksheet(name, { properties: { tabColor: { argb: 'FFED7D31' } } });
  const money = numFmt('currency', plan.fmt);
  ws.getColumn(1).width = LABEL_WIDTH;
  for (let c = 2; c <= LAST_COL; c++) ws.getColumn(c).width = COL_WIDTH;
  writeText(ws.getCell(1, 1), `Forecast — ${input.company}`);
  ws.getCell(1, 1).font = titleFont;
  const span = f.ahead.length === 1 ? f.ahead[0]!.id : `${f.ahead[0]!.id} to ${f.ahead.at(-1)!.id}`;
  const parts = [
    f.deals ? 'what the deals open now are expected to bring in them' : '',
    f.mrr ? 'MRR projected over them from its trend, a projection and not actual figures' : '',
  ]
    .filter((p) => p !== '')
    .join('; and ');
  const subtitle = `The ${f.ahead.length} periods after ${input.period.id}, ${span}: ${parts}.`;
  const sub = ws.getCell(2, 1);
  writeText(sub, subtitle);
  sub.font = subtitleFont;
  // Wrapped within the printed columns, which a line of its length would run past.
  sub.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(2, 1, 2, LAST_COL);
  fitRowHeight(ws.getRow(2), [[subtitle, textWidth(subtitleFont.size ?? 10)]]);

  let row = 4;
  if (f.deals) {
    row = writeDeals(ws, row, f.ahead, f.deals.series, money);
    row = writeStages(ws, row + 1, f.deals.stages, money);
  }
  let chart: ChartSpec | null = null;
  const mrr = input.trend.byMetric.get('mrr')?.map((p) => p?.value ?? null);
  if (f.mrr && mrr) {
    const top = f.deals ? row + 1 : row;
    chart = writeProjection(ws, top, input.trend.periods, mrr, f, f.mrr.projection, money);
  }
  freeze(ws, 3);
  // The tables and the chart print together on one page, the chart inside the printed cells.
  const lastRow = Math.max(ws.rowCount, chart ? chart.anchor.row + chart.anchor.rows : 0);
  printSetup(ws, { area: { from: 'A1', to: cell(LAST_COL, lastRow) }, orientation: 'portrait', onePage: true });
  return chart;
}

/** A note across the table's width, wrapped. */
function note(ws: Worksheet, r: number, text: string): void {
  const c = ws.getCell(r, 1);
  writeText(c, text);
  c.font = noteFont;
  c.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(r, 1, r, LAST_COL);
  fitRowHeight(ws.getRow(r), [[text, textWidth(noteFont.size ?? 9)]]);
}

/** The forecast KPIs of each period ahead; returns the next free row. */
function writeDeals(
  ws: Worksheet,
  top: number,
  ahead: readonly PeriodRef[],
  series: readonly { id: string; values: readonly (number | null)[] }[],
  money: string,
): number {
  writeText(ws.getCell(top, 1), 'Open deals expected to close in each period');
  styleGroupRow(ws.getRow(top), 1, LAST_COL);
  const head = ws.getRow(top + 1);
  writeText(head.getCell(1), 'Period');
  series.forEach((s, i) => writeText(head.getCell(2 + i), HEADERS[s.id] ?? s.id));
  styleHeaderRow(head, 1, 1 + series.length);
  ahead.forEach((p, k) => {
    const r = ws.getRow(top + 2 + k);
    writeText(r.getCell(1), p.id);
    series.forEach((s, i) => writeNumber(r.getCell(2 + i), s.values[k], money));
  });
  const after = top + 2 + ahead.length;
  note(
    ws,
    after,
    "From the deals open now and the close dates their reps expect. Weighted pipeline: each deal's amount times its probability, its own where the export " +
      "has one, else its stage's below. Commit and best case: the full amounts of the deals whose stage is in the Commit category (for best case, Commit " +
      'or Best case). Gap to quota: the quota of the period less what is won in it so far less the commit. An empty cell has nothing to count: no deal ' +
      'expected to close then, or no quota.',
  );
  return after + 1;
}

/** The open deals' stages and the probabilities and categories they count at; returns the next free row. */
function writeStages(ws: Worksheet, top: number, stages: readonly ReportForecastStage[], money: string): number {
  writeText(ws.getCell(top, 1), 'Stage probabilities and forecast categories used (Settings)');
  styleGroupRow(ws.getRow(top), 1, LAST_COL);
  const head = ws.getRow(top + 1);
  ['Stage of the open deals', 'Open deals', 'Amount', 'With a probability of their own', 'Stage probability', 'Forecast category'].forEach((t, i) =>
    writeText(head.getCell(i + 1), t),
  );
  styleHeaderRow(head, 1, LAST_COL);
  stages.forEach((s, i) => {
    const r = ws.getRow(top + 2 + i);
    writeText(r.getCell(1), s.label);
    writeNumber(r.getCell(2), s.deals, '#,##0');
    writeNumber(r.getCell(3), s.amount, money);
    writeNumber(r.getCell(4), s.ownProbability, '#,##0');
    if (s.probability === null) writeText(r.getCell(5), 'None: counts at 0%');
    else writeNumber(r.getCell(5), s.probability, '0%');
    writeText(r.getCell(6), s.category === null ? 'None: in neither' : categoryLabels[s.category]);
    for (const c of [5, 6]) r.getCell(c).alignment = { horizontal: 'right' };
  });
  if (stages.length === 0) {
    writeText(ws.getCell(top + 2, 1), 'No deal is open now.');
    return top + 3;
  }
  return top + 2 + stages.length;
}

/**
 * MRR of the trend's periods and, where there is a projection, the periods ahead: net new MRR, its
 * mean and deviation, base, upside and downside as formulas; the chart over them.
 */
function writeProjection(
  ws: Worksheet,
  top: number,
  periods: readonly string[],
  mrr: readonly (number | null)[],
  f: ReportForecast,
  projection: Projection | null,
  money: string,
): ChartSpec {
  const n = periods.length;
  const ahead = projection ? f.ahead : [];
  writeText(
    ws.getCell(top, 1),
    projection ? `MRR: the last ${n} periods actual, then a projection of the next ${ahead.length} (not actual figures)` : `MRR: the last ${n} periods`,
  );
  styleGroupRow(ws.getRow(top), 1, LAST_COL);
  const head = ws.getRow(top + 1);
  const headers = ['Period', 'MRR (actual)', 'Net new MRR', ...(projection ? ['Projection: base', 'Projection: upside', 'Projection: downside'] : [])];
  headers.forEach((t, i) => writeText(head.getCell(i + 1), t));
  styleHeaderRow(head, 1, headers.length);
  const first = top + 2;
  const lastActual = first + n - 1;
  const mrrCell = (i: number) => cell(M.mrr, first + i);
  periods.forEach((p, i) => {
    const r = ws.getRow(first + i);
    writeText(r.getCell(M.period), p);
    writeNumber(r.getCell(M.mrr), mrr[i], money);
    const [before, now] = [mrr[i - 1], mrr[i]];
    if (i > 0 && before !== null && before !== undefined && now !== null && now !== undefined) {
      writeFormula(r.getCell(M.netNew), `${mrrCell(i)}-${mrrCell(i - 1)}`, now - before, money);
    }
  });

  const cols = { base: M.base, upside: M.upside, downside: M.downside } as const;
  const cache: Record<keyof typeof cols, (number | null)[]> = { base: [], upside: [], downside: [] };
  let next = lastActual + 1;
  if (projection) {
    const last = mrr[n - 1]!;
    const trailing = projection.netNew.length;
    const meanRow = lastActual + ahead.length + 1;
    const [mean, deviation] = [cell(M.netNew, meanRow), cell(M.netNew, meanRow + 1)];
    // The projection starts at the last actual figure, so its lines join the actual one.
    const joint = ws.getRow(lastActual);
    for (const [key, col] of Object.entries(cols) as [keyof typeof cols, number][]) {
      writeFormula(joint.getCell(col), mrrCell(n - 1), last, money);
      cache[key].push(...new Array<null>(n - 1).fill(null), last);
    }
    ahead.forEach((p, j) => {
      const k = j + 1;
      const r = ws.getRow(lastActual + k);
      writeText(r.getCell(M.period), `${p.id} (projected)`);
      const from = `${mrrCell(n - 1)}+${k}*`;
      writeFormula(r.getCell(M.base), `${from}${mean}`, projection.base[j]!, money);
      writeFormula(r.getCell(M.upside), `${from}(${mean}+${deviation})`, projection.upside[j]!, money);
      writeFormula(r.getCell(M.downside), `${from}(${mean}-${deviation})`, projection.downside[j]!, money);
      cache.base.push(projection.base[j]!);
      cache.upside.push(projection.upside[j]!);
      cache.downside.push(projection.downside[j]!);
      for (let c = M.period; c <= M.downside; c++) r.getCell(c).font = { name: FONT, size: 11, italic: true, color: { argb: 'FF595959' } };
    });
    const trail = `${cell(M.netNew, lastActual - trailing + 1)}:${cell(M.netNew, lastActual)}`;
    const stat = (r: number, label: string, formula: string, value: number) => {
      const rowOf = ws.getRow(r);
      writeText(rowOf.getCell(1), label);
      writeFormula(rowOf.getCell(M.netNew), formula, value, money);
      for (const c of [1, M.netNew]) rowOf.getCell(c).font = valueFont;
    };
    stat(meanRow, `Mean net new MRR, last ${trailing} periods`, `AVERAGE(${trail})`, projection.mean);
    stat(meanRow + 1, 'Its standard deviation (sample)', `STDEV(${trail})`, projection.deviation);
    note(
      ws,
      meanRow + 2,
      `A projection, not actual figures. Base: the last actual MRR plus k times the mean net new MRR of the last ${trailing} periods, k the periods ` +
        'ahead; upside and downside: plus k times the mean plus or minus its standard deviation. The projected columns start at the last actual period, ' +
        'so their lines join the actual one.',
    );
    next = meanRow + 3;
  } else {
    note(ws, next, 'No projection: it needs the MRR of each of the last four periods, and net new MRR between them.');
    next++;
  }

  const labels = [...periods, ...ahead.map((p) => `${p.id} (projected)`)];
  const lastRow = first + labels.length - 1;
  const sheet = ws.name;
  const range = (c: number) => ({ sheet, firstRow: first, firstCol: c, lastRow, lastCol: c });
  const nameCell = (c: number) => ({ sheet, firstRow: top + 1, firstCol: c, lastRow: top + 1, lastCol: c });
  const series: ChartSeries[] = [
    { name: 'MRR (actual)', nameCell: nameCell(M.mrr), values: range(M.mrr), cache: [...mrr, ...ahead.map(() => null)], colour: COLOURS.mrr },
  ];
  if (projection) {
    for (const [key, col] of Object.entries(cols) as [keyof typeof cols, number][]) {
      series.push({ name: headers[col - 1]!, nameCell: nameCell(col), values: range(col), cache: cache[key], colour: COLOURS[key], dashed: true });
    }
  }
  return {
    sheet,
    kind: 'line',
    title: projection ? `MRR, and a projection of the next ${ahead.length} periods` : 'MRR',
    categories: { range: range(M.period), cache: labels },
    series,
    numFmt: money,
    anchor: { col: 0, row: next, cols: LAST_COL, rows: CHART_ROWS },
  };
}
