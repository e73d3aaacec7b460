/**
 * A record's history through the service table (data.history), worked out by hand: three exports of
 * a small deals file dated with their as-of days — one changing a deal, one a complete export that
 * removes a deal, one bringing it back — and then an older export imported last, which slots into the
 * past; undo at the end puts the versions back as they were. Also the rows' keys that open a history
 * from the Data page and from the rows behind a figure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportOptions, ImportResult, RecordHistory } from '../../../shared/api';
import type { DatasetName } from '../../../shared/datasets/catalog';

const HEADER = 'Deal ID,Stage,Amount,Create Date,Close Date';

async function book(): Promise<{ dir: string; session: Session }> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-history-'));
  const session = new Session('cli', dir);
  const made = await callService(session, 'workbook.create', { file: { path: join(dir, 'b.kpiw') } });
  assert.ok(made.ok, JSON.stringify(made));
  return { dir, session };
}

async function imp(session: Session, dir: string, name: string, rows: string[], options: ImportOptions, header = HEADER): Promise<ImportResult> {
  const file = join(dir, name);
  writeFileSync(file, [header, ...rows].join('\n'));
  const r = await callService(session, 'import.run', { file: { path: file }, options });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

async function history(session: Session, id: string, dataset: DatasetName = 'deals'): Promise<RecordHistory> {
  const r = await callService(session, 'data.history', { dataset, id });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** Each version as [valid_from, valid_to, batch, ended_by, changed]. */
const spans = (h: RecordHistory) => h.versions.map((v) => [v.valid_from, v.valid_to, v.batch, v.ended_by, v.changed]);

const deal = (id: string, stage: string, status: string, amount: number, created: string, closed: string | null) => ({
  deal_id: id,
  stage,
  status,
  amount,
  created_at: created,
  closed_at: closed,
  owner: null,
  source: null,
  customer_id: null,
  product: null,
  deal_type: null,
  region: null,
  probability: null,
});

/**
 * Batch 1, as of 2026-01-31: D-1 Engaging 100, D-2 Engaging 50, D-3 won.
 * Batch 2, as of 2026-02-28, a complete export: D-1 won at 120; D-2 missing, so removed.
 * Batch 3, as of 2026-03-31: D-1 as it was, D-2 back as lost.
 * Batch 4, as of 2026-02-15, imported last: D-1 at 110 while still Engaging; D-2 and D-3 as batch 1 had them.
 */
async function fourExports(): Promise<{ session: Session; results: ImportResult[] }> {
  const { dir, session } = await book();
  const results = [
    await imp(session, dir, 'jan.csv', ['D-1,Engaging,100,2026-01-10,', 'D-2,Engaging,50,2026-01-15,', 'D-3,Won,70,2026-01-05,2026-01-20'], {
      asOf: '2026-01-31',
    }),
    await imp(session, dir, 'feb.csv', ['D-1,Won,120,2026-01-10,2026-02-20', 'D-3,Won,70,2026-01-05,2026-01-20'], { asOf: '2026-02-28', missing: 'delete' }),
    await imp(session, dir, 'mar.csv', ['D-1,Won,120,2026-01-10,2026-02-20', 'D-2,Lost,50,2026-01-15,2026-03-10', 'D-3,Won,70,2026-01-05,2026-01-20'], {
      asOf: '2026-03-31',
    }),
    await imp(session, dir, 'mid-feb.csv', ['D-1,Engaging,110,2026-01-10,', 'D-2,Engaging,50,2026-01-15,', 'D-3,Won,70,2026-01-05,2026-01-20'], {
      asOf: '2026-02-15',
    }),
  ];
  return { session, results };
}

test("every version of a deal, in the order of the exports' as-of dates, with the fields each changed", async () => {
  const { session, results } = await fourExports();
  assert.deepEqual(
    results.map((r) => [r.batchId, r.asOf, r.added, r.changed, r.removed]),
    [
      [1, '2026-01-31', 3, 0, 0],
      [2, '2026-02-28', 0, 1, 1],
      [3, '2026-03-31', 1, 0, 0],
      [4, '2026-02-15', 0, 1, 0],
    ],
  );

  // D-1: batch 1's version until mid-February, the older export's (amount 110) until the end of
  // February, and batch 2's won deal since; batch 3 had it as it was, so it wrote no version.
  const d1 = await history(session, 'D-1');
  assert.equal(d1.dataset, 'deals');
  assert.equal(d1.key, 'D-1');
  assert.deepEqual(spans(d1), [
    ['2026-01-31', '2026-02-15', 1, 4, []],
    ['2026-02-15', '2026-02-28', 4, 2, ['amount']],
    ['2026-02-28', null, 2, null, ['stage', 'status', 'amount', 'closed_at']],
  ]);
  assert.deepEqual(
    d1.versions.map((v) => v.values),
    [
      deal('D-1', 'Engaging', 'open', 100, '2026-01-10', null),
      deal('D-1', 'Engaging', 'open', 110, '2026-01-10', null),
      deal('D-1', 'Won', 'won', 120, '2026-01-10', '2026-02-20'),
    ],
  );

  // D-2: removed by the complete export of 2026-02-28 (not by the next version), back on 2026-03-31;
  // the older export had it as batch 1 did, so it added no version.
  const d2 = await history(session, 'D-2');
  assert.deepEqual(spans(d2), [
    ['2026-01-31', '2026-02-28', 1, 2, []],
    ['2026-03-31', null, 3, null, ['stage', 'status', 'closed_at']],
  ]);
  assert.deepEqual(d2.versions[1]!.values, deal('D-2', 'Lost', 'lost', 50, '2026-01-15', '2026-03-10'));

  // D-3 never changed: one version, current since the first export.
  assert.deepEqual(spans(await history(session, 'D-3')), [['2026-01-31', null, 1, null, []]]);
});

