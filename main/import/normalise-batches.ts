/**
 * The import's per-row work, batch by batch: each source row normalised and validated, the good ones
 * as flat lists of stored values (cheap to hand from a worker thread to the inserting one), the bad
 * ones as problems. Runs in the import worker, or in the caller's thread when no worker can be had.
 */
import type { ImportPlan } from '../../shared/datasets/columns';
import { normaliseRowInto } from '../../shared/datasets/rows';
import type { RowProblem } from '../../shared/result';
import type { Source } from './source';
import type { Settings } from '../../shared/api';
import type { BatchRollup } from '../metrics/batch-rollups';
import type { Rows } from '../metrics/partials';

export type StoredValue = string | number | null;

export interface NormalisedBatch {
  /** Row numbers (as the spreadsheet shows them) of the accepted rows. */
  readonly rows: number[];
  /** The accepted rows' stored values, row after row, each in the order of storedFields(dataset). */
  readonly values: StoredValue[];
  /** Problems of the rejected rows, in row order, until `maxProblems` over the whole pass. */
  readonly problems: RowProblem[];
  readonly rejected: number;
  /** The source's progress after this batch. */
  readonly done: number;
  readonly total: number;
}

/** What an import's own rows give for the workbook's rollups: the query each stands for, and its rows. */
export interface CountedRollup {
  readonly source: string;
  readonly rows: Rows;
}

/** Asks for the batch's rollups to be counted from its rows on their way in (see batch-rollups.ts). */
export interface RollupRequest {
  readonly settings: Settings;
  readonly batch: number;
}

export const countedRollups = (rollups: readonly BatchRollup[]): CountedRollup[] =>
  rollups.flatMap((r) => {
    const rows = r.rows();
    return rows ? [{ source: r.source, rows }] : [];
  });

/** `rollups` are fed every accepted row. */
export async function* normaliseBatches(
  source: Source,
  plan: ImportPlan,
  maxProblems: number,
  signal?: AbortSignal,
  rollups: readonly BatchRollup[] = [],
): AsyncGenerator<NormalisedBatch> {
  let kept = 0;
  for await (const batch of source.batches(signal)) {
    const rows: number[] = [];
    const values: StoredValue[] = [];
    const problems: RowProblem[] = [];
    let rejected = 0;
    for (const r of batch) {
      const at = values.length;
      const rowProblems = normaliseRowInto(plan, r.cells, r.row, values);
      if (rowProblems === undefined) {
        rows.push(r.row);
        for (const rollup of rollups) rollup.add(values, at, r.row);
      } else {
        rejected++;
        if (kept < maxProblems) {
          const taken = rowProblems.slice(0, maxProblems - kept);
          kept += taken.length;
          problems.push(...taken);
        }
      }
    }
    const progress = source.progress();
    yield { rows, values, problems, rejected, done: progress.done, total: progress.total };
  }
}
