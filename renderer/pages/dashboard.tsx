/**
 * The dashboard: every KPI for one period as cards grouped by area, and the charts. Two calls make
 * the whole page (metrics.compute and metrics.trend, in parallel) plus pipeline value split by stage;
 * never one call per card.
 */
import { useState } from 'preact/hooks';
import type { Trend } from '../../shared/api';
import type { Area, MetricsResponse, MetricResult } from '../../shared/metrics/types';
import { areaLabels, areas } from '../../shared/metrics/labels';
import { segmentFields } from '../../shared/datasets/catalog';
import { parsePeriod, periodLabel } from '../../shared/periods';
import type { Result } from '../../shared/result';
import { call } from '../client';
import { navigate } from '../router';
import { useApp, type Compare } from '../state';
import { useCall } from '../use-call';
import { KpiCard } from '../components/kpi-card';
import { ChartView } from '../components/chart';
import { noComparison, PeriodControls } from '../components/period-picker';
import { ErrorNote, Loading } from '../components/notice';
import { dashboardCharts, npsChart, segmentChart } from './dashboard-charts';
import { KpiPanel } from './kpi-panel';
import { PipelineBridge } from './pipeline-bridge';
import { MrrBridge } from './mrr-bridge';
import { ForecastSection } from './forecast';
import { CohortGrid } from './cohort-grid';
import { Welcome } from './welcome';

interface BoardData {
  metrics: MetricsResponse;
  trend: Trend;
}

async function loadBoard(period: string | undefined, compare: 'previous' | 'year', segment: string | undefined): Promise<Result<BoardData>> {
  // Both in parallel: without a period each call takes the same default period.
  const [metrics, trend] = await Promise.all([call('metrics.compute', { period, compare, segment }), call('metrics.trend', { period, count: 8 })]);
  if (!metrics.ok) return metrics;
  if (!trend.ok) return trend;
  return { ok: true, value: { metrics: metrics.value, trend: trend.value } };
}

/**
 * Pipeline value split by stage for the pipeline chart, asked once the cards are shown: the first split
 * of a period reads every record of a large workbook (seconds for a million deals), and the cards need
 * not wait for it. Undefined until it comes, or when it fails: there is then no stage chart.
 */
async function loadStages(period: string | undefined): Promise<Result<MetricResult | undefined>> {
  if (period === undefined) return { ok: true, value: undefined };
  const r = await call('metrics.compute', { period, ids: ['pipeline_value'], segment: 'stage' });
  return { ok: true, value: r.ok ? r.value.metrics[0] : undefined };
}

/** A workbook without data welcomes its user instead of showing every KPI empty. */
export function DashboardPage({ params }: { params: URLSearchParams }) {
  const { info } = useApp();
  return info && !info.hasData ? <Welcome /> : <Board params={params} />;
}

/** Where focus goes when a KPI's panel closes: back to the card that opened it. */
function focusCard(id: string): void {
  document.querySelector<HTMLElement>(`.kpi-card[data-kpi="${CSS.escape(id)}"]`)?.focus();
}

