/**
 * The weighted forecast worked out by hand: the deals open now whose expected close date lies in a
 * future quarter, weighted by their own probability or their stage's, in forecast categories, against
 * the quarter's quota; with and without a probability column, by owner, and after a settings change
 * (through the service table, so that the rollups an import kept are counted again, not re-imported).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import type { CanonicalRow } from '../../../../main/store/batches';
import { computeMetrics } from '../../../../main/metrics/compute';
import { Session } from '../../../../main/session';
import { callService } from '../../../../main/services';
import { saveWorkbook } from '../../../../main/store/workbook';
import { keepRollups } from '../../../../main/metrics/keep';
import { readSettings } from '../../../../main/store/settings';
import { addRows, kpi, workbook } from './fixture';

const close = (actual: number | null, expected: number): void => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `${actual} != ${expected}`);

/**
 * Period 2026-Q4. Ann's quota 100,000 and Bob's 60,000 for 2026-Q4; none for 2027-Q1. HubSpot's
 * default stages (Contract Sent 90% and Commit; Presentation Scheduled 60% and Best case; Qualified To
 * Buy 40% and Pipeline) and one stage the settings do not know, "Negotiation".
 *
 * deal  owner stage                      status amount  close       own p  weighted in Q4       category
 * D1    Ann   Contract Sent              open   20,000  2026-10-15  -      0.9 x 20,000 = 18,000 commit
 * D2    Ann   Presentation Scheduled     open   10,000  2026-11-20  0.5    0.5 x 10,000 =  5,000 best case
 * D3    Bob   Qualified To Buy           open    8,000  2026-12-31  -      0.4 x  8,000 =  3,200 pipeline
 * D4    Bob   Negotiation                open    5,000  2026-12-01  -      0%           =      0 none
 * D5    Bob   Contract Sent              open   12,000  2027-01-10  -      (2027-Q1)              commit
 * D6    Ann   Closed Won                 won    30,000  2026-10-05  -      won in Q4
 * D7    Bob   Closed Lost                lost    9,000  2026-11-02  -      -
 * D8    Ann   Decision Maker Bought-In   open    4,000  2026-09-28  -      (2026-Q3)              best case
 * D9    Bob   Contract Sent              open    6,000  2026-12-15  0.5    0.5 x  6,000 =  3,000 commit
 *
 * Q4: weighted 18,000 + 5,000 + 3,200 + 0 + 3,000 = 29,200; commit D1 + D9 = 26,000; best case
 * commit + D2 = 36,000; gap 160,000 - won 30,000 - commit 26,000 = 104,000.
 * Ann: weighted 23,000, commit 20,000, best case 30,000, gap 100,000 - 30,000 - 20,000 = 50,000.
 * Bob: weighted 6,200, commit 6,000, best case 6,000, gap 60,000 - 0 - 6,000 = 54,000.
 * Without the probability column D2 takes 60% (6,000) and D9 90% (5,400): 18,000 + 6,000 + 3,200 + 5,400 = 32,600.
 */
const deal = (
  deal_id: string,
  owner: string,
  stage: string,
  status: string,
  amount: number,
  closed_at: string,
  probability: number | null = null,
): CanonicalRow => ({
  deal_id,
  owner,
  stage,
  status,
  amount,
  created_at: '2026-08-01',
  closed_at,
  probability,
});
const deals = (withProbability: boolean): CanonicalRow[] => [
  deal('D1', 'Ann', 'Contract Sent', 'open', 20_000, '2026-10-15'),
  deal('D2', 'Ann', 'Presentation Scheduled', 'open', 10_000, '2026-11-20', withProbability ? 0.5 : null),
  deal('D3', 'Bob', 'Qualified To Buy', 'open', 8_000, '2026-12-31'),
  deal('D4', 'Bob', 'Negotiation', 'open', 5_000, '2026-12-01'),
  deal('D5', 'Bob', 'Contract Sent', 'open', 12_000, '2027-01-10'),
  deal('D6', 'Ann', 'Closed Won', 'won', 30_000, '2026-10-05'),
  deal('D7', 'Bob', 'Closed Lost', 'lost', 9_000, '2026-11-02'),
  deal('D8', 'Ann', 'Decision Maker Bought-In', 'open', 4_000, '2026-09-28'),
  deal('D9', 'Bob', 'Contract Sent', 'open', 6_000, '2026-12-15', withProbability ? 0.5 : null),
];
const quotas: CanonicalRow[] = [
  { owner: 'Ann', period: '2026-Q4', period_end: '2026-12-31', amount: 100_000 },
  { owner: 'Bob', period: '2026-Q4', period_end: '2026-12-31', amount: 60_000 },
];

