/**
 * Every rollup the metric engine reads from a dataset: one per flow group, distinct count and stock
 * of the catalogue, the data profile's, and the open deals' stage labels. An import counts these for its own rows; a scan of the
 * workbook's rows counts them all at once when any is missing.
 */
import type { Settings } from '../../shared/api';
import { datasets, type DatasetName } from '../../shared/datasets/catalog';
import type { Source } from './accumulate';
import { distinctMeasuresOf, distinctSource } from './distinct';
import { flowGroupsOf, flowSource } from './flows';
import { filledSource, latestSource, rowsSource } from './profile-sources';
import { stockMeasuresOf, stockSource } from './stock';
import { stagesSource } from './stages';

const made = new Map<string, Source[]>();

/** The sources of one dataset, split by `segField` (null: the whole data, with the profile's). */
export function datasetSources(dataset: DatasetName, settings: Settings, segField: string | null): readonly Source[] {
  const key = JSON.stringify([dataset, settings, segField]);
  let list = made.get(key);
  if (!list) {
    list = [
      ...(segField === null ? [rowsSource(dataset, settings), latestSource(dataset, settings), filledSource(dataset, settings)] : []),
      ...(segField === null && dataset === 'deals' ? [stagesSource(settings)] : []),
      ...flowGroupsOf(dataset).map((g) => flowSource(g, settings, segField)),
      ...distinctMeasuresOf(dataset).map((m) => distinctSource(m, settings, segField)),
      ...stockMeasuresOf(dataset).map((m) => stockSource(m, settings, segField)),
    ];
    // Settings are few and segment fields eight: this stays small, and sources are cheap to hold.
    if (made.size > 200) made.clear();
    made.set(key, list);
  }
  return list;
}

/** The ids of every source kept in a workbook with these settings (anything else stored is stale). */
export const keptSourceIds = (settings: Settings): Set<string> => new Set(datasets.flatMap((d) => datasetSources(d.name, settings, null).map((s) => s.id)));
