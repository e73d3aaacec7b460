/**
 * Files built the way the tools write them, imported through the service table (and the CLI): a
 * Zendesk tickets export (no first-reply time, only minutes) and a Freshdesk one (timestamps beside
 * business-hour durations), whose first response and resolution times are worked out by hand; Excel
 * date numbers in a CSV date column; a date column mixing dotted and slashed dates; NaN in an amount.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callService } from '../../../main/services';
import type { ImportResult } from '../../../shared/api';
import type { MetricResult } from '../../../shared/metrics/types';
import { kpiw } from '../cli/run-cli';
import { imp, inspect, kpis, newBook } from './service-book';

const book = () => newBook('durations');

const csv = (rows: readonly (readonly string[])[]): string =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';

function write(dir: string, name: string, rows: readonly (readonly string[])[]): string {
  const path = join(dir, name);
  writeFileSync(path, csv(rows));
  return path;
}

const value = (m: Map<string, MetricResult>, id: string): [number | null, number | null | undefined, number | null | undefined] => {
  const k = m.get(id)!;
  return [k.value, k.numerator, k.denominator];
};

/** Zendesk's 41 columns (Admin Center export), in its order. */
const zendeskHeader = [
  'Summation column',
  'Id',
  'Requester',
  'Requester id',
  'Requester external id',
  'Requester email',
  'Requester domain',
  'Submitter',
  'Assignee',
  'Group',
  'Subject',
  'Tags',
  'Status',
  'Priority',
  'Via',
  'Ticket type',
  'Created at',
  'Updated at',
  'Assigned at',
  'Organization',
  'Due date',
  'Initially assigned at',
  'Solved at',
  'Resolution time',
  'Satisfaction Score',
  'Group stations',
  'Assignee stations',
  'Reopens',
  'Replies',
  'First reply time in minutes',
  'First reply time in minutes within business hours',
  'First resolution time in minutes',
  'First resolution time in minutes within business hours',
  'Full resolution time in minutes',
  'Full resolution time in minutes within business hours',
  'Agent wait time in minutes',
  'Agent wait time in minutes within business hours',
  'Requester wait time in minutes',
  'Requester wait time in minutes within business hours',
  'On hold time in minutes',
  'On hold time in minutes within business hours',
];

/**
 * Four tickets, business hours 9-17 on weekdays (the twins hold those figures, to show they are not read):
 * 101 Mon 4 Mar 09:00, replied after 30 min, solved 13:00 (240 min);
 * 102 Fri 8 Mar 17:00, replied Sat 09:00 (960 min; 0 in business hours), solved Mon 11 Mar 17:00 (4,320 min);
 * 103 Wed 20 Mar 10:15, replied after 45 min, still open;
 * 104 Fri 29 Mar 22:00, replied Sat 00:30 (150 min), solved Tue 2 Apr 10:00 (5,040 min).
 */
const zendeskTickets = [
  { id: '101', created: '2024-03-04 09:00:00', solved: '2024-03-04 13:00:00', reply: '30', replyB: '30', full: '240', fullB: '240', status: 'Solved' },
  { id: '102', created: '2024-03-08 17:00:00', solved: '2024-03-11 17:00:00', reply: '960', replyB: '0', full: '4320', fullB: '480', status: 'Solved' },
  { id: '103', created: '2024-03-20 10:15:00', solved: '', reply: '45', replyB: '45', full: '', fullB: '', status: 'Open' },
  { id: '104', created: '2024-03-29 22:00:00', solved: '2024-04-02 10:00:00', reply: '150', replyB: '0', full: '5040', fullB: '540', status: 'Solved' },
];

function zendeskRow(t: (typeof zendeskTickets)[number]): string[] {
  const cells: Record<string, string> = {
    'Summation column': '1',
    Id: t.id,
    Requester: 'Ann Lee',
    'Requester id': `R-${t.id}`,
    'Requester email': 'ann@example.com',
    Assignee: 'Bo',
    Group: 'Support',
    Subject: `Ticket ${t.id}`,
    Status: t.status,
    Priority: 'Normal',
    Via: 'Mail',
    'Created at': t.created,
    'Updated at': t.created,
    'Solved at': t.solved,
    'Resolution time': t.full === '' ? '' : String(Math.round(Number(t.full) / 60)),
    'Satisfaction Score': 'Offered',
    Reopens: '0',
    Replies: '1',
    'First reply time in minutes': t.reply,
    'First reply time in minutes within business hours': t.replyB,
    'First resolution time in minutes': t.full,
    'First resolution time in minutes within business hours': t.fullB,
    'Full resolution time in minutes': t.full,
    'Full resolution time in minutes within business hours': t.fullB,
  };
  return zendeskHeader.map((h) => cells[h] ?? '');
}

