/**
 * Optional fields never reject a row, and the value mapping, through the service table on files built
 * here (CSV and XLSX): Salesforce's standard Type picklist, a third of it Replacement and Downgrade,
 * imports whole; labels no vendor writes leave an optional field empty with one warning per column;
 * an unknown stage still rejects its row until the user says what it means, and that reading is
 * remembered (also as older imports kept it); every label of the whole file is counted, past the
 * rows the wizard samples; and the help desks' ticket statuses are read as documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportOptions, ImportResult } from '../../../shared/api';
import type { ValueLabels } from '../../../shared/datasets/value-map';
import { describeRowProblem } from '../../../shared/result';
import { kpiw } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'kpiw-values-'));

async function book(name: string): Promise<Session> {
  const session = new Session('cli', join(dir, `${name}-data`));
  const made = await callService(session, 'workbook.create', { file: { path: join(dir, `${name}.kpiw`) } });
  assert.ok(made.ok, JSON.stringify(made));
  return session;
}

function csv(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function imp(session: Session, path: string, options: ImportOptions = {}, check = false): Promise<ImportResult> {
  const r = await callService(session, check ? 'import.preview' : 'import.run', { file: { path }, options: { asOf: '2026-04-01', ...options } });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

const rows = (session: Session, sql: string) => session.workbook!.db.exec(sql)[0]?.values ?? [];

async function kpi(session: Session, id: string, period: string): Promise<number | null> {
  const r = await callService(session, 'metrics.compute', { period });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value.metrics.find((m) => m.id === id)!.value;
}

/** A label column's labels as [label, rows, read as]. */
const listed = (values: readonly ValueLabels[], field: string) => values.find((v) => v.field === field)?.values.map((v) => [v.label, v.rows, v.value]);

/**
 * A Salesforce "Opportunities" report, details only: 30 opportunities in Q1 2026. Type cycles through
 * New Customer, Existing Customer - Upgrade and then Replacement or Downgrade (a third of the rows);
 * Stage through Closed Won, Closed Won, Closed Lost, Prospecting, Negotiation/Review. Opportunity i
 * is worth 1,000 + 10 i.
 */
const salesforce = Array.from({ length: 30 }, (_, i) => ({
  id: `0065g00000Q${String(i).padStart(4, '0')}`,
  owner: ['Ann Lee', 'Bo Chen', 'Cy Ode'][i % 3]!,
  stage: ['Closed Won', 'Closed Won', 'Closed Lost', 'Prospecting', 'Negotiation/Review'][i % 5]!,
  type: ['New Customer', 'Existing Customer - Upgrade', i % 2 ? 'Existing Customer - Downgrade' : 'Existing Customer - Replacement'][i % 3]!,
  amount: 1000 + 10 * i,
  created: [1, 1 + (i % 28)] as const,
  closed: [3, 1 + (i % 28)] as const,
}));
const header = ['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Amount', 'Close Date', 'Created Date', 'Type', 'Opportunity ID'];

/**
 * By hand: won are i = 0, 1, 5, 6, 10, 11, 15, 16, 20, 21, 25, 26 (12 deals, i summing to 156:
 * 12,000 + 1,560 = 13,560), among them the Replacement/Downgrade ones i = 5, 11, 20, 26; lost are
 * i = 2, 7, ... 27 (6 deals). Win rate 12 / 18.
 */
