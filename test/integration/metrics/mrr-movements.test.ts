/**
 * The MRR bridge and the MRR movement KPIs through the service table, on two exports of a small
 * billing tool (test/fixtures/mrr-exports.ts) with every figure worked out by hand below: a new
 * customer, an expansion, a contraction, a churn, a reactivation, a plan changed on one day, two
 * overlapping subscriptions, a snapshot that changes an MRR, and changes dated after an export; undo
 * of the second export puts each bridge back; customers' monthly revenue in a workbook without
 * subscriptions; and on every quarter and month of the sample company, start + movements = mrr at the
 * end, to the cent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { writeDemo } from '../../../main/demo/generate';
import { computeMetrics } from '../../../main/metrics/compute';
import { computeMovements } from '../../../main/metrics/movements';
import { memoryDatabase } from '../../../main/store/memory';
import { readSettings } from '../../../main/store/settings';
import type { ImportOptions, RowsPage } from '../../../shared/api';
import type { ApiName } from '../../../shared/api-names';
import { mrrSteps, type MrrBridge, type MrrMovements, type MrrStep } from '../../../shared/metrics/movements';
import { addDays, lastNPeriods, monthPeriod, quarterPeriod } from '../../../shared/periods';
import { MRR_Q1_EXPORT, MRR_Q2_EXPORT } from '../../fixtures/mrr-exports';
import { fileIn, newBook } from '../import/service-book';

type Steps = [newMrr: number, expansion: number, reactivation: number, contraction: number, churned: number];

const bridge = (start: number, steps: Steps, end: number, customers: Steps): MrrBridge => ({
  start,
  end,
  steps: mrrSteps.map((id, i) => ({ id, value: steps[i]! })),
  customers: Object.fromEntries(mrrSteps.map((id, i) => [id, customers[i]!])) as Record<MrrStep, number>,
});

/**
 * 2025-Q1 with both exports in. Its start (2024-12-31) is before the first export, so rebuilt from
 * the current rows: B 200, C 500 (with seats), D 300 and F at today's 275 = 1,275. On 03-31 the first
 * export stands and says F is 250: a contraction of 25 there. End: A 100, B 300, C 400, E 180, F 250,
 * G 160 = 1,390.
 */
const Q1 = bridge(1_275, [290, 160, 180, -125, -390], 1_390, [3, 2, 1, 2, 2]);
/** 2025-Q2: the first export stands until 06-30, when the second shows K (+120), F at 275 (+25) and G's first subscription gone (-100). */
const Q2 = bridge(1_390, [120, 25, 0, -100, 0], 1_435, [1, 1, 0, 1, 0]);
/** 2025-Q3: after the last export, its rows and their dates: M starts on 07-10 (+500), A's cancellation on 08-15 (-100). */
const Q3 = bridge(1_435, [500, 0, 0, 0, -100], 1_835, [1, 0, 0, 0, 1]);
/** With only the first export: Q1 rebuilt from it (F 250 throughout, no contraction of 25), and nothing moves in Q2. */
const Q1_FIRST_ONLY = bridge(1_250, [290, 160, 180, -100, -390], 1_390, [3, 2, 1, 1, 2]);
const Q2_FIRST_ONLY = bridge(1_390, [0, 0, 0, 0, 0], 1_390, [0, 0, 0, 0, 0]);

