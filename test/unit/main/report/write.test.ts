import { test } from 'node:test';
import assert from 'node:assert/strict';
import type ExcelJS from 'exceljs';
import { excelNumFmt } from '../../../../shared/format';
import { HOSTILE, fixtureInput } from './fixture';
import type JSZip from 'jszip';
import { sheet, sheetPartPath, writeAndRead } from './report-files';
import { NS, all, part, rels, rootChildNames, text } from './xml-dom';

const fmt = { locale: 'en-GB', currency: 'EUR' };
const formulaOf = (c: ExcelJS.Cell): { formula: string; result: unknown } => {
  const v = c.value as { formula?: string; result?: unknown } | null;
  assert.ok(v && typeof v.formula === 'string', `${c.address} holds no formula: ${JSON.stringify(c.value)}`);
  return { formula: v.formula, result: v.result };
};

test('sheets: summary, one per area with data, definitions, one per dataset', async () => {
  const { wb } = await writeAndRead(fixtureInput());
  // Adoption's only KPI has no data, so it gets no sheet.
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Summary', 'Sales', 'Marketing', 'Customers', 'Service', 'Definitions', 'Data Deals', 'Data Tickets'],
  );
  assert.equal(wb.title, 'KPI report 2018-Q2 — =1+1 Ltd & Sons');
  assert.equal(wb.company, '=1+1 Ltd & Sons');
  assert.equal(wb.subject, '2018-Q2');
});

test('area sheets: numerator, denominator and a live formula whose cached result is the app value', async () => {
  const { wb } = await writeAndRead(fixtureInput());
  const sales = sheet(wb, 'Sales');
  // Row 5 = first KPI (win rate): 63 / 100 = 0.63.
  assert.equal(sales.getCell('A5').value, 'Win rate');
  assert.equal(sales.getCell('B5').value, 63);
  assert.equal(sales.getCell('C5').value, 100);
  assert.deepEqual(formulaOf(sales.getCell('D5')), { formula: 'B5/C5', result: 0.63 });
  assert.equal(sales.getCell('D5').numFmt, '0.0%');
  // Average deal size: 126,000.50 / 63, in euros.
  assert.deepEqual(formulaOf(sales.getCell('D6')), { formula: 'B6/C6', result: 126000.5 / 63 });
  assert.equal(sales.getCell('D6').numFmt, excelNumFmt('currency', fmt));
  assert.equal(sales.getCell('D6').numFmt, '"€"#,##0.00');
  // Won revenue is a sum: no denominator, so the value is written as it is.
  assert.equal(sales.getCell('D7').value, 126000.5);
  assert.equal(sales.getCell('C7').value, null);
  // Sales cycle: 2,205 / 63 = 35 days.
  assert.deepEqual(formulaOf(sales.getCell('D8')), { formula: 'B8/C8', result: 35 });
  assert.equal(sales.getCell('D8').numFmt, '0.0 "days"');
  // Change of win rate: (0.63 - 0.61) x 100 = 2 percentage points.
  const change = formulaOf(sales.getCell('F5'));
  assert.equal(change.formula, '(D5-E5)*100');
  assert.ok(Math.abs((change.result as number) - 2) < 1e-9);
  assert.equal(sales.getCell('H5').value, 'On track');
  assert.equal(sales.getCell('H7').value, 'Off track');

  const customers = sheet(wb, 'Customers');
  // ARPU (row 5), churn (row 6), CLV (row 7) = ARPU / churn: its parts link to those value cells.
  assert.deepEqual(formulaOf(customers.getCell('B7')), { formula: 'D5', result: 120 });
  assert.deepEqual(formulaOf(customers.getCell('C7')), { formula: 'D6', result: 0.05 });
  assert.deepEqual(formulaOf(customers.getCell('D7')), { formula: 'B7/C7', result: 2400 });
  assert.equal(customers.getCell('C7').numFmt, '0.0%');
  // LTV:CAC (row 8) = CLV / CAC, CAC being on the Marketing sheet (row 5).
  assert.deepEqual(formulaOf(customers.getCell('B8')), { formula: 'D7', result: 2400 });
  assert.deepEqual(formulaOf(customers.getCell('C8')), { formula: "'Marketing'!D5", result: 300 });
  assert.deepEqual(formulaOf(customers.getCell('D8')), { formula: 'B8/C8', result: 8 });
  assert.equal(customers.getCell('D8').numFmt, '0.00"×"');

  // NPS = 100 x 30 / 100 = 30 points.
  assert.deepEqual(formulaOf(sheet(wb, 'Service').getCell('D5')), { formula: '100*B5/C5', result: 30 });
});