async function assertSalesforceWhole(session: Session, r: ImportResult): Promise<void> {
  assert.deepEqual([r.dataset, r.accepted, r.rejected], ['deals', 30, 0]);
  assert.deepEqual(r.problems, []);
  assert.ok(!r.warnings.some((w) => w.includes('"Type"')), r.warnings.join(' | '));
  assert.deepEqual(rows(session, 'SELECT deal_type, count(*) FROM deals GROUP BY deal_type ORDER BY deal_type'), [
    ['new', 10],
    ['renewal', 10],
    ['upsell', 10],
  ]);
  assert.deepEqual(rows(session, "SELECT count(*) FROM deals WHERE status = 'won' AND deal_type = 'renewal'"), [[4]]);
  assert.equal(await kpi(session, 'won_revenue', '2026-Q1'), 13_560);
  assert.equal(await kpi(session, 'win_rate', '2026-Q1'), 12 / 18);
  assert.deepEqual(listed(r.values, 'deal_type'), [
    ['Existing Customer - Upgrade', 10, 'upsell'],
    ['New Customer', 10, 'new'],
    ['Existing Customer - Downgrade', 5, 'renewal'],
    ['Existing Customer - Replacement', 5, 'renewal'],
  ]);
}

test("Salesforce's standard Type picklist (CSV): Replacement and Downgrade, a third of the report, no longer reject a row", async () => {
  const path = csv('salesforce-opportunities.csv', [
    header.map((h) => `"${h}"`).join(','),
    ...salesforce.map((o) =>
      [
        o.owner,
        `Account ${o.id.slice(-2)}`,
        `Deal ${o.id.slice(-4)}`,
        o.stage,
        o.amount,
        `${o.closed[0]}/${o.closed[1]}/2026`,
        `${o.created[0]}/${o.created[1]}/2026`,
        o.type,
        o.id,
      ]
        .map((c) => `"${c}"`)
        .join(','),
    ),
    '"Confidential Information - Do Not Distribute"',
    '"Copyright © 2000-2026 salesforce.com, inc. All rights reserved."',
  ]);
  const session = await book('sf-csv');
  await assertSalesforceWhole(session, await imp(session, path));
});

test("Salesforce's standard Type picklist (XLSX, dates as date cells): the same 30 opportunities import whole", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Opportunities');
  ws.addRow(header);
  for (const o of salesforce) {
    ws.addRow([
      o.owner,
      `Account ${o.id.slice(-2)}`,
      `Deal ${o.id.slice(-4)}`,
      o.stage,
      o.amount,
      new Date(Date.UTC(2026, o.closed[0] - 1, o.closed[1])),
      new Date(Date.UTC(2026, o.created[0] - 1, o.created[1])),
      o.type,
      o.id,
    ]);
  }
  const path = join(dir, 'salesforce-opportunities.xlsx');
  await wb.xlsx.writeFile(path);
  const session = await book('sf-xlsx');
  await assertSalesforceWhole(session, await imp(session, path));
});

test('Type labels no vendor writes: left empty in kept rows, one warning for the column with its count and five of them by row', async () => {
  // Rows 2-8 Partner Deal, then four other labels of the org's own, one New Customer, and a row rejected for its stage.
  const types = [...Array<string>(7).fill('Partner Deal'), 'Reseller', 'OEM', 'Referral', 'Barter', 'New Customer', 'Partner Deal'];
  const path = csv('types.csv', [
    'Opportunity ID,Stage,Amount,Close Date,Type',
    ...types.map((t, i) => `D-${i},${i === 12 ? '' : 'Closed Won'},100,2026-02-0${1 + (i % 9)},${t}`),
  ]);
  const session = await book('types');
  const r = await imp(session, path);
  assert.deepEqual([r.accepted, r.rejected], [12, 1]);
  assert.deepEqual(r.problems.map(describeRowProblem), ['Row 14, column "Stage": empty is required (Stage, or Status)']);
  const typeWarnings = r.warnings.filter((w) => w.startsWith('Column "Type"'));
  assert.deepEqual(typeWarnings, [
    'Column "Type": 11 values left empty because they are not a deal type (new, upsell, renewal), e.g. row 2 "Partner Deal", row 9 "Reseller", row 10 "OEM", row 11 "Referral", row 12 "Barter", …. ' +
      "To keep them, choose what each label means in the import's value mapping.",
  ]);
  assert.deepEqual(rows(session, 'SELECT deal_type, count(*) FROM deals GROUP BY deal_type ORDER BY deal_type'), [
    [null, 11],
    ['new', 1],
  ]);
  assert.equal(await kpi(session, 'won_revenue', '2026-Q1'), 1_200);

  // Read as the user says: Partner Deal is new business; the four others stay empty and are still said.
  const again = await imp(session, path, { values: [['deal_type', 'Partner Deal', 'new']] });
  assert.equal(again.changed, 7);
  assert.deepEqual(
    again.warnings.filter((w) => w.startsWith('Column "Type"')),
    [
      'Column "Type": 4 values left empty because they are not a deal type (new, upsell, renewal), e.g. row 9 "Reseller", row 10 "OEM", row 11 "Referral", row 12 "Barter". ' +
        "To keep them, choose what each label means in the import's value mapping.",
    ],
  );
  assert.deepEqual(listed(again.values, 'deal_type'), [
    ['Partner Deal', 8, 'new'],
    ['Barter', 1, null],
    ['New Customer', 1, 'new'],
    ['OEM', 1, null],
    ['Referral', 1, null],
    ['Reseller', 1, null],
  ]);
});

