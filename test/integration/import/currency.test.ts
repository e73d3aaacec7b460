/**
 * A workbook's currency through the service table: a new workbook takes it from its first import's
 * amounts (signs, ISO codes, a currency column; '$' read with care), else from this computer's
 * region, and says which; Settings and an import's currency change it only while it holds no amount;
 * amounts in another currency are rows left out with what to do, and a column mixing currencies is
 * one warning naming them. Files are written by the test, CSV and XLSX.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { systemLocale } from '../../../main/store/settings';
import { localeCurrency } from '../../../shared/datasets/currency';
import type { ImportOptions } from '../../../shared/api';
import type { AppError } from '../../../shared/result';
import { fileIn as file, imp, inspect, newBook } from './service-book';
import { europeanDeals as european } from '../../fixtures/european-deals';

const book = () => newBook('currency');

async function refused(session: Session, path: string, options: ImportOptions): Promise<AppError> {
  const r = await callService(session, 'import.run', { file: { path }, options });
  assert.ok(!r.ok, 'refused');
  return r.error;
}

async function workbook(session: Session) {
  const r = await callService(session, 'workbook.info', {});
  assert.ok(r.ok && r.value);
  return r.value;
}

const euroNote = (is: string) => `This workbook ${is} in EUR, read from the amounts.`;
const leftOut = (found: string, book: string) =>
  `is in ${found}; this workbook is in ${book}: keep each currency in a workbook of its own, or convert the amounts to ${book} before importing`;

test('a European deals export into a brand-new workbook keeps all six rows, in EUR read from the amounts', async () => {
  const { dir, session } = await book();
  const path = file(dir, 'deals-eu.csv', european);
  assert.equal((await workbook(session)).currencyChosen, false, 'a new workbook has no currency until its first import');

  const ins = await inspect(session, path);
  assert.deepEqual(ins.currency, { code: 'EUR', from: 'amounts', open: true });
  assert.ok(ins.notes.includes(euroNote('will be')), ins.notes.join(' | '));
  const check = await imp(session, path, { asOf: '2024-04-30' }, true);
  assert.deepEqual([check.accepted, check.rejected], [6, 0]);
  assert.ok(check.notes.includes(euroNote('will be')));
  assert.equal((await workbook(session)).currencyChosen, false, 'a check settles nothing');

  const done = await imp(session, path, { asOf: '2024-04-30' });
  assert.deepEqual([done.accepted, done.rejected, done.added], [6, 0, 6]);
  assert.deepEqual(done.currency, { code: 'EUR', from: 'amounts', open: true });
  assert.ok(done.notes.includes(euroNote('is')), done.notes.join(' | '));
  const info = await workbook(session);
  assert.deepEqual([info.settings.currency, info.currencyChosen, info.hasData], ['EUR', true, true]);
  // Won in 2024-Q1: D-1 and D-4; D-6 closed in April.
  const q1 = await callService(session, 'metrics.compute', { period: '2024-Q1' });
  assert.ok(q1.ok);
  assert.equal(q1.value.metrics.find((m) => m.id === 'won_revenue')!.value, 3234.5);
});

test('a workbook with data keeps its currency: other amounts are rows left out with what to do, and the currency cannot change', async () => {
  const { dir, session } = await book();
  await imp(session, file(dir, 'deals-eu.csv', european), { asOf: '2024-04-30' });
  const pounds = file(dir, 'deals-uk.csv', 'Deal ID,Stage,Amount,Created\nU-1,Closed Won,£1200.00,2024-03-01\nU-2,Negotiation,£300,2024-03-02\n');

  const ins = await inspect(session, pounds);
  assert.deepEqual(ins.currency, { code: 'EUR', from: 'workbook', open: false });
  const warning =
    'The amounts are in GBP, but this workbook is in EUR and holds data, so their rows are left out. ' +
    'Import the file into a workbook of its own (one per currency), or convert the amounts to EUR first.';
  assert.ok(ins.warnings.includes(warning), ins.warnings.join(' | '));
  assert.ok(!ins.notes.some((n) => n.startsWith('This workbook')), 'said only while the import may still choose');
  const r = await callService(session, 'import.run', { file: { path: pounds }, options: { asOf: '2024-04-30' } });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'import_no_rows');
  assert.deepEqual((r.error.details as { problems: unknown[] }).problems[0], { row: 2, column: 'Amount', value: '£1200.00', reason: leftOut('GBP', 'EUR') });

  const asked = await refused(session, pounds, { currency: 'GBP', asOf: '2024-04-30' });
  assert.equal(asked.code, 'import_bad_option');
  assert.equal(
    asked.message,
    'deals-uk.csv: this workbook holds data in EUR, so its currency stays EUR: amounts are never converted. Keep amounts in GBP in a workbook of their own, or convert them to EUR before importing.',
  );
  assert.equal(asked.details?.option, 'currency');
  const setting = await callService(session, 'settings.set', { patch: { currency: 'GBP' } });
  assert.ok(!setting.ok);
  assert.match(setting.error.message, /^This workbook holds data in EUR, so its currency stays EUR: /);
  // Saving the settings with the currency they already have is not a change.
  assert.ok((await callService(session, 'settings.set', { patch: { currency: 'EUR', company_name: 'Acme' } })).ok);
  assert.equal((await workbook(session)).settings.currency, 'EUR');
});

test('a column that mixes currencies gets one warning naming them; the rows in the other currency are left out', async () => {
  const { dir, session } = await book();
  const path = file(
    dir,
    'mixed.csv',
    'Deal ID,Stage,Amount,Created\nM-1,Closed Won,€100,2024-01-05\nM-2,Closed Won,€200,2024-01-06\nM-3,Closed Won,£50,2024-01-07\nM-4,Closed Lost,EUR 70,2024-01-08\n',
  );
  const r = await imp(session, path, { asOf: '2024-02-01' });
  assert.deepEqual([r.accepted, r.rejected, r.currency.code], [3, 1, 'EUR']);
  const mixed = r.warnings.filter((w) => w.includes('mixes currencies'));
  assert.deepEqual(mixed, [
    '"Amount" mixes currencies (EUR, GBP): its rows in GBP are left out, since this workbook is in EUR. Keep each currency in a workbook of its own, or convert the amounts to EUR before importing.',
  ]);
  assert.deepEqual(r.problems, [{ row: 4, column: 'Amount', value: '£50', reason: leftOut('GBP', 'EUR') }]);
});

test("amounts without a currency take this computer's, and say so; Settings or the import's own choice win while the workbook is empty", async () => {
  const { dir, session } = await book();
  const plain = file(dir, 'plain.csv', 'Deal ID,Stage,Amount,Created\nP-1,Closed Won,1200.50,2024-01-05\n');
  const local = localeCurrency(systemLocale());
  const ins = await inspect(session, plain);
  assert.deepEqual(ins.currency, { code: local ?? 'USD', from: 'locale', open: true });
  assert.match(
    ins.notes.find((n) => n.startsWith('This workbook'))!,
    local
      ? new RegExp(`^This workbook will be in ${local}, this computer's currency \\(${systemLocale()}\\): no amount in the file names one\\.$`)
      : /^This workbook will be in USD: /,
  );
  assert.equal((await workbook(session)).settings.currency, local ?? 'USD', "an undecided workbook shows this computer's currency");

  // The import's own choice.
  const chosen = await imp(session, plain, { currency: 'CHF' }, true);
  assert.deepEqual(chosen.currency, { code: 'CHF', from: 'chosen', open: true });
  assert.ok(chosen.notes.includes('This workbook will be in CHF, as you chose.'));

  // Settings, while the workbook has no data: then amounts in another currency are left out, with a way to keep them.
  assert.ok((await callService(session, 'settings.set', { patch: { currency: 'GBP' } })).ok);
  const info = await workbook(session);
  assert.deepEqual([info.settings.currency, info.currencyChosen, info.hasData], ['GBP', true, false]);
  const euros = file(dir, 'deals-eu.csv', european);
  const warning =
    'The amounts are in EUR, but this workbook will be in GBP, so their rows are left out. It holds no amounts yet: choose EUR as its currency to keep them.';
  const ins2 = await inspect(session, euros);
  assert.deepEqual(ins2.currency, { code: 'GBP', from: 'workbook', open: true });
  assert.ok(ins2.notes.includes('This workbook will be in GBP, as its settings say.'));
  assert.ok(ins2.warnings.includes(warning), ins2.warnings.join(' | '));
  // Every row is in EUR: the check is refused with that one sentence rather than the first row's problem.
  const check = await callService(session, 'import.preview', { file: { path: euros }, options: { asOf: '2024-04-30' } });
  assert.ok(!check.ok);
  assert.equal(check.error.message, `deals-eu.csv has no row that can be imported (6 rejected); nothing was changed. ${warning}`);
  const kept = await imp(session, euros, { asOf: '2024-04-30', currency: 'EUR' });
  assert.deepEqual([kept.accepted, kept.currency.code], [6, 'EUR']);
  assert.equal((await workbook(session)).settings.currency, 'EUR');
});

test('"$" is read with care: as the dollar a currency column names, else this computer\'s dollar, else USD, and said so', async () => {
  const { dir, session } = await book();
  const named = file(dir, 'cad.csv', 'Deal ID,Stage,Amount,Currency,Created\nC-1,Closed Won,$1200,CAD,2024-01-05\nC-2,Closed Lost,$80,CAD,2024-01-06\n');
  const cad = await imp(session, named, {}, true);
  assert.deepEqual([cad.currency.code, cad.accepted], ['CAD', 2]);
  assert.ok(cad.notes.includes('This workbook will be in CAD, read from the amounts.'), cad.notes.join(' | '));

  const bare = file(dir, 'usd.csv', 'Deal ID,Stage,Amount,Created\nU-1,Closed Won,$1200,2024-01-05\n');
  const local = localeCurrency(systemLocale());
  const dollar = local !== null && ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'].includes(local) ? local : 'USD';
  const usd = await imp(session, bare, {}, true);
  assert.equal(usd.currency.code, dollar);
  assert.ok(
    usd.notes.includes(
      `This workbook will be in ${dollar}, read from the amounts ("$" taken as ${dollar}: if they are another currency, choose it before importing).`,
    ),
    usd.notes.join(' | '),
  );
});

test('an XLSX export with a currency column of ISO codes: a new workbook takes that currency', async () => {
  const { dir, session } = await book();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Orders');
  ws.addRow(['Order ID', 'Customer ID', 'Order Date', 'Total', 'Currency']);
  ws.addRow(['O-1', 'C-1', new Date(Date.UTC(2024, 0, 5)), 120.5, 'CHF']);
  ws.addRow(['O-2', 'C-2', new Date(Date.UTC(2024, 0, 9)), 80, 'CHF']);
  ws.addRow(['O-3', 'C-1', new Date(Date.UTC(2024, 1, 2)), 45, 'EUR']);
  const path = join(dir, 'orders.xlsx');
  await wb.xlsx.writeFile(path);
  const r = await imp(session, path, { asOf: '2024-03-01' });
  assert.deepEqual([r.dataset, r.currency.code, r.currency.from, r.accepted, r.rejected], ['orders', 'CHF', 'amounts', 2, 1]);
  assert.deepEqual(r.problems, [{ row: 4, column: 'Currency', value: 'EUR', reason: leftOut('EUR', 'CHF') }]);
  assert.ok(
    r.warnings.some((w) => w.startsWith('"Currency" mixes currencies (CHF, EUR): its rows in EUR are left out')),
    r.warnings.join(' | '),
  );
  assert.equal((await workbook(session)).settings.currency, 'CHF');
});

const leadsCsv = 'Lead ID,Created,Owner\nL-1,2024-02-01,Anna\nL-2,2024-02-03,Ben\n';

test('a first import without amounts (leads) settles no currency: the first file with amounts does', async () => {
  const { dir, session } = await book();
  const leads = await imp(session, file(dir, 'leads.csv', leadsCsv), { asOf: '2024-04-30' });
  assert.deepEqual([leads.accepted, leads.currency.open], [2, false]);
  assert.ok(!leads.notes.some((n) => /This workbook (is|will be) in/.test(n)), leads.notes.join(' | '));
  let info = await workbook(session);
  assert.deepEqual([info.hasData, info.holdsAmounts, info.currencyChosen], [true, false, false]);

  const deals = await imp(session, file(dir, 'deals-eu.csv', european), { asOf: '2024-04-30' });
  assert.deepEqual([deals.accepted, deals.rejected], [6, 0]);
  assert.deepEqual(deals.currency, { code: 'EUR', from: 'amounts', open: true });
  info = await workbook(session);
  assert.deepEqual([info.holdsAmounts, info.currencyChosen, info.settings.currency], [true, true, 'EUR']);
  const change = await callService(session, 'settings.set', { patch: { currency: 'USD' } });
  assert.ok(!change.ok, 'amounts are never converted');
});

test('Settings may change the currency of a workbook whose data holds no amount', async () => {
  const { dir, session } = await book();
  await imp(session, file(dir, 'leads.csv', leadsCsv), { asOf: '2024-04-30' });
  const set = await callService(session, 'settings.set', { patch: { currency: 'GBP' } });
  assert.ok(set.ok, JSON.stringify(set));
  assert.equal((await workbook(session)).settings.currency, 'GBP');
});
