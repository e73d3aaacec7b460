/**
 * `kpiw movements` as a user runs it: two exports of a small CRM (the second a complete export)
 * imported with their as-of dates, the bridge of the quarter between them in --json exactly and in
 * text, split by owner; what it refuses, and how.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiw, tempDir } from './run-cli';

const HEAD = 'Deal ID,Stage,Amount,Created,Closed,Owner';
/** Open at the end of Q1: all five, 10,500. */
const FIRST = [
  HEAD,
  'A1,Qualification,1000,2025-01-10,,Ann',
  'A2,Proposal,2000,2025-02-10,,Ben',
  'A3,Proposal,3000,2025-02-20,,Ann',
  'A4,Negotiation,4000,2025-03-05,,Ben',
  'A5,Qualification,500,2025-03-20,,Ann',
];
/** A1 up 200; A2 won at 1,800 (down 200 first); A3 lost; A4 gone; A6 new; A7 created and won. Open: A1, A5, A6 — 4,200. */
const SECOND = [
  HEAD,
  'A1,Proposal,1200,2025-01-10,,Ann',
  'A2,Closed Won,1800,2025-02-10,2025-05-05,Ben',
  'A3,Closed Lost,3000,2025-02-20,2025-06-20,Ann',
  'A5,Qualification,500,2025-03-20,,Ann',
  'A6,Qualification,2500,2025-05-01,,Ben',
  'A7,Closed Won,900,2025-04-02,2025-06-02,Ann',
];

function book(): string {
  const dir = tempDir();
  const path = join(dir, 'crm.kpiw');
  const files = [join(dir, 'first.csv'), join(dir, 'second.csv')];
  writeFileSync(files[0]!, FIRST.join('\n'));
  writeFileSync(files[1]!, SECOND.join('\n'));
  for (const args of [
    ['import', files[0]!, '--into', path, '--as-of', '2025-03-31'],
    ['import', files[1]!, '--into', path, '--as-of', '2025-06-30', '--missing', 'delete'],
  ]) {
    const r = kpiw(args);
    assert.equal(r.code, 0, r.stderr);
  }
  return path;
}

test('kpiw movements --json: the bridge in its documented shape, exactly', () => {
  const r = kpiw(['movements', book(), '--period', '2025-Q2', '--of', 'pipeline', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    period: { id: '2025-Q2', start: '2025-04-01', end: '2025-06-30' },
    of: 'pipeline',
    start: 10_500,
    end: 4_200,
    steps: [
      { id: 'created', value: 3_400 },
      { id: 'increased', value: 200 },
      { id: 'decreased', value: -200 },
      { id: 'won', value: -2_700 },
      { id: 'lost', value: -3_000 },
      { id: 'removed', value: -4_000 },
    ],
    stages: [
      { from: '(none)', to: 'Qualification', deals: 1 },
      { from: '(none)', to: 'Closed Won', deals: 1 },
      { from: 'Negotiation', to: '(none)', deals: 1 },
      { from: 'Proposal', to: 'Closed Won', deals: 1 },
      { from: 'Proposal', to: 'Closed Lost', deals: 1 },
      { from: 'Qualification', to: 'Proposal', deals: 1 },
      { from: 'Qualification', to: 'Qualification', deals: 1 },
    ],
  });
});

test('kpiw movements in text, and split by owner', () => {
  const path = book();
  const r = kpiw(['movements', path, '--period', '2025-Q2', '--of', 'pipeline', '--segment', 'owner']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /pipeline bridge 2025-Q2 \(2025-04-01 to 2025-06-30\)/);
  assert.match(r.stdout, /^ +Open pipeline on 2025-03-31 +\$10,500$/m);
  assert.match(r.stdout, /^ +Created +\+\$3,400$/m);
  assert.match(r.stdout, /^ +Removed +-\$4,000$/m);
  assert.match(r.stdout, /^ +Open pipeline on 2025-06-30 +\$4,200$/m);
  assert.match(r.stdout, /^ +Proposal +→ +Closed Lost +1$/m);
  // Ann: A1 up 200, A3 lost, A5, A7 created and won; Ben: A2 won (down 200), A4 removed, A6 created.
  assert.match(r.stdout, /^ +Ben +\$6,000 +\+\$2,500 +-\$200\.00 +-\$1,800 +-\$4,000 +\$2,500$/m);
  assert.match(r.stdout, /^ +Ann +\$4,500 +\+\$900\.00 +\+\$200\.00 +-\$900\.00 +-\$3,000 +\$1,700$/m);
});

test('kpiw movements refuses what it cannot give, saying what to do', () => {
  const path = book();
  const noOf = kpiw(['movements', path]);
  assert.equal(noOf.code, 2);
  assert.match(noOf.stderr, /movements needs --of pipeline/);
  const mrr = kpiw(['movements', path, '--of', 'mrr']);
  assert.equal(mrr.code, 1);
  assert.match(mrr.stderr, /^kpiw: This workbook has no recurring revenue to bridge: MRR needs subscriptions: import a subscriptions or contracts export/m);
  const all = kpiw(['movements', path, '--of', 'pipeline', '--period', 'all']);
  assert.equal(all.code, 1);
  assert.match(all.stderr, /give a month, quarter, year or date range/);
  const help = kpiw(['movements', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Explains how the open pipeline moved over a period/);
  assert.match(help.stdout, /kpiw movements BOOK\.kpiw \[--period P\] --of pipeline\|mrr \[--segment FIELD\] \[--json\]/);
});
