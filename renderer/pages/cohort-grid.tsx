/**
 * The cohort heat map of the dashboard (metrics.cohorts): one row per cohort of customers who first
 * paid in a month or quarter, one column per month (quarter) since, each cell the share still paying
 * (logo) or the MRR against the first month's (revenue), as a percentage or as the customers and MRR
 * themselves; the pooled average on top. A cell's shade is its share, in steps whose text stays
 * readable in light and dark (styles.css).
 */
import { useState } from 'preact/hooks';
import { formatShort, formatValue } from '../../shared/format';
import type { Cohort, CohortUnit } from '../../shared/metrics/cohorts';
import { call } from '../client';
import { useApp } from '../state';
import { useCall } from '../use-call';
import { Loading } from '../components/notice';
import { heatClass } from './cohort-heat';

type Measure = 'logo' | 'revenue';
type Show = 'percent' | 'absolute';

export function CohortGrid({ period }: { period: string }) {
  const { fmt, info } = useApp();
  const [by, setBy] = useState<CohortUnit>('quarter');
  const [measure, setMeasure] = useState<Measure>('logo');
  const [show, setShow] = useState<Show>('percent');
  const grid = useCall(() => call('metrics.cohorts', { by, period }), [by, period, info]);
  const g = grid.value;
  const unit = by === 'month' ? 'Month' : 'Quarter';
  const shares = (c: Cohort) => (measure === 'logo' ? c.logo_retention : c.revenue_retention);
  const absolute = (c: Cohort, k: number) => (measure === 'logo' ? formatValue(c.customers[k], 'count', fmt) : formatShort(c.mrr[k] ?? 0, 'currency', fmt));
  const longest = g ? Math.max(0, ...g.cohorts.map((c) => c.customers.length)) : 0;
  const revenue = g?.cohorts.some((c) => c.revenue_retention.some((v) => v !== null)) ?? false;
  const average = g ? (measure === 'logo' ? g.average.logo_retention : g.average.revenue_retention) : [];
  return (
    <section class="area cohorts" aria-labelledby="area-cohorts">
      <h2 id="area-cohorts">Cohorts</h2>
      <div class="toolbar">
        <label class="field-inline">
          Cohorts by
          <select value={by} onChange={(e) => setBy(e.currentTarget.value as CohortUnit)}>
            <option value="quarter">quarter</option>
            <option value="month">month</option>
          </select>
        </label>
        <label class="field-inline">
          Retention of
          <select value={measure} onChange={(e) => setMeasure(e.currentTarget.value as Measure)}>
            <option value="logo">customers (logo)</option>
            <option value="revenue" disabled={!revenue}>
              revenue (MRR)
            </option>
          </select>
        </label>
        <label class="field-inline">
          Show
          <select value={show} onChange={(e) => setShow(e.currentTarget.value as Show)}>
            <option value="percent">percent</option>
            <option value="absolute">{measure === 'logo' ? 'customers' : 'MRR'}</option>
          </select>
        </label>
      </div>
      {grid.error && <p class="muted">{grid.error.message}</p>}
      {!g && grid.loading && <Loading what="cohorts" />}
      {g && g.cohorts.length === 0 && <p class="muted">No customer had paid by {g.through}.</p>}
      {g && g.cohorts.length > 0 && (
        <>
          <p class="muted">
            {measure === 'logo'
              ? `Each cohort's customers with MRR above 0 at the end of each ${unit.toLowerCase()} since they first paid`
              : `Each cohort's MRR at the end of each ${unit.toLowerCase()} since they first paid, against its first ${unit.toLowerCase()}'s`}
            , through {g.through}; MRR from {g.source === 'subscriptions' ? 'subscriptions' : "customers' monthly revenue"}.{g.note && ` Note: ${g.note}.`}
          </p>
          <div class="table-scroll cohort-scroll" tabIndex={0} aria-label="Cohort grid (scrolls)">
            <table class="data cohort-grid">
              <caption class="sr-only">
                {measure === 'logo' ? 'Logo' : 'Revenue'} retention by cohort ({show === 'percent' ? 'percent' : 'absolute'})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Cohort</th>
                  <th scope="col">{measure === 'logo' ? 'Customers' : 'MRR at first'}</th>
                  {Array.from({ length: longest }, (_, k) => (
                    <th key={k} scope="col" title={`${k} ${unit.toLowerCase()}${k === 1 ? '' : 's'} after the cohort's own`}>
                      {unit[0]}
                      {k}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr class="average">
                  <th scope="row">Average</th>
                  <td class="num" />
                  {average.map((v, k) => (
                    <td key={k} class={`num ${heatClass(v)}`}>
                      {formatValue(v, 'ratio', fmt)}
                    </td>
                  ))}
                </tr>
                {g.cohorts.map((c) => (
                  <tr key={c.cohort}>
                    <th scope="row">{c.cohort}</th>
                    <td class="num">{measure === 'logo' ? formatValue(c.size, 'count', fmt) : formatShort(c.mrr[0] ?? 0, 'currency', fmt)}</td>
                    {shares(c).map((v, k) => (
                      <td key={k} class={`num ${heatClass(v)}`}>
                        {show === 'percent' ? formatValue(v, 'ratio', fmt) : absolute(c, k)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
