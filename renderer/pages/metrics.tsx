/**
 * The KPI catalogue: each definition as the report prints it, its value for the period chosen (the
 * same period and comparison as the dashboard's) and, for KPIs with no data, why and what to import.
 */
import { formatDelta, formatValue } from '../../shared/format';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { ErrorNote } from '../components/notice';
import { noComparison, PeriodControls } from '../components/period-picker';
import { dataUsed } from '../field-labels';
import { areaLabels, areas } from '../../shared/metrics/labels';

export function MetricsPage() {
  const { catalogue, fmt, info, fiscalStart, period: chosen, compare: chosenCompare, setPeriod, setCompare } = useApp();
  const compare = chosenCompare ?? 'previous';
  const results = useCall(() => call('metrics.compute', { ...(chosen ? { period: chosen } : {}), compare }), [info, chosen, compare]);
  const byId = new Map((results.value?.metrics ?? []).map((m) => [m.id, m]));
  const period = results.value?.period.id ?? chosen ?? 'all';
  return (
    <section class="page metrics" aria-busy={results.loading}>
      <div class="page-head">
        <h1>Metrics</h1>
        <div class="toolbar">
          <PeriodControls period={period} compare={compare} fiscalStart={fiscalStart} onPeriod={setPeriod} onCompare={setCompare} />
        </div>
      </div>
      {results.error && <ErrorNote error={results.error} />}
      {areas.map((a) => {
        const list = catalogue.filter((m) => m.area === a);
        if (list.length === 0) return null;
        return (
          <section key={a} aria-labelledby={`cat-${a}`}>
            <h2 id={`cat-${a}`}>{areaLabels[a]}</h2>
            <div class="catalogue">
              {list.map((m) => {
                const r = byId.get(m.id);
                return (
                  <article key={m.id} class={`definition${r?.status === 'no_data' ? ' no-data' : ''}`} data-kpi={m.id}>
                    <header>
                      <h3>{m.name}</h3>
                      <span class="muted">
                        {m.unit}, {m.direction === 'up' ? 'higher is better' : 'lower is better'}
                      </span>
                    </header>
                    <p>{m.description}</p>
                    <p class="formula">{m.formula}</p>
                    <p class="muted">
                      Uses {dataUsed(m.needs) || 'other KPIs'}
                      {m.requires.length > 0 ? `; built from ${m.requires.map((id) => catalogue.find((c) => c.id === id)?.name ?? id).join(', ')}` : ''}
                    </p>
                    {r &&
                      (r.status === 'ok' ? (
                        <p class="value">
                          {formatValue(r.value, r.unit, fmt)}{' '}
                          <span class="muted">
                            {r.delta === undefined || r.delta === null
                              ? noComparison(compare)
                              : `${formatDelta(r.delta, r.unit, fmt)} vs ${compare === 'year' ? 'a year before' : 'the previous period'}`}
                          </span>
                        </p>
                      ) : (
                        <p class="reason">No data: {r.reason}</p>
                      ))}
                  </article>
                );
              })}
            </div>
          </section>
        );
      })}
    </section>
  );
}