test('Zendesk export: first reply minutes give the first response time; the business-hour twins are never read', async () => {
  assert.equal(zendeskHeader.length, 41);
  const { dir, session } = await book();
  const file = write(dir, 'zendesk-tickets.csv', [zendeskHeader, ...zendeskTickets.map(zendeskRow)]);
  const ins = await inspect(session, file);
  assert.equal(ins.dataset, 'tickets');
  const col = (h: string) => ins.columns.find((c) => c.header === h)!;
  assert.deepEqual(
    [col('First reply time in minutes').field, col('First reply time in minutes').derivedFrom],
    ['first_response_at', '"Created at" + these minutes'],
  );
  assert.deepEqual([col('Solved at').field, col('Solved at').derivedFrom], ['resolved_at', null]);
  for (const h of zendeskHeader.filter((x) => x.endsWith('within business hours') || x === 'Full resolution time in minutes'))
    assert.equal(col(h).field, null, h);

  const r = await imp(session, file);
  assert.deepEqual([r.accepted, r.rejected], [4, 0]);
  assert.ok(r.notes.includes('First response is derived from "Created at" + the minutes in "First reply time in minutes"'), r.notes.join('\n'));
  // Q1: replies after 0.5, 16, 0.75 and 2.5 hours; 101 and 102 solved in it after 4 and 72 hours.
  const q1 = await kpis(session, '2024-Q1');
  assert.deepEqual(value(q1, 'avg_first_response_hours'), [19.75 / 4, 19.75, 4]);
  assert.deepEqual(value(q1, 'avg_resolution_hours'), [38, 76, 2]);
  // 104 was created in Q1 and solved in Q2, after 84 hours.
  const q2 = await kpis(session, '2024-Q2');
  assert.deepEqual(value(q2, 'avg_resolution_hours'), [84, 84, 1]);
  assert.equal(q2.get('avg_first_response_hours')!.status, 'no_data');
});

test('Zendesk export without Solved at: both times from minutes, the same figures', async () => {
  const { dir, session } = await book();
  const header = [
    'Id',
    'Created at',
    'Status',
    'First reply time in minutes',
    'First reply time in minutes within business hours',
    'Full resolution time in minutes',
    'Full resolution time in minutes within business hours',
  ];
  const file = write(dir, 'zendesk-chosen-columns.csv', [
    header,
    ...zendeskTickets.map((t) => [t.id, t.created, t.status, t.reply, t.replyB, t.full, t.fullB]),
  ]);
  const r = await imp(session, file);
  assert.deepEqual([r.accepted, r.rejected], [4, 0]);
  assert.deepEqual(r.mapping, [
    { column: 'Id', field: 'ticket_id' },
    { column: 'Created at', field: 'created_at' },
    { column: 'Status', field: 'status' },
    { column: 'First reply time in minutes', field: 'first_response_at' },
    { column: 'Full resolution time in minutes', field: 'resolved_at' },
  ]);
  const q1 = await kpis(session, '2024-Q1');
  assert.deepEqual(value(q1, 'avg_first_response_hours'), [19.75 / 4, 19.75, 4]);
  assert.deepEqual(value(q1, 'avg_resolution_hours'), [38, 76, 2]);
  assert.deepEqual(value(await kpis(session, '2024-Q2'), 'avg_resolution_hours'), [84, 84, 1]);
  const rows = await callService(session, 'data.rows', { dataset: 'tickets', offset: 0, limit: 10, sort: { field: 'ticket_id', dir: 'asc' } });
  assert.ok(rows.ok);
  const [reply, resolved] = ['first_response_at', 'resolved_at'].map((f) => rows.value.columns.indexOf(f));
  assert.deepEqual(
    rows.value.rows.map((x) => [x[reply!], x[resolved!]]),
    [
      ['2024-03-04T09:30:00', '2024-03-04T13:00:00'],
      ['2024-03-09T09:00:00', '2024-03-11T17:00:00'],
      ['2024-03-20T11:00:00', null],
      ['2024-03-30T00:30:00', '2024-04-02T10:00:00'],
    ],
  );
  // The same export again is the same records: derived times are stable.
  const again = await imp(session, file);
  assert.deepEqual([again.added, again.changed, again.unchanged], [0, 0, 4]);
});

