/** One measure for one period and segment value, from the rollup that holds it (read on first use). */
import type { Database } from 'sql.js';
import type { Settings } from '../../shared/api';
import type { Measure } from '../../shared/metrics/define';
import type { Period } from '../../shared/periods';
import { memo } from './cache';
import { flowGroupKey, flowKeys, flowRollupDef, flowValue, readFlowRollup } from './flows';
import { distinctGroupKey, distinctRollupDef, distinctValue, readDistinctRollup, type DistinctMeasure } from './distinct';
import { readStockRollup, stockGroupKey, stockKeys, stockRollupDef, stockValue, type StockMeasure } from './stock';
import { quotaValue, readQuotas, readSpend, spendValue } from './spend';
import type { Profile } from './profile';
import { rollupParts, rollupRows } from './rollups';
import { measureRows } from './scan';
import { BLANK } from './compile';
import { mrrData, mrrMovementValue } from './mrr-movements';

export interface Env {
  readonly db: Database;
  readonly settings: Settings;
  readonly cache: Map<string, unknown>;
  readonly profile: Profile;
  /** The field results are split by, if any. */
  readonly segField: string | null;
  /**
   * Work every measure out from the current records (scan.ts) instead of the rollups: slow, and the
   * same figures by a second road, which is what the engine's tests compare.
   */
  readonly scan?: boolean;
}

/** The rollups a measure reads, each built once per cache; `seg` is the field split by, or null. */
const flowRollupOf = (env: Env, group: string, seg: string | null) =>
  memo(env.cache, `flow|${group}|${seg}`, () => readFlowRollup(rollupRows(env.db, flowRollupDef(group, env.settings, seg), env.settings), group, seg));
const distinctRollupOf = (env: Env, m: DistinctMeasure, seg: string | null) =>
  memo(env.cache, `distinct|${distinctGroupKey(m)}|${seg}`, () =>
    readDistinctRollup(rollupRows(env.db, distinctRollupDef(m, env.settings, seg), env.settings), seg),
  );
const stockRollupOf = (env: Env, m: StockMeasure, seg: string | null) =>
  memo(env.cache, `stock|${stockGroupKey(m)}|${seg}`, () => readStockRollup(rollupParts(env.db, stockRollupDef(m, env.settings, seg), env.settings), m, seg));
const spendOf = (env: Env, seg: string | null) => memo(env.cache, `spend|${seg}`, () => readSpend(env.db, env.settings.fiscal_year_start_month, seg));
const quotasOf = (env: Env) => memo(env.cache, 'quota', () => readQuotas(env.db, env.settings.fiscal_year_start_month));

/** `segKey` null: over all rows; otherwise the rows whose segment field has that value. */
export function measureValue(env: Env, m: Measure, p: Period, segKey: string | null): number | null {
  const seg = segKey === null ? null : env.segField;
  // MRR movements read the versions themselves, with no rollup: there is no second road to them.
  if (env.scan && m.kind !== 'spend' && m.kind !== 'quota' && m.kind !== 'completeness' && m.kind !== 'mrrMovement') {
    const found = measureRows(env.db, m, p, env.settings, seg === null || segKey === null ? undefined : { field: seg, key: segKey });
    return found ? found.value : null;
  }
  switch (m.kind) {
    case 'flow':
      return flowValue(flowRollupOf(env, flowGroupKey(m), seg), m, p, segKey);
    case 'distinct':
      return distinctValue(distinctRollupOf(env, m, seg), m, p, segKey);
    case 'stock':
      return stockValue(stockRollupOf(env, m, seg), m, p, segKey);
    case 'spend':
      return spendValue(spendOf(env, seg), m.categories, p, segKey);
    case 'quota':
      return quotaValue(quotasOf(env), p, segKey, BLANK);
    case 'completeness':
      return env.profile.completeness()[m.part];
    case 'mrrMovement':
      return mrrMovementValue(env.db, env.settings, env.cache, m, p, seg === null || segKey === null ? null : { field: seg, key: segKey });
  }
}

/** The segment values a measure's rows carry (after measureValue has been asked for a segment). */
export function measureKeys(env: Env, m: Measure): string[] {
  const seg = env.segField;
  switch (m.kind) {
    case 'flow':
      return flowKeys(flowRollupOf(env, flowGroupKey(m), seg));
    case 'distinct':
      return [...distinctRollupOf(env, m, seg).blocks.keys()];
    case 'stock':
      return stockKeys(stockRollupOf(env, m, seg));
    case 'spend':
      return [...new Set(spendOf(env, seg).items.map((i) => i.seg))];
    case 'quota':
      return [...new Set(quotasOf(env).items.map((i) => i.seg))];
    case 'completeness':
      return [];
    case 'mrrMovement':
      return seg === null ? [] : mrrData(env.db, m.dataset, env.settings, env.cache).keys(seg);
  }
}
