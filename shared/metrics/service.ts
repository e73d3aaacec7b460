/** Service KPIs: NPS, satisfaction, effort, first-contact resolution and help-desk times. */
import { metric, type Cond, type Expr, type Measure, type MetricDef, type Way } from './define';

const kind = (k: string): Cond => ({ field: 'kind', in: [k] });
const has = (field: string): Cond => ({ field, null: false });
const threshold = { setting: 'csat_threshold' } as const;

const survey = (k: string, extra: Cond[] = [], value?: Expr): Measure => ({
  kind: 'flow',
  dataset: 'surveys',
  on: 'responded_at',
  ...(value ? { value } : {}),
  where: [kind(k), ...extra],
});
const ticket = (where: Cond[], value?: Expr): Measure => ({ kind: 'flow', dataset: 'tickets', on: 'created_at', ...(value ? { value } : {}), where });

/** Tickets' ratings: a score compared with the threshold, or a good/bad rating. */
const ticketRated = ticket([{ any: [has('satisfaction'), has('satisfaction_good')] }]);
const ticketSatisfied = ticket([{ field: 'satisfaction', cmp: '>=', to: threshold }]);
const ticketGood = ticket([
  { field: 'satisfaction', null: true },
  { field: 'satisfaction_good', cmp: '=', to: 1 },
]);

const surveyNeeds = { surveys: ['kind', 'score'] };
const ticketNeeds = { tickets: ['created_at', 'satisfaction|satisfaction_good'] };

/** CSAT from surveys and tickets together, or from whichever of the two is there. */
function csatWays(surveyNum: Measure, surveyDen: Measure, ticketNum: Measure[], ticketDen: Measure): Way[] {
  const tn = ticketNum.length === 2 ? { op: '+' as const, args: ['t1', 't2'] as const } : 't1';
  const tMeasures: Record<string, Measure> = { t1: ticketNum[0]!, ...(ticketNum[1] ? { t2: ticketNum[1] } : {}), td: ticketDen };
  return [
    {
      needs: { ...surveyNeeds, ...ticketNeeds },
      measures: { sn: surveyNum, sd: surveyDen, ...tMeasures },
      numerator: { op: '+', args: ['sn', tn] },
      denominator: { op: '+', args: ['sd', 'td'] },
    },
    { needs: surveyNeeds, measures: { sn: surveyNum, sd: surveyDen }, numerator: 'sn', denominator: 'sd' },
    { needs: ticketNeeds, measures: tMeasures, numerator: tn, denominator: 'td' },
  ];
}