/** Freshdesk's export columns; its (in hrs) durations are business hours, HH:MM:SS, 00:00:00 when there is none. */
const freshdeskHeader = [
  'Ticket ID',
  'Subject',
  'Description',
  'Status',
  'Priority',
  'Source',
  'Type',
  'Agent',
  'Group',
  'Created time',
  'Due by Time',
  'Resolved time',
  'Closed time',
  'Last update time',
  'Initial response time',
  'Time tracked',
  'First response time (in hrs)',
  'Resolution time (in hrs)',
  'Agent interactions',
  'Customer interactions',
  'Resolution status',
  'First response status',
  'Tags',
  'Survey results',
  'Product',
];

/**
 * 201 Mon 6 May 09:00, first response 09:45, resolved 15:00;
 * 202 Fri 10 May 16:00, first response Mon 13 May 10:00 (66 h; 2 business hours), resolved Tue 14 May 16:00 (96 h; 16);
 * 203 Mon 20 May 11:30, no response yet.
 */
const freshdeskTickets = [
  {
    id: '201',
    created: '2024-05-06 09:00:00',
    first: '2024-05-06 09:45:00',
    resolved: '2024-05-06 15:00:00',
    firstB: '00:45:00',
    resB: '06:00:00',
    status: 'Resolved',
  },
  {
    id: '202',
    created: '2024-05-10 16:00:00',
    first: '2024-05-13 10:00:00',
    resolved: '2024-05-14 16:00:00',
    firstB: '02:00:00',
    resB: '16:00:00',
    status: 'Closed',
  },
  { id: '203', created: '2024-05-20 11:30:00', first: '', resolved: '', firstB: '00:00:00', resB: '00:00:00', status: 'Open' },
];

function freshdeskRow(t: (typeof freshdeskTickets)[number]): string[] {
  const cells: Record<string, string> = {
    'Ticket ID': t.id,
    Subject: `Ticket ${t.id}`,
    Status: t.status,
    Priority: 'Medium',
    Source: 'Email',
    Agent: 'Bo',
    Group: 'Support',
    'Created time': t.created,
    'Resolved time': t.resolved,
    'Closed time': t.status === 'Closed' ? t.resolved : '',
    'Last update time': t.created,
    'Initial response time': t.first,
    'Time tracked': '00:00',
    'First response time (in hrs)': t.firstB,
    'Resolution time (in hrs)': t.resB,
    'Agent interactions': '1',
    'Customer interactions': '1',
    'Resolution status': 'Within SLA',
    'First response status': 'Within SLA',
  };
  return freshdeskHeader.map((h) => cells[h] ?? '');
}

test('Freshdesk export: timestamps read as written, its business-hour (in hrs) durations never', async () => {
  const { dir, session } = await book();
  const file = write(dir, 'freshdesk-tickets.csv', [freshdeskHeader, ...freshdeskTickets.map(freshdeskRow)]);
  const r = await imp(session, file);
  assert.deepEqual([r.dataset, r.accepted, r.rejected], ['tickets', 3, 0]);
  const mapped = new Map(r.mapping.map((m) => [m.column, m.field]));
  assert.deepEqual(
    [mapped.get('Initial response time'), mapped.get('Resolved time'), mapped.get('First response time (in hrs)')],
    ['first_response_at', 'resolved_at', undefined],
  );
  assert.equal(
    r.notes.some((n) => n.includes('derived') || n.includes('business hours')),
    false,
    r.notes.join('\n'),
  );
  // Q2: first responses after 0.75 and 66 hours; resolutions after 6 and 96 hours.
  const q2 = await kpis(session, '2024-Q2');
  assert.deepEqual(value(q2, 'avg_first_response_hours'), [33.375, 66.75, 2]);
  assert.deepEqual(value(q2, 'avg_resolution_hours'), [51, 102, 2]);
});

test('Freshdesk export with only its (in hrs) durations: the times stay empty and the import says why', async () => {
  const { dir, session } = await book();
  const header = ['Ticket ID', 'Status', 'Created time', 'First response time (in hrs)', 'Resolution time (in hrs)'];
  const file = write(dir, 'freshdesk-durations.csv', [header, ...freshdeskTickets.map((t) => [t.id, t.status, t.created, t.firstB, t.resB])]);
  const ins = await inspect(session, file);
  assert.ok(
    ins.notes.some((n) => n.startsWith('"First response time (in hrs)" counts business hours')),
    ins.notes.join('\n'),
  );
  const r = await imp(session, file);
  assert.deepEqual([r.accepted, r.rejected], [3, 0]);
  assert.ok(
    r.notes.includes(
      '"Resolution time (in hrs)" counts business hours (the clock stops outside working hours), but Resolved is measured in calendar hours, so it stays empty: include the resolved date and time in the export to get it',
    ),
    r.notes.join('\n'),
  );
  const q2 = await kpis(session, '2024-Q2');
  assert.equal(q2.get('avg_first_response_hours')!.status, 'no_data');
  assert.equal(q2.get('avg_resolution_hours')!.status, 'no_data');
});

