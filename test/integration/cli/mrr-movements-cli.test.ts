/**
 * `kpiw movements --of mrr` as a user runs it: the two subscriptions exports of
 * test/fixtures/mrr-exports.ts imported with their as-of dates, the MRR bridge of 2025-Q1 (its figures
 * worked out in test/integration/metrics/mrr-movements.test.ts) in --json exactly, in text, and split
 * by plan; and the movement KPIs in `kpiw metrics`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiw, tempDir } from './run-cli';
import { MRR_Q1_EXPORT, MRR_Q2_EXPORT } from '../../fixtures/mrr-exports';

function book(): string {
  const dir = tempDir();
  const path = join(dir, 'billing.kpiw');
  const files = [join(dir, 'q1.csv'), join(dir, 'q2.csv')];
  writeFileSync(files[0]!, MRR_Q1_EXPORT.join('\n'));
  writeFileSync(files[1]!, MRR_Q2_EXPORT.join('\n'));
  for (const [file, asOf] of [
    [files[0]!, '2025-03-31'],
    [files[1]!, '2025-06-30'],
  ] as const) {
    const r = kpiw(['import', file, '--into', path, '--as', 'subscriptions', '--as-of', asOf]);
    assert.equal(r.code, 0, r.stderr);
  }
  return path;
}

test("kpiw movements --of mrr --json: the bridge in the pipeline bridge's shape, exactly", () => {
  const r = kpiw(['movements', book(), '--period', '2025-Q1', '--of', 'mrr', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    period: { id: '2025-Q1', start: '2025-01-01', end: '2025-03-31' },
    of: 'mrr',
    source: 'subscriptions',
    start: 1_275,
    end: 1_390,
    steps: [
      { id: 'new', value: 290 },
      { id: 'expansion', value: 160 },
      { id: 'reactivation', value: 180 },
      { id: 'contraction', value: -125 },
      { id: 'churned', value: -390 },
    ],
    customers: { new: 3, expansion: 2, reactivation: 1, contraction: 2, churned: 2 },
  });
});

test('kpiw movements --of mrr in text, split by plan, and the movement KPIs in kpiw metrics', () => {
  const path = book();
  const r = kpiw(['movements', path, '--period', '2025-Q1', '--of', 'mrr', '--segment', 'plan']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /MRR bridge 2025-Q1 \(2025-01-01 to 2025-03-31\), from subscriptions$/m);
  assert.match(r.stdout, /^ +MRR at the end of 2024-12-31 +\$1,275 *$/m);
  assert.match(r.stdout, /^ +New +\+\$290\.00 +3 customers$/m);
  assert.match(r.stdout, /^ +Reactivation +\+\$180\.00 +1 customer$/m);
  assert.match(r.stdout, /^ +Churned +-\$390\.00 +2 customers$/m);
  assert.match(r.stdout, /^ +MRR at the end of 2025-03-31 +\$1,390 *$/m);
  assert.match(r.stdout, /^ +Pro +\$975\.00 +\+\$100\.00 +-\$125\.00 +\$950\.00$/m);
  assert.match(r.stdout, /^ +Basic +\$300\.00 +\+\$290\.00 +\+\$60\.00 +\+\$180\.00 +-\$390\.00 +\$440\.00$/m);

  const m = kpiw(['metrics', path, '--period', '2025-Q1', '--json']);
  assert.equal(m.code, 0, m.stderr);
  const value = new Map((JSON.parse(m.stdout) as { metrics: { id: string; value: number | null }[] }).metrics.map((x) => [x.id, x.value]));
  assert.deepEqual(
    ['new_mrr', 'expansion_mrr', 'reactivation_mrr', 'contraction_mrr', 'churned_mrr', 'net_new_mrr', 'mrr'].map((id) => value.get(id)),
    [290, 160, 180, 125, 390, 115, 1_390],
  );
  assert.equal(value.get('quick_ratio'), 630 / 515);
});

test('kpiw movements --of mrr refuses a split subscriptions cannot make, and period all', () => {
  const path = book();
  const owner = kpiw(['movements', path, '--of', 'mrr', '--segment', 'owner']);
  assert.equal(owner.code, 1);
  assert.match(owner.stderr, /^kpiw: Subscriptions have no owner field to split MRR by; split it by plan\.$/m);
  const all = kpiw(['movements', path, '--of', 'mrr', '--period', 'all']);
  assert.equal(all.code, 1);
  assert.match(all.stderr, /give a month, quarter, year or date range/);
  const help = kpiw(['movements', '--help']);
  assert.match(help.stdout, /--of mrr explains how MRR moved/);
});
