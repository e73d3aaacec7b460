/**
 * A user's year through the service table: the same tools exported again, quarter after quarter.
 * Maven's real pipeline cut at 2017-06-30 and then exported whole gives one record per deal and the
 * whole export's KPIs; a newer export that moves five deals changes five; a repeated ID in one file,
 * blank and spreadsheet-shortened IDs, spaces and case; a complete export removes what it lacks and
 * undo puts it back; columns renamed or added; a remembered mapping; rows without identity; order
 * lines by position; a check (dry run) writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportResult } from '../../../shared/api';
import { realData, withoutRealData } from '../../support/real-data';
import { imp, kpis, newBook } from './service-book';

const book = () => newBook('records');

const maven = realData('maven-crm-sales/sales_pipeline.csv');

async function deals(session: Session): Promise<number> {
  const r = await callService(session, 'data.summary', {});
  assert.ok(r.ok);
  return r.value.datasets.find((d) => d.name === 'deals')!.rows;
}

const counts = (r: ImportResult) => [r.added, r.changed, r.unchanged, r.missing_from_file, r.removed];

/** Maven's export as it stood on 2017-06-30: deals engaged by then; those closed later were still Engaging. */
function mavenCut(dir: string): string {
  const [header, ...rows] = readFileSync(maven, 'utf8').trim().split(/\r?\n/);
  const out = [header!];
  for (const line of rows) {
    const c = line.split(',');
    if (c[5] === '' || c[5]! > '2017-06-30') continue;
    if (c[6] !== '' && c[6]! > '2017-06-30') out.push([c[0], c[1], c[2], c[3], 'Engaging', c[5], '', ''].join(','));
    else out.push(line);
  }
  const path = join(dir, 'pipeline-2017-06-30.csv');
  writeFileSync(path, out.join('\n'));
  return path;
}

/** The whole export with the first five Engaging deals won on 2017-12-30 for 1,000 each. */
function mavenMoved(dir: string): string {
  const [header, ...rows] = readFileSync(maven, 'utf8').trim().split(/\r?\n/);
  let moved = 0;
  const out = rows.map((line) => {
    const c = line.split(',');
    if (c[4] !== 'Engaging' || moved >= 5) return line;
    moved++;
    return [c[0], c[1], c[2], c[3], 'Won', c[5], '2017-12-30', '1000'].join(',');
  });
  const path = join(dir, 'pipeline-moved.csv');
  writeFileSync(path, [header, ...out].join('\n'));
  return path;
}

test("Maven: the quarter's cut then the whole export hold one record per deal and the whole export's KPIs", { skip: withoutRealData }, async () => {
  const { dir, session } = await book();
  const first = await imp(session, mavenCut(dir));
  assert.deepEqual(counts(first), [4365, 0, 0, 0, 0]);
  const whole = await imp(session, maven);
  // 4,365 deals known on 2017-06-30, 970 of them closed since; 4,435 engaged later.
  assert.deepEqual(counts(whole), [4435, 970, 3395, 0, 0]);
  assert.equal(whole.remembered?.batch, first.batchId);
  assert.equal(await deals(session), 8800);
  const q2 = await kpis(session, '2017-Q2');
  assert.equal(q2.get('won_revenue')!.value, 3_086_111);

  // The same KPIs as the whole export imported alone.
  const alone = await book();
  await imp(alone.session, maven);
  for (const period of ['2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4', 'all']) {
    assert.deepEqual([...(await kpis(session, period)).values()], [...(await kpis(alone.session, period)).values()], period);
  }

  // The whole export again: nothing to write, the file on disk untouched.
  const before = createHash('sha256')
    .update(readFileSync(join(dir, 'b.kpiw')))
    .digest('hex');
  const again = await imp(session, maven);
  assert.equal(again.batchId, null);
  assert.deepEqual(counts(again), [0, 0, 8800, 0, 0]);
  assert.equal(
    createHash('sha256')
      .update(readFileSync(join(dir, 'b.kpiw')))
      .digest('hex'),
    before,
  );
});

