import type { Settings } from '../../shared/api';
import type { Cohorts } from '../../shared/metrics/cohorts';
import { formatValue, type FormatOptions } from '../../shared/format';
import { table } from './print';

/** The grids as a person reads them: one row per cohort, one column per month (quarter) since, then the pooled average. */
export function printCohorts(res: Cohorts, settings: Settings): string {
  const o: FormatOptions = { locale: settings.locale, currency: settings.currency };
  const unit = res.by === 'month' ? 'month' : 'quarter';
  const lines = [`${settings.company_name} — cohorts by the ${unit} customers first paid, through ${res.through} (MRR from ${res.source})`];
  if (res.cohorts.length === 0) return [...lines, '', 'No customer has paid yet.'].join('\n');
  const longest = Math.max(...res.cohorts.map((c) => c.logo_retention.length));
  const head = ['cohort', 'size', ...Array.from({ length: longest }, (_, k) => `${unit[0]}${k}`)];
  const pct = (v: number | null) => (v === null ? '' : formatValue(v, 'ratio', o));
  const grid = (title: string, pick: (c: Cohorts['cohorts'][number]) => (number | null)[], average: (number | null)[]) => [
    '',
    title,
    table(
      [head, ...res.cohorts.map((c) => [c.cohort, String(c.size), ...pick(c).map(pct)]), ['average', '', ...average.map(pct)]],
      head.map((_, i) => (i === 0 ? 'l' : 'r')),
    ).replace(/^/gm, '  '),
  ];
  lines.push(
    ...grid(`Logo retention: the share of each cohort with MRR above 0 at the end of ${unit} c+k`, (c) => c.logo_retention, res.average.logo_retention),
  );
  if (res.cohorts.some((c) => c.revenue_retention.some((v) => v !== null)))
    lines.push(
      ...grid(
        `Revenue retention: the cohort's MRR at the end of ${unit} c+k over its MRR at the end of ${unit} c`,
        (c) => c.revenue_retention,
        res.average.revenue_retention,
      ),
    );
  if (res.note) lines.push('', `Note: ${res.note}.`);
  return lines.join('\n');
}
