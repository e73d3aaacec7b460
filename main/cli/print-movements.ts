import type { Settings } from '../../shared/api';
import { formatDelta, formatValue, type FormatOptions } from '../../shared/format';
import { stepLabels, type Bridge, type Movements, type MrrBridge, type MrrMovements } from '../../shared/metrics/movements';
import { addDays } from '../../shared/periods';
import { table } from './print';

/** A bridge as a person reads it: start, each signed step, end; then what each kind adds, and a table per segment. */
export function printMovements(res: Movements | MrrMovements, settings: Settings): string {
  return res.of === 'mrr' ? printMrr(res, settings) : printPipeline(res, settings);
}

function printPipeline(res: Movements, settings: Settings): string {
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
  lines.push(
    res.stages.length
      ? table(
          res.stages.map((m) => [m.from, '→', m.to, String(m.deals)]),
          ['l', 'l', 'l', 'r'],
        ).replace(/^/gm, '  ')
      : '  none moved',
  );
  if (res.segments) {
    const head = ['segment', 'start', ...res.steps.map((s) => stepLabels[s.id].toLowerCase()), 'end'];
    const seg = (key: string, b: Bridge) => [
      key,
      money(b.start),
      ...b.steps.map((s) => (s.value === 0 ? '' : formatDelta(s.value, 'currency', o))),
      money(b.end),
    ];
    lines.push('', 'By segment (a deal counts under its value at the end, else at the start):');
    lines.push(table([head, ...res.segments.map((s) => seg(s.key, s))], ['l', ...head.slice(1).map(() => 'r' as const)]).replace(/^/gm, '  '));
  }
  return lines.join('\n');
}

/** The MRR bridge: MRR at the end of the day before, each signed step with its customers, MRR at the end; a table per segment. */
function printMrr(res: MrrMovements, settings: Settings): string {
  const o: FormatOptions = { locale: settings.locale, currency: settings.currency };
  const money = (v: number) => formatValue(v, 'currency', o);
  const step = (v: number) => (v === 0 ? money(0) : formatDelta(v, 'currency', o));
  const count = (n: number) => `${n.toLocaleString(settings.locale)} customer${n === 1 ? '' : 's'}`;
  const before = addDays(res.period.start, -1);
  const from = res.source === 'subscriptions' ? 'subscriptions' : "customers' monthly revenue (the workbook has no subscriptions)";
  const lines = [`${settings.company_name} — MRR bridge ${res.period.id} (${res.period.start} to ${res.period.end}), from ${from}`, ''];
  const rows = [
    [`MRR at the end of ${before}`, money(res.start), ''],
    ...res.steps.map((s) => [`  ${stepLabels[s.id]}`, step(s.value), res.customers[s.id] ? count(res.customers[s.id]) : '']),
    [`MRR at the end of ${res.period.end}`, money(res.end), ''],
  ];
  lines.push(table(rows, ['l', 'r', 'l']).replace(/^/gm, '  '));
  if (res.segments) {
    const head = ['segment', 'start', ...res.steps.map((s) => stepLabels[s.id].toLowerCase()), 'end'];
    const seg = (key: string, b: MrrBridge) => [key, money(b.start), ...b.steps.map((s) => (s.value === 0 ? '' : step(s.value))), money(b.end)];
    const rule =
      res.source === 'subscriptions'
        ? 'the value of their oldest subscription running at the end, else at the start, else of their latest one'
        : 'their value at the end, else at the start';
    lines.push('', `By segment (a customer counts under ${rule}):`);
    lines.push(table([head, ...res.segments.map((s) => seg(s.key, s))], ['l', ...head.slice(1).map(() => 'r' as const)]).replace(/^/gm, '  '));
  }
  return lines.join('\n');
}
