import type { Settings } from '../../shared/api';
import type { MetricsResponse, Reported, Unit } from '../../shared/metrics/types';
import { areaLabels, areas, targetStatusLabels } from '../../shared/metrics/labels';
import { formatDelta, formatValue, localDay, type FormatOptions } from '../../shared/format';
import { table } from './print';

/** "reported $120,400 on 2026-10-02 in q3.xlsx": what a report published of a figure since changed. */
const reportedWords = (r: Reported, unit: Unit, o: FormatOptions): string => `reported ${formatValue(r.value, unit, o)} on ${localDay(r.at)} in ${r.report}`;

/** The metrics as a person reads them: one table per area, values formatted by unit; restated figures marked with a *. */
export function printMetrics(res: MetricsResponse, settings: Settings): string {
  const o: FormatOptions = { locale: settings.locale, currency: settings.currency };
  const restated: string[] = [];
  const span = res.period.id === 'all' ? 'All time (every row, dates ignored)' : `${res.period.id} (${res.period.start} to ${res.period.end})`;
  const lines = [`${settings.company_name} — ${span}`];
  if (res.compare) lines.push(`Compared with ${res.compare.period.id} (${res.compare.kind === 'year' ? 'a year earlier' : 'the previous period'})`);
  const noData: string[] = [];
  for (const area of areas) {
    const ms = res.metrics.filter((m) => m.area === area);
    if (!ms.length) continue;
    // A restated value ends in " *"; the others are padded as wide, so the digits stay aligned.
    const unmarked = ms.some((m) => m.reported) ? '  ' : '';
    const head = ['KPI', 'value', ...(res.compare ? ['previous', 'change'] : []), 'target', 'status'];
    const rows = ms.map((m) => {
      if (m.status === 'no_data') noData.push(`  ${m.name}: ${m.reason ?? 'no data'}`);
      if (m.reported)
        restated.push(`  ${m.name}: ${reportedWords(m.reported, m.unit, o)}; now ${m.status === 'no_data' ? 'no data' : formatValue(m.value, m.unit, o)}`);
      return [
        m.name,
        `${m.status === 'no_data' ? 'no data' : formatValue(m.value, m.unit, o)}${m.reported ? ' *' : unmarked}`,
        ...(res.compare ? [formatValue(m.previous, m.unit, o), formatDelta(m.delta, m.unit, o)] : []),
        m.target === null ? '' : formatValue(m.target, m.unit, o),
        m.targetStatus ? targetStatusLabels[m.targetStatus].toLowerCase() : '',
      ];
    });
    const align: ('l' | 'r')[] = ['l', 'r', ...(res.compare ? (['r', 'r'] as const) : []), 'r', 'l'];
    lines.push('', areaLabels[area], table([head, ...rows], align).replace(/^/gm, '  '));
    for (const m of ms.filter((x) => x.segments?.length)) {
      lines.push(`    ${m.name} by segment:`);
      for (const s of m.segments!)
        lines.push(`      ${s.key}: ${formatValue(s.value, m.unit, o)}${s.reported ? ` * (${reportedWords(s.reported, m.unit, o)})` : ''}`);
    }
  }
  if (restated.length) lines.push('', '* Restated: changed since a report published it:', ...restated);
  if (noData.length) lines.push('', 'No data:', ...noData);
  return lines.join('\n');
}
