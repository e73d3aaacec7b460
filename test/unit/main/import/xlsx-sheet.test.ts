import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppFailure } from '../../../../shared/result';
import { SheetScanner, type SheetContext } from '../../../../main/import/xlsx-sheet';
import type { RawRow } from '../../../../main/import/table-shape';
import type { DateKind } from '../../../../main/import/xlsx-dates';

const PART = 'xl/worksheets/sheet1.xml';

function context(shared: string[] = [], dateKinds: DateKind[] = [], date1904 = false): SheetContext {
  return { fileName: 'book.xlsx', shared, dateKinds, date1904, counts: { formulaErrors: 0 } };
}

function scanChunks(chunks: readonly string[], ctx = context()): RawRow[] {
  const scanner = new SheetScanner(ctx, PART);
  const rows: RawRow[] = [];
  for (const c of chunks) {
    scanner.write(c);
    rows.push(...scanner.take());
  }
  scanner.end();
  rows.push(...scanner.take());
  return rows;
}

/** The rows of a whole part, checked to come out the same however the inflated text is cut into chunks. */
function scan(xml: string, ctx = context()): RawRow[] {
  const whole = scanChunks([xml], ctx);
  for (let cut = 1; cut < xml.length; cut++) {
    assert.deepEqual(
      scanChunks([xml.slice(0, cut), xml.slice(cut)], ctx),
      whole,
      `cut at ${cut}: ${JSON.stringify(xml.slice(Math.max(0, cut - 10), cut + 10))}`,
    );
  }
  assert.deepEqual(scanChunks([...xml], ctx), whole, 'one character per chunk');
  return whole;
}

const sheet = (rows: string, root = 'worksheet'): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<${root} xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></${root}>`;

function refused(xml: string, ...fragments: string[]): void {
  assert.throws(
    () => scanChunks([xml]),
    (e: unknown) => {
      assert.ok(e instanceof AppFailure, String(e));
      assert.equal(e.code, 'import_unreadable');
      assert.ok(e.message.startsWith(`book.xlsx is damaged: ${PART} is not valid XML (`), e.message);
      for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" mentions "${f}"`);
      return true;
    },
  );
}

test('numbers, shared strings, booleans and inline strings land in their columns', () => {
  const rows = scan(
    sheet('<row r="1"><c r="A1"><v>12.5</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="inlineStr"><is><t>Ann</t></is></c></row>'),
    context(['zero', 'one']),
  );
  // B1 is absent, so column 1 is a hole; C1 holds shared string 1.
  assert.deepEqual(rows, [{ row: 1, cells: [12.5, null, 'one', true, 'Ann'] }]);
});

test('entity and character references are decoded; CDATA is literal; CR LF reads as LF but &#13; stays', () => {
  const rows = scan(
    sheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Fish &amp; Chips &lt;3 &gt; &quot;q&quot; &apos;a&apos; &#233;&#xE9;&#x1F600;</t></is></c>' +
        '<c r="B1" t="inlineStr"><is><t><![CDATA[a<b & c]]>!</t></is></c>' +
        '<c r="C1" t="inlineStr"><is><t>one\r\ntwo\rthree&#13;</t></is></c></row>',
    ),
  );
  // &#233; and &#xE9; are both "é"; &#x1F600; is one astral character.
  assert.deepEqual(rows[0]?.cells, ['Fish & Chips <3 > "q" \'a\' éé\u{1F600}', 'a<b & c!', 'one\ntwo\nthree\r']);
});

test('attributes in any order, either quote, spaces around =; self-closing and valueless cells stay empty', () => {
  const rows = scan(sheet(`<row r = '2' ><c t='s' s="0" r='B2' ><v>0</v></c><c r="C2"/><c r="D2" s="0"></c><c r="E2" ><v>7</v ></c></row >`), context(['x']));
  assert.deepEqual(rows, [{ row: 2, cells: [null, 'x', null, null, 7] }]);
});