test('Excel date numbers in a CSV date column are dates (fractions the time of day), and the import says so', async () => {
  const { dir, session } = await book();
  const file = write(dir, 'orders-serials.csv', [
    ['Order ID', 'Customer ID', 'Order Date', 'Amount'],
    ['O-1', 'C-1', '45292', '100'],
    ['O-2', 'C-2', '45366.75', '250'],
    ['O-3', 'C-1', '2024-04-02', '40'],
    ['O-4', 'C-3', '45382', '10'],
  ]);
  const r = await imp(session, file);
  assert.deepEqual([r.accepted, r.rejected], [4, 0]);
  assert.ok(
    r.notes.includes('"Order Date": numbers such as 45292 are Excel dates, read in Excel\'s 1900 date system (45292 is 2024-01-01)'),
    r.notes.join('\n'),
  );
  // 45292 = 1 Jan, 45366.75 = 15 Mar 18:00, 45382 = 31 Mar: all Q1.
  assert.equal((await kpis(session, '2024-Q1')).get('revenue')!.value, 360);
  assert.equal((await kpis(session, '2024-Q2')).get('revenue')!.value, 40);
});

test('a close date column mixing 15.03.2024 and 3/20/2024 reads each by its separator, said in one note', async () => {
  const { dir, session } = await book();
  const file = write(dir, 'deals-two-locales.csv', [
    ['Deal ID', 'Stage', 'Amount', 'Close Date'],
    ['D-1', 'Closed Won', '1000', '15.03.2024'],
    ['D-2', 'Closed Won', '2000', '3/20/2024'],
    ['D-3', 'Closed Won', '500', '01.04.2024'],
    ['D-4', 'Closed Lost', '700', '4/2/2024'],
  ]);
  const ins = await inspect(session, file);
  const close = ins.columns.find((c) => c.header === 'Close Date')!;
  assert.equal(close.detectedType, 'date (dotted day-first, others month-first)');
  const r = await imp(session, file);
  assert.deepEqual([r.accepted, r.rejected], [4, 0]);
  const said = r.notes.filter((n) => n.startsWith('"Close Date"'));
  assert.deepEqual(said, [
    '"Close Date": mixed separators: dotted dates ("15.03.2024") read day-first; the others month-first: "3/20/2024" has 20 in the second place',
  ]);
  // D-3 is 1 April (not 4 January), D-4 2 April.
  const q1 = await kpis(session, '2024-Q1');
  assert.equal(q1.get('won_revenue')!.value, 3000);
  const q2 = await kpis(session, '2024-Q2');
  assert.deepEqual([q2.get('won_revenue')!.value, q2.get('win_rate')!.value], [500, 0.5]);
  // Imported again with the order it remembered, the dotted dates still read day-first.
  const again = await imp(session, file);
  assert.deepEqual([again.rejected, again.unchanged], [0, 4]);
});

test('kpiw import: NaN in an amount is a rejected row saying "is not a number"; Infinity, hex and 1_000 too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-nan-'));
  const file = write(dir, 'orders-nan.csv', [
    ['Order ID', 'Customer ID', 'Order Date', 'Amount'],
    ['O-1', 'C-1', '2024-01-05', '100'],
    ['O-2', 'C-2', '2024-01-06', 'NaN'],
    ['O-3', 'C-3', '2024-01-07', 'Infinity'],
    ['O-4', 'C-4', '2024-01-08', '0x1F'],
    ['O-5', 'C-5', '2024-01-09', '1_000'],
    ['O-6', 'C-6', '2024-01-10', '25.5'],
  ]);
  const out = kpiw(['import', file, '--into', join(dir, 'b.kpiw'), '--json']);
  assert.equal(out.code, 0, out.stderr);
  const json = JSON.parse(out.stdout) as ImportResult;
  assert.deepEqual([json.accepted, json.rejected], [2, 4]);
  assert.deepEqual(
    json.problems.map((p) => [p.row, p.column, p.value, p.reason]),
    [
      [3, 'Amount', 'NaN', 'is not a number'],
      [4, 'Amount', 'Infinity', 'is not a number'],
      [5, 'Amount', '0x1F', 'is not a number'],
      [6, 'Amount', '1_000', 'is not a number'],
    ],
  );
  const text = kpiw(['import', file, '--into', join(dir, 'c.kpiw')]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Row 3, column "Amount": "NaN" is not a number/);
});
