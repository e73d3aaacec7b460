/**
 * The hand-written worksheet scanner against saxes: random sheets (cells of every type, attributes in
 * any order and quoting, entity and character references, CDATA, comments, namespace prefixes,
 * whitespace and line ends wherever XML allows them), cut into random chunks, must read the same rows
 * as a reference reader built on saxes's element tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import type { Cell } from '../../../../shared/datasets/cell';
import { columnLetter, columnNumber } from '../../../../main/sheet-columns';
import type { RawRow } from '../../../../main/import/table-shape';
import { cellValue, SheetScanner, type SheetContext } from '../../../../main/import/xlsx-sheet';

const PART = 'xl/worksheets/sheet1.xml';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

const context = (): SheetContext => ({
  fileName: 'fuzz.xlsx',
  shared: ['zero', ' ', 'two'],
  dateKinds: [0, 1, 3],
  date1904: false,
  counts: { formulaErrors: 0 },
});

// --- The reference reader: saxes builds a tree; rows and cells are read off it. ---

interface El {
  readonly local: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: (El | string)[];
}

function tree(xml: string): El {
  const parser = new SaxesParser({ xmlns: false, position: false } as const);
  const root: El = { local: '#document', attrs: {}, children: [] };
  const stack: El[] = [root];
  const top = (): El => stack[stack.length - 1] as El;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const el: El = { local: tag.name.slice(tag.name.indexOf(':') + 1), attrs: tag.attributes, children: [] };
    top().children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => stack.pop());
  parser.on('text', (t) => top().children.push(t));
  parser.on('cdata', (t) => top().children.push(t));
  parser.write(xml).close();
  return root.children.find((c): c is El => typeof c !== 'string') as El;
}

const elements = (el: El, local: string): El[] => el.children.filter((c): c is El => typeof c !== 'string' && c.local === local);
const textOf = (el: El): string => el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
/** The text of the <t> elements of an inline string, phonetic runs left out. */
const inlineText = (el: El): string =>
  el.children.map((c) => (typeof c === 'string' || c.local === 'rPh' ? '' : c.local === 't' ? textOf(c) : inlineText(c))).join('');

function reference(xml: string, ctx: SheetContext): RawRow[] {
  const out: RawRow[] = [];
  let rowNumber = 0;
  for (const data of elements(tree(xml), 'sheetData')) {
    for (const row of elements(data, 'row')) {
      rowNumber = row.attrs.r !== undefined ? Number(row.attrs.r) : rowNumber + 1;
      const cells: Cell[] = [];
      let unsaved: number[] | undefined;
      let col = -1;
      for (const c of elements(row, 'c')) {
        col = c.attrs.r !== undefined ? columnNumber(c.attrs.r) - 1 : col + 1;
        const v = elements(c, 'v');
        const is = elements(c, 'is');
        const type = c.attrs.t ?? 'n';
        const value = v.map(textOf).join('') + is.map(inlineText).join('');
        const cell = cellValue(type, value, v.length + is.length > 0, c.attrs.s !== undefined ? Number(c.attrs.s) : 0, ctx);
        if (cell === null) {
          if (elements(c, 'f').length > 0 && type !== 'e') (unsaved ??= []).push(col);
          continue;
        }
        while (cells.length < col) cells.push(null);
        cells[col] = cell;
      }
      if (cells.some((c) => c !== null && (typeof c !== 'string' || c.trim() !== '')))
        out.push(unsaved === undefined ? { row: rowNumber, cells } : { row: rowNumber, cells, unsaved });
    }
  }
  return out;
}

function scanned(xml: string, cuts: readonly number[], ctx: SheetContext): RawRow[] {
  const scanner = new SheetScanner(ctx, PART);
  const rows: RawRow[] = [];
  let from = 0;
  for (const cut of [...cuts, xml.length]) {
    scanner.write(xml.slice(from, cut));
    rows.push(...scanner.take());
    from = cut;
  }
  scanner.end();
  rows.push(...scanner.take());
  return rows;
}

// --- Random sheets. ---

const space = fc.constantFrom('', '', '', ' ', '  ', '\n', '\r\n', '\t', '\n\t ');
const someSpace = fc.constantFrom(' ', ' ', '\n', '\r\n  ', '\t');

