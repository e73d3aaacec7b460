import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kpi, workbook } from './fixture';

/** CRM usage: u1 logs in 3 + 2 times in Q1, u2 has a day with 0 logins, u3 5 logins, u4 only in 2025. */
async function usageBook() {
  return workbook({
    crm_usage: [
      { user: 'u1', day: '2026-01-05', logins: 3 },
      { user: 'u1', day: '2026-02-05', logins: 2 },
      { user: 'u2', day: '2026-01-06', logins: 0 },
      { user: 'u3', day: '2026-03-01', logins: 5 },
      { user: 'u4', day: '2025-12-01', logins: 1 },
    ],
    spend: [{ spent_at: '2026-02-01', amount: 2000, category: 'crm' }],
  });
}

test('active users: 2 of 10 seats; without seats, 2 of the 4 users seen, and the result says so', async () => {
  const db = await usageBook();
  assert.equal(kpi(db, 'active_user_rate', '2026-Q1', { seats: 10 }).value, 0.2);
  const r = kpi(db, 'active_user_rate', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator, r.value], [2, 4, 0.5]);
  assert.equal(r.note, 'seats not set; every user seen in CRM usage counts as a seat (4 in all)');
});

test('logins per active user: (3 + 2 + 0 + 5) / 2 users = 5', async () => {
  assert.equal(kpi(await usageBook(), 'logins_per_user', '2026-Q1').value, 5);
});

test('data completeness: crm_usage has 3 optional fields; 5 rows fill logins only -> 5 / 15', async () => {
  const db = await workbook({
    crm_usage: ['a', 'b', 'c', 'd', 'e'].map((user) => ({ user, day: '2026-01-01', logins: 1 })),
  });
  const r = kpi(db, 'data_completeness', '2026-Q1');
  assert.deepEqual([r.numerator, r.denominator], [5, 15]);
  assert.equal(kpi(await workbook({}), 'data_completeness', '2026-Q1').reason, 'there is no data yet');
});

test('CRM ROI: (gain 5,000 - CRM cost 2,000) / 2,000 = 1.5; without the gain setting it says how to set it', async () => {
  const db = await usageBook();
  assert.equal(kpi(db, 'crm_roi', '2026-Q1', { crm_gain: 5000 }).value, 1.5);
  assert.equal(kpi(db, 'crm_roi', '2026-Q1').reason, 'needs a setting: set the gain attributed to the CRM in Settings');
});
