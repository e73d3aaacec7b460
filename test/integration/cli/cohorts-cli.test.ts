/**
 * `kpiw cohorts` as a user runs it: two exports of a billing tool's subscriptions, dated 2025-02-28
 * and 2025-04-30 (C1's price goes from 100 to 150 in the second; C2 ends on 2025-02-15). The grid in
 * --json exactly and in text; what it refuses, and how.
 *
 * By month (through 2025-04-30): Jan 31 comes before the first export, rebuilt from today's records
 * (C1 150, C2 50); Feb 28 and Mar 31 read export A (C1 100), Apr 30 export B (C1 150).
 * By quarter (through 2025-06-30): Mar 31 reads export A (C1 100, C2 gone), Jun 30 export B (C1 150).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiw, tempDir } from './run-cli';

const HEAD = 'Subscription ID,Customer ID,Start Date,End Date,MRR';

function book(): string {
  const dir = tempDir();
  const path = join(dir, 'billing.kpiw');
  const exports: [string[], string][] = [
    [['S1,C1,2025-01-10,,100', 'S2,C2,2025-01-20,2025-02-15,50'], '2025-02-28'],
    [['S1,C1,2025-01-10,,150', 'S2,C2,2025-01-20,2025-02-15,50'], '2025-04-30'],
  ];
  exports.forEach(([lines, asOf], i) => {
    const file = join(dir, `subscriptions-${i}.csv`);
    writeFileSync(file, [HEAD, ...lines].join('\n'));
    const r = kpiw(['import', file, '--into', path, '--as-of', asOf]);
    assert.equal(r.code, 0, r.stderr);
  });
  return path;
}

test('kpiw cohorts --json: the grid in its documented shape, exactly', () => {
  const r = kpiw(['cohorts', book(), '--by', 'month', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    by: 'month',
    source: 'subscriptions',
    through: '2025-04-30',
    cohorts: [
      {
        cohort: '2025-01',
        size: 2,
        logo_retention: [1, 0.5, 0.5, 0.5],
        revenue_retention: [1, 0.5, 0.5, 0.75],
        customers: [2, 1, 1, 1],
        mrr: [200, 100, 100, 150],
      },
    ],
    average: { logo_retention: [1, 0.5, 0.5, 0.5], revenue_retention: [1, 0.5, 0.5, 0.75] },
    note: 'Months ending before 2025-02-28, the day of the first subscriptions export, are rebuilt from the current records and their dates',
  });
  // Up to the end of a period: February.
  const feb = JSON.parse(kpiw(['cohorts', book(), '--by', 'month', '--period', '2025-02', '--json']).stdout) as {
    through: string;
    cohorts: { customers: number[] }[];
  };
  assert.deepEqual([feb.through, feb.cohorts[0]!.customers], ['2025-02-28', [2, 1]]);
});

test('kpiw cohorts: the grids as text, a column per quarter since', () => {
  const r = kpiw(['cohorts', book(), '--by', 'quarter']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n').slice(1), [
    '',
    'Logo retention: the share of each cohort with MRR above 0 at the end of quarter c+k',
    '  cohort   size     q0     q1',
    '  2025-Q1     2  50.0%  50.0%',
    '  average        50.0%  50.0%',
    '',
    "Revenue retention: the cohort's MRR at the end of quarter c+k over its MRR at the end of quarter c",
    '  cohort   size      q0      q1',
    '  2025-Q1     2  100.0%  150.0%',
    '  average        100.0%  150.0%',
    '',
  ]);
  assert.match(r.stdout, /^.* — cohorts by the quarter customers first paid, through 2025-06-30 \(MRR from subscriptions\)\n/);
});

test('kpiw cohorts refuses what it cannot do, saying what to give', () => {
  const path = book();
  const none = kpiw(['cohorts', path]);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /cohorts needs --by month or --by quarter\./);
  const week = kpiw(['cohorts', path, '--by', 'week']);
  assert.match(week.stderr, /--by takes month or quarter, not "week"\./);
  const dir = tempDir();
  const deals = join(dir, 'deals.csv');
  writeFileSync(deals, 'Deal ID,Stage,Amount,Close Date\nD1,Closed Won,100,2025-05-01\n');
  const crm = join(dir, 'crm.kpiw');
  assert.equal(kpiw(['import', deals, '--into', crm]).code, 0);
  const empty = kpiw(['cohorts', crm, '--by', 'month']);
  assert.notEqual(empty.code, 0);
  assert.match(empty.stderr, /Cohorts group customers by when they first paid: import a subscriptions export \(Customer ID, Start, End, MRR\)/);
  const help = kpiw(['cohorts', '--help']);
  assert.match(help.stdout, /^Groups customers by the month \(or quarter\) of their first paid subscription/);
});
