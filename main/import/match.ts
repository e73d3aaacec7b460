/**
 * Matching an import's rows to the records already in the workbook, on the import worker: each valid
 * row gets its key; a key the workbook has is compared by fingerprint. Only rows that add or change a
 * record travel on to be written. An ID seen earlier in the file is a rejected row (or counted once,
 * when the row is the same). Rows of a dataset identified by what they describe (spend by date,
 * category and channel; web traffic by day and channel ...) are added together instead: two costs of
 * one day and channel are one day's spend, and summed they match the same file's next import.
 */
import type { ImportPlan } from '../../shared/datasets/columns';
import { dataset as datasetDef, storedFields } from '../../shared/datasets/catalog';
import { isKeyProblem, keyerFor, valuesHash, type Keyer, type StoredValue } from '../../shared/datasets/identity';
import { writtenFields } from '../../shared/datasets/rows';
import type { RowProblem } from '../../shared/result';

/**
 * The workbook's current records of the dataset, as the matcher needs them. `hashes` is NaN where the
 * values themselves must be looked at (rows written before fingerprints were kept, or records with
 * values in fields this import leaves alone, which an update keeps).
 */
export interface CurrentRecords {
  /**
   * The records' keys as one JSON array: a million keys cross to the worker as one string instead of a
   * million, and the thread that made them keeps none of them.
   */
  readonly keys: string;
  readonly rowids: Float64Array;
  readonly hashes: Float64Array;
}

/** What to do with one valid row. */
export type Decision =
  | { readonly kind: 'add' }
  | { readonly kind: 'change'; readonly prev: number }
  /** The record's values must be read to decide (on the thread that has the workbook). */
  | { readonly kind: 'check'; readonly prev: number }
  | { readonly kind: 'same' }
  /** The same key and values as an earlier row of the file, or (a natural key) added to it: counted once. */
  | { readonly kind: 'collapsed' }
  /** A row of a natural key, held until the file is read and rows of the same key are added together (settle). */
  | { readonly kind: 'held' }
  | { readonly kind: 'rejected'; readonly problem: RowProblem };

export interface MatchTotals {
  added: number;
  changed: number;
  checks: number;
  unchanged: number;
  collapsed: number;
  /** Current records the file did not have, by rowid. */
  missing: number[];
}

/** How many changed rows are sent back whole, for the "what changes" sample. */
export const SAMPLE_CHANGES = 12;

/** A natural key's record as the file's rows add up to it, with the row that first had the key. */
interface Held {
  readonly row: number;
  readonly values: StoredValue[];
}

export class Matcher {
  readonly keyer: Keyer | null;
  private readonly width: number;
  /** Natural keys only: the records of the file, summed, in the order their keys first appear. */
  private readonly held = new Map<string, Held>();
  /** The columns summed when rows of a natural key are added together: its measures. */
  private readonly summed: number[];
  /** The workbook's records by key: their index in `records`. */
  private readonly current = new Map<string, number>();
  private readonly matched: Uint8Array;
  /** Per record of the workbook, the file's first row with its key (0: none yet) and that row's fingerprint. */
  private readonly firstRow: Int32Array;
  private readonly firstHash: Float64Array;
  /** Keys the workbook does not have, by the file's first row with each: that row and its fingerprint. */
  private readonly seen = new Map<string, number>();
  private readonly seenRows: number[] = [];
  private readonly seenHashes: number[] = [];
  private readonly columnOf: (field: string) => string;
  readonly totals: MatchTotals = { added: 0, changed: 0, checks: 0, unchanged: 0, collapsed: 0, missing: [] };

  constructor(
    plan: ImportPlan,
    width: number,
    private readonly records: CurrentRecords | null,
  ) {
    this.keyer = keyerFor(plan.dataset, writtenFields(plan));
    this.width = width;
    // Where earlier imports left one key twice, the newest row is the record this import updates.
    if (records) (JSON.parse(records.keys) as string[]).forEach((k, i) => this.current.set(k, i));
    const n = records?.rowids.length ?? 0;
    this.matched = new Uint8Array(n);
    this.firstRow = new Int32Array(n);
    this.firstHash = new Float64Array(n);
    const stored = storedFields(plan.dataset);
    this.summed =
      this.keyer && !this.keyer.byId
        ? stored.flatMap((f, i) => (['money', 'number', 'count'].includes(f.type) && !this.keyer!.fields.includes(f.name) ? [i] : []))
        : [];
    const labels = new Map(datasetDef(plan.dataset).fields.map((f) => [f.name, f.label]));
    const headers = new Map(plan.columns.map((c) => [c.field, c.header]));
    this.columnOf = (field) => headers.get(field) ?? labels.get(field) ?? field;
  }

