/**
 * The import's per-row work, batch by batch: each source row normalised and validated, matched to the
 * workbook's records (match.ts), and the rows that add or change a record passed on as flat lists of
 * stored values (cheap to hand from a worker thread to the inserting one); bad rows as problems.
 * Runs in the import worker, or in the caller's thread when no worker can be had.
 */
import type { ImportPlan } from '../../shared/datasets/columns';
import { dataset as datasetDef, storedFields, type FieldType } from '../../shared/datasets/catalog';
import type { StoredValue } from '../../shared/datasets/identity';
import { normaliseRowInto } from '../../shared/datasets/rows';
import { ValueTally, type TallyEnd } from '../../shared/datasets/value-map';
import type { RowProblem } from '../../shared/result';
import type { Settings } from '../../shared/api';
import type { Source } from './source';
import type { Rows } from '../metrics/accumulate';
import { datasetRollups } from '../metrics/dataset-rollups';
import { dayOf } from '../metrics/compile';
import { Matcher, SAMPLE_CHANGES, type CurrentRecords, type Decision, type MatchTotals } from './match';

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

/** What an import's own rows give for the workbook's rollups: each one's id and rows. */
export interface CountedRollup {
  readonly id: string;
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
  /** The earliest day of the dataset's first event date (a deal's creation ...) over the valid rows, if any. */
  readonly earliest: string | null;
  /** Null when some rows were left to the inserting thread to decide: their rollups are counted from the workbook then. */
  readonly rollups: CountedRollup[] | null;
  /** Every row's labels, and the values left empty in the rows kept. */
  readonly tally: TallyEnd;
}

export interface Pass {
  readonly plan: ImportPlan;
  readonly maxProblems: number;
  readonly records: CurrentRecords | null;
  readonly rollups?: RollupRequest | undefined;
  readonly signal?: AbortSignal | undefined;
}

const MEASURES: ReadonlySet<FieldType> = new Set(['money', 'number', 'count', 'score']);

/**
 * The columns a formula without a saved result must not be read as empty in: a required field, or a
 * measure, whose empty value would be a won deal without its amount.
 */
function strictColumns(plan: ImportPlan): Set<number> {
  const required = new Set(datasetDef(plan.dataset).fields.flatMap((f) => (f.required ? [f.name] : [])));
  return new Set(plan.columns.flatMap((c) => (required.has(c.field) || MEASURES.has(c.type) ? [c.index] : [])));
}

export async function* normaliseBatches(source: Source, pass: Pass, onEnd: (end: PassEnd) => void): AsyncGenerator<NormalisedBatch> {
  const { plan, maxProblems } = pass;
  const width = storedFields(plan.dataset).length;
  const matcher = new Matcher(plan, width, pass.records);
  const accs = pass.rollups ? datasetRollups(plan.dataset, pass.rollups.settings, null).map((s) => ({ id: s.id, acc: s.create(1) })) : [];
  const batchId = pass.rollups?.batch ?? 0;
  let kept = 0;
  let sampled = 0;
  let decidedElsewhere = false;
  const firstEvent = datasetDef(plan.dataset).events[0];
  const eventAt = firstEvent ? storedFields(plan.dataset).findIndex((f) => f.name === firstEvent.field) : -1;
  let earliest: string | null = null;
  const tally = new ValueTally();
  const countLabels = tally.counter(plan);
  const reject = (problems: RowProblem[], out: RowProblem[]): void => {
    if (kept >= maxProblems) return;
    const taken = problems.slice(0, maxProblems - kept);
    kept += taken.length;
    out.push(...taken);
  };
  /** A batch being filled: the rows to write, with their decisions' side lists. */
  const fresh = () => ({
    rows: [] as number[],
    values: [] as StoredValue[],
    prev: [] as number[],
    checks: [] as WholeRow[],
    samples: [] as WholeRow[],
    problems: [] as RowProblem[],
    rejected: 0,
  });
  /** Acts on the decision for the row whose stored values end `out.values` from `at` on. */
  const take = (out: ReturnType<typeof fresh>, at: number, row: number, key: string | null, hash: number, decision: Decision): void => {
    const { values } = out;
    switch (decision.kind) {
      case 'add':
      case 'change': {
        values.push(key, hash);
        out.rows.push(row);
        out.prev.push(decision.kind === 'change' ? decision.prev : 0);
        for (const a of accs) a.acc.add(values, at, `${batchId}:${row}`);
        if (decision.kind === 'change' && sampled < SAMPLE_CHANGES) {
          sampled++;
          out.samples.push({ row, prev: decision.prev, values: values.slice(at) });
        }
        break;
      }
      case 'check':
        decidedElsewhere = true;
        out.checks.push({ row, prev: decision.prev, values: [...values.slice(at), key, hash] });
        values.length = at;
        break;
      case 'rejected':
        values.length = at;
        out.rejected++;
        reject([decision.problem], out.problems);
        break;
      default:
        values.length = at;
    }
  };
  for await (const batch of source.batches(pass.signal, strictColumns(plan))) {
    const out = fresh();
    for (const r of batch) {
      if (r.problem !== undefined) {
        out.rejected++;
        reject([r.problem], out.problems);
        continue;
      }
      const at = out.values.length;
      countLabels(r.cells);
      const rowProblems = normaliseRowInto(plan, r.cells, r.row, out.values, tally);
      if (rowProblems !== undefined) {
        out.rejected++;
        reject(rowProblems, out.problems);
        continue;
      }
      if (eventAt >= 0) {
        const day = dayOf(out.values[at + eventAt]!);
        if (day !== null && (earliest === null || day < earliest)) earliest = day;
      }
      const { key, hash, decision } = matcher.decide(out.values, at, r.row);
      take(out, at, r.row, key, hash, decision);
    }
    const progress = source.progress();
    yield { ...out, done: progress.done, total: progress.total };
  }
  // Records of a natural key were held until every row of theirs was read and added together.
  const settled = matcher.settle();
  if (settled.length > 0) {
    const out = fresh();
    for (const s of settled) {
      const at = out.values.length;
      out.values.push(...s.values);
      take(out, at, s.row, s.key, s.hash, s.decision);
    }
    const progress = source.progress();
    yield { ...out, done: progress.done, total: progress.total };
  }
  onEnd({ totals: matcher.finish(), earliest, rollups: decidedElsewhere ? null : accs.map((a) => ({ id: a.id, rows: a.acc.rows() })), tally: tally.end() });
}
