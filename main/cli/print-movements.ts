import type { Settings } from '../../shared/api';
import { formatDelta, formatValue, type FormatOptions } from '../../shared/format';
import { stepLabels, type Bridge, type Movements } from '../../shared/metrics/movements';
import { addDays } from '../../shared/periods';
import { table } from './print';

/** The bridge as a person reads it: start, each signed step, end; the stage moves; a table per segment. */
export function printMovements(res: Movements, settings: Settings): string {
  const o: FormatOptions = { locale: settings.locale, currency: settings.currency };
  const money = (v: number) => formatValue(v, 'currency', o);
  const before = addDays(res.period.start, -1);
  const lines = [`${settings.company_name} — pipeline bridge ${res.period.id} (${res.period.start} to ${res.period.end})`, ''];
  const rows = [
    [`Open pipeline on ${before}`, money(res.start)],
    ...res.steps.map((s) => [`  ${stepLabels[s.id]}`, s.value === 0 ? money(0) : formatDelta(s.value, 'currency', o)]),
    [`Open pipeline on ${res.period.end}`, money(res.end)],
  ];
  lines.push(table(rows, ['l', 'r']).replace(/^/gm, '  '));
  lines.push('', 'Deals by stage, from the day before to the last day:');
  lines.push(res.stages.length ? table(res.stages.map((m) => [m.from, '→', m.to, String(m.deals)]), ['l', 'l', 'l', 'r']).replace(/^/gm, '  ') : '  none moved');
  if (res.segments) {
    const head = ['segment', 'start', ...res.steps.map((s) => stepLabels[s.id].toLowerCase()), 'end'];
    const seg = (key: string, b: Bridge) => [key, money(b.start), ...b.steps.map((s) => (s.value === 0 ? '' : formatDelta(s.value, 'currency', o))), money(b.end)];
    lines.push('', 'By segment (a deal counts under its value at the end, else at the start):');
    lines.push(table([head, ...res.segments.map((s) => seg(s.key, s))], ['l', ...head.slice(1).map(() => 'r' as const)]).replace(/^/gm, '  '));
  }
  return lines.join('\n');
}
