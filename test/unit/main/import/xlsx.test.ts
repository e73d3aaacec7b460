import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeBadInputs, part, workbookParts, writeZip } from '../../../fixtures/make-bad-inputs';
import { openSource } from '../../../../main/import/source';
import { readAll, refusal } from './read-all';

let dir: string;
let f: Record<string, string>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpiw-xlsx-'));
  f = await makeBadInputs(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function save(wb: ExcelJS.Workbook, name: string): Promise<string> {
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

test('a text file named .xlsx, a truncated workbook and a ZIP without a workbook are refused', async () => {
  await refusal(openSource(f['text.xlsx'] as string), 'import_not_a_table', 'text.xlsx');
  await refusal(openSource(f['truncated.xlsx'] as string), 'import_unreadable', 'truncated.xlsx is damaged or incomplete');
  await refusal(openSource(f['no-workbook.xlsx'] as string), 'import_not_a_table', 'no-workbook.xlsx is a ZIP archive but not an Excel workbook');
});

test('every prefix of a good workbook ends in a clean refusal', async () => {
  const whole = readFileSync(f['basic.xlsx'] as string);
  for (let tenth = 1; tenth <= 9; tenth++) {
    const path = join(dir, `prefix-${tenth}.xlsx`);
    writeFileSync(path, whole.subarray(0, Math.floor((whole.length * tenth) / 10)));
    await refusal(openSource(path), 'import_unreadable', `prefix-${tenth}.xlsx`);
  }
  const source = await openSource(f['basic.xlsx'] as string);
  let rows = 0;
  for await (const batch of source.batches()) rows += batch.length;
  assert.equal(rows, 50);
  // Progress counts the sheet's inflated XML: all of it by the end.
  const { done, total } = source.progress();
  assert.ok(total > 0 && done === total, `${done}/${total}`);
});

test('ZIP bombs are refused from the central directory or by counting real bytes', async () => {
  await refusal(openSource(f['zip-bomb.xlsx'] as string), 'import_too_large', 'zip-bomb.xlsx', 'xl/worksheets/sheet1.xml');
  await refusal(
    openSource(f['shared-strings-bomb.xlsx'] as string),
    'import_too_large',
    'shared-strings-bomb.xlsx looks like a ZIP bomb',
    'xl/sharedStrings.xml',
  );
  // Declares 4 KiB, inflates to 64 MiB: yauzl stops at the declared size.
  await refusal(openSource(f['lying-sizes.xlsx'] as string), 'import_unreadable', 'lying-sizes.xlsx is damaged', 'too many bytes');
});

test('OLE2 files: a password-protected workbook and an old .xls get their own messages', async () => {
  await refusal(
    openSource(f['encrypted.xlsx'] as string),
    'import_encrypted',
    'encrypted.xlsx is password-protected: remove the password in Excel and import again',
  );
  await refusal(openSource(f['old.xls'] as string), 'import_unreadable', 'old.xls is an old Excel 97-2003 workbook', 'save it as .xlsx or CSV');
});

test('merged group labels above sub-headers, and a header merged across two columns', async () => {
  const wb = new ExcelJS.Workbook();
  const g = wb.addWorksheet('Groups');
  g.getCell('A1').value = 'Order ID';
  g.mergeCells('A1:A2');
  g.getCell('B1').value = 'Dates';
  g.mergeCells('B1:C1');
  g.getCell('D1').value = '2023';
  g.mergeCells('D1:E1');
  g.getCell('F1').value = '2024';
  g.mergeCells('F1:G1');
  // Cell by cell: assigning A2 (inside A1:A2) would overwrite the merge's value.
  ['Created', 'Closed', 'Amount', 'Count', 'Amount', 'Count'].forEach((v, i) => {
    g.getCell(2, i + 2).value = v;
  });
  g.getRow(3).values = ['SO-1', new Date(Date.UTC(2024, 0, 5)), new Date(Date.UTC(2024, 1, 6)), 10, 1, 20, 2];
  const a = wb.addWorksheet('Across');
  a.getRow(1).values = ['Name', 'Address', undefined, 'City', 'Amount'];
  a.mergeCells('B1:C1');
  a.getRow(2).values = ['Ann', '1 Main St', 'Apt 2', 'Paris', 5];
  const path = await save(wb, 'merged.xlsx');

  const groups = await readAll(path, { sheet: 'Groups' });
  assert.equal(groups.info.headerRow, 2);
  assert.deepEqual(groups.info.headers, ['Order ID', 'Created', 'Closed', '2023 Amount', '2023 Count', '2024 Amount', '2024 Count']);
  assert.deepEqual(groups.rows, [{ row: 3, cells: ['SO-1', '2024-01-05', '2024-02-06', 10, 1, 20, 2] }]);
  assert.ok(!groups.info.warnings.some((w) => w.includes('title row')), 'a group row is not a title row');

  const across = await readAll(path, { sheet: 'Across' });
  assert.equal(across.info.headerRow, 1);
  assert.deepEqual(across.info.headers, ['Name', 'Address', 'Address (2)', 'City', 'Amount']);
  assert.deepEqual(across.rows[0]?.cells, ['Ann', '1 Main St', 'Apt 2', 'Paris', 5]);
});

test('hidden sheets are listed; the default is the first visible sheet with data; --sheet picks by name', async () => {
  const wb = new ExcelJS.Workbook();
  const hidden = wb.addWorksheet('Secret', { state: 'hidden' });
  hidden.addRows([['k'], ['v']]);
  wb.addWorksheet('Blank');
  wb.addWorksheet('Deals').addRows([
    ['deal_id', 'amount'],
    ['D1', 5],
  ]);
  const path = await save(wb, 'hidden.xlsx');

  const { info, rows } = await readAll(path);
  assert.deepEqual(info.sheets, [
    { name: 'Secret', hidden: true, hasData: true },
    { name: 'Blank', hidden: false, hasData: false },
    { name: 'Deals', hidden: false, hasData: true },
  ]);
  assert.equal(info.sheet, 'Deals');
  assert.deepEqual(rows, [{ row: 2, cells: ['D1', 5] }]);
  assert.equal((await readAll(path, { sheet: 'Secret' })).rows[0]?.cells[0], 'v');
  assert.equal((await readAll(path, { sheet: 'deals' })).info.sheet, 'Deals');
  await refusal(openSource(path, { sheet: 'Orders' }), 'unknown_sheet', 'hidden.xlsx has no sheet named "Orders"; its sheets are "Secret", "Blank", "Deals"');
  await refusal(openSource(path, { sheet: 'Blank' }), 'import_no_rows', 'hidden.xlsx, sheet "Blank", has no rows');
});

test('the 1904 date system: serials count from 1904-01-01, only date-formatted cells become dates', async () => {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet('Dates');
  ws.addRow(['day', 'stamp', 'plain']);
  ws.addRow([new Date(Date.UTC(2024, 2, 15)), new Date(Date.UTC(2024, 2, 15, 13, 45, 30)), 43904]);
  ws.getCell('A2').numFmt = 'yyyy-mm-dd';
  ws.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm:ss';
  const path = await save(wb, 'date1904.xlsx');
  // Independent check of the stored serial: 2024-03-15 is 45366 in the 1900 system, 45366 - 1462 = 43904 in 1904.
  const xml = await (await JSZip.loadAsync(readFileSync(path))).file('xl/worksheets/sheet1.xml')?.async('string');
  assert.match(xml ?? '', /<c r="A2"[^>]*><v>43904<\/v>/);

  const { info, rows } = await readAll(path);
  assert.equal(info.date1904, true);
  assert.deepEqual(rows[0]?.cells, ['2024-03-15', '2024-03-15T13:45:30', 43904]);
});

test('formulas read as cached results; errors and missing results read as empty and are counted', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('F');
  ws.addRow(['id', 'value']);
  ws.addRow(['cached', { formula: '2*10', result: 20 }]);
  ws.addRow(['none', { formula: '2*10' }]);
  ws.addRow(['error', { formula: '1/0', result: { error: '#DIV/0!' } }]);
  ws.addRow(['text', { formula: 'UPPER("a")', result: 'A' }]);
  ws.addRow(['shared', { sharedFormula: 'B2', result: 7 }]);
  const path = await save(wb, 'formulas.xlsx');

  const { info, rows } = await readAll(path);
  assert.deepEqual(
    rows.map((r) => r.cells),
    [
      ['cached', 20],
      ['none', null],
      ['error', null],
      ['text', 'A'],
      ['shared', 7],
    ],
  );
  assert.ok(info.warnings.includes('1 cell held an error value such as #DIV/0! or #N/A and was read as empty'), info.warnings.join('|'));
  assert.ok(
    info.warnings.some((w) => w.startsWith('1 cell held a formula with no saved result')),
    info.warnings.join('|'),
  );
});

test('rich text, hyperlinks and booleans come out as plain values', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('R');
  ws.addRow(['note', 'link', 'flag']);
  ws.addRow([{ richText: [{ text: 'Hello ' }, { font: { bold: true }, text: 'World' }] }, { text: 'Our site', hyperlink: 'https://example.com' }, true]);
  const path = await save(wb, 'rich.xlsx');
  const { rows } = await readAll(path);
  assert.deepEqual(rows[0]?.cells, ['Hello World', 'Our site', true]);
});

