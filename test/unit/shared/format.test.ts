import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excelNumFmt, formatDelta, formatShort, formatValue, unitFormats } from '../../../shared/format';

const us = { locale: 'en-US', currency: 'USD' };
const de = { locale: 'de-DE', currency: 'EUR' };

test('each unit has a display string and an Excel number format', () => {
  assert.equal(formatValue(0.6325, 'ratio', us), '63.3%');
  assert.equal(formatValue(1234.5, 'currency', us), '$1,235');
  assert.equal(formatValue(12.5, 'currency', us), '$12.50');
  assert.equal(formatValue(31.04, 'days', us), '31.0 days');
  assert.equal(formatValue(5.25, 'hours', us), '5.3 h');
  assert.equal(formatValue(-12, 'score', us), '-12.0');
  assert.equal(formatValue(3.456, 'multiple', us), '3.46×');
  assert.equal(formatValue(7, 'months', us), '7.0 months');
  assert.equal(formatValue(2.5, 'count', us), '2.5');
  assert.equal(formatValue(null, 'ratio', us), '—');
  assert.equal(excelNumFmt('ratio', us), '0.0%');
  assert.equal(excelNumFmt('days', us), '0.0 "days"');
  assert.equal(excelNumFmt('currency', us), '"$"#,##0.00');
  assert.equal(excelNumFmt('currency', de), '#,##0.00 "€"');
  for (const f of Object.values(unitFormats)) assert.equal(typeof f.numFmt(us), 'string');
});

test("short labels: money and counts abbreviated in the locale's words, other units in full", () => {
  assert.equal(formatShort(2_956_740, 'currency', de).replace(/\s/g, ' '), '2,96 Mio. €');
  assert.equal(formatShort(2_956_740, 'currency', { locale: 'en-US', currency: 'EUR' }), '€2.96M');
  assert.equal(formatShort(1_200, 'currency', us, true), '+$1.2K');
  assert.equal(formatShort(-1_279_500, 'currency', us, true), '-$1.28M');
  assert.equal(formatShort(0, 'currency', us, true), '$0');
  assert.equal(formatShort(15_400, 'count', us), '15.4K');
  assert.equal(formatShort(0.25, 'ratio', us, true), '+25.0 pp');
});

test('locale decides separators; ratio changes are percentage points', () => {
  assert.equal(formatValue(0.5, 'ratio', de).replace(/\s/g, ' '), '50,0 %');
  assert.equal(formatValue(1234.5, 'currency', de).replace(/\s/g, ' '), '1.235 €');
  assert.equal(formatDelta(0.02, 'ratio', us), '+2.0 pp');
  assert.equal(formatDelta(-3, 'days', us), '-3.0 days');
});