test('undo puts the versions back: the older export leaves D-1 as before it, the complete export gives D-2 back its span', async () => {
  const { session } = await fourExports();
  assert.ok((await callService(session, 'import.undo', { batch: 4 })).ok);
  assert.deepEqual(spans(await history(session, 'D-1')), [
    ['2026-01-31', '2026-02-28', 1, 2, []],
    ['2026-02-28', null, 2, null, ['stage', 'status', 'amount', 'closed_at']],
  ]);
  // Without batch 2, the first version of D-1 is current again (batch 3 found it as batch 2 left it and
  // wrote nothing), and D-2's first version lasts until batch 3 replaced it.
  assert.ok((await callService(session, 'import.undo', { batch: 2 })).ok);
  assert.deepEqual(spans(await history(session, 'D-1')), [['2026-01-31', null, 1, null, []]]);
  assert.deepEqual(spans(await history(session, 'D-2')), [
    ['2026-01-31', '2026-03-31', 1, 3, []],
    ['2026-03-31', null, 3, null, ['stage', 'status', 'closed_at']],
  ]);
  assert.ok((await callService(session, 'import.undo', { batch: 3 })).ok);
  assert.deepEqual(spans(await history(session, 'D-2')), [['2026-01-31', null, 1, null, []]]);
});

test('an unknown ID is a failure naming the dataset and the ID', async () => {
  const { session } = await fourExports();
  const r = await callService(session, 'data.history', { dataset: 'deals', id: 'D-9' });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'unknown_record');
  assert.equal(r.error.message, 'Deals has no record "D-9": give its Deal ID as the export writes it.');
  assert.deepEqual(r.error.details, { dataset: 'deals', id: 'D-9' });
  const other = await callService(session, 'data.history', { dataset: 'leads', id: 'D-1' });
  assert.ok(!other.ok && other.error.code === 'unknown_record' && /^Leads has no record "D-1"/.test(other.error.message), JSON.stringify(other));
});

test('a key of several parts is written with them joined by " / ", its empty parts left out, or given as data.rows hands it out', async () => {
  const { dir, session } = await book();
  const header = 'Date,Category,Channel,Amount';
  await imp(session, dir, 's1.csv', ['2026-01-05,marketing,Ads,100', '2026-01,sales,,1000'], { as: 'spend', asOf: '2026-02-01' }, header);
  await imp(session, dir, 's2.csv', ['2026-01-05,marketing,Ads,130', '2026-01,sales,,1000'], { as: 'spend', asOf: '2026-03-01' }, header);
  const ads = await history(session, '2026-01-05 / 2026-01-05 / marketing / Ads', 'spend');
  assert.equal(ads.key, '2026-01-05 / 2026-01-05 / marketing / Ads');
  assert.deepEqual(spans(ads), [
    ['2026-02-01', '2026-03-01', 1, 2, []],
    ['2026-03-01', null, 2, null, ['amount']],
  ]);
  // The month's sales cost has no channel: shown (and asked for) without the empty part.
  const sales = await history(session, '2026-01-01 / 2026-01-31 / sales', 'spend');
  assert.deepEqual(spans(sales), [['2026-02-01', null, 1, null, []]]);
  const rows = await callService(session, 'data.rows', { dataset: 'spend', offset: 0, limit: 10 });
  assert.ok(rows.ok);
  const key = rows.value.keys[rows.value.rows.findIndex((r) => r[rows.value.columns.indexOf('channel')] === null)];
  assert.equal(key, '2026-01-01\u001f2026-01-31\u001fsales\u001f');
  assert.deepEqual(spans(await history(session, key, 'spend')), spans(sales));
});

test("the rows of the Data page and the rows behind a figure carry their records' keys", async () => {
  const { dir, session } = await book();
  await imp(session, dir, 'd.csv', ['D-1,Won,100,2026-01-10,2026-02-01', 'D-2,Lost,50,2026-01-15,2026-02-03', 'D-3,Engaging,70,2026-01-05,'], {
    asOf: '2026-03-31',
  });
  // A file without the Deal ID column: its rows have no identity, so no history to open.
  await imp(session, dir, 'no-ids.csv', ['Won,40,2026-01-20,2026-02-10'], { asOf: '2026-03-31' }, 'Stage,Amount,Create Date,Close Date');
  const page = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 10 });
  assert.ok(page.ok);
  assert.equal(page.value.dataset, 'deals');
  assert.equal(page.value.keys.length, page.value.rows.length);
  assert.deepEqual(page.value.keys, ['D-1', 'D-2', 'D-3', null]);
  // Sorted, each key stays with its row.
  const sorted = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 2, sort: { field: 'amount', dir: 'desc' } });
  assert.ok(sorted.ok);
  assert.deepEqual(sorted.value.keys, ['D-1', 'D-3']);
  assert.deepEqual(
    sorted.value.rows.map((r) => r[sorted.value.columns.indexOf('deal_id')]),
    ['D-1', 'D-3'],
  );

  const behind = await callService(session, 'metrics.rows', { id: 'win_rate', period: '2026-Q1' });
  assert.ok(behind.ok);
  assert.equal(behind.value.dataset, 'deals');
  assert.deepEqual(
    behind.value.rows.map((r, i) => [r[behind.value.columns.indexOf('deal_id')], behind.value.keys[i]]),
    [
      ['D-1', 'D-1'],
      ['D-2', 'D-2'],
      [null, null],
    ],
  );
  const none = await callService(session, 'metrics.rows', { id: 'nps', period: '2026-Q1' });
  assert.ok(none.ok);
  assert.deepEqual([none.value.dataset, none.value.keys, none.value.rows], [null, [], []]);
});
