/**
 * The pipeline bridge of the dashboard's period (metrics.movements): a waterfall from the open
 * pipeline on the day before the period to the one on its last day, each step a button (and a bar
 * to click) that lists the deals behind it (bridge-steps.tsx); and the stage matrix the pipeline
 * KPI's panel shows.
 */
import { useState } from 'preact/hooks';
import { formatValue } from '../../shared/format';
import { NO_STAGE, OPEN_STAGE, stepLabels, type Movements, type PipelineStep, type StageMove } from '../../shared/metrics/movements';
import { addDays } from '../../shared/periods';
import { useApp } from '../state';
import { ChartView, type ChartSpec } from '../components/chart';
import { Loading } from '../components/notice';
import { StepButtons, StepPanel, shownPeriod, useMovements } from './bridge-steps';

const useBridge = (period: string) => useMovements(period, 'pipeline');

function bridgeChart(b: Movements): ChartSpec {
  return {
    kind: 'waterfall',
    labels: [`Open ${addDays(b.period.start, -1)}`, ...b.steps.map((s) => stepLabels[s.id]), `Open ${b.period.end}`],
    series: [{ label: 'Open pipeline', unit: 'currency', values: [b.start, ...b.steps.map((s) => s.value), b.end] }],
  };
}

export function PipelineBridge({ period }: { period: string }) {
  const { fmt, fiscalStart } = useApp();
  const bridge = useBridge(period);
  const [step, setStep] = useState<PipelineStep | null>(null);
  const b = bridge.value;
  const label = b ? shownPeriod(b.period, fiscalStart) : period;
  return (
    <>
      <section class="area" aria-labelledby="area-bridge">
        <h2 id="area-bridge">Pipeline bridge</h2>
        {bridge.error && <p class="muted">{bridge.error.message}</p>}
        {!b && bridge.loading && <Loading what="the pipeline bridge" />}
        {b && (
          <div class="bridge">
            <ChartView
              title={`Open pipeline: ${formatValue(b.start, 'currency', fmt)} on ${addDays(b.period.start, -1)} to ${formatValue(b.end, 'currency', fmt)} on ${b.period.end} (${label})`}
              spec={bridgeChart(b)}
              fmt={fmt}
              empty="No deals."
              onPick={(i) => {
                const s = b.steps[i - 1];
                if (s) setStep(s.id);
              }}
            />
            <StepButtons steps={b.steps} what="deals" onPick={(id) => setStep(id)} />
          </div>
        )}
      </section>
      {/* Outside the section, whose headings are styled as the dashboard's. */}
      {b && step && (
        <StepPanel
          of="pipeline"
          period={b.period}
          step={step}
          value={b.steps.find((s) => s.id === step)?.value ?? 0}
          label={label}
          onClose={() => setStep(null)}
        />
      )}
    </>
  );
}

/** Stages in the order the API sorted them by (absent and unknown first, open, won, lost), rows first. */
function stageAxis(stages: readonly StageMove[]): string[] {
  const out: string[] = [NO_STAGE, OPEN_STAGE].filter((s) => stages.some((m) => m.from === s || m.to === s));
  for (const m of stages) if (!out.includes(m.from)) out.push(m.from);
  for (const m of stages) if (!out.includes(m.to)) out.push(m.to);
  return out;
}

/** How many deals went from each stage on the day before the period to each stage on its last day. */
function StageMatrix({ stages, before, end }: { stages: readonly StageMove[]; before: string; end: string }) {
  const { fmt } = useApp();
  const axis = stageAxis(stages);
  const from = axis.filter((s) => stages.some((m) => m.from === s));
  const to = axis.filter((s) => stages.some((m) => m.to === s));
  const count = (f: string, t: string) => stages.find((m) => m.from === f && m.to === t)?.deals ?? 0;
  const nf = (n: number) => n.toLocaleString(fmt.locale);
  return (
    <div class="table-scroll" tabIndex={0} aria-label="Deals by stage (scrolls)">
      <table class="data stage-matrix">
        <caption class="sr-only">
          Deals by their stage on {before} (rows) and on {end} (columns)
        </caption>
        <thead>
          <tr>
            <th scope="col">
              Stage on <span class="day">{before}</span> ↓, on <span class="day">{end}</span> →
            </th>
            {to.map((t) => (
              <th key={t} scope="col">
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {from.map((f) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              {to.map((t) => {
                const n = count(f, t);
                return (
                  <td key={t} class={f === t && f !== NO_STAGE ? 'same' : undefined}>
                    {n === 0 ? '' : nf(n)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The stage matrix of the pipeline KPI's panel, with what its placeholders mean where it has them. */
export function StageMoves({ period }: { period: string }) {
  const bridge = useBridge(period);
  const b = bridge.value;
  if (bridge.error) return <p class="muted">{bridge.error.message}</p>;
  if (!b) return <Loading what="stage moves" />;
  const before = addDays(b.period.start, -1);
  const has = (stage: string) => b.stages.some((m) => m.from === stage || m.to === stage);
  return (
    <>
      <StageMatrix stages={b.stages} before={before} end={b.period.end} />
      <p class="muted">
        The deals open on either day, or created and closed in between.
        {has(NO_STAGE) && ` ${NO_STAGE}: not created yet, or not in the export of that day.`}
        {has(OPEN_STAGE) && ` ${OPEN_STAGE}: open then by its dates, at a stage no export of that day shows.`}
      </p>
    </>
  );
}
