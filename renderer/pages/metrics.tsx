/** The KPI catalogue: each definition as the report prints it, and for KPIs with no data, why and what to import. */
import { formatValue } from '../../shared/format';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { ErrorNote } from '../components/notice';
import { areaLabels, areas } from './dashboard';

export function MetricsPage() {
  const { catalogue, fmt, info } = useApp();
  const results = useCall(() => call('metrics.compute', {}), [info]);
  const byId = new Map((results.value?.metrics ?? []).map((m) => [m.id, m]));
  const period = results.value?.period.id;
  return (
    <section class="page metrics">
      <div class="page-head">
        <h1>Metrics</h1>
        {period && <span class="muted">Values for {period}</span>}
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
                      Uses{' '}
                      {Object.entries(m.needs)
                        .map(([ds, f]) => `${ds} (${f.join(', ')})`)
                        .join('; ') || 'other KPIs'}
                      {m.requires.length > 0 ? `; built from ${m.requires.join(', ')}` : ''}
                    </p>
                    {r && (r.status === 'ok' ? <p class="value">{formatValue(r.value, r.unit, fmt)}</p> : <p class="reason">No data: {r.reason}</p>)}
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
