/** Marketing KPIs: acquisition cost, cost per lead, return on spend, web and email rates. */
import { metric, type Cond, type Expr, type MetricDef } from './define';
import { leadsCreated, newCustomers, spendOf, won } from './common';

const spendNote = 'spend rows covering a period are spread evenly over its days when P cuts them';
/** Delivered emails: the delivered count, or sent - bounced where it is missing. */
const delivered: Expr = { first: [{ field: 'delivered' }, { minus: [{ field: 'sent' }, { first: [{ field: 'bounced' }, { const: 0 }] }] }] };
const has = (field: string): Cond => ({ field, null: false });

function emailRate(id: string, name: string, part: 'opened' | 'clicked', description: string): ReturnType<typeof metric> {
  return metric({
    id,
    name,
    area: 'marketing',
    unit: 'ratio',
    direction: 'up',
    description,
    formula: `${part} / delivered (sent - bounced where delivered is missing), summed over campaigns sent in P that report ${part}`,
    empty: 'no emails were delivered in {period}',
    ways: [
      {
        needs: { email_campaigns: ['sent_at', 'sent', part] },
        measures: {
          part: { kind: 'flow', dataset: 'email_campaigns', on: 'sent_at', value: { field: part }, where: [has(part)] },
          delivered: { kind: 'flow', dataset: 'email_campaigns', on: 'sent_at', value: delivered, where: [has(part)] },
        },
        numerator: 'part',
        denominator: 'delivered',
      },
    ],
  });
}

export const marketing: readonly MetricDef[] = [
  metric({
    id: 'cac',
    chart: { report: 1, dashboard: { chart: 'cac', place: 1 } },
    name: 'Customer acquisition cost',
    area: 'marketing',
    unit: 'currency',
    direction: 'down',
    description: 'Marketing and sales spend per new customer.',
    formula: `spend of category marketing and sales in P / customers acquired in P (${spendNote})`,
    empty: 'no customers were acquired in {period}',
    ways: [
      {
        needs: { spend: ['spent_at', 'amount', 'category'], customers: ['acquired_at'] },
        measures: { spend: spendOf('marketing', 'sales'), acquired: newCustomers },
        numerator: 'spend',
        denominator: 'acquired',
      },
    ],
  }),
  metric({
    id: 'cost_per_lead',
    name: 'Cost per lead',
    area: 'marketing',
    unit: 'currency',
    direction: 'down',
    description: 'Marketing spend per lead created.',
    formula: `marketing spend in P / leads created in P (${spendNote})`,
    empty: 'no leads were created in {period}',
    ways: [
      {
        needs: { spend: ['spent_at', 'amount', 'category'], leads: ['created_at'] },
        measures: { spend: spendOf('marketing'), leads: leadsCreated },
        numerator: 'spend',
        denominator: 'leads',
      },
    ],
  }),
  metric({
    id: 'marketing_roi',
    name: 'Marketing ROI',
    area: 'marketing',
    unit: 'ratio',
    direction: 'up',
    description: 'Revenue won from new customers, net of marketing spend, per unit of marketing spend.',
    formula: `(amount of deals won in P that are new business (deal type new or not given) - marketing spend in P) / marketing spend in P (${spendNote})`,
    empty: 'there was no marketing spend in {period}',
    ways: [
      {
        needs: { deals: ['status', 'closed_at', 'amount'], spend: ['spent_at', 'amount', 'category'] },
        measures: {
          newRevenue: {
            kind: 'flow',
            dataset: 'deals',
            on: 'closed_at',
            value: { field: 'amount' },
            where: [
              won,
              {
                any: [
                  { field: 'deal_type', in: ['new'] },
                  { field: 'deal_type', null: true },
                ],
              },
            ],
          },
          spend: spendOf('marketing'),
        },
        numerator: { op: '-', args: ['newRevenue', 'spend'] },
        denominator: 'spend',
      },
    ],
  }),
  metric({
    id: 'website_conversion_rate',
    chart: { report: 2 },
    name: 'Website conversion rate',
    area: 'marketing',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of website sessions that converted.',
    formula: 'conversions / sessions, summed over the days in P',
    empty: 'no website sessions in {period}',
    ways: [
      {
        needs: { web_traffic: ['day', 'sessions', 'conversions'] },
        measures: {
          conversions: { kind: 'flow', dataset: 'web_traffic', on: 'day', value: { field: 'conversions' } },
          sessions: { kind: 'flow', dataset: 'web_traffic', on: 'day', value: { field: 'sessions' } },
        },
        numerator: 'conversions',
        denominator: 'sessions',
      },
    ],
  }),
  { ...emailRate('email_open_rate', 'Email open rate', 'opened', 'Share of delivered emails that were opened.'), chart: { report: 3 } },
  emailRate('email_click_rate', 'Email click rate', 'clicked', 'Share of delivered emails that were clicked.'),
  metric({
    id: 'email_bounce_rate',
    name: 'Email bounce rate',
    area: 'marketing',
    unit: 'ratio',
    direction: 'down',
    description: 'Share of sent emails that bounced.',
    formula: 'bounced (or sent - delivered where bounced is missing) / sent, summed over campaigns sent in P',
    empty: 'no emails were sent in {period}',
    ways: [
      {
        needs: { email_campaigns: ['sent_at', 'sent', 'bounced|delivered'] },
        measures: {
          bounced: {
            kind: 'flow',
            dataset: 'email_campaigns',
            on: 'sent_at',
            value: { first: [{ field: 'bounced' }, { minus: [{ field: 'sent' }, { field: 'delivered' }] }] },
            where: [{ any: [has('bounced'), has('delivered')] }],
          },
          sent: {
            kind: 'flow',
            dataset: 'email_campaigns',
            on: 'sent_at',
            value: { field: 'sent' },
            where: [{ any: [has('bounced'), has('delivered')] }],
          },
        },
        numerator: 'bounced',
        denominator: 'sent',
      },
    ],
  }),
];
