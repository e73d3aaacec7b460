/**
 * Every rollup the metric engine reads from a dataset: one per flow group, distinct count and stock
 * of the catalogue, the data profile's, and the open deals' stage labels. An import counts these for its own rows; a scan of the
 * workbook's rows counts them all at once when any is missing.
 */
import type { Settings } from '../../shared/api';
import { datasets, type DatasetName } from '../../shared/datasets/catalog';
import type { RollupDef } from './accumulate';
import { distinctMeasuresOf, distinctRollupDef } from './distinct';
import { flowGroupsOf, flowRollupDef } from './flows';
import { filledRollupDef, latestRollupDef, rowsRollupDef } from './profile-rollups';
import { stockMeasuresOf, stockRollupDef } from './stock';
import { stagesRollupDef } from './stages-rollup';

const made = new Map<string, RollupDef[]>();

/** The rollups of one dataset, split by `segField` (null: the whole data, with the profile's). */
export function datasetRollups(dataset: DatasetName, settings: Settings, segField: string | null): readonly RollupDef[] {
  const key = JSON.stringify([dataset, settings, segField]);
  let list = made.get(key);
  if (!list) {
    list = [
      ...(segField === null ? [rowsRollupDef(dataset, settings), latestRollupDef(dataset, settings), filledRollupDef(dataset, settings)] : []),
      ...(segField === null && dataset === 'deals' ? [stagesRollupDef(settings)] : []),
      ...flowGroupsOf(dataset).map((g) => flowRollupDef(g, settings, segField)),
      ...distinctMeasuresOf(dataset).map((m) => distinctRollupDef(m, settings, segField)),
      ...stockMeasuresOf(dataset).map((m) => stockRollupDef(m, settings, segField)),
    ];
    // Settings are few and segment fields eight: this stays small, and definitions are cheap to hold.
    if (made.size > 200) made.clear();
    made.set(key, list);
  }
  return list;
}

/** The ids of every rollup kept in a workbook with these settings (anything else stored is stale). */
export const keptRollupIds = (settings: Settings): Set<string> => new Set(datasets.flatMap((d) => datasetRollups(d.name, settings, null).map((s) => s.id)));