test('an unknown stage still rejects its row (the status is required) until the user reads it; the reading is remembered, also as older imports kept it', async () => {
  const lines = (ids: string[]) => [
    'Deal ID,Stage,Amount,Create Date,Close Date',
    ...ids.map((id, i) => `${id},${i % 2 ? 'Signed' : 'Closed Won'},100,2026-01-05,2026-02-0${1 + i}`),
  ];
  const session = await book('stages');
  const first = await imp(session, csv('q1.csv', lines(['D-1', 'D-2', 'D-3', 'D-4'])));
  assert.deepEqual([first.accepted, first.rejected], [2, 2]);
  assert.deepEqual(first.problems.map(describeRowProblem), [
    `Row 3, column "Stage": "Signed" is not a stage known as won, lost or open: say which it counts as in the import's value mapping`,
    `Row 5, column "Stage": "Signed" is not a stage known as won, lost or open: say which it counts as in the import's value mapping`,
  ]);
  assert.deepEqual(listed(first.values, 'status'), [
    ['Closed Won', 2, 'won'],
    ['Signed', 2, null],
  ]);

  const read = await imp(session, csv('q1.csv', lines(['D-1', 'D-2', 'D-3', 'D-4'])), { values: [['status', 'Signed', 'won']] });
  assert.deepEqual([read.accepted, read.rejected, read.added], [4, 0, 2]);
  assert.equal(await kpi(session, 'won_revenue', '2026-Q1'), 400);

  // The next export of the same columns is read as the user said, without being told again.
  const next = await imp(session, csv('q2.csv', lines(['D-5', 'D-6'])));
  assert.deepEqual([next.accepted, next.rejected], [2, 0]);
  assert.ok(next.remembered);
  assert.deepEqual(listed(next.values, 'status'), [
    ['Closed Won', 1, 'won'],
    ['Signed', 1, 'won'],
  ]);

  // Imports from before the value mapping kept their stage readings as `stages`: still read so.
  const db = session.workbook!.db;
  for (const [id, options] of db.exec('SELECT id, options FROM import_batches WHERE options IS NOT NULL')[0]!.values) {
    const { values: _values, ...rest } = JSON.parse(String(options)) as ImportOptions;
    db.run('UPDATE import_batches SET options = ? WHERE id = ?', [JSON.stringify({ ...rest, stages: [['Signed', 'won']] }), Number(id)]);
  }
  const older = await imp(session, csv('q3.csv', lines(['D-7', 'D-8'])), {}, true);
  assert.deepEqual([older.accepted, older.rejected], [2, 0]);

  // A reading that cannot be is refused before anything is read, saying what would do.
  const bad = await callService(session, 'import.preview', {
    file: { path: join(dir, 'q3.csv') },
    options: { asOf: '2026-04-01', values: [['status', 'Signed', 'booked']] },
  });
  assert.ok(!bad.ok);
  assert.equal(bad.error.code, 'import_bad_option');
  assert.equal(bad.error.message, 'q3.csv: the reading of Status "Signed" as "booked": "booked" is not a status value; give one of won, lost, open.');
  assert.equal(bad.error.details?.option, 'values');
});