/** One piece of character data as written: plain characters, references, CDATA, comments, line ends. */
const textPiece = fc.oneof(
  fc.constantFrom('a', 'Z', '7', ' ', '.', '-', 'é', '€', '😀', 'ひ', '>', '"', "'", '_x000D_', '\t', '\n', '\r\n', '\r'),
  fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x41;', '&#xe9;', '&#128512;', '&#x1F600;', '&#10;', '&#13;'),
  fc.stringMatching(/^[a-z<&\] \r\n]{0,6}$/).map((s) => `<![CDATA[${s}]]>`),
  fc.stringMatching(/^[a-z<&> ]{0,6}$/).map((s) => `<!--${s}-->`),
);
const text = fc.array(textPiece, { maxLength: 8 }).map((p) => p.join(''));
const digits = fc
  .array(fc.oneof(fc.constantFrom('0', '1', '2', '5', '9', '.', '-', 'E', '&#49;', '&#x35;'), fc.constant('<!-- n -->')), { maxLength: 6 })
  .map((p) => p.join(''));

/** An attribute as written: a quote of either kind, space around the `=`. */
const attr = (name: string, value: string): fc.Arbitrary<string> =>
  fc.tuple(someSpace, space, space, fc.constantFrom('"', "'")).map(([lead, a, b, q]) => `${lead}${name}${a}=${b}${q}${value}${q}`);

/** A value that reads the same written plainly or as references (`s` as `&#x73;`). */
const written = (value: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    value,
    [...value].map((ch) => `&#${ch.codePointAt(0)};`).join(''),
    [...value].map((ch) => `&#x${(ch.codePointAt(0) ?? 0).toString(16)};`).join(''),
  );

const TYPES = ['n', 's', 'inlineStr', 'str', 'b', 'e', 'd'] as const;

interface CellPlan {
  gap: number;
  withRef: boolean;
  type: (typeof TYPES)[number] | undefined;
  style: number | undefined;
  formula: boolean;
  extra: boolean;
  body: string;
}

const cellPlan: fc.Arbitrary<CellPlan> = fc.record({
  gap: fc.nat(3),
  withRef: fc.boolean(),
  type: fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
  style: fc.option(fc.nat(3), { nil: undefined }),
  formula: fc.boolean(),
  extra: fc.boolean(),
  body: fc.oneof(text, digits, fc.constantFrom('0', '1', '2', '3', '', 'true', '12.5', '-0.25', '45000', '45000.5', '2024-03-01T00:00:00Z', '#N/A')),
});

interface Style {
  prefix: string;
  plain: boolean;
  ws: string[];
}

function inline(body: string, p: string, ws: readonly string[], shape: number): string {
  const t = (s: string): string => `<${p}t${ws[0] ?? ''}>${s}</${p}t${ws[1] ?? ''}>`;
  if (shape === 0) return `<${p}is>${t(body)}</${p}is>`;
  const half = Math.floor(body.length / 2);
  // Cut only where it splits no reference, CDATA section, comment or surrogate pair.
  const cut = /[&<\uD800-\uDFFF]/.test(body) ? 0 : half;
  const runs = `<${p}r><${p}rPr><${p}b/></${p}rPr>${t(body.slice(0, cut))}</${p}r>${ws[2] ?? ''}<${p}r>${t(body.slice(cut))}</${p}r>`;
  return `<${p}is>${runs}<${p}rPh sb="0" eb="1">${t('ふりがな')}</${p}rPh><${p}phoneticPr fontId="1"/></${p}is>`;
}

function cellXml(plan: CellPlan, col: number, row: number, style: Style, attrs: readonly string[], shape: number): string {
  const p = style.prefix;
  const ws = style.ws;
  let head: string;
  if (style.plain) {
    head = `<${p}c${plan.withRef ? ` r="${columnLetter(col + 1)}${row}"` : ''}${plan.style !== undefined ? ` s="${plan.style}"` : ''}${plan.type !== undefined ? ` t="${plan.type}"` : ''}`;
  } else {
    head = `<${p}c${attrs.join('')}`;
  }
  const formula = plan.formula ? `<${p}f${ws[3] ?? ''}>SUM(A1:A2)&gt;0</${p}f>` : '';
  const value = plan.type === 'inlineStr' ? inline(plan.body, p, ws, shape) : shape === 2 ? '' : `<${p}v${ws[4] ?? ''}>${plan.body}</${p}v${ws[5] ?? ''}>`;
  const inner = `${formula}${value}`;
  return inner === '' && shape === 1 ? `${head}${ws[6] ?? ''}/>` : `${head}${ws[6] ?? ''}>${inner}</${p}c${ws[7] ?? ''}>`;
}

