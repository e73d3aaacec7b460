/**
 * The pipeline bridge of the dashboard's period (metrics.movements): a waterfall from the open
 * pipeline on the day before the period to the one on its last day, each step a button (and a bar
 * to click) that lists the deals behind it (metrics.movementRows); and the stage matrix the pipeline
 * KPI's panel shows.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDelta, formatValue, type FormatOptions } from '../../shared/format';
import { NO_STAGE, OPEN_STAGE, stepLabels, stepMeanings, type Movements, type PipelineStep, type StageMove } from '../../shared/metrics/movements';
import { addDays, parsePeriod, periodLabel } from '../../shared/periods';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { ChartView, type ChartSpec } from '../components/chart';
import { LocalTable } from '../components/table';
import { ErrorNote, Loading } from '../components/notice';
import { RecordHistory, type OpenRecord } from '../components/record-history';

const useBridge = (period: string) => {
  const { info } = useApp();
  return useCall(() => call('metrics.movements', { period, of: 'pipeline' }), [period, info]);
};

/** "Q3 2026" for a period id the API gave back. */
function shownPeriod(b: Movements, fiscalStart: number): string {
  const p = parsePeriod(b.period.id, fiscalStart);
  return p ? periodLabel(p) : b.period.id;
}

/** A step's figure: signed, and a step of nothing as plain zero. */
const stepText = (v: number, fmt: FormatOptions): string => (v === 0 ? formatValue(0, 'currency', fmt) : formatDelta(v, 'currency', fmt));

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
  const label = b ? shownPeriod(b, fiscalStart) : period;
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
            <ul class="bridge-steps" aria-label="The deals behind each step">
              {b.steps.map((s) => (
                <li key={s.id}>
                  <button type="button" class={`secondary bridge-step ${s.value > 0 ? 'up' : s.value < 0 ? 'down' : ''}`} title={`${stepLabels[s.id]}: ${stepMeanings[s.id]}`} onClick={() => setStep(s.id)}>
                    {stepLabels[s.id]} <strong>{stepText(s.value, fmt)}</strong>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      {/* Outside the section, whose headings are styled as the dashboard's. */}
      {b && step && <StepPanel bridge={b} step={step} label={label} onClose={() => setStep(null)} />}
    </>
  );
}

/** The deals behind one step, biggest movement first, each with its history, in a modal dialog as the KPI panel is. */
function StepPanel({ bridge, step, label, onClose }: { bridge: Movements; step: PipelineStep; label: string; onClose(): void }) {
  const { fmt } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const [record, setRecord] = useState<OpenRecord | null>(null);
  const rows = useCall(() => call('metrics.movementRows', { period: bridge.period.id, of: 'pipeline', step, limit: 1000 }), [bridge.period.id, step]);
  const value = bridge.steps.find((s) => s.id === step)?.value ?? 0;
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="kpi-panel" aria-labelledby="step-panel-title" onClose={onClose} onCancel={onClose}>
      <header>
        <h2 id="step-panel-title">
          {stepLabels[step]} in {label}: {stepText(value, fmt)}
        </h2>
        <button type="button" class="icon" onClick={() => dialog.current?.close()} aria-label="Close">
          ×
        </button>
      </header>
      <p>
        {stepLabels[step]}: {stepMeanings[step]}. Each deal as the exports standing on {addDays(bridge.period.start, -1)} and {bridge.period.end} show it.
      </p>
      {rows.error && <ErrorNote error={rows.error} />}
      {rows.loading && !rows.value && <Loading what="deals" />}
      {rows.value &&
        (rows.value.rows.length === 0 ? (
          <p class="muted">No deal moved this way in {label}.</p>
        ) : (
          <>
            <p class="muted">
              {rows.value.total > rows.value.rows.length
                ? `The ${rows.value.rows.length.toLocaleString(fmt.locale)} biggest of ${rows.value.total.toLocaleString(fmt.locale)} deals.`
                : `${rows.value.total.toLocaleString(fmt.locale)} deal${rows.value.total === 1 ? '' : 's'}, biggest movement first.`}
            </p>
            <LocalTable
              caption={`Deals behind ${stepLabels[step]}`}
              columns={rows.value.columns}
              rows={rows.value.rows}
              locale={fmt.locale}
              limit={10}
              records={{ keys: rows.value.keys, open: (key, opener) => setRecord({ dataset: 'deals', key, opener }) }}
            />
          </>
        ))}
      {record && <RecordHistory record={record} onClose={() => setRecord(null)} />}
    </dialog>
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
