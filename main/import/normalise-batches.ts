/**
 * The import's per-row work, batch by batch: each source row normalised and validated, matched to the
 * workbook's records (match.ts), and the rows that add or change a record passed on as flat lists of
 * stored values (cheap to hand from a worker thread to the inserting one); bad rows as problems.
 * Runs in the import worker, or in the caller's thread when no worker can be had.
 */
import type { ImportPlan } from '../../shared/datasets/columns';
import { storedFields } from '../../shared/datasets/catalog';
import type { StoredValue } from '../../shared/datasets/identity';
import { normaliseRowInto } from '../../shared/datasets/rows';
import type { RowProblem } from '../../shared/result';
import type { Settings } from '../../shared/api';
import type { Source } from './source';
import type { Rows } from '../metrics/accumulate';
import { datasetSources } from '../metrics/sources';
import { Matcher, SAMPLE_CHANGES, type CurrentRecords, type MatchTotals } from './match';

export type { StoredValue } from '../../shared/datasets/identity';

/** A row passed on whole: its stored values followed by its key and fingerprint. */
export interface WholeRow {
  readonly row: number;
  /** The rowid of the record's current version. */
  readonly prev: number;
  readonly values: StoredValue[];
}

export interface NormalisedBatch {
  /** Row numbers (as the spreadsheet shows them) of the rows to write. */
  readonly rows: number[];
  /** Their values, row after row: the stored fields in storedFields order, then the key and the fingerprint. */
  readonly values: StoredValue[];
  /** Per row to write: 0 for a new record, else the rowid of the version it replaces. */
  readonly prev: number[];
  /** Rows whose record's values must be read before deciding (see CurrentRecords). */
  readonly checks: WholeRow[];
  /** The first changed rows of the import, for the sample of what changes. */
  readonly samples: WholeRow[];
  /** Problems of the rejected rows, in row order, until `maxProblems` over the whole pass. */
  readonly problems: RowProblem[];
  readonly rejected: number;
  /** The source's progress after this batch. */
  readonly done: number;
  readonly total: number;
}

/** What an import's own rows give for the workbook's rollups: the source each stands for, and its rows. */
export interface CountedRollup {
  readonly source: string;
  readonly rows: Rows;
}

/** Asks for the rows the batch writes to be counted into its rollups on their way in (accumulate.ts). */
export interface RollupRequest {
  readonly settings: Settings;
  readonly batch: number;
}

/** What the pass found besides its batches, once every row is read. */
export interface PassEnd {
  readonly totals: MatchTotals;
  /** Null when some rows were left to the inserting thread to decide: their rollups are counted from the workbook then. */
  readonly rollups: CountedRollup[] | null;
}

export interface Pass {
  readonly plan: ImportPlan;
  readonly maxProblems: number;
  readonly records: CurrentRecords | null;
  readonly rollups?: RollupRequest | undefined;
  readonly signal?: AbortSignal | undefined;
}

export async function* normaliseBatches(source: Source, pass: Pass, onEnd: (end: PassEnd) => void): AsyncGenerator<NormalisedBatch> {
  const { plan, maxProblems } = pass;
  const width = storedFields(plan.dataset).length;
  const matcher = new Matcher(plan, width, pass.records);
  const accs = pass.rollups ? datasetSources(plan.dataset, pass.rollups.settings, null).map((s) => ({ id: s.id, acc: s.create(1) })) : [];
  const batchId = pass.rollups?.batch ?? 0;
  let kept = 0;
  let sampled = 0;
  let decidedElsewhere = false;
  const reject = (problems: RowProblem[], out: RowProblem[]): void => {
    if (kept >= maxProblems) return;
    const taken = problems.slice(0, maxProblems - kept);
    kept += taken.length;
    out.push(...taken);
  };
  for await (const batch of source.batches(pass.signal)) {
    const rows: number[] = [];
    const values: StoredValue[] = [];
    const prev: number[] = [];
    const checks: WholeRow[] = [];
    const samples: WholeRow[] = [];
    const problems: RowProblem[] = [];
    let rejected = 0;
    for (const r of batch) {
      const at = values.length;
      const rowProblems = normaliseRowInto(plan, r.cells, r.row, values);
      if (rowProblems !== undefined) {
        rejected++;
        reject(rowProblems, problems);
        continue;
      }
      const { key, hash, decision } = matcher.decide(values, at, r.row);
      switch (decision.kind) {
        case 'add':
        case 'change': {
          values.push(key, hash);
          rows.push(r.row);
          prev.push(decision.kind === 'change' ? decision.prev : 0);
          for (const a of accs) a.acc.add(values, at, `${batchId}:${r.row}`);
          if (decision.kind === 'change' && sampled < SAMPLE_CHANGES) {
            sampled++;
            samples.push({ row: r.row, prev: decision.prev, values: values.slice(at) });
          }
          break;
        }
        case 'check':
          decidedElsewhere = true;
          checks.push({ row: r.row, prev: decision.prev, values: [...values.slice(at), key, hash] });
          values.length = at;
          break;
        case 'rejected':
          values.length = at;
          rejected++;
          reject([decision.problem], problems);
          break;
        default:
          values.length = at;
      }
    }
    const progress = source.progress();
    yield { rows, values, prev, checks, samples, problems, rejected, done: progress.done, total: progress.total };
  }
  onEnd({ totals: matcher.finish(), rollups: decidedElsewhere ? null : accs.map((a) => ({ source: a.id, rows: a.acc.rows() })) });
}
