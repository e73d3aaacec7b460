/**
 * Catalogue fields that billing, shop, email and bookkeeping tools export in their own terms, worked
 * out row by row: a subscription's MRR from its price, quantity and billing interval, and its dates
 * from its status (Stripe, Chargebee); an order line's order-level fields from the order's first line
 * and its cancellation from the payment status (Shopify); a campaign's deliveries from its bounces
 * (Mailchimp, Klaviyo); a bookkeeping report's non-posting rows; a CRM contact that is no customer yet.
 * Each is part of its dataset's derive hook (shared/datasets/declare/), run before the dataset's own.
 */
import { squash } from './cell';
import type { ImportPlan } from './columns';
import { daysFromCivil, daysInMonth } from './dates';
import type { DeriveRow } from './derive-row';
import type { FieldValue } from './read-field';

/** What a subscription's status says about its revenue. */
type SubscriptionState = 'paying' | 'trial' | 'ending' | 'ended' | 'halted' | 'never';

const subscriptionStates = new Map<string, SubscriptionState>(
  (
    [
      // Stripe keeps retrying a past_due invoice, so its revenue is still expected.
      ['paying', ['active', 'past_due', 'future', 'live']],
      ['trial', ['trialing', 'in_trial', 'trial']],
      // Chargebee's Non Renewing pays until its term ends (Stripe shows the same as active with a Canceled At).
      ['ending', ['non_renewing']],
      ['ended', ['canceled', 'cancelled', 'ended', 'expired']],
      // Stripe stops retrying an unpaid subscription, and a paused one bills nothing.
      ['halted', ['unpaid', 'paused']],
      // The first payment never went through: the subscription never started.
      ['never', ['incomplete', 'incomplete_expired']],
    ] as const
  ).flatMap(([state, labels]) => labels.map((l) => [squash(l), state] as const)),
);

/** Months one billing interval lasts: 'month' 1, 'year' 12, 'week' 12/52, '3 months' 3, 'quarterly' 3. */
export function intervalMonths(label: string): number | undefined {
  const g = /^(?:every\s+)?(\d+)?\s*([a-z]+)$/.exec(label.trim().toLowerCase());
  if (!g) return undefined;
  const unit = g[2]!.replace(/s$/, '');
  const months: Record<string, number> = {
    day: 12 / 365,
    daily: 12 / 365,
    week: 12 / 52,
    weekly: 12 / 52,
    month: 1,
    monthly: 1,
    mo: 1,
    quarter: 3,
    quarterly: 3,
    year: 12,
    yearly: 12,
    annual: 12,
    annually: 12,
    yr: 12,
  };
  const one = months[unit];
  return one === undefined ? undefined : one * (g[1] === undefined ? 1 : parseInt(g[1], 10));
}

const civil = (iso: string): [number, number, number] => [parseInt(iso.slice(0, 4), 10), parseInt(iso.slice(5, 7), 10), parseInt(iso.slice(8, 10), 10)];

/**
 * The billing interval in months from the current term's two ends (Chargebee exports no interval):
 * whole months from a day to the same day (or a month's end to a month's end), or one or two weeks;
 * anything else is a term cut short (a first term prorated to a billing day) and tells nothing.
 */
export function termMonths(from: string, to: string): number | undefined {
  const [y1, m1, d1] = civil(from);
  const [y2, m2, d2] = civil(to);
  const days = daysFromCivil(y2, m2, d2) - daysFromCivil(y1, m1, d1);
  if (days < 28) return days === 7 || days === 14 ? (days / 7) * (12 / 52) : undefined;
  const months = (y2 - y1) * 12 + (m2 - m1);
  // Billing anchored on day d1 ends on d1, or on the last day of a shorter month; a term that starts
  // on a month's last day (billed on the 29th to 31st) may end on a later day of a longer month.
  const sameDay = d2 === Math.min(d1, daysInMonth(y2, m2)) || (d1 === daysInMonth(y1, m1) && d2 >= d1);
  return months > 0 && sameDay ? months : undefined;
}

