/**
 * `kpiw history` as a user runs it: three exports of a deals file imported with their as-of dates
 * (a deal won, a complete export removing another), then the deal's versions as JSON in exactly the
 * documented shape, as text with the changed fields, and the errors for an unknown ID or a missing option.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiw, tempDir } from './run-cli';

const HEADER = 'Deal ID,Stage,Amount,Create Date,Close Date';

function workbook(): string {
  const dir = tempDir();
  const book = join(dir, 'sales.kpiw');
  const exports: [string, string[], string[]][] = [
    ['jan.csv', ['D-1,Engaging,100,2026-01-10,', 'D-2,Engaging,50,2026-01-15,'], ['--as-of', '2026-01-31']],
    ['feb.csv', ['D-1,Won,120,2026-01-10,2026-02-20'], ['--as-of', '2026-02-28', '--missing', 'delete']],
    ['mar.csv', ['D-1,Won,120,2026-01-10,2026-02-20', 'D-2,Lost,50,2026-01-15,2026-03-10'], ['--as-of', '2026-03-31']],
  ];
  for (const [name, rows, options] of exports) {
    writeFileSync(join(dir, name), [HEADER, ...rows].join('\n'));
    const r = kpiw(['import', join(dir, name), '--into', book, ...options]);
    assert.equal(r.code, 0, r.stderr);
  }
  return book;
}

test('kpiw history --json prints {"versions": [{"valid_from", "valid_to", "batch", "values", ...}]}', () => {
  const book = workbook();
  const r = kpiw(['history', book, '--dataset', 'deals', '--id', 'D-1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout) as { versions: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(printed)[0], 'versions');
  for (const v of printed.versions) assert.deepEqual(Object.keys(v).slice(0, 4), ['valid_from', 'valid_to', 'batch', 'values']);
  assert.deepEqual(
    printed.versions.map((v) => [v.valid_from, v.valid_to, v.batch, (v.values as Record<string, unknown>).stage, (v.values as Record<string, unknown>).amount]),
    [
      ['2026-01-31', '2026-02-28', 1, 'Engaging', 100],
      ['2026-02-28', null, 2, 'Won', 120],
    ],
  );
  assert.deepEqual(Object.keys(printed.versions[0]!.values as object), [
    'deal_id',
    'stage',
    'status',
    'amount',
    'created_at',
    'closed_at',
    'owner',
    'source',
    'customer_id',
    'product',
    'deal_type',
    'region',
    'probability',
  ]);
});

test('kpiw history prints each version with its dates, batch and changed fields, and where a complete export removed the record', () => {
  const book = workbook();
  const won = kpiw(['history', book, '--dataset', 'deals', '--id', 'D-1']);
  assert.equal(won.code, 0, won.stderr);
  assert.equal(
    won.stdout,
    [
      'Deal ID D-1 (deals): 2 versions, oldest first.',
      '  2026-01-31 to 2026-02-28  batch 1  Stage Engaging, Status open, Amount 100, Created 2026-01-10',
      '  2026-02-28 to now         batch 2  Stage Engaging → Won, Status open → won, Amount 100 → 120, Closed (empty) → 2026-02-20',
      '',
    ].join('\n'),
  );
  const back = kpiw(['history', book, '--dataset', 'deals', '--id', 'D-2']);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(
    back.stdout,
    [
      'Deal ID D-2 (deals): 2 versions, oldest first.',
      '  2026-01-31 to 2026-02-28  batch 1  Stage Engaging, Status open, Amount 50, Created 2026-01-15',
      '  2026-02-28                batch 2  removed: a complete export without it',
      '  2026-03-31 to now         batch 3  Stage Engaging → Lost, Status open → lost, Closed (empty) → 2026-03-10',
      '',
    ].join('\n'),
  );
});

test('kpiw history: an unknown ID and a missing option say what to give', () => {
  const book = workbook();
  const unknown = kpiw(['history', book, '--dataset', 'deals', '--id', 'D-9']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'kpiw: Deals has no record "D-9": give its Deal ID as the export writes it.\n');
  const noId = kpiw(['history', book, '--dataset', 'deals']);
  assert.equal(noId.code, 2);
  assert.match(noId.stderr, /^kpiw: history needs --id ID/);
  const help = kpiw(['history', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Prints every version of one record[\s\S]*Usage:\n {2}kpiw history BOOK\.kpiw --dataset DATASET --id ID \[--json\]\n$/);
});
