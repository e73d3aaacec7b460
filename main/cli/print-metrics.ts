import type { Settings } from '../../shared/api';
import type { Area, MetricsResponse } from '../../shared/metrics/types';
import { formatDelta, formatValue, type FormatOptions } from '../../shared/format';
import { table } from './print';

const areaTitles: Record<Area, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  customers: 'Customers',
  service: 'Service',
  adoption: 'Adoption',
};

const statusWords = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' } as const;

/** The metrics as a person reads them: one table per area, values formatted by unit. */
export function printMetrics(res: MetricsResponse, settings: Settings): string {
  const o: FormatOptions = { locale: settings.locale, currency: settings.currency };
  const span = res.period.id === 'all' ? 'every row, dates ignored' : `${res.period.start} to ${res.period.end}`;
  const lines = [`${settings.company_name} — ${res.period.id} (${span})`];
  if (res.compare) lines.push(`Compared with ${res.compare.period.id} (${res.compare.kind === 'year' ? 'a year earlier' : 'the previous period'})`);
  const noData: string[] = [];
  for (const area of Object.keys(areaTitles) as Area[]) {
    const ms = res.metrics.filter((m) => m.area === area);
    if (!ms.length) continue;
    const head = ['KPI', 'value', ...(res.compare ? ['previous', 'change'] : []), 'target', 'status'];
    const rows = ms.map((m) => {
      if (m.status === 'no_data') noData.push(`  ${m.name}: ${m.reason ?? 'no data'}`);
      return [
        m.name,
        m.status === 'no_data' ? 'no data' : formatValue(m.value, m.unit, o),
        ...(res.compare ? [formatValue(m.previous, m.unit, o), formatDelta(m.delta, m.unit, o)] : []),
        m.target === null ? '' : formatValue(m.target, m.unit, o),
        m.targetStatus ? statusWords[m.targetStatus] : '',
      ];
    });
    const align: ('l' | 'r')[] = ['l', 'r', ...(res.compare ? (['r', 'r'] as const) : []), 'r', 'l'];
    lines.push('', areaTitles[area], table([head, ...rows], align).replace(/^/gm, '  '));
    for (const m of ms.filter((x) => x.segments?.length)) {
      lines.push(`    ${m.name} by segment:`);
      for (const s of m.segments!) lines.push(`      ${s.key}: ${formatValue(s.value, m.unit, o)}`);
    }
  }
  if (noData.length) lines.push('', 'No data:', ...noData);
  return lines.join('\n');
}