async function ok<K extends ApiName>(session: Session, name: K, input: unknown) {
  const r = await callService(session, name, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** A new workbook, and a writer of the test's files beside it. */
async function billing(): Promise<{ session: Session; file: (name: string, lines: string[]) => string }> {
  const { dir, session } = await newBook('mrr');
  return { session, file: (name: string, lines: string[]) => fileIn(dir, name, `${lines.join('\n')}\n`) };
}

async function imp(session: Session, path: string, options: ImportOptions) {
  return ok(session, 'import.run', { file: { path }, options });
}

const movements = (session: Session, period: string, segment?: string) =>
  ok(session, 'metrics.movements', { period, of: 'mrr', ...(segment ? { segment } : {}) }) as Promise<MrrMovements>;

const bare = ({ start, end, steps, customers }: MrrBridge): MrrBridge => ({ start, end, steps, customers });

async function kpis(session: Session, period: string): Promise<Record<string, number | null>> {
  const r = await ok(session, 'metrics.compute', { period });
  return Object.fromEntries(r.metrics.map((m) => [m.id, m.value]));
}

/** The bridge adds up, its end is mrr of the period and its start mrr on the day before, and each step is its KPI. */
async function holds(session: Session, b: MrrMovements): Promise<void> {
  const before = addDays(b.period.start, -1);
  const sum = b.steps.reduce((s, x) => s + x.value, 0);
  assert.ok(Math.abs(b.start + sum - b.end) < 0.005, `${b.period.id}: the steps add up`);
  const k = await kpis(session, b.period.id);
  assert.equal(b.end, k.mrr, `${b.period.id}: end is mrr`);
  assert.equal(b.start, (await kpis(session, `${before}..${before}`)).mrr, `${b.period.id}: start is mrr on ${before}`);
  for (const s of b.steps) assert.equal(k[`${s.id}_mrr`], Math.abs(s.value), `${b.period.id}: ${s.id}_mrr`);
  assert.equal(k.net_new_mrr, sum);
}

test("two exports: each quarter's MRR bridge as worked out by hand, the KPIs equal to it, undo puts each back", async () => {
  const { session, file } = await billing();
  const first = await imp(session, file('q1.csv', MRR_Q1_EXPORT), { as: 'subscriptions', asOf: '2025-03-31' });
  // A subscription that ends before it starts, and a negative MRR, are rejected rows.
  assert.deepEqual([first.accepted, first.rejected], [12, 2]);
  assert.deepEqual(first.problems, [
    { row: 14, column: 'End Date', value: '2025-02-01', reason: 'is before its start (2025-03-01): a subscription cannot end before it starts' },
    { row: 15, column: 'MRR', value: '-40', reason: 'is negative: recurring revenue cannot be below 0 (a refund or credit belongs in orders)' },
  ]);
  assert.deepEqual(bare(await movements(session, '2025-Q1')), Q1_FIRST_ONLY);
  assert.deepEqual(bare(await movements(session, '2025-Q2')), Q2_FIRST_ONLY);

  const second = await imp(session, file('q2.csv', MRR_Q2_EXPORT), { as: 'subscriptions', asOf: '2025-06-30' });
  for (const [period, expected] of [
    ['2025-Q1', Q1],
    ['2025-Q2', Q2],
    ['2025-Q3', Q3],
  ] as const) {
    const b = await movements(session, period);
    assert.equal(b.of, 'mrr');
    assert.equal(b.source, 'subscriptions');
    assert.deepEqual(bare(b), expected, period);
    await holds(session, b);
  }
  const q1 = await ok(session, 'metrics.compute', { period: '2025-Q1' });
  const quick = q1.metrics.find((m) => m.id === 'quick_ratio')!;
  assert.deepEqual([quick.numerator, quick.denominator, quick.value], [630, 515, 630 / 515]);
  assert.match(q1.metrics.find((m) => m.id === 'new_mrr')!.note ?? '', /subscriptions on 2024-12-31 rebuilt from the current records/);
  // No loss in Q2 but G's contraction: the ratio is (120 + 25) / 100.
  assert.equal((await kpis(session, '2025-Q2')).quick_ratio, 1.45);
  // A month inside, rebuilt: on 01-31 B 200, C 500, F 275, G 100, H 90; in February A is new (+100), B changes plan (+100), H leaves (-90).
  assert.deepEqual(bare(await movements(session, '2025-02')), bridge(1_165, [100, 100, 0, 0, -90], 1_275, [1, 1, 0, 0, 1]));

  await ok(session, 'import.undo', { batch: second.batchId });
  assert.deepEqual(bare(await movements(session, '2025-Q1')), Q1_FIRST_ONLY);
  assert.deepEqual(bare(await movements(session, '2025-Q2')), Q2_FIRST_ONLY);
});

test('a bridge by plan: each customer under the plan of their oldest subscription running at the end, else at the start, every segment adding up', async () => {
  const { session, file } = await billing();
  await imp(session, file('q1.csv', MRR_Q1_EXPORT), { as: 'subscriptions', asOf: '2025-03-31' });
  await imp(session, file('q2.csv', MRR_Q2_EXPORT), { as: 'subscriptions', asOf: '2025-06-30' });
  const b = await movements(session, '2025-Q1', 'plan');
  assert.deepEqual(bare(b), Q1, 'the whole bridge comes with the segments');
  assert.deepEqual(
    b.segments!.map((s) => [s.key, s.start, s.steps.map((x) => x.value), s.end]),
    [
      // B (Pro from 02-01), C (its Pro subscription outlives the seats), F.
      ['Pro', 975, [0, 100, 0, -125, 0], 950],
      // A; D (Basic at the start); E back on Basic; G (Basic is older than its seats); H (its latest).
      ['Basic', 300, [290, 60, 180, 0, -390], 440],
    ],
  );
  const k = await ok(session, 'metrics.compute', { period: '2025-Q1', segment: 'plan' });
  const seg = (id: string) => k.metrics.find((m) => m.id === id)!.segments!.map((s) => [s.key, s.value]);
  assert.deepEqual(seg('new_mrr'), [['Basic', 290]]);
  assert.deepEqual(seg('contraction_mrr'), [['Pro', 125]]);
  assert.deepEqual(seg('net_new_mrr'), [
    ['Basic', 140],
    ['Pro', -25],
  ]);
});

test('the customers behind a step: biggest first, with their MRR at both ends, the day and the subscription that moved them', async () => {
  const { session, file } = await billing();
  await imp(session, file('q1.csv', MRR_Q1_EXPORT), { as: 'subscriptions', asOf: '2025-03-31' });
  await imp(session, file('q2.csv', MRR_Q2_EXPORT), { as: 'subscriptions', asOf: '2025-06-30' });
  const rows = async (step: string): Promise<RowsPage> => ok(session, 'metrics.movementRows', { period: '2025-Q1', of: 'mrr', step });
  const newRows = await rows('new');
  assert.equal(newRows.dataset, 'subscriptions');
  assert.deepEqual(newRows.columns, ['customer_id', 'new', 'mrr_at_start', 'mrr_at_end', 'changed_on', 'plan', 'subscription_id']);
  assert.deepEqual(newRows.rows, [
    ['A', 100, 0, 100, '2025-02-10', 'Basic', 'S-A1'],
    ['G', 100, 0, 160, '2025-01-05', 'Basic', 'S-G1'],
    ['H', 90, 0, 0, '2025-01-20', 'Basic', 'S-H1'],
  ]);
  assert.deepEqual(newRows.keys, ['S-A1', 'S-G1', 'S-H1']);
  assert.equal(newRows.total, 3);
  // The plan change is one expansion, behind it the subscription that started.
  assert.deepEqual((await rows('expansion')).rows, [
    ['B', 100, 200, 300, '2025-02-01', 'Pro', 'S-B2'],
    ['G', 60, 0, 160, '2025-03-01', 'Basic', 'S-G2'],
  ]);
  assert.deepEqual((await rows('reactivation')).rows, [['E', 180, 0, 180, '2025-03-15', 'Basic', 'S-E2']]);
  assert.deepEqual((await rows('contraction')).rows, [
    ['C', -100, 500, 400, '2025-03-10', 'Pro', 'S-C2'],
    ['F', -25, 275, 250, '2025-03-31', 'Pro', 'S-F1'],
  ]);
  assert.deepEqual((await rows('churned')).rows, [
    ['D', -300, 300, 0, '2025-01-31', 'Basic', 'S-D1'],
    ['H', -90, 0, 0, '2025-02-20', 'Basic', 'S-H1'],
  ]);
  // The rows behind a movement KPI are its customers: the churned ones, those who lost MRR (the quick
  // ratio's denominator), every one who moved (net new MRR; H came and went).
  const behind = async (id: string) => {
    const page = await ok(session, 'metrics.rows', { id, period: '2025-Q1' });
    return [page.columns[1], ...page.rows.map((r) => `${r[0]} ${r[1]}`)];
  };
  assert.deepEqual(await behind('churned_mrr'), ['churned', 'D -300', 'H -90']);
  assert.deepEqual(await behind('quick_ratio'), ['mrr_change', 'D -300', 'C -100', 'H -90', 'F -25']);
  assert.deepEqual(await behind('net_new_mrr'), ['mrr_change', 'D -300', 'E 180', 'G 160', 'A 100', 'B 100', 'C -100', 'F -25', 'H 0']);
  // Q2's contraction of G, known from the export of 06-30, is the subscription it ended; its seats are all G has left.
  assert.deepEqual((await ok(session, 'metrics.movementRows', { period: '2025-Q2', of: 'mrr', step: 'contraction' })).rows, [
    ['G', -100, 160, 60, '2025-06-30', 'Seats', 'S-G1'],
  ]);
});

test("customers' monthly revenue where there are no subscriptions: versions of customers move MRR, a churned customer back is a reactivation", async () => {
  const { session, file } = await billing();
  const head = 'Customer ID,Acquired At,Churned At,Monthly Revenue,Region';
  await imp(session, file('c1.csv', [head, 'C1,2024-05-01,,100,North', 'C2,2025-02-01,,50,South', 'C3,2024-01-01,2025-03-01,80,North']), {
    as: 'customers',
    asOf: '2025-03-31',
  });
  await imp(
    session,
    file('c2.csv', [head, 'C1,2024-05-01,,120,North', 'C2,2025-02-01,2025-05-10,50,South', 'C3,2024-01-01,,80,North', 'C4,2025-04-20,,70,South']),
    {
      as: 'customers',
      asOf: '2025-06-30',
    },
  );
  const b = await movements(session, '2025-Q2', 'region');
  assert.equal(b.source, 'customers');
  // On 03-31: C1 100, C2 50 (C3 left on 03-01). On 06-30: C1 up 20, C2 gone, C3 back, C4 new.
  assert.deepEqual(bare(b), bridge(150, [70, 20, 80, 0, -50], 270, [1, 1, 1, 0, 1]));
  assert.deepEqual(
    b.segments!.map((s) => [s.key, s.start, s.end]),
    [
      ['North', 100, 200],
      ['South', 50, 70],
    ],
  );
  await holds(session, b);
  const rows = await ok(session, 'metrics.movementRows', { period: '2025-Q2', of: 'mrr', step: 'reactivation' });
  assert.equal(rows.dataset, 'customers');
  assert.deepEqual(rows.columns.slice(0, 5), ['customer_id', 'reactivation', 'mrr_at_start', 'mrr_at_end', 'changed_on']);
  assert.deepEqual(
    rows.rows.map((r) => r.slice(0, 5)),
    [['C3', 80, 0, 80, '2025-06-30']],
  );
  assert.deepEqual(rows.keys, ['C3']);
});

test('what an MRR bridge cannot be: no recurring revenue, period all, a split the data cannot make, a pipeline step', async () => {
  const { session, file } = await billing();
  const fails = async (name: ApiName, input: unknown, code: string, message: RegExp) => {
    const r = await callService(session, name, input);
    assert.ok(!r.ok && r.error.code === code && message.test(r.error.message), JSON.stringify(r));
  };
  await fails(
    'metrics.movements',
    { of: 'mrr', period: '2025-Q1' },
    'no_data',
    /^This workbook has no recurring revenue to bridge: MRR needs subscriptions: import a subscriptions or contracts export/,
  );
  await imp(session, file('q1.csv', MRR_Q1_EXPORT), { as: 'subscriptions', asOf: '2025-03-31' });
  await fails('metrics.movements', { of: 'mrr', period: 'all' }, 'invalid_period', /All time has neither: give a month, quarter, year or date range/);
  await fails('metrics.movements', { of: 'mrr', segment: 'owner' }, 'invalid_input', /^Subscriptions have no owner field to split MRR by; split it by plan\.$/);
  await fails(
    'metrics.movementRows',
    { of: 'mrr', step: 'won' },
    'invalid_input',
    /^won is not a step of the MRR bridge, whose steps are new, expansion, reactivation, contraction and churned\.$/,
  );
  await fails('metrics.movementRows', { of: 'pipeline', step: 'new' }, 'invalid_input', /^new is not a step of the pipeline bridge/);
  const all = await kpis(session, 'all');
  for (const id of ['new_mrr', 'net_new_mrr', 'quick_ratio']) assert.equal(all[id], null, id);
});

test('the sample company: on every quarter and month, start + movements = mrr at the end to the cent, each step its KPI', async () => {
  const db = await memoryDatabase();
  writeDemo(db);
  const settings = readSettings(db);
  const periods = [...lastNPeriods(quarterPeriod(2026, 3), 10), ...lastNPeriods(monthPeriod(2026, 9), 30)];
  const mrr = (period: string): number => computeMetrics(db, { period, ids: ['mrr'] }, settings).metrics[0]!.value!;
  const moved = new Set<MrrStep>();
  for (const p of periods) {
    const b = computeMovements(db, { period: p.id, of: 'mrr' }, settings) as MrrMovements;
    const sum = b.steps.reduce((s, x) => s + x.value, 0);
    const before = addDays(p.start, -1);
    assert.ok(Math.abs(b.start + sum - mrr(p.id)) < 0.005, `${p.id}: ${b.start} + ${sum} = mrr ${mrr(p.id)}`);
    assert.ok(Math.abs(b.start - mrr(`${before}..${before}`)) < 0.005, `${p.id}: start`);
    const k = computeMetrics(db, { period: p.id, ids: mrrSteps.map((s) => `${s}_mrr`) }, settings).metrics;
    for (const s of b.steps) {
      assert.ok(Math.abs(k.find((m) => m.id === `${s.id}_mrr`)!.value! - Math.abs(s.value)) < 0.005, `${p.id}: ${s.id}`);
      if (s.value !== 0) moved.add(s.id);
    }
  }
  assert.deepEqual([...moved].sort(), [...mrrSteps].sort(), 'every step moves in the sample company');
  db.close();
});
