/**
 * Targets per KPI and quarter as an editable grid. Ratios are typed as percents (25 means 25 %) and
 * stored as fractions like every other ratio; an emptied cell clears its target.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TargetRow } from '../../shared/api';
import { parsePeriod } from '../../shared/periods';
import type { Unit } from '../../shared/metrics/types';
import type { AppError } from '../../shared/result';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { useDefaultPeriod } from '../use-period';
import { ErrorNote, Loading } from '../components/notice';
import { areaLabels, areas } from '../../shared/metrics/labels';
import { decimalMark, readTarget } from './target-values';

const key = (metric: string, period: string) => `${metric}|${period}`;
const shown = (v: number, unit: Unit, mark: string) => String(unit === 'ratio' ? Math.round(v * 100000) / 1000 : v).replace('.', mark);

function quartersOf(fy: number, fs: number): string[] {
  return [1, 2, 3, 4].map((q) => (fs === 1 ? `${fy}-Q${q}` : `FY${fy}-Q${q}`));
}

function yearOf(periodId: string | null, fs: number): number {
  const p = periodId ? parsePeriod(periodId, fs) : null;
  if (!p || p.kind === 'all') return new Date().getFullYear();
  const y = Number(p.end.slice(0, 4));
  const m = Number(p.end.slice(5, 7));
  return fs === 1 || m < fs ? y : y + 1;
}

export function TargetsPage() {
  const { catalogue, fiscalStart, info, fmt } = useApp();
  const mark = decimalMark(fmt.locale);
  const [period] = useDefaultPeriod();
  const [year, setYear] = useState<number | null>(null);
  const list = useCall(() => call('targets.list', {}), [info]);
  const [drafts, setDrafts] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (year === null && period !== null) setYear(yearOf(period, fiscalStart));
  }, [period]);

  if (year === null || !list.value) return list.error ? <ErrorNote error={list.error} /> : <Loading what="targets" />;
  const quarters = quartersOf(year, fiscalStart);
  const stored = new Map<string, TargetRow>();
  for (const t of list.value) if (t.segmentField === null) stored.set(key(t.metricId, t.period), t);
  const segmentTargets = list.value.filter((t) => t.segmentField !== null).length;
  const unitOf = new Map(catalogue.map((m) => [m.id, m.unit]));
  const invalid = [...drafts].filter(([k, v]) => readTarget(v, unitOf.get(k.split('|')[0] ?? '') ?? 'count', mark) === undefined);

  const save = async () => {
    const byPeriod = new Map<string, [string, number | null][]>();
    for (const [k, text] of drafts) {
      const [metric = '', p = ''] = k.split('|');
      const v = readTarget(text, unitOf.get(metric) ?? 'count', mark);
      if (v === undefined) continue;
      byPeriod.set(p, [...(byPeriod.get(p) ?? []), [metric, v]]);
    }
    for (const [p, values] of byPeriod) {
      const r = await call('targets.set', { period: p, values });
      if (!r.ok) {
        setError(r.error);
        return;
      }
    }
    setError(null);
    setDrafts(new Map());
    setSaved(`Saved ${[...byPeriod.values()].reduce((n, v) => n + v.length, 0)} targets.`);
    list.reload();
  };

  return (
    <section class="page targets">
      <div class="page-head">
        <h1>Targets</h1>
        <div class="toolbar">
          <button type="button" class="icon" aria-label="Previous year" onClick={() => setYear(year - 1)}>
            ‹
          </button>
          <span class="year">{fiscalStart === 1 ? year : `FY${year}`}</span>
          <button type="button" class="icon" aria-label="Next year" onClick={() => setYear(year + 1)}>
            ›
          </button>
          <button type="button" disabled={drafts.size === 0 || invalid.length > 0 || info?.readOnly} onClick={() => void save()}>
            Save targets
          </button>
        </div>
      </div>
      <p class="muted">
        Ratios in percent (25 = 25 %), money in {info?.settings.currency}. Empty a cell to remove its target.
        {segmentTargets > 0 ? ` ${segmentTargets} targets for single owners, regions or other segments are kept as they are.` : ''}
      </p>
      {error && <ErrorNote error={error} />}
      {saved && drafts.size === 0 && (
        <p class="notice ok" role="status">
          {saved}
        </p>
      )}
      {invalid.length > 0 && (
        <p class="notice error">{invalid.length === 1 ? '1 cell does not hold a number.' : `${invalid.length} cells do not hold a number.`}</p>
      )}
      <div class="table-scroll targets-scroll">
        <table class="data targets-grid">
          <caption class="sr-only">Targets per KPI and quarter</caption>
          <thead>
            <tr>
              <th scope="col">KPI</th>
              {quarters.map((q) => (
                <th key={q} scope="col">
                  {q}
                </th>
              ))}
            </tr>
          </thead>
          {areas.map((a) => (
            <tbody key={a}>
              <tr class="group">
                <th colSpan={5} scope="rowgroup">
                  {areaLabels[a]}
                </th>
              </tr>
              {catalogue
                .filter((m) => m.area === a)
                .map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      {m.name}
                      <span class="muted">{m.unit === 'ratio' ? ' %' : m.unit === 'currency' ? ` ${info?.settings.currency ?? ''}` : ''}</span>
                    </th>
                    {quarters.map((q) => {
                      const k = key(m.id, q);
                      const t = stored.get(k);
                      const value = drafts.get(k) ?? (t ? shown(t.value, m.unit, mark) : '');
                      const bad = drafts.has(k) && readTarget(value, m.unit, mark) === undefined;
                      return (
                        <td key={q}>
                          <input
                            class={`target-input${drafts.has(k) ? ' changed' : ''}${bad ? ' invalid' : ''}`}
                            inputMode="decimal"
                            aria-label={`${m.name} target for ${q}`}
                            aria-invalid={bad}
                            data-target={k}
                            value={value}
                            disabled={info?.readOnly}
                            onInput={(e) => setDrafts(new Map(drafts).set(k, e.currentTarget.value))}
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