test('Maven: five deals moved to Won change five records; undo gives back exactly the KPIs before', { skip: withoutRealData }, async () => {
  const { dir, session } = await book();
  await imp(session, maven);
  const before = await kpis(session, '2017-Q4');
  const check = await imp(session, mavenMoved(dir), {}, true);
  assert.deepEqual(counts(check), [0, 5, 8795, 0, 0]);
  assert.equal(check.batchId, null);
  assert.equal(check.changes.length, 5);
  assert.deepEqual(
    check.changes[0]!.fields.map((f) => f.field),
    ['stage', 'status', 'amount', 'closed_at'],
  );
  const moved = await imp(session, mavenMoved(dir));
  assert.deepEqual(counts(moved), [0, 5, 8795, 0, 0]);
  assert.equal(await deals(session), 8800);
  const after = await kpis(session, '2017-Q4');
  // Five more wins of 1,000 closed in 2017-Q4.
  assert.equal(after.get('won_revenue')!.value, before.get('won_revenue')!.value! + 5000);
  assert.equal(after.get('win_rate')!.numerator, before.get('win_rate')!.numerator! + 5);
  const undone = await callService(session, 'import.undo', { batch: moved.batchId! });
  assert.ok(undone.ok && undone.value.changed === 5);
  assert.deepEqual([...(await kpis(session, '2017-Q4')).values()], [...before.values()]);
});

/** A deals CSV with the given rows under the header Deal ID, Stage, Amount, Create Date, Close Date. */
function dealsFile(dir: string, name: string, rows: string[], header = 'Deal ID,Stage,Amount,Create Date,Close Date'): string {
  const path = join(dir, name);
  writeFileSync(path, [header, ...rows].join('\n'));
  return path;
}

test('one ID twice in a file: a different row is rejected naming the first, the same row counts once', async () => {
  const { dir, session } = await book();
  const r = await imp(
    session,
    dealsFile(dir, 'd.csv', [
      'D-1,Closed Won,100,2026-01-01,2026-02-01',
      'D-2,Qualified,5,2026-01-01,',
      'D-1,Closed Won,120,2026-01-01,2026-02-01',
      'D-2,Qualified,5,2026-01-01,',
    ]),
  );
  assert.equal(r.rejected, 1);
  assert.deepEqual(r.problems, [{ row: 4, column: 'Deal ID', value: 'D-1', reason: 'is a duplicate of row 2' }]);
  assert.equal(r.collapsed, 1);
  assert.equal(r.added, 2);
  assert.ok(r.notes.some((n) => /1 rows repeat an earlier row of the file exactly/.test(n)));
  assert.equal((await kpis(session, '2026-Q1')).get('won_revenue')!.value, 100);
});

test('IDs: blank and spreadsheet-shortened ones are row problems, surrounding spaces are trimmed, case counts', async () => {
  const { dir, session } = await book();
  const r = await imp(
    session,
    dealsFile(dir, 'd.csv', [
      'D-1,Closed Won,100,2026-01-01,2026-02-01',
      ',Closed Won,7,2026-01-01,2026-02-01',
      '8.1E+06,Closed Won,9,2026-01-01,2026-02-01',
      'd-1,Closed Won,50,2026-01-01,2026-02-01',
    ]),
  );
  assert.equal(r.rejected, 2);
  assert.deepEqual(
    r.problems.map((p) => [p.row, p.column, p.value]),
    [
      [3, 'Deal ID', ''],
      [4, 'Deal ID', '8.1E+06'],
    ],
  );
  assert.match(r.problems[0]!.reason, /identifies the record/);
  assert.match(r.problems[1]!.reason, /scientific notation/);
  // 'd-1' is another deal than 'D-1' (IDs are case-sensitive, as the CRMs treat them).
  assert.equal(r.added, 2);
  const next = await imp(session, dealsFile(dir, 'e.csv', ['  D-1  ,Closed Won,100,2026-01-01,2026-02-01']));
  assert.deepEqual(counts(next), [0, 0, 1, 1, 0]);
});

