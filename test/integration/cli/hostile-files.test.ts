/**
 * Every bad input of test/fixtures/make-bad-inputs.ts (and a few more hostile files) through `kpiw import FILE --into BOOK` against an existing workbook.
 * A refusal is exit code 1, a message naming the file (and the row where the reader knows it), the
 * workbook's bytes unchanged, and `kpiw list BOOK` still working afterwards.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import JSZip from 'jszip';
import { makeBadInputs } from '../../fixtures/make-bad-inputs';
import { bin, tempDir } from './run-cli';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Like run-cli's kpiw(), but asynchronous so the catalogue runs a few processes at a time. */
function kpiwAsync(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { encoding: 'utf8', timeout: 300_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, KPIW_DATA_DIR: join(tmpdir(), 'kpiw-cli-test-data') } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

async function inPool<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
/** A Node stack trace in the output means an exception escaped the error values. */
const stackTrace = /\n\s+at .+[(:]\d+/;

/**
 * Files that are broken whatever options are given: each must be refused, with the words that tell
 * the user what is wrong (and the row, where the reader knows it).
 */
const broken: Readonly<Record<string, RegExp>> = {
  'empty.csv': /is empty/,
  'header-only.csv': /no row/,
  'unterminated.csv': /row 3\b.*quot/,
  'huge-field.csv': /row 2\b.*longer than/,
  'garbage.csv': /binary/,
  'text.xlsx': /not an Excel workbook/,
  'encrypted.xlsx': /password/,
  'old.xls': /97-2003/,
  'truncated.xlsx': /damaged or incomplete/,
  'zip-bomb.xlsx': /inflates|ZIP bomb|limit/,
  'lying-sizes.xlsx': /damaged/,
  'shared-strings-bomb.xlsx': /ZIP bomb|limit/,
  'no-workbook.xlsx': /not an Excel workbook/,
  'zero.xlsx': /empty|0 bytes|not an Excel/,
  'nuls.csv': /binary|empty|no row/,
  'folder.csv': /folder|directory|not a file/i,
  'workbook-copy.csv': /binary|KPI Workbook|not a/,
  'huge-header.csv': /16,384/,
  'billion-laughs.xlsx': /damaged|not valid XML/,
};

let dir: string;
let book: string;
let bookHash: string;
let files: Record<string, string>;

before(async () => {
  dir = tempDir();
  files = await makeBadInputs(dir);
  delete files.basicLength;
  const seed = join(dir, 'seed.csv');
  writeFileSync(seed, 'Deal ID,Stage,Amount,Close Date,Owner\nD1,Closed Won,1200,2024-02-01,Ann\nD2,Closed Lost,800,2024-02-03,Bob\nD3,Negotiation,500,,Ann\n');
  book = join(dir, 'book.kpiw');
  const made = await kpiwAsync(['import', seed, '--into', book]);
  assert.equal(made.code, 0, made.stderr);
  rmSync(`${book}.bak`, { force: true });
  bookHash = sha(book);

  const extra = (name: string, content: string | Buffer) => {
    files[name] = join(dir, name);
    writeFileSync(files[name], content);
  };
  extra('zero.xlsx', Buffer.alloc(0));
  extra('nuls.csv', Buffer.alloc(8192));
  extra('workbook-copy.csv', readFileSync(book));
  extra('huge-header.csv', `${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(',')}\n1\n`);
  files['folder.csv'] = join(dir, 'folder.csv');
  mkdirSync(files['folder.csv']);

  // A real workbook whose sheet XML stops mid-element.
  const zip = await JSZip.loadAsync(readFileSync(files['basic.xlsx']!));
  zip.file(
    'xl/worksheets/sheet1.xml',
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Deal',
  );
  extra('broken-xml.xlsx', await zip.generateAsync({ type: 'nodebuffer' }));
  // The "billion laughs": entities that expand a few hundred bytes into gigabytes if a parser lets them.
  const laughs = [
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`),
    ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&l9;</t></si></sst>',
  ].join('');
  const lol = await JSZip.loadAsync(readFileSync(files['basic.xlsx']!));
  lol.file('xl/sharedStrings.xml', laughs);
  extra('billion-laughs.xlsx', await lol.generateAsync({ type: 'nodebuffer' }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('every hostile file: a clean refusal that leaves the workbook byte-identical, or a real import', async () => {
  const names = Object.keys(files).sort();
  const outcomes = await inPool(names, 4, async (name) => {
    const copy = join(dir, `book-${name}.kpiw`);
    copyFileSync(book, copy);
    const imported = await kpiwAsync(['import', files[name]!, '--into', copy]);
    const after = sha(copy);
    const listed = await kpiwAsync(['list', copy, '--json']);
    return { name, imported, after, listed };
  });

  // Every file is checked before failing, so one run shows all that is wrong.
  const failures: string[] = [];
  for (const outcome of outcomes) {
    try {
      check(outcome);
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e));
    }
  }
  assert.deepEqual(failures, []);
});

function check({ name, imported, after, listed }: { name: string; imported: Run; after: string; listed: Run }): void {
  const said = `${imported.stderr}${imported.stdout}`;
  assert.doesNotMatch(said, stackTrace, `${name}: no stack trace reaches the user:\n${said}`);
  assert.ok(imported.code === 0 || imported.code === 1, `${name}: exit code ${imported.code}:\n${said}`);
  if (name in broken) assert.equal(imported.code, 1, `${name} must be refused:\n${said}`);
  if (imported.code === 1) {
    assert.ok(imported.stderr.includes(basename(files[name]!)), `${name}: the message names the file: ${imported.stderr}`);
    if (broken[name]) assert.match(imported.stderr, broken[name], `${name}: ${imported.stderr}`);
    assert.equal(after, bookHash, `${name}: a refused import leaves the workbook byte for byte`);
  }
  assert.equal(listed.code, 0, `${name}: kpiw list still works afterwards: ${listed.stderr}`);
  const summary = JSON.parse(listed.stdout) as { batches: { id: number }[] };
  assert.equal(summary.batches[0]?.id, 1, `${name}: the first batch is still there`);
  if (imported.code === 1) assert.equal(summary.batches.length, 1, `${name}: no batch was added`);
}
