/**
 * The cohort grid worked out on paper, from subscriptions exports imported as a user would:
 *
 *   customer  subscription  start        end          MRR
 *   C1        S1            2025-01-10   -            100
 *   C2        S2            2025-01-20   2025-02-15    50
 *   C3        S3            2025-01-05   -              0   (a free trial: not paid)
 *   C3        S4            2025-02-01   -             80
 *   C4        S5            2025-02-10   2025-03-31   200
 *   C4        S6            2025-03-31   -            300   (an upgrade, ending and starting the same day)
 *   C5        S7            2025-01-25   2025-03-10    40
 *   C5        S8            2025-04-05   -             60   (back in April)
 *   C6        S9            2025-03-15   -            120
 *   C6        S10           2025-03-20   -             30   (a second product: the two add up)
 *
 * First paid: C1, C2, C5 in 2025-01; C3 (its trial is not paid), C4 in 2025-02; C6 in 2025-03.
 * MRR at the month ends (a subscription counts from its start until the day it ends, not on it):
 *
 *            Jan 31  Feb 28  Mar 31  Apr 30
 *   C1        100     100     100     100
 *   C2         50       0       0       0
 *   C3          0      80      80      80
 *   C4          -     200     300     300
 *   C5         40      40       0      60
 *   C6          -       -     150     150
 *
 * 2025-01 (C1, C2, C5; 3): paying 3, 2, 1, 2 -> 1, 2/3, 1/3, 2/3; MRR 190, 140, 100, 160 -> 1, 140/190, 100/190, 160/190.
 * 2025-02 (C3, C4; 2): paying 2, 2, 2; MRR 280, 380, 380 -> 1, 380/280, 380/280.
 * 2025-03 (C6; 1): paying 1, 1; MRR 150, 150.
 * Average, over the cohorts that reach k: k0 6/6 and 620/620; k1 (2+2+1)/6 and (140+380+150)/620;
 * k2 (1+2)/5 and (100+380)/470; k3 2/3 and 160/190.
 * By quarter (through 2025-Q2): 2025-Q1 is all six; at Mar 31 four pay 630, at Jun 30 five pay 690.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { Cohorts } from '../../../shared/metrics/cohorts';
import { cohortHeader, cohortRows } from '../../fixtures/cohort-subscriptions';

/** Every subscription, as one export has them. */
const all = [...cohortRows];

async function book(exports: [lines: string[], asOf: string][]): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-cohorts-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'c.kpiw') } })).ok);
  for (const [i, [lines, asOf]] of exports.entries()) {
    const path = join(dir, `subscriptions-${i}.csv`);
    writeFileSync(path, [cohortHeader, ...lines].join('\n'));
    const r = await callService(session, 'import.run', { file: { path }, options: { as: 'subscriptions', asOf } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.rejected, 0, JSON.stringify(r.value.problems));
  }
  return session;
}

async function cohorts(session: Session, by: 'month' | 'quarter', period?: string): Promise<Cohorts> {
  const r = await callService(session, 'metrics.cohorts', { by, ...(period ? { period } : {}) });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

const near = (actual: readonly (number | null)[], expected: readonly (number | null)[], what: string): void => {
  assert.equal(actual.length, expected.length, `${what}: ${JSON.stringify(actual)}`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(e === null ? a === null : a !== null && Math.abs(a - e) < 1e-12, `${what}[${i}]: ${a} != ${e}`);
  });
};

