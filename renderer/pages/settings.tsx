/** Workbook settings: company, currency and locale (every figure's format), fiscal year, CSAT scale, seats; the forecast's stages. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../shared/api';
import { formatValue } from '../../shared/format';
import type { AppError } from '../../shared/result';
import { call } from '../client';
import { useApp } from '../state';
import { ErrorNote } from '../components/notice';
import { StageSettings } from './stage-settings';

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The settings edited as text in the form (the per-stage ones have their own table). */
type Draft = Record<Exclude<keyof Settings, 'stage_probabilities' | 'forecast_categories'>, string>;

const toDraft = (s: Settings): Draft => ({
  company_name: s.company_name,
  currency: s.currency,
  locale: s.locale,
  fiscal_year_start_month: String(s.fiscal_year_start_month),
  csat_scale_min: String(s.csat_scale_min),
  csat_scale_max: String(s.csat_scale_max),
  csat_threshold: String(s.csat_threshold),
  seats: s.seats === null ? '' : String(s.seats),
  gross_margin: String(Math.round(s.gross_margin * 1000) / 10),
  crm_gain: s.crm_gain === null ? '' : String(s.crm_gain),
});

const num = (t: string) => Number(t.trim().replace(',', '.'));

export function SettingsPage() {
  const { info } = useApp();
  const [draft, setDraft] = useState<Draft | null>(info ? toDraft(info.settings) : null);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (info) setDraft(toDraft(info.settings));
  }, [info?.path]);
  if (!draft || !info) return null;

  const set = (k: keyof Draft) => (e: Event) => {
    setSaved(false);
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const r = await call('settings.set', {
      patch: {
        company_name: draft.company_name.trim(),
        // Sent only when changed: saving other settings must not settle a currency the first import would read from its amounts.
        ...(draft.currency.trim().toUpperCase() === info.settings.currency ? {} : { currency: draft.currency.trim().toUpperCase() }),
        locale: draft.locale.trim(),
        fiscal_year_start_month: num(draft.fiscal_year_start_month),
        csat_scale_min: num(draft.csat_scale_min),
        csat_scale_max: num(draft.csat_scale_max),
        csat_threshold: num(draft.csat_threshold),
        seats: draft.seats.trim() === '' ? null : num(draft.seats),
        gross_margin: num(draft.gross_margin) / 100,
        crm_gain: draft.crm_gain.trim() === '' ? null : num(draft.crm_gain),
      },
    });
    setError(r.ok ? null : r.error);
    setSaved(r.ok);
  };
  const example = /^[A-Za-z]{3}$/.test(draft.currency)
    ? formatValue(1234567.89, 'currency', { locale: draft.locale, currency: draft.currency.toUpperCase() })
    : '';

  return (
    <section class="page settings narrow">
      <h1>Settings</h1>
      <form class="settings-form" onSubmit={(e) => void save(e)} aria-labelledby="workbook-settings-title">
        <h2 id="workbook-settings-title">Workbook</h2>
        <label class="field">
          Company name
          <input value={draft.company_name} onInput={set('company_name')} maxLength={200} />
        </label>
        <div class="form-row">
          <label class="field">
            Currency (ISO code)
            <input
              value={draft.currency}
              onInput={set('currency')}
              maxLength={3}
              size={4}
              pattern="[A-Za-z]{3}"
              disabled={info.holdsAmounts}
              aria-describedby="currency-hint"
            />
          </label>
          <label class="field">
            Locale
            <input value={draft.locale} onInput={set('locale')} size={8} />
          </label>
          <span class="muted example">{example && `Shown as ${example}`}</span>
        </div>
        <p id="currency-hint" class="muted">
          {info.holdsAmounts
            ? `The workbook holds data in ${info.settings.currency}, so its currency stays: amounts are never converted. Amounts in another currency go in a workbook of their own.`
            : info.currencyChosen
              ? 'The workbook holds no amounts yet, so its currency can still change; its first import with amounts keeps it.'
              : "Until you choose, the first import with amounts takes the currency they are written in (€, £, EUR…), else this computer's."}
        </p>
        <label class="field">
          Fiscal year starts in
          <select value={draft.fiscal_year_start_month} onChange={set('fiscal_year_start_month')}>
            {months.map((m, i) => (
              <option key={m} value={String(i + 1)}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>CSAT</legend>
          <div class="form-row">
            <label class="field">
              Scale from
              <input type="number" value={draft.csat_scale_min} onInput={set('csat_scale_min')} min={0} max={10} step={1} />
            </label>
            <label class="field">
              to
              <input type="number" value={draft.csat_scale_max} onInput={set('csat_scale_max')} min={1} max={10} step={1} />
            </label>
            <label class="field">
              Satisfied at or above
              <input type="number" value={draft.csat_threshold} onInput={set('csat_threshold')} min={0} max={10} step={0.5} />
            </label>
          </div>
        </fieldset>
        <div class="form-row">
          <label class="field">
            Licensed CRM seats
            <input type="number" value={draft.seats} onInput={set('seats')} min={0} step={1} placeholder="not set" />
          </label>
          <label class="field">
            Gross margin %
            <input type="number" value={draft.gross_margin} onInput={set('gross_margin')} min={0} max={100} step={0.1} />
          </label>
          <label class="field">
            Gain attributed to the CRM ({draft.currency})
            <input type="number" value={draft.crm_gain} onInput={set('crm_gain')} min={0} placeholder="not set" />
          </label>
        </div>
        <div class="actions">
          <button type="submit" disabled={info.readOnly}>
            Save settings
          </button>
          {saved && (
            <span class="notice ok inline" role="status">
              Saved.
            </span>
          )}
        </div>
        {error && <ErrorNote error={error} />}
      </form>
      <StageSettings />
    </section>
  );
}
