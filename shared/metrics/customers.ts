/** Customer KPIs: retention and churn, recurring revenue, revenue per customer, lifetime value. */
import { metric, type Measure, type MetricDef, type Term, type Way } from './define';
import type { MrrStep } from './movements';
import {
  custMrr,
  custMrrRetainedCustomers,
  customersAtStart,
  customersDuring,
  customersLost,
  customersRetained,
  customerSpan,
  notCancelled,
  orderingCustomers,
  orderRevenue,
  spendOf,
  subCustomersDuring,
  subMrr,
  subMrrLost,
  subMrrRetainedCustomers,
} from './common';

const datedCustomers = { customers: ['acquired_at'] };
const snapshotCustomers = { customers: ['customer_id', 'churned|churned_at'] };
const subs = { subscriptions: ['started_at', 'mrr'] };
const custRevenueDated = { customers: ['acquired_at', 'monthly_revenue'] };

/** A ratio of two customer-interval measures, dated or over a snapshot (period all). */
function customerWays(num: Measure, den: Measure): Way[] {
  return [
    { when: 'dated', needs: datedCustomers, measures: { num, den }, numerator: 'num', denominator: 'den' },
    { when: 'all', needs: snapshotCustomers, measures: { num, den }, numerator: 'num', denominator: 'den' },
  ];
}

/** A ratio over MRR from subscriptions, or else from customers' monthly revenue. */
function mrrWays(fromSubs: [Measure, Measure], fromCustomers: [Measure, Measure]): Way[] {
  return [
    { needs: subs, measures: { num: fromSubs[0], den: fromSubs[1] }, numerator: 'num', denominator: 'den' },
    { when: 'dated', needs: custRevenueDated, measures: { num: fromCustomers[0], den: fromCustomers[1] }, numerator: 'num', denominator: 'den' },
  ];
}

/**
 * MRR movements over P, read from the same data as the mrr KPI (subscriptions, else customers'
 * monthly revenue), so that start + movements = mrr at the end. Not defined over period all: a
 * movement needs the day before P.
 */
function movementWays(
  measures: Readonly<Record<string, Omit<Extract<Measure, { kind: 'mrrMovement' }>, 'dataset'>>>,
  numerator: Term,
  denominator?: Term,
): Way[] {
  const over = (dataset: 'subscriptions' | 'customers') => Object.fromEntries(Object.entries(measures).map(([name, m]) => [name, { ...m, dataset }]));
  return [
    { when: 'dated', needs: subs, measures: over('subscriptions'), numerator, ...(denominator ? { denominator } : {}) },
    { when: 'dated', needs: custRevenueDated, measures: over('customers'), numerator, ...(denominator ? { denominator } : {}) },
  ];
}
const stepWays = (step: MrrStep): Way[] => movementWays({ moved: { kind: 'mrrMovement', steps: [step] } }, 'moved');
const gains: MrrStep[] = ['new', 'expansion', 'reactivation'];
const losses: MrrStep[] = ['contraction', 'churned'];
const movementRule =
  'per customer, their MRR (the sum over their subscriptions active at the end of a day, as the exports standing that day show them; without subscriptions, their monthly revenue) at the end of the day before P, then at the end of each day in P it changed';

const snapshotMrr: Measure = {
  kind: 'stock',
  dataset: 'customers',
  from: 'acquired_at',
  until: 'churned_at',
  endedFlag: 'churned',
  state: 'end',
  value: { field: 'monthly_revenue' },
};
const due = { field: 'renewal_due_at', null: false } as const;
const hasRevenue = [{ field: 'monthly_revenue', null: false }] as const;

