/**
 * Period and comparison choice: the kind of period (month, quarter, year, fiscal quarter or year,
 * all time), steps back and forward, and the id typed directly (`2017-Q2`), all read by shared/periods.
 */
import { useEffect, useState } from 'preact/hooks';
import { allPeriod, parsePeriod, periodLabel, shiftPeriod, PERIOD_FORMS, type PeriodKind } from '../../shared/periods';
import type { Compare } from '../state';
import { convertPeriod, kinds } from './period-kinds';

export interface PeriodPickerProps {
  value: string;
  fiscalStart: number;
  onChange(id: string): void;
}

export function PeriodPicker({ value, fiscalStart, onChange }: PeriodPickerProps) {
  const period = parsePeriod(value, fiscalStart) ?? allPeriod(fiscalStart);
  const [draft, setDraft] = useState(period.id);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setDraft(period.id);
    setInvalid(false);
  }, [period.id]);

  const apply = () => {
    const p = parsePeriod(draft, fiscalStart);
    if (!p) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (p.id !== period.id) onChange(p.id);
  };
  const step = (k: number) => {
    const p = shiftPeriod(period, k);
    if (p) onChange(p.id);
  };
  const stepKind = kinds.some((k) => k.kind === period.kind) ? period.kind : 'quarter';

  return (
    <div class="period-picker" role="group" aria-label="Period">
      <label>
        <span class="sr-only">Period type</span>
        <select value={stepKind} onChange={(e) => onChange(convertPeriod(period, e.currentTarget.value as PeriodKind, fiscalStart).id)}>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="icon" onClick={() => step(-1)} disabled={period.kind === 'all'} aria-label="Previous period">
        ‹
      </button>
      <label>
        <span class="sr-only">Period</span>
        <input
          class={invalid ? 'period-input invalid' : 'period-input'}
          value={draft}
          size={12}
          aria-invalid={invalid}
          title={`Type a period: ${PERIOD_FORMS}`}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply();
          }}
          onBlur={apply}
        />
      </label>
      <button type="button" class="icon" onClick={() => step(1)} disabled={period.kind === 'all'} aria-label="Next period">
        ›
      </button>
      <span class="muted period-label">{invalid ? `Use ${PERIOD_FORMS}` : periodLabel(period)}</span>
    </div>
  );
}

export interface PeriodControlsProps {
  period: string;
  compare: Compare;
  fiscalStart: number;
  onPeriod(id: string): void;
  onCompare(compare: Compare): void;
}

/** The period and what it is compared with: the same two controls on the dashboard, the Metrics page and a KPI's panel. */
export function PeriodControls({ period, compare, fiscalStart, onPeriod, onCompare }: PeriodControlsProps) {
  return (
    <>
      <PeriodPicker value={period} fiscalStart={fiscalStart} onChange={onPeriod} />
      <label class="field-inline">
        Compare with
        <select value={compare} onChange={(e) => onCompare(e.currentTarget.value === 'year' ? 'year' : 'previous')}>
          <option value="previous">previous period</option>
          <option value="year">same period a year before</option>
        </select>
      </label>
    </>
  );
}

/** What a card says when the period it is compared with has no figure. */
export const noComparison = (compare: Compare): string => (compare === 'year' ? 'no figure a year before' : 'no previous figure');
