/**
 * The forecast's reading of an open deal stage, on the import wizard's Values step: the probability
 * its deals take when they carry none of their own, and its forecast category. These are workbook
 * settings (as in Settings), saved as soon as one is changed, so the forecast reads them at once.
 */
import { useState } from 'preact/hooks';
import type { Settings } from '../../shared/api';
import { byStage, categoryLabels, forecastCategories, type ForecastCategory } from '../../shared/metrics/forecast';
import { call } from '../client';

const percentText = (p: number | undefined): string => (p === undefined ? '' : String(Math.round(p * 1000) / 10));

/** A stage's probability in percent as typed; `onCommit` when typing is done. */
export function ProbabilityInput(p: {
  label: string;
  value: string;
  disabled?: boolean;
  invalid?: boolean;
  onInput(text: string): void;
  onCommit?(text: string): void;
}) {
  return (
    <input
      type="number"
      min={0}
      max={100}
      step={1}
      value={p.value}
      placeholder="none: 0%"
      disabled={p.disabled}
      aria-label={`Probability of ${p.label}, percent`}
      aria-invalid={p.invalid}
      onInput={(e) => p.onInput(e.currentTarget.value)}
      onChange={(e) => p.onCommit?.(e.currentTarget.value)}
    />
  );
}

/** A stage's forecast category, or none. */
export function CategorySelect(p: { label: string; value: ForecastCategory | ''; disabled?: boolean; onChange(value: ForecastCategory | ''): void }) {
  return (
    <select
      value={p.value}
      disabled={p.disabled}
      aria-label={`Forecast category of ${p.label}`}
      onChange={(e) => p.onChange(e.currentTarget.value as ForecastCategory | '')}
    >
      <option value="">none</option>
      {forecastCategories.map((c) => (
        <option key={c} value={c}>
          {categoryLabels[c]}
        </option>
      ))}
    </select>
  );
}

export function StageForecastCells({ label, settings, readOnly }: { label: string; settings: Settings; readOnly: boolean }) {
  const [probability, setProbability] = useState(percentText(byStage(settings.stage_probabilities)(label)));
  const [category, setCategory] = useState<ForecastCategory | ''>(byStage(settings.forecast_categories)(label) ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const saveProbability = async (text: string) => {
    const p = text.trim() === '' ? null : Number(text.trim().replace(',', '.')) / 100;
    if (p !== null && !(p >= 0 && p <= 1)) {
      setProblem(`The probability of ${label} is not between 0 and 100.`);
      return;
    }
    const r = await call('settings.set', { patch: { stage_probabilities: { [label]: p } } });
    setProblem(r.ok ? null : r.error.message);
  };
  const saveCategory = async (value: ForecastCategory | '') => {
    setCategory(value);
    const r = await call('settings.set', { patch: { forecast_categories: { [label]: value === '' ? null : value } } });
    setProblem(r.ok ? null : r.error.message);
  };

  return (
    <>
      <td>
        <ProbabilityInput
          label={label}
          value={probability}
          disabled={readOnly}
          invalid={problem !== null}
          onInput={setProbability}
          onCommit={(t) => void saveProbability(t)}
        />
        {problem && <span class="warn-text"> {problem}</span>}
      </td>
      <td>
        <CategorySelect label={label} value={category} disabled={readOnly} onChange={(v) => void saveCategory(v)} />
      </td>
    </>
  );
}
