/** Adoption KPIs: how much the CRM is used, how complete the data is, and what the CRM returns. */
import { metric, type Cond, type MetricDef } from './define';
import { spendOf } from './common';

/** A usage row with logins, or a row with the logins column empty (the user was seen that day). */
const loggedIn: Cond = {
  any: [
    { field: 'logins', cmp: '>', to: 0 },
    { field: 'logins', null: true },
  ],
};
const activeUsers = { kind: 'distinct', dataset: 'crm_usage', on: 'day', key: 'user', where: [loggedIn] } as const;

export const adoption: readonly MetricDef[] = [
  metric({
    id: 'active_user_rate',
    chart: { report: 1 },
    name: 'Active user rate',
    area: 'adoption',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the CRM seats whose user logged in during the period.',
    formula: 'users with a login in P / licensed seats (a setting; without it, the users seen in the CRM usage data at any time)',
    empty: 'there are no seats or users to divide by in {period}',
    ways: [
      {
        needs: { crm_usage: ['user', 'day'] },
        settings: ['seats'],
        measures: { active: activeUsers },
        numerator: 'active',
        denominator: { setting: 'seats' },
      },
      {
        needs: { crm_usage: ['user', 'day'] },
        measures: { active: activeUsers, seen: { kind: 'distinct', dataset: 'crm_usage', on: 'day', key: 'user', allTime: true } },
        numerator: 'active',
        denominator: 'seen',
        note: 'seats not set; every user seen in CRM usage counts as a seat ({denominator} in all)',
      },
    ],
  }),
  metric({
    id: 'logins_per_user',
    chart: { report: 2 },
    name: 'Logins per active user',
    area: 'adoption',
    unit: 'count',
    direction: 'up',
    description: 'Mean number of logins of the users active in the period.',
    formula: 'logins in P / users with a login in P',
    empty: 'no user logged in during {period}',
    ways: [
      {
        needs: { crm_usage: ['user', 'day', 'logins'] },
        measures: {
          logins: { kind: 'flow', dataset: 'crm_usage', on: 'day', value: { field: 'logins' } },
          users: { kind: 'distinct', dataset: 'crm_usage', on: 'day', key: 'user', where: [{ field: 'logins', cmp: '>', to: 0 }] },
        },
        numerator: 'logins',
        denominator: 'users',
      },
    ],
  }),
  metric({
    id: 'data_completeness',
    name: 'Data completeness',
    area: 'adoption',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the optional fields that are filled in, over every imported row.',
    formula:
      'filled optional cells / all optional cells, over all rows of every dataset with data (the period is not applied: it measures the data as a whole)',
    empty: 'there is no data yet',
    ways: [
      {
        needs: {},
        measures: { filled: { kind: 'completeness', part: 'filled' }, all: { kind: 'completeness', part: 'all' } },
        numerator: 'filled',
        denominator: 'all',
      },
    ],
  }),
  metric({
    id: 'crm_roi',
    name: 'CRM ROI',
    area: 'adoption',
    unit: 'ratio',
    direction: 'up',
    description: 'Gain attributed to the CRM, net of its cost, per unit of cost.',
    formula: '(attributed gain for P (setting crm_gain) - spend of category crm in P) / spend of category crm in P',
    empty: 'there was no CRM spend in {period}',
    ways: [
      {
        needs: { spend: ['spent_at', 'amount', 'category'] },
        settings: ['crm_gain'],
        measures: { cost: spendOf('crm') },
        numerator: { op: '-', args: [{ setting: 'crm_gain' }, 'cost'] },
        denominator: 'cost',
      },
    ],
  }),
];
