import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDateOrder, parseDate, parseDateTime } from '../../../../shared/datasets/values';

const date = (cell: Parameters<typeof parseDate>[0], order: 'ymd' | 'mdy' | 'dmy' = 'ymd') => parseDate(cell, order);
const dt = (cell: Parameters<typeof parseDate>[0], order: 'ymd' | 'mdy' | 'dmy' = 'ymd') => parseDateTime(cell, order);

test('ISO dates and date-times, with T or a space, seconds optional, offsets dropped (wall-clock kept)', () => {
  assert.deepEqual(date('2017-03-01'), { ok: true, value: '2017-03-01' });
  assert.deepEqual(dt('2011-03-10 16:16:00'), { ok: true, value: '2011-03-10T16:16:00' });
  assert.deepEqual(dt('2024-03-15 10:22'), { ok: true, value: '2024-03-15T10:22:00' });
  assert.deepEqual(dt('2024-01-02T10:11:12.123Z'), { ok: true, value: '2024-01-02T10:11:12' });
  // 10:11 at +02:00 is 08:11 UTC; we keep what the export wrote.
  assert.deepEqual(dt('2024-01-02T10:11+02:00'), { ok: true, value: '2024-01-02T10:11:00' });
  assert.deepEqual(dt('2024-01-02 23:59:59 -0500'), { ok: true, value: '2024-01-02T23:59:59' });
  assert.deepEqual(dt('2016-11-08'), { ok: true, value: '2016-11-08T00:00:00' });
  assert.deepEqual(date('2018-02-26 19:58:54'), { ok: true, value: '2018-02-26' });
});

test('year-last numeric dates follow the column order; separators / - . and two-digit years', () => {
  assert.deepEqual(date('3/1/2017', 'mdy'), { ok: true, value: '2017-03-01' });
  assert.deepEqual(date('3/1/2017', 'dmy'), { ok: true, value: '2017-01-03' });
  assert.deepEqual(date('20-10-2016', 'dmy'), { ok: true, value: '2016-10-20' });
  assert.deepEqual(date('31.12.2025', 'dmy'), { ok: true, value: '2025-12-31' });
  assert.deepEqual(date('14/03/2022', 'dmy'), { ok: true, value: '2022-03-14' });
  // IBM CLV: '2/24/11' and '01-10-11' are both month-first, 2011 (two-digit years 00-29 -> 20xx).
  assert.deepEqual(date('2/24/11', 'mdy'), { ok: true, value: '2011-02-24' });
  assert.deepEqual(date('01-10-11', 'mdy'), { ok: true, value: '2011-01-10' });
  // 30-99 -> 19xx, as Excel reads them.
  assert.deepEqual(date('1/2/85', 'mdy'), { ok: true, value: '1985-01-02' });
  assert.deepEqual(dt('02/03/2022 16:11', 'dmy'), { ok: true, value: '2022-03-02T16:11:00' });
  assert.deepEqual(dt('11/1/2019 8:51:12', 'mdy'), { ok: true, value: '2019-11-01T08:51:12' });
  // An ISO column ('ymd') reads a stray year-last date month-first.
  assert.deepEqual(date('3/1/2017', 'ymd'), { ok: true, value: '2017-03-01' });
});

test('month names: D-Mon-YY, Mon DD, YYYY with a 12-hour clock', () => {
  assert.deepEqual(date('31-Jul-18'), { ok: true, value: '2018-07-31' });
  assert.deepEqual(date('2-Jun-18'), { ok: true, value: '2018-06-02' });
  assert.deepEqual(date('1 March 2026'), { ok: true, value: '2026-03-01' });
  assert.deepEqual(dt('Jun 01, 2023 09:46 pm'), { ok: true, value: '2023-06-01T21:46:00' });
  assert.deepEqual(dt('Jun 18, 2023 10:34 am'), { ok: true, value: '2023-06-18T10:34:00' });
  assert.deepEqual(dt('Oct 7, 2025 6:55 PM'), { ok: true, value: '2025-10-07T18:55:00' });
  // 12 am is midnight, 12 pm is noon.
  assert.deepEqual(dt('Jan 5, 2024 12:05 AM'), { ok: true, value: '2024-01-05T00:05:00' });
  assert.deepEqual(dt('Jan 5, 2024 12:05 PM'), { ok: true, value: '2024-01-05T12:05:00' });
  assert.deepEqual(dt('Sept 9, 2024'), { ok: true, value: '2024-09-09T00:00:00' });
});

