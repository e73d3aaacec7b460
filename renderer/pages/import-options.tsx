/**
 * The wizard's controls for what a file's columns do not settle: a field given one value for every
 * row (the survey kind when no column gives it, a required field no column gives, any other field),
 * the dataset when detection found none, and the currency of a workbook that holds no amounts yet.
 */
import type { ImportCurrency, Inspection } from '../../shared/api';
import { datasetNames, dataset as datasetDef, field as fieldDef, mappableFields, type DatasetName } from '../../shared/datasets/catalog';
import { knownCurrencies } from '../../shared/datasets/currency';

export interface FixedValuesProps {
  inspection: Inspection;
  /** The values the user gave, by field ('' while one is being typed). */
  values: ReadonlyMap<string, string>;
  /** `commit`: the value is complete (a choice, or typing done), so the file is read again with it. */
  onSet(field: string, value: string, commit: boolean): void;
  onRemove(field: string): void;
}

/** Fields given one value for every row: what the server applies, under what the user is typing. */
export function FixedValues(p: FixedValuesProps) {
  const { inspection: ins } = p;
  const applied = new Map(ins.set);
  const value = (f: string) => p.values.get(f) ?? applied.get(f) ?? '';
  const columnOf = (f: string) => ins.columns.find((c) => c.field === f)?.header;
  // Surveys say their kind in a column or not at all: without one, the kind is the file's to choose.
  const kindControl = ins.dataset === 'surveys' && columnOf('kind') === undefined;
  const kinds = fieldDef('surveys', 'kind')?.values ?? [];
  const required = ins.missingRequired.filter((f) => !(kindControl && f === 'kind'));
  const others = [...new Set([...applied.keys(), ...p.values.keys()])].filter((f) => !(kindControl && f === 'kind') && !required.includes(f));
  const shown = new Set([...required, ...others, ...(kindControl ? ['kind'] : [])]);
  const addable = mappableFields(ins.dataset).filter((f) => !shown.has(f.name));
  const label = (f: string) => fieldDef(ins.dataset, f)?.label ?? f;
  return (
    <section class="fixed-values" aria-labelledby="fixed-values-h">
      <h3 id="fixed-values-h">Same value for every row</h3>
      {kindControl && (
        <div class="form-row">
          <label class="field">
            Survey kind
            <select value={value('kind')} onChange={(e) => p.onSet('kind', e.currentTarget.value, true)}>
              {value('kind') === '' && <option value="">choose…</option>}
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {k.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <p class="muted">No column gives the kind of survey, so every response of this file is read as this kind.</p>
        </div>
      )}
      {required.length > 0 && (
        <p class="notice warn">Required with no column: {required.map(label).join(', ')}. Map a column to each above, or give one value for every row here.</p>
      )}
      {[...required, ...others].map((f) => (
        <div key={f} class="form-row fixed-value">
          <label class="field">
            {label(f)}
            {required.includes(f) ? ' (required)' : ''}
            <input value={value(f)} onInput={(e) => p.onSet(f, e.currentTarget.value, false)} onChange={(e) => p.onSet(f, e.currentTarget.value, true)} />
          </label>
          {p.values.has(f) && !required.includes(f) && (
            <button type="button" class="secondary" onClick={() => p.onRemove(f)}>
              Remove
            </button>
          )}
        </div>
      ))}
      {addable.length > 0 && (
        <label class="field-inline">
          Give another field one value for every row:
          <select aria-label="Field to give one value" value="" onChange={(e) => e.currentTarget.value && p.onSet(e.currentTarget.value, '', false)}>
            <option value="">choose a field…</option>
            {addable.map((f) => {
              const column = columnOf(f.name);
              return (
                <option key={f.name} value={f.name}>
                  {f.label}
                  {column === undefined ? '' : ` (instead of column "${column}")`}
                </option>
              );
            })}
          </select>
        </label>
      )}
      {ins.problem && <p class="notice error">{ins.problem}</p>}
    </section>
  );
}

/** When detection matched no dataset, the user says what the file holds, and the columns are read for it. */
export function DatasetChoice({ onChoose }: { onChoose(name: DatasetName): void }) {
  return (
    <label class="field dataset-choice">
      What does this file hold?
      <select value="" onChange={(e) => e.currentTarget.value && onChoose(e.currentTarget.value as DatasetName)}>
        <option value="">choose a dataset…</option>
        {datasetNames.map((n) => (
          <option key={n} value={n}>
            {datasetDef(n).label}: {datasetDef(n).description}
          </option>
        ))}
      </select>
    </label>
  );
}

const fromWords: Record<ImportCurrency['from'], string> = {
  chosen: 'your choice',
  workbook: "the workbook's setting",
  amounts: 'read from the amounts',
  locale: "no amount names a currency, so this computer's",
};

/**
 * The currency of a workbook without data, which its first import settles: as the server decided it
 * (the amounts' signs and codes, else this computer's) until the user chooses another.
 */
export function CurrencyField(p: { currency: ImportCurrency; value: string; locale: string; onChange(code: string): void }) {
  const names = new Intl.DisplayNames([p.locale], { type: 'currency' });
  const codes = knownCurrencies.includes(p.value) ? knownCurrencies : [...knownCurrencies, p.value].sort();
  return (
    <div class="currency-choice">
      <label class="field" for="import-currency">
        Currency of this workbook
        <select id="import-currency" value={p.value} aria-describedby="import-currency-hint" onChange={(e) => p.onChange(e.currentTarget.value)}>
          {codes.map((c) => (
            <option key={c} value={c}>
              {c} — {names.of(c) ?? c}
            </option>
          ))}
        </select>
      </label>
      <p id="import-currency-hint" class="muted">
        {p.value === p.currency.code ? `${p.value}: ${fromWords[p.currency.from]}. ` : ''}
        The workbook holds no amounts yet: this import settles its currency, and amounts in any other are left out.
      </p>
    </div>
  );
}
