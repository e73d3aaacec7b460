/**
 * The forecast's stage settings: for each stage label of the open deals (data.stages) and each one set
 * before, the probability its deals take when they carry none of their own, and its forecast category.
 * A label is matched whatever its case and spacing (stageKey), so one row stands for every spelling.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings, StageCount } from '../../shared/api';
import { formatValue } from '../../shared/format';
import { byStage, stageKey, type ForecastCategory } from '../../shared/metrics/forecast';
import type { AppError } from '../../shared/result';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { ErrorNote } from '../components/notice';
import { CategorySelect, ProbabilityInput } from './stage-forecast-cells';

interface Row {
  label: string;
  /** The open deals at the stage, null for a label set before that no open deal has now. */
  open: StageCount | null;
  /** Percent as typed; empty: none. */
  probability: string;
  category: ForecastCategory | '';
}

function rowsOf(settings: Settings, stages: readonly StageCount[]): Row[] {
  const probability = byStage(settings.stage_probabilities);
  const category = byStage(settings.forecast_categories);
  const set = [...Object.keys(settings.stage_probabilities), ...Object.keys(settings.forecast_categories)];
  const spelling = new Map<string, string>();
  for (const label of set) if (!spelling.has(stageKey(label))) spelling.set(stageKey(label), label);
  const row = (label: string, open: StageCount | null): Row => {
    const p = probability(label);
    return { label, open, probability: p === undefined ? '' : String(Math.round(p * 1000) / 10), category: category(label) ?? '' };
  };
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const s of stages) {
    if (seen.has(stageKey(s.label))) continue;
    seen.add(stageKey(s.label));
    out.push(row(spelling.get(stageKey(s.label)) ?? s.label, s));
  }
  for (const label of set) {
    if (seen.has(stageKey(label))) continue;
    seen.add(stageKey(label));
    out.push(row(label, null));
  }
  return out;
}

const percent = (t: string): number | null => (t.trim() === '' ? null : Number(t.trim().replace(',', '.')) / 100);

export function StageSettings() {
  const { info, fmt } = useApp();
  const stages = useCall(() => call('data.stages', {}), [info?.path, info?.hasData]);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [added, setAdded] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (info && stages.value) setRows(rowsOf(info.settings, stages.value));
  }, [stages.value, info?.path]);
  if (!info) return null;
  if (stages.error) return <ErrorNote error={stages.error} title="The stages of the open deals could not be read:" />;
  if (!rows) return null;

  const edit = (i: number, change: Partial<Row>) => {
    setSaved(false);
    setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  };
  const bad = rows.find((r) => {
    const p = percent(r.probability);
    return p !== null && !(p >= 0 && p <= 1);
  });
  const save = async (e: Event) => {
    e.preventDefault();
    // Every label set before and no longer in the table is removed; every row is written as it stands.
    const gone = [...Object.keys(info.settings.stage_probabilities), ...Object.keys(info.settings.forecast_categories)].filter(
      (l) => !rows.some((r) => stageKey(r.label) === stageKey(l)),
    );
    const r = await call('settings.set', {
      patch: {
        stage_probabilities: Object.fromEntries([...gone.map((l) => [l, null]), ...rows.map((x) => [x.label, percent(x.probability)])]),
        forecast_categories: Object.fromEntries([...gone.map((l) => [l, null]), ...rows.map((x) => [x.label, x.category === '' ? null : x.category])]),
      },
    });
    setError(r.ok ? null : r.error);
    setSaved(r.ok);
  };
  const add = () => {
    const label = added.trim();
    if (label === '' || rows.some((r) => stageKey(r.label) === stageKey(label))) return;
    setRows([...rows, { label, open: null, probability: '', category: '' }]);
    setAdded('');
  };

  return (
    <form class="settings-form stage-settings-form" onSubmit={(e) => void save(e)} aria-labelledby="stage-settings-title">
      <h2 id="stage-settings-title">Stage probabilities and forecast categories</h2>
      <p class="muted">
        A deal without a probability of its own takes its stage's; a stage without one counts at 0%. Commit and best case add up the deals of their categories.
      </p>
      <table class="data stage-settings">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Open deals</th>
            <th scope="col">Probability %</th>
            <th scope="col">Forecast category</th>
            <th scope="col">
              <span class="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const unset = r.open !== null && r.open.bare > 0 && r.probability.trim() === '';
            return (
              <tr key={stageKey(r.label)} class={unset ? 'unset' : undefined}>
                <th scope="row">{r.label}</th>
                <td class="num">
                  {r.open ? `${formatValue(r.open.deals, 'count', fmt)} · ${formatValue(r.open.amount, 'currency', fmt)}` : '—'}
                  {unset && <span class="muted"> ({formatValue(r.open!.bare, 'count', fmt)} at 0%)</span>}
                </td>
                <td>
                  <ProbabilityInput label={r.label} value={r.probability} onInput={(t) => edit(i, { probability: t })} />
                </td>
                <td>
                  <CategorySelect label={r.label} value={r.category} onChange={(v) => edit(i, { category: v })} />
                </td>
                <td>
                  {r.open === null && (
                    <button type="button" class="secondary small" aria-label={`Remove ${r.label}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="form-row">
        <label class="field">
          Another stage label
          <input value={added} onInput={(e) => setAdded(e.currentTarget.value)} maxLength={200} />
        </label>
        <button type="button" class="secondary" onClick={add} disabled={added.trim() === ''}>
          Add
        </button>
      </div>
      <div class="actions">
        {/* Secondary: the page's one primary action is Save settings; this one saves only the table above it. */}
        <button type="submit" class="secondary" disabled={info.readOnly || bad !== undefined}>
          Save stages
        </button>
        {bad && <span class="notice warn inline">The probability of {bad.label} is not between 0 and 100.</span>}
        {saved && (
          <span class="notice ok inline" role="status">
            Saved.
          </span>
        )}
      </div>
      {error && <ErrorNote error={error} />}
    </form>
  );
}
