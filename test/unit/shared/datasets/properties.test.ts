import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type Cell,
  type Parsed,
  daysInMonth,
  detectDateOrder,
  detectDecimalSeparator,
  parseCount,
  parseDate,
  parseDateTime,
  parseEnum,
  parseFlag,
  parseMoney,
  parseNumber,
  parsePercent,
  parsePeriod,
  parseScore,
  parseStage,
} from '../../../../shared/datasets/values';

const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.stringMatching(/^[-+($€£ 0-9.,'%)A-Za-z:/TZ]{0,24}$/),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

function wellFormed(r: Parsed<unknown>): void {
  if (r.ok) {
    if (typeof r.value === 'number') assert.ok(Number.isFinite(r.value), `non-finite ${r.value}`);
  } else {
    assert.equal(typeof r.reason, 'string');
    assert.match(r.reason, /^is /);
  }
}

test('every parser answers any cell with a value or a reason: no throw, no NaN, no Infinity', () => {
  fc.assert(
    fc.property(anyCell, (cell) => {
      for (const order of ['ymd', 'mdy', 'dmy'] as const) {
        wellFormed(parseDate(cell, order));
        wellFormed(parseDateTime(cell, order));
        wellFormed(parsePeriod(cell, { order, fiscalStartMonth: 7 }));
      }
      for (const d of ['.', ','] as const) {
        wellFormed(parseNumber(cell, d));
        wellFormed(parseMoney(cell, { decimal: d, currency: 'USD' }));
        wellFormed(parseCount(cell, d));
        wellFormed(parseScore(cell, d));
        wellFormed(parsePercent(cell, d));
      }
      wellFormed(parseFlag(cell));
      wellFormed(parseStage(cell));
      wellFormed(parseEnum(cell, 'surveys.kind'));
      detectDateOrder([cell, cell]);
      detectDecimalSeparator([cell], ';');
    }),
    { numRuns: 3000 },
  );
});

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const calendarDate = fc
  .record({ y: fc.integer({ min: 1930, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= daysInMonth(y, m));
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

test('a date written in any supported order parses back to the same calendar date', () => {
  fc.assert(
    fc.property(calendarDate, fc.constantFrom('/', '-', '.'), fc.boolean(), ({ y, m, d }, sep, padded) => {
      const want = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
      const dd = padded ? pad(d) : String(d);
      const mm = padded ? pad(m) : String(m);
      assert.deepEqual(parseDate(want), { ok: true, value: want });
      assert.deepEqual(parseDate(`${mm}${sep}${dd}${sep}${y}`, 'mdy'), { ok: true, value: want });
      assert.deepEqual(parseDate(`${dd}${sep}${mm}${sep}${y}`, 'dmy'), { ok: true, value: want });
      // Two-digit years round-trip inside Excel's window 1930-2029.
      if (y <= 2029) assert.deepEqual(parseDate(`${mm}/${dd}/${pad(y % 100)}`, 'mdy'), { ok: true, value: want });
      assert.deepEqual(parseDate(`${d}-${months[m - 1]}-${y}`), { ok: true, value: want });
      assert.deepEqual(parseDate(`${months[m - 1]} ${dd}, ${y}`), { ok: true, value: want });
      assert.deepEqual(parseDateTime(`${want} 13:05:09`), { ok: true, value: `${want}T13:05:09` });
    }),
    { numRuns: 2000 },
  );
});

test('an Excel serial and the date it names agree in both directions', () => {
  // Serial n (n > 60) is 1899-12-30 + n days: walk consecutive serials and check each is the next day.
  fc.assert(
    fc.property(fc.integer({ min: 61, max: 2958464 }), (n) => {
      const a = parseDate(n);
      const b = parseDate(n + 1);
      assert.ok(a.ok && b.ok);
      const [y, m, d] = a.value.split('-').map((x) => parseInt(x, 10)) as [number, number, number];
      const next = d < daysInMonth(y, m) ? `${pad(y, 4)}-${pad(m)}-${pad(d + 1)}` : m < 12 ? `${pad(y, 4)}-${pad(m + 1)}-01` : `${pad(y + 1, 4)}-01-01`;
      assert.equal(b.value, next);
    }),
    { numRuns: 2000 },
  );
});

function group(digits: string, sep: string): string {
  const out: string[] = [];
  for (let i = digits.length; i > 0; i -= 3) out.unshift(digits.slice(Math.max(0, i - 3), i));
  return out.join(sep);
}

test('money formatted with separators, signs and currency round-trips', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 13n }),
      fc.integer({ min: 0, max: 99 }),
      fc.constantFrom(
        { decimal: '.' as const, group: ',' },
        { decimal: '.' as const, group: ' ' },
        { decimal: '.' as const, group: "'" },
        { decimal: ',' as const, group: '.' },
        { decimal: ',' as const, group: '\u00a0' },
        { decimal: ',' as const, group: ' ' },
      ),
      fc.constantFrom('plain', 'minus', 'parens', 'trailing'),
      fc.constantFrom('', '$', 'USD '),
      (whole, cents, style, sign, currency) => {
        const body = `${group(whole.toString(), style.group)}${style.decimal}${pad(cents)}`;
        const signed =
          sign === 'minus'
            ? `-${currency}${body}`
            : sign === 'parens'
              ? `(${currency}${body})`
              : sign === 'trailing'
                ? `${currency}${body}-`
                : `${currency}${body}`;
        const magnitude = Number(whole) + cents / 100;
        const want = sign === 'plain' || magnitude === 0 ? magnitude : -magnitude;
        const r = parseMoney(signed, { decimal: style.decimal, currency: 'USD' });
        assert.ok(r.ok, `${signed}: ${r.ok ? '' : r.reason}`);
        assert.ok(Math.abs(r.value - want) <= Math.abs(want) * 1e-15, `${signed} -> ${r.value}, want ${want}`);
        // Two digits after the decimal separator always settle the column's decision.
        assert.equal(detectDecimalSeparator([signed]).decimal, style.decimal);
      },
    ),
    { numRuns: 2000 },
  );
});
