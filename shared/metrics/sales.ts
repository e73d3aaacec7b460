/** Sales KPIs: pipeline, conversion and revenue from leads, deals and quotas. */
import { metric, type Cond, type Expr, type Measure, type MetricDef } from './define';
import { closedDeals, leadsCreated, open, openAmount, openDeals, won, wonAmount, wonDeals, wonWithAmount, customersDuring } from './common';

const dealDates = ['status', 'closed_at'];

/** Deals open now, placed in P by their close date: for a deal still open, the day it is expected to close. */
const expectedIn = (value: Expr, ...where: Cond[]): Measure => ({ kind: 'flow', dataset: 'deals', on: 'closed_at', value, where: [open, ...where] });
/** A deal's own probability, else the one Settings give its stage (none: the deal is left out, as at 0%). */
const dealProbability: Expr = { first: [{ field: 'probability' }, { probabilityOf: 'stage' }] };
const commitAmount = expectedIn({ field: 'amount' }, { field: 'stage', category: ['commit'] });
const forecastNeeds = { deals: ['status', 'amount', 'closed_at'] };
/** Any open deal with a close date at all (a stage label of one, whatever the period): without one there is nothing to forecast from. */
const datedOpenDeals: Measure = {
  kind: 'distinct',
  dataset: 'deals',
  on: 'closed_at',
  key: 'stage',
  allTime: true,
  where: [open, { field: 'closed_at', null: false }],
};
const undated = 'no open deal has a close date: map the expected close date to Closed when importing';

