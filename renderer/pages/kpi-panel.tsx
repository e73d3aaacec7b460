/**
 * One KPI explained: its definition from the catalogue, the numerator and denominator behind the
 * value, the comparison and target, and the rows it was computed from (metrics.rows), each opening
 * its record's history. A modal dialog, so Escape closes it and focus stays inside.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { dataUsed } from '../field-labels';
import { formatDelta, formatValue } from '../../shared/format';
import type { MetricResult } from '../../shared/metrics/types';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { LocalTable } from '../components/table';
import { ErrorNote, Loading } from '../components/notice';
import { StageMoves } from './pipeline-bridge';
import { RecordHistory, type OpenRecord } from '../components/record-history';

export interface KpiPanelProps {
  m: MetricResult;
  period: string;
  /** The dashboard's period and comparison controls: changing them here changes the dashboard behind. */
  controls(): ComponentChildren;
  onClose(): void;
}

export function KpiPanel({ m, period, controls, onClose }: KpiPanelProps) {
  const { catalogue, fmt } = useApp();
  const def = catalogue.find((c) => c.id === m.id);
  const dialog = useRef<HTMLDialogElement>(null);
  const rows = useCall(() => call('metrics.rows', { id: m.id, period, limit: 1000 }), [m.id, period]);
  const [record, setRecord] = useState<OpenRecord | null>(null);
  const rowsDataset = rows.value?.dataset ?? null;
  const plain = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatValue(v, 'count', fmt));

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  return (
    <dialog ref={dialog} class="kpi-panel" aria-labelledby="kpi-panel-title" onClose={onClose} onCancel={onClose}>
      <header>
        <h2 id="kpi-panel-title">{m.name}</h2>
        <button type="button" class="icon" onClick={() => dialog.current?.close()} aria-label="Close">
          ×
        </button>
      </header>
      <div class="toolbar panel-controls">{controls()}</div>
      {def && <p>{def.description}</p>}
      <dl class="facts">
        <dt>Value</dt>
        <dd class="kpi-panel-value">{m.status === 'ok' ? formatValue(m.value, m.unit, fmt) : (m.reason ?? 'No data')}</dd>
        {def && (
          <>
            <dt>Formula</dt>
            <dd class="formula">{def.formula}</dd>
          </>
        )}
        <dt>Numerator</dt>
        <dd>{plain(m.numerator)}</dd>
        <dt>Denominator</dt>
        <dd>{plain(m.denominator)}</dd>
        {m.previous !== undefined && (
          <>
            <dt>Comparison</dt>
            <dd>
              {formatValue(m.previous, m.unit, fmt)} ({formatDelta(m.delta, m.unit, fmt)})
            </dd>
          </>
        )}
        <dt>Target</dt>
        <dd>{m.target === null ? 'none set (Targets page)' : formatValue(m.target, m.unit, fmt)}</dd>
        <dt>Better when</dt>
        <dd>{m.direction === 'up' ? 'higher' : 'lower'}</dd>
        {def && Object.keys(def.needs).length > 0 && (
          <>
            <dt>Data used</dt>
            <dd>{dataUsed(def.needs)}</dd>
          </>
        )}
        {m.note && (
          <>
            <dt>Note</dt>
            <dd>{m.note}</dd>
          </>
        )}
      </dl>
      {m.id === 'pipeline_value' && m.status === 'ok' && period !== 'all' && (
        <>
          <h3>Deals by stage, the day before the period and its last day</h3>
          <StageMoves period={period} />
        </>
      )}
      <h3>Rows behind the figure</h3>
      {rows.error && <ErrorNote error={rows.error} />}
      {rows.loading && !rows.value && <Loading what="rows" />}
      {rows.value &&
        (rows.value.rows.length === 0 ? (
          <p class="muted">No rows for this period.</p>
        ) : (
          <>
            {rows.value.total > rows.value.rows.length && (
              <p class="muted">
                The first {rows.value.rows.length.toLocaleString(fmt.locale)} of {rows.value.total.toLocaleString(fmt.locale)} rows.
              </p>
            )}
            <LocalTable
              caption={`Rows behind ${m.name}`}
              columns={rows.value.columns}
              dataset={rowsDataset}
              rows={rows.value.rows}
              locale={fmt.locale}
              limit={10}
              records={rowsDataset ? { keys: rows.value.keys, open: (key, opener) => setRecord({ dataset: rowsDataset, key, opener }) } : undefined}
            />
          </>
        ))}
      {record && <RecordHistory record={record} onClose={() => setRecord(null)} />}
    </dialog>
  );
}
