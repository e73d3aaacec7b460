import type { Database } from 'sql.js';
import { INT_KIND, NULL_KIND, REAL_KIND, TEXT_KIND, type PackedValues } from './packed-values';
import { sqliteNative, type SqliteNative } from './sqljs';

/**
 * A prepared statement run once per row, bound straight through SQLite's C functions.
 *
 * sql.js's Statement.run copies every string parameter into its own malloc'd C string and frees them
 * all at the next reset: about 15-25 µs a row for a 14-column deal, most of an import's time. Here
 * each row's strings are written into one scratch buffer on the WebAssembly heap and bound with
 * SQLITE_STATIC (SQLite reads them during the step and keeps no pointer), so a row costs no
 * allocation at all. Values are bound as sql.js binds them: integers that fit 32 bits as INTEGER,
 * other numbers as REAL, strings as TEXT (with their exact byte length, so a NUL inside a string is
 * kept where sql.js would cut it), null as NULL.
 */

export type BindValue = string | number | null;

const SQLITE_OK = 0;
const SQLITE_DONE = 101;
/** SQLITE_STATIC: the buffer outlives the step, SQLite neither copies nor frees it. */
const STATIC = 0;
const MIN_SCRATCH = 64 * 1024;
const encoder = new TextEncoder();

export class FastInsert {
  private stmt: number;
  private scratch = 0;
  private capacity = 0;
  private buffer: ArrayBufferLike;
  private heap: Uint8Array;

  constructor(
    private readonly native: SqliteNative,
    private readonly db: number,
    sql: string,
  ) {
    this.buffer = native.memory.buffer;
    this.heap = new Uint8Array(this.buffer);
    this.stmt = this.prepare(sql);
  }

  private prepare(sql: string): number {
    const n = this.native;
    const text = n.stringToNewUTF8(sql);
    const out = n._malloc(4);
    try {
      const rc = n._sqlite3_prepare_v2(this.db, text, -1, out, 0);
      if (rc !== SQLITE_OK) throw new Error(n.UTF8ToString(n._sqlite3_errmsg(this.db)));
      return new DataView(n.memory.buffer).getInt32(out, true);
    } finally {
      n._free(out);
      n._free(text);
    }
  }

  /** The heap is replaced, not extended, when it grows: views over the old one read nothing. */
  private view(): Uint8Array {
    const buffer = this.native.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.heap = new Uint8Array(buffer);
    }
    return this.heap;
  }

  private reserve(bytes: number): void {
    if (bytes <= this.capacity) return;
    const n = this.native;
    if (this.scratch !== 0) n._free(this.scratch);
    this.scratch = 0;
    this.capacity = 0;
    const size = Math.max(MIN_SCRATCH, bytes * 2);
    const ptr = n._malloc(size);
    if (ptr === 0) throw new Error(`out of memory: cannot allocate ${size} bytes for the values to insert`);
    this.scratch = ptr;
    this.capacity = size;
  }

  /** Binds `values` to parameters 1..n, steps once and resets; throws SQLite's message on failure. */
  run(values: readonly BindValue[]): void {
    const n = this.native;
    const stmt = this.stmt;
    if (stmt === 0) throw new Error('statement already freed');
    // UTF-8 never needs more than 3 bytes per UTF-16 code unit.
    let worst = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'string') worst += v.length * 3;
    }
    this.reserve(worst);
    const heap = this.view();
    const base = this.scratch;
    let at = base;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let rc: number;
      if (typeof v === 'string') {
        const start = at;
        const len = v.length;
        let j = 0;
        for (; j < len; j++) {
          const c = v.charCodeAt(j);
          if (c >= 0x80) break;
          heap[at++] = c;
        }
        if (j < len) at += encoder.encodeInto(v.slice(j), heap.subarray(at, base + this.capacity)).written;
        rc = n._sqlite3_bind_text(stmt, i + 1, start, at - start, STATIC);
      } else if (typeof v === 'number') {
        rc = v === (v | 0) ? n._sqlite3_bind_int(stmt, i + 1, v) : n._sqlite3_bind_double(stmt, i + 1, v);
      } else {
        // A null data pointer binds NULL (sql.js does the same; sqlite3_bind_null is not exported).
        rc = n._sqlite3_bind_blob(stmt, i + 1, 0, 0, STATIC);
      }
      this.check(rc);
    }
    this.step();
  }

  /**
   * Runs the statement once per entry of `rows`: parameter 1 is `first`, 2 the row's entry, the
   * rest that row's `perRow` packed values. The batch's text is copied into the scratch buffer once
   * and every string bound in place; parameter 1 is bound once, as reset keeps bindings.
   */
  runPacked(first: number, rows: ArrayLike<number>, packed: PackedValues, perRow: number): void {
    const n = this.native;
    const stmt = this.stmt;
    if (stmt === 0) throw new Error('statement already freed');
    const { kinds, numbers, text } = packed;
    if (kinds.length !== rows.length * perRow) throw new Error(`${kinds.length} values cannot fill ${rows.length} rows of ${perRow}`);
    this.reserve(text.length);
    this.view().set(text, this.scratch);
    let at = this.scratch;
    this.check(this.bindNumber(1, first));
    let k = 0;
    for (let r = 0; r < rows.length; r++) {
      this.check(this.bindNumber(2, rows[r]!));
      for (let p = 3; p < perRow + 3; p++, k++) {
        const kind = kinds[k];
        const x = numbers[k]!;
        let rc: number;
        if (kind === TEXT_KIND) {
          rc = n._sqlite3_bind_text(stmt, p, at, x, STATIC);
          at += x;
        } else if (kind === INT_KIND) rc = n._sqlite3_bind_int(stmt, p, x);
        else if (kind === REAL_KIND) rc = n._sqlite3_bind_double(stmt, p, x);
        else if (kind === NULL_KIND) rc = n._sqlite3_bind_blob(stmt, p, 0, 0, STATIC);
        else throw new Error(`unknown value kind ${kind}`);
        this.check(rc);
      }
      this.step();
    }
  }

  private bindNumber(index: number, v: number): number {
    const n = this.native;
    return v === (v | 0) ? n._sqlite3_bind_int(this.stmt, index, v) : n._sqlite3_bind_double(this.stmt, index, v);
  }

  private check(rc: number): void {
    if (rc !== SQLITE_OK) throw this.failure();
  }

  private step(): void {
    const n = this.native;
    if (n._sqlite3_step(this.stmt) !== SQLITE_DONE) {
      const error = this.failure();
      n._sqlite3_reset(this.stmt);
      throw error;
    }
    n._sqlite3_reset(this.stmt);
  }

  private failure(): Error {
    return new Error(this.native.UTF8ToString(this.native._sqlite3_errmsg(this.db)));
  }

  free(): void {
    const n = this.native;
    if (this.stmt !== 0) n._sqlite3_finalize(this.stmt);
    if (this.scratch !== 0) n._free(this.scratch);
    this.stmt = 0;
    this.scratch = 0;
    this.capacity = 0;
  }
}

/**
 * A FastInsert for `sql` on `db`, or null when the raw functions are out of reach (sql.js was
 * initialised by someone other than loadSqlJs, or a future sql.js renames its handle field).
 */
export function fastInsert(db: Database, sql: string): FastInsert | null {
  const native = sqliteNative();
  const handle = (db as unknown as { db?: unknown }).db;
  if (!native || typeof handle !== 'number' || handle === 0) return null;
  return new FastInsert(native, handle, sql);
}