/** A KPI of 2026-Q4 split by owner, as the dashboard's split asks for it. */
const segment = (db: Database, id: string) =>
  Object.fromEntries(
    (computeMetrics(db, { period: '2026-Q4', ids: [id], segment: 'owner' }, readSettings(db)).metrics[0]!.segments ?? []).map((s) => [s.key, s.value]),
  );

test('weighted pipeline, commit, best case and gap of 2026-Q4 with a probability column', async () => {
  const db = await workbook({ deals: deals(true), quotas });
  const weighted = kpi(db, 'weighted_pipeline', '2026-Q4');
  assert.equal(weighted.status, 'ok');
  close(weighted.value, 29_200);
  close(kpi(db, 'commit_forecast', '2026-Q4').value, 26_000);
  close(kpi(db, 'best_case_forecast', '2026-Q4').value, 36_000);
  close(kpi(db, 'forecast_gap_to_quota', '2026-Q4').value, 104_000);
  // The stage no setting knows is named, with its deals, where they count at 0% and in no category.
  assert.match(weighted.note ?? '', /open deals at stage "Negotiation" \(1 deal\) have no probability: they count at 0% until one is set/);
  assert.match(kpi(db, 'commit_forecast', '2026-Q4').note ?? '', /"Negotiation" \(1 deal\) have no forecast category/);

  assert.deepEqual(segment(db, 'weighted_pipeline'), { Ann: 23_000, Bob: 6_200 });
  assert.deepEqual(segment(db, 'commit_forecast'), { Ann: 20_000, Bob: 6_000 });
  assert.deepEqual(segment(db, 'best_case_forecast'), { Ann: 30_000, Bob: 6_000 });
  assert.deepEqual(segment(db, 'forecast_gap_to_quota'), { Ann: 50_000, Bob: 54_000 });

  // 2027-Q1 holds D5 alone and has no quota; 2026-Q3 holds the overdue D8 (80%).
  close(kpi(db, 'weighted_pipeline', '2027-Q1').value, 0.9 * 12_000);
  close(kpi(db, 'commit_forecast', '2027-Q1').value, 12_000);
  const gap = kpi(db, 'forecast_gap_to_quota', '2027-Q1');
  assert.deepEqual([gap.status, gap.reason], ['no_data', 'no quota lies within Q1 2027']);
  close(kpi(db, 'weighted_pipeline', '2026-Q3').value, 3_200);
  close(kpi(db, 'best_case_forecast', '2026-Q3').value, 4_000);
  close(kpi(db, 'commit_forecast', '2026-Q3').value, 0);
});

test('without a probability column every deal takes its stage probability: 32,600', async () => {
  const db = await workbook({ deals: deals(false), quotas });
  close(kpi(db, 'weighted_pipeline', '2026-Q4').value, 32_600);
  // Categories do not depend on the column.
  close(kpi(db, 'commit_forecast', '2026-Q4').value, 26_000);
  assert.deepEqual(segment(db, 'weighted_pipeline'), { Ann: 18_000 + 6_000, Bob: 3_200 + 5_400 });
});