test('trend table: the 8 periods, values in the KPI format, empty where there is no data', async () => {
  const { wb } = await writeAndRead(fixtureInput());
  const sales = sheet(wb, 'Sales');
  // 4 KPIs in rows 5-8, a blank row, the trend title (10), its header (11), the rows from 12.
  assert.equal(sales.getCell('A10').value, 'Trend over the last 8 periods');
  assert.deepEqual((sales.getRow(11).values as unknown[]).slice(1, 10), [
    'KPI',
    '2016-Q3',
    '2016-Q4',
    '2017-Q1',
    '2017-Q2',
    '2017-Q3',
    '2017-Q4',
    '2018-Q1',
    '2018-Q2',
  ]);
  assert.equal(sales.getCell('A12').value, 'Win rate');
  assert.equal(sales.getCell('B12').value, 0.5);
  assert.equal(sales.getCell('D12').value, null);
  assert.equal(sales.getCell('I12').value, 0.63);
  assert.equal(sales.getCell('I12').numFmt, '0.0%');
});

test('summary: grouped by area, values linked to the area sheets, change, target, status and colours', async () => {
  const { wb, zip } = await writeAndRead(fixtureInput());
  const ws = sheet(wb, 'Summary');
  assert.equal(ws.getCell('A1').value, '=1+1 Ltd & Sons');
  assert.match(String(ws.getCell('A2').value), /^KPI report for 2018-Q2 \(1 Apr 2018 – 30 Jun 2018\)$/);
  assert.equal(ws.getCell('A6').value, 'Sales');
  assert.equal(ws.getCell('A7').value, 'Win rate');
  assert.deepEqual(formulaOf(ws.getCell('B7')), { formula: "'Sales'!D5", result: 0.63 });
  assert.equal(ws.getCell('C7').value, 0.61);
  assert.equal(ws.getCell('E7').value, 0.6);
  assert.equal(ws.getCell('F7').value, 'On track');
  assert.equal(ws.getCell('G7').value, 'Higher');
  // Sales has 4 KPIs (rows 7-10), then Marketing's group row (11) and CAC (12), better when lower.
  assert.equal(ws.getCell('A11').value, 'Marketing');
  assert.deepEqual(formulaOf(ws.getCell('B12')), { formula: "'Marketing'!D5", result: 300 });
  assert.equal(ws.getCell('G12').value, 'Lower');
  assert.equal(ws.views[0]?.state, 'frozen');
  assert.equal(ws.views[0]?.ySplit, 5);

  const xml = await part(zip, await sheetPartPath(zip, 'Summary'));
  const rules = all(xml, NS.main, 'conditionalFormatting').flatMap((cf) => text(cf, NS.main, 'formula'));
  // Change is coloured by comparing its sign with the row's "Better when", once it shows as non-zero
  // (win rate, row 7: one decimal of percentage points).
  assert.ok(rules.includes('AND(ISNUMBER(D7),ROUND(D7,1)<>0,(D7>0)=($G7="Higher"))'), rules.join(' | '));
  assert.ok(rules.includes('AND(ISNUMBER(D7),ROUND(D7,1)<>0,NOT((D7>0)=($G7="Higher")))'), rules.join(' | '));
  assert.ok(rules.includes('$F6="On track"'));
});

