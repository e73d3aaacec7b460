/**
 * The MRR bridge of the dashboard's period (metrics.movements of mrr): a waterfall from MRR at the
 * end of the day before the period to MRR at the end of its last day, each step a button (and a bar
 * to click) listing the customers behind it; beside it the movements of the trend's periods stacked,
 * gains above the axis and losses below, each part of a bar a click away from its customers.
 */
import { useState } from 'preact/hooks';
import type { Trend } from '../../shared/api';
import { formatValue } from '../../shared/format';
import { mrrSteps, stepLabels, type MrrMovements, type MrrStep } from '../../shared/metrics/movements';
import type { PeriodRef } from '../../shared/metrics/types';
import { addDays } from '../../shared/periods';
import { useApp } from '../state';
import { ChartView, type ChartSpec } from '../components/chart';
import { Loading } from '../components/notice';
import { StepButtons, StepPanel, shownPeriod, useMovements } from './bridge-steps';

/** Losses are drawn below the axis, as the bridge signs them. */
const sign: Readonly<Record<MrrStep, 1 | -1>> = { new: 1, expansion: 1, reactivation: 1, contraction: -1, churned: -1 };
/** Gains in cool colours, losses in warm ones, each told apart in both themes. */
const tones: Readonly<Record<MrrStep, string>> = { new: 'chart-3', expansion: 'chart-5', reactivation: 'chart-4', contraction: 'chart-2', churned: 'bad' };

function bridgeChart(b: MrrMovements): ChartSpec {
  return {
    kind: 'waterfall',
    labels: [`MRR ${addDays(b.period.start, -1)}`, ...b.steps.map((s) => stepLabels[s.id]), `MRR ${b.period.end}`],
    series: [{ label: 'MRR', unit: 'currency', values: [b.start, ...b.steps.map((s) => s.value), b.end] }],
  };
}

/** Each step's signed amount over the trend's periods, from the movement KPIs (new_mrr...). */
function stackedChart(trend: Trend, fiscalStart: number): ChartSpec {
  const values = (step: MrrStep) => (trend.series.find((s) => s.id === `${step}_mrr`)?.values ?? []).map((v) => (v === null ? null : sign[step] * v));
  return {
    kind: 'bar',
    stacked: true,
    labels: trend.periods.map((p) => shownPeriod(p, fiscalStart)),
    series: mrrSteps.map((step) => ({ label: stepLabels[step], unit: 'currency', values: values(step) })),
    tones: mrrSteps.map((step) => tones[step]),
  };
}

interface Picked {
  period: PeriodRef;
  step: MrrStep;
  value: number;
}

export function MrrBridge({ period, trend }: { period: string; trend: Trend }) {
  const { fmt, fiscalStart } = useApp();
  const bridge = useMovements(period, 'mrr');
  const [picked, setPicked] = useState<Picked | null>(null);
  const b = bridge.value;
  const label = b ? shownPeriod(b.period, fiscalStart) : period;
  const stacked = stackedChart(trend, fiscalStart);
  const count = (n: number) => `${n.toLocaleString(fmt.locale)} customer${n === 1 ? '' : 's'}`;
  return (
    <>
      <section class="area" aria-labelledby="area-mrr-bridge">
        <h2 id="area-mrr-bridge">MRR bridge</h2>
        {bridge.error && <p class="muted">{bridge.error.message}</p>}
        {!b && bridge.loading && <Loading what="the MRR bridge" />}
        {b && (
          <div class="bridge mrr-bridge">
            <ChartView
              title={`MRR: ${formatValue(b.start, 'currency', fmt)} at the end of ${addDays(b.period.start, -1)} to ${formatValue(b.end, 'currency', fmt)} at the end of ${b.period.end} (${label})`}
              spec={bridgeChart(b)}
              fmt={fmt}
              empty="No recurring revenue."
              onPick={(i) => {
                const s = b.steps[i - 1];
                if (s) setPicked({ period: b.period, step: s.id, value: s.value });
              }}
            />
            <ChartView
              title={`MRR movements, ${stacked.labels[0] ?? ''} to ${stacked.labels.at(-1) ?? ''}: gains above the line, losses below`}
              spec={stacked}
              fmt={fmt}
              empty="No MRR movements in these periods."
              onPick={(i, series) => {
                const step = mrrSteps[series];
                const value = stacked.series[series]?.values[i];
                const p = trend.periods[i];
                if (step && p && value !== null && value !== undefined) setPicked({ period: p, step, value });
              }}
            />
            <StepButtons
              steps={b.steps}
              what="customers"
              count={(id) => count(b.customers[id])}
              onPick={(step, value) => setPicked({ period: b.period, step, value })}
            />
          </div>
        )}
      </section>
      {/* Outside the section, whose headings are styled as the dashboard's. */}
      {picked && (
        <StepPanel
          of="mrr"
          period={picked.period}
          step={picked.step}
          value={picked.value}
          label={shownPeriod(picked.period, fiscalStart)}
          onClose={() => setPicked(null)}
        />
      )}
    </>
  );
}
