import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBadInputs } from '../../../fixtures/make-bad-inputs';
import { detectDelimiter } from '../../../../main/import/csv';
import { openSource } from '../../../../main/import/source';
import { describeRowProblem } from '../../../../shared/result';
import { readAll, refusal } from './read-all';

let dir: string;
let f: Record<string, string>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpiw-csv-'));
  f = await makeBadInputs(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const cells = (rows: { cells: unknown[] }[]): unknown[][] => rows.map((r) => r.cells);

test('an empty file is refused by name', async () => {
  await refusal(openSource(f['empty.csv'] as string), 'import_no_rows', 'empty.csv is empty');
});

test('a missing file is file_not_found', async () => {
  await refusal(openSource(join(dir, 'nope.csv')), 'file_not_found', 'nope.csv');
});

test('header only: a valid table with zero rows', async () => {
  const { info, rows } = await readAll(f['header-only.csv'] as string);
  assert.deepEqual(info.headers, ['deal_id', 'amount', 'stage']);
  assert.equal(info.headerRow, 1);
  assert.equal(rows.length, 0);
});

test('blank headers become Column N, repeats are numbered (case-insensitively)', async () => {
  // 'Amount, ,amount,Stage,' : the trailing empty header has no data under it, so 4 columns.
  const { info, rows } = await readAll(f['dup-blank-headers.csv'] as string);
  assert.deepEqual(info.headers, ['Amount', 'Column 2', 'amount (2)', 'Stage']);
  assert.deepEqual(cells(rows), [['10', 'x', '20', 'Won']]);
});

test('ragged rows: short ones padded with a warning, long ones cut when the extras are empty, else rejected', async () => {
  const { info, rows } = await readAll(f['ragged.csv'] as string);
  assert.deepEqual(cells(rows), [
    ['1', '2', null],
    ['3', '4', '5'],
    ['7', '8', '9'],
  ]);
  assert.deepEqual(
    rows.map((r) => r.row),
    [2, 3, 4],
  );
  assert.ok(info.warnings.includes('1 row had fewer cells than the header (Row 2); the missing cells were read as empty'), info.warnings.join('|'));
  // Row 4's extra cell is empty (a trailing comma): nothing is lost. Row 3's "6" has no column to go to.
  assert.deepEqual(
    rows.map((r) => r.problem),
    [
      undefined,
      {
        row: 3,
        column: 'Column 4',
        value: '6',
        reason:
          'is past the last column: row 3 has 4 fields, the header 3, so a value in it probably holds an unquoted ","; put that value in quotes (or remove the ",") and import again',
      },
      undefined,
    ],
  );
  assert.ok(!info.warnings.some((w) => w.includes('more cells')), info.warnings.join('|'));
});

test('a value with an unquoted delimiter shifts its row: rejected with its count of fields, the rows around it read as usual', async () => {
  const { writeFileSync } = await import('node:fs');
  const path = join(dir, 'shifted.csv');
  // Row 3's product "Pan; cast iron" was written without quotes: its 5 fields put the amount under Owner.
  // Row 4 ends in two empty fields, which lose nothing.
  writeFileSync(path, 'Deal;Product;Amount;Owner\nD1;Oven;1200;Ann\nD2;Pan; cast iron;80;Bob\nD3;Pot;40;Cy;;\n');
  const { info, rows } = await readAll(path);
  assert.equal(info.delimiter, ';');
  assert.deepEqual(
    rows.map((r) => [r.row, r.problem === undefined ? 'kept' : describeRowProblem(r.problem)]),
    [
      [2, 'kept'],
      [
        3,
        'Row 3, column "Column 5": "Bob" is past the last column: row 3 has 5 fields, the header 4, so a value in it probably holds an unquoted ";"; put that value in quotes (or remove the ";") and import again',
      ],
      [4, 'kept'],
    ],
  );
  // The value shown runs from the first field past the header to the last filled one, as written.
  const tab = join(dir, 'shifted.tsv');
  writeFileSync(tab, 'a\tb\n1\t2\n3\t4\t5\t\t6\t\n7\t8\n');
  const t = await readAll(tab);
  assert.equal(t.rows[1]?.problem?.value, '5\t\t6');
  assert.match(t.rows[1]?.problem?.reason ?? '', /row 3 has 6 fields, the header 2, so a value in it probably holds an unquoted tab; /);
});

test('an unterminated quote names the row where the quote opened', async () => {
  // Record 1 header, record 2 "1,fine", record 3 starts `2,"opens here` and never closes.
  await refusal(openSource(f['unterminated.csv'] as string), 'import_unreadable', 'unterminated.csv', 'row 3 opens a quoted field');
});

test('quoted fields keep embedded newlines, delimiters and doubled quotes; rows count records', async () => {
  const { rows } = await readAll(f['embedded-newlines.csv'] as string);
  assert.deepEqual(rows, [
    { row: 2, cells: ['1', 'line one\r\nline two, with comma', '5'] },
    { row: 3, cells: ['2', 'say "hi"', '6'] },
  ]);
});

test('UTF-8 BOM is detected and not part of the first header', async () => {
  const { info, rows } = await readAll(f['bom.csv'] as string);
  assert.equal(info.encoding, 'utf-8-bom');
  assert.deepEqual(info.headers, ['deal_id', 'amount']);
  assert.deepEqual(cells(rows), [['1', '10']]);
});

test('UTF-16 LE (Excel "Unicode Text", tab-separated) and UTF-16 BE', async () => {
  const le = await readAll(f['utf16le.txt'] as string);
  assert.equal(le.info.encoding, 'utf-16le');
  assert.equal(le.info.delimiter, '\t');
  assert.deepEqual(cells(le.rows), [['Zoë', 'Köln']]);
  const be = await readAll(f['utf16be.csv'] as string);
  assert.equal(be.info.encoding, 'utf-16be');
  assert.deepEqual(be.info.headers, ['name', 'city']);
  assert.deepEqual(cells(be.rows), [['Zoë', 'Köln']]);
});

test('Windows-1252 decodes €, curly quotes and dashes', async () => {
  const { info, rows } = await readAll(f['cp1252.csv'] as string);
  assert.equal(info.encoding, 'windows-1252');
  assert.deepEqual(cells(rows), [['\u201cDeluxe\u201d mug', '\u20ac12', 'it\u2019s \u2014 great']]);
});

test('semicolons with comma decimals, pipes, tabs and CR-only line ends', async () => {
  const semi = await readAll(f['semicolon.csv'] as string);
  assert.equal(semi.info.delimiter, ';');
  assert.deepEqual(cells(semi.rows), [
    ['261,96', '2', 'South'],
    ['1.234,50', '3', 'West'],
  ]);
  const pipe = await readAll(f['pipe.csv'] as string);
  assert.equal(pipe.info.delimiter, '|');
  assert.deepEqual(cells(pipe.rows)[0], ['1', 'Acme, Inc.', '10']);
  const tab = await readAll(f['tab.tsv'] as string);
  assert.equal(tab.info.delimiter, '\t');
  assert.deepEqual(cells(tab.rows), [['1', 'Acme, Inc.']]);
  const cr = await readAll(f['cr-only.csv'] as string);
  assert.deepEqual(cr.rows, [
    { row: 2, cells: ['1', 'a'] },
    { row: 3, cells: ['2', 'b'] },
  ]);
});

test('a 5 MB single field is refused, naming its row', async () => {
  await refusal(openSource(f['huge-field.csv'] as string), 'import_too_large', 'huge-field.csv', 'row 2 is longer than 1,048,576 characters');
});

test('binary garbage named .csv is refused before parsing', async () => {
  await refusal(openSource(f['garbage.csv'] as string), 'import_unreadable', 'garbage.csv', 'binary');
});

test('title rows above the header are skipped with a warning', async () => {
  // Row 1 "Sales report Q3", row 2 blank, row 3 the header.
  const { info, rows } = await readAll(f['title-rows.csv'] as string);
  assert.equal(info.headerRow, 3);
  assert.deepEqual(info.headers, ['Region', 'Owner', 'Amount']);
  assert.deepEqual(rows, [
    { row: 4, cells: ['West', 'Ann', '10'] },
    { row: 5, cells: ['East', 'Bob', '20'] },
  ]);
  assert.ok(info.warnings.includes('Row 1 above the header was skipped (a title row)'), info.warnings.join('|'));
});

test('a Salesforce report footer and its totals row are dropped with warnings', async () => {
  const { info, rows } = await readAll(f['salesforce-footer.csv'] as string);
  assert.deepEqual(cells(rows), [
    ['Acme deal', 'Closed Won', '1000'],
    ['Bolt deal', 'Prospecting', '2000'],
  ]);
  // Rows 5-6 are blank; 7 is the report name, 8-11 the footer proper.
  assert.ok(info.warnings.includes('Row 4 is a totals row and was skipped'), info.warnings.join('|'));
  assert.ok(
    info.warnings.includes('Rows 7-11 at the end were skipped (a report footer: "Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.")'),
    info.warnings.join('|'),
  );
});

test('a lone-cell row followed by more data is data, not a footer', async () => {
  const path = join(dir, 'lone.csv');
  (await import('node:fs')).writeFileSync(path, 'a,b\n1,2\nonly,\n3,4\n');
  const { rows } = await readAll(path);
  assert.deepEqual(cells(rows), [
    ['1', '2'],
    ['only', ''],
    ['3', '4'],
  ]);
});

test('a CSV renamed .xlsx is read as CSV with a warning; prose renamed .xlsx is not a table', async () => {
  const { info, rows } = await readAll(f['csv-renamed.xlsx'] as string);
  assert.equal(info.kind, 'csv');
  assert.equal(rows.length, 2);
  assert.ok(info.warnings.some((w) => w.includes('despite its .xlsx name')));
  await refusal(openSource(f['text.xlsx'] as string), 'import_not_a_table', 'text.xlsx is not an Excel workbook');
});

test('batches can be cancelled', async () => {
  const source = await openSource(f['title-rows.csv'] as string);
  const controller = new AbortController();
  controller.abort();
  await refusal(
    (async () => {
      for await (const _ of source.batches(controller.signal)) assert.fail('no batch after cancel');
    })(),
    'cancelled',
    'title-rows.csv',
  );
});

test('delimiter detection counts fields outside quotes', () => {
  assert.equal(detectDelimiter('a;b;c\n"1,5";2;3\n"x;y";"p,q";r\n', true), ';');
  assert.equal(detectDelimiter('name,note\nAnn,"a;b;c;d"\nBob,"e;f;g;h"\n', true), ',');
  assert.equal(detectDelimiter('just one column\nand another line\n', true), undefined);
  // The last line of a partial sample may be cut: it is not counted.
  assert.equal(detectDelimiter('a|b\n1|2\n3|4\n5,6,7,8,9', false), '|');
});

test('delimiter detection reads a quote only where the import does: at the start of a field', () => {
  // Counting every quote, `12" oven` opened a quoted field running to the end, and the file was refused.
  const inches = 'id;product;qty\n1;12" oven, steel;2\n2;pan;1\n3;wok;1\n';
  assert.equal(detectDelimiter(inches, true), ';');
  assert.equal(detectDelimiter(inches.slice(0, 40), false), ';');
  // A quote never closed: the records before it still tell the delimiter, so the import can name the row.
  assert.equal(detectDelimiter('a;b;c\n1;2;3\n4;"open;6\n', true), ';');
});

test('a semicolon export with an inch mark in a text field imports with its columns; an open quote is refused by row', async () => {
  const { writeFileSync } = await import('node:fs');
  const path = join(dir, 'inches.csv');
  writeFileSync(path, 'Deal;Product;Amount\nD1;12" oven;1.234,50\nD2;Pan;80\nD3;Tray;12\n');
  const { info, rows } = await readAll(path);
  assert.equal(info.delimiter, ';');
  assert.deepEqual(info.headers, ['Deal', 'Product', 'Amount']);
  assert.deepEqual(cells(rows), [
    ['D1', '12" oven', '1.234,50'],
    ['D2', 'Pan', '80'],
    ['D3', 'Tray', '12'],
  ]);
  const open = join(dir, 'open-quote.csv');
  writeFileSync(open, 'a;b;c\n1;2;3\n4;"open;6\n7;8;9\n');
  await refusal(openSource(open), 'import_unreadable', 'open-quote.csv: row 3 opens a quoted field that is never closed');
});

test('characters split across 1 MiB read chunks decode whole; size, hash and progress are reported', async () => {
  const { createHash } = await import('node:crypto');
  const { writeFileSync, readFileSync } = await import('node:fs');
  // "id,note\n" is 8 bytes; padding puts the 3-byte € at bytes 1,048,575-1,048,577, across the first chunk's end.
  const pad = 'x'.repeat(1024 * 1024 - 1 - 8 - 2);
  const path = join(dir, 'split.csv');
  writeFileSync(path, `id,note\n1,${pad}€\n2,Köln\n`);
  const source = await openSource(path);
  const rows = [];
  for await (const b of source.batches()) rows.push(...b);
  assert.equal(rows[0]?.cells[1], `${pad}€`);
  assert.deepEqual(rows[1]?.cells, ['2', 'Köln']);
  const bytes = readFileSync(path);
  assert.equal(source.info.fileSize, bytes.length);
  assert.equal(source.info.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(source.progress(), { done: bytes.length, total: bytes.length });
  assert.equal(source.info.encoding, 'utf-8');
});

test('a byte that is not UTF-8 after the validated first MiB is counted in a warning', async () => {
  const { writeFileSync } = await import('node:fs');
  const path = join(dir, 'late-cp1252.csv');
  // 1,100 rows of 1,000 characters, then a Windows-1252 row: "2,“a”".
  const head = Buffer.from(`id,note\n${`1,${'y'.repeat(998)}\n`.repeat(1100)}`);
  writeFileSync(path, Buffer.concat([head, Buffer.from([0x32, 0x2c, 0x93, 0x61, 0x94, 0x0a])]));
  const { info, rows } = await readAll(path);
  assert.equal(info.encoding, 'utf-8');
  assert.equal(rows.length, 1101);
  assert.equal(rows[1100]?.cells[1], '\uFFFDa\uFFFD');
  assert.ok(
    info.warnings.some((w) => w.startsWith('2 characters were not valid UTF-8')),
    info.warnings.join('|'),
  );
});

test('stray quote marks are kept as text rather than refusing the file', async () => {
  const { writeFileSync } = await import('node:fs');
  const path = join(dir, 'stray-quotes.csv');
  writeFileSync(path, 'id,name,size\n2,"Acme" Inc,12" pizza\n');
  const { rows } = await readAll(path);
  assert.deepEqual(rows[0]?.cells, ['2', '"Acme" Inc', '12" pizza']);
});

test('size limits are checked before reading: a CSV over 2 GB, a workbook over 200 MB (sparse files)', async () => {
  const { writeFileSync, truncateSync } = await import('node:fs');
  const csv = join(dir, 'huge.csv');
  writeFileSync(csv, 'a,b\n1,2\n');
  truncateSync(csv, 2 * 1024 ** 3 + 1);
  await refusal(openSource(csv), 'import_too_large', 'huge.csv is 2,048 MB; the largest CSV this app reads is 2 GB');
  const xlsx = join(dir, 'huge.xlsx');
  writeFileSync(xlsx, Buffer.from('PK\x03\x04', 'latin1'));
  truncateSync(xlsx, 200 * 1024 ** 2 + 1);
  await refusal(openSource(xlsx), 'import_too_large', 'huge.xlsx is 200 MB; the largest workbook this app reads is 200 MB');
});