/**
 * Months per billing interval: the interval column's (times its count), else the current term's
 * length (not in a trial, whose term is the trial's), else one (the file has neither: its price is
 * taken as monthly, and the import says so).
 */
function billingMonths(row: DeriveRow, state: SubscriptionState | undefined): number | undefined {
  const interval = row.source('interval');
  const count = row.num('interval_count') ?? 1;
  if (interval) {
    const text = row.get('interval');
    const months = typeof text === 'string' ? intervalMonths(text) : undefined;
    if (months === undefined && typeof text === 'string') row.blank(interval.col, interval.cell);
    return months === undefined ? undefined : months * count;
  }
  const from = row.get('period_started_at');
  const to = row.get('renewal_due_at');
  if (row.source('period_started_at') && row.source('renewal_due_at')) {
    return state !== 'trial' && typeof from === 'string' && typeof to === 'string' ? termMonths(from, to) : undefined;
  }
  return 1;
}

const later = (a: FieldValue | undefined, b: FieldValue | undefined): boolean => typeof a === 'string' && typeof b === 'string' && a > b;

/**
 * MRR is the price per interval x quantity, per month of the interval (year / 12, week x 52 / 12).
 * Revenue starts when a trial ends, so a subscription in its trial is not yet active; one canceled at
 * the end of its period (Stripe's Canceled At without an Ended At, Chargebee's Non Renewing) pays until
 * that period ends; one whose first payment failed, or that ended in its trial, never brought revenue
 * and ends the day it starts; an unpaid or paused one keeps its place with no MRR.
 */
export function billedSubscription(row: DeriveRow): void {
  const statusText = row.get('status');
  const state = typeof statusText === 'string' ? subscriptionStates.get(squash(statusText)) : undefined;
  const price = row.num('amount');
  if (!row.has('mrr') && price !== undefined) {
    const months = billingMonths(row, state);
    if (months !== undefined) row.set('mrr', Math.round(((price * (row.num('quantity') ?? 1)) / months) * 1e6) / 1e6);
  }
  if (state === 'halted') row.set('mrr', 0);
  const canceled = row.get('canceled_at');
  if (!row.has('ended_at') && !row.failed('ended_at')) {
    const stillPaying = state === 'ending' || (canceled !== undefined && (state === 'paying' || state === 'trial'));
    const ends = stillPaying ? row.get('renewal_due_at') : state === 'ended' || state === undefined ? canceled : undefined;
    if (ends !== undefined) row.set('ended_at', ends);
  }
  const trialEnd = row.get('trial_ends_at');
  const started = row.get('started_at');
  if (later(trialEnd, started)) {
    const ended = row.get('ended_at');
    if (ended !== undefined && !later(ended, trialEnd)) row.set('started_at', ended);
    else row.set('started_at', trialEnd!);
  } else if (state === 'trial') row.delete('mrr');
  if (state === 'never' && started !== undefined) row.set('ended_at', row.get('started_at')!);
}

/** Fields an order writes on its first line only (Shopify): the lines below it are given them from there. */
const orderLevel = ['customer_id', 'ordered_at', 'cancelled', 'financial_status', 'cancelled_at', 'currency'] as const;

/** The last order line read per plan, in file order (a second pass over the file starts again). */
const orderAbove = new WeakMap<ImportPlan, { order: FieldValue; row: number; values: Map<string, FieldValue> }>();

/** Shopify's payment statuses that leave no revenue: a voided authorisation and a full refund. */
const unpaid = new Set(['voided', 'refunded']);

/**
 * An order line takes the order-level fields it lacks from the line above it when both are lines of
 * one order; a voided or fully refunded order counts as cancelled, as one with a cancellation date
 * (a partial refund keeps the order and its amount).
 */