test('a complete export removes what it lacks; undo brings it back; one that shares no record is refused', async () => {
  const { dir, session } = await book();
  await imp(
    session,
    dealsFile(dir, 'a.csv', ['D-1,Closed Won,100,2026-01-01,2026-02-01', 'D-2,Closed Won,200,2026-01-01,2026-02-01', 'D-3,Qualified,5,2026-01-01,']),
  );
  const kept = await imp(session, dealsFile(dir, 'b.csv', ['D-1,Closed Won,100,2026-01-01,2026-02-01']), {}, true);
  assert.deepEqual(counts(kept), [0, 0, 1, 2, 0]);
  const complete = await imp(session, dealsFile(dir, 'b.csv', ['D-1,Closed Won,100,2026-01-01,2026-02-01']), { missing: 'delete' });
  assert.deepEqual(counts(complete), [0, 0, 1, 2, 2]);
  assert.equal(await deals(session), 1);
  assert.equal((await kpis(session, '2026-Q1')).get('won_revenue')!.value, 100);
  assert.ok((await callService(session, 'import.undo', { batch: complete.batchId! })).ok);
  assert.equal(await deals(session), 3);
  assert.equal((await kpis(session, '2026-Q1')).get('won_revenue')!.value, 300);
  const wrong = await callService(session, 'import.run', {
    file: { path: dealsFile(dir, 'c.csv', ['X-9,Closed Won,1,2026-01-01,2026-02-01']) },
    options: { missing: 'delete' },
  });
  assert.ok(!wrong.ok && /none of the 3 deals records/.test(wrong.error.message), JSON.stringify(wrong));
  assert.equal(await deals(session), 3);
});

test('a newer export with renamed and extra columns is still matched by its IDs; only the fields it has change', async () => {
  const { dir, session } = await book();
  await imp(
    session,
    dealsFile(
      dir,
      'a.csv',
      ['D-1,Closed Won,100,2026-01-01,2026-02-01,Ann', 'D-2,Qualified,5,2026-01-01,,Bo'],
      'Deal ID,Stage,Amount,Create Date,Close Date,Deal owner',
    ),
  );
  // HubSpot-style names, an extra column, and no owner column: owners stay as they were.
  const r = await imp(
    session,
    dealsFile(
      dir,
      'b.csv',
      ['D-1,Closed Won,100,2026-01-01,2026-02-01,x', 'D-2,Closed Won,7,2026-01-01,2026-03-01,y'],
      'Record ID,Deal Stage,Amount,Create Date,Close Date,Pipeline',
    ),
  );
  assert.deepEqual(counts(r), [0, 1, 1, 0, 0]);
  const rows = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 10 });
  assert.ok(rows.ok);
  const at = (c: string) => rows.value.columns.indexOf(c);
  assert.deepEqual(rows.value.rows.map((row) => [row[at('deal_id')], row[at('amount')], row[at('owner')]]).sort(), [
    ['D-1', 100, 'Ann'],
    ['D-2', 7, 'Bo'],
  ]);
});

test('a file whose ID column is mapped to the wrong field is warned about before anything is written', async () => {
  const { dir, session } = await book();
  const rows = Array.from({ length: 30 }, (_, i) => `D-${i},R-${i},Closed Won,${i},2026-01-01,2026-02-01`);
  const header = 'Deal ID,Ref,Stage,Amount,Create Date,Close Date';
  await imp(session, dealsFile(dir, 'a.csv', rows, header));
  const r = await imp(
    session,
    dealsFile(dir, 'a2.csv', rows, header),
    {
      map: [
        ['Deal ID', ''],
        ['Ref', 'deal_id'],
      ],
    },
    true,
  );
  assert.equal(r.added, 30);
  assert.ok(
    r.warnings.some((w) => /Almost every record in the file is new \(30 of 30\).*"Ref"/.test(w)),
    r.warnings.join('\n'),
  );
});

test('the next file with the same columns is mapped as the user confirmed, and says so; options given still win', async () => {
  const { dir, session } = await book();
  const header = 'Ref,Phase,Value,Opened,Done';
  const first = await imp(session, dealsFile(dir, 'a.csv', ['A,Won,5,2026-01-01,2026-02-01'], header), {
    as: 'deals',
    map: [
      ['Ref', 'deal_id'],
      ['Phase', 'stage'],
      ['Value', 'amount'],
      ['Opened', 'created_at'],
      ['Done', 'closed_at'],
    ],
    set: [['region', 'North']],
  });
  const second = await imp(session, dealsFile(dir, 'b.csv', ['B,Won,7,2026-01-02,2026-02-02', 'A,Won,6,2026-01-01,2026-02-01'], header));
  assert.equal(second.remembered?.batch, first.batchId);
  assert.deepEqual(counts(second), [1, 1, 0, 0, 0]);
  assert.deepEqual(second.mapping, first.mapping);
  const third = await imp(session, dealsFile(dir, 'c.csv', ['B,Won,8,2026-01-02,2026-02-02'], header), { map: [['Value', '']] });
  // The user left Value out this time: B keeps its amount, only the mapping changed.
  assert.deepEqual(counts(third), [0, 0, 1, 1, 0]);
  const rows = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 10 });
  assert.ok(rows.ok);
  assert.deepEqual(
    rows.value.rows.map((r) => r[rows.value.columns.indexOf('region')]),
    ['North', 'North'],
  );
});

