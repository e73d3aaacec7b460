/** `kpiw import`, `list`, `undo` and `demo` as a user runs them, with the promises about files on disk. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kpiw, tempDir } from './run-cli';
import { realData, withoutRealData } from '../../support/real-data';

const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const maven = realData('maven-crm-sales/sales_pipeline.csv');
const deals = fileURLToPath(new URL('../../fixtures/slices/deals-maven-layout.csv', import.meta.url));

test('import creates the workbook and reports counts; the same file again changes nothing; undo removes a batch', { skip: withoutRealData }, () => {
  const dir = tempDir();
  const book = join(dir, 'sales.kpiw');
  const first = kpiw(['import', maven, '--into', book]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /as deals \(batch 1\)/);
  assert.match(first.stdout, /8,800 accepted, 0 rejected/);
  assert.match(first.stdout, /8,800 added, 0 changed, 0 unchanged/);
  assert.match(first.stdout, /deal_stage -> stage/);

  const before = hash(book);
  const again = kpiw(['import', maven, '--into', book, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const json = JSON.parse(again.stdout) as {
    batchId: number | null;
    accepted: number;
    added: number;
    changed: number;
    unchanged: number;
    missing_from_file: number;
  };
  assert.deepEqual([json.batchId, json.accepted, json.added, json.changed, json.unchanged, json.missing_from_file], [null, 8800, 0, 0, 8800, 0]);
  assert.equal(hash(book), before, 'nothing to import leaves the workbook byte for byte');

  const listed = kpiw(['list', book, '--json']);
  const summary = JSON.parse(listed.stdout) as { datasets: { name: string; rows: number }[]; batches: { id: number }[] };
  assert.equal(summary.datasets.find((d) => d.name === 'deals')!.rows, 8800);
  assert.deepEqual(
    summary.batches.map((b) => b.id),
    [1],
  );

  const undone = kpiw(['undo', book, '--batch', '1']);
  assert.equal(undone.code, 0, undone.stderr);
  assert.match(undone.stdout, /Undid batch 1 \(sales_pipeline\.csv\): 8,800 deals records it added are gone\./);
  const after = JSON.parse(kpiw(['list', book, '--json']).stdout) as typeof summary;
  assert.equal(after.datasets.find((d) => d.name === 'deals')!.rows, 0);
  assert.ok(existsSync(`${book}.bak`), 'the previous version is kept as .bak');

  const unknown = kpiw(['undo', book, '--batch', '9']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no import batch 9/);
});

test('a file that cannot be imported changes nothing: no new workbook, an existing one byte-identical', () => {
  const dir = tempDir();
  const garbage = join(dir, 'garbage.csv');
  writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0, 10, 11]));
  const fresh = join(dir, 'fresh.kpiw');
  const r1 = kpiw(['import', garbage, '--into', fresh]);
  assert.equal(r1.code, 1);
  assert.match(r1.stderr, /garbage\.csv/);
  assert.equal(existsSync(fresh), false);

  const book = join(dir, 'book.kpiw');
  assert.equal(kpiw(['import', deals, '--into', book]).code, 0);
  const before = hash(book);
  const r2 = kpiw(['import', garbage, '--into', book]);
  assert.equal(r2.code, 1);
  assert.equal(hash(book), before);

  const headerOnly = join(dir, 'header.csv');
  writeFileSync(headerOnly, 'Deal Stage,Amount,Close Date\n');
  const r3 = kpiw(['import', headerOnly, '--into', book]);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /header\.csv/);
  assert.equal(hash(book), before);
});

test('--map, --set and --as steer the import; bad names are explained', () => {
  const dir = tempDir();
  const book = join(dir, 'b.kpiw');
  const csv = join(dir, 'scores.csv');
  writeFileSync(csv, 'Respondent,Answer,When\nr1,10,2026-01-05\nr2,6,2026-01-06\nr3,9,2026-02-01\nr4,11,2026-02-02\n');
  const r = kpiw([
    'import',
    csv,
    '--into',
    book,
    '--as',
    'surveys',
    '--map',
    'Answer=score',
    '--map',
    'When=responded_at',
    '--map',
    'Respondent=response_id',
    '--set',
    'kind=nps',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as { accepted: number; rejected: number; problems: { row: number; column: string; value: string; reason: string }[] };
  assert.equal(res.accepted, 3);
  assert.equal(res.rejected, 1);
  assert.deepEqual([res.problems[0]!.row, res.problems[0]!.column, res.problems[0]!.value], [5, 'Answer', '11']);
  assert.match(res.problems[0]!.reason, /0-10/);

  const bad = kpiw(['import', csv, '--into', book, '--as', 'surveys', '--map', 'Nope=score', '--again']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no column "Nope".*"Respondent", "Answer", "When"/);
  const badField = kpiw(['import', csv, '--into', book, '--as', 'surveys', '--map', 'Answer=rating', '--again']);
  assert.match(badField.stderr, /"rating" is not a field of surveys/);
  const fresh = join(dir, 'never.kpiw');
  const badPair = kpiw(['import', csv, '--into', fresh, '--map', 'no-equals-sign']);
  assert.equal(badPair.code, 2);
  assert.equal(existsSync(fresh), false, 'a mistyped option creates no workbook');
  const usage = kpiw(['import', csv]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Missing --into/);
  const badAs = kpiw(['import', csv, '--into', book, '--as', 'widgets']);
  assert.equal(badAs.code, 2);
});

test('demo writes the sample company once and refuses to overwrite', () => {
  const dir = tempDir();
  const book = join(dir, 'demo.kpiw');
  const r = kpiw(['demo', '--out', book]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dir), ['demo.kpiw'], 'no .bak of the empty workbook the command itself created');
  const summary = JSON.parse(kpiw(['list', book, '--json']).stdout) as { datasets: { name: string; rows: number }[] };
  for (const d of summary.datasets) assert.ok(d.rows > 0, `demo has ${d.name}`);
  const before = hash(book);
  const again = kpiw(['demo', '--out', book]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);
  assert.equal(hash(book), before);
});

test('an import into a new workbook leaves no .bak of the empty file it created; the next change keeps the import as .bak', () => {
  const dir = tempDir();
  const book = join(dir, 'new.kpiw');
  const first = kpiw(['import', deals, '--into', book]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(readdirSync(dir), ['new.kpiw']);
  const imported = readFileSync(book);
  const target = kpiw(['targets', book, '--period', '2017-Q1', '--set', 'win_rate=0.6']);
  assert.equal(target.code, 0, target.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ['new.kpiw', 'new.kpiw.bak']);
  assert.ok(readFileSync(`${book}.bak`).equals(imported), 'the .bak is the workbook after the first import');
});

test('every command answers --help with what it does and its usage, touching nothing', () => {
  for (const command of ['import', 'metrics', 'targets', 'report', 'demo', 'list', 'undo', 'merge', 'serve']) {
    const r = kpiw([command, '--help']);
    assert.equal(r.code, 0, `${command}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^Usage:\\n  kpiw ${command} `, 'm'), command);
  }
  assert.match(kpiw(['import', '--help']).stdout, /--missing keep\|delete/);
});

test('undoing an import that later imports of its dataset came after says what that means', () => {
  const dir = tempDir();
  const book = join(dir, 'b.kpiw');
  const file = (name: string, rows: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, ['Deal ID,Stage,Amount,Create Date,Close Date', ...rows].join('\n'));
    return path;
  };
  assert.equal(kpiw(['import', file('a.csv', ['D-1,Qualified,100,2026-01-05,']), '--into', book, '--as-of', '2026-01-31']).code, 0);
  assert.equal(kpiw(['import', file('b.csv', ['D-1,Qualified,150,2026-01-05,']), '--into', book, '--as-of', '2026-02-28']).code, 0);
  // The March export has D-1 as February left it (unchanged: no version of its own) and a new D-2.
  assert.equal(
    kpiw(['import', file('c.csv', ['D-1,Qualified,150,2026-01-05,', 'D-2,Qualified,70,2026-03-02,']), '--into', book, '--as-of', '2026-03-31']).code,
    0,
  );
  const undone = kpiw(['undo', book, '--batch', '2']);
  assert.equal(undone.code, 0, undone.stderr);
  assert.match(
    undone.stdout,
    /^Note: Batch 3 of deals came after it: a record that import found as this one had left it goes back to its values from before this import\./m,
  );
  const history = JSON.parse(kpiw(['history', book, '--dataset', 'deals', '--id', 'D-1', '--json']).stdout) as { versions: { values: { amount: number } }[] };
  assert.deepEqual(
    history.versions.map((v) => v.values.amount),
    [100],
  );
  assert.doesNotMatch(kpiw(['undo', book, '--batch', '3']).stdout, /Note:/);
});