test('by month: logo and revenue retention of each cohort, and the pooled average, as worked out on paper', async () => {
  const session = await book([[all, '2025-04-30']]);
  const grid = await cohorts(session, 'month');
  assert.equal(grid.by, 'month');
  assert.equal(grid.source, 'subscriptions');
  assert.equal(grid.through, '2025-04-30');
  assert.deepEqual(
    grid.cohorts.map((c) => [c.cohort, c.size, c.customers, c.mrr]),
    [
      ['2025-01', 3, [3, 2, 1, 2], [190, 140, 100, 160]],
      ['2025-02', 2, [2, 2, 2], [280, 380, 380]],
      ['2025-03', 1, [1, 1], [150, 150]],
    ],
  );
  near(grid.cohorts[0]!.logo_retention, [1, 2 / 3, 1 / 3, 2 / 3], '2025-01 logo');
  near(grid.cohorts[0]!.revenue_retention, [1, 140 / 190, 100 / 190, 160 / 190], '2025-01 revenue');
  near(grid.cohorts[1]!.logo_retention, [1, 1, 1], '2025-02 logo');
  near(grid.cohorts[1]!.revenue_retention, [1, 380 / 280, 380 / 280], '2025-02 revenue');
  near(grid.average.logo_retention, [1, 5 / 6, 3 / 5, 2 / 3], 'average logo');
  near(grid.average.revenue_retention, [1, 670 / 620, 480 / 470, 160 / 190], 'average revenue');
  // Every month end lies before the one export (dated 2025-04-30) but the last: rebuilt, and said.
  assert.equal(grid.note, 'Months ending before 2025-04-30, the day of the first subscriptions export, are rebuilt from the current records and their dates');

  const q = await cohorts(session, 'quarter');
  assert.equal(q.through, '2025-06-30');
  assert.deepEqual(
    q.cohorts.map((c) => [c.cohort, c.size, c.customers, c.mrr]),
    [['2025-Q1', 6, [4, 5], [630, 690]]],
  );
  near(q.cohorts[0]!.logo_retention, [4 / 6, 5 / 6], 'Q1 logo');
  near(q.cohorts[0]!.revenue_retention, [1, 690 / 630], 'Q1 revenue');

  // Up to the end of a period: March leaves C5's return out and no April column.
  const march = await cohorts(session, 'month', '2025-03');
  assert.deepEqual(
    march.cohorts.map((c) => [c.cohort, c.customers]),
    [
      ['2025-01', [3, 2, 1]],
      ['2025-02', [2, 2]],
      ['2025-03', [1]],
    ],
  );
  await callService(session, 'workbook.close', {});
});

test('each month end reads the export standing then: a price change exported later moves only the months after it', async () => {
  // Export A, as of 2025-02-28, has C1 at 100; export B, as of 2025-04-30, has C1 at 150.
  const session = await book([
    [['S1,C1,2025-01-10,,100', 'S2,C2,2025-01-20,2025-02-15,50'], '2025-02-28'],
    [['S1,C1,2025-01-10,,150', 'S2,C2,2025-01-20,2025-02-15,50'], '2025-04-30'],
  ]);
  const grid = await cohorts(session, 'month');
  // Jan 31 comes before export A: rebuilt from today's records (C1 150, C2 50). Feb 28 and Mar 31 read
  // export A (C1 100; C2 ended), Apr 30 export B (C1 150).
  assert.deepEqual(
    grid.cohorts.map((c) => [c.cohort, c.size, c.customers, c.mrr]),
    [['2025-01', 2, [2, 1, 1, 1], [200, 100, 100, 150]]],
  );
  near(grid.cohorts[0]!.revenue_retention, [1, 0.5, 0.5, 0.75], 'revenue');
  assert.equal(grid.note, 'Months ending before 2025-02-28, the day of the first subscriptions export, are rebuilt from the current records and their dates');
  await callService(session, 'workbook.close', {});
});

test('a workbook without subscriptions groups customers by acquisition and reads their monthly revenue', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-cohorts-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'c.kpiw') } })).ok);
  const path = join(dir, 'customers.csv');
  writeFileSync(
    path,
    ['Customer ID,Customer Since,Churn Date,Monthly Revenue', 'A,2025-01-05,,100', 'B,2025-01-20,2025-02-10,50', 'C,2025-02-03,,70'].join('\n'),
  );
  assert.ok((await callService(session, 'import.run', { file: { path }, options: { as: 'customers', asOf: '2025-03-31' } })).ok);
  const grid = await cohorts(session, 'month');
  assert.equal(grid.source, 'customers');
  assert.deepEqual(
    grid.cohorts.map((c) => [c.cohort, c.size, c.customers, c.mrr]),
    [
      ['2025-01', 2, [2, 1, 1], [150, 100, 100]],
      ['2025-02', 1, [1, 1], [70, 70]],
    ],
  );
  await callService(session, 'workbook.close', {});
});

test('a workbook with neither says what to import', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-cohorts-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'c.kpiw') } })).ok);
  const r = await callService(session, 'metrics.cohorts', { by: 'month' });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'no_data');
  assert.match(r.error.message, /import a subscriptions export \(Customer ID, Start, End, MRR\)/);
  await callService(session, 'workbook.close', {});
});