test('rows without identity are added, and an identical such file is refused the second time', async () => {
  const { dir, session } = await book();
  const file = dealsFile(dir, 'n.csv', ['Closed Won,5,2026-01-01,2026-02-01', 'Closed Won,6,2026-01-01,2026-02-01'], 'Stage,Amount,Create Date,Close Date');
  const r = await imp(session, file);
  assert.equal(r.identity, null);
  assert.equal(r.added, 2);
  const again = await callService(session, 'import.run', { file: { path: file }, options: {} });
  assert.ok(!again.ok && again.error.code === 'import_duplicate' && /would add them twice/.test(again.error.message));
  assert.equal((await imp(session, file, { again: true })).added, 2);
  assert.equal(await deals(session), 4);
});

test('order lines without a line ID are told apart by order, product and place; with one, by it', async () => {
  const { dir, session } = await book();
  const header = 'Order ID,Customer ID,Order Date,Sales,Product Name';
  const lines = ['O-1,C1,2026-01-05,10,Pen', 'O-1,C1,2026-01-05,12,Pen', 'O-1,C1,2026-01-05,3,Ink', 'O-2,C2,2026-01-06,7,Pen'];
  const first = await imp(session, dealsFile(dir, 'o.csv', lines, header));
  assert.deepEqual([first.dataset, first.identity], ['orders', ['order_id', 'product']]);
  assert.equal(first.added, 4);
  // The second Pen line of O-1 changed, a line for Ink was added before it: places are counted per product.
  const next = await imp(
    session,
    dealsFile(
      dir,
      'o2.csv',
      ['O-1,C1,2026-01-05,3,Ink', 'O-1,C1,2026-01-05,10,Pen', 'O-1,C1,2026-01-05,15,Pen', 'O-1,C1,2026-01-05,1,Ink', 'O-2,C2,2026-01-06,7,Pen'],
      header,
    ),
  );
  assert.deepEqual(counts(next), [1, 1, 3, 0, 0]);
  const withIds = await book();
  const r = await imp(withIds.session, dealsFile(dir, 'l.csv', ['L1,O-1,C1,2026-01-05,10,Pen', 'L2,O-1,C1,2026-01-05,12,Pen'], `Line ID,${header}`));
  assert.deepEqual(r.identity, ['line_id']);
});

test('a day-first export decided once stays day-first in the next file of the same columns, even with no day above 12', async () => {
  const { dir, session } = await book();
  const header = 'Deal ID,Stage,Amount,Create Date,Close Date';
  await imp(session, dealsFile(dir, 'a.csv', ['D-1,Closed Won,5,25/01/2026,13/02/2026'], header));
  const r = await imp(session, dealsFile(dir, 'b.csv', ['D-2,Closed Won,7,02/01/2026,04/03/2026'], header));
  assert.ok(r.remembered);
  const rows = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 10 });
  assert.ok(rows.ok);
  const at = (c: string) => rows.value.columns.indexOf(c);
  assert.deepEqual(
    rows.value.rows.map((row) => [row[at('deal_id')], row[at('created_at')], row[at('closed_at')]]),
    [
      ['D-1', '2026-01-25', '2026-02-13'],
      ['D-2', '2026-01-02', '2026-03-04'],
    ],
  );
});