/** Sheet name → its print area and print titles, as the workbook's defined names hold them. */
async function printNames(zip: JSZip): Promise<Map<string, { area?: string; titles?: string }>> {
  const book = await part(zip, 'xl/workbook.xml');
  const names = all(book, NS.main, 'sheet').map((e) => e.getAttribute('name') ?? '');
  const out = new Map<string, { area?: string; titles?: string }>(names.map((n) => [n, {}]));
  for (const d of all(book, NS.main, 'definedName')) {
    const entry = out.get(names[Number(d.getAttribute('localSheetId'))] ?? '');
    if (!entry) continue;
    const ref = (d.textContent ?? '').replace(/^.*!/, '');
    if (d.getAttribute('name') === '_xlnm.Print_Area') entry.area = ref;
    if (d.getAttribute('name') === '_xlnm.Print_Titles') entry.titles = ref;
  }
  return out;
}

/** The last row (1-based) each chart on `sheetName` reaches, and its last column. */
async function chartExtents(zip: JSZip, sheetName: string): Promise<{ row: number; col: number }[]> {
  const sheetPath = await sheetPartPath(zip, sheetName);
  const sheetDoc = await part(zip, sheetPath);
  const drawing = all(sheetDoc, NS.main, 'drawing')[0];
  if (!drawing) return [];
  const relsPath = sheetPath.replace(/([^/]+)$/, '_rels/$1.rels');
  const target = (await rels(zip, relsPath)).get(drawing.getAttributeNS(NS.r, 'id') ?? '')?.target ?? '';
  const doc = await part(zip, `xl/drawings/${target.split('/').pop() ?? ''}`);
  return all(doc, NS.xdr, 'to').map((to) => ({ row: Number(text(to, NS.xdr, 'row')[0]), col: Number(text(to, NS.xdr, 'col')[0]) }));
}

test('print set-up: the summary one page wide, an area sheet and its charts on one page, data sheets print their columns only', async () => {
  const { wb, zip } = await writeAndRead(fixtureInput());
  const names = await printNames(zip);
  for (const ws of wb.worksheets) {
    assert.equal(ws.pageSetup.fitToPage, true, ws.name);
    assert.equal(ws.pageSetup.fitToWidth, 1, ws.name);
    assert.match(names.get(ws.name)?.titles ?? '', /^\$\d+:\$\d+$/, ws.name);
    assert.equal(ws.views[0]?.state, 'frozen', ws.name);
    assert.ok((ws.getColumn(1).width ?? 0) >= 10, ws.name);
  }
  const summary = sheet(wb, 'Summary');
  assert.equal(summary.pageSetup.orientation, 'portrait');
  assert.equal(summary.pageSetup.fitToHeight, 0);
  assert.equal(names.get('Summary')?.area, `$A$1:$G$${summary.rowCount}`);

  for (const area of ['Sales', 'Marketing', 'Customers', 'Service']) {
    const ws = sheet(wb, area);
    assert.equal(ws.pageSetup.orientation, 'portrait', area);
    assert.equal(ws.pageSetup.fitToHeight, 1, area);
    const [, lastRow] = /^\$A\$1:\$J\$(\d+)$/.exec(names.get(area)?.area ?? '') ?? [];
    assert.ok(lastRow !== undefined, `${area}: print area ${names.get(area)?.area}`);
    const charts = await chartExtents(zip, area);
    assert.ok(charts.length > 0, `${area} has charts`);
    // A chart ends where its `to` cell begins: 0-based row r is 1-based row r + 1, so it covers rows up to r.
    for (const c of charts) {
      assert.ok(c.row <= Number(lastRow), `${area}: a chart reaches row ${c.row}, past the print area's ${lastRow}`);
      assert.ok(c.col <= 9, `${area}: a chart reaches column ${c.col}, past J`);
    }
    assert.equal(Number(lastRow), Math.max(ws.rowCount, ...charts.map((c) => c.row)), area);
  }

  assert.equal(names.get('Data Deals')?.area, `$A$1:$${String.fromCharCode(64 + sheet(wb, 'Data Deals').columnCount)}$4`);
  assert.equal(names.get('Data Tickets')?.area, `$A$1:$${String.fromCharCode(64 + sheet(wb, 'Data Tickets').columnCount)}$4`);
  assert.match(String(sheet(wb, 'Data Deals').getCell('A3').value), /^Printing shows the columns, not the rows/);
});

