import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addCharts, rangeFormula, type ChartSpec } from '../../../../main/report/charts';
import { AppFailure } from '../../../../shared/result';
import { NS, all, one, part, rels, rootChildNames, text } from './xml-dom';

const TREND = "Sales & Co's";
const periods = ['2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2'];
const winRate = [0.5, null, 0.625, 0.6];
const revenue = [1200, 800.5, 0, 2500];

/** A package as the report writer produces it: a trend table on one sheet, an Excel table on another. */
async function baseWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(TREND);
  ws.getRow(2).values = ['Period', ...periods];
  ws.getRow(3).values = ['Win rate', ...winRate];
  ws.getRow(4).values = ['Revenue', ...revenue];
  ws.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  ws.addConditionalFormatting({
    ref: 'B3:E3',
    rules: [{ type: 'dataBar', priority: 1, cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: 'FF638EC6' } } as ExcelJS.ConditionalFormattingRule],
  });
  const data = wb.addWorksheet('Data');
  data.addTable({ name: 'deals', ref: 'A1', headerRow: true, columns: [{ name: 'stage', filterButton: true }], rows: [['won'], ['lost']] });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const row = (sheet: string, r: number, c1: number, c2: number) => ({ sheet, firstRow: r, firstCol: c1, lastRow: r, lastCol: c2 });

const specs: ChartSpec[] = [
  {
    sheet: TREND,
    kind: 'line',
    title: 'Win rate',
    categories: { range: row(TREND, 2, 2, 5), cache: periods },
    series: [{ name: 'Win rate', nameCell: row(TREND, 3, 1, 1), values: row(TREND, 3, 2, 5), cache: winRate }],
    numFmt: '0.0%',
    anchor: { col: 6, row: 1, cols: 7, rows: 14 },
  },
  {
    sheet: TREND,
    kind: 'column',
    title: 'Revenue <net> & "gross"',
    categories: { range: row(TREND, 2, 2, 5), cache: periods },
    series: [{ name: 'Revenue', values: row(TREND, 4, 2, 5), cache: revenue }],
    numFmt: '"€"#,##0',
    anchor: { col: 6, row: 16, cols: 7, rows: 14 },
  },
  {
    sheet: 'Data',
    kind: 'column',
    title: 'On the table sheet',
    categories: { range: row(TREND, 2, 2, 5), cache: periods },
    series: [{ name: 'Revenue', values: row(TREND, 4, 2, 5), cache: revenue }],
    numFmt: '0',
    anchor: { col: 3, row: 1, cols: 6, rows: 10 },
  },
];

test('rangeFormula quotes the sheet, doubles its apostrophes and makes the range absolute', () => {
  assert.equal(rangeFormula(row("Sales & Co's", 20, 2, 9)), "'Sales & Co''s'!$B$20:$I$20");
  assert.equal(rangeFormula(row('S', 1, 27, 27)), "'S'!$AA$1");
  assert.equal(rangeFormula(row('S', 3, 702, 703)), "'S'!$ZZ$3:$AAA$3");
});

