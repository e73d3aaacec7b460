import type { DatasetDef } from '../catalog';
import { isSpan } from '../derive-row';
import { bookkeepingCost } from '../vendor-fields';
import { currency, seg } from './fields';

export const spend: DatasetDef = {
  name: 'spend',
  label: 'Spend',
  record: ['spend row', 'spend rows'],
  summary: 'Marketing and sales costs from your accounts',
  description: 'One row per cost: date or period, amount and category (marketing, sales, retention, crm).',
  hint: 'import a spreadsheet of costs (Date or period, Amount, Category marketing/sales/retention/crm)',
  // spent_until is part of the date: a month's cost and a cost on its first day are two records.
  key: { fields: ['spent_at', 'spent_until', 'category', 'channel'] },
  events: [],
  fields: [
    {
      name: 'spent_at',
      label: 'Date or period',
      type: 'period',
      required: true,
      headers: ['Spent At', 'Date', 'Day', 'Reporting Starts', 'Period', 'Month'],
    },
    { name: 'spent_until', label: 'Period end', type: 'date', derived: true, writtenFrom: ['spent_at'] },
    {
      name: 'amount',
      label: 'Amount',
      type: 'money',
      required: true,
      headers: ['Amount Spent', 'Spent', 'Spend', 'Cost', 'Amount', 'Total Cost', 'Expense'],
    },
    // QuickBooks books a purchase to the account in 'Split' (its 'Account' is the bank or payables account paid from).
    {
      name: 'category',
      label: 'Category',
      type: 'enum',
      values: ['marketing', 'sales', 'retention', 'crm'],
      required: true,
      headers: ['Category', 'Cost Category', 'Expense Category', 'Spend Category', 'Split'],
    },
    seg('channel', 'Channel', ['Channel', 'Platform', 'Network', 'Source', 'Vendor', 'Payee', 'Supplier']),
    currency(),
    // A bookkeeping report's 'Posting' column: a purchase order or estimate (No) is not a cost.
    { name: 'posting', label: 'Posting', type: 'flag', importOnly: true, headers: ['Posting', 'Posting (Y/N)'] },
  ],
  derive(row) {
    bookkeepingCost(row);
    const span = row.get('spent_at');
    if (isSpan(span)) {
      row.set('spent_at', span.start);
      row.set('spent_until', span.end);
    }
  },
};