export const customers: readonly MetricDef[] = [
  metric({
    id: 'customer_retention_rate',
    chart: { report: 4, dashboard: { chart: 'churn', place: 2 } },
    name: 'Customer retention rate',
    area: 'customers',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the customers at the start of the period who are still customers at its end.',
    formula:
      'customers at the start of P still customers at the end of P / customers at the start of P, i.e. (E - N) / S with N the new customers still there at the end; period all: customers not churned / all customers',
    empty: 'there were no customers at the start of {period}',
    ways: customerWays(customersRetained, customersAtStart),
  }),
  metric({
    id: 'churn_rate',
    chart: { report: 3, dashboard: { chart: 'churn', place: 1 } },
    name: 'Churn rate',
    area: 'customers',
    unit: 'ratio',
    direction: 'down',
    description: 'Share of the customers at the start of the period lost during it.',
    formula:
      'customers at the start of P lost during P / customers at the start of P (customers acquired and lost within P count in neither); period all: churned customers / all customers',
    empty: 'there were no customers at the start of {period}',
    ways: customerWays(customersLost, customersAtStart),
  }),
  metric({
    id: 'renewal_rate',
    name: 'Renewal rate',
    area: 'customers',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the subscriptions due for renewal in the period that renewed.',
    formula: 'subscriptions with a renewal date in P that renewed / subscriptions with a renewal date in P (no renewal flag counts as not renewed)',
    empty: 'no subscriptions were due for renewal in {period}',
    ways: [
      {
        needs: { subscriptions: ['renewal_due_at', 'renewed'] },
        measures: {
          renewed: { kind: 'flow', dataset: 'subscriptions', on: 'renewal_due_at', where: [due, { field: 'renewed', cmp: '=', to: 1 }] },
          due: { kind: 'flow', dataset: 'subscriptions', on: 'renewal_due_at', where: [due] },
        },
        numerator: 'renewed',
        denominator: 'due',
      },
    ],
  }),
  metric({
    id: 'revenue',
    chart: { report: 1 },
    name: 'Revenue',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Revenue in the period: orders, or recurring revenue.',
    formula:
      "sum of order amounts in P, cancelled orders left out; without orders, the sum of MRR at each month end in P (subscriptions, else customers' monthly revenue)",
    empty: 'no revenue in {period}',
    ways: [
      { needs: { orders: ['ordered_at', 'amount'] }, measures: { revenue: orderRevenue }, numerator: 'revenue' },
      { when: 'dated', needs: subs, measures: { revenue: subMrr('monthEnds') }, numerator: 'revenue' },
      { when: 'dated', needs: custRevenueDated, measures: { revenue: custMrr('monthEnds') }, numerator: 'revenue' },
    ],
  }),
  metric({
    id: 'mrr',
    chart: { report: 2 },
    name: 'Monthly recurring revenue',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Recurring revenue per month at the end of the period.',
    formula:
      "sum of MRR of subscriptions active on the last day of P (else of customers' monthly revenue); period all: the sum over subscriptions not ended / customers not churned",
    empty: 'no recurring revenue at the end of {period}',
    ways: [
      { needs: subs, measures: { mrr: subMrr('end') }, numerator: 'mrr' },
      { when: 'dated', needs: custRevenueDated, measures: { mrr: custMrr('end') }, numerator: 'mrr' },
      { when: 'all', needs: { customers: ['monthly_revenue'] }, measures: { mrr: snapshotMrr }, numerator: 'mrr' },
    ],
  }),
  metric({
    id: 'net_revenue_retention',
    name: 'Net revenue retention',
    area: 'customers',
    unit: 'ratio',
    direction: 'up',
    description: 'Recurring revenue kept from the customers there at the start, expansion included.',
    formula: 'MRR at the end of P from customers active at the start of P / MRR at the start of P',
    empty: 'there was no recurring revenue at the start of {period}',
    ways: mrrWays([subMrrRetainedCustomers, subMrr('start')], [custMrrRetainedCustomers, custMrr('start')]),
  }),
  metric({
    id: 'mrr_churn_rate',
    name: 'MRR churn rate',
    area: 'customers',
    unit: 'ratio',
    direction: 'down',
    description: 'Share of the recurring revenue at the start of the period lost to cancellations.',
    formula: 'MRR of subscriptions active at the start of P that ended in P without being renewed / MRR at the start of P',
    empty: 'there was no recurring revenue at the start of {period}',
    ways: mrrWays([subMrrLost, subMrr('start')], [custMrr('lost'), custMrr('start')]),
  }),
  metric({
    id: 'arpu',
    name: 'Average revenue per customer',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Revenue in the period per active customer.',
    formula:
      'revenue in P / active customers in P (customers with an order in P; with recurring revenue, customers active at some time in P); snapshot customer data (period all): mean monthly revenue',
    empty: 'no active customers in {period}',
    ways: [
      {
        needs: { orders: ['ordered_at', 'amount', 'customer_id'] },
        measures: { revenue: orderRevenue, customers: orderingCustomers },
        numerator: 'revenue',
        denominator: 'customers',
      },
      {
        when: 'dated',
        needs: { subscriptions: ['started_at', 'mrr', 'customer_id'] },
        measures: { revenue: subMrr('monthEnds'), customers: subCustomersDuring },
        numerator: 'revenue',
        denominator: 'customers',
      },
      {
        when: 'all',
        needs: { customers: ['monthly_revenue'] },
        measures: {
          revenue: { kind: 'flow', dataset: 'customers', on: 'acquired_at', value: { field: 'monthly_revenue' }, where: hasRevenue },
          customers: { kind: 'flow', dataset: 'customers', on: 'acquired_at', where: hasRevenue },
        },
        numerator: 'revenue',
        denominator: 'customers',
      },
      {
        when: 'dated',
        needs: custRevenueDated,
        measures: { revenue: custMrr('monthEnds'), customers: customersDuring },
        numerator: 'revenue',
        denominator: 'customers',
      },
    ],
  }),
  metric({
    id: 'repeat_purchase_rate',
    name: 'Repeat purchase rate',
    area: 'customers',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the customers who ordered in the period who ordered twice or more.',
    formula: 'customers with 2 or more orders in P / customers with an order in P (an order is a distinct order id; a line without one is an order of its own)',
    empty: 'no customer ordered in {period}',
    ways: [
      {
        needs: { orders: ['ordered_at', 'customer_id'] },
        measures: {
          repeat: { kind: 'distinct', dataset: 'orders', on: 'ordered_at', key: 'customer_id', atLeast: 2, countOrders: true, where: [notCancelled] },
          customers: orderingCustomers,
        },
        numerator: 'repeat',
        denominator: 'customers',
      },
    ],
  }),
  metric({
    id: 'clv',
    chart: { dashboard: { chart: 'cac', place: 2 } },
    name: 'Customer lifetime value',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Revenue a customer brings over their lifetime.',
    formula:
      'average purchase value (revenue / orders in P) x purchase frequency (orders / customers in P) x average lifespan (1 / churn_rate, in periods as long as P) = arpu / churn_rate; period all with tenure data: mean monthly revenue x lifespan in months (customer-months observed / customers lost)',
    empty: 'no customers were lost in {period}, so the lifespan is unbounded',
    ways: [
      { when: 'dated', needs: {}, measures: {}, numerator: { kpi: 'arpu' }, denominator: { kpi: 'churn_rate' } },
      {
        when: 'all',
        needs: { customers: ['tenure_months', 'churned|churned_at'] },
        measures: {
          lost: { ...customerSpan, state: 'lost', where: [{ field: 'tenure_months', null: false }] },
          months: {
            kind: 'flow',
            dataset: 'customers',
            on: 'acquired_at',
            value: { field: 'tenure_months' },
            where: [{ field: 'tenure_months', null: false }],
          },
        },
        numerator: { kpi: 'arpu' },
        denominator: { op: '/', args: ['lost', 'months'] },
      },
    ],
  }),
  metric({
    id: 'customer_retention_cost',
    name: 'Customer retention cost',
    area: 'customers',
    unit: 'currency',
    direction: 'down',
    description: 'Retention spend per customer kept.',
    formula: 'spend of category retention in P / customers at the start of P still customers at its end (spend over a period spread evenly over its days)',
    empty: 'no customers were retained in {period}',
    ways: [
      {
        needs: { spend: ['spent_at', 'amount', 'category'], customers: ['acquired_at'] },
        measures: { spend: spendOf('retention'), retained: customersRetained },
        numerator: 'spend',
        denominator: 'retained',
      },
    ],
  }),
  metric({
    id: 'ltv_cac_ratio',
    name: 'LTV to CAC ratio',
    area: 'customers',
    unit: 'multiple',
    direction: 'up',
    description: 'Lifetime value of a customer per unit of acquisition cost.',
    formula: 'clv / cac',
    empty: 'customer acquisition cost in {period} is zero',
    ways: [{ needs: {}, measures: {}, numerator: { kpi: 'clv' }, denominator: { kpi: 'cac' } }],
  }),
  metric({
    id: 'cac_payback_months',
    name: 'CAC payback',
    area: 'customers',
    unit: 'months',
    direction: 'down',
    description: 'Months of gross margin it takes to earn back the cost of acquiring a customer.',
    formula: 'cac / (arpu per month x gross margin), arpu per month = arpu / months in P, gross margin a workbook setting (1 unless set)',
    empty: 'revenue per customer in {period} is zero',
    ways: [
      {
        when: 'dated',
        needs: {},
        measures: {},
        numerator: { kpi: 'cac' },
        denominator: { op: '*', args: [{ op: '/', args: [{ kpi: 'arpu' }, { months: true }] }, { setting: 'gross_margin' }] },
      },
    ],
  }),
  metric({
    id: 'new_mrr',
    name: 'New MRR',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Recurring revenue from customers paying for the first time.',
    formula: `sum of MRR going from 0 to more for customers who never paid before, ${movementRule}`,
    empty: 'no new MRR in {period}',
    ways: stepWays('new'),
  }),
  metric({
    id: 'expansion_mrr',
    name: 'Expansion MRR',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Recurring revenue added by paying customers: upgrades, extra seats, price rises.',
    formula: `sum of MRR increases of customers paying before and after, ${movementRule} (a plan changed on one day is one change)`,
    empty: 'no expansion MRR in {period}',
    ways: stepWays('expansion'),
  }),
  metric({
    id: 'contraction_mrr',
    name: 'Contraction MRR',
    area: 'customers',
    unit: 'currency',
    direction: 'down',
    description: 'Recurring revenue lost from customers who still pay: downgrades, fewer seats.',
    formula: `sum of MRR decreases of customers still paying after, ${movementRule}`,
    empty: 'no contraction MRR in {period}',
    ways: stepWays('contraction'),
  }),
  metric({
    id: 'churned_mrr',
    name: 'Churned MRR',
    area: 'customers',
    unit: 'currency',
    direction: 'down',
    description: 'Recurring revenue of customers who stopped paying.',
    formula: `sum of MRR going from more to 0, ${movementRule}`,
    empty: 'no churned MRR in {period}',
    ways: stepWays('churned'),
  }),
  metric({
    id: 'reactivation_mrr',
    name: 'Reactivation MRR',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'Recurring revenue from former customers paying again.',
    formula: `sum of MRR going from 0 to more for customers who paid on some earlier day, ${movementRule}`,
    empty: 'no reactivation MRR in {period}',
    ways: stepWays('reactivation'),
  }),
  metric({
    id: 'net_new_mrr',
    name: 'Net new MRR',
    area: 'customers',
    unit: 'currency',
    direction: 'up',
    description: 'How much recurring revenue grew in the period: MRR at its end minus MRR at its start.',
    formula: 'new_mrr + expansion_mrr + reactivation_mrr - contraction_mrr - churned_mrr',
    empty: 'no MRR movements in {period}',
    ways: movementWays({ net: { kind: 'mrrMovement', steps: [...gains, ...losses], signed: true } }, 'net'),
  }),
  metric({
    id: 'quick_ratio',
    name: 'SaaS quick ratio',
    area: 'customers',
    unit: 'multiple',
    direction: 'up',
    description: 'Recurring revenue gained per unit of recurring revenue lost.',
    formula: '(new_mrr + expansion_mrr + reactivation_mrr) / (contraction_mrr + churned_mrr)',
    empty: 'no MRR was lost in {period} (no contraction or churn), so the ratio is unbounded',
    ways: movementWays({ gains: { kind: 'mrrMovement', steps: gains }, losses: { kind: 'mrrMovement', steps: losses } }, 'gains', 'losses'),
  }),
];