test('impossible dates are refused, never rolled over', () => {
  assert.deepEqual(date('2024-02-30'), { ok: false, reason: 'is not a valid day (30 February)' });
  assert.deepEqual(date('31/02/2024', 'dmy'), { ok: false, reason: 'is not a valid day (31 February)' });
  assert.deepEqual(date('29/02/2023', 'dmy'), { ok: false, reason: 'is not a valid day (29 February 2023)' });
  assert.deepEqual(date('29/02/2024', 'dmy'), { ok: true, value: '2024-02-29' });
  assert.deepEqual(date('2100-02-29'), { ok: false, reason: 'is not a valid day (29 February 2100)' });
  assert.deepEqual(date('2000-02-29'), { ok: true, value: '2000-02-29' });
  assert.deepEqual(date('13/13/2024', 'mdy'), { ok: false, reason: 'is not a valid month (13)' });
  assert.deepEqual(date('31-Jun-18'), { ok: false, reason: 'is not a valid day (31 June)' });
  assert.deepEqual(dt('2024-01-01 24:00'), { ok: false, reason: 'is not a valid time' });
  assert.deepEqual(dt('Jan 5, 2024 13:05 PM'), { ok: false, reason: "is not a valid time (13 o'clock with am/pm)" });
  for (const junk of ['', ' ', 'soon', '2024', '2024-13', 'Foo 1, 2024', '1/2', '0x1F', '2024-01-01x']) {
    assert.equal(date(junk).ok, false, junk);
  }
  assert.deepEqual(date(true), { ok: false, reason: 'is not a date' });
  assert.deepEqual(date(null), { ok: false, reason: 'is not a date' });
});

test('Excel serials: 1900 system with its fictitious 29 Feb 1900, and the 1904 system', () => {
  // Serial 1 = 1900-01-01; 59 = 28 Feb; 60 = the 29 Feb 1900 Excel invents; 61 = 1 March.
  assert.deepEqual(date(1), { ok: true, value: '1900-01-01' });
  assert.deepEqual(date(59), { ok: true, value: '1900-02-28' });
  assert.equal(date(60).ok, false);
  assert.deepEqual(date(61), { ok: true, value: '1900-03-01' });
  // 43831 = 2020-01-01 (Excel shows 1/1/2020 for it); 0.5 is noon; 40513.35138888889 is 2010-12-01 08:26.
  assert.deepEqual(date(43831), { ok: true, value: '2020-01-01' });
  assert.deepEqual(dt(43831.5), { ok: true, value: '2020-01-01T12:00:00' });
  assert.deepEqual(dt(40513.35138888889), { ok: true, value: '2010-12-01T08:26:00' });
  // A fraction that rounds to 86400 seconds is the next midnight.
  assert.deepEqual(dt(43831.999999999), { ok: true, value: '2020-01-02T00:00:00' });
  // 1904 system: 0 = 1904-01-01, so 1462 days later than the 1900 reading of the same number.
  assert.deepEqual(parseDate(0, 'ymd', { date1904: true }), { ok: true, value: '1904-01-01' });
  assert.deepEqual(parseDate(42369, 'ymd', { date1904: true }), { ok: true, value: '2020-01-01' });
  for (const n of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e12]) assert.equal(date(n).ok, false, String(n));
});

test('detectDateOrder decides per column from a part above 12 and says why', () => {
  assert.deepEqual(detectDateOrder(['11/11/2016', '18/10/2015', '2/9/2016']), {
    order: 'dmy',
    ambiguous: false,
    evidence: 'day-first: "18/10/2015" has 18 in the first place',
  });
  // IBM CLV mixes M/D/YY and MM-DD-YY: one decision for both.
  assert.deepEqual(detectDateOrder(['01-10-11', '2/24/11', '1/31/11']), {
    order: 'mdy',
    ambiguous: false,
    evidence: 'month-first: "2/24/11" has 24 in the second place',
  });
  const iso = detectDateOrder(['2016-11-08', 43831, null]);
  assert.equal(iso.order, 'ymd');
  assert.equal(iso.ambiguous, false);
  const unsure = detectDateOrder(['01/02/2024', '03/04/2024'], 'dmy');
  assert.equal(unsure.order, 'dmy');
  assert.equal(unsure.ambiguous, true);
  const same = detectDateOrder(['01/01/2024', '05/05/2024']);
  assert.equal(same.ambiguous, false);
  // Two values each way: inconsistent column, majority wins (here 2 day-first vs 1 month-first) and it is flagged.
  const mixed = detectDateOrder(['13/01/2024', '14/01/2024', '01/13/2024']);
  assert.equal(mixed.order, 'dmy');
  assert.equal(mixed.ambiguous, true);
});
