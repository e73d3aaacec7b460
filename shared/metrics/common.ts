/** Measures several KPIs share, written once so their declarations agree. */
import type { Cond, Measure } from './define';

export const won: Cond = { field: 'status', in: ['won'] };
export const lost: Cond = { field: 'status', in: ['lost'] };
export const open: Cond = { field: 'status', in: ['open'] };

export const wonDeals: Measure = { kind: 'flow', dataset: 'deals', on: 'closed_at', where: [won] };
export const wonAmount: Measure = { kind: 'flow', dataset: 'deals', on: 'closed_at', value: { field: 'amount' }, where: [won] };
export const wonWithAmount: Measure = {
  kind: 'flow',
  dataset: 'deals',
  on: 'closed_at',
  where: [won, { field: 'amount', null: false }],
};
export const closedDeals: Measure = { kind: 'flow', dataset: 'deals', on: 'closed_at', where: [{ field: 'status', in: ['won', 'lost'] }] };

export const leadsCreated: Measure = { kind: 'flow', dataset: 'leads', on: 'created_at' };

/** Deals as intervals [created_at, closed_at) that end when won or lost: open on a day they were created by and not yet closed. */
export const dealSpan = {
  kind: 'stock',
  dataset: 'deals',
  from: 'created_at',
  until: 'closed_at',
  endedWhen: [{ field: 'status', in: ['won', 'lost'] }],
} as const;
export const openAmount: Measure = { ...dealSpan, state: 'end', value: { field: 'amount' } };
export const openDeals: Measure = { ...dealSpan, state: 'end' };

/** Customers as intervals [acquired_at, churned_at); a churned flag without a date ends them at an unknown time. */
export const customerSpan = { kind: 'stock', dataset: 'customers', from: 'acquired_at', until: 'churned_at', endedFlag: 'churned' } as const;
export const customersAtStart: Measure = { ...customerSpan, state: 'start' };
export const customersRetained: Measure = { ...customerSpan, state: 'retained' };
export const customersLost: Measure = { ...customerSpan, state: 'lost' };
export const customersDuring: Measure = { ...customerSpan, state: 'during' };
export const newCustomers: Measure = { kind: 'flow', dataset: 'customers', on: 'acquired_at' };

/** Subscriptions as intervals [started_at, ended_at) carrying their MRR. */
const subSpan = { kind: 'stock', dataset: 'subscriptions', from: 'started_at', until: 'ended_at', value: { field: 'mrr' } } as const;
export const subMrr = (state: 'start' | 'end' | 'lost' | 'monthEnds'): Measure => ({ ...subSpan, state });
/** A contract term that ended because it was renewed is not lost revenue: the next term carries it on. */
export const subMrrLost: Measure = { ...subSpan, state: 'lost', where: [{ field: 'renewed', notSet: true }] };
export const subMrrRetainedCustomers: Measure = { ...subSpan, state: 'retainedKeys', key: 'customer_id' };
export const subCustomersDuring: Measure = { ...subSpan, state: 'during', key: 'customer_id', count: 'keys', value: undefined };

/** Customers' monthly revenue as the MRR source when there are no subscriptions. */
const custMrrSpan = { ...customerSpan, value: { field: 'monthly_revenue' } } as const;
export const custMrr = (state: 'start' | 'end' | 'lost' | 'monthEnds'): Measure => ({ ...custMrrSpan, state });
export const custMrrRetainedCustomers: Measure = { ...custMrrSpan, state: 'retainedKeys', key: 'customer_id' };

export const notCancelled: Cond = { field: 'cancelled', notSet: true };
export const orderRevenue: Measure = { kind: 'flow', dataset: 'orders', on: 'ordered_at', value: { field: 'amount' }, where: [notCancelled] };
export const orderingCustomers: Measure = {
  kind: 'distinct',
  dataset: 'orders',
  on: 'ordered_at',
  key: 'customer_id',
  where: [notCancelled],
};

export const spendOf = (...categories: ('marketing' | 'sales' | 'retention' | 'crm')[]): Measure => ({ kind: 'spend', categories });
