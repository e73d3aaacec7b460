/**
 * Files without dates through the service table: a customer snapshot and a survey export say at
 * import (inspect, check and result) that they give KPIs in period All time only, and which; in a
 * dated period their KPIs say the data has no dates and point to All time, instead of asking for a
 * column the file does not have. Files are written by the test, CSV and XLSX.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { imp, inspect, kpis, newBook } from './service-book';

const book = () => newBook('dateless');

const snapshotNotes = (notes: readonly string[]) => notes.filter((n) => n.startsWith('Snapshot: '));

const customersNote =
  'Snapshot: KPIs in period All time only. No column gives these customers a date (Acquired and Churned), so they count in All time, ' +
  'where they give Customer retention rate, Churn rate, Monthly recurring revenue and Average revenue per customer, and in no month, quarter or year.';

test('a customer snapshot without dates says so at once, and its KPIs of a quarter point to All time', async () => {
  const { dir, session } = await book();
  const path = join(dir, 'customers-today.csv');
  writeFileSync(
    path,
    'Customer ID,Name,Plan,Monthly revenue,Churned\nC-1,Acme,Pro,100,no\nC-2,Beta,Basic,40,yes\nC-3,Gamma,Pro,100,no\nC-4,Delta,Basic,40,no\n',
  );
  assert.deepEqual(snapshotNotes((await inspect(session, path)).notes), [customersNote]);
  assert.deepEqual(snapshotNotes((await imp(session, path, {}, true)).notes), [customersNote]);
  const done = await imp(session, path);
  assert.equal(done.accepted, 4);
  assert.deepEqual(snapshotNotes(done.notes), [customersNote]);

  const quarter = await kpis(session, '2026-Q1');
  for (const id of ['churn_rate', 'customer_retention_rate', 'mrr', 'arpu']) {
    const m = quarter.get(id)!;
    assert.deepEqual([m.status, m.reason], ['no_data', 'the customers data has no dates: see All time'], id);
  }
  // Built on them, said through them; a KPI this data is not the first way to still names the data it needs.
  assert.equal(quarter.get('clv')!.reason, 'needs Average revenue per customer (the customers data has no dates: see All time)');
  assert.match(quarter.get('revenue')!.reason!, /^needs orders: /);
  const all = await kpis(session, 'all');
  assert.deepEqual(
    ['churn_rate', 'mrr', 'arpu'].map((id) => all.get(id)!.value),
    [0.25, 240, 70],
  );
});

test('a date column mapped but empty in every row is a snapshot too; a file with dates is not', async () => {
  const { dir, session } = await book();
  const empty = join(dir, 'customers-empty-dates.csv');
  writeFileSync(empty, 'Customer ID,Acquired,Monthly revenue\nC-1,,100\nC-2,,40\n');
  const ins = await inspect(session, empty);
  assert.ok(ins.columns.some((c) => c.header === 'Acquired' && c.field === 'acquired_at'));
  assert.equal(snapshotNotes(ins.notes).length, 1);
  const dated = join(dir, 'customers-dated.csv');
  writeFileSync(dated, 'Customer ID,Acquired,Monthly revenue\nC-1,2026-01-05,100\nC-2,,40\n');
  assert.deepEqual(snapshotNotes((await inspect(session, dated)).notes), []);
});

test('an XLSX survey export without response dates: NPS in All time, and a quarter says the data has no dates', async () => {
  const { dir, session } = await book();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Responses');
  ws.addRow(['Response ID', 'NPS score', 'Comment']);
  for (const [id, score] of [
    ['R-1', 10],
    ['R-2', 9],
    ['R-3', 6],
    ['R-4', 8],
  ] as const)
    ws.addRow([id, score, '']);
  const path = join(dir, 'nps.xlsx');
  await wb.xlsx.writeFile(path);
  const ins = await inspect(session, path);
  assert.equal(ins.dataset, 'surveys');
  assert.deepEqual(ins.set, [['kind', 'nps']]);
  const note =
    'Snapshot: KPIs in period All time only. No column gives these survey responses a date (Responded), so they count in All time, ' +
    'where they give Net Promoter Score, Customer satisfaction (CSAT), Average CSAT score and Customer effort score, and in no month, quarter or year.';
  assert.deepEqual(snapshotNotes(ins.notes), [note]);
  const done = await imp(session, path);
  assert.equal(done.accepted, 4);
  assert.deepEqual(snapshotNotes(done.notes), [note]);
  const quarter = await kpis(session, '2026-Q2');
  assert.equal(quarter.get('nps')!.reason, 'the surveys data has no dates: see All time');
  const all = await kpis(session, 'all');
  assert.equal(all.get('nps')!.value, 25);
});

test('deals without dates give no KPI of a quarter: what would, not a column to map in this file', async () => {
  const { dir, session } = await book();
  const path = join(dir, 'deals-today.csv');
  writeFileSync(path, 'Deal ID,Stage,Amount\nD-1,Closed Won,100\nD-2,Negotiation,50\n');
  const done = await imp(session, path);
  assert.deepEqual(snapshotNotes(done.notes), [
    'Snapshot: no KPI. No column gives these deals a date (Created and Closed), so they count in period All time only, and the KPIs built from deals need their dates.',
  ]);
  const quarter = await kpis(session, '2026-Q1');
  for (const id of ['win_rate', 'won_revenue', 'pipeline_value'])
    assert.equal(
      quarter.get(id)!.reason,
      'the deals data has no dates, and a month or quarter counts rows by their dates: import a deals export that has them',
      id,
    );
});
