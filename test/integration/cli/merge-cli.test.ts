/**
 * A workbook an older build filled with the same export twice, as a user meets it on the command
 * line: `kpiw metrics` reads it without touching the file, `kpiw list` says which records appear twice
 * and how to merge them, `kpiw merge` does, and `kpiw undo` takes the merge back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kpiw, tempDir } from './run-cli';

const fixtures = fileURLToPath(new URL('../../fixtures/workbooks/', import.meta.url));
const oldKpis = JSON.parse(readFileSync(join(fixtures, 'old-kpis.json'), 'utf8')) as Record<string, Record<string, Record<string, { value: number | null }>>>;

function wonRevenue(book: string): number {
  const r = kpiw(['metrics', book, '--period', '2017-Q2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { metrics: { id: string; value: number }[] }).metrics.find((m) => m.id === 'won_revenue')!.value;
}

test('kpiw metrics and list read an old workbook without changing it; merge leaves each deal once; undo brings the pile back', () => {
  const dir = tempDir();
  const book = join(dir, 'pile.kpiw');
  copyFileSync(join(fixtures, 'v2-deals-twice.kpiw'), book);
  const original = readFileSync(book);

  const metrics = kpiw(['metrics', book, '--period', '2017-Q2', '--json']);
  assert.equal(metrics.code, 0, metrics.stderr);
  const printed = JSON.parse(metrics.stdout) as { metrics: { id: string; value: number | null }[] };
  const old = oldKpis['v2-deals-twice.kpiw']!['2017-Q2']!;
  // Completeness counts orders' new line_id; the pipeline is now the deals open on the period's last day (old-workbooks.test.ts checks both).
  const redefined = new Set(['data_completeness', 'pipeline_value', 'pipeline_velocity']);
  // KPIs the catalogue gained since have no old figure.
  for (const m of printed.metrics.filter((x) => !redefined.has(x.id) && x.id in old)) assert.equal(m.value, old[m.id]!.value, m.id);
  assert.equal(old.won_revenue!.value, 193_948, 'the old build summed the pile twice');

  const listed = kpiw(['list', book]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(
    listed.stdout,
    /^deals: 220 records appear twice from earlier imports; `kpiw merge .*pile\.kpiw --dataset deals` keeps the newest row of each$/m,
  );
  assert.ok(readFileSync(book).equals(original), 'read-only commands leave the file byte for byte');
  assert.equal(existsSync(`${book}.bak`), false);

  const merged = kpiw(['merge', book, '--dataset', 'deals']);
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(
    merged.stdout,
    /Merged the duplicate deals records as batch 3: 220 older rows set aside, the newest row of each record kept\. `kpiw undo .*pile\.kpiw --batch 3` brings them back\./,
  );
  assert.equal(wonRevenue(book), 96_974);
  const after = kpiw(['list', book]);
  assert.doesNotMatch(after.stdout, /appear/);
  assert.match(after.stdout, /^ +3 +deals +\(merge of duplicates\) .* 0 +0 +0 +0 +220$/m);

  const again = kpiw(['merge', book, '--dataset', 'deals', '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.trim(), 'null');
  assert.match(kpiw(['merge', book, '--dataset', 'deals']).stdout, /deals holds each record once; nothing to merge\./);

  const undone = kpiw(['undo', book, '--batch', '3']);
  assert.equal(undone.code, 0, undone.stderr);
  assert.match(undone.stdout, /Undid batch 3 \(the merge of duplicate deals records\): 220 records it removed are back\./);
  assert.equal(wonRevenue(book), 193_948);
  assert.match(kpiw(['list', book]).stdout, /^deals: 220 records appear twice/m);
});

test('kpiw merge says what it needs: a dataset name', () => {
  const dir = tempDir();
  const book = join(dir, 'pile.kpiw');
  copyFileSync(join(fixtures, 'v2-deals-twice.kpiw'), book);
  for (const args of [
    ['merge', book],
    ['merge', book, '--dataset', 'dealz'],
  ]) {
    const r = kpiw(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /merge needs --dataset DATASET/);
    assert.match(r.stderr, /kpiw merge BOOK\.kpiw --dataset DATASET \[--json\]/);
  }
  assert.ok(readFileSync(book).equals(readFileSync(join(fixtures, 'v2-deals-twice.kpiw'))));
});
