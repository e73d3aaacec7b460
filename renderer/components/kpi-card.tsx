/**
 * One KPI: its value in its unit, the change against the comparison period with an arrow coloured
 * by whether that direction is good for this KPI, the target status and a sparkline. A KPI without
 * data says why and what to import instead of showing a zero. A figure a report published that has
 * changed since says what was reported and when. The whole card is a button.
 */
import { formatDelta, formatValue, localDay, type FormatOptions } from '../../shared/format';
import type { MetricResult } from '../../shared/metrics/types';
import { targetStatusLabels } from '../../shared/metrics/labels';
import { Sparkline } from './sparkline';
import { changeTone } from './change-tone';

export interface KpiCardProps {
  m: MetricResult;
  trend: (number | null)[];
  fmt: FormatOptions;
  compareLabel: string;
  /** Said instead of the change when the compared period has no figure. */
  noCompare: string;
  onOpen(id: string): void;
}

export function KpiCard({ m, trend, fmt, compareLabel, noCompare, onOpen }: KpiCardProps) {
  const delta = m.delta ?? null;
  const tone = delta === null ? null : changeTone(delta, m.direction);
  const arrow = delta === null || delta === 0 ? '→' : delta > 0 ? '▲' : '▼';
  const restated = m.reported && (
    <span class="kpi-restated" title={`${m.reported.report} published this figure; an import or undo since has changed it.`}>
      restated: reported {formatValue(m.reported.value, m.unit, fmt)} on {localDay(m.reported.at)}
    </span>
  );
  return (
    <button type="button" class={`kpi-card${m.status === 'no_data' ? ' no-data' : ''}`} data-kpi={m.id} onClick={() => onOpen(m.id)}>
      <span class="kpi-name">{m.name}</span>
      {m.status === 'ok' ? (
        <>
          <span class="kpi-value">{formatValue(m.value, m.unit, fmt)}</span>
          {restated}
          <span class="kpi-meta">
            {tone !== null && delta !== null ? (
              <span class={`kpi-change ${tone}`} title={`Change vs ${compareLabel}; ${m.direction === 'up' ? 'higher' : 'lower'} is better`}>
                <span aria-hidden="true">{arrow} </span>
                {formatDelta(delta, m.unit, fmt)}
                <span class="sr-only">{` vs ${compareLabel}, ${tone === 'good' ? 'better' : tone === 'bad' ? 'worse' : 'unchanged'}`}</span>
              </span>
            ) : (
              <span class="kpi-change flat">{noCompare}</span>
            )}
            {m.target !== null && (
              <span class={`kpi-target ${m.targetStatus ?? 'none'}`}>
                {m.targetStatus ? targetStatusLabels[m.targetStatus] : 'Target'} · {formatValue(m.target, m.unit, fmt)}
              </span>
            )}
          </span>
          <Sparkline values={trend} label={`${m.name} over the last ${trend.length} periods`} />
        </>
      ) : (
        <>
          {/* Clamped to a few lines on the card; the whole text stays in the button's name for screen readers and shows on hover. */}
          <span class="kpi-reason" title={m.reason ?? undefined}>
            {m.reason ?? 'No data for this period.'}
          </span>
          {restated}
        </>
      )}
    </button>
  );
}