test("sheets before sharedStrings and styles (Excel's order), and a sheet part not named sheetN.xml", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Orders');
  ws.addRow(['order_id', 'ordered_at', 'amount']);
  ws.addRow(['A-1', new Date(Date.UTC(2023, 11, 31)), 12.5]);
  ws.addRow(['A-2', new Date(Date.UTC(2024, 0, 1)), 7]);
  const order = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml'];
  const parts = await workbookParts(wb, order);
  const names = parts.map((p) => p.name);
  assert.ok(names.indexOf('xl/worksheets/sheet1.xml') < names.indexOf('xl/sharedStrings.xml'));
  assert.ok(names.indexOf('xl/worksheets/sheet1.xml') < names.indexOf('xl/styles.xml'));
  const path = join(dir, 'excel-order.xlsx');
  writeFileSync(path, writeZip(parts));
  const expected = [
    { row: 2, cells: ['A-1', '2023-12-31', 12.5] },
    { row: 3, cells: ['A-2', '2024-01-01', 7] },
  ];
  assert.deepEqual((await readAll(path)).rows, expected);

  // Rename the sheet part and follow the relationship, as Excel's readers do.
  const renamed = await Promise.all(
    parts.map(async (p) => {
      if (p.name === 'xl/worksheets/sheet1.xml') return { ...p, name: 'xl/worksheets/orders-data.xml' };
      if (p.name === 'xl/_rels/workbook.xml.rels' || p.name === '[Content_Types].xml') {
        const text = (await inflate(p.data)).replace(/sheet1\.xml/g, 'orders-data.xml');
        return part(p.name, text);
      }
      return p;
    }),
  );
  const path2 = join(dir, 'renamed-part.xlsx');
  writeFileSync(path2, writeZip(renamed));
  assert.deepEqual((await readAll(path2)).rows, expected);
});

