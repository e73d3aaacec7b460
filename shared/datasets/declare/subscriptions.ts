import type { DatasetDef } from '../catalog';
import { checkRecurring, rowProblem } from '../derive-row';
import { billedSubscription } from '../vendor-fields';
import { currency, seg } from './fields';

export const subscriptions: DatasetDef = {
  name: 'subscriptions',
  label: 'Subscriptions',
  record: ['subscription', 'subscriptions'],
  summary: 'Subscriptions from your billing tool',
  description: 'One row per subscription or contract: start, end, renewal date and monthly recurring revenue.',
  hint: 'import a subscriptions or contracts export (Customer ID, Start, End, Renewal date, MRR)',
  key: { fields: ['subscription_id'] },
  events: [{ field: 'started_at' }],
  fields: [
    // Stripe's 'id'; Chargebee's 'subscriptions.id' and 'customers.id' (headerKey drops 'subscriptions.').
    { name: 'subscription_id', label: 'Subscription ID', type: 'id', headers: ['Subscription ID', 'Contract ID', 'Subscription Number', 'id'] },
    {
      name: 'customer_id',
      label: 'Customer ID',
      type: 'id',
      required: true,
      headers: ['Customer ID', 'Customer', 'Account ID', 'Customer Email', 'customers.id'],
    },
    // Chargebee's start_date is only the planned start of a future subscription; started_at is when it did.
    {
      name: 'started_at',
      label: 'Started',
      type: 'date',
      required: true,
      headers: ['Started At', 'Start Date', 'Start', 'Subscription Start', 'Contract Start Date', 'Activated At'],
    },
    { name: 'ended_at', label: 'Ended', type: 'date', headers: ['End Date', 'Ended At', 'Contract End Date'], writtenFrom: ['canceled_at', 'status'] },
    {
      name: 'renewal_due_at',
      label: 'Renewal due',
      type: 'date',
      headers: ['Renewal Date', 'Renewal Due', 'Next Renewal', 'Current Period End', 'Current Term End'],
    },
    { name: 'renewed', label: 'Renewed', type: 'flag', headers: ['Renewed'] },
    { name: 'mrr', label: 'MRR', type: 'money', headers: ['MRR', 'Monthly Recurring Revenue', 'Monthly Amount'], writtenFrom: ['amount'] },
    seg('plan', 'Plan', ['Plan', 'Plan Name', 'Tier', 'Plan ID']),
    currency(),
    // What billing tools export instead of MRR and an end date (Stripe, Chargebee): the price per
    // interval, the quantity, the interval, the status, the trial's end and when it was canceled.
    { name: 'status', label: 'Status', type: 'text', importOnly: true, headers: ['Status', 'Subscription Status'] },
    {
      name: 'amount',
      label: 'Price per interval',
      type: 'money',
      importOnly: true,
      headers: ['Amount', 'Plan Amount', 'Plan Unit Price', 'Unit Price', 'Price'],
    },
    { name: 'quantity', label: 'Quantity', type: 'number', importOnly: true, headers: ['Quantity', 'Plan Quantity', 'Seats'] },
    {
      name: 'interval',
      label: 'Billing interval',
      type: 'text',
      importOnly: true,
      headers: ['Interval', 'Billing Interval', 'Billing Period Unit', 'Plan Interval'],
    },
    {
      name: 'interval_count',
      label: 'Intervals per billing',
      type: 'number',
      importOnly: true,
      headers: ['Interval Count', 'Billing Period', 'Plan Interval Count'],
    },
    {
      name: 'period_started_at',
      label: 'Current period start',
      type: 'date',
      importOnly: true,
      headers: ['Current Period Start', 'Current Term Start'],
    },
    { name: 'trial_ends_at', label: 'Trial end', type: 'date', importOnly: true, headers: ['Trial End', 'Trial Ends At', 'Trial End Date'] },
    { name: 'canceled_at', label: 'Canceled on', type: 'date', importOnly: true, headers: ['Canceled At', 'Cancelled At', 'Cancellation Date'] },
  ],
  derive(row) {
    billedSubscription(row);
    checkRecurring(row, 'mrr');
    const [started, ended] = [row.get('started_at'), row.get('ended_at')];
    if (typeof started === 'string' && typeof ended === 'string' && ended < started) {
      rowProblem(row, 'ended_at', ended, `is before its start (${started}): a subscription cannot end before it starts`);
    }
  },
};
