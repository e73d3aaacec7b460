/**
 * What the import wizard's controls stand on, through the service table: the fixed values in effect
 * (the survey kind detection suggests, any field the user gives one value), the required fields
 * without a column by name, a fixed value that is not one; and the messages the app shows, which
 * name the option they are about (details.option) and never a command-line flag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportOptions, Inspection } from '../../../shared/api';
import type { AppError } from '../../../shared/result';
import { fileIn as file, inspect, newBook } from './service-book';

const book = () => newBook('options');

const flag = /(^|[\s(])--[a-z]/;

async function failure(
  session: Session,
  name: 'import.inspect' | 'import.preview' | 'import.run',
  path: string,
  options: ImportOptions = {},
): Promise<AppError> {
  const r = await callService(session, name, { file: { path }, options });
  assert.ok(!r.ok, `${name} of ${path} refused`);
  return r.error;
}

/** Every sentence of an inspection a person reads. */
const sentences = (i: Inspection) => [i.explanation, ...i.notes, ...i.warnings, ...i.candidates.map((c) => c.explanation), i.problem ?? ''];

test("the survey kind: suggested from the score column's header and given to every row, or asked for by name", async () => {
  const { dir, session } = await book();
  const nps = await inspect(session, file(dir, 'nps.csv', 'Response ID,NPS score,Date\nR-1,10,2026-01-05\nR-2,3,2026-01-06\n'));
  assert.equal(nps.dataset, 'surveys');
  assert.deepEqual([nps.set, nps.missingRequired, nps.problem], [[['kind', 'nps']], [], null]);
  assert.ok(
    nps.notes.includes('Kind is not in the file: every row was read as nps (give Kind another value for every row if that is wrong)'),
    nps.notes.join(' | '),
  );
  const chosen = await inspect(session, file(dir, 'nps.csv', 'Response ID,NPS score,Date\nR-1,10,2026-01-05\n'), { set: [['kind', 'ces']] });
  assert.deepEqual(chosen.set, [['kind', 'ces']]);

  const scores = file(dir, 'scores.csv', 'Response ID,Score,Date\nR-1,4,2026-01-05\n');
  const unknown = await inspect(session, scores, { as: 'surveys' });
  assert.deepEqual([unknown.set, unknown.missingRequired, unknown.problem], [[], ['kind'], null]);
  const bad = await inspect(session, scores, { as: 'surveys', set: [['kind', 'poll']] });
  assert.equal(bad.problem, 'the value given to every row\'s Kind, "poll", is not one of nps, csat, ces');
  for (const s of [...sentences(nps), ...sentences(unknown), ...sentences(bad)]) assert.doesNotMatch(s, flag, s);
});

test('any field can be given one value for every row, instead of its column', async () => {
  const { dir, session } = await book();
  const path = file(dir, 'deals.csv', 'Deal ID,Stage,Amount,Deal owner,Created\nD-1,Closed Won,100,Ben,2026-01-05\nD-2,Closed Lost,50,Cleo,2026-01-06\n');
  const ins = await inspect(session, path, {
    set: [
      ['owner', 'Anna'],
      ['region', 'North'],
    ],
  });
  assert.deepEqual(ins.set, [
    ['owner', 'Anna'],
    ['region', 'North'],
  ]);
  assert.equal(ins.columns.find((c) => c.header === 'Deal owner')!.field, null, 'the column the value replaces is left out');
  const r = await callService(session, 'import.run', {
    file: { path },
    options: {
      set: [
        ['owner', 'Anna'],
        ['region', 'North'],
      ],
    },
  });
  assert.ok(r.ok, JSON.stringify(r));
  const rows = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 10 });
  assert.ok(rows.ok);
  const col = (name: string) => rows.value.columns.indexOf(name);
  assert.deepEqual(
    rows.value.rows.map((row) => [row[col('owner')], row[col('region')]]),
    [
      ['Anna', 'North'],
      ['Anna', 'North'],
    ],
  );
});

test('the messages the app shows name their option, never a command-line flag', async () => {
  const { dir, session } = await book();
  const unknown = await failure(session, 'import.inspect', file(dir, 'mystery.csv', 'Foo,Bar\n1,2\n'));
  assert.equal(unknown.details?.option, 'as');
  assert.equal(unknown.message, 'mystery.csv: no column header is one we know; choose the dataset and map the columns.');

  const ticket = file(dir, 'tickets.csv', 'Ticket ID,Status,Priority\nT-1,Open,High\n');
  const missing = await failure(session, 'import.preview', ticket, { as: 'tickets' });
  assert.equal(missing.details?.option, 'set');
  assert.match(missing.message, /^tickets\.csv: each ticket needs Created: map a column to it or give it one value for every row\.$/);
  const badMap = await failure(session, 'import.preview', ticket, { as: 'tickets', map: [['Nope', 'created_at']] });
  assert.equal(badMap.details?.option, 'map');

  const deals = file(dir, 'deals.csv', 'Stage,Amount,Created\nClosed Won,100,2026-01-05\n');
  const future = await failure(session, 'import.preview', deals, { asOf: '2999-01-01' });
  assert.equal(future.details?.option, 'asOf');
  assert.ok((await callService(session, 'import.run', { file: { path: deals }, options: {} })).ok);
  const twice = await failure(session, 'import.run', deals);
  assert.equal(twice.code, 'import_duplicate');
  assert.equal(twice.details?.option, 'again');
  assert.match(twice.message, /Import it again only to add its rows a second time, or undo batch 1 first$/);

  const noDeals = await book();
  const bridge = await callService(noDeals.session, 'metrics.movements', { of: 'pipeline' });
  assert.ok(!bridge.ok);
  for (const e of [unknown, missing, badMap, future, twice, bridge.error]) assert.doesNotMatch(e.message, flag, e.message);
});