async function inflate(data: Buffer): Promise<string> {
  const { inflateRawSync } = await import('node:zlib');
  return inflateRawSync(data).toString('utf8');
}

test('title rows above the header in a sheet are skipped, totals rows dropped', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Spend');
  ws.getCell('A1').value = 'Marketing spend 2024';
  ws.getRow(3).values = ['Month', 'Channel', 'Amount'];
  ws.getRow(4).values = ['2024-01', 'Ads', 100];
  ws.getRow(5).values = ['2024-02', 'Ads', 150];
  ws.getRow(6).values = ['Total', undefined, { formula: 'SUM(C4:C5)', result: 250 }];
  const { info, rows } = await readAll(await save(wb, 'spend.xlsx'));
  assert.equal(info.headerRow, 3);
  assert.deepEqual(
    rows.map((r) => r.row),
    [4, 5],
  );
  assert.ok(info.warnings.includes('Row 1 above the header was skipped (a title row)'));
  assert.ok(info.warnings.includes('Row 6 is a totals row and was skipped'));
});

test('a workbook named .csv is read as a workbook, with a warning', async () => {
  const path = join(dir, 'really-xlsx.csv');
  writeFileSync(path, readFileSync(f['basic.xlsx'] as string));
  const { info, rows } = await readAll(path);
  assert.equal(info.kind, 'xlsx');
  assert.equal(rows.length, 50);
  assert.ok(info.warnings.some((w) => w.includes('despite its .csv name')));
});