test('a settings change applies to the imported deals at once: Negotiation 70% and Commit, Contract Sent 75%', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-forecast-'));
  const session = new Session('cli', dir);
  const book = join(dir, 'forecast.kpiw');
  assert.ok((await callService(session, 'workbook.create', { file: { path: book } })).ok);
  const db = session.workbook!.db;
  addRows(db, 'deals', deals(true));
  addRows(db, 'quotas', quotas);
  keepRollups(db, readSettings(db));
  await saveWorkbook(session.workbook!);
  const values = async () => {
    const r = await callService(session, 'metrics.compute', { period: '2026-Q4' });
    assert.ok(r.ok);
    return Object.fromEntries(r.value.metrics.filter((m) => /forecast|weighted/.test(m.id)).map((m) => [m.id, m.value]));
  };
  assert.deepEqual(await values(), { weighted_pipeline: 29_200, commit_forecast: 26_000, best_case_forecast: 36_000, forecast_gap_to_quota: 104_000 });

  const set = await callService(session, 'settings.set', {
    patch: { stage_probabilities: { negotiation: 0.7, 'Contract Sent': 0.75 }, forecast_categories: { Negotiation: 'commit' } },
  });
  assert.ok(set.ok, JSON.stringify(set));
  // The label keeps the spelling it was given; one spelling replaces another (matched without case or spaces).
  assert.equal(set.value.settings.stage_probabilities.negotiation, 0.7);
  assert.equal(set.value.settings.stage_probabilities['Contract Sent'], 0.75);
  // D1 at 75% (15,000), D4 at 70% (3,500): 15,000 + 5,000 + 3,200 + 3,500 + 3,000 = 29,700 (D9 keeps its own 50%).
  // Commit gains D4: 31,000; best case 41,000; gap 160,000 - 30,000 - 31,000 = 99,000.
  assert.deepEqual(await values(), { weighted_pipeline: 29_700, commit_forecast: 31_000, best_case_forecast: 41_000, forecast_gap_to_quota: 99_000 });
  const weighted = await callService(session, 'metrics.compute', { period: '2026-Q4' });
  assert.ok(weighted.ok);
  assert.equal(weighted.value.metrics.find((m) => m.id === 'weighted_pipeline')!.note, undefined, 'every stage is covered now');

  // Removing a label's setting puts its deals back at 0%.
  assert.ok((await callService(session, 'settings.set', { patch: { stage_probabilities: { NEGOTIATION: null } } })).ok);
  assert.equal((await values()).weighted_pipeline, 29_700 - 3_500);
  await callService(session, 'workbook.close', {});
});

test('open deals without close dates give no forecast, and say which column to map', async () => {
  const db = await workbook({
    deals: [deal('D1', 'Ann', 'Contract Sent', 'open', 20_000, '2026-10-15'), deal('D6', 'Ann', 'Closed Won', 'won', 30_000, '2026-10-05')].map((d) =>
      d.status === 'open' ? { ...d, closed_at: null } : d,
    ),
    quotas,
  });
  for (const id of ['weighted_pipeline', 'commit_forecast', 'best_case_forecast', 'forecast_gap_to_quota']) {
    const r = kpi(db, id, '2026-Q4');
    assert.equal(r.status, 'no_data', id);
    assert.match(r.reason ?? '', /^no open deal has a close date: map the expected close date to Closed when importing$/, id);
  }
});

test("stage settings: a probability outside 0-100% is refused; labels are the user's text and never reach a prototype", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-forecast-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'f.kpiw') } })).ok);
  const refused = await callService(session, 'settings.set', { patch: { stage_probabilities: { 'Contract Sent': 1.5 } } });
  assert.ok(!refused.ok && refused.error.code === 'invalid_input', JSON.stringify(refused));
  const wrongCategory = await callService(session, 'settings.set', { patch: { forecast_categories: { 'Contract Sent': 'maybe' } } });
  assert.ok(!wrongCategory.ok && wrongCategory.error.code === 'invalid_input');
  // As browser mode receives it: JSON whose keys are labels.
  const patch: unknown = JSON.parse('{"patch": {"stage_probabilities": {"__proto__": 0.3, "constructor": 0.2}}}');
  const set = await callService(session, 'settings.set', patch);
  assert.ok(set.ok, JSON.stringify(set));
  const probabilities = set.value.settings.stage_probabilities;
  assert.equal(Object.getPrototypeOf(probabilities), Object.prototype);
  // The contract's parser drops a "__proto__" key; "constructor" is a label like any other.
  assert.deepEqual(
    Object.entries(probabilities).filter(([k]) => k === '__proto__' || k === 'constructor'),
    [['constructor', 0.2]],
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // The defaults stay beside them.
  assert.equal(probabilities['Contract Sent'], 0.9);
  await callService(session, 'workbook.close', {});
});
