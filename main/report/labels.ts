/** Words the report shows for codes: target status, direction, periods and dates. */
import type { Direction, MetricResult, PeriodRef } from '../../shared/metrics/types';
import { targetStatusLabels } from '../../shared/metrics/labels';
import { ALL_START } from '../../shared/periods';

export function statusLabel(m: MetricResult): string {
  return m.target !== null && m.targetStatus ? targetStatusLabels[m.targetStatus] : 'No target';
}

export const betterLabel = (d: Direction): string => (d === 'up' ? 'Higher' : 'Lower');

function dateText(iso: string, locale: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return iso;
  }
}

/** "2017-Q2 (1 Apr 2017 – 30 Jun 2017)", or "all data" for period `all`. */
export function periodText(p: PeriodRef, locale: string): string {
  if (p.start === ALL_START) return `${p.id} (all data)`;
  return `${p.id} (${dateText(p.start, locale)} – ${dateText(p.end, locale)})`;
}

export function dateTimeText(iso: string, locale: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(t);
  } catch {
    return iso;
  }
}