/** A one-sheet workbook around hand-written sheet XML (and shared strings), as other writers than Excel produce it. */
function handWritten(name: string, sheetXml: string, shared: readonly string[] = []): string {
  const rels = (body: string) =>
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
  const strings = shared.map((t) => `<si><t>${t}</t></si>`).join('');
  const path = join(dir, name);
  writeFileSync(
    path,
    writeZip([
      part(
        '_rels/.rels',
        rels('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'),
      ),
      part(
        'xl/workbook.xml',
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      part(
        'xl/_rels/workbook.xml.rels',
        rels(
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>',
        ),
      ),
      part('xl/worksheets/sheet1.xml', sheetXml),
      part(
        'xl/sharedStrings.xml',
        `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}">${strings}</sst>`,
      ),
    ]),
  );
  return path;
}

test('a hand-written sheet: prefixed names, inline strings with references and CDATA, rows and cells without r=', async () => {
  const xml =
    '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
    '<x:row><x:c t="inlineStr"><x:is><x:t>Deal &amp; Co</x:t></x:is></x:c><x:c t=\'inlineStr\'><x:is><x:t><![CDATA[<Amount>]]></x:t></x:is></x:c></x:row>' +
    '<x:row><x:c t="inlineStr"><x:is><x:r><x:t>D-</x:t></x:r><x:r><x:t>1</x:t></x:r></x:is></x:c><x:c><x:v>12.5</x:v></x:c></x:row>' +
    '</x:sheetData><x:mergeCells count="0"/></x:worksheet>';
  const { info, rows } = await readAll(handWritten('hand.xlsx', xml));
  assert.deepEqual(info.headers, ['Deal & Co', '<Amount>']);
  assert.deepEqual(rows, [{ row: 2, cells: ['D-1', 12.5] }]);
});

test('a sheet that is not well-formed XML is refused as damaged, naming the part', async () => {
  const xml = '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>';
  await refusal(
    openSource(handWritten('mismatch.xlsx', xml)),
    'import_unreadable',
    'mismatch.xlsx is damaged: xl/worksheets/sheet1.xml is not valid XML',
    '</row> where </c> was expected',
  );
  const entity =
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY big "lol">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&big;</t></is></c></row></sheetData></worksheet>';
  await refusal(openSource(handWritten('doctype.xlsx', entity)), 'import_unreadable', 'doctype.xlsx is damaged', 'DOCTYPE');
});

test('rows and cells without r= are placed by order, whatever shape their empty cells take', async () => {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const text = (t: string): string => `<c t="inlineStr"><is><t>${t}</t></is></c>`;
  const xml =
    `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>` +
    '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>' +
    `<row>${text('D1')}<c/><c><v>10</v></c><c t="s"><v>4</v></c></row>` +
    // A shared-string cell without an index is empty: Number('') is 0, which read it as "Deal".
    `<row>${text('D2')}<c t="s"/><c><v>20</v></c><c t="s"><v>4</v></c></row>` +
    '<row/>' +
    `<row>${text('D3')}<c s="0"></c><c><v></v></c><c t="s"><v>5</v></c></row>` +
    `<row>${text('D4')}${text('')}<c><f>C2*2</f></c><c t="s"><v>4</v></c></row>` +
    '</sheetData></worksheet>';
  const path = handWritten('no-refs.xlsx', xml, ['Deal', 'Owner', 'Amount', 'Stage', 'Won', 'Lost']);
  const { info, rows } = await readAll(path);
  assert.deepEqual(info.headers, ['Deal', 'Owner', 'Amount', 'Stage']);
  // Row 4 is the empty <row/>, counted although it holds nothing.
  assert.deepEqual(rows, [
    { row: 2, cells: ['D1', null, 10, 'Won'] },
    { row: 3, cells: ['D2', null, 20, 'Won'] },
    { row: 5, cells: ['D3', null, null, 'Lost'] },
    { row: 6, cells: ['D4', '', null, 'Won'] },
  ]);
  // The formula's cell is named by the place its order gives it.
  const source = await openSource(path);
  const problems = [];
  for await (const batch of source.batches(undefined, new Set([2]))) problems.push(...batch.flatMap((r) => (r.problem ? [r.problem] : [])));
  assert.deepEqual(problems, [
    {
      row: 6,
      column: 'Amount',
      value: '',
      reason: 'because cell C6 holds a formula without a saved result: open the file in Excel, save it and import it again',
    },
  ]);
});

test('a value merged down over several data rows is read into each of them, with one note', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Deals');
  ws.addRow(['Deal', 'Stage', 'Owner', 'Amount', 'Note', 'Region']);
  ws.addRow(['D1', 'Won', 'Ann', 100, 'first']);
  ws.addRow(['D2', 'Won', null, 200]);
  ws.addRow(['D3', 'Lost', null, 300]);
  ws.addRow(['D4', 'Won', 'Bob', 400]);
  ws.addRow(['D5', 'Open', null, 500]);
  ws.addRow(['D6', 'Open', 'Cy', 600, 'a wide note']);
  ws.mergeCells('C2:C4');
  ws.mergeCells('C5:C6');
  // Across, not down: the note stays in its own column. Down over nothing: nothing to fill.
  ws.mergeCells('E7:F7');
  ws.mergeCells('F2:F3');
  const { info, rows } = await readAll(await save(wb, 'merged-down.xlsx'));
  assert.deepEqual(
    rows.map((r) => r.cells),
    [
      ['D1', 'Won', 'Ann', 100, 'first', null],
      ['D2', 'Won', 'Ann', 200, null, null],
      ['D3', 'Lost', 'Ann', 300, null, null],
      ['D4', 'Won', 'Bob', 400, null, null],
      ['D5', 'Open', 'Bob', 500, null, null],
      ['D6', 'Open', 'Cy', 600, 'a wide note', null],
    ],
  );
  assert.deepEqual(
    info.warnings.filter((w) => w.includes('merged')),
    ['2 cells merged down over several rows ("Owner" C2:C4, C5:C6): the value of each was read into every row it covers'],
  );
});

