/**
 * The stage labels of the open deals, with how many deals and how much each holds and how many carry a
 * probability of their own: what the forecast's stage settings must cover. Counted per import batch
 * like every rollup, so naming the labels no setting covers costs nothing on a dashboard.
 */
import type { Database } from 'sql.js';
import type { Settings, StageCount } from '../../shared/api';
import { byStage, type UnsetStage } from '../../shared/metrics/forecast';
import type { Way } from '../../shared/metrics/define';
import { memo } from './cache';
import { rollupRows } from './rollups';
import { stagesRollupDef } from './stages-rollup';

/** The open deals' stage labels over the current records, most deals first. */
export function openStages(db: Database, settings: Settings, cache: Map<string, unknown>): StageCount[] {
  return memo(cache, 'open stages', () => {
    const byLabel = new Map<string, StageCount>();
    for (const [label, deals, amount, bare, bareAmount] of rollupRows(db, stagesRollupDef(settings), settings)) {
      const s = byLabel.get(String(label)) ?? { label: String(label), deals: 0, amount: 0, bare: 0, bareAmount: 0 };
      s.deals += Number(deals);
      s.amount += Number(amount);
      s.bare += Number(bare);
      s.bareAmount += Number(bareAmount);
      byLabel.set(s.label, s);
    }
    return [...byLabel.values()].filter((s) => s.deals > 0).sort((a, b) => b.deals - a.deals || a.label.localeCompare(b.label));
  });
}

/**
 * The open deals' labels a stage setting lacks: for probabilities, only deals without one of their
 * own count (they are at 0% until it is set); for forecast categories every open deal does (it is
 * in no category, so neither in commit nor in best case).
 */
export function unsetStages(stages: readonly StageCount[], settings: Settings, setting: NonNullable<Way['stageSetting']>): UnsetStage[] {
  const known = byStage<unknown>(settings[setting]);
  const out: UnsetStage[] = [];
  for (const s of stages) {
    if (known(s.label) !== undefined) continue;
    const [deals, amount] = setting === 'stage_probabilities' ? [s.bare, s.bareAmount] : [s.deals, s.amount];
    if (deals > 0) out.push({ label: s.label, deals, amount });
  }
  return out;
}

/** What a KPI says of the labels a stage setting lacks, or null when it covers every open deal. */
export function unsetStagesNote(unset: readonly UnsetStage[], setting: NonNullable<Way['stageSetting']>): string | null {
  if (unset.length === 0) return null;
  const named = unset.slice(0, 5).map((s) => `"${s.label}" (${s.deals} deal${s.deals === 1 ? '' : 's'})`);
  const more = unset.length > 5 ? ` and ${unset.length - 5} more` : '';
  return setting === 'stage_probabilities'
    ? `open deals at stage ${named.join(', ')}${more} have no probability: they count at 0% until one is set for the stage in Settings`
    : `open deals at stage ${named.join(', ')}${more} have no forecast category: they count in neither commit nor best case until one is set for the stage in Settings`;
}
