import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJson } from '../../../../shared/metrics/json';
import { kpi, workbook } from './fixture';

const close = (actual: number | null, expected: number): void =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

const t = (row: Record<string, string | number>) => row;

/** Tickets; hours worked out beside each. Period 2026-Q1. */
async function serviceBook() {
  return workbook({
    surveys: [
      // NPS in Q1: promoters 10, 10, 9, 9, 9 (5); passives 8, 7; detractors 6, 3, 0 (3) -> 100 x (5 - 3) / 10 = 20.
      ...[10, 10, 9, 9, 9, 8, 7, 6, 3, 0].map((score) => ({ kind: 'nps', score, responded_at: '2026-02-01' })),
      { kind: 'nps', score: 0, responded_at: '2025-12-31' },
      // CSAT in Q1: 5, 4, 3, 2, 5 -> 3 at or above 4.
      ...[5, 4, 3, 2, 5].map((score) => ({ kind: 'csat', score, responded_at: '2026-03-01' })),
      // CES in Q1: (5 + 6 + 7) / 3 = 6.
      ...[5, 6, 7].map((score) => ({ kind: 'ces', score, responded_at: '2026-01-20' })),
    ],
    tickets: [
      // T1: first response 2.5 h, resolved after 48 h, one contact, rated 4 (satisfied).
      t({
        customer_id: 'c1',
        created_at: '2026-01-10T09:00:00',
        first_response_at: '2026-01-10T11:30:00',
        resolved_at: '2026-01-12T09:00:00',
        contacts: 1,
        satisfaction: 4,
      }),
      // T2: first response 2 h across midnight, rated 1.
      t({ customer_id: 'c1', created_at: '2026-01-11T23:00:00', first_response_at: '2026-01-12T01:00:00', satisfaction: 1 }),
      // T3, T4: good / bad ratings.
      t({ customer_id: 'c2', created_at: '2026-02-01T10:00:00', satisfaction_good: 1 }),
      t({ customer_id: 'c3', created_at: '2026-02-02T10:00:00', satisfaction_good: 0 }),
      t({ created_at: '2026-03-01T10:00:00' }),
      // T6: created in 2025, resolved in Q1 after 12 h.
      t({ customer_id: 'c9', created_at: '2025-12-31T12:00:00', resolved_at: '2026-01-01T00:00:00', contacts: 1 }),
      // T7-T10: 2025-11-01 -> 2026-02-01 = 92 days = 2,208 h; contacts 1, 2, 3 and unknown.
      t({ created_at: '2025-11-01T00:00:00', resolved_at: '2026-02-01T00:00:00', contacts: 1 }),
      t({ created_at: '2025-11-01T00:00:00', resolved_at: '2026-02-01T00:00:00', contacts: 2 }),
      t({ created_at: '2025-11-01T00:00:00', resolved_at: '2026-02-01T00:00:00', contacts: 3 }),
      t({ created_at: '2025-11-01T00:00:00', resolved_at: '2026-02-01T00:00:00' }),
    ],
  });
}

test('NPS from 0-10 scores: 5 promoters and 3 detractors of 10 = 20 points, the split travelling with the figure', async () => {
  const db = await serviceBook();
  const r = kpi(db, 'nps', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [2, 10, 20]);
  assert.deepEqual(r.parts, { promoters: 5, passives: 2, detractors: 3, responses: 10 });
  const json = toJson({ period: { id: '2026-Q1', start: '2026-01-01', end: '2026-03-31' }, metrics: [r] }) as { metrics: Record<string, unknown>[] };
  assert.deepEqual(json.metrics[0]!.parts, { promoters: 5, passives: 2, detractors: 3, responses: 10 });
  // A KPI whose way names no parts carries none.
  assert.equal(kpi(db, 'csat', '2026-Q1').parts, undefined);
});

test('CSAT: surveys 3 of 5 at or above 4, tickets 4 and "good" of 4 ratings -> 5 / 9; the threshold is a setting', async () => {
  const db = await serviceBook();
  close(kpi(db, 'csat', '2026-Q1').value, 5 / 9);
  // Threshold 3: surveys 5, 4, 3, 5 and tickets 4, good -> 6 / 9.
  close(kpi(db, 'csat', '2026-Q1', { csat_threshold: 3 }).value, 6 / 9);
});

test('CSAT mean leaves good/bad out: (5 + 4 + 3 + 2 + 5 + 4 + 1) / 7; CES = 6', async () => {
  const db = await serviceBook();
  close(kpi(db, 'csat_mean', '2026-Q1').value, 24 / 7);
  assert.equal(kpi(db, 'ces', '2026-Q1').value, 6);
});

test('first contact resolution: resolved in Q1 with a contact count: T1, T6, T7 of T1, T6, T7, T8, T9 = 3 / 5', async () => {
  const r = kpi(await serviceBook(), 'first_contact_resolution', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [3, 5, 0.6]);
});

test('repeat contacts: c1 of c1, c2, c3 opened more than one ticket in Q1 = 1 / 3', async () => {
  const r = kpi(await serviceBook(), 'repeat_contact_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator], [1, 3]);
});

test('hours use full timestamps: first response (2.5 + 2) / 2; resolution (48 + 12 + 4 x 2,208) / 6', async () => {
  const db = await serviceBook();
  close(kpi(db, 'avg_first_response_hours', '2026-Q1').value, 2.25);
  close(kpi(db, 'avg_resolution_hours', '2026-Q1').value, (48 + 12 + 4 * 2208) / 6);
});

test('CSAT from tickets alone when there are no surveys', async () => {
  const db = await workbook({
    tickets: [t({ created_at: '2026-01-01T00:00:00', satisfaction: 5 }), t({ created_at: '2026-01-02T00:00:00', satisfaction_good: 0 })],
  });
  assert.equal(kpi(db, 'csat', '2026-Q1').value, 0.5);
  assert.equal(kpi(db, 'nps', '2026-Q1').reason, 'needs surveys: import survey responses (Kind nps/csat/ces, Score, Date)');
});