test("every label of the whole file is counted, past the 5,000 rows the wizard samples (like Maven's 500 Prospecting at the end)", async () => {
  const stage = (i: number) => (i >= 5_500 ? 'Prospecting' : i % 3 ? 'Won' : 'Lost');
  const path = csv('long.csv', [
    'opportunity_id,deal_stage,close_value',
    ...Array.from({ length: 6_000 }, (_, i) => `O${i},${stage(i)},${i >= 5_500 ? '' : 10}`),
  ]);
  const session = await book('long');
  const counted = await callService(session, 'import.values', { file: { path }, options: { asOf: '2026-04-01' } });
  assert.ok(counted.ok, JSON.stringify(counted));
  assert.deepEqual(
    counted.value.map((f) => [f.field, f.columns, f.required]),
    [['status', ['deal_stage'], true]],
  );
  assert.deepEqual(listed(counted.value, 'status'), [
    ['Won', 3_666, 'won'],
    ['Lost', 1_834, 'lost'],
    ['Prospecting', 500, 'open'],
  ]);
  // The checking pass counts the same, and the user's reading shows in both.
  const options: ImportOptions = { values: [['status', 'Prospecting', 'lost']] };
  const checked = await imp(session, path, options, true);
  const recounted = await callService(session, 'import.values', { file: { path }, options: { asOf: '2026-04-01', ...options } });
  assert.ok(recounted.ok);
  assert.deepEqual(checked.values, recounted.value);
  assert.deepEqual(listed(checked.values, 'status')![2], ['Prospecting', 500, 'lost']);
});

test("Zendesk, Freshdesk and ServiceNow exports: ticket statuses read as documented; a status of the account's own left empty and said", async () => {
  const zendesk = csv('zendesk.csv', [
    'Id,Requester,Status,Priority,Via,Created at,Solved at',
    '1,Ann,New,Normal,Mail,2026-03-01 09:00,',
    '2,Bo,Open,High,Web,2026-03-02 09:00,',
    '3,Cy,Pending,Low,Mail,2026-03-03 09:00,',
    '4,Di,On-hold,Normal,Mail,2026-03-04 09:00,',
    '5,Ed,Solved,Normal,Chat,2026-03-05 09:00,2026-03-05 12:00',
    '6,Flo,Closed,Normal,Mail,2026-03-06 09:00,2026-03-06 10:00',
    '7,Gus,Escalated,Urgent,Phone,2026-03-07 09:00,',
  ]);
  const freshdesk = csv('freshdesk.csv', [
    'Ticket ID,Subject,Status,Priority,Source,Created time,Resolved time',
    '11,A,Open,Low,Email,2026-03-01 09:00:00,',
    '12,B,Pending,Medium,Portal,2026-03-02 09:00:00,',
    '13,C,Resolved,High,Phone,2026-03-03 09:00:00,2026-03-03 11:00:00',
    '14,D,Closed,Urgent,Email,2026-03-04 09:00:00,2026-03-04 10:00:00',
    '15,E,Waiting on Customer,Low,Email,2026-03-05 09:00:00,',
  ]);
  const servicenow = csv('servicenow.csv', [
    'number,opened_at,short_description,caller_id,priority,state,resolved_at',
    'INC0010001,2026-03-01 09:00:00,Mail down,Ann,1 - Critical,New,',
    'INC0010002,2026-03-02 09:00:00,VPN,Bo,3 - Moderate,In Progress,',
    'INC0010003,2026-03-03 09:00:00,Printer,Cy,4 - Low,On Hold,',
    'INC0010004,2026-03-04 09:00:00,Laptop,Di,2 - High,Resolved,2026-03-04 15:00:00',
    'INC0010005,2026-03-05 09:00:00,Badge,Ed,5 - Planning,Closed,2026-03-05 10:00:00',
    'INC0010006,2026-03-06 09:00:00,Duplicate,Flo,4 - Low,Canceled,',
  ]);
  const statuses = async (path: string) => {
    const session = await book(path.split('/').pop()!.replace('.csv', ''));
    const r = await imp(session, path);
    assert.equal(r.dataset, 'tickets');
    assert.equal(r.rejected, 0, JSON.stringify(r.problems));
    return { r, stored: rows(session, 'SELECT ticket_id, status FROM tickets ORDER BY rowid').map(([id, s]) => `${String(id)}:${String(s)}`) };
  };
  const z = await statuses(zendesk);
  assert.deepEqual(z.stored, ['1:open', '2:open', '3:pending', '4:pending', '5:resolved', '6:closed', '7:null']);
  assert.ok(
    z.r.warnings.includes(
      'Column "Status": 1 value left empty because it is not a status (open, pending, resolved, closed), row 8 "Escalated". ' +
        "To keep it, choose what its label means in the import's value mapping.",
    ),
    z.r.warnings.join(' | '),
  );
  assert.deepEqual((await statuses(freshdesk)).stored, ['11:open', '12:pending', '13:resolved', '14:closed', '15:pending']);
  assert.deepEqual((await statuses(servicenow)).stored, [
    'INC0010001:open',
    'INC0010002:open',
    'INC0010003:pending',
    'INC0010004:resolved',
    'INC0010005:closed',
    'INC0010006:closed',
  ]);
});

