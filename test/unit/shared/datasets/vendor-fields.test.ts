import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intervalMonths, termMonths } from '../../../../shared/datasets/vendor-fields';
import { headerField, headerKey, questionKind } from '../../../../shared/datasets/headers';
import { parseDate } from '../../../../shared/datasets/dates';
import { parseEnum } from '../../../../shared/datasets/labels';

test('a billing interval in months: Stripe and Chargebee units, counts and adjectives', () => {
  assert.equal(intervalMonths('month'), 1);
  assert.equal(intervalMonths('year'), 12);
  assert.equal(intervalMonths('week'), 12 / 52);
  assert.equal(intervalMonths('day'), 12 / 365);
  assert.equal(intervalMonths('3 months'), 3);
  assert.equal(intervalMonths('Quarterly'), 3);
  assert.equal(intervalMonths('every 2 weeks'), 24 / 52);
  assert.equal(intervalMonths('fortnight'), undefined);
});

test("a term's length in months: whole months day to day (or month end to month end), or whole weeks", () => {
  assert.equal(termMonths('2026-06-10', '2026-07-10'), 1);
  assert.equal(termMonths('2026-02-01', '2027-02-01'), 12);
  assert.equal(termMonths('2026-01-31', '2026-02-28'), 1);
  assert.equal(termMonths('2026-01-01', '2026-04-01'), 3);
  // Billed on the 30th or 31st: a term from a short month's last day runs to the anchor day or month end.
  assert.equal(termMonths('2025-02-28', '2025-03-31'), 1);
  assert.equal(termMonths('2025-04-30', '2025-05-31'), 1);
  assert.equal(termMonths('2025-09-30', '2025-12-31'), 3);
  assert.equal(termMonths('2025-02-28', '2025-03-30'), 1);
  assert.equal(termMonths('2026-01-30', '2026-02-28'), 1);
  assert.equal(termMonths('2026-06-01', '2026-06-15'), 24 / 52);
  assert.equal(termMonths('2026-06-01', '2026-06-08'), 12 / 52);
  // A prorated first term says nothing about the interval.
  assert.equal(termMonths('2026-06-10', '2026-07-01'), undefined);
  assert.equal(termMonths('2026-06-10', '2026-06-20'), undefined);
  assert.equal(termMonths('2026-01-30', '2026-02-27'), undefined);
  assert.equal(termMonths('2026-03-31', '2026-04-15'), undefined);
});

test("vendor headers: Chargebee's table prefix, Stripe's (UTC), Typeform's '#', Qualtrics' NPS group is no score", () => {
  assert.equal(headerField('subscriptions', 'subscriptions.plan_unit_price')?.field, 'amount');
  assert.equal(headerField('subscriptions', 'customers.id')?.field, 'customer_id');
  assert.equal(headerField('subscriptions', 'Current Period End (UTC)')?.field, 'renewal_due_at');
  assert.equal(headerKey('#'), '#');
  assert.equal(headerField('surveys', '#')?.field, 'response_id');
  assert.equal(headerField('surveys', '%'), undefined);
  assert.equal(questionKind('How likely are you to recommend Acme? (Q1)'), 'nps');
  assert.equal(questionKind('How likely are you to recommend Acme? - Group (Q1_NPS_GROUP)'), undefined);
});

test("GA4's YYYYMMDD dates; QuickBooks accounts as spend categories", () => {
  assert.deepEqual(parseDate('20240229'), { ok: true, value: '2024-02-29' });
  assert.equal(parseDate('20230229').ok, false);
  assert.deepEqual(parseEnum('Advertising & Marketing', 'spend.category'), { ok: true, value: 'marketing' });
  assert.deepEqual(parseEnum('6000 Advertising & Marketing:Google Ads', 'spend.category'), { ok: true, value: 'marketing' });
  assert.deepEqual(parseEnum('Commissions & fees', 'spend.category'), { ok: true, value: 'sales' });
  assert.equal(parseEnum('Rent & Lease', 'spend.category').ok, false);
  assert.equal(parseEnum('Rent & Lease:Office', 'spend.category').ok, false);
});
