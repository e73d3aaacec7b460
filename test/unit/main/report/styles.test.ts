import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deltaNumFmt, wrappedLines } from '../../../../main/report/styles';

test('wrappedLines wraps at spaces, breaks words longer than a line, keeps newlines', () => {
  // "aaa bbb" fits 7; "ccc" starts line 2.
  assert.equal(wrappedLines('aaa bbb ccc', 7), 2);
  assert.equal(wrappedLines('aaa bbb', 7), 1);
  // 15 letters in lines of 7: 7 + 7 + 1.
  assert.equal(wrappedLines('x'.repeat(15), 7), 3);
  assert.equal(wrappedLines('a\nb', 7), 2);
  assert.equal(wrappedLines('', 7), 1);
});

test('deltaNumFmt: signed, ratios in percentage points like the app', () => {
  assert.equal(deltaNumFmt('ratio', { locale: 'en-GB', currency: 'EUR' }), '+0.0 "pp";-0.0 "pp";0.0 "pp"');
  assert.equal(deltaNumFmt('days', { locale: 'en-GB', currency: 'EUR' }), '+0.0 "days";-0.0 "days";0.0 "days"');
  assert.equal(deltaNumFmt('currency', { locale: 'en-GB', currency: 'EUR' }), '+"€"#,##0.00;-"€"#,##0.00;"€"#,##0.00');
});
