/**
 * How a normalised batch crosses from the import worker to the inserting thread: the values packed
 * in the form the inserter binds (store/packed-values.ts), in transferable buffers. A structured
 * clone of the flat values cost about 1.5 s of CPU per million deals, and interning their strings
 * in a Map still 1.7 s on the worker (measured); packing is one native UTF-8 encode per batch.
 * The few rows sent whole (to be checked, or as samples) go as they are.
 */
import { packValues, packedBuffers, unpackValues, type PackedValues } from '../store/packed-values';
import type { NormalisedBatch, StoredValue } from './normalise-batches';

export interface WireBatch extends Omit<NormalisedBatch, 'rows' | 'values' | 'prev'> {
  readonly rows: Int32Array;
  readonly values: PackedValues;
  readonly prev: Float64Array;
}

export function toWire(batch: NormalisedBatch): { wire: WireBatch; transfer: ArrayBuffer[] } {
  const rows = Int32Array.from(batch.rows);
  const prev = Float64Array.from(batch.prev);
  const values = packValues(batch.values);
  const wire: WireBatch = { ...batch, rows, values, prev };
  return { wire, transfer: [rows.buffer, prev.buffer, ...packedBuffers(values)] };
}

/** The packed values of batches that came through fromWire, so the inserter binds them as they came. */
const packedOf = new WeakMap<NormalisedBatch, PackedValues>();

/** The batch as the worker had it; its `values` are unpacked only if something reads them. */
export function fromWire(wire: WireBatch): NormalisedBatch {
  let values: StoredValue[] | undefined;
  const batch: NormalisedBatch = {
    ...wire,
    rows: Array.from(wire.rows),
    prev: Array.from(wire.prev),
    get values() {
      return (values ??= unpackValues(wire.values));
    },
  };
  packedOf.set(batch, wire.values);
  return batch;
}

/** A batch's values packed for RowInserter.insertPacked: as they crossed from the worker, or packed now. */
export function packedValues(batch: NormalisedBatch): PackedValues {
  return packedOf.get(batch) ?? packValues(batch.values);
}
