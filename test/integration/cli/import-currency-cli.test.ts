/**
 * `kpiw import` and the workbook's currency, files without dates, and the flags the command line adds
 * to the service's messages, as a user runs them (a fresh process each time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiw, tempDir } from './run-cli';
import { europeanDeals as european } from '../../fixtures/european-deals';

const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a European export makes a EUR workbook; --currency is refused once it has data, changing nothing', () => {
  const dir = tempDir();
  const book = join(dir, 'eu.kpiw');
  const r = kpiw(['import', file(dir, 'deals-eu.csv', european), '--into', book, '--as-of', '2024-04-30']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Rows: 6 accepted, 0 rejected\.$/m);
  assert.match(r.stdout, /^ {2}This workbook is in EUR, read from the amounts\.$/m);

  const uk = file(dir, 'deals-uk.csv', 'Deal ID,Stage,Amount,Created\nU-1,Closed Won,£1200.00,2024-03-01\n');
  const before = hash(book);
  const asked = kpiw(['import', uk, '--into', book, '--currency', 'GBP']);
  assert.equal(asked.code, 1);
  assert.equal(
    asked.stderr,
    'kpiw: deals-uk.csv: this workbook holds data in EUR, so its currency stays EUR: amounts are never converted. Keep amounts in GBP in a workbook of their own, or convert them to EUR before importing.\n',
  );
  const plain = kpiw(['import', uk, '--into', book]);
  assert.equal(plain.code, 1);
  assert.match(plain.stderr, /The amounts are in GBP, but this workbook is in EUR and holds data, so their rows are left out\./);
  assert.equal(hash(book), before, 'refused imports leave the workbook byte for byte');
});

test("--currency chooses the currency of a new workbook; without it, plain amounts take this computer's (LANG)", () => {
  const dir = tempDir();
  const plain = file(dir, 'deals.csv', 'Deal ID,Stage,Amount,Created\nP-1,Closed Won,1200.50,2024-01-05\n');
  const chosen = kpiw(['import', plain, '--into', join(dir, 'chf.kpiw'), '--currency', 'chf', '--json']);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual((JSON.parse(chosen.stdout) as { currency: unknown }).currency, { code: 'CHF', from: 'chosen', open: true });

  const german = kpiw(['import', plain, '--into', join(dir, 'de.kpiw')], undefined, { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' });
  assert.equal(german.code, 0, german.stderr);
  assert.match(german.stdout, /^ {2}This workbook is in EUR, this computer's currency \(de-DE\): no amount in the file names one\.$/m);
  const british = kpiw(['import', plain, '--into', join(dir, 'gb.kpiw'), '--json'], undefined, { LANG: 'en_GB.UTF-8', LC_ALL: 'en_GB.UTF-8' });
  assert.equal((JSON.parse(british.stdout) as { currency: { code: string } }).currency.code, 'GBP');

  const bad = kpiw(['import', plain, '--into', join(dir, 'x.kpiw'), '--currency', 'EURO']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^kpiw: --currency takes an ISO currency code such as EUR, GBP or USD, not "EURO"\./);
});

test('a file without dates says it gives KPIs in period all only, and a quarter points there', () => {
  const dir = tempDir();
  const book = join(dir, 'customers.kpiw');
  const r = kpiw(['import', file(dir, 'customers.csv', 'Customer ID,Plan,Monthly revenue,Churned\nC-1,Pro,100,no\nC-2,Basic,40,yes\n'), '--into', book]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^ {2}Snapshot: KPIs in period All time only\. No column gives these customers a date \(Acquired and Churned\), so they count in All time, /m,
  );
  const quarter = JSON.parse(kpiw(['metrics', book, '--period', '2026-Q1', '--json']).stdout) as { metrics: { id: string; status: string; reason?: string }[] };
  assert.deepEqual(
    quarter.metrics.filter((m) => ['churn_rate', 'mrr'].includes(m.id)).map((m) => [m.id, m.status, m.reason]),
    [
      ['churn_rate', 'no_data', 'the customers data has no dates: see All time'],
      ['mrr', 'no_data', 'the customers data has no dates: see All time'],
    ],
  );
  const all = JSON.parse(kpiw(['metrics', book, '--period', 'all', '--json']).stdout) as { metrics: { id: string; value: number | null }[] };
  assert.equal(all.metrics.find((m) => m.id === 'mrr')!.value, 100);
});

test('the command line adds the flag of the option a refusal is about', () => {
  const dir = tempDir();
  const book = join(dir, 'b.kpiw');
  const mystery = kpiw(['import', file(dir, 'mystery.csv', 'Foo,Bar\n1,2\n'), '--into', book]);
  assert.equal(mystery.code, 1);
  assert.equal(
    mystery.stderr,
    'kpiw: mystery.csv: no column header is one we know; choose the dataset and map the columns (on the command line: --as DATASET, and --map SOURCE=FIELD for the columns).\n',
  );
  const deals = file(dir, 'deals.csv', 'Stage,Amount,Created\nClosed Won,100,2024-01-05\n');
  const future = kpiw(['import', deals, '--into', book, '--as-of', '2999-01-01']);
  assert.equal(future.code, 1);
  assert.match(
    future.stderr,
    /^kpiw: deals\.csv: the as-of date 2999-01-01 is in the future; .* give that day \(on the command line: --as-of YYYY-MM-DD\)\.$/m,
  );
  assert.equal(kpiw(['import', deals, '--into', book]).code, 0);
  const twice = kpiw(['import', deals, '--into', book]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /or undo batch 1 first \(on the command line: --again\)\.$/m);
  const tickets = kpiw(['import', file(dir, 't.csv', 'Ticket ID,Status\nT-1,Open\n'), '--into', book, '--as', 'tickets']);
  assert.match(tickets.stderr, /map a column to it or give it one value for every row \(on the command line: --map SOURCE=FIELD or --set FIELD=VALUE\)\.$/m);
});
