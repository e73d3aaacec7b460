/**
 * What the pipeline and MRR bridges of the dashboard share: loading a bridge of one kind
 * (metrics.movements), a step's figure, and the dialog listing the deals or customers behind a step
 * (metrics.movementRows), each with its history.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDelta, formatValue, type FormatOptions } from '../../shared/format';
import { stepLabels, stepMeanings, type MovementKind, type Movements, type MrrMovements, type Step } from '../../shared/metrics/movements';
import type { PeriodRef } from '../../shared/metrics/types';
import { addDays, parsePeriod, periodLabel } from '../../shared/periods';
import type { Result } from '../../shared/result';
import { call } from '../client';
import { useApp } from '../state';
import { useCall, type Loaded } from '../use-call';
import { LocalTable } from '../components/table';
import { ErrorNote, Loading } from '../components/notice';
import { RecordHistory, type OpenRecord } from '../components/record-history';

export type BridgeOf<K extends MovementKind> = Extract<Movements | MrrMovements, { of: K }>;

/** The bridge of one kind for a period; the call answers each kind in its own shape. */
export function useMovements<K extends MovementKind>(period: string, of: K): Loaded<BridgeOf<K>> {
  const { info } = useApp();
  return useCall(async (): Promise<Result<BridgeOf<K>>> => {
    const r = await call('metrics.movements', { period, of });
    if (r.ok && r.value.of !== of)
      return { ok: false, error: { code: 'internal', message: `Asked for the ${of} bridge, the app answered with the ${r.value.of} one.` } };
    return r as Result<BridgeOf<K>>;
  }, [period, of, info]);
}

/** "Q3 2026" for a period the API gave back. */
export function shownPeriod(p: PeriodRef, fiscalStart: number): string {
  const parsed = parsePeriod(p.id, fiscalStart);
  return parsed ? periodLabel(parsed) : p.id;
}

/** A step's figure: signed, and a step of nothing as plain zero. */
export const stepText = (v: number, fmt: FormatOptions): string => (v === 0 ? formatValue(0, 'currency', fmt) : formatDelta(v, 'currency', fmt));

/**
 * The buttons under a waterfall, one per step with its signed amount (green up, red down), each
 * opening the records behind it; `what` names those records for screen readers.
 */
export function StepButtons<S extends Step>({
  steps,
  what,
  count,
  onPick,
}: {
  steps: readonly { id: S; value: number }[];
  what: string;
  /** How many records a step moved, said in its tooltip where the bridge counts them. */
  count?: (id: S) => string;
  onPick(id: S, value: number): void;
}) {
  const { fmt } = useApp();
  return (
    <ul class="bridge-steps" aria-label={`The ${what} behind each step`}>
      {steps.map((s) => (
        <li key={s.id}>
          <button
            type="button"
            class={`secondary bridge-step ${s.value > 0 ? 'up' : s.value < 0 ? 'down' : ''}`}
            title={`${stepLabels[s.id]}: ${stepMeanings[s.id]}${count ? ` (${count(s.id)})` : ''}`}
            onClick={() => onPick(s.id, s.value)}
          >
            {stepLabels[s.id]} <strong>{stepText(s.value, fmt)}</strong>
          </button>
        </li>
      ))}
    </ul>
  );
}

const nouns: Readonly<Record<MovementKind, readonly [one: string, many: string]>> = { pipeline: ['deal', 'deals'], mrr: ['customer', 'customers'] };

/** How the records behind a step were read. */
function readAs(of: MovementKind, period: PeriodRef): string {
  const before = addDays(period.start, -1);
  return of === 'pipeline'
    ? `Each deal as the exports standing on ${before} and ${period.end} show it.`
    : `Each customer's MRR at the end of ${before} and of each day it changed up to ${period.end}, as the exports standing on those days show it.`;
}

/**
 * The deals (or customers) behind one step, biggest movement first, each with the history of its
 * record, in a modal dialog as the KPI panel is.
 */
export function StepPanel({
  of,
  period,
  step,
  value,
  label,
  onClose,
}: {
  of: MovementKind;
  period: PeriodRef;
  step: Step;
  value: number;
  label: string;
  onClose(): void;
}) {
  const { fmt } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const [record, setRecord] = useState<OpenRecord | null>(null);
  const rows = useCall(() => call('metrics.movementRows', { period: period.id, of, step, limit: 1000 }), [period.id, of, step]);
  const [one, many] = nouns[of];
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const page = rows.value;
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
        {stepLabels[step]}: {stepMeanings[step]}. {readAs(of, period)}
      </p>
      {rows.error && <ErrorNote error={rows.error} />}
      {rows.loading && !page && <Loading what={many} />}
      {page &&
        (page.rows.length === 0 ? (
          <p class="muted">
            No {one} moved this way in {label}.
          </p>
        ) : (
          <>
            <p class="muted">
              {page.total > page.rows.length
                ? `The ${page.rows.length.toLocaleString(fmt.locale)} biggest of ${page.total.toLocaleString(fmt.locale)} ${many}.`
                : `${page.total.toLocaleString(fmt.locale)} ${page.total === 1 ? one : many}, biggest movement first.`}
            </p>
            <LocalTable
              caption={`${many[0]!.toUpperCase()}${many.slice(1)} behind ${stepLabels[step]}`}
              columns={page.columns}
              dataset={page.dataset}
              rows={page.rows}
              locale={fmt.locale}
              limit={10}
              records={page.dataset === null ? undefined : { keys: page.keys, open: (key, opener) => setRecord({ dataset: page.dataset!, key, opener }) }}
            />
          </>
        ))}
      {record && <RecordHistory record={record} onClose={() => setRecord(null)} />}
    </dialog>
  );
}
