/**
 * The pipeline bridge through the service table, on three exports of one small CRM made at the ends
 * of 2025-Q1, Q2 and Q3 (the second a complete export), with every figure worked out by hand below;
 * undo of the last import puts each bridge back exactly; on every quarter of the sample company the
 * steps add up and both ends are pipeline_value as metrics.compute gives it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportOptions, Input, RowsPage } from '../../../shared/api';
import type { ApiName } from '../../../shared/api-names';
import type { Bridge, Movements, StageMove } from '../../../shared/metrics/movements';
import { addDays, lastNPeriods, quarterPeriod } from '../../../shared/periods';
import { Q1_EXPORT, Q2_EXPORT, Q3_EXPORT } from '../../fixtures/pipeline-exports';
import { fileIn, newBook } from '../import/service-book';

type Steps = [created: number, increased: number, decreased: number, won: number, lost: number, removed: number];

const bridge = (start: number, steps: Steps, end: number, stages: [string, string, number][]): Bridge => ({
  start,
  end,
  steps: (['created', 'increased', 'decreased', 'won', 'lost', 'removed'] as const).map((id, i) => ({ id, value: steps[i]! })),
  stages: stages.map(([from, to, deals]): StageMove => ({ from, to, deals })),
});

const Q1 = bridge(700, [16_500, 0, 0, -600, 0, 0], 16_600, [
  ['(none)', 'Negotiation', 1],
  ['(none)', 'Proposal', 2],
  ['(none)', 'Qualification', 3],
  ['(none)', 'Closed Won', 1],
  // D0 was open at the end of 2024 by its dates, but the version read then (today's) says won.
  ['(open)', 'Proposal', 1],
]);

const Q2 = bridge(16_600, [7_800, 1_000, -500, -4_000, -3_000, -4_000], 13_900, [
  ['(none)', 'Qualification', 1],
  ['(none)', 'Closed Won', 1],
  ['Negotiation', 'Closed Lost', 1],
  ['Proposal', 'Proposal', 1],
  ['Proposal', 'Closed Won', 2],
  ['Qualification', '(none)', 1],
  ['Qualification', 'Proposal', 1],
  ['Qualification', 'Qualification', 1],
]);

const Q3 = bridge(13_900, [2_400, 1_000, -300, -1_200, -1_300, 0], 14_500, [
  ['(none)', 'Qualification', 1],
  ['(none)', 'Closed Lost', 1],
  ['Proposal', 'Negotiation', 1],
  ['Proposal', 'Closed Won', 1],
  ['Qualification', 'Proposal', 1],
  ['Qualification', 'Qualification', 1],
]);

/** Q2 and Q3 while only the first export is in: nothing moved after it. */
const Q2_FIRST_ONLY = bridge(16_600, [0, 0, 0, 0, 0, 0], 16_600, [
  ['Negotiation', 'Negotiation', 1],
  ['Proposal', 'Proposal', 3],
  ['Qualification', 'Qualification', 3],
]);
const Q3_BEFORE_LAST = bridge(13_900, [0, 0, 0, 0, 0, 0], 13_900, [
  ['Proposal', 'Proposal', 2],
  ['Qualification', 'Qualification', 2],
]);