  /** The key and fingerprint of the row at `at`, and what to do with it. */
  decide(values: readonly StoredValue[], at: number, row: number): { key: string | null; hash: number; decision: Decision } {
    const hash = valuesHash(values, at, this.width);
    if (!this.keyer) {
      this.totals.added++;
      return { key: null, hash, decision: { kind: 'add' } };
    }
    const key = this.keyer.key(values, at);
    if (isKeyProblem(key)) {
      return { key: null, hash, decision: { kind: 'rejected', problem: { row, column: this.columnOf(key.field), value: key.value, reason: key.reason } } };
    }
    if (!this.keyer.byId) return { key, hash, decision: this.hold(key, values, at, row) };
    const first = this.first(key, row, hash);
    if (first) {
      if (first.hash === hash) {
        this.totals.collapsed++;
        return { key, hash, decision: { kind: 'collapsed' } };
      }
      const field = this.keyer.fields[0]!;
      const shown =
        this.keyer.fields.length === 1
          ? key
          : key
              .split('\u001f')
              .filter((p) => p !== '')
              .join(' / ');
      return {
        key,
        hash,
        decision: { kind: 'rejected', problem: { row, column: this.columnOf(field), value: shown, reason: `is a duplicate of row ${first.row}` } },
      };
    }
    return { key, hash, decision: this.compare(key, hash) };
  }

  /** The file's earlier row with this key, if any; else this row is recorded as the first. */
  private first(key: string, row: number, hash: number): { row: number; hash: number } | null {
    const i = this.current.get(key);
    if (i !== undefined) {
      if (this.firstRow[i] !== 0) return { row: this.firstRow[i]!, hash: this.firstHash[i]! };
      this.firstRow[i] = row;
      this.firstHash[i] = hash;
      return null;
    }
    const j = this.seen.get(key);
    if (j !== undefined) return { row: this.seenRows[j]!, hash: this.seenHashes[j]! };
    this.seen.set(key, this.seenRows.length);
    this.seenRows.push(row);
    this.seenHashes.push(hash);
    return null;
  }

  /** A natural key's row: the first of its key is held, a later one added to it. */
  private hold(key: string, values: readonly StoredValue[], at: number, row: number): Decision {
    const first = this.held.get(key);
    if (!first) {
      this.held.set(key, { row, values: values.slice(at, at + this.width) });
      return { kind: 'held' };
    }
    for (const i of this.summed) {
      const [a, b] = [first.values[i], values[at + i]];
      if (typeof b === 'number') first.values[i] = typeof a === 'number' ? a + b : b;
    }
    this.totals.collapsed++;
    return { kind: 'collapsed' };
  }

  /**
   * Once the file is read: each natural key's summed record with its key, fingerprint and decision
   * (nothing for IDs, which were decided row by row).
   */
  settle(): { row: number; values: StoredValue[]; key: string; hash: number; decision: Decision }[] {
    return [...this.held].map(([key, h]) => {
      const hash = valuesHash(h.values, 0, this.width);
      return { row: h.row, values: h.values, key, hash, decision: this.compare(key, hash) };
    });
  }

  /** A record of the file against the workbook's record of the same key. */
  private compare(key: string, hash: number): Decision {
    const i = this.current.get(key);
    if (i === undefined) {
      this.totals.added++;
      return { kind: 'add' };
    }
    this.matched[i] = 1;
    const known = this.records!.hashes[i]!;
    const prev = this.records!.rowids[i]!;
    if (Number.isNaN(known)) {
      this.totals.checks++;
      return { kind: 'check', prev };
    }
    if (known === hash) {
      this.totals.unchanged++;
      return { kind: 'same' };
    }
    this.totals.changed++;
    return { kind: 'change', prev };
  }

  /** Called once every row is read: the current records the file did not have. */
  finish(): MatchTotals {
    const rowids = this.records?.rowids;
    if (rowids) {
      // A key the workbook holds twice counts once: only its newest row is the record.
      const newest = new Set(this.current.values());
      for (let i = 0; i < this.matched.length; i++) if (this.matched[i] === 0 && newest.has(i)) this.totals.missing.push(rowids[i]!);
    }
    return this.totals;
  }
}
