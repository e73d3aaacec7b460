/**
 * How a normalised batch crosses from the import worker to the inserting thread. A structured clone
 * of the flat values costs about 1.5 s of CPU per million deals (measured), most of it on strings
 * that repeat row after row (stage, owner, region, dates). Here each distinct string of a batch is
 * sent once and every value is a slot in two transferable typed arrays, so the clone is small.
 */
import type { NormalisedBatch, StoredValue } from './normalise-batches';

export interface WireBatch {
  readonly rows: Int32Array;
  /** 0 = null, 1 = number (in `numbers`), 2 = string (its index in `strings`, in `numbers`). */
  readonly kinds: Uint8Array;
  readonly numbers: Float64Array;
  readonly strings: string[];
  readonly problems: NormalisedBatch['problems'];
  readonly rejected: number;
  readonly done: number;
  readonly total: number;
}

export function toWire(batch: NormalisedBatch): { wire: WireBatch; transfer: ArrayBuffer[] } {
  const n = batch.values.length;
  const kinds = new Uint8Array(n);
  const numbers = new Float64Array(n);
  const strings: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = batch.values[i]!;
    if (v === null) continue;
    if (typeof v === 'number') {
      kinds[i] = 1;
      numbers[i] = v;
      continue;
    }
    let at = index.get(v);
    if (at === undefined) {
      at = strings.length;
      strings.push(v);
      index.set(v, at);
    }
    kinds[i] = 2;
    numbers[i] = at;
  }
  const rows = Int32Array.from(batch.rows);
  const wire = { rows, kinds, numbers, strings, problems: batch.problems, rejected: batch.rejected, done: batch.done, total: batch.total };
  return { wire, transfer: [rows.buffer, kinds.buffer, numbers.buffer] };
}

export function fromWire(wire: WireBatch): NormalisedBatch {
  const { kinds, numbers, strings } = wire;
  const values = new Array<StoredValue>(kinds.length);
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i];
    values[i] = k === 0 ? null : k === 1 ? numbers[i]! : strings[numbers[i]!]!;
  }
  return { rows: Array.from(wire.rows), values, problems: wire.problems, rejected: wire.rejected, done: wire.done, total: wire.total };
}
