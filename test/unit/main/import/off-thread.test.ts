import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planColumns, type ImportPlan } from '../../../../shared/datasets/columns';
import { normaliseBatches, type NormalisedBatch } from '../../../../main/import/normalise-batches';
import { normalisedBatches } from '../../../../main/import/off-thread';
import { openSource, type Source } from '../../../../main/import/source';
import { refusal } from './read-all';
import type { PassEnd } from '../../../../main/import/normalise-batches';
import { memoryDatabase } from '../../../../main/store/memory';
import { readSettings } from '../../../../main/store/settings';
import { rowsRollupDef } from '../../../../main/metrics/profile-rollups';

let dir: string;
let path: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpiw-off-thread-'));
  path = join(dir, 'deals.csv');
  // Row 2 good; row 3 has no stage (rejected); row 4 is short (padded, warned); row 5 has a date that does not exist (left empty, warned);
  // rows 7-8 come after a blank line 6; row 9 has a field past the header (rejected: its values have
  // probably moved); then a Salesforce-style footer.
  writeFileSync(
    path,
    [
      'Deal,Stage,Amount,Created',
      'D1,Closed Won,"1,200.50",2024-03-05',
      'D2,,100,2024-03-06',
      'D3,Prospecting',
      'D4,Closed Lost,50,2024-02-30',
      '',
      'D5,"Closed, Won",7,2024-03-08 14:30',
      'D6,Qualified,-0,2024-03-09',
      'D7,Closed Won,9,2024-03-10,extra',
      '',
      'Confidential Information - Do Not Distribute',
      '',
    ].join('\n'),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function planFor(source: Source): Promise<ImportPlan> {
  const samples = [];
  for await (const b of source.batches()) samples.push(...b.map((r) => r.cells));
  const mapping = new Map([
    [0, 'deal_id'],
    [1, 'stage'],
    [2, 'amount'],
    [3, 'created_at'],
  ]);
  const r = planColumns('deals', source.info.headers, mapping, samples, { currency: 'USD', delimiter: ',' }, new Map());
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

async function collect(batches: AsyncIterable<NormalisedBatch>): Promise<NormalisedBatch[]> {
  const out: NormalisedBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

test('the worker hands out the same rows, problems and warnings as reading in this thread', async () => {
  const here = await openSource(path);
  const plan = await planFor(here);
  const local = await collect(normaliseBatches(here, { plan, maxProblems: 10_000, records: null }, () => undefined));

  const there = await openSource(path);
  const remote = await collect(
    normalisedBatches({ path, fileName: 'deals.csv', source: there, plan, maxProblems: 10_000, records: null, offThreadBytes: 0, onEnd: () => undefined }),
  );
  assert.deepEqual(remote, local);
  assert.deepEqual(there.info.warnings, here.info.warnings);

  // By hand: rows 2, 4, 5, 7, 8 are accepted (5 without its creation date); 3 (no stage) and 9 (five fields)
  // are not. Stored deal fields start deal_id, stage, status, amount, created_at: D1 is won at 1,200.50;
  // D5's quoted stage keeps its comma; D6's -0 is stored as 0. Each row ends with its key and fingerprint.
  const [batch] = remote;
  assert.ok(batch);
  assert.deepEqual(batch.rows, [2, 4, 5, 7, 8]);
  assert.equal(batch.rejected, 2);
  assert.deepEqual(
    batch.problems.map((p) => [p.row, p.column, p.value]),
    [
      [3, 'Stage', ''],
      [9, 'Column 5', 'extra'],
    ],
  );
  assert.match(batch.problems[1]!.reason, /^is past the last column: row 9 has 5 fields, the header 4, /);
  const width = batch.values.length / batch.rows.length;
  assert.deepEqual(batch.values.slice(0, 5), ['D1', 'Closed Won', 'won', 1200.5, '2024-03-05']);
  assert.deepEqual(batch.values.slice(2 * width, 2 * width + 5), ['D4', 'Closed Lost', 'lost', 50, null]);
  assert.deepEqual(batch.values.slice(3 * width, 3 * width + 5), ['D5', 'Closed, Won', 'won', 7, '2024-03-08']);
  assert.equal(Object.is(batch.values[4 * width + 3], 0), true);
  assert.equal(batch.values[width - 2], 'D1');
  assert.equal(typeof batch.values[width - 1], 'number');
  assert.deepEqual(batch.prev, [0, 0, 0, 0, 0]);
  assert.ok(
    there.info.warnings.some((w) => w.includes('fewer cells than the header (Row 4)')),
    there.info.warnings.join('|'),
  );
  assert.ok(
    there.info.warnings.some((w) => w.includes('report footer')),
    there.info.warnings.join('|'),
  );
});

test('a failure in the worker arrives as the same refusal', async () => {
  const bad = join(dir, 'open-quote.csv');
  // Header is row 1, forty good rows are 2-41, so the quote opens in row 42 (past the header scan).
  const good = Array.from({ length: 40 }, (_, i) => `D${i},Won,1,2024-01-01`);
  writeFileSync(bad, ['Deal,Stage,Amount,Created', ...good, 'D99,"Won,2,2024-01-02', 'D100,Won,3,2024-01-03', ''].join('\n'));
  const source = await openSource(bad);
  const plan = await planFor(await openSource(path));
  await refusal(
    collect(
      normalisedBatches({ path: bad, fileName: 'open-quote.csv', source, plan, maxProblems: 10, records: null, offThreadBytes: 0, onEnd: () => undefined }),
    ),
    'import_unreadable',
    'row 42 opens a quoted field',
  );
});

test('a cancel stops the worker', async () => {
  const source = await openSource(path);
  const plan = await planFor(source);
  const controller = new AbortController();
  controller.abort();
  await refusal(
    collect(
      normalisedBatches({
        path,
        fileName: 'deals.csv',
        source,
        plan,
        maxProblems: 10,
        records: null,
        offThreadBytes: 0,
        signal: controller.signal,
        onEnd: () => undefined,
      }),
    ),
    'cancelled',
    'deals.csv',
  );
});

test('the worker counts and matches as this thread does', async () => {
  const settings = readSettings(await memoryDatabase());
  const ends: PassEnd[] = [];
  // D1 is in the workbook as it is in the file (unchanged); D5 with other values (changed); D9 is not in the file.
  const first = await collect(
    normaliseBatches(await openSource(path), { plan: await planFor(await openSource(path)), maxProblems: 10, records: null }, () => undefined),
  );
  const width = first[0]!.values.length / first[0]!.rows.length;
  const hashOf = (id: string): number => first[0]!.values[first[0]!.values.indexOf(id) + width - 1] as number;
  for (const offThreadBytes of [0, Number.MAX_SAFE_INTEGER]) {
    const source = await openSource(path);
    const plan = await planFor(source);
    const records = { keys: JSON.stringify(['D1', 'D5', 'D9']), rowids: Float64Array.from([11, 15, 19]), hashes: Float64Array.from([hashOf('D1'), 1, 2]) };
    let got: PassEnd | undefined;
    const batches = await collect(
      normalisedBatches({
        path,
        fileName: 'deals.csv',
        source,
        plan,
        maxProblems: 10,
        records,
        offThreadBytes,
        rollups: { settings, batch: 7 },
        onEnd: (e) => (got = e),
      }),
    );
    assert.ok(got, 'findings handed over');
    assert.deepEqual(batches[0]!.rows, [4, 5, 7, 8]);
    assert.deepEqual(batches[0]!.prev, [0, 0, 15, 0]);
    ends.push(got);
  }
  assert.deepEqual(ends[0], ends[1]);
  const totals = ends[0]!.totals;
  assert.deepEqual([totals.added, totals.changed, totals.unchanged, totals.missing], [3, 1, 1, [19]]);
  // Rows written: D3 (padded), D4 (its date, which does not exist, left empty), D5, D6; D1 is unchanged, D2 has no stage and D7 has a field too many.
  assert.deepEqual(ends[0]!.rollups!.find((r) => r.id === rowsRollupDef('deals', settings).id)?.rows, [[4]]);
  // Every row's stage counted (row 3's is empty, row 9's row was never read), and the date left empty named with its row.
  assert.deepEqual(ends[0]!.tally, {
    labels: [
      {
        field: 'status',
        columns: ['Stage'],
        rows: [
          ['Closed Won', 1],
          ['Prospecting', 1],
          ['Closed Lost', 1],
          ['Closed, Won', 1],
          ['Qualified', 1],
        ],
        otherRows: 0,
      },
    ],
    leftEmpty: [{ column: 'Created', field: 'created_at', type: 'date', count: 1, samples: [{ row: 5, value: '2024-02-30' }] }],
  });
});
