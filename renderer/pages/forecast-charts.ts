/**
 * The forecast's charts as data: the weighted, committed and best-case pipeline of the periods after
 * the dashboard's, and MRR with its trailing projection. Projected values are series of their own,
 * dashed and named as projections, so they never read as actual figures.
 */
import type { Trend } from '../../shared/api';
import { FORECAST_AHEAD } from '../../shared/metrics/forecast';
import { projectMrr } from '../../shared/metrics/projection';
import { nextPeriod, parsePeriod, periodLabel, type Period } from '../../shared/periods';
import type { DashboardChart } from './dashboard-charts';

const label = (p: Period | null, id: string): string => (p ? periodLabel(p) : id);

/** The `n` periods after `id` (a month, quarter or year is followed by the next one of its kind). */
export function periodsAfter(id: string, fs: number, n: number): Period[] {
  const out: Period[] = [];
  for (let p = parsePeriod(id, fs); p && out.length < n;) {
    p = nextPeriod(p);
    if (p) out.push(p);
  }
  return out;
}

export function pipelineForecastChart(trend: Trend, fs: number): DashboardChart {
  const values = (id: string) => trend.series.find((s) => s.id === id)?.values ?? trend.periods.map(() => null);
  return {
    id: 'pipeline-forecast',
    title: 'Open deals expected to close',
    spec: {
      kind: 'bar',
      labels: trend.periods.map((p) => label(parsePeriod(p.id, fs), p.id)),
      series: [
        { label: 'Commit', unit: 'currency', values: values('commit_forecast') },
        { label: 'Best case', unit: 'currency', values: values('best_case_forecast') },
        { label: 'Weighted pipeline', unit: 'currency', values: values('weighted_pipeline') },
      ],
      tones: ['chart-3', 'chart-5', 'chart-1'],
    },
    empty: 'No open deal has an expected close date in these periods.',
  };
}

/**
 * MRR over the trend's periods, then its projection over the next three: base, upside and downside
 * each start from the last actual figure, so the dashes continue the line without joining it.
 */
export function mrrProjectionChart(trend: Trend, fs: number): DashboardChart | null {
  const mrr = trend.series.find((s) => s.id === 'mrr')?.values;
  const last = trend.periods.at(-1);
  if (!mrr || !last) return null;
  const projection = projectMrr(mrr);
  const ahead = periodsAfter(last.id, fs, FORECAST_AHEAD);
  const labels = [...trend.periods.map((p) => label(parsePeriod(p.id, fs), p.id)), ...ahead.map((p) => `${periodLabel(p)} (projected)`)];
  const gap = (n: number) => new Array<null>(n).fill(null);
  const projected = (values: number[]) => [...gap(mrr.length - 1), mrr.at(-1)!, ...values];
  return {
    id: 'mrr-projection',
    title: projection ? 'MRR, and a projection of the next three periods' : 'MRR',
    spec: {
      kind: 'line',
      labels: projection ? labels : labels.slice(0, mrr.length),
      series: [
        { label: 'MRR (actual)', unit: 'currency', values: projection ? [...mrr, ...gap(ahead.length)] : mrr },
        ...(projection
          ? [
              { label: 'Projection: upside', unit: 'currency' as const, values: projected(projection.upside), dashed: true },
              { label: 'Projection: base', unit: 'currency' as const, values: projected(projection.base), dashed: true },
              { label: 'Projection: downside', unit: 'currency' as const, values: projected(projection.downside), dashed: true },
            ]
          : []),
      ],
      tones: ['chart-1', 'good', 'chart-2', 'bad'],
    },
    empty: 'No MRR in these periods.',
  };
}
