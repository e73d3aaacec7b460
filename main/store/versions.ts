/**
 * When a version of a record stands: from the as-of date of the batch that wrote it until that of the
 * batch that replaced or removed it. Before the first export of a dataset no export shows its records,
 * so the state on such a day is rebuilt from the current versions and their own dates.
 */
import type { Database } from 'sql.js';
import type { DatasetName } from '../../shared/datasets/catalog';
import { chronology } from './batches';

export interface Validity {
  /** Each batch of the dataset: the day its export shows. */
  readonly asOf: ReadonlyMap<number, string>;
  /** The first of those days, or null when the dataset has no batch. */
  readonly first: string | null;
}

export function validity(db: Database, dataset: DatasetName): Validity {
  const order = chronology(db, dataset);
  return { asOf: new Map(order.map((b) => [b.id, b.asOf])), first: order[0]?.asOf ?? null };
}

/** True when no export of the dataset shows `day`: its state then is rebuilt from the current versions. */
export const rebuiltOn = (v: Validity, day: string): boolean => v.first === null || day < v.first;

/**
 * Whether the version written by `batch` and ended by `until` (null: current) is the one standing on
 * `day`: the one valid then, or, on a day no export shows, the current one.
 */
export function standsOn(v: Validity, batch: number, until: number | null, day: string): boolean {
  if (rebuiltOn(v, day)) return until === null;
  return v.asOf.get(batch)! <= day && (until === null || v.asOf.get(until)! > day);
}