test('definitions: every KPI, with why the ones without data have none', async () => {
  const { wb } = await writeAndRead(fixtureInput());
  const ws = sheet(wb, 'Definitions');
  const rows = new Map<string, unknown[]>();
  ws.eachRow((row) => rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1)));
  assert.equal(rows.get('Win rate')?.[5], 'On the Sales sheet');
  assert.equal(rows.get('Quota attainment')?.[5], 'No data: quotas: no quota rows for 2018-Q2');
  assert.equal(rows.get('Active user rate')?.[5], 'No data: crm_usage: no rows; import a CRM login export');
  assert.equal(rows.get('Win rate')?.[3], 'About Win rate.\nWin rate = numerator / denominator');
  assert.equal(rows.get('Win rate')?.[4], 'deals.amount, deals.closed_at');
});

test('data sheets: an Excel table with filter buttons, typed columns, hostile text kept as text', async () => {
  const { wb, zip } = await writeAndRead(fixtureInput());
  const ws = sheet(wb, 'Data Deals');
  assert.equal(ws.getCell('A2').value, 'All 4 rows, as imported.');
  assert.equal(ws.getCell('A4').value, 'Deal ID');
  assert.equal(ws.getCell('B6').value, HOSTILE[0]);
  assert.equal(ws.getCell('G6').value, HOSTILE[1]);
  assert.equal(ws.getCell('H6').value, HOSTILE[2]);
  assert.equal(ws.getCell('B7').value, HOSTILE[3]);
  assert.equal(ws.getCell('G7').value, HOSTILE[4]);
  assert.equal(ws.getCell('H7').value, HOSTILE[5]);
  // The BEL character is not allowed in XML and goes; the 40,000 x are cut to Excel's 32,767.
  assert.equal(ws.getCell('B8').value, 'bellchar');
  assert.equal(String(ws.getCell('H8').value).length, 32767);
  // Money and dates are numbers with formats; a value that is not a date stays as it was.
  assert.equal(ws.getCell('D5').value, 1200.5);
  assert.equal(ws.getCell('D5').numFmt, '"€"#,##0.00');
  assert.deepEqual(ws.getCell('E5').value, new Date(Date.UTC(2018, 3, 3)));
  assert.equal(ws.getCell('E5').numFmt, 'yyyy-mm-dd');
  assert.equal(ws.getCell('E8').value, 'not a date');
  assert.equal(ws.getCell('F8').value, '2018-02-30');
  // Tickets' datetime 2018-04-01T09:30: serial 43191 + 9.5/24.
  const tickets = sheet(wb, 'Data Tickets');
  assert.deepEqual(tickets.getCell('B5').value, new Date(Date.UTC(2018, 3, 1, 9, 30)));

  const xml = await part(zip, await sheetPartPath(zip, 'Data Deals'));
  assert.equal(all(xml, NS.main, 'f').length, 0, 'no formula anywhere on a data sheet');
  const cells = all(xml, NS.main, 'c').filter((c) => ['B6', 'G6', 'H6', 'B7', 'G7', 'H7'].includes(c.getAttribute('r') ?? ''));
  assert.equal(cells.length, 6);
  for (const c of cells) assert.equal(c.getAttribute('t'), 'inlineStr', `${c.getAttribute('r')} is a text cell`);
  const sheetRels = await zip.file(`${(await sheetPartPath(zip, 'Data Deals')).replace('worksheets/', 'worksheets/_rels/')}.rels`)?.async('string');
  assert.ok(sheetRels !== undefined && !/hyperlink/i.test(sheetRels), 'no hyperlink relationships');
  const table = await part(zip, 'xl/tables/table1.xml');
  assert.equal(table.documentElement.getAttribute('ref'), 'A4:H8');
  assert.equal(all(table, NS.main, 'autoFilter').length, 1);
  assert.deepEqual(
    all(table, NS.main, 'tableColumn').map((c) => c.getAttribute('name')),
    ['Deal ID', 'Stage', 'Status', 'Amount', 'Created', 'Closed', 'Owner', 'Source'],
  );
});

