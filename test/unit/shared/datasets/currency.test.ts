import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownCurrencies, localeCurrency, readCurrencies } from '../../../../shared/datasets/currency';
import { currencyCodes, moneyCurrency, parseMoney } from '../../../../shared/datasets/numbers';

test("localeCurrency: the currency of the locale's region, null where it is not known here", () => {
  assert.equal(localeCurrency('de-DE'), 'EUR');
  assert.equal(localeCurrency('fr'), 'EUR');
  assert.equal(localeCurrency('en-GB'), 'GBP');
  assert.equal(localeCurrency('en-US'), 'USD');
  assert.equal(localeCurrency('de-CH'), 'CHF');
  assert.equal(localeCurrency('es-MX'), 'MXN');
  assert.equal(localeCurrency('sw-KE'), null);
  assert.equal(localeCurrency('not a locale'), null);
  // Every currency a region gives is one whose code amounts can carry.
  for (const code of knownCurrencies) assert.deepEqual(currencyCodes(code), [code]);
});

test('moneyCurrency: the sign or code an amount is written with, and the currencies it may be', () => {
  assert.deepEqual(moneyCurrency('1.234,50 €', ','), { sign: '€', codes: ['EUR'] });
  assert.deepEqual(moneyCurrency('EUR 12', '.'), { sign: 'EUR', codes: ['EUR'] });
  assert.deepEqual(moneyCurrency('(£5.00)', '.'), { sign: '£', codes: ['GBP'] });
  assert.equal(moneyCurrency('$20', '.')?.codes.includes('CAD'), true);
  assert.equal(moneyCurrency('1,234.50', '.'), undefined);
  assert.equal(moneyCurrency('12 abc', '.'), undefined);
  assert.equal(moneyCurrency(12, '.'), undefined);
});

test('an amount with a sign several currencies share is named by its sign when the workbook is in another', () => {
  assert.deepEqual(parseMoney('$5', { currency: 'EUR' }), {
    ok: false,
    reason: 'is in "$"; this workbook is in EUR: keep each currency in a workbook of its own, or convert the amounts to EUR before importing',
  });
});

const money = (header: string, ...cells: string[]) => ({ header, kind: 'money' as const, cells });

test('readCurrencies: the main currency of the amounts, columns that mix currencies, and signs taken as one', () => {
  assert.deepEqual(readCurrencies([money('Amount', '1.234,50 €', '980,00 €', '', '2.000 €')], null, 'USD', ';'), { main: 'EUR', assumed: [], mixed: [] });
  assert.deepEqual(readCurrencies([money('Amount', '12.50', '7')], null, 'EUR'), { main: null, assumed: [], mixed: [] });
  // A column of ISO codes beside plain amounts names the currency too.
  assert.deepEqual(readCurrencies([money('Amount', '12.50'), { header: 'Currency', kind: 'code', cells: ['GBP', 'GBP', 'gbp'] }], null, 'EUR'), {
    main: 'GBP',
    assumed: [],
    mixed: [],
  });
  const mixed = readCurrencies([money('Amount', '€10', '€12', '£5', 'EUR 3')], null, 'USD');
  assert.deepEqual(mixed, { main: 'EUR', assumed: [], mixed: [{ header: 'Amount', currencies: ['EUR', 'GBP'] }] });
});

test('readCurrencies: "$" is the workbook\'s dollar, else one the file names, else this computer\'s, else USD, and said so', () => {
  const dollars = money('Amount', '$10', '$20');
  assert.deepEqual(readCurrencies([dollars], 'CAD', 'USD'), { main: 'CAD', assumed: [], mixed: [] });
  assert.deepEqual(readCurrencies([dollars, { header: 'Currency', kind: 'code', cells: ['AUD'] }], null, 'USD'), { main: 'AUD', assumed: [], mixed: [] });
  assert.deepEqual(readCurrencies([dollars], null, 'MXN'), { main: 'MXN', assumed: ['"$" taken as MXN'], mixed: [] });
  assert.deepEqual(readCurrencies([dollars], null, 'EUR'), { main: 'USD', assumed: ['"$" taken as USD'], mixed: [] });
  // A dollar workbook is not contradicted by "$", but a euro one is: the column then mixes currencies.
  assert.deepEqual(readCurrencies([money('Amount', '$10', '€5', '€6')], 'EUR', 'EUR').mixed, [{ header: 'Amount', currencies: ['EUR', 'USD'] }]);
});