export const sales: readonly MetricDef[] = [
  metric({
    id: 'lead_conversion_rate',
    chart: { report: 5 },
    name: 'Lead conversion rate',
    area: 'sales',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the leads created in the period that became customers.',
    formula: 'leads created in P that converted (a conversion date, or a status such as "Converted") / leads created in P',
    empty: 'no leads were created in {period}',
    ways: [
      {
        needs: { leads: ['created_at', 'converted_at|status'] },
        measures: {
          converted: {
            kind: 'flow',
            dataset: 'leads',
            on: 'created_at',
            where: [
              {
                any: [
                  { field: 'converted_at', null: false },
                  { field: 'status', startsWith: ['convert', 'won', 'customer'] },
                ],
              },
            ],
          },
          created: leadsCreated,
        },
        numerator: 'converted',
        denominator: 'created',
      },
    ],
  }),
  metric({
    id: 'win_rate',
    chart: { report: 2, dashboard: { chart: 'revenue', place: 2, line: true, right: true } },
    name: 'Win rate',
    area: 'sales',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the deals closed in the period that were won.',
    formula: 'deals won with close date in P / deals won or lost with close date in P',
    empty: 'no deals were won or lost in {period}, so there is no win rate',
    ways: [{ needs: { deals: dealDates }, measures: { won: wonDeals, closed: closedDeals }, numerator: 'won', denominator: 'closed' }],
  }),
  metric({
    id: 'close_rate',
    name: 'Close rate',
    area: 'sales',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the deals created in the period that are won.',
    formula: 'deals created in P that are won / deals created in P',
    empty: 'no deals were created in {period}',
    ways: [
      {
        needs: { deals: ['status', 'created_at'] },
        measures: {
          won: { kind: 'flow', dataset: 'deals', on: 'created_at', where: [won] },
          created: { kind: 'flow', dataset: 'deals', on: 'created_at' },
        },
        numerator: 'won',
        denominator: 'created',
      },
    ],
  }),
  metric({
    id: 'sales_cycle_days',
    name: 'Sales cycle',
    area: 'sales',
    unit: 'days',
    direction: 'down',
    description: 'Average number of days from creating a deal to winning it.',
    formula: 'sum of (close date - create date) in calendar days over deals won in P / number of those deals (deals missing either date are left out)',
    empty: 'no deals with both a create and a close date were won in {period}',
    ways: [
      {
        needs: { deals: ['status', 'created_at', 'closed_at'] },
        measures: {
          days: {
            kind: 'flow',
            dataset: 'deals',
            on: 'closed_at',
            value: { days: ['created_at', 'closed_at'] },
            where: [won, { field: 'created_at', null: false }, { field: 'closed_at', null: false }],
          },
          deals: { kind: 'flow', dataset: 'deals', on: 'closed_at', where: [won, { field: 'created_at', null: false }, { field: 'closed_at', null: false }] },
        },
        numerator: 'days',
        denominator: 'deals',
      },
    ],
  }),
  metric({
    id: 'avg_deal_size',
    chart: { report: 4 },
    name: 'Average deal size',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'Average amount of the deals won in the period.',
    formula: 'sum of amount of deals won in P / number of deals won in P with an amount',
    empty: 'no deals with an amount were won in {period}',
    ways: [
      {
        needs: { deals: [...dealDates, 'amount'] },
        measures: { amount: wonAmount, deals: wonWithAmount },
        numerator: 'amount',
        denominator: 'deals',
        rows: ['won deal', 'won deals'],
      },
    ],
  }),
  metric({
    id: 'won_revenue',
    chart: { report: 1, dashboard: { chart: 'revenue', place: 1 } },
    name: 'Won revenue',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'Total amount of the deals won in the period.',
    formula: 'sum of amount of deals won with close date in P',
    empty: 'no deals were won in {period}',
    ways: [{ needs: { deals: [...dealDates, 'amount'] }, measures: { amount: wonAmount }, numerator: 'amount', rows: ['won deal', 'won deals'] }],
  }),
  metric({
    id: 'pipeline_value',
    chart: { report: 3 },
    name: 'Pipeline value',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'Total amount of the deals open at the end of the period.',
    formula:
      "sum of amount of the deals open on the last day of P, as the export standing then shows them (the latest one dated on or before that day); before the first export, rebuilt from today's deals: created on or before that day and not won or lost by then (open deals without a create date count only in period all)",
    empty: 'no open deals in {period}',
    ways: [
      {
        needs: { deals: ['status', 'amount', 'created_at'] },
        measures: { amount: openAmount },
        numerator: 'amount',
        rows: ['open deal', 'open deals'],
      },
    ],
  }),
  metric({
    id: 'pipeline_velocity',
    name: 'Pipeline velocity',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'Revenue the pipeline produces per day.',
    formula: 'open deals at the end of P x avg_deal_size x win_rate / sales_cycle_days (currency per day)',
    empty: 'the sales cycle in {period} is zero days',
    ways: [
      {
        needs: { deals: ['status', 'amount', 'created_at', 'closed_at'] },
        measures: { open: openDeals },
        numerator: { op: '*', args: [{ op: '*', args: ['open', { kpi: 'avg_deal_size' }] }, { kpi: 'win_rate' }] },
        denominator: { kpi: 'sales_cycle_days' },
      },
    ],
  }),
  metric({
    id: 'quota_attainment',
    name: 'Quota attainment',
    area: 'sales',
    unit: 'ratio',
    direction: 'up',
    description: 'Won revenue against the sales quota for the period.',
    formula:
      "won_revenue / quota amounts whose period lies within P (the team quota where one is given, else the sum of the owners' quotas; per owner with segment owner)",
    empty: 'no quota lies within {period}',
    ways: [
      {
        needs: { deals: [...dealDates, 'amount'], quotas: ['period', 'amount'] },
        measures: { won: wonAmount, quota: { kind: 'quota' } },
        numerator: 'won',
        denominator: 'quota',
      },
    ],
  }),
  metric({
    id: 'upsell_rate',
    name: 'Upsell rate',
    area: 'sales',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of the active customers who bought an upsell in the period.',
    formula: 'customers with an upsell deal won in P / customers active at some time in P',
    empty: 'no customers were active in {period}',
    ways: [
      {
        needs: { deals: [...dealDates, 'deal_type', 'customer_id'], customers: ['acquired_at'] },
        measures: {
          upsold: { kind: 'distinct', dataset: 'deals', on: 'closed_at', key: 'customer_id', where: [won, { field: 'deal_type', in: ['upsell'] }] },
          active: customersDuring,
        },
        numerator: 'upsold',
        denominator: 'active',
      },
    ],
  }),
  metric({
    id: 'weighted_pipeline',
    name: 'Weighted pipeline',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'The open deals expected to close in the period, each at its amount times its probability of closing.',
    formula:
      "sum of amount x probability over the deals open now whose close date (for an open deal, the expected one) lies in P; a deal's own probability, else its stage's from Settings (a stage without one counts at 0%)",
    empty: 'no open deal is expected to close in {period}',
    ways: [
      {
        needs: forecastNeeds,
        measures: { weighted: expectedIn({ times: [{ field: 'amount' }, dealProbability] }), dated: datedOpenDeals },
        numerator: 'weighted',
        guard: { dated: undated },
        stageSetting: 'stage_probabilities',
      },
    ],
  }),
  metric({
    id: 'commit_forecast',
    name: 'Commit forecast',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'The open deals in the Commit forecast category expected to close in the period, at their full amount.',
    formula: 'sum of amount of the deals open now at a stage in the Commit forecast category (Settings) whose expected close date lies in P',
    empty: 'no committed deal is expected to close in {period}',
    ways: [
      {
        needs: forecastNeeds,
        measures: { commit: commitAmount, dated: datedOpenDeals },
        numerator: 'commit',
        guard: { dated: undated },
        stageSetting: 'forecast_categories',
      },
    ],
  }),
  metric({
    id: 'best_case_forecast',
    name: 'Best-case forecast',
    area: 'sales',
    unit: 'currency',
    direction: 'up',
    description: 'The open deals in the Commit or Best case forecast categories expected to close in the period, at their full amount.',
    formula: 'sum of amount of the deals open now at a stage in the Commit or Best case forecast category (Settings) whose expected close date lies in P',
    empty: 'no deal in the best case is expected to close in {period}',
    ways: [
      {
        needs: forecastNeeds,
        measures: { bestCase: expectedIn({ field: 'amount' }, { field: 'stage', category: ['commit', 'best_case'] }), dated: datedOpenDeals },
        numerator: 'bestCase',
        guard: { dated: undated },
        stageSetting: 'forecast_categories',
      },
    ],
  }),
  metric({
    id: 'forecast_gap_to_quota',
    name: 'Forecast gap to quota',
    area: 'sales',
    unit: 'currency',
    direction: 'down',
    description: 'What the quota for the period still needs beyond the deals won in it so far and the committed deals expected to close in it.',
    formula:
      "quota amounts whose period lies within P (the team's where given, else the owners' sum) - won_revenue in P - commit_forecast for P (below zero: won and committed deals exceed the quota)",
    empty: 'no quota lies within {period}',
    ways: [
      {
        needs: { ...forecastNeeds, quotas: ['period', 'amount'] },
        measures: { quota: { kind: 'quota' }, won: wonAmount, commit: commitAmount, dated: datedOpenDeals },
        numerator: { op: '-', args: [{ op: '-', args: ['quota', 'won'] }, 'commit'] },
        guard: { quota: 'no quota lies within {period}', dated: undated },
        stageSetting: 'forecast_categories',
      },
    ],
  }),
];