function Board({ params }: { params: URLSearchParams }) {
  const { fmt, fiscalStart, info, catalogue, period: chosen, compare: chosenCompare, setPeriod, setCompare } = useApp();
  // The address wins (a link, the back button); else what the user chose last for this workbook; else the default.
  const period = params.get('period') ?? chosen ?? undefined;
  const compare: Compare = (params.get('compare') ?? chosenCompare) === 'year' ? 'year' : 'previous';
  const segment = params.get('segment') ?? undefined;
  const board = useCall(() => loadBoard(period, compare, segment), [period, compare, segment, info]);
  const [open, setOpen] = useState<string | null>(null);
  const [segmentKpi, setSegmentKpi] = useState<string | null>(null);

  const go = (change: { period?: string; compare?: Compare; segment?: string | undefined }) => {
    if (change.period !== undefined) setPeriod(change.period);
    if (change.compare !== undefined) setCompare(change.compare);
    navigate('dashboard', { period: board.value?.metrics.period.id ?? period, compare, segment, ...change });
  };

  const res = board.value;
  const stages = useCall(() => loadStages(res?.metrics.period.id), [res?.metrics.period.id, info]);
  const currentPeriod = res?.metrics.period.id ?? period ?? '';
  const compareRef = res?.metrics.compare?.period;
  const compareLabel = compareRef
    ? periodLabel(parsePeriod(compareRef.id, fiscalStart) ?? { ...compareRef, kind: 'range', fiscalStartMonth: fiscalStart })
    : compare === 'year'
      ? 'a year before'
      : 'the previous period';
  const trendOf = (id: string) => res?.trend.series.find((s) => s.id === id)?.values ?? [];
  const byArea = (a: Area): MetricResult[] => res?.metrics.metrics.filter((m) => m.area === a) ?? [];
  const withSegments = res?.metrics.metrics.filter((m) => m.segments && m.segments.length > 0) ?? [];
  const segMetric = withSegments.find((m) => m.id === segmentKpi) ?? withSegments[0];
  const composite = (catalogue.find((c) => c.id === segMetric?.id)?.requires.length ?? 0) > 0;
  const segChart = segment ? segmentChart(segMetric, segment, composite, fmt.locale) : null;
  const charts = res
    ? [...dashboardCharts(res.metrics.metrics, res.trend, fiscalStart, stages.value ?? undefined), npsChart(new Map(res.metrics.metrics.map((m) => [m.id, m])))]
    : [];
  const openMetric = res?.metrics.metrics.find((m) => m.id === open);
  const closePanel = () => {
    const id = open;
    setOpen(null);
    if (id) requestAnimationFrame(() => focusCard(id));
  };
  const controls = () => (
    <PeriodControls
      period={currentPeriod || 'all'}
      compare={compare}
      fiscalStart={fiscalStart}
      onPeriod={(id) => go({ period: id })}
      onCompare={(c) => go({ compare: c })}
    />
  );

  return (
    <section class="page dashboard" aria-busy={board.loading}>
      <div class="page-head">
        <h1>Dashboard</h1>
        <div class="toolbar">
          {controls()}
          <label class="field-inline">
            Split by
            <select value={segment ?? ''} onChange={(e) => go({ segment: e.currentTarget.value || undefined })}>
              <option value="">no split</option>
              {segmentFields.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      {board.error && <ErrorNote error={board.error} />}
      {!res && board.loading && <Loading what="KPIs" />}

      {res && (
        <>
          {segment && (
            <div class="segment-panel">
              {segChart ? (
                <>
                  <label class="field-inline">
                    KPI
                    <select value={segMetric?.id} onChange={(e) => setSegmentKpi(e.currentTarget.value)}>
                      {withSegments.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <ChartView title={segChart.title} note={segChart.note} spec={segChart.spec} fmt={fmt} empty={segChart.empty} />
                </>
              ) : (
                <p class="muted">No KPI can be split by {segment} with the data in this workbook.</p>
              )}
            </div>
          )}
          {areas.map((a) => {
            const list = byArea(a);
            if (list.length === 0) return null;
            return (
              <section key={a} class="area" aria-labelledby={`area-${a}`}>
                <h2 id={`area-${a}`}>{areaLabels[a]}</h2>
                <div class="cards">
                  {list.map((m) => (
                    <KpiCard key={m.id} m={m} trend={trendOf(m.id)} fmt={fmt} compareLabel={compareLabel} noCompare={noComparison(compare)} onOpen={setOpen} />
                  ))}
                </div>
              </section>
            );
          })}
          {res.metrics.period.id !== 'all' && res.metrics.metrics.some((m) => m.id === 'pipeline_value' && m.status === 'ok') && (
            <PipelineBridge period={res.metrics.period.id} />
          )}
          {res.metrics.period.id !== 'all' && res.metrics.metrics.some((m) => m.id === 'mrr' && m.status === 'ok') && (
            <MrrBridge period={res.metrics.period.id} trend={res.trend} />
          )}
          {res.metrics.period.id !== 'all' && res.metrics.metrics.some((m) => m.id === 'weighted_pipeline' && m.status === 'ok') && (
            <ForecastSection period={res.metrics.period.id} trend={res.trend} metrics={res.metrics.metrics} />
          )}
          <CohortGrid period={res.metrics.period.id} />
          <section class="area" aria-labelledby="area-charts">
            <h2 id="area-charts">Trends</h2>
            <div class="charts">
              {charts.map((c) => (
                <ChartView key={c.id} title={c.title} spec={c.spec} fmt={fmt} empty={c.empty} />
              ))}
            </div>
          </section>
        </>
      )}
      {openMetric && <KpiPanel m={openMetric} period={currentPeriod} controls={controls} onClose={closePanel} />}
    </section>
  );
}
