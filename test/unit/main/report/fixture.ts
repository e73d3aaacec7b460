/**
 * A hand-made report input shaped like the demo company's: every value below is worked out by hand
 * from its numerator and denominator (comments), so tests can check the workbook against it.
 */
import type { MetricResult, Unit, Area, Direction } from '../../../../shared/metrics/types';
import type { ReportInput, ReportMetricDef, TrendPoint } from '../../../../main/report/types';

export const HOSTILE = ['=HYPERLINK("http://x","y")', '+cmd', '@SUM(1)', '-2+3', "=cmd|' /C calc'!A0", '\tTAB', 'bell\u0007char'];

type M = Omit<MetricResult, 'name' | 'area' | 'unit' | 'direction'>;
interface K {
  def: Pick<ReportMetricDef, 'id' | 'name' | 'area' | 'unit' | 'direction' | 'numeratorKpis' | 'denominatorKpis'>;
  res: M;
  trend?: (number | null)[];
}

const def = (
  id: string,
  name: string,
  area: Area,
  unit: Unit,
  direction: Direction,
  links: Pick<ReportMetricDef, 'numeratorKpis' | 'denominatorKpis'> = {},
) => ({ id, name, area, unit, direction, ...links });

/** KPIs in catalogue order. Trends hold 8 periods, 2016-Q3 .. 2018-Q2; the last is the report's period. */
export const kpis: K[] = [
  // 63 won / 100 closed = 0.63; previous 0.61 → change +2.0 pp; target 0.6, on track.
  {
    def: def('win_rate', 'Win rate', 'sales', 'ratio', 'up'),
    res: {
      id: 'win_rate',
      status: 'ok',
      value: 0.63,
      numerator: 63,
      denominator: 100,
      previous: 0.61,
      target: 0.6,
      targetStatus: 'on_track',
      note: 'Deals closed as abandoned count as lost.',
    },
    trend: [0.5, 0.52, null, 0.55, 0.58, 0.6, 0.61, 0.63],
  },
  // 126,000.50 won / 63 deals = 2,000.0079365...
  {
    def: def('avg_deal_size', 'Average deal size', 'sales', 'currency', 'up'),
    res: { id: 'avg_deal_size', status: 'ok', value: 126000.5 / 63, numerator: 126000.5, denominator: 63, previous: 1900, target: null },
    trend: [1500, 1600, 1700, 1750, 1800, 1850, 1900, 126000.5 / 63],
  },
  // A sum: the value is the numerator, no denominator.
  {
    def: def('won_revenue', 'Won revenue', 'sales', 'currency', 'up'),
    res: {
      id: 'won_revenue',
      status: 'ok',
      value: 126000.5,
      numerator: 126000.5,
      denominator: null,
      previous: 114000,
      target: 150000,
      targetStatus: 'off_track',
    },
    trend: [90000, 95000, 99000, 101000, 105000, 110000, 114000, 126000.5],
  },
  // 2,205 days over 63 deals = 35 days; lower is better, previous 40 → change -5.0 days (good).
  {
    def: def('sales_cycle_days', 'Sales cycle', 'sales', 'days', 'down'),
    res: { id: 'sales_cycle_days', status: 'ok', value: 35, numerator: 2205, denominator: 63, previous: 40, target: null },
    trend: [50, 48, 47, 45, 44, 42, 40, 35],
  },
  {
    def: def('quota_attainment', 'Quota attainment', 'sales', 'ratio', 'up'),
    res: {
      id: 'quota_attainment',
      status: 'no_data',
      value: null,
      numerator: null,
      denominator: null,
      reason: 'quotas: no quota rows for 2018-Q2',
      target: null,
    },
  },
  // 12,000 spend / 40 new customers = 300.
  {
    def: def('cac', 'Customer acquisition cost', 'marketing', 'currency', 'down'),
    res: { id: 'cac', status: 'ok', value: 300, numerator: 12000, denominator: 40, previous: 280, target: 320, targetStatus: 'on_track' },
    trend: [350, 340, 330, 310, 300, 290, 280, 300],
  },
  // 250 / 10,000 sessions = 0.025.
  {
    def: def('website_conversion_rate', 'Website conversion rate', 'marketing', 'ratio', 'up'),
    res: { id: 'website_conversion_rate', status: 'ok', value: 0.025, numerator: 250, denominator: 10000, previous: 0.03, target: null },
    trend: [0.02, 0.021, 0.022, 0.024, 0.026, 0.028, 0.03, 0.025],
  },
  // 24,000 revenue / 200 active customers = 120 per period.
  {
    def: def('arpu', 'Average revenue per user', 'customers', 'currency', 'up'),
    res: { id: 'arpu', status: 'ok', value: 120, numerator: 24000, denominator: 200, previous: 118, target: null },
    trend: [100, 104, 108, 110, 112, 115, 118, 120],
  },
  // 10 lost / 200 at start = 0.05.
  {
    def: def('churn_rate', 'Churn rate', 'customers', 'ratio', 'down'),
    res: { id: 'churn_rate', status: 'ok', value: 0.05, numerator: 10, denominator: 200, previous: 0.04, target: 0.05, targetStatus: 'at_risk' },
    trend: [0.06, 0.06, 0.05, 0.05, 0.045, 0.04, 0.04, 0.05],
  },
  // CLV = arpu / churn = 120 / 0.05 = 2,400 (numerator and denominator are the KPIs above).
  {
    def: def('clv', 'Customer lifetime value', 'customers', 'currency', 'up', { numeratorKpis: ['arpu'], denominatorKpis: ['churn_rate'] }),
    res: { id: 'clv', status: 'ok', value: 2400, numerator: 120, denominator: 0.05, previous: 2950, target: null },
    trend: [1666.67, 1733.33, 2160, 2200, 2488.89, 2875, 2950, 2400],
  },
  // LTV:CAC = 2,400 / 300 = 8 (the CLV cell over the CAC cell on the Marketing sheet).
  {
    def: def('ltv_cac_ratio', 'LTV:CAC ratio', 'customers', 'multiple', 'up', { numeratorKpis: ['clv'], denominatorKpis: ['cac'] }),
    res: { id: 'ltv_cac_ratio', status: 'ok', value: 8, numerator: 2400, denominator: 300, previous: 2950 / 280, target: 3, targetStatus: 'on_track' },
    trend: [null, null, null, null, null, null, 2950 / 280, 8],
  },
  // NPS = 100 x (50 promoters - 20 detractors) / 100 responses = 30 points.
  {
    def: def('nps', 'Net promoter score', 'service', 'score', 'up'),
    res: { id: 'nps', status: 'ok', value: 30, numerator: 30, denominator: 100, previous: 25, target: null },
    trend: [10, 12, 15, 18, 20, 22, 25, 30],
  },
  // 150 resolved with one contact / 200 resolved = 0.75.
  {
    def: def('first_contact_resolution', 'First contact resolution', 'service', 'ratio', 'up'),
    res: { id: 'first_contact_resolution', status: 'ok', value: 0.75, numerator: 150, denominator: 200, previous: null, target: null },
    trend: [null, null, null, null, null, null, null, 0.75],
  },
  {
    def: def('active_user_rate', 'Active user rate', 'adoption', 'ratio', 'up'),
    res: {
      id: 'active_user_rate',
      status: 'no_data',
      value: null,
      numerator: null,
      denominator: null,
      reason: 'crm_usage: no rows; import a CRM login export',
      target: null,
    },
  },
];

