/**
 * The dashboard's forecast: the three periods after the one shown, from the deals open now (weighted
 * pipeline, commit, best case and the gap to quota, by one metrics.trend call), and MRR with its
 * trailing projection. Stage labels the forecast settings lack are said here, with where to set them.
 */
import type { Trend } from '../../shared/api';
import { formatValue } from '../../shared/format';
import type { MetricResult } from '../../shared/metrics/types';
import { periodLabel } from '../../shared/periods';
import { call } from '../client';
import { hrefFor } from '../router';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { ChartView } from '../components/chart';
import { ErrorNote, Loading } from '../components/notice';
import { FORECAST_AHEAD, forecastIds } from '../../shared/metrics/forecast';
import { mrrProjectionChart, periodsAfter, pipelineForecastChart } from './forecast-charts';

export function ForecastSection({ period, trend, metrics }: { period: string; trend: Trend; metrics: readonly MetricResult[] }) {
  const { fmt, fiscalStart, info } = useApp();
  const ahead = periodsAfter(period, fiscalStart, FORECAST_AHEAD);
  const last = ahead.at(-1);
  const forecast = useCall(() => call('metrics.trend', { period: last?.id ?? period, count: ahead.length || 1, ids: [...forecastIds] }), [period, info]);
  const mrr = mrrProjectionChart(trend, fiscalStart);
  const byId = new Map(metrics.map((m) => [m.id, m]));
  // The stage notes are the same for every period: they name the open deals' labels the settings lack.
  const warnings = [...new Set(['weighted_pipeline', 'commit_forecast'].map((id) => byId.get(id)?.note).filter((n): n is string => !!n))];
  const f = forecast.value;
  const pipeline = f && pipelineForecastChart(f, fiscalStart);
  const value = (id: string, i: number) => f?.series.find((s) => s.id === id)?.values[i] ?? null;
  const title = ahead.length ? `${periodLabel(ahead[0]!)} – ${periodLabel(last!)}` : period;
  return (
    <section class="area forecast" aria-labelledby="area-forecast">
      <h2 id="area-forecast">Forecast: {title}</h2>
      <p class="muted">
        From the deals open now and the close dates their reps expect; each at its own probability or its stage's (
        <a href={hrefFor('settings')}>stage probabilities and forecast categories</a>).
      </p>
      {warnings.map((w) => (
        <p key={w} class="notice warn" role="status">
          {w[0]!.toUpperCase()}
          {w.slice(1)}.
        </p>
      ))}
      {forecast.error && <ErrorNote error={forecast.error} />}
      {!f && forecast.loading && <Loading what="the forecast" />}
      {f && (
        <div class="forecast-grid">
          <div>
            <ChartView title={pipeline!.title} spec={pipeline!.spec} fmt={fmt} empty={pipeline!.empty} />
            <table class="data forecast-table">
              <caption class="sr-only">The forecast per period</caption>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col">Weighted pipeline</th>
                  <th scope="col">Commit</th>
                  <th scope="col">Best case</th>
                  <th scope="col" title="The quota less what is won so far and the commit">
                    Gap to quota
                  </th>
                </tr>
              </thead>
              <tbody>
                {ahead.map((p, i) => (
                  <tr key={p.id}>
                    <th scope="row">{periodLabel(p)}</th>
                    {forecastIds.map((id) => (
                      <td key={id} class="num">
                        {formatValue(value(id, i), 'currency', fmt)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {mrr && <ChartView title={mrr.title} spec={mrr.spec} fmt={fmt} empty={mrr.empty} />}
        </div>
      )}
    </section>
  );
}
