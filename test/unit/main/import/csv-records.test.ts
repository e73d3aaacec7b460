/**
 * The hand-written record splitter must read exactly as csv-parse (relax_quotes, relax_column_count)
 * did before it: every real export is split both ways and compared, with the text cut into chunks at
 * awkward places, and the edge cases are spelled out by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CsvRecords, CsvSyntaxError } from '../../../../main/import/csv-records';
import { detectDelimiter } from '../../../../main/import/csv';
import { realData, withoutRealData } from '../../../support/real-data';

const datasets = realData();

function tables(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tables(p);
    return /\.(csv|tsv)$/.test(name) ? [p] : [];
  });
}

function split(text: string, delimiter: string, cuts: readonly number[], max = 1024 * 1024): string[][] {
  const parser = new CsvRecords(delimiter, max);
  const out: string[][] = [];
  let from = 0;
  for (const at of cuts) {
    out.push(...parser.push(text.slice(from, at), false));
    from = at;
  }
  out.push(...parser.push(text.slice(from), true));
  return out;
}

const reference = (text: string, delimiter: string): string[][] =>
  parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });

test('every real export splits into the same records as csv-parse gives, whatever the chunking', { skip: withoutRealData }, () => {
  const files = tables(datasets);
  assert.ok(files.length >= 20, `found ${files.length} tables`);
  for (const file of files) {
    // latin1 keeps every byte as one character: the splitter sees the same quotes and separators in any encoding.
    const text = readFileSync(file, 'latin1').replace(/^\uFEFF/, '');
    const delimiter = detectDelimiter(text.slice(0, 64 * 1024), text.length <= 64 * 1024) ?? ',';
    const expected = reference(text, delimiter);
    const step = Math.max(1, Math.floor(text.length / 7));
    const cuts = [1, 2, 3, step, step + 1, 2 * step - 1, 3 * step, 5 * step + 2].filter((c) => c < text.length);
    assert.deepEqual(split(text, delimiter, []), expected, file);
    assert.deepEqual(split(text, delimiter, cuts), expected, `${file} in chunks`);
  }
});

test('quotes: doubled, around delimiters and line ends, stray ones kept as text', () => {
  // Each line worked out by csv-parse's rules: a quote opens a field only as its first character;
  // a closing quote not followed by a separator is kept, with the opening one, as text.
  const text = 'a,"b,c","d""e"\r\n"x\r\ny",12" pizza,"Acme" Inc\r\n,,\r\n"",z';
  const want = [
    ['a', 'b,c', 'd"e'],
    ['x\r\ny', '12" pizza', '"Acme" Inc'],
    ['', '', ''],
    ['', 'z'],
  ];
  for (let cut = 0; cut <= text.length; cut++) assert.deepEqual(split(text, ',', [cut]), want, `cut at ${cut}`);
  assert.deepEqual(reference(text, ','), want);
});

test('the first line end found is the only one: a lone CR in a LF file is text', () => {
  const lf = 'a,b\nc\rd,e\n';
  assert.deepEqual(split(lf, ',', []), [
    ['a', 'b'],
    ['c\rd', 'e'],
  ]);
  assert.deepEqual(reference(lf, ','), [
    ['a', 'b'],
    ['c\rd', 'e'],
  ]);
  const cr = 'a,b\rc\nd,e\r';
  assert.deepEqual(split(cr, ',', []), [
    ['a', 'b'],
    ['c\nd', 'e'],
  ]);
  assert.deepEqual(reference(cr, ','), [
    ['a', 'b'],
    ['c\nd', 'e'],
  ]);
});

test('a quote never closed names the record it opened in; a record over the limit is refused', () => {
  const open = (): string[][] => split('h1,h2\n1,ok\n2,"never closed\n3,x\n', ',', [9]);
  assert.throws(open, (e: unknown) => e instanceof CsvSyntaxError && e.kind === 'quote_not_closed' && e.record === 3);
  const long = (): string[][] => split(`h\n${'y'.repeat(50)}\nz\n`, ',', [10, 20], 40);
  assert.throws(long, (e: unknown) => e instanceof CsvSyntaxError && e.kind === 'record_too_long' && e.record === 2);
});