test('rows and cells without r= follow the one before', () => {
  const rows = scan(
    sheet(
      '<row r="3"><c><v>1</v></c><c><v>2</v></c><c r="E3"><v>5</v></c><c><v>6</v></c></row><row><c><v>9</v></c></row><row/><row><c r="B7"><v>1</v></c></row>',
    ),
  );
  // Row 4 follows row 3; the self-closing row 5 is blank and left out; the next is row 6.
  assert.deepEqual(rows, [
    { row: 3, cells: [1, 2, null, null, 5, 6] },
    { row: 4, cells: [9] },
    { row: 6, cells: [null, 1] },
  ]);
});

test('rich text runs join, phonetic guides are left out, xml:space="preserve" keeps spaces, _x000D_ unescapes', () => {
  const rows = scan(
    sheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>Hello </t></r><r><t>World</t></r><rPh sb="0" eb="1"><t>HA</t></rPh><phoneticPr fontId="1"/></is></c>' +
        '<c r="B1" t="inlineStr"><is><t xml:space="preserve">  padded  </t></is></c><c r="C1" t="str"><f>A1</f><v>line_x000D_end</v></c></row>',
    ),
  );
  assert.deepEqual(rows[0]?.cells, ['Hello World', '  padded  ', 'line\rend']);
});

test('prefixed element names, comments and processing instructions anywhere', () => {
  const xml =
    '<?xml version="1.0"?><!-- a comment before the root --><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
    '<x:row r="1"><!-- -- inside -- --><x:c r="A1" t="inlineStr"><x:is><x:t>a<?pi data?>b</x:t></x:is></x:c><x:c r="B1"><x:v>3</x:v></x:c></x:row>' +
    '</x:sheetData></x:worksheet><!-- after -->';
  assert.deepEqual(scan(xml), [{ row: 1, cells: ['ab', 3] }]);
});

test('only date-formatted numbers become dates, in the workbook date system', () => {
  const xml = sheet('<row r="1"><c r="A1" s="1"><v>45383.60902777778</v></c><c r="B1" s="2"><v>45386</v></c><c r="C1"><v>45386</v></c></row>');
  // 45292 is 2024-01-01; +91 days (31 + 29 + 31) is 2024-04-01; 0.60902777778 * 86400 = 52620 s = 14:37:00.
  assert.deepEqual(scan(xml, context([], [0, 2, 1]))[0]?.cells, ['2024-04-01T14:37:00', '2024-04-04', 45386]);
  // 1904 system: 45386 is 1900-system 46848; 46848 - 45292 = 1556 days after 2024-01-01; less 366 + 365 * 3 leaves
  // 95 days into 2028, a leap year: 95 - 31 - 29 - 31 = 4 days after 1 April, so 2028-04-05.
  assert.deepEqual(scan(xml, context([], [0, 2, 1], true))[0]?.cells, ['2028-04-02T14:37:00', '2028-04-05', 45386]);
});

test('formula errors are counted; formulas without a cached result are read as empty and their columns marked', () => {
  const ctx = context();
  const rows = scanChunks(
    [
      sheet(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C1"><f>A1*2</f></c><c r="D1" t="str"><f>"a"</f></c>' +
          '<c r="E1" t="str"><f>""</f><v></v></c><c r="F1" t="b"><f>TRUE()</f></c><c r="G1"><f>A1</f><v></v></c></row><row r="2"><c r="A2"><v>2</v></c></row>',
      ),
    ],
    ctx,
  );
  // E1's saved result is the empty text, which is a result; C1, D1, F1 and G1 were never calculated.
  assert.deepEqual(rows, [
    { row: 1, cells: [1, null, null, null, ''], unsaved: [2, 3, 5, 6] },
    { row: 2, cells: [2] },
  ]);
  assert.deepEqual(ctx.counts, { formulaErrors: 1 });
});

