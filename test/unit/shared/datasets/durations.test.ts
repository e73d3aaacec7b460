/**
 * Timestamps from durations: the catalogue's declarations, detection mapping a duration only where the
 * export has no timestamp of the field, the plan reading it as a number, the row adding it to the base
 * time, business-hour durations never read (and said), and what the wizard and the result say.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasets, field } from '../../../../shared/datasets/catalog';
import { planColumns, type ImportPlan } from '../../../../shared/datasets/columns';
import { addSeconds } from '../../../../shared/datasets/dates';
import { detectDataset } from '../../../../shared/datasets/detect';
import { derivedFrom, durationNotes, durationOf } from '../../../../shared/datasets/durations';
import { headerField } from '../../../../shared/datasets/headers';
import { normaliseRow } from '../../../../shared/datasets/rows';
import type { Cell } from '../../../../shared/datasets/cell';

const settings = { currency: 'USD' };

function detectedPlan(headers: string[], rows: Cell[][]): ImportPlan {
  const d = detectDataset(headers, rows);
  assert.equal(d.chosen?.dataset, 'tickets', d.explanation);
  const p = planColumns('tickets', headers, d.chosen.mapping, rows, settings);
  assert.ok(p.ok, p.ok ? '' : p.error);
  return p.plan;
}

const fieldsOf = (plan: ImportPlan): Record<string, string> => Object.fromEntries(plan.columns.map((c) => [c.header, c.field]));

test('every declared duration names a timestamp field and a timestamp base of its dataset, and no header a synonym claims', () => {
  let declared = 0;
  for (const d of datasets) {
    for (const dur of d.durations ?? []) {
      declared++;
      assert.equal(field(d.name, dur.field)?.type, 'datetime', `${d.name}: ${dur.header} -> ${dur.field}`);
      if ('base' in dur) assert.equal(field(d.name, dur.base)?.type, 'datetime', `${d.name}: ${dur.header} base ${dur.base}`);
      assert.equal(headerField(d.name, dur.header), undefined, `${d.name}: "${dur.header}" is also a synonym`);
    }
  }
  assert.equal(declared, 6);
});

test('addSeconds moves a wall-clock stamp across midnight, month, leap day and year ends', () => {
  assert.equal(addSeconds('2024-03-15T10:00:00', 90 * 60), '2024-03-15T11:30:00');
  assert.equal(addSeconds('2024-03-15T23:30:00', 3600), '2024-03-16T00:30:00');
  assert.equal(addSeconds('2024-02-28T12:00:00', 86400), '2024-02-29T12:00:00');
  assert.equal(addSeconds('2023-02-28T12:00:00', 86400), '2023-03-01T12:00:00');
  assert.equal(addSeconds('2024-12-31T23:59:59', 1), '2025-01-01T00:00:00');
  assert.equal(addSeconds('2024-03-15T10:00:00', 0), '2024-03-15T10:00:00');
  assert.equal(addSeconds('9999-12-31T23:00:00', 7200), undefined);
});

test('Zendesk: first reply minutes give first_response_at; Solved at is read as written, so full resolution minutes are not', () => {
  const headers = [
    'Id',
    'Created at',
    'Solved at',
    'First reply time in minutes',
    'First reply time in minutes within business hours',
    'Full resolution time in minutes',
  ];
  const rows: Cell[][] = [['101', '2024-03-15 10:00:00', '2024-03-16 09:00:00', '90', '30', '1380']];
  const plan = detectedPlan(headers, rows);
  assert.deepEqual(fieldsOf(plan), {
    Id: 'ticket_id',
    'Created at': 'created_at',
    'Solved at': 'resolved_at',
    'First reply time in minutes': 'first_response_at',
  });
  const reply = plan.columns.find((c) => c.field === 'first_response_at')!;
  assert.deepEqual([reply.type, reply.duration], ['number', { base: 'created_at', unit: 'minutes' }]);
  const r = normaliseRow(plan, rows[0]!, 2);
  assert.ok(r.ok);
  assert.equal(r.values.first_response_at, '2024-03-15T11:30:00');
  assert.equal(r.values.resolved_at, '2024-03-16T09:00:00');
  assert.deepEqual(plan.notes, []);
  assert.equal(derivedFrom(plan, 3), '"Created at" + these minutes');
  assert.equal(derivedFrom(plan, 2), null);
  assert.deepEqual(durationNotes(plan), ['First response is derived from "Created at" + the minutes in "First reply time in minutes"']);
});

test('Zendesk without Solved at: both timestamps from minutes, the business-hour twins never read whatever they hold', () => {
  const headers = [
    'Id',
    'Created at',
    'First reply time in minutes',
    'First reply time in minutes within business hours',
    'Full resolution time in minutes',
    'Full resolution time in minutes within business hours',
  ];
  const rows: Cell[][] = [
    ['1', '2024-03-15 10:00:00', '90', '1', '1440', '2'],
    ['2', '2024-03-15 10:00:00', '0', '0', '61.5', '0'],
    ['3', '2024-03-15 10:00:00', '', '5', '', '5'],
  ];
  const plan = detectedPlan(headers, rows);
  assert.deepEqual(fieldsOf(plan), {
    Id: 'ticket_id',
    'Created at': 'created_at',
    'First reply time in minutes': 'first_response_at',
    'Full resolution time in minutes': 'resolved_at',
  });
  const read = (i: number) => {
    const r = normaliseRow(plan, rows[i]!, i + 2);
    assert.ok(r.ok, JSON.stringify(r));
    return [r.values.first_response_at, r.values.resolved_at];
  };
  assert.deepEqual(read(0), ['2024-03-15T11:30:00', '2024-03-16T10:00:00']);
  assert.deepEqual(read(1), ['2024-03-15T10:00:00', '2024-03-15T11:01:30']);
  // No reply yet: empty, not the creation time.
  assert.deepEqual(read(2), [null, null]);
});

test('a duration cell that is not a duration is a row problem naming the column; without a base time the field stays empty', () => {
  const headers = ['Id', 'Created at', 'First reply time in minutes'];
  const plan = detectedPlan(headers, [['1', '2024-03-15 10:00', '90']]);
  const problems = (cells: Cell[]) => {
    const r = normaliseRow(plan, cells, 7);
    assert.ok(!r.ok);
    return r.problems;
  };
  assert.deepEqual(problems(['1', '2024-03-15 10:00', '-5']), [
    { row: 7, column: 'First reply time in minutes', value: '-5', reason: 'is negative (a duration cannot be): check the column or leave it out' },
  ]);
  assert.deepEqual(problems(['1', '2024-03-15 10:00', 'soon']), [{ row: 7, column: 'First reply time in minutes', value: 'soon', reason: 'is not a number' }]);
  assert.deepEqual(problems(['1', '2024-03-15 10:00', 'NaN']), [{ row: 7, column: 'First reply time in minutes', value: 'NaN', reason: 'is not a number' }]);
  // The creation time is the row's problem; the duration adds none of its own.
  assert.deepEqual(
    problems(['1', '', '90']).map((p) => p.column),
    ['Created at'],
  );
});

test('Freshdesk: its (in hrs) columns count business hours, so the timestamps are read and the durations never', () => {
  const headers = ['Ticket ID', 'Created time', 'Resolved time', 'Initial response time', 'First response time (in hrs)', 'Resolution time (in hrs)'];
  const rows: Cell[][] = [['7', '2024-03-15 09:00:00', '2024-03-15 17:00:00', '2024-03-15 10:15:00', '01:15:00', '08:00:00']];
  const plan = detectedPlan(headers, rows);
  assert.deepEqual(fieldsOf(plan), {
    'Ticket ID': 'ticket_id',
    'Created time': 'created_at',
    'Resolved time': 'resolved_at',
    'Initial response time': 'first_response_at',
  });
  assert.deepEqual(plan.notes, []);

  const bare = ['Ticket ID', 'Created time', 'First response time (in hrs)', 'Resolution time (in hrs)'];
  const only = detectedPlan(bare, [['7', '2024-03-15 09:00:00', '01:15:00', '08:00:00']]);
  assert.deepEqual(fieldsOf(only), { 'Ticket ID': 'ticket_id', 'Created time': 'created_at' });
  assert.deepEqual(only.notes, [
    '"First response time (in hrs)" counts business hours (the clock stops outside working hours), but First response is measured in calendar hours, so it stays empty: include the first response date and time in the export to get it',
    '"Resolution time (in hrs)" counts business hours (the clock stops outside working hours), but Resolved is measured in calendar hours, so it stays empty: include the resolved date and time in the export to get it',
  ]);
  assert.equal(durationOf('tickets', 'First response time (in hrs)', 'first_response_at'), undefined);
});

test('a duration mapped by hand is read as one (any spelling of its header); to another field it is not', () => {
  const headers = ['Id', 'Created at', 'FIRST_REPLY_TIME_IN_MINUTES'];
  const rows: Cell[][] = [['1', '2024-03-15 10:00', '45']];
  const mapped = planColumns(
    'tickets',
    headers,
    new Map([
      [0, 'ticket_id'],
      [1, 'created_at'],
      [2, 'first_response_at'],
    ]),
    rows,
    settings,
  );
  assert.ok(mapped.ok);
  const r = normaliseRow(mapped.plan, rows[0]!, 2);
  assert.ok(r.ok);
  assert.equal(r.values.first_response_at, '2024-03-15T10:45:00');
  const wrong = planColumns(
    'tickets',
    headers,
    new Map([
      [0, 'ticket_id'],
      [1, 'created_at'],
      [2, 'resolved_at'],
    ]),
    rows,
    settings,
  );
  assert.ok(wrong.ok);
  assert.deepEqual([wrong.plan.columns[2]!.type, wrong.plan.columns[2]!.duration], ['datetime', undefined]);
  // Read as a date, 45 is none (too small for an Excel date number): never a time 45 minutes after creation.
  const other = normaliseRow(wrong.plan, rows[0]!, 2);
  assert.ok(!other.ok || other.values.resolved_at === null);
});