/** The attributes of a cell in a random order and spelling, with attributes the reader ignores among them. */
function cellAttrs(plan: CellPlan, col: number, row: number): fc.Arbitrary<string[]> {
  const wanted: fc.Arbitrary<string>[] = [];
  if (plan.withRef) wanted.push(written(`${columnLetter(col + 1)}${row}`).chain((v) => attr('r', v)));
  if (plan.style !== undefined) wanted.push(written(String(plan.style)).chain((v) => attr('s', v)));
  if (plan.type !== undefined) wanted.push(written(plan.type).chain((v) => attr('t', v)));
  if (plan.extra) wanted.push(attr('cm', '1'), attr('x14ac:r', 'Z9'), attr('vm', '&quot;2&quot;'));
  return fc.tuple(...wanted).chain((list) => fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));
}

const rowPlan = fc.record({ skip: fc.nat(2), withRef: fc.boolean(), extra: fc.boolean(), cells: fc.array(cellPlan, { maxLength: 6 }) });

const sheetXml: fc.Arbitrary<string> = fc
  .record({
    prefix: fc.constantFrom('', 'x:', 'ss:'),
    rows: fc.array(rowPlan, { maxLength: 6 }),
    ws: fc.array(space, { minLength: 12, maxLength: 12 }),
  })
  .chain(({ prefix, rows, ws }) => {
    const p = prefix;
    let rowNumber = 0;
    const rowArbs = rows.map((r) => {
      rowNumber = r.withRef ? rowNumber + 1 + r.skip : rowNumber + 1;
      const number = rowNumber;
      let col = -1;
      const cellArbs = r.cells.map((c) => {
        col = c.withRef ? col + 1 + c.gap : col + 1;
        const at = col;
        return fc
          .tuple(fc.boolean(), cellAttrs(c, at, number), fc.nat(2), fc.array(space, { minLength: 8, maxLength: 8 }))
          .map(([plain, attrs, shape, cellWs]) => cellXml(c, at, number, { prefix: p, plain, ws: cellWs }, attrs, shape));
      });
      const rowAttrs = [...(r.withRef ? [attr('r', String(number))] : []), ...(r.extra ? [attr('spans', '1:6'), attr('x14ac:dyDescent', '0.25')] : [])];
      return fc
        .tuple(fc.tuple(...rowAttrs), fc.tuple(...cellArbs), space, fc.boolean())
        .map(([a, cells, between, comment]) => `<${p}row${a.join('')}>${cells.join(between)}${comment ? '<!-- end of row -->' : ''}</${p}row>`);
    });
    const xmlns = p === '' ? `xmlns="${NS}"` : `xmlns:${p.slice(0, -1)}="${NS}"`;
    return fc
      .tuple(...rowArbs)
      .map(
        (rowXml) =>
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${ws[0]}<!-- written by hand -->${ws[1]}` +
          `<${p}worksheet ${xmlns} xmlns:x14ac="urn:x14ac"${ws[2]}>${ws[3]}<${p}dimension ref="A1:F9"/>${ws[4]}` +
          `<${p}sheetData${ws[5]}>${ws[6]}${rowXml.join(ws[7])}${ws[8]}</${p}sheetData${ws[9]}>` +
          `<${p}pageMargins left="0.7" right="0.7"/>${ws[10]}</${p}worksheet>${ws[11]}`,
      );
  });

const withCuts = sheetXml.chain((xml) =>
  fc.tuple(
    fc.constant(xml),
    fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, xml.length - 1) }), { maxLength: 8 }).map((c) => c.sort((a, b) => a - b)),
  ),
);

test('the sheet scanner reads the cells saxes reads, however the sheet is written and cut into chunks', () => {
  let cellsCompared = 0;
  fc.assert(
    fc.property(withCuts, ([xml, cuts]) => {
      const expected = reference(xml, context());
      assert.deepEqual(scanned(xml, cuts, context()), expected, xml);
      cellsCompared += expected.reduce((n, r) => n + r.cells.filter((c) => c !== null).length, 0);
    }),
    { numRuns: 400 },
  );
  // The comparison is not an empty one: hundreds of runs put well over a thousand cells side by side.
  assert.ok(cellsCompared > 1000, `${cellsCompared} cells compared`);
});
