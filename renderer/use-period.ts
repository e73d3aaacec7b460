/**
 * The period a page opens on: the one the user chose last for this workbook, else the period the
 * app picks by default (asked for with the cheapest call that reports it).
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from './client';
import { useApp } from './state';

export function useDefaultPeriod(): [string | null, (id: string) => void] {
  const { period, setPeriod } = useApp();
  const [chosen, setChosen] = useState<string | null>(period);
  useEffect(() => {
    if (chosen !== null) return;
    void call('metrics.trend', { count: 1, ids: ['won_revenue'] }).then((r) => {
      const id = r.ok ? r.value.periods.at(-1)?.id : undefined;
      setChosen(id ?? 'all');
    });
  }, []);
  const choose = (id: string) => {
    setChosen(id);
    setPeriod(id);
  };
  return [chosen, choose];
}
