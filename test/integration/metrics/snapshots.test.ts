/**
 * Three dated exports of the same customers (end of Q1, end of Q2, end of Q3 2026; the last a complete
 * export), and the states each period reads from them, worked out by hand:
 *
 *   export A, as of 2026-03-31: C1 since 2025-06-01, 100/month; C2 since 2026-02-01, 50; C3 since
 *                               2025-01-10, churned 2026-03-15, 80
 *   export B, as of 2026-06-30: C1 now 120; C2 churned 2026-05-20; C3 as before; C4 since 2026-04-10, 70
 *   export C, as of 2026-09-30, complete: C1 120; C4 now 90; C5 since 2026-08-01, 40 (C2 and C3 gone)
 *
 * A period's start and end read the export standing on that day; before export A, the state is rebuilt
 * from the current records (and the KPI says so). Undo of each export, newest first, gives back the
 * figures from before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { MetricResult } from '../../../shared/metrics/types';

const header = 'Customer ID,Customer Since,Churn Date,Monthly Revenue';
const exports = {
  a: ['C1,2025-06-01,,100', 'C2,2026-02-01,,50', 'C3,2025-01-10,2026-03-15,80'],
  b: ['C1,2025-06-01,,120', 'C2,2026-02-01,2026-05-20,50', 'C3,2025-01-10,2026-03-15,80', 'C4,2026-04-10,,70'],
  c: ['C1,2025-06-01,,120', 'C4,2026-04-10,,90', 'C5,2026-08-01,,40'],
};

type Figures = Record<string, [number | null, number | null, number | null]>;

async function figures(session: Session, period: string): Promise<{ figures: Figures; notes: Map<string, string | undefined> }> {
  const r = await callService(session, 'metrics.compute', { period });
  assert.ok(r.ok, JSON.stringify(r));
  const wanted = ['customer_retention_rate', 'churn_rate', 'mrr'];
  const pick = r.value.metrics.filter((m: MetricResult) => wanted.includes(m.id));
  return {
    figures: Object.fromEntries(pick.map((m) => [m.id, [m.value, m.numerator, m.denominator]])),
    notes: new Map(pick.map((m) => [m.id, m.note])),
  };
}

test('customers across three dated exports: each period reads the export standing at its ends; undo at every step', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-snapshots-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'b.kpiw') } })).ok);
  const imported: number[] = [];
  const load = async (name: 'a' | 'b' | 'c', asOf: string, complete = false): Promise<void> => {
    const path = join(dir, `customers-${name}.csv`);
    writeFileSync(path, [header, ...exports[name]].join('\n'));
    const r = await callService(session, 'import.run', { file: { path }, options: { as: 'customers', asOf, ...(complete ? { missing: 'delete' } : {}) } });
    assert.ok(r.ok, JSON.stringify(r));
    imported.push(r.value.batchId!);
  };
  await load('a', '2026-03-31');
  await load('b', '2026-06-30');
  await load('c', '2026-09-30', true);

  // Q1: its end reads export A (C1, C2 alive); its start (2025-12-31) comes before every export, so
  // it is rebuilt from the current records, where only C1 was a customer then (C2 and C3 are gone).
  const q1 = await figures(session, '2026-Q1');
  assert.deepEqual(q1.figures, { customer_retention_rate: [1, 1, 1], churn_rate: [0, 0, 1], mrr: [150, 150, null] });
  assert.match(q1.notes.get('churn_rate') ?? '', /customers on 2025-12-31 rebuilt from the current records .*2026-03-31/);
  assert.equal(q1.notes.get('mrr'), undefined);
  // Q2: start per A (C1, C2), end per B: C1 stayed (and pays 120), C2 churned on 2026-05-20, C4 joined.
  assert.deepEqual((await figures(session, '2026-Q2')).figures, { customer_retention_rate: [0.5, 1, 2], churn_rate: [0.5, 1, 2], mrr: [190, 190, null] });
  // Q3: start per B (C1, C4), end per C: both stayed, C5 joined; 120 + 90 + 40.
  assert.deepEqual((await figures(session, '2026-Q3')).figures, { customer_retention_rate: [1, 2, 2], churn_rate: [0, 0, 2], mrr: [250, 250, null] });

  // Undo export C: Q3's end reads export B again (C1 and C4 at 120 + 70), and Q1's rebuilt start now
  // sees the current records of export B: C1 and C3 (churned 2026-03-15) were customers on 2025-12-31.
  assert.ok((await callService(session, 'import.undo', { batch: imported[2]! })).ok);
  assert.deepEqual((await figures(session, '2026-Q3')).figures, { customer_retention_rate: [1, 2, 2], churn_rate: [0, 0, 2], mrr: [190, 190, null] });
  assert.deepEqual((await figures(session, '2026-Q1')).figures, { customer_retention_rate: [0.5, 1, 2], churn_rate: [0.5, 1, 2], mrr: [150, 150, null] });
  // Undo export B: every day from 2026-03-31 reads export A.
  assert.ok((await callService(session, 'import.undo', { batch: imported[1]! })).ok);
  assert.deepEqual((await figures(session, '2026-Q2')).figures, { customer_retention_rate: [1, 2, 2], churn_rate: [0, 0, 2], mrr: [150, 150, null] });
  // Undo export A: nothing left.
  assert.ok((await callService(session, 'import.undo', { batch: imported[0]! })).ok);
  const empty = await figures(session, '2026-Q2');
  assert.deepEqual(empty.figures, { customer_retention_rate: [null, null, null], churn_rate: [null, null, null], mrr: [null, null, null] });
});

test("the open pipeline at each quarter end is what that day's export said, and before the first export it is rebuilt", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-snapshots-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'b.kpiw') } })).ok);
  const dealsHeader = 'Deal ID,Stage,Amount,Create Date,Close Date';
  const load = async (rows: string[], asOf: string): Promise<void> => {
    const path = join(dir, `deals-${asOf}.csv`);
    writeFileSync(path, [dealsHeader, ...rows].join('\n'));
    const r = await callService(session, 'import.run', { file: { path }, options: { asOf } });
    assert.ok(r.ok, JSON.stringify(r));
  };
  // On 2026-03-31: D1 open at 1,000 (expected to close in May), D2 open at 500, D3 won in March.
  await load(['D1,Qualified,1000,2026-01-10,2026-05-31', 'D2,Proposal,500,2026-02-01,', 'D3,Closed Won,300,2026-01-05,2026-03-20'], '2026-03-31');
  // On 2026-06-30: D1 won in April at 1,200; D2 still open, now 800; D4 created in May, open at 250.
  await load(
    ['D1,Closed Won,1200,2026-01-10,2026-04-15', 'D2,Proposal,800,2026-02-01,', 'D3,Closed Won,300,2026-01-05,2026-03-20', 'D4,Qualified,250,2026-05-02,'],
    '2026-06-30',
  );
  const pipeline = async (period: string): Promise<[number | null, string | undefined]> => {
    const r = await callService(session, 'metrics.compute', { period });
    assert.ok(r.ok);
    const m = r.value.metrics.find((x) => x.id === 'pipeline_value')!;
    return [m.value, m.note];
  };
  assert.deepEqual(await pipeline('2026-Q1'), [1500, undefined]);
  assert.deepEqual(await pipeline('2026-Q2'), [1050, undefined]);
  // 2025-12-31, before the first export: rebuilt from today's deals, none created by then.
  const [before, note] = await pipeline('2025-Q4');
  assert.equal(before, 0);
  assert.match(note ?? '', /deals on 2025-12-31 rebuilt from the current records and their dates \(the first deals export is dated 2026-03-31\)/);
  // February: the state on 2026-02-28 is rebuilt too: D1 (created in January, won in April at 1,200 by
  // today's record), D2 (created on 2026-02-01, 800 today) and D3 (won on 2026-03-20, 300) were open then.
  assert.deepEqual(await pipeline('2026-02'), [
    2300,
    'deals on 2026-02-28 rebuilt from the current records and their dates (the first deals export is dated 2026-03-31)',
  ]);
});
