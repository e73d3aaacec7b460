import type { DatasetDef } from '../catalog';
import { isSpan } from '../derive-row';
import { currency, seg } from './fields';

export const quotas: DatasetDef = {
  name: 'quotas',
  label: 'Quotas',
  record: ['quota', 'quotas'],
  summary: 'Sales quotas per owner',
  description: 'One row per sales quota: owner (or the whole team), period and amount.',
  hint: 'import sales quotas (Owner, Period, Amount)',
  key: { fields: ['owner', 'period'] },
  events: [],
  fields: [
    seg('owner', 'Owner', ['Owner', 'Sales Rep', 'Rep', 'Salesperson', 'sales_agent']),
    { name: 'period', label: 'Period', type: 'period', required: true, headers: ['Period', 'Quarter', 'Month', 'Fiscal Period', 'Year'] },
    { name: 'period_end', label: 'Period end', type: 'date', derived: true, writtenFrom: ['period'] },
    { name: 'amount', label: 'Amount', type: 'money', required: true, headers: ['Quota', 'Quota Amount', 'Target', 'Amount'] },
    currency(),
  ],
  derive(row) {
    const span = row.get('period');
    if (isSpan(span)) row.set('period_end', span.end);
  },
};
