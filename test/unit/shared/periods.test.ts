import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays,
  lastNPeriods,
  monthsIn,
  nextPeriod,
  parsePeriod,
  previousPeriod,
  quarterContaining,
  yearAgoPeriod,
  type Period,
} from '../../../shared/periods';

const span = (p: Period | null): string => (p ? `${p.id} ${p.start}..${p.end}` : 'null');

test('reads every period form', () => {
  assert.equal(span(parsePeriod('2026-03')), '2026-03 2026-03-01..2026-03-31');
  assert.equal(span(parsePeriod('2026-Q3')), '2026-Q3 2026-07-01..2026-09-30');
  assert.equal(span(parsePeriod('2026')), '2026 2026-01-01..2026-12-31');
  assert.equal(span(parsePeriod('2026-01-01..2026-03-31')), '2026-01-01..2026-03-31 2026-01-01..2026-03-31');
  assert.equal(parsePeriod('all')?.kind, 'all');
  // With a January start a fiscal year is the calendar year.
  assert.equal(span(parsePeriod('FY2026-Q1')), 'FY2026-Q1 2026-01-01..2026-03-31');
});

test('fiscal years are named by the calendar year they end in (July start)', () => {
  assert.equal(span(parsePeriod('FY2026', 7)), 'FY2026 2025-07-01..2026-06-30');
  assert.equal(span(parsePeriod('FY2026-Q1', 7)), 'FY2026-Q1 2025-07-01..2025-09-30');
  assert.equal(span(parsePeriod('FY2026-Q3', 7)), 'FY2026-Q3 2026-01-01..2026-03-31');
  assert.equal(span(parsePeriod('FY2026-Q4', 7)), 'FY2026-Q4 2026-04-01..2026-06-30');
  // April start: FY2026 = 2025-04-01..2026-03-31; Q4 = Jan-Mar 2026.
  assert.equal(span(parsePeriod('FY2026-Q4', 4)), 'FY2026-Q4 2026-01-01..2026-03-31');
  // A date in August 2025 with a July start lies in FY2026-Q1.
  assert.equal(quarterContaining('2025-08-15', 7).id, 'FY2026-Q1');
  assert.equal(quarterContaining('2025-06-30', 7).id, 'FY2025-Q4');
  assert.equal(quarterContaining('2017-05-02').id, '2017-Q2');
});

test('refuses what is not a period', () => {
  for (const bad of ['2026-Q5', '2026-13', '2026-00', 'Q3', '2026-02-30..2026-03-01', '2026-03-31..2026-01-01', 'FY26', '', 'last quarter']) {
    assert.equal(parsePeriod(bad), null, bad);
  }
});

test('previous and year-ago periods, across year ends and month ends', () => {
  assert.equal(previousPeriod(parsePeriod('2026-Q1')!)?.id, '2025-Q4');
  assert.equal(previousPeriod(parsePeriod('2026-01')!)?.id, '2025-12');
  assert.equal(previousPeriod(parsePeriod('2026')!)?.id, '2025');
  assert.equal(span(previousPeriod(parsePeriod('FY2026-Q1', 7)!)), 'FY2025-Q4 2025-04-01..2025-06-30');
  assert.equal(span(previousPeriod(parsePeriod('FY2026', 7)!)), 'FY2025 2024-07-01..2025-06-30');
  // A 31-day range: the 31 days before it.
  assert.equal(span(previousPeriod(parsePeriod('2026-03-01..2026-03-31')!)), '2026-01-29..2026-02-28 2026-01-29..2026-02-28');
  assert.equal(yearAgoPeriod(parsePeriod('2026-Q2')!)?.id, '2025-Q2');
  assert.equal(yearAgoPeriod(parsePeriod('2026-03')!)?.id, '2025-03');
  assert.equal(yearAgoPeriod(parsePeriod('FY2026-Q2', 7)!)?.id, 'FY2025-Q2');
  assert.equal(previousPeriod(parsePeriod('all')!), null);
  assert.equal(yearAgoPeriod(parsePeriod('all')!), null);
});

test('leap years: February ends on the 29th in 2024, on the 28th in 2025 and 2100, and ranges keep month ends', () => {
  assert.equal(parsePeriod('2024-02')?.end, '2024-02-29');
  assert.equal(parsePeriod('2025-02')?.end, '2025-02-28');
  assert.equal(parsePeriod('2100-02')?.end, '2100-02-28');
  assert.equal(parsePeriod('2000-02')?.end, '2000-02-29');
  assert.equal(parsePeriod('2024-02-29..2024-03-01')?.start, '2024-02-29');
  assert.equal(span(yearAgoPeriod(parsePeriod('2024-02-01..2024-02-29')!)), '2023-02-01..2023-02-28 2023-02-01..2023-02-28');
  assert.equal(previousPeriod(parsePeriod('2024-03')!)?.end, '2024-02-29');
});

test('last n periods end with the period, oldest first; months of a period', () => {
  assert.deepEqual(
    lastNPeriods(parsePeriod('2017-Q2')!, 8).map((p) => p.id),
    ['2015-Q3', '2015-Q4', '2016-Q1', '2016-Q2', '2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2'],
  );
  assert.equal(monthsIn(parsePeriod('2026-Q1')!), 3);
  assert.equal(monthsIn(parsePeriod('2026')!), 12);
  assert.equal(monthsIn(parsePeriod('all')!), null);
});

test('consecutive periods of any kind tile the days without gaps or overlaps', () => {
  const period = fc.oneof(
    fc.record({ y: fc.integer({ min: 1990, max: 2090 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
    fc.record({ y: fc.integer({ min: 1990, max: 2090 }), q: fc.integer({ min: 1, max: 4 }) }).map(({ y, q }) => `${y}-Q${q}`),
    fc.integer({ min: 1990, max: 2090 }).map(String),
    fc.record({ y: fc.integer({ min: 1990, max: 2090 }), q: fc.integer({ min: 1, max: 4 }) }).map(({ y, q }) => `FY${y}-Q${q}`),
    fc.integer({ min: 1990, max: 2090 }).map((y) => `FY${y}`),
    fc.record({ d: fc.integer({ min: 0, max: 40000 }), len: fc.integer({ min: 1, max: 400 }) }).map(({ d, len }) => {
      const s = addDays('1990-01-01', d);
      return `${s}..${addDays(s, len - 1)}`;
    }),
  );
  fc.assert(
    fc.property(period, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), (text, fiscal, steps) => {
      let p = parsePeriod(text, fiscal)!;
      for (let i = 0; i < steps; i++) {
        const next = nextPeriod(p)!;
        assert.equal(next.start, addDays(p.end, 1), `${p.id} -> ${next.id}`);
        assert.ok(next.end >= next.start);
        assert.equal(previousPeriod(next)!.id, p.id);
        p = next;
      }
    }),
  );
});
