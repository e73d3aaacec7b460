/**
 * Row values packed in the form the bulk insert binds (fast-insert.ts runPacked): a kind per value,
 * its number (or its text's UTF-8 byte length), and the text bytes of all values back to back. The
 * import worker packs each batch and transfers the three buffers, so neither thread builds or
 * clones a JavaScript string per value on the way, and the inserter copies the text into the
 * WebAssembly heap once per batch and binds pointers into it.
 *
 * The kinds decide the binding exactly as fast-insert.ts's run() does: integers that fit 32 bits
 * (-0 included) as INTEGER, other numbers (NaN, Infinity, 2^31) as REAL, strings as TEXT with their
 * exact byte length, null as NULL.
 */

export type PackableValue = string | number | null;

export const NULL_KIND = 0;
export const INT_KIND = 1;
export const REAL_KIND = 2;
export const TEXT_KIND = 3;

export interface PackedValues {
  /** NULL_KIND, INT_KIND, REAL_KIND or TEXT_KIND per value. */
  readonly kinds: Uint8Array;
  /** The value of a number; the byte length in `text` of a string; 0 for null. */
  readonly numbers: Float64Array;
  /** The UTF-8 bytes of the strings, in value order, with nothing between them. */
  readonly text: Uint8Array;
}

const encoder = new TextEncoder();
// A leading U+FEFF is a character of the value here, not a byte order mark to drop.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Text bytes first reserved per value; most batches then never grow their buffer. */
const BYTES_PER_VALUE = 16;

export function packValues(values: readonly PackableValue[]): PackedValues {
  const n = values.length;
  const kinds = new Uint8Array(n);
  const numbers = new Float64Array(n);
  let text = new Uint8Array(n * BYTES_PER_VALUE);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') {
      const len = v.length;
      // UTF-8 never needs more than 3 bytes per UTF-16 code unit.
      if (at + len * 3 > text.length) text = grown(text, at, at + len * 3);
      const start = at;
      // Written by hand while ASCII (measured faster than joining a batch's strings and encoding
      // them in one call); the rest of a string from its first other character by the encoder.
      let j = 0;
      for (; j < len; j++) {
        const c = v.charCodeAt(j);
        if (c >= 0x80) break;
        text[at++] = c;
      }
      if (j < len) at += encoder.encodeInto(v.slice(j), text.subarray(at)).written;
      kinds[i] = TEXT_KIND;
      numbers[i] = at - start;
    } else if (typeof v === 'number') {
      kinds[i] = v === (v | 0) ? INT_KIND : REAL_KIND;
      numbers[i] = v;
    }
  }
  return { kinds, numbers, text: text.subarray(0, at) };
}

function grown(bytes: Uint8Array, used: number, needed: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(Math.max(needed, bytes.length * 2));
  bigger.set(bytes.subarray(0, used));
  return bigger;
}

/** The values back as JavaScript values (the Statement fallback binds these; tests compare them). */
export function unpackValues(packed: PackedValues): PackableValue[] {
  const { kinds, numbers, text } = packed;
  const out = new Array<PackableValue>(kinds.length);
  let at = 0;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === TEXT_KIND) {
      const end = at + numbers[i]!;
      out[i] = decoder.decode(text.subarray(at, end));
      at = end;
    } else out[i] = kind === NULL_KIND ? null : numbers[i]!;
  }
  return out;
}

/** The buffers to transfer when posting `packed` to another thread. */
export function packedBuffers(packed: PackedValues): ArrayBuffer[] {
  return [packed.kinds.buffer, packed.numbers.buffer, packed.text.buffer] as ArrayBuffer[];
}