test('the row cap: the first rows and a note saying how many there are', async () => {
  const { wb, zip } = await writeAndRead(fixtureInput(), { dataRowCap: 2 });
  const ws = sheet(wb, 'Data Deals');
  assert.equal(ws.getCell('A2').value, 'The first 2 of 4 rows: the report holds at most 2 rows per dataset. The workbook file holds them all.');
  assert.equal(ws.getCell('A6').value, 'D-2');
  assert.equal(ws.getCell('A7').value, null);
  const table = await part(zip, 'xl/tables/table1.xml');
  assert.equal(table.documentElement.getAttribute('ref'), 'A4:H6');
});

test('a row cap of 0 leaves the data sheets out', async () => {
  const { wb } = await writeAndRead(fixtureInput(), { dataRowCap: 0 });
  assert.ok(!wb.worksheets.some((w) => w.name.startsWith('Data')));
});

test("charts: up to 4 per area sheet, over that sheet's trend rows", async () => {
  const { zip } = await writeAndRead(fixtureInput());
  const charts = Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
  // Sales 4 (all 4 KPIs have a trend), Marketing 2, Customers 4, Service 1 (FCR has a single point).
  assert.equal(charts.length, 11);
  const refs: string[] = [];
  for (const p of charts) refs.push(...text(await part(zip, p), NS.c, 'f'));
  // Win rate's trend row on Sales is row 12, periods in B..I; the header row 11 gives the categories.
  assert.ok(refs.includes("'Sales'!$B$12:$I$12"));
  assert.ok(refs.includes("'Sales'!$B$11:$I$11"));
  // Win rate's note is a comment (a legacy VML drawing), which CT_Worksheet puts after the drawing.
  const order = rootChildNames(await part(zip, await sheetPartPath(zip, 'Sales')));
  assert.ok(order.includes('legacyDrawing') && order.indexOf('drawing') < order.indexOf('legacyDrawing'), order.join(','));
});

test('a workbook without data, for period all, still gives a readable report', async () => {
  const base = fixtureInput();
  const input = fixtureInput({
    period: { id: 'all', start: '0000-01-01', end: '9999-12-31' },
    current: {
      period: { id: 'all', start: '0000-01-01', end: '9999-12-31' },
      metrics: base.current.metrics.map((m) => ({
        ...m,
        status: 'no_data' as const,
        value: null,
        numerator: null,
        denominator: null,
        reason: 'no data imported yet',
      })),
    },
    trend: { periods: ['all'], byMetric: new Map() },
    datasets: [],
  });
  const { wb, zip } = await writeAndRead(input);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Summary', 'Definitions'],
  );
  const ws = sheet(wb, 'Summary');
  assert.equal(ws.getCell('A2').value, 'KPI report for all (all data)');
  assert.equal(ws.getCell('A7').value, 'No KPI has data for this period. The Definitions sheet says what each KPI needs.');
  assert.equal(Object.keys(zip.files).filter((p) => p.startsWith('xl/charts/')).length, 0);
});
