import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDecimalSeparator, isMissing, parseCount, parseMoney, parseNumber, parsePercent, parseScore } from '../../../../shared/datasets/values';

const value = (r: { ok: boolean; value?: unknown; reason?: string }) => (r.ok ? r.value : `! ${r.reason}`);

test('isMissing knows the spellings of "no value"', () => {
  for (const c of [null, '', ' ', '\t', 'NA', 'N/A', 'n/a', 'null', 'NULL', '-', '#N/A', ' NA ']) assert.equal(isMissing(c), true, String(c));
  for (const c of [0, false, '0', 'No', 'none given', 'NAB', '--5']) assert.equal(isMissing(c), false, String(c));
});

test('parseNumber: thousands groups, decimals, negatives; never JavaScript coercion', () => {
  const cases: Array<[string | number, '.' | ',', number]> = [
    ['1234', '.', 1234],
    ['1,234', '.', 1234],
    ['1,234,567.89', '.', 1234567.89],
    ['1 234 567.5', '.', 1234567.5],
    ["1'234.50", '.', 1234.5],
    ['1\u00a0234,50', ',', 1234.5],
    ['1.234,50', ',', 1234.5],
    ['261,96', ',', 261.96],
    ['22,368', ',', 22.368],
    ['22,368', '.', 22368],
    ['(500)', '.', -500],
    ['500-', '.', -500],
    ['-12.5', '.', -12.5],
    ['+7', '.', 7],
    ['−3', '.', -3],
    ['.5', '.', 0.5],
    ['11015.0', '.', 11015],
    ['1.429999948', '.', 1.429999948],
    ['1.5E+3', '.', 1500],
    [84, '.', 84],
    [-0.25, ',', -0.25],
  ];
  for (const [text, decimal, want] of cases) assert.equal(value(parseNumber(text, decimal)), want, `${text} (${decimal})`);
  for (const junk of ['', ' ', '0x1F', 'Infinity', 'NaN', '1e309', '12abc', '1,23', '1,2345', '(-5)', '--5', '5--', '$5', '1.2.3', 'twelve']) {
    const r = parseNumber(junk);
    assert.equal(r.ok, false, junk);
  }
  assert.deepEqual(parseNumber('1e309'), { ok: false, reason: 'is too large to be a number' });
  assert.deepEqual(parseNumber('261,96'), { ok: false, reason: 'is not a number (the decimal separator here is ".")' });
  assert.deepEqual(parseNumber(Number.NaN), { ok: false, reason: 'is not a number' });
  assert.deepEqual(parseNumber(true), { ok: false, reason: 'is not a number' });
  // Negative zero is zero.
  assert.ok(Object.is(value(parseNumber('-0')), 0));
});

test('parseMoney: signs and codes before or after, and a foreign currency is refused', () => {
  const usd = { currency: 'USD' } as const;
  assert.equal(value(parseMoney('$1,234.50', usd)), 1234.5);
  assert.equal(value(parseMoney('-$5', usd)), -5);
  assert.equal(value(parseMoney('($500)', usd)), -500);
  assert.equal(value(parseMoney('USD 1,000', usd)), 1000);
  assert.equal(value(parseMoney('1000 USD', usd)), 1000);
  assert.equal(value(parseMoney('US$ 12', usd)), 12);
  assert.equal(value(parseMoney('1.234,50 EUR', { decimal: ',', currency: 'EUR' })), 1234.5);
  assert.equal(value(parseMoney('€1.234,50', { decimal: ',', currency: 'EUR' })), 1234.5);
  assert.equal(value(parseMoney('1 234,50 €', { decimal: ',', currency: 'EUR' })), 1234.5);
  assert.equal(value(parseMoney('£99.99', { currency: 'GBP' })), 99.99);
  assert.equal(value(parseMoney('¥1,200', { currency: 'JPY' })), 1200);
  assert.equal(value(parseMoney('1234.5-', usd)), -1234.5);
  // '$' is any dollar, so it does not contradict a Canadian workbook.
  assert.equal(value(parseMoney('$20', { currency: 'CAD' })), 20);
  assert.deepEqual(parseMoney('1.234,50 EUR', { decimal: ',', currency: 'USD' }), {
    ok: false,
    reason: 'is in EUR; this workbook is in USD: keep each currency in a workbook of its own, or convert the amounts to USD before importing',
  });
  assert.deepEqual(parseMoney('£5', usd), {
    ok: false,
    reason: 'is in GBP; this workbook is in USD: keep each currency in a workbook of its own, or convert the amounts to USD before importing',
  });
  assert.equal(parseMoney('$5 EUR', usd).ok, false);
  assert.equal(parseMoney('12 abc', usd).ok, false);
  assert.equal(value(parseMoney('1,234.50')), 1234.5);
  assert.deepEqual(parseNumber('12 USD'), { ok: false, reason: 'is not a number (it carries a currency)' });
});

test('parseCount, parseScore, parsePercent', () => {
  assert.equal(value(parseCount('1,234')), 1234);
  assert.equal(value(parseCount('3.0')), 3);
  assert.equal(value(parseCount(0)), 0);
  assert.deepEqual(parseCount('2.5'), { ok: false, reason: 'is not a whole number' });
  assert.deepEqual(parseCount('-1'), { ok: false, reason: 'is negative (a count cannot be)' });
  assert.equal(value(parseScore('4.0')), 4);
  assert.equal(value(parseScore(9)), 9);
  assert.equal(parseScore('Yum!').ok, false);
  assert.equal(value(parsePercent('45%')), 0.45);
  assert.equal(value(parsePercent('45 %')), 0.45);
  assert.equal(value(parsePercent('12,5 %', ',')), 0.125);
  assert.equal(value(parsePercent('0.45')), 0.45);
  assert.equal(value(parsePercent(0.45)), 0.45);
  assert.deepEqual(parsePercent('abc%'), { ok: false, reason: 'is not a percentage' });
});

test('detectDecimalSeparator decides per column, with the delimiter as the tie-breaker', () => {
  // Superstore semicolon export: '261,96' settles decimal comma, '22,368' alone could be either.
  assert.deepEqual(detectDecimalSeparator(['261,96', '22,368', '731,94'], ';'), {
    decimal: ',',
    ambiguous: false,
    evidence: 'decimal comma: "261,96" has 2 digits after the ","',
  });
  const alone = detectDecimalSeparator(['22,368'], ';');
  assert.equal(alone.decimal, ',');
  assert.equal(alone.ambiguous, true);
  const commaFile = detectDecimalSeparator(['22,368'], ',');
  assert.equal(commaFile.decimal, '.');
  assert.equal(commaFile.ambiguous, true);
  assert.equal(detectDecimalSeparator(['1,234.50', '$99']).decimal, '.');
  assert.equal(detectDecimalSeparator(['1.234,50 EUR']).decimal, ',');
  assert.equal(detectDecimalSeparator(['1.234.567']).decimal, ',');
  assert.equal(detectDecimalSeparator(['1,234,567']).decimal, '.');
  assert.deepEqual(detectDecimalSeparator(['12', 7, null]), { decimal: '.', ambiguous: false, evidence: 'no value has a separator' });
  const conflict = detectDecimalSeparator(['1,5', '2,5', '3.25']);
  assert.equal(conflict.decimal, ',');
  assert.equal(conflict.ambiguous, true);
});