export function shopOrderLine(row: DeriveRow): void {
  const order = row.get('order_id');
  const above = orderAbove.get(row.plan);
  if (order !== undefined && above !== undefined && above.order === order && above.row < row.rowNumber) {
    for (const f of orderLevel) if (!row.has(f) && !row.failed(f) && above.values.has(f)) row.set(f, above.values.get(f)!);
    above.row = row.rowNumber;
  } else if (order !== undefined) {
    orderAbove.set(row.plan, { order, row: row.rowNumber, values: new Map(orderLevel.flatMap((f) => (row.has(f) ? [[f, row.get(f)!] as const] : []))) });
  } else orderAbove.delete(row.plan);
  const status = row.get('financial_status');
  if (!row.has('cancelled') && (row.has('cancelled_at') || typeof status === 'string')) {
    row.set('cancelled', row.has('cancelled_at') || (typeof status === 'string' && unpaid.has(squash(status))) ? 1 : 0);
  }
}

/** Without a deliveries column, a campaign delivered what it sent less what bounced. */
export function campaignDeliveries(row: DeriveRow): void {
  const sent = row.num('sent');
  const bounced = row.num('bounced');
  if (!row.has('delivered') && row.source('delivered') === undefined && sent !== undefined && bounced !== undefined && bounced <= sent)
    row.set('delivered', sent - bounced);
}

/** A bookkeeping report's row that does not post is no cost. */
export function bookkeepingCost(row: DeriveRow): void {
  const posting = row.source('posting');
  if (posting && row.get('posting') === 0)
    row.problem(posting.col, posting.cell, 'says the transaction does not post (a purchase order or an estimate), so it is not a cost');
}

/** HubSpot's lifecycle stages from which a contact counts as a customer. */
const customerStages = new Set(['customer', 'evangelist']);

/** A CRM contact before the customer stage, without a customer date, is no customer. */
export function crmContact(row: DeriveRow): void {
  const stage = row.get('lifecycle_stage');
  const from = row.source('lifecycle_stage');
  if (from && typeof stage === 'string' && !row.has('acquired_at') && !customerStages.has(squash(stage))) {
    row.problem(from.col, from.cell, 'is a stage before customer and the contact has no customer date: only customers are imported');
  }
}

/** What the import worked out from a vendor's columns, one sentence each, for the import's result. */
export function vendorNotes(plan: ImportPlan): string[] {
  const column = (f: string): string | undefined => plan.columns.find((c) => c.field === f)?.header;
  const has = (f: string): boolean => column(f) !== undefined;
  const q = (f: string): string => `"${column(f)}"`;
  const out: string[] = [];
  if (plan.dataset === 'subscriptions') {
    if (has('amount') && !has('mrr')) {
      const per = has('interval')
        ? `per ${q('interval')}${has('interval_count') ? ` x ${q('interval_count')}` : ''} (a year / 12, a week x 52 / 12)`
        : has('period_started_at') && has('renewal_due_at')
          ? `per month of the current term (${q('period_started_at')} to ${q('renewal_due_at')})`
          : 'as a monthly price (the file has no billing interval)';
      out.push(`MRR is ${q('amount')}${has('quantity') ? ` x ${q('quantity')}` : ''} ${per}`);
    }
    if (has('trial_ends_at')) out.push(`Revenue starts when a trial ends: a subscription's start is its ${q('trial_ends_at')} where that is later`);
    if (has('status')) {
      out.push(
        `${q('status')}: a trial is not revenue yet; canceled at the end of its period, a subscription pays until ${has('renewal_due_at') ? q('renewal_due_at') : 'it ends'}; unpaid and paused ones have no MRR; incomplete ones never started`,
      );
    }
  }
  if (plan.dataset === 'orders' && has('financial_status'))
    out.push(`Orders whose ${q('financial_status')} is voided or refunded count as cancelled (no revenue); partly refunded ones keep their amount`);
  if (plan.dataset === 'email_campaigns' && has('bounced') && has('sent') && !has('delivered'))
    out.push(`Delivered is ${q('sent')} - ${q('bounced')} (the file has no deliveries column)`);
  if (plan.dataset === 'customers' && has('lifecycle_stage'))
    out.push(`Contacts before the customer stage in ${q('lifecycle_stage')} and without a customer date are not customers: they are left out`);
  return out;
}
