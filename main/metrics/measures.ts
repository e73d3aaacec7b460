/** One measure for one period and segment value, from the rollup that holds it (read on first use). */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import { dayNumber, fromDayNumber, type Period } from '../../shared/periods';
import { memo } from './cache';
import { asFlow, flowGroupKey, flowKeys, flowRunningTotal, flowValue, readFlowRollup } from './flows';
import { distinctGroupKey, distinctValue, readDistinctRollup } from './distinct';
import { readStockRollup, stockGroupKey, stockKeys, stockValue } from './stock';
import { quotaValue, readQuotas, readSpend, spendValue } from './spend';
import type { Profile } from './profile';
import { BLANK } from './sql';

export interface Env {
  readonly db: Database;
  readonly settings: Settings;
  readonly cache: Map<string, unknown>;
  readonly profile: Profile;
  /** The field results are split by, if any. */
  readonly segField: string | null;
}

/** `segKey` null: over all rows; otherwise the rows whose segment field has that value. */
export function measureValue(env: Env, m: Measure, p: Period, segKey: string | null): number | null {
  const seg = segKey === null ? null : env.segField;
  const { db, settings, cache } = env;
  const fs = settings.fiscal_year_start_month;
  switch (m.kind) {
    case 'flow':
    case 'orders': {
      const g = flowGroupKey(m);
      return flowValue(memo(cache, `flow|${g}|${seg}`, () => readFlowRollup(db, settings, g, seg)), m, p, segKey);
    }
    case 'distinct': {
      const r = memo(cache, `distinct|${distinctGroupKey(m)}|${seg}`, () => readDistinctRollup(db, settings, m, seg));
      return distinctValue(r, m, p, segKey);
    }
    case 'stock': {
      const f = asFlow(m);
      if (f) {
        const g = flowGroupKey(f);
        const r = memo(cache, `flow|${g}|${seg}`, () => readFlowRollup(db, settings, g, seg));
        if (p.kind === 'all') return flowRunningTotal(r, f, null, segKey);
        return flowRunningTotal(r, f, m.state === 'end' ? p.end : fromDayNumber(dayNumber(p.start) - 1), segKey);
      }
      const r = memo(cache, `stock|${stockGroupKey(m)}|${seg}`, () => readStockRollup(db, settings, m, seg));
      return stockValue(r, m, p, segKey);
    }
    case 'spend':
      return spendValue(memo(cache, `spend|${seg}`, () => readSpend(db, fs, seg)), m.categories, p, segKey);
    case 'quota':
      return quotaValue(memo(cache, 'quota', () => readQuotas(db, fs)), p, segKey, BLANK);
    case 'completeness':
      return env.profile.completeness()[m.part];
  }
}

/** The segment values a measure's rows carry (after measureValue has been asked for a segment). */
export function measureKeys(env: Env, m: Measure): string[] {
  const seg = env.segField;
  const { db, settings, cache } = env;
  const fs = settings.fiscal_year_start_month;
  switch (m.kind) {
    case 'flow':
    case 'orders': {
      const g = flowGroupKey(m);
      return flowKeys(memo(cache, `flow|${g}|${seg}`, () => readFlowRollup(db, settings, g, seg)));
    }
    case 'distinct': {
      const r = memo(cache, `distinct|${distinctGroupKey(m)}|${seg}`, () => readDistinctRollup(db, settings, m, seg));
      return [...r.blocks.keys()];
    }
    case 'stock': {
      const f = asFlow(m);
      if (f) return measureKeys(env, f);
      return stockKeys(memo(cache, `stock|${stockGroupKey(m)}|${seg}`, () => readStockRollup(db, settings, m, seg)));
    }
    case 'spend':
      return [...new Set(memo(cache, `spend|${seg}`, () => readSpend(db, fs, seg)).items.map((i) => i.seg))];
    case 'quota':
      return [...new Set(memo(cache, 'quota', () => readQuotas(db, fs)).items.map((i) => i.seg))];
    case 'completeness':
      return [];
  }
}