test('a shared-string cell without an index is empty, not the first shared string', () => {
  assert.deepEqual(
    scan(
      sheet('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"/><c r="C1" t="s"><v></v></c><c r="D1" t="s"><v>0</v></c></row>'),
      context(['first', 'second']),
    ),
    [{ row: 1, cells: ['second', null, null, 'first'] }],
  );
});

test('a cell past column XFD is refused as too wide', () => {
  assert.throws(
    () => scanChunks([sheet('<row r="9"><c r="XFE9"><v>1</v></c></row>')]),
    (e: unknown) =>
      e instanceof AppFailure && e.code === 'import_too_large' && e.message === 'book.xlsx, row 9: a cell lies beyond column XFD, the last column Excel has',
  );
});

test('malformed XML is refused as not valid XML, whatever the fault', () => {
  refused(sheet('<row r="1"><c r="A1"><v>1</c></row>'), '</c> where </v> was expected');
  refused('<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Deal', 'ends inside');
  refused(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>'), 'undefined entity &lol;');
  refused(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>R&D</t></is></c></row>'), '"&"');
  refused(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&#0;</t></is></c></row>'), '&#0;');
  refused(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>bell\u0007</t></is></c></row>'), 'U+0007');
  refused(sheet('<row r=1><c r="A1"><v>1</v></c></row>'), 'not quoted');
  refused(sheet('<row r="1"><c r="A1" t><v>1</v></c></row>'), 'has no value');
  refused(sheet('<row r="1"><c r="A1" / ><v>1</v></c></row>'), '"/"');
  refused(`${sheet('')}<worksheet/>`, 'second root');
  refused(`${sheet('')}trailing`, 'text outside the root');
  refused('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">]><worksheet><sheetData/></worksheet>', 'DOCTYPE');
  refused(sheet('<row r="1"><!-- never closed'), 'inside a comment');
  refused('<?xml version="1.0"?>', 'no root');
  refused(sheet('<row r="1"></row></row>'), '</row> where </sheetData> was expected');
  refused('<worksheet></worksheet></worksheet>', '</worksheet> closes nothing');
});

test('a tag cut across many chunks and long texts across chunks read whole', () => {
  const long = 'x'.repeat(100_000);
  const xml = sheet(`<row r="1" ${'a="1" '.repeat(5000)}><c r="A1" t="inlineStr"><is><t>${long}&amp;${long}</t></is></c></row>`);
  const chunks: string[] = [];
  for (let i = 0; i < xml.length; i += 4096) chunks.push(xml.slice(i, i + 4096));
  assert.deepEqual(scanChunks(chunks), [{ row: 1, cells: [`${long}&${long}`] }]);
});

test('comments and CDATA run across chunks; a tag over a mebibyte is refused rather than carried on', () => {
  const cdata = 'y'.repeat(50_000);
  const xml = sheet(
    `<!--${'-'.repeat(3)} ${'z'.repeat(50_000)} --><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[${cdata}]]]]><![CDATA[>]]></t></is></c></row>`,
  );
  const chunks: string[] = [];
  for (let i = 0; i < xml.length; i += 1000) chunks.push(xml.slice(i, i + 1000));
  // "]]]]><![CDATA[>" is the usual way to write "]]>" inside CDATA: the text ends "]]>".
  assert.deepEqual(scanChunks(chunks), [{ row: 1, cells: [`${cdata}]]>`] }]);

  const huge = sheet(`<row r="1" note="${'x'.repeat(2_000_000)}"><c r="A1"><v>1</v></c></row>`);
  const pieces: string[] = [];
  for (let i = 0; i < huge.length; i += 65_536) pieces.push(huge.slice(i, i + 65_536));
  assert.throws(
    () => scanChunks(pieces),
    (e: unknown) => e instanceof AppFailure && e.message.includes('a tag longer than 1,048,576 characters'),
  );
});