test('kpiw import --check lists every label and how it is read; --value reads one; a reading the field cannot take names the flag', () => {
  const book = join(dir, 'cli.kpiw');
  const path = csv('cli.csv', [
    'Deal ID,Stage,Amount,Close Date,Type',
    'D-1,Closed Won,100,2026-02-01,Partner Deal',
    'D-2,Signed,50,2026-02-02,New Customer',
    'D-3,Closed Won,70,2026-02-03,New Customer',
  ]);
  const first = kpiw(['import', path, '--into', book, '--as-of', '2026-04-01']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Row 3, column "Stage": "Signed" is not a stage known as won, lost or open/);
  assert.match(
    first.stdout,
    /^Labels not read: --value FIELD:LABEL=VALUE reads one as a value of its field \(--check lists every label and how it is read\)\.$/m,
  );
  const check = kpiw(['import', path, '--into', book, '--as-of', '2026-04-01', '--check', '--value', 'status:Signed=won']);
  assert.equal(check.code, 0, check.stderr);
  assert.ok(
    check.stdout.includes(
      [
        'Values (each label, its rows, and how it is read; --value FIELD:LABEL=VALUE reads a label otherwise):',
        '  status, from "Stage":',
        '    label       rows  read as',
        '    Closed Won     2  won',
        '    Signed         1  won',
        '  deal_type, from "Type":',
        '    label         rows  read as',
        '    New Customer     2  new',
        '    Partner Deal     1  not read: left empty',
      ].join('\n'),
    ),
    check.stdout,
  );
  assert.match(check.stdout, /Rows: 3 accepted, 0 rejected\./);
  const bad = kpiw(['import', path, '--into', book, '--check', '--value', 'deal_type:Partner Deal=partner']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /"partner" is not a deal type value; give one of new, upsell, renewal \(on the command line: --value FIELD:LABEL=VALUE\)\.$/m);
  const malformed = kpiw(['import', path, '--into', book, '--check', '--value', 'Signed=won']);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /--value takes FIELD:LABEL=VALUE/);
});
