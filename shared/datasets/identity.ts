/**
 * Record identity: which stored values make a row the same record as a row of an earlier export
 * (the dataset's key in the catalogue), and a fingerprint of a row's values, so that a newer export
 * updates what changed and leaves the rest alone.
 */
import { dataset as datasetDef, storedFields, type DatasetName } from './catalog';

export type StoredValue = string | number | null;

/** Between the parts of a key made of several fields: a character no export puts in an ID or a label. */
export const KEY_SEPARATOR = '\u001f';

/** A key field read as a row problem: which field and why, to be worded with the file's column. */
export interface KeyProblem {
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

export interface Keyer {
  /** The fields the key is read from, in order (a composite key's parts). */
  readonly fields: readonly string[];
  /** True when the key is an ID the tool exports (a blank one is a row problem), false for a natural key. */
  readonly byId: boolean;
  /**
   * The key of the row whose stored values start at `at` in `values` (storedFields order), or why the
   * row has none. Keeps per-file state (an order line's position among the lines of its order and
   * product), so it is called once per row in file order.
   */
  key(values: readonly StoredValue[], at: number): string | KeyProblem;
}

/** `8.1E+06`: a long numeric ID after a spreadsheet shortened it; it no longer names one record. */
const SCIENTIFIC = /^[+-]?\d(?:[.,]\d+)?e[+-]?\d+$/i;

const partText = (v: StoredValue): string => (v === null ? '' : String(v));

function idProblem(field: string, v: StoredValue, label: string): KeyProblem | null {
  const text = partText(v);
  if (text === '') return { field, value: '', reason: `is empty; every row needs its ${label} when the file has that column (it identifies the record)` };
  if (SCIENTIFIC.test(text))
    return {
      field,
      value: text,
      reason: `is a number a spreadsheet shortened to scientific notation, so it no longer identifies one record; export the ${label} column as text`,
    };
  return null;
}

/**
 * How the rows of an import into `dataset` are identified, given the fields the import writes; null
 * when the dataset's ID is not among them (the rows are then added, as rows without identity).
 */
export function keyerFor(dataset: DatasetName, written: ReadonlySet<string>): Keyer | null {
  const def = datasetDef(dataset);
  const index = new Map(storedFields(dataset).map((f, i) => [f.name, i]));
  const label = (f: string): string => def.fields.find((x) => x.name === f)?.label ?? f;
  const isId = (f: string): boolean => def.fields.find((x) => x.name === f)?.type === 'id';
  const alternative = def.key.alternative;
  if (alternative && alternative.every((f) => written.has(f))) return idKeyer(alternative, index, label);
  const fields = def.key.fields;
  const ids = fields.filter(isId);
  if (ids.length === 0) return naturalKeyer(fields, index);
  if (!ids.every((f) => written.has(f))) return null;
  // An order line without a line ID: its order, its product and which such line of the order it is.
  if (ids.length < fields.length) return positionKeyer(fields, ids, index, label);
  return idKeyer(fields, index, label);
}

const at0 = (index: ReadonlyMap<string, number>, f: string): number => {
  const i = index.get(f);
  if (i === undefined) throw new Error(`${f} is not a stored field`);
  return i;
};

function idKeyer(fields: readonly string[], index: ReadonlyMap<string, number>, label: (f: string) => string): Keyer {
  const slots = fields.map((f) => at0(index, f));
  return {
    fields,
    byId: true,
    key(values, at) {
      const parts: string[] = [];
      for (let i = 0; i < slots.length; i++) {
        const v = values[at + slots[i]!]!;
        const problem = idProblem(fields[i]!, v, label(fields[i]!));
        if (problem) return problem;
        parts.push(partText(v));
      }
      return parts.join(KEY_SEPARATOR);
    },
  };
}

function naturalKeyer(fields: readonly string[], index: ReadonlyMap<string, number>): Keyer {
  const slots = fields.map((f) => at0(index, f));
  return {
    fields,
    byId: false,
    key: (values, at) => slots.map((s) => partText(values[at + s]!)).join(KEY_SEPARATOR),
  };
}

function positionKeyer(fields: readonly string[], ids: readonly string[], index: ReadonlyMap<string, number>, label: (f: string) => string): Keyer {
  const slots = fields.map((f) => at0(index, f));
  const seen = new Map<string, number>();
  return {
    fields,
    byId: true,
    key(values, at) {
      for (const f of ids) {
        const problem = idProblem(f, values[at + at0(index, f)]!, label(f));
        if (problem) return problem;
      }
      const base = slots.map((s) => partText(values[at + s]!)).join(KEY_SEPARATOR);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return `${base}${KEY_SEPARATOR}${n}`;
    },
  };
}

export const isKeyProblem = (k: string | KeyProblem): k is KeyProblem => typeof k !== 'string';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A 53-bit fingerprint of `width` stored values starting at `at` (cyrb53's mixing, with each value's
 * kind in the stream so that 1 and '1' differ). Two versions of a record with the same fingerprint
 * are taken as equal: for a million records the chance that a change goes unseen is about 1 in 10^10.
 */
export function valuesHash(values: readonly StoredValue[], at: number, width: number): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (c: number): void => {
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  };
  for (let i = at; i < at + width; i++) {
    const v = values[i];
    if (v === null || v === undefined) mix(0x100001);
    else if (typeof v === 'number') {
      mix(0x100002);
      f64[0] = v;
      mix(u32[0]!);
      mix(u32[1]!);
    } else {
      mix(0x100003);
      for (let j = 0; j < v.length; j++) mix(v.charCodeAt(j));
      mix(0x100004);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
