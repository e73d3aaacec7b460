/**
 * How a normalised batch crosses from the import worker to the inserting thread: the values packed
 * in the form the inserter binds (store/packed-values.ts), in transferable buffers. A structured
 * clone of the flat values cost about 1.5 s of CPU per million deals, and interning their strings
 * in a Map still 1.7 s on the worker (measured); packing is one native UTF-8 encode per batch.
 */
import { packValues, packedBuffers, unpackValues, type PackedValues } from '../store/packed-values';
import type { NormalisedBatch, StoredValue } from './normalise-batches';

export interface WireBatch {
  readonly rows: Int32Array;
  readonly values: PackedValues;
  readonly problems: NormalisedBatch['problems'];
  readonly rejected: number;
  readonly done: number;
  readonly total: number;
}

export function toWire(batch: NormalisedBatch): { wire: WireBatch; transfer: ArrayBuffer[] } {
  const rows = Int32Array.from(batch.rows);
  const values = packValues(batch.values);
  const wire = { rows, values, problems: batch.problems, rejected: batch.rejected, done: batch.done, total: batch.total };
  return { wire, transfer: [rows.buffer, ...packedBuffers(values)] };
}

/** The packed values of batches that came through fromWire, so the inserter binds them as they came. */
const packedOf = new WeakMap<NormalisedBatch, PackedValues>();

/** The batch as the worker had it; its `values` are unpacked only if something reads them. */
export function fromWire(wire: WireBatch): NormalisedBatch {
  let values: StoredValue[] | undefined;
  const batch: NormalisedBatch = {
    rows: Array.from(wire.rows),
    get values() {
      return (values ??= unpackValues(wire.values));
    },
    problems: wire.problems,
    rejected: wire.rejected,
    done: wire.done,
    total: wire.total,
  };
  packedOf.set(batch, wire.values);
  return batch;
}

/** A batch's values packed for RowInserter.insertPacked: as they crossed from the worker, or packed now. */
export function packedValues(batch: NormalisedBatch): PackedValues {
  return packedOf.get(batch) ?? packValues(batch.values);
}
