/**
 * The dashboard's charts as data: which KPIs each one plots and how, built from one metrics.compute
 * and one metrics.trend result. The numbers are the KPIs' own values, numerators and denominators;
 * nothing is recomputed here.
 */
import type { Trend } from '../../shared/api';
import type { MetricResult, Unit } from '../../shared/metrics/types';
import { parsePeriod, periodLabel } from '../../shared/periods';
import type { ChartSpec, Series } from '../components/chart';

export interface DashboardChart {
  id: string;
  title: string;
  spec: ChartSpec;
  empty: string;
}

function trendLabels(trend: Trend, fs: number): string[] {
  return trend.periods.map((p) => {
    const parsed = parsePeriod(p.id, fs);
    return parsed ? periodLabel(parsed) : p.id;
  });
}

function trendSeries(trend: Trend, byId: Map<string, MetricResult>, id: string, opts: Partial<Series> = {}): Series | null {
  const values = trend.series.find((s) => s.id === id)?.values;
  const m = byId.get(id);
  if (!values || !m) return null;
  return { label: m.name, unit: m.unit, values, ...opts };
}

/** Why a chart is empty: the first plotted KPI's own reason, which says what to import. */
function emptyReason(byId: Map<string, MetricResult>, ids: string[]): string {
  for (const id of ids) {
    const r = byId.get(id)?.reason;
    if (r) return `No data: ${r}`;
  }
  return 'No data for these periods.';
}

function trendChart(
  id: string,
  title: string,
  kind: 'bar' | 'line',
  parts: { id: string; opts?: Partial<Series> }[],
  trend: Trend,
  byId: Map<string, MetricResult>,
  fs: number,
): DashboardChart {
  const series = parts.map((p) => trendSeries(trend, byId, p.id, p.opts)).filter((s): s is Series => s !== null);
  return { id, title, spec: { kind, labels: trendLabels(trend, fs), series }, empty: emptyReason(byId, parts.map((p) => p.id)) };
}

/**
 * The open pipeline at the end of the period by the stage its deals stand at: pipeline value split by
 * stage (`byStage`, a metrics.compute of pipeline_value with segment stage), in the engine's order:
 * biggest first.
 */
function pipelineByStage(byStage: MetricResult): DashboardChart {
  const stages = (byStage.segments ?? []).filter((s) => s.value !== null);
  return {
    id: 'pipeline-stages',
    title: 'Pipeline value by stage',
    spec: {
      kind: 'bar',
      horizontal: true,
      labels: stages.map((s) => s.key || '(blank)'),
      series: [{ label: byStage.name, unit: byStage.unit, values: stages.map((s) => s.value) }],
    },
    empty: emptyReason(new Map([[byStage.id, byStage]]), [byStage.id]),
  };
}

export interface NpsSplit {
  promoters: number;
  passives: number;
  detractors: number;
  /** False when the rows behind NPS were more than one page, so the split is of the first page. */
  complete: boolean;
}

export function npsChart(split: NpsSplit | null, byId: Map<string, MetricResult>): DashboardChart {
  const labels = ['Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)'];
  const values = split ? [split.promoters, split.passives, split.detractors] : [null, null, null];
  return {
    id: 'nps',
    title: split && !split.complete ? 'NPS responses (first 1,000)' : 'NPS responses',
    spec: { kind: 'doughnut', labels, series: [{ label: 'Responses', unit: 'count', values }], tones: ['good', 'text-muted', 'bad'] },
    empty: emptyReason(byId, ['nps']),
  };
}

export function segmentChart(m: MetricResult | undefined, field: string): DashboardChart | null {
  if (!m?.segments || m.segments.length === 0) return null;
  const top = [...m.segments].filter((s) => s.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0)).slice(0, 12);
  const unit: Unit = m.unit;
  return {
    id: 'segment',
    title: `${m.name} by ${field}`,
    spec: { kind: 'bar', horizontal: true, labels: top.map((s) => s.key || '(blank)'), series: [{ label: m.name, unit, values: top.map((s) => s.value) }] },
    empty: `No ${field} values for ${m.name} in this period.`,
  };
}

/** `byStage`: pipeline_value split by stage for the period; without it there is no stage chart. */
export function dashboardCharts(metrics: MetricResult[], trend: Trend, fs: number, byStage?: MetricResult): DashboardChart[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  return [
    trendChart('revenue', 'Won revenue and win rate', 'bar', [{ id: 'won_revenue' }, { id: 'win_rate', opts: { line: true, right: true } }], trend, byId, fs),
    ...(byStage ? [pipelineByStage(byStage)] : []),
    trendChart('churn', 'Churn and retention', 'line', [{ id: 'churn_rate' }, { id: 'customer_retention_rate' }], trend, byId, fs),
    trendChart('cac', 'CAC vs CLV', 'bar', [{ id: 'cac' }, { id: 'clv' }], trend, byId, fs),
    trendChart(
      'tickets',
      'Ticket resolution',
      'bar',
      [{ id: 'avg_first_response_hours' }, { id: 'avg_resolution_hours' }, { id: 'first_contact_resolution', opts: { line: true, right: true } }],
      trend,
      byId,
      fs,
    ),
  ];
}
