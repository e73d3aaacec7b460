/**
 * The main real-data checks on the small files in test/fixtures/slices (see CREDITS.md there), so a
 * clone with nothing beside it still runs them: each file imported as a user would (detection, mapping
 * and normalisation automatic), then the KPIs. Every expected figure was worked out from the file with
 * sqlite3 or awk, not with this code; the queries are in CREDITS.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { memoryDatabase } from '../../../main/store/memory';
import { importFile } from '../../../main/import/pipeline';
import { computeMetrics } from '../../../main/metrics/compute';
import { settingsOf } from '../../unit/main/metrics/fixture';

const slice = (name: string): string => fileURLToPath(new URL(`../../fixtures/slices/${name}`, import.meta.url));

async function imported(name: string, dataset: string) {
  const db = await memoryDatabase();
  const result = await importFile(db, slice(name), {}, { dryRun: false, fileName: name });
  assert.equal(result.dataset, dataset);
  assert.equal(result.rejected, 0);
  return { db, result };
}

const near = (a: number | null | undefined, b: number, what: string): void =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);

test("deals in Maven's layout, each quarter of 2017: win rate, sales cycle, deal size, won revenue and each agent's", async () => {
  const { db, result } = await imported('deals-maven-layout.csv', 'deals');
  assert.equal(result.accepted, 240);
  const quarters = [
    {
      q: 1,
      won: 30,
      lost: 15,
      revenue: 170127,
      cycle: 2787 / 30,
      agents: { 'Ada Brenner': 45672, 'Ivo Petrov': 19177, 'Leo Varga': 15957, 'Mina Okafor': 41617, 'Sara Lind': 24453, 'Tomas Ruiz': 23251 },
    },
    {
      q: 2,
      won: 17,
      lost: 17,
      revenue: 120559,
      cycle: 1161 / 17,
      agents: { 'Ada Brenner': 22118, 'Ivo Petrov': 18126, 'Leo Varga': 25505, 'Mina Okafor': 10640, 'Sara Lind': 9979, 'Tomas Ruiz': 34191 },
    },
    {
      q: 3,
      won: 31,
      lost: 19,
      revenue: 197852,
      cycle: 2154 / 31,
      agents: { 'Ada Brenner': 29759, 'Ivo Petrov': 59108, 'Leo Varga': 23824, 'Mina Okafor': 32749, 'Sara Lind': 23609, 'Tomas Ruiz': 28803 },
    },
    {
      q: 4,
      won: 32,
      lost: 23,
      revenue: 174733,
      cycle: 2370 / 32,
      agents: { 'Ada Brenner': 23477, 'Ivo Petrov': 25803, 'Leo Varga': 17075, 'Mina Okafor': 41757, 'Sara Lind': 33827, 'Tomas Ruiz': 32794 },
    },
  ];
  for (const { q, won, lost, revenue, cycle, agents } of quarters) {
    const res = computeMetrics(
      db,
      { period: `2017-Q${q}`, segment: 'owner', ids: ['win_rate', 'sales_cycle_days', 'avg_deal_size', 'won_revenue'] },
      settingsOf(db),
    );
    const m = new Map(res.metrics.map((x) => [x.id, x]));
    near(m.get('win_rate')?.value, won / (won + lost), `win rate Q${q}`);
    near(m.get('sales_cycle_days')?.value, cycle, `sales cycle Q${q}`);
    near(m.get('avg_deal_size')?.value, revenue / won, `deal size Q${q}`);
    near(m.get('won_revenue')?.value, revenue, `won revenue Q${q}`);
    assert.deepEqual(Object.fromEntries(m.get('won_revenue')!.segments!.map((s) => [s.key, s.value])), agents, `Q${q} by agent`);
  }
});

test('customers in the Telco layout (period all): churn overall and by contract, ARPU and MRR to the cent', async () => {
  const { db, result } = await imported('customers-telco-layout.csv', 'customers');
  assert.equal(result.accepted, 300);
  const res = computeMetrics(db, { segment: 'plan', ids: ['churn_rate', 'arpu', 'mrr'] }, settingsOf(db));
  assert.equal(res.period.id, 'all');
  const m = new Map(res.metrics.map((x) => [x.id, x]));
  near(m.get('churn_rate')?.value, 82 / 300, 'churn');
  near(m.get('arpu')?.value, 21378.9 / 300, 'arpu');
  near(m.get('mrr')?.value, 15549.45, 'mrr');
  const byContract = new Map(m.get('churn_rate')!.segments!.map((s) => [s.key, s.value]));
  near(byContract.get('Month-to-month'), 72 / 153, 'Month-to-month');
  near(byContract.get('One year'), 8 / 64, 'One year');
  near(byContract.get('Two year'), 2 / 83, 'Two year');
});

test('Prep Air NPS survey: 184 answers, 74 promoters and 35 detractors, NPS 100 x 39 / 184', async () => {
  const { db, result } = await imported('surveys-prep-air-nps.csv', 'surveys');
  assert.equal(result.accepted, 184);
  assert.ok(
    result.notes.some((n) => n.includes('Kind is not in the file: every row was read as nps')),
    result.notes.join('\n'),
  );
  const res = computeMetrics(db, { ids: ['nps'] }, settingsOf(db));
  near(res.metrics[0]!.value, (100 * (74 - 35)) / 184, 'nps');
});