export const periods = ['2016-Q3', '2016-Q4', '2017-Q1', '2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1', '2018-Q2'];

export function fixtureInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const byMetric = new Map<string, (TrendPoint | null)[]>();
  for (const k of kpis)
    if (k.trend)
      byMetric.set(
        k.def.id,
        k.trend.map((v) => ({ value: v, numerator: null, denominator: null })),
      );
  const metrics: MetricResult[] = kpis.map((k) => ({ ...k.res, name: k.def.name, area: k.def.area, unit: k.def.unit, direction: k.def.direction }));
  const dealRows: unknown[][] = [
    ['D-1', 'Closed Won', 'won', 1200.5, '2018-04-03', '2018-05-01', 'Anna', 'web'],
    ['D-2', HOSTILE[0], 'lost', null, '2018-04-10', '2018-06-30', HOSTILE[1], HOSTILE[2]],
    ['D-3', HOSTILE[3], 'open', 99, '2018-05-01', null, HOSTILE[4], HOSTILE[5]],
    ['D-4', HOSTILE[6], 'won', 0, 'not a date', '2018-02-30', 'Bo', 'x'.repeat(40000)],
  ];
  return {
    company: '=1+1 Ltd & Sons',
    currency: 'EUR',
    locale: 'en-GB',
    period: { id: '2018-Q2', start: '2018-04-01', end: '2018-06-30' },
    generatedAt: '2026-11-23T13:00:00.000Z',
    definitions: kpis.map((k) => ({
      description: `About ${k.def.name}.`,
      formula: `${k.def.name} = numerator / denominator`,
      needs: ['deals.amount', 'deals.closed_at'],
      ...k.def,
    })),
    current: {
      period: { id: '2018-Q2', start: '2018-04-01', end: '2018-06-30' },
      compare: { kind: 'previous', period: { id: '2018-Q1', start: '2018-01-01', end: '2018-03-31' } },
      metrics,
    },
    trend: { periods, byMetric },
    datasets: [
      {
        name: 'deals',
        label: 'Deals',
        columns: [
          { name: 'deal_id', label: 'Deal ID', type: 'id' },
          { name: 'stage', label: 'Stage', type: 'text' },
          { name: 'status', label: 'Status', type: 'enum' },
          { name: 'amount', label: 'Amount', type: 'money' },
          { name: 'created_at', label: 'Created', type: 'date' },
          { name: 'closed_at', label: 'Closed', type: 'date' },
          { name: 'owner', label: 'Owner', type: 'text' },
          { name: 'source', label: 'Source', type: 'text' },
        ],
        rows: dealRows,
        total: dealRows.length,
      },
      {
        name: 'tickets',
        label: 'Tickets',
        columns: [
          { name: 'ticket_id', label: 'Ticket ID', type: 'id' },
          { name: 'created_at', label: 'Created', type: 'datetime' },
          { name: 'contacts', label: 'Contacts', type: 'count' },
          { name: 'satisfaction', label: 'Satisfaction', type: 'score' },
        ],
        rows: Array.from({ length: 30 }, (_, i) => [`T-${i + 1}`, `2018-04-${String(1 + (i % 28)).padStart(2, '0')}T09:30:00`, 1 + (i % 3), 1 + (i % 5)]),
        total: 30,
      },
    ],
    restatements: [],
    ...overrides,
  };
}
