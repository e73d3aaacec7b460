/**
 * The dashboard's charts as data: which KPIs each one plots and how, built from one metrics.compute
 * and one metrics.trend result. The numbers are the KPIs' own values, numerators and denominators;
 * nothing is recomputed here.
 */
import type { Trend } from '../../shared/api';
import { catalogue } from '../../shared/metrics';
import type { DashboardChartId } from '../../shared/metrics/define';
import type { MetricResult, SegmentResult, Unit } from '../../shared/metrics/types';
import { parsePeriod, periodLabel } from '../../shared/periods';
import type { ChartSpec, Series } from '../components/chart';

export interface DashboardChart {
  id: string;
  title: string;
  /** What the chart shows and leaves out, under its title. */
  note?: string;
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

/** The dashboard's trend charts, in the order drawn; their series are the KPIs whose declarations place them there. */
const trendCharts: readonly { id: DashboardChartId; title: string; kind: 'bar' | 'line' }[] = [
  { id: 'revenue', title: 'Won revenue and win rate', kind: 'bar' },
  { id: 'churn', title: 'Churn and retention', kind: 'line' },
  { id: 'cac', title: 'CAC vs CLV', kind: 'bar' },
  { id: 'tickets', title: 'Ticket resolution', kind: 'bar' },
];

/** The series of one trend chart, from the KPIs' `chart.dashboard` placement, in their places. */
function chartParts(chart: DashboardChartId): { id: string; opts: Partial<Series> }[] {
  return catalogue
    .flatMap((d) => (d.chart?.dashboard?.chart === chart ? [{ id: d.id, at: d.chart.dashboard }] : []))
    .sort((a, b) => a.at.place - b.at.place)
    .map(({ id, at }) => ({ id, opts: { ...(at.line ? { line: true } : {}), ...(at.right ? { right: true } : {}) } }));
}

function trendChart({ id, title, kind }: (typeof trendCharts)[number], trend: Trend, byId: Map<string, MetricResult>, fs: number): DashboardChart {
  const parts = chartParts(id);
  const series = parts.map((p) => trendSeries(trend, byId, p.id, p.opts)).filter((s): s is Series => s !== null);
  return {
    id,
    title,
    spec: { kind, labels: trendLabels(trend, fs), series },
    empty: emptyReason(
      byId,
      parts.map((p) => p.id),
    ),
  };
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
      everyLabel: true,
      labels: stages.map((s) => s.key || '(blank)'),
      series: [{ label: byStage.name, unit: byStage.unit, values: stages.map((s) => s.value) }],
    },
    empty: emptyReason(new Map([[byStage.id, byStage]]), [byStage.id]),
  };
}

/** The NPS responses by kind, as the engine counted them for the NPS figure. */
export function npsChart(byId: Map<string, MetricResult>): DashboardChart {
  const labels = ['Promoters (9–10)', 'Passives (7–8)', 'Detractors (0–6)'];
  const parts = byId.get('nps')?.parts;
  const values = ['promoters', 'passives', 'detractors'].map((k) => parts?.[k] ?? null);
  return {
    id: 'nps',
    title: 'NPS responses',
    spec: { kind: 'doughnut', labels, series: [{ label: 'Responses', unit: 'count', values }], tones: ['good', 'text-muted', 'bad'] },
    empty: emptyReason(byId, ['nps']),
  };
}

/** Segments drawn one bar each; the rest are one bar, Others. */
const SEGMENT_BARS = 10;
/** Labels longer than this read better beside horizontal bars than under vertical ones. */
const LONG_LABEL = 12;

/**
 * The figure of several segments together: amounts and counts add up; a rate or an average is their
 * numerators over their denominators (the win rate of all their deals). A KPI built from other KPIs
 * (pipeline velocity) has no such figure: null.
 */
function groupValue(segments: readonly SegmentResult[], composite: boolean): number | null {
  if (composite || segments.length === 0) return null;
  const sum = (pick: (s: SegmentResult) => number | null) => segments.reduce((a, s) => a + (pick(s) ?? 0), 0);
  if (segments.every((s) => s.numerator !== null && s.denominator === null)) return sum((s) => s.numerator);
  if (segments.every((s) => s.numerator !== null && s.denominator !== null)) {
    const d = sum((s) => s.denominator);
    return d === 0 ? null : sum((s) => s.numerator) / d;
  }
  return null;
}

const plural = (field: string, n: number) => (n === 1 ? field : `${field}s`);

/** One KPI split by a field: the segments with the biggest figures, the rest as Others, and how many there are. */
export function segmentChart(m: MetricResult | undefined, field: string, composite: boolean, locale: string): DashboardChart | null {
  if (!m?.segments || m.segments.length === 0) return null;
  const valued = m.segments.filter((s) => s.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const top = valued.slice(0, SEGMENT_BARS);
  const rest = valued.slice(SEGMENT_BARS);
  const others = groupValue(rest, composite);
  const labels = top.map((s) => s.key || '(blank)');
  const values = top.map((s) => s.value);
  if (others !== null) {
    labels.push(`Others (${rest.length.toLocaleString(locale)})`);
    values.push(others);
  }
  const n = valued.length.toLocaleString(locale);
  const note =
    rest.length === 0
      ? `${n} ${plural(field, valued.length)}`
      : others !== null
        ? `${top.length} of ${n} ${plural(field, valued.length)}, the rest as Others`
        : `${top.length} of ${n} ${plural(field, valued.length)}; the other ${rest.length.toLocaleString(locale)} are left out (${m.name} of a group is not worked out from theirs)`;
  const horizontal = labels.some((l) => l.length > LONG_LABEL);
  const unit: Unit = m.unit;
  return {
    id: 'segment',
    title: `${m.name} by ${field}`,
    note,
    spec: {
      kind: 'bar',
      horizontal,
      everyLabel: true,
      ...(horizontal ? { height: Math.max(160, 28 * labels.length + 40) } : {}),
      labels,
      series: [{ label: m.name, unit, values }],
      ...(others !== null ? { barTones: labels.map((_l, i) => (i === top.length ? 'chart-other' : null)) } : {}),
    },
    empty: `No ${field} values for ${m.name} in this period.`,
  };
}

/** `byStage`: pipeline_value split by stage for the period; without it there is no stage chart. */
export function dashboardCharts(metrics: MetricResult[], trend: Trend, fs: number, byStage?: MetricResult): DashboardChart[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const [first, ...rest] = trendCharts.map((c) => trendChart(c, trend, byId, fs));
  // The pipeline by stage stands beside won revenue, the other sales chart.
  return [first!, ...(byStage ? [pipelineByStage(byStage)] : []), ...rest];
}