async function ok<K extends ApiName>(session: Session, name: K, input: unknown) {
  const r = await callService(session, name, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** A new workbook, and a writer of the test's files beside it. */
async function crm(): Promise<{ session: Session; file: (name: string, lines: string[]) => string }> {
  const { dir, session } = await newBook('movements');
  return { session, file: (name: string, lines: string[]) => fileIn(dir, name, `${lines.join('\n')}\n`) };
}

async function imp(session: Session, path: string, options: ImportOptions): Promise<number> {
  const r = await ok(session, 'import.run', { file: { path }, options: { as: 'deals', ...options } });
  return r.batchId!;
}

const movements = (session: Session, period: string, extra: Partial<Input<'metrics.movements'>> = {}) =>
  ok(session, 'metrics.movements', { period, of: 'pipeline', ...extra }) as Promise<Movements>;

/** The bridge without its period: what the hand-worked values above give. */
const bare = ({ start, end, steps, stages }: Movements): Bridge => ({ start, end, steps, stages });

async function pipelineValue(session: Session, period: string): Promise<number | null> {
  const r = await ok(session, 'metrics.compute', { period });
  return r.metrics.find((m) => m.id === 'pipeline_value')!.value;
}

/** The bridge adds up from start to end, and both ends are pipeline_value on the day before and the last day. */
async function holds(session: Session, b: Movements): Promise<void> {
  const before = addDays(b.period.start, -1);
  assert.equal(b.start + b.steps.reduce((s, x) => s + x.value, 0), b.end, `${b.period.id}: the steps add up`);
  assert.equal(b.start, await pipelineValue(session, `${before}..${before}`), `${b.period.id}: start is pipeline_value on ${before}`);
  assert.equal(b.end, await pipelineValue(session, b.period.id), `${b.period.id}: end is pipeline_value of the period`);
}

test("three exports: each quarter's bridge as worked out by hand, ends equal to pipeline_value, undo puts each back", async () => {
  const { session, file } = await crm();
  await imp(session, file('q1.csv', Q1_EXPORT), { asOf: '2025-03-31' });
  assert.deepEqual(bare(await movements(session, '2025-Q2')), Q2_FIRST_ONLY);

  await imp(session, file('q2.csv', Q2_EXPORT), { asOf: '2025-06-30', missing: 'delete' });
  const q2 = await movements(session, '2025-Q2');
  assert.deepEqual(q2.period, { id: '2025-Q2', start: '2025-04-01', end: '2025-06-30' });
  assert.equal(q2.of, 'pipeline');
  assert.deepEqual(bare(q2), Q2);
  await holds(session, q2);
  assert.deepEqual(bare(await movements(session, '2025-Q3')), Q3_BEFORE_LAST);

  const last = await imp(session, file('q3.csv', Q3_EXPORT), { asOf: '2025-09-30' });
  for (const [period, expected] of [
    ['2025-Q1', Q1],
    ['2025-Q2', Q2],
    ['2025-Q3', Q3],
  ] as const) {
    const b = await movements(session, period);
    assert.deepEqual(bare(b), expected, period);
    await holds(session, b);
  }

  await ok(session, 'import.undo', { batch: last });
  assert.deepEqual(bare(await movements(session, '2025-Q3')), Q3_BEFORE_LAST);
  assert.deepEqual(bare(await movements(session, '2025-Q2')), Q2);
  await ok(session, 'import.undo', { batch: last - 1 });
  assert.deepEqual(bare(await movements(session, '2025-Q2')), Q2_FIRST_ONLY);
});

test('a bridge by owner: each deal under its owner at the end (else at the start), every segment adding up', async () => {
  const { session, file } = await crm();
  await imp(session, file('q1.csv', Q1_EXPORT), { asOf: '2025-03-31' });
  await imp(session, file('q2.csv', Q2_EXPORT), { asOf: '2025-06-30', missing: 'delete' });
  const b = await movements(session, '2025-Q2', { segment: 'owner' });
  assert.deepEqual(bare(b), Q2, 'the whole bridge comes with the segments');
  const segs = b.segments!.map((s) => [s.key, s.start, s.steps.map((x) => x.value), s.end]);
  assert.deepEqual(segs, [
    // D7 created; D9 unchanged.
    ['Cy', 900, [7_000, 0, 0, 0, 0, 0], 7_900],
    // D2 won (up 500 first), D3 lost, D5 (Ann's at the start, Ben's at the end) down 500, D8 created and won.
    ['Ben', 10_000, [800, 500, -500, -3_300, -3_000, 0], 4_500],
    // D0 won, D1 up 500, D4 removed.
    ['Ann', 5_700, [0, 500, 0, -700, 0, -4_000], 1_500],
  ]);
  assert.deepEqual(b.segments!.find((s) => s.key === 'Cy')!.stages, [
    { from: '(none)', to: 'Qualification', deals: 1 },
    { from: 'Qualification', to: 'Qualification', deals: 1 },
  ]);
});

test('the deals behind a step: biggest first, with their stages and amounts at both ends', async () => {
  const { session, file } = await crm();
  await imp(session, file('q1.csv', Q1_EXPORT), { asOf: '2025-03-31' });
  await imp(session, file('q2.csv', Q2_EXPORT), { asOf: '2025-06-30', missing: 'delete' });
  const rows = async (step: string): Promise<RowsPage> => ok(session, 'metrics.movementRows', { period: '2025-Q2', of: 'pipeline', step });
  const pick = (page: RowsPage, names: string[]) => page.rows.map((r) => names.map((n) => r[page.columns.indexOf(n)]));
  const head = ['deal_id', 'stage_at_start', 'stage_at_end', 'amount_at_start', 'amount_at_end', 'owner'];

  const won = await rows('won');
  assert.equal(won.dataset, 'deals');
  assert.deepEqual(won.columns.slice(0, 6), ['deal_id', 'won', 'stage_at_start', 'stage_at_end', 'amount_at_start', 'amount_at_end']);
  assert.deepEqual(pick(won, ['deal_id', 'won', 'stage_at_end', 'amount_at_start', 'amount_at_end']), [
    ['D2', -2_500, 'Closed Won', 2_000, 2_500],
    ['D8', -800, 'Closed Won', null, 800],
    ['D0', -700, 'Closed Won', 700, 700],
  ]);
  assert.equal(won.total, 3);
  assert.deepEqual(won.keys, ['D2', 'D8', 'D0']);
  // A removed deal is shown as it stood at the start.
  assert.deepEqual(pick(await rows('removed'), head), [['D4', 'Qualification', '(none)', 4_000, null, 'Ann']]);
  assert.deepEqual(pick(await rows('created'), ['deal_id', 'created']), [
    ['D7', 7_000],
    ['D8', 800],
  ]);
  assert.deepEqual(pick(await rows('increased'), ['deal_id', 'increased']), [
    ['D1', 500],
    ['D2', 500],
  ]);
  assert.deepEqual(pick(await rows('decreased'), ['deal_id', 'decreased']), [['D5', -500]]);
  // Q1 starts before the first export, rebuilt from today's versions: a deal created in Q1 was not there.
  const q1 = await ok(session, 'metrics.movementRows', { period: '2025-Q1', of: 'pipeline', step: 'created' });
  assert.deepEqual(pick(q1, ['deal_id', 'stage_at_start', 'amount_at_start', 'amount_at_end']).slice(0, 2), [
    ['D5', '(none)', null, 5_000],
    ['D4', '(none)', null, 4_000],
  ]);
});

test('rows without identity are records of their own, two equal ones twice', async () => {
  const { session, file } = await crm();
  await imp(session, file('q1.csv', Q1_EXPORT), { asOf: '2025-03-31' });
  await imp(session, file('no-ids.csv', ['Stage,Amount,Created,Owner', 'Qualification,300,2025-04-02,Dee', 'Qualification,300,2025-04-02,Dee']), {
    asOf: '2025-06-30',
  });
  const b = await movements(session, '2025-Q2');
  assert.deepEqual(
    b.steps.map((s) => s.value),
    [600, 0, 0, 0, 0, 0],
  );
  assert.equal(b.end, 17_200);
  assert.deepEqual(b.stages[0], { from: '(none)', to: 'Qualification', deals: 2 });
  await holds(session, b);
});

test('a deal lost before the period and reopened in it, and one open at the start that the end says closed before it', async () => {
  const { session, file } = await crm();
  const head = 'Deal ID,Stage,Amount,Created,Closed,Owner';
  await imp(
    session,
    file('a.csv', [head, 'X1,Closed Lost,500,2025-01-01,2025-02-01,Ann', 'Y1,Proposal,900,2025-01-10,,Ann', 'Z1,Closed Won,300,2025-01-05,,Ann']),
    {
      asOf: '2025-03-31',
    },
  );
  await imp(session, file('b.csv', [head, 'X1,Proposal,800,2025-01-01,,Ann', 'Y1,Closed Won,900,2025-01-10,2025-03-20,Ann', 'Z1,Proposal,300,,,Ann']), {
    asOf: '2025-06-30',
  });
  const b = await movements(session, '2025-Q2');
  // X1 is open again: created. Y1 was open on 2025-03-31 and is won on 2025-03-20 as the later export
  // tells it: not won in Q2, so removed. Z1, won without a date and then without a created date, is never open.
  assert.deepEqual(
    bare(b),
    bridge(900, [800, 0, 0, 0, 0, -900], 800, [
      ['Proposal', 'Closed Won', 1],
      ['Closed Lost', 'Proposal', 1],
    ]),
  );
  await holds(session, b);
});

test('what a bridge cannot be: period all, a split deals cannot make, a workbook without deals', async () => {
  const { session, file } = await crm();
  const fails = async (input: unknown, code: string, message: RegExp) => {
    const r = await callService(session, 'metrics.movements', input);
    assert.ok(!r.ok && r.error.code === code && message.test(r.error.message), JSON.stringify(r));
  };
  await fails({ of: 'pipeline' }, 'no_data', /has no deals.*import a CRM deals export/);
  await imp(session, file('q1.csv', Q1_EXPORT), { asOf: '2025-03-31' });
  await fails({ period: 'all', of: 'pipeline' }, 'invalid_period', /All time has neither: give a month, quarter, year or date range/);
  await fails({ of: 'pipeline', segment: 'plan' }, 'invalid_input', /Deals have no plan field.*split it by stage, owner, source, product or region/);
  await fails({ of: 'pipeline', step: 'won' }, 'invalid_input', /Invalid input for metrics.movements/);
});

test('the sample company: on every quarter the steps add up and the ends are pipeline_value', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-movements-demo-'));
  const session = new Session('cli', dir);
  await ok(session, 'workbook.createSample', { file: { path: join(dir, 'demo.kpiw') } });
  const quarters = lastNPeriods(quarterPeriod(2026, 4), 12);
  let moved = 0;
  for (const q of quarters) {
    const b = await movements(session, q.id);
    const sum = b.steps.reduce((s, x) => s + x.value, 0);
    assert.ok(Math.abs(b.start + sum - b.end) < 1e-6, `${q.id}: ${b.start} + ${sum} = ${b.end}`);
    const before = addDays(q.start, -1);
    assert.equal(b.start, await pipelineValue(session, `${before}..${before}`), `${q.id}: start`);
    assert.equal(b.end, await pipelineValue(session, q.id), `${q.id}: end`);
    moved += b.steps.filter((s) => s.value !== 0).length;
  }
  assert.ok(moved > 20, "the sample company's pipeline moves");
});