test('spend rows of one day, category and channel are one record with their amounts added; the same file again changes nothing', async () => {
  const { dir, session } = await book();
  const header = 'Date,Category,Channel,Amount';
  const file = dealsFile(
    dir,
    's.csv',
    ['2026-01-05,marketing,Ads,100', '2026-01-05,marketing,Ads,250.5', '2026-01-05,marketing,Email,40', '2026-01,sales,,1000'],
    header,
  );
  const r = await imp(session, file, { as: 'spend' });
  assert.deepEqual([r.accepted, r.rejected, r.added, r.collapsed], [4, 0, 3, 1]);
  assert.ok(
    r.notes.some((n) => /1 rows have the same Date or period, Period end, Category, Channel as an earlier row of the file: their figures were added/.test(n)),
    r.notes.join('\n'),
  );
  const rows = await callService(session, 'data.rows', { dataset: 'spend', offset: 0, limit: 10 });
  assert.ok(rows.ok);
  const at = (c: string) => rows.value.columns.indexOf(c);
  assert.deepEqual(
    rows.value.rows.map((row) => [row[at('spent_at')], row[at('spent_until')], row[at('channel')], row[at('amount')]]),
    [
      ['2026-01-05', '2026-01-05', 'Ads', 350.5],
      ['2026-01-05', '2026-01-05', 'Email', 40],
      ['2026-01-01', '2026-01-31', null, 1000],
    ],
  );
  assert.deepEqual(counts(await imp(session, file, { as: 'spend' })), [0, 0, 3, 0, 0]);
  // A newer export with a third Ads cost that day: that day's record changes to the new total.
  const next = await imp(
    session,
    dealsFile(
      dir,
      's2.csv',
      [
        '2026-01-05,marketing,Ads,100',
        '2026-01-05,marketing,Ads,250.5',
        '2026-01-05,marketing,Ads,9.5',
        '2026-01-05,marketing,Email,40',
        '2026-01,sales,,1000',
      ],
      header,
    ),
    { as: 'spend' },
  );
  assert.deepEqual(counts(next), [0, 1, 2, 0, 0]);
  assert.equal(next.changes[0]!.fields.find((f) => f.field === 'amount')!.to, 360);
});

test(
  'an older export imported after a newer one slots into the past: the current values stay the newer ones, undo leaves all as it was',
  { skip: withoutRealData },
  async () => {
    const { dir, session } = await book();
    const whole = await imp(session, maven, { asOf: '2017-12-31' });
    assert.equal(whole.asOf, '2017-12-31');
    const before = [...(await kpis(session, '2017-Q2')).values()];
    const late = await imp(session, mavenCut(dir), { asOf: '2017-06-30', missing: 'delete' });
    // Nothing was known on 2017-06-30 yet: every record of the cut is a version of the past.
    assert.deepEqual(counts(late), [4365, 0, 0, 0, 0]);
    assert.ok(
      late.notes.some((n) => /as of 2017-06-30, before the newest import \(2017-12-31\).*removes nothing/.test(n)),
      late.notes.join('\n'),
    );
    assert.equal(await deals(session), 8800);
    // Events keep their latest values; the open pipeline on 2017-06-30 is now the one that day's export
    // showed instead of one rebuilt from today's deals: its open deals carried no amount yet, and the
    // figure says so rather than showing 0.
    const after = await kpis(session, '2017-Q2');
    const pointInTime = new Set(['pipeline_value', 'pipeline_velocity']);
    assert.deepEqual(
      [...after.values()].filter((m) => !pointInTime.has(m.id)),
      before.filter((m) => !pointInTime.has(m.id)),
    );
    assert.equal(before.find((m) => m.id === 'pipeline_value')!.value, 1_441_450);
    const then = after.get('pipeline_value')!;
    assert.equal(then.value, null);
    // 1,686: the cut's deals engaged by 2017-06-30 still Engaging or closed after it, counted with awk on the file.
    assert.match(then.reason ?? '', /^none of the 1,686 open deals has a value for Amount/);
    const listed = await callService(session, 'data.summary', {});
    assert.ok(listed.ok);
    assert.deepEqual(
      listed.value.batches.map((b) => b.asOf),
      ['2017-12-31', '2017-06-30'],
    );
    assert.ok((await callService(session, 'import.undo', { batch: late.batchId! })).ok);
    assert.equal(await deals(session), 8800);
    assert.deepEqual([...(await kpis(session, '2017-Q2')).values()], before);
  },
);

test('an as-of date in the future, or before every date in the file, is a question, not a guess', async () => {
  const { dir, session } = await book();
  const file = dealsFile(dir, 'd.csv', ['D-1,Closed Won,100,2026-01-01,2026-02-01']);
  const future = await callService(session, 'import.run', { file: { path: file }, options: { asOf: '2999-01-01' } });
  assert.ok(!future.ok && /2999-01-01 is in the future/.test(future.error.message), JSON.stringify(future));
  const early = await callService(session, 'import.run', { file: { path: file }, options: { asOf: '2020-01-01' } });
  assert.ok(
    !early.ok && /every row is dated after the export's as-of date 2020-01-01 \(the earliest is 2026-01-01\)/.test(early.error.message),
    JSON.stringify(early),
  );
  assert.equal(await deals(session), 0);
  assert.equal((await imp(session, file, { asOf: '2026-03-31' })).asOf, '2026-03-31');
});