export const service: readonly MetricDef[] = [
  metric({
    id: 'nps',
    chart: { report: 2 },
    name: 'Net Promoter Score',
    area: 'service',
    unit: 'score',
    direction: 'up',
    description: 'Promoters minus detractors among NPS responses, in points from -100 to 100.',
    formula: '100 x (responses in P scoring 9-10 - responses scoring 0-6) / NPS responses in P',
    empty: 'no NPS responses in {period}',
    ways: [
      {
        needs: surveyNeeds,
        measures: {
          promoters: survey('nps', [{ field: 'score', cmp: '>=', to: 9 }]),
          passives: survey('nps', [
            { field: 'score', cmp: '>', to: 6 },
            { field: 'score', cmp: '<', to: 9 },
          ]),
          detractors: survey('nps', [{ field: 'score', cmp: '<=', to: 6 }]),
          responses: survey('nps'),
        },
        numerator: { op: '-', args: ['promoters', 'detractors'] },
        denominator: 'responses',
        scale: 100,
        parts: ['promoters', 'passives', 'detractors', 'responses'],
      },
    ],
  }),
  metric({
    id: 'csat',
    chart: { report: 1 },
    name: 'Customer satisfaction (CSAT)',
    area: 'service',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of satisfaction ratings at or above the threshold.',
    formula:
      'CSAT survey responses in P and ticket ratings (tickets created in P) at or above the threshold (a setting, 4 on a 1-5 scale), a good rating counting as satisfied / all those responses and ratings',
    empty: 'no CSAT responses or ticket ratings in {period}',
    ways: csatWays(survey('csat', [{ field: 'score', cmp: '>=', to: threshold }]), survey('csat'), [ticketSatisfied, ticketGood], ticketRated),
  }),
  metric({
    id: 'csat_mean',
    name: 'Average CSAT score',
    area: 'service',
    unit: 'score',
    direction: 'up',
    description: 'Mean satisfaction score.',
    formula: 'mean of CSAT survey scores in P and numeric ticket ratings (tickets created in P); good/bad ratings left out',
    empty: 'no CSAT scores in {period}',
    ways: csatWays(
      survey('csat', [], { field: 'score' }),
      survey('csat'),
      [ticket([has('satisfaction')], { field: 'satisfaction' })],
      ticket([has('satisfaction')]),
    ),
  }),
  metric({
    id: 'ces',
    name: 'Customer effort score',
    area: 'service',
    unit: 'score',
    direction: 'up',
    description: 'Mean customer-effort score (higher: easier).',
    formula: 'mean score of CES survey responses in P',
    empty: 'no CES responses in {period}',
    ways: [
      {
        needs: surveyNeeds,
        measures: { sum: survey('ces', [], { field: 'score' }), responses: survey('ces') },
        numerator: 'sum',
        denominator: 'responses',
      },
    ],
  }),
  metric({
    id: 'first_contact_resolution',
    chart: { report: 3, dashboard: { chart: 'tickets', place: 3, line: true, right: true } },
    name: 'First contact resolution',
    area: 'service',
    unit: 'ratio',
    direction: 'up',
    description: 'Share of resolved tickets that took a single contact.',
    formula: 'tickets resolved in P with one contact / tickets resolved in P (tickets without a contact count left out)',
    empty: 'no tickets with a contact count were resolved in {period}',
    ways: [
      {
        needs: { tickets: ['resolved_at', 'contacts'] },
        measures: {
          first: { kind: 'flow', dataset: 'tickets', on: 'resolved_at', where: [has('resolved_at'), { field: 'contacts', cmp: '=', to: 1 }] },
          resolved: { kind: 'flow', dataset: 'tickets', on: 'resolved_at', where: [has('resolved_at'), has('contacts')] },
        },
        numerator: 'first',
        denominator: 'resolved',
      },
    ],
  }),
  metric({
    id: 'repeat_contact_rate',
    name: 'Repeat contact rate',
    area: 'service',
    unit: 'ratio',
    direction: 'down',
    description: 'Share of the customers who opened a ticket in the period who opened more than one.',
    formula: 'customers with more than one ticket created in P / customers with a ticket created in P',
    empty: 'no customer opened a ticket in {period}',
    ways: [
      {
        needs: { tickets: ['created_at', 'customer_id'] },
        measures: {
          repeat: { kind: 'distinct', dataset: 'tickets', on: 'created_at', key: 'customer_id', atLeast: 2 },
          customers: { kind: 'distinct', dataset: 'tickets', on: 'created_at', key: 'customer_id' },
        },
        numerator: 'repeat',
        denominator: 'customers',
      },
    ],
  }),
  metric({
    id: 'avg_first_response_hours',
    chart: { dashboard: { chart: 'tickets', place: 1 } },
    name: 'First response time',
    area: 'service',
    unit: 'hours',
    direction: 'down',
    description: 'Mean hours from a ticket being opened to its first response.',
    formula: 'sum of (first response - created) in calendar hours over tickets created in P that have a first response / their number',
    empty: 'no ticket created in {period} has a first response',
    ways: [
      {
        needs: { tickets: ['created_at', 'first_response_at'] },
        measures: {
          hours: ticket([has('first_response_at')], { hours: ['created_at', 'first_response_at'] }),
          tickets: ticket([has('first_response_at')]),
        },
        numerator: 'hours',
        denominator: 'tickets',
      },
    ],
  }),
  metric({
    id: 'avg_resolution_hours',
    chart: { report: 4, dashboard: { chart: 'tickets', place: 2 } },
    name: 'Resolution time',
    area: 'service',
    unit: 'hours',
    direction: 'down',
    description: 'Mean hours from a ticket being opened to its resolution.',
    formula: 'sum of (resolved - created) in calendar hours over tickets resolved in P / their number',
    empty: 'no tickets were resolved in {period}',
    ways: [
      {
        needs: { tickets: ['created_at', 'resolved_at'] },
        measures: {
          hours: { kind: 'flow', dataset: 'tickets', on: 'resolved_at', value: { hours: ['created_at', 'resolved_at'] }, where: [has('resolved_at')] },
          tickets: { kind: 'flow', dataset: 'tickets', on: 'resolved_at', where: [has('resolved_at')] },
        },
        numerator: 'hours',
        denominator: 'tickets',
      },
    ],
  }),
];
