/**
 * The charts addCharts writes are ones LibreOffice understands: it renders them to PDF, and when it
 * saves the workbook again it keeps them as charts over the same cells (a chart it could not read
 * would be dropped or turned into a picture).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addCharts, type ChartSpec } from '../../../main/report/charts';
import { NO_SOFFICE, convert, pdfToPngs, sofficePath } from './soffice';
import { NS, all, part, text } from '../../unit/main/report/xml-dom';

const SHEET = 'Sales';
const periods = ['2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1', '2018-Q2'];
const winRate = [0.42, 0.45, 0.51, null, 0.55, 0.6, 0.58, 0.63];
const won = [120000, 95000, 143000, 160000, 151000, 172000, 168000, 190000];
const cells = (r: number, c1: number, c2: number) => ({ sheet: SHEET, firstRow: r, firstCol: c1, lastRow: r, lastCol: c2 });

async function chartWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.getRow(1).values = ['Period', ...periods];
  ws.getRow(2).values = ['Win rate', ...winRate];
  ws.getRow(3).values = ['Won revenue', ...won];
  const specs: ChartSpec[] = [
    {
      sheet: SHEET,
      kind: 'line',
      title: 'Win rate',
      categories: { range: cells(1, 2, 9), cache: periods },
      series: [{ name: 'Win rate', nameCell: cells(2, 1, 1), values: cells(2, 2, 9), cache: winRate }],
      numFmt: '0.0%',
      anchor: { col: 0, row: 4, cols: 6, rows: 15 },
    },
    {
      sheet: SHEET,
      kind: 'column',
      title: 'Won revenue',
      categories: { range: cells(1, 2, 9), cache: periods },
      series: [{ name: 'Won revenue', nameCell: cells(3, 1, 1), values: cells(3, 2, 9), cache: won }],
      numFmt: '#,##0',
      anchor: { col: 6, row: 4, cols: 6, rows: 15 },
    },
  ];
  return addCharts(await wb.xlsx.writeBuffer(), specs);
}

test('LibreOffice keeps the charts, over the same cells, when it saves the workbook again', { skip: sofficePath() ? false : NO_SOFFICE }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-charts-'));
  const file = join(dir, 'charts.xlsx');
  writeFileSync(file, await chartWorkbook());
  const [saved] = convert(file, 'xlsx:Calc MS Excel 2007 XML');
  const zip = await JSZip.loadAsync(readFileSync(saved!));
  const chartParts = Object.keys(zip.files)
    .filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))
    .sort();
  assert.equal(chartParts.length, 2, `charts after LibreOffice: ${Object.keys(zip.files).join(', ')}`);
  const refs: string[] = [];
  let kinds = '';
  for (const p of chartParts) {
    const doc = await part(zip, p);
    refs.push(...text(doc, NS.c, 'f'));
    kinds += all(doc, NS.c, 'lineChart').length > 0 ? 'line ' : all(doc, NS.c, 'barChart').length > 0 ? 'bar ' : '? ';
  }
  assert.deepEqual(kinds.trim().split(' ').sort(), ['bar', 'line']);
  const unquoted = refs.map((r) => r.replace(/'/g, ''));
  for (const ref of ['Sales!$B$2:$I$2', 'Sales!$B$3:$I$3', 'Sales!$B$1:$I$1']) assert.ok(unquoted.includes(ref), `no reference to ${ref}: ${refs.join(' | ')}`);
});

test('LibreOffice renders the charts to PDF', { skip: sofficePath() ? false : NO_SOFFICE }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-charts-'));
  const file = join(dir, 'charts.xlsx');
  writeFileSync(file, await chartWorkbook());
  const [pdf] = convert(file, 'pdf');
  const pngs = pdfToPngs(pdf!);
  assert.ok(pngs.length >= 1);
  // A page with two charts carries far more ink than a page of 27 numbers; the PNGs stay for a person to look at.
  assert.ok(statSync(pngs[0]!).size > 8000, `page 1 is nearly blank: ${pngs[0]}`);
  console.log(`chart pages: ${pngs.join(' ')}`);
});
