/** The kinds of period the picker offers, and moving from one kind to another. */
import {
  allPeriod,
  fiscalQuarterPeriod,
  fiscalYearPeriod,
  monthContaining,
  quarterPeriod,
  yearPeriod,
  type Period,
  type PeriodKind,
} from '../../shared/periods';

export const kinds: { kind: PeriodKind; label: string }[] = [
  { kind: 'month', label: 'Month' },
  { kind: 'quarter', label: 'Quarter' },
  { kind: 'year', label: 'Year' },
  { kind: 'fiscal_quarter', label: 'Fiscal quarter' },
  { kind: 'fiscal_year', label: 'Fiscal year' },
  { kind: 'all', label: 'All time' },
];

/** The period of another kind holding the same moment (the end of the current one). */
export function convertPeriod(p: Period, kind: PeriodKind, fs: number): Period {
  const anchor = p.kind === 'all' ? new Date().toISOString().slice(0, 10) : p.end;
  const y = Number(anchor.slice(0, 4));
  const m = Number(anchor.slice(5, 7));
  const fy = fs === 1 || m < fs ? y : y + 1;
  const fq = Math.floor(((m - fs + 12) % 12) / 3) + 1;
  switch (kind) {
    case 'month':
      return monthContaining(anchor, fs);
    case 'quarter':
      return quarterPeriod(y, Math.floor((m - 1) / 3) + 1, fs);
    case 'year':
      return yearPeriod(y, fs);
    case 'fiscal_quarter':
      return fiscalQuarterPeriod(fy, fq, fs);
    case 'fiscal_year':
      return fiscalYearPeriod(fy, fs);
    default:
      return allPeriod(fs);
  }
}