test('merges after a prefixed sheetData are read as XML: a commented-out merge is no merge, quotes and escaped text around them', async () => {
  const text = (t: string): string => `<x:c t="inlineStr"><x:is><x:t>${t}</x:t></x:is></x:c>`;
  const xml =
    '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
    `<x:row>${text('Deal')}${text('Owner')}</x:row><x:row>${text('D1')}${text('Ann')}</x:row><x:row>${text('D2')}</x:row><x:row>${text('D3')}</x:row>` +
    "</x:sheetData><!-- <x:mergeCell ref=\"B3:B4\"/> --><x:mergeCells count='1'><x:mergeCell ref='B2:B3'/></x:mergeCells>" +
    '<x:headerFooter><x:oddHeader>&amp;L&gt; <![CDATA[<x:mergeCell ref="B4:B5"/>]]></x:oddHeader></x:headerFooter></x:worksheet>';
  const { info, rows } = await readAll(handWritten('merges-as-xml.xlsx', xml));
  assert.deepEqual(
    rows.map((r) => r.cells),
    [
      ['D1', 'Ann'],
      ['D2', 'Ann'],
      ['D3', null],
    ],
  );
  assert.deepEqual(
    info.warnings.filter((w) => w.includes('merged')),
    ['A cell merged down over several rows ("Owner" B2:B3): its value was read into every row it covers'],
  );
  const broken = xml.replace("<x:mergeCell ref='B2:B3'/>", "<x:mergeCell ref='B2:B3'>");
  await refusal(
    openSource(handWritten('merges-broken.xlsx', broken)),
    'import_unreadable',
    'merges-broken.xlsx is damaged: xl/worksheets/sheet1.xml is not valid XML',
  );
});

test("a formula without a saved result: the row's problem in a strict column, naming the cell; elsewhere empty, with a warning", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Deals');
  ws.addRow(['Deal', 'Stage', 'Amount', 'Note']);
  ws.addRow(['D1', 'Won', 100, 'ok']);
  ws.addRow(['D2', 'Won', { formula: 'C2*2' }, { formula: 'UPPER(D2)' }]);
  ws.addRow(['D3', 'Won', 300, { formula: 'D2' }]);
  ws.addRow(['D4', 'Lost', { formula: '1/0', result: { error: '#DIV/0!' } }, 'x']);
  const path = await save(wb, 'unsaved.xlsx');
  const read = async (strict?: Set<number>) => {
    const source = await openSource(path);
    const rows = [];
    for await (const batch of source.batches(undefined, strict)) rows.push(...batch);
    return { rows, warnings: source.info.warnings };
  };
  // Column C (Amount) strict: row 3 is the problem, and its note's formula is not counted again.
  const strict = await read(new Set([2]));
  assert.deepEqual(
    strict.rows.map((r) => [r.row, r.cells, r.problem?.reason ?? null]),
    [
      [2, ['D1', 'Won', 100, 'ok'], null],
      [3, ['D2', 'Won', null, null], 'because cell C3 holds a formula without a saved result: open the file in Excel, save it and import it again'],
      [4, ['D3', 'Won', 300, null], null],
      [5, ['D4', 'Lost', null, 'x'], null],
    ],
  );
  assert.equal(strict.rows[1]?.problem?.column, 'Amount');
  assert.ok(
    strict.warnings.includes(
      '1 cell held a formula with no saved result and was read as empty (D4): open the file in Excel and save it to store the results, then import it again',
    ),
    strict.warnings.join('|'),
  );
  // An error value is a result: counted apart, never a row's problem.
  assert.ok(strict.warnings.includes('1 cell held an error value such as #DIV/0! or #N/A and was read as empty'), strict.warnings.join('|'));
  const loose = await read();
  assert.ok(loose.rows.every((r) => r.problem === undefined));
  assert.ok(
    loose.warnings.includes(
      '3 cells held a formula with no saved result and were read as empty (C3, D3, D4): open the file in Excel and save it to store the results, then import it again',
    ),
    loose.warnings.join('|'),
  );
});