test('addCharts adds chart and drawing parts wired by relationships and content types', async () => {
  const zip = await JSZip.loadAsync(await addCharts(await baseWorkbook(), specs));

  const types = await part(zip, '[Content_Types].xml');
  const overrides = new Map(all(types, NS.types, 'Override').map((e) => [e.getAttribute('PartName'), e.getAttribute('ContentType')]));
  for (const n of [1, 2, 3]) assert.equal(overrides.get(`/xl/charts/chart${n}.xml`), 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
  for (const n of [1, 2]) assert.equal(overrides.get(`/xl/drawings/drawing${n}.xml`), 'application/vnd.openxmlformats-officedocument.drawing+xml');

  // Sheet 1 (the trend sheet) → drawing1 → chart1, chart2; sheet 2 keeps its table and gains drawing2 → chart3.
  const sheet1 = await part(zip, 'xl/worksheets/sheet1.xml');
  const drawingId = one(sheet1, NS.main, 'drawing').getAttributeNS(NS.r, 'id') ?? '';
  const sheet1Rels = await rels(zip, 'xl/worksheets/_rels/sheet1.xml.rels');
  assert.deepEqual(sheet1Rels.get(drawingId), { type: `${NS.r}/drawing`, target: '../drawings/drawing1.xml' });
  const drawing1 = await part(zip, 'xl/drawings/drawing1.xml');
  const anchors = all(drawing1, NS.xdr, 'twoCellAnchor');
  assert.equal(anchors.length, 2);
  const chartRelIds = all(drawing1, NS.c, 'chart').map((e) => e.getAttributeNS(NS.r, 'id') ?? '');
  const drawing1Rels = await rels(zip, 'xl/drawings/_rels/drawing1.xml.rels');
  assert.deepEqual(
    chartRelIds.map((id) => drawing1Rels.get(id)?.target),
    ['../charts/chart1.xml', '../charts/chart2.xml'],
  );
  // Anchor of the first chart: from G2 (0-based col 6, row 1) to N16 (6+7, 1+14).
  const first = anchors[0] as Element;
  assert.deepEqual(text(one(first, NS.xdr, 'from'), NS.xdr, 'col').concat(text(one(first, NS.xdr, 'from'), NS.xdr, 'row')), ['6', '1']);
  assert.deepEqual(text(one(first, NS.xdr, 'to'), NS.xdr, 'col').concat(text(one(first, NS.xdr, 'to'), NS.xdr, 'row')), ['13', '15']);

  const sheet2 = await part(zip, 'xl/worksheets/sheet2.xml');
  const order = rootChildNames(sheet2);
  assert.ok(order.indexOf('drawing') > order.indexOf('sheetData'));
  assert.ok(order.indexOf('drawing') < order.indexOf('tableParts'), `drawing must precede tableParts: ${order.join(',')}`);
  const sheet2Rels = await rels(zip, 'xl/worksheets/_rels/sheet2.xml.rels');
  assert.equal([...sheet2Rels.values()].filter((r) => r.type === `${NS.r}/table`).length, 1, 'the table relationship survives');
  const d2 = sheet2Rels.get(one(sheet2, NS.main, 'drawing').getAttributeNS(NS.r, 'id') ?? '');
  assert.equal(d2?.target, '../drawings/drawing2.xml');
  // The x14 data bar lives in the sheet's extLst, which must stay after the drawing.
  const order1 = rootChildNames(sheet1);
  assert.ok(order1.indexOf('drawing') < order1.indexOf('extLst'), `drawing must precede extLst: ${order1.join(',')}`);
});

test('series reference the trend cells and carry cached values', async () => {
  const zip = await JSZip.loadAsync(await addCharts(await baseWorkbook(), specs));
  const line = await part(zip, 'xl/charts/chart1.xml');
  one(line, NS.c, 'lineChart');
  const ser = one(line, NS.c, 'ser');
  assert.deepEqual(text(ser, NS.c, 'f'), ["'Sales & Co''s'!$A$3", "'Sales & Co''s'!$B$2:$E$2", "'Sales & Co''s'!$B$3:$E$3"]);
  const cat = one(one(ser, NS.c, 'cat'), NS.c, 'strCache');
  assert.deepEqual(text(cat, NS.c, 'v'), periods);
  assert.deepEqual(text(one(ser, NS.c, 'tx'), NS.c, 'v'), ['Win rate']);
  assert.equal(one(cat, NS.c, 'ptCount').getAttribute('val'), '4');
  // The empty 2016-Q4 value is left out of the cache (a gap), the others keep their index.
  const num = one(ser, NS.c, 'numCache');
  assert.equal(one(num, NS.c, 'ptCount').getAttribute('val'), '4');
  assert.deepEqual(
    all(num, NS.c, 'pt').map((p) => [p.getAttribute('idx'), Number(p.textContent)]),
    [
      ['0', 0.5],
      ['2', 0.625],
      ['3', 0.6],
    ],
  );
  assert.deepEqual(text(num, NS.c, 'formatCode'), ['0.0%']);
  assert.equal(one(line, NS.c, 'dispBlanksAs').getAttribute('val'), 'gap');

  const bar = await part(zip, 'xl/charts/chart2.xml');
  assert.equal(one(one(bar, NS.c, 'barChart'), NS.c, 'barDir').getAttribute('val'), 'col');
  assert.equal(one(bar, NS.a, 't').textContent, 'Revenue <net> & "gross"');
  assert.deepEqual(text(one(bar, NS.c, 'val'), NS.c, 'v'), ['1200', '800.5', '0', '2500']);
  assert.deepEqual(text(bar, NS.c, 'formatCode'), ['"€"#,##0']);
});

test('exceljs still reads the package and its cells', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await addCharts(await baseWorkbook(), specs)) as unknown as ExcelJS.Buffer);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    [TREND, 'Data'],
  );
  assert.equal(wb.getWorksheet(TREND)?.getCell('C4').value, 800.5);
  assert.equal(wb.getWorksheet('Data')?.getCell('A2').value, 'won');
});

test('a chart on a missing sheet, or with a cache that does not fit its range, is refused', async () => {
  const base = await baseWorkbook();
  await assert.rejects(
    addCharts(base, [{ ...specs[0]!, sheet: 'Nope' }]),
    (e: unknown) => e instanceof AppFailure && e.code === 'report_failed' && /"Nope"/.test(e.message),
  );
  const short = { ...specs[0]!, series: [{ name: 'x', values: row(TREND, 3, 2, 5), cache: [1, 2] }] };
  await assert.rejects(addCharts(base, [short]), /2 cached values for 4 cells/);
});
