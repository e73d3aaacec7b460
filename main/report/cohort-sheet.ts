/**
 * The cohort sheet: the logo and revenue retention grids of the quarters customers first paid in, each
 * cell a live formula over the counts and MRR written in the data blocks below them (its cached result
 * the app's figure), shaded by a colour scale; the pooled average on top of each grid as a formula over
 * the cohorts that reach its column.
 */
import type { Workbook, Worksheet } from 'exceljs';
import type { Cohorts } from '../../shared/metrics/cohorts';
import { columnLetter } from '../sheet-columns';
import { writeFormula, writeNumber, writeText } from './cells';
import type { Plan } from './layout';
import { freeze, noteFont, numFmt, printSetup, styleGroupRow, styleHeaderRow, subtitleFont, titleFont, valueFont } from './styles';
import type { ReportInput } from './types';

const PERCENT = '0.0%';
const COUNT = '#,##0';
/** Cohort, its size (or first MRR), then one column per quarter since. */
const FIRST_K = 3;
const LABEL_WIDTH = 14;
const COL_WIDTH = 10;

/** White at 0%, the report's blue at 100%; above it (a cohort paying more than at first) green. */
const scale = (ws: Worksheet, ref: string, above: boolean): void =>
  ws.addConditionalFormatting({
    ref,
    rules: [
      {
        type: 'colorScale',
        priority: 1,
        cfvo: above
          ? [
              { type: 'num', value: 0 },
              { type: 'num', value: 1 },
              { type: 'num', value: 1.5 },
            ]
          : [
              { type: 'num', value: 0 },
              { type: 'num', value: 1 },
            ],
        color: above ? [{ argb: 'FFFFFFFF' }, { argb: 'FF9BC2E6' }, { argb: 'FF63BE7B' }] : [{ argb: 'FFFFFFFF' }, { argb: 'FF5B9BD5' }],
      },
    ],
  });

export function writeCohortSheet(wb: Workbook, name: string, plan: Plan, grid: Cohorts, input: ReportInput): void {
  const ws = wb.addWorksheet(name, { properties: { tabColor: { argb: 'FF5B9BD5' } } });
  const n = grid.cohorts.length;
  const width = Math.max(...grid.cohorts.map((c) => c.customers.length));
  const lastCol = FIRST_K + width - 1;
  ws.getColumn(1).width = LABEL_WIDTH;
  for (let c = 2; c <= lastCol; c++) ws.getColumn(c).width = COL_WIDTH;
  const money = numFmt('currency', plan.fmt);
  const cell = (row: number, col: number) => `${columnLetter(col)}${row}`;
  // Cohorts that reach column k are the first ones: a cohort c has quarters c .. the last.
  const reach = (k: number) => grid.cohorts.filter((c) => c.customers.length > k).length;

  writeText(ws.getCell(1, 1), `Cohorts — ${input.company}`);
  ws.getCell(1, 1).font = titleFont;
  writeText(
    ws.getCell(2, 1),
    `Customers grouped by the quarter they first paid (MRR from ${grid.source === 'subscriptions' ? 'subscriptions' : "customers' monthly revenue"}), through ${grid.through}. ` +
      'Each cell is a live formula over the counts and MRR in the data blocks below; the average is over the cohorts that reach its quarter.',
  );
  ws.getCell(2, 1).font = subtitleFont;

  // Row numbers: the two grids (a title, a header, the average, the cohorts) and the two data blocks.
  const block = n + 4;
  const logoTop = 4;
  const revenueTop = logoTop + block;
  const countsTop = revenueTop + block;
  const mrrTop = countsTop + block - 1;
  const body = (top: number) => top + 3;

  const head = (top: number, title: string, second: string) => {
    writeText(ws.getCell(top, 1), title);
    styleGroupRow(ws.getRow(top), 1, lastCol);
    const h = ws.getRow(top + 1);
    writeText(h.getCell(1), 'Cohort');
    writeText(h.getCell(2), second);
    for (let k = 0; k < width; k++) writeText(h.getCell(FIRST_K + k), `Q${k}`);
    styleHeaderRow(h, 1, lastCol);
  };

  // The data blocks first, so that the grids' formulas point at cells already laid out.
  head(countsTop, 'Data: customers with MRR above 0 at the end of quarter c+k', 'Customers');
  head(mrrTop, "Data: the cohort's MRR at the end of quarter c+k", '');
  grid.cohorts.forEach((c, i) => {
    const [cr, mr] = [countsTop + 2 + i, mrrTop + 2 + i];
    writeText(ws.getCell(cr, 1), c.cohort);
    writeText(ws.getCell(mr, 1), c.cohort);
    writeNumber(ws.getCell(cr, 2), c.size, COUNT);
    c.customers.forEach((v, k) => writeNumber(ws.getCell(cr, FIRST_K + k), v, COUNT));
    c.mrr.forEach((v, k) => writeNumber(ws.getCell(mr, FIRST_K + k), v, money));
  });
  const counts = (i: number, col: number) => cell(countsTop + 2 + i, col);
  const mrr = (i: number, col: number) => cell(mrrTop + 2 + i, col);

  const sums = (at: (i: number, col: number) => string, col: number, rows: number) => `SUM(${at(0, col)}:${at(rows - 1, col)})`;
  const gridOf = (top: number, title: string, pick: 'logo' | 'revenue') => {
    head(top, title, pick === 'logo' ? 'Customers' : 'MRR at first');
    const avg = ws.getRow(top + 2);
    writeText(avg.getCell(1), 'Average');
    const average = pick === 'logo' ? grid.average.logo_retention : grid.average.revenue_retention;
    average.forEach((v, k) => {
      const m = reach(k);
      const col = FIRST_K + k;
      const formula = pick === 'logo' ? `${sums(counts, col, m)}/${sums(counts, 2, m)}` : `${sums(mrr, col, m)}/${sums(mrr, FIRST_K, m)}`;
      if (v !== null) writeFormula(avg.getCell(col), formula, v, PERCENT);
    });
    for (let c = 1; c <= lastCol; c++) avg.getCell(c).font = valueFont;
    grid.cohorts.forEach((c, i) => {
      const row = ws.getRow(body(top) + i);
      writeText(row.getCell(1), c.cohort);
      if (pick === 'logo') writeFormula(row.getCell(2), counts(i, 2), c.size, COUNT);
      else writeFormula(row.getCell(2), mrr(i, FIRST_K), c.mrr[0]!, money);
      const shares = pick === 'logo' ? c.logo_retention : c.revenue_retention;
      shares.forEach((v, k) => {
        const col = FIRST_K + k;
        if (v === null) return;
        writeFormula(row.getCell(col), pick === 'logo' ? `${counts(i, col)}/${counts(i, 2)}` : `${mrr(i, col)}/${mrr(i, FIRST_K)}`, v, PERCENT);
      });
    });
    scale(ws, `${cell(top + 2, FIRST_K)}:${cell(body(top) + n - 1, lastCol)}`, pick === 'revenue');
  };
  gridOf(logoTop, 'Logo retention: the share of each cohort with MRR above 0 at the end of quarter c+k', 'logo');
  if (grid.cohorts.some((c) => c.revenue_retention.some((v) => v !== null)))
    gridOf(revenueTop, "Revenue retention: the cohort's MRR at the end of quarter c+k over its MRR at the end of quarter c", 'revenue');

  if (grid.note) {
    const note = ws.getCell(mrrTop + n + 3, 1);
    writeText(note, `Note: ${grid.note}.`);
    note.font = noteFont;
  }
  freeze(ws, 1, 2);
  printSetup(ws);
}
