import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** The few WebAssembly globals used here; main/'s TypeScript libs (ES2022 + node 20) do not declare them. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: object) => WasmInstance;
  Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The raw SQLite C functions sql.js exports, called without its per-value wrappers. Pointers are
 * offsets into `memory`; its buffer is replaced when the heap grows, so views must be re-made.
 */
export interface SqliteNative {
  readonly memory: WasmMemory;
  readonly _malloc: (bytes: number) => number;
  readonly _free: (ptr: number) => void;
  readonly _sqlite3_prepare_v2: (db: number, sql: number, bytes: number, stmtOut: number, tailOut: number) => number;
  readonly _sqlite3_bind_text: (stmt: number, index: number, text: number, bytes: number, destructor: number) => number;
  readonly _sqlite3_bind_blob: (stmt: number, index: number, data: number, bytes: number, destructor: number) => number;
  readonly _sqlite3_bind_int: (stmt: number, index: number, value: number) => number;
  readonly _sqlite3_bind_double: (stmt: number, index: number, value: number) => number;
  readonly _sqlite3_step: (stmt: number) => number;
  readonly _sqlite3_reset: (stmt: number) => number;
  readonly _sqlite3_finalize: (stmt: number) => number;
  readonly _sqlite3_errmsg: (db: number) => number;
  readonly UTF8ToString: (ptr: number) => string;
  readonly stringToNewUTF8: (text: string) => number;
}

const nativeNames = [
  '_malloc',
  '_free',
  '_sqlite3_prepare_v2',
  '_sqlite3_bind_text',
  '_sqlite3_bind_blob',
  '_sqlite3_bind_int',
  '_sqlite3_bind_double',
  '_sqlite3_step',
  '_sqlite3_reset',
  '_sqlite3_finalize',
  '_sqlite3_errmsg',
  'UTF8ToString',
  'stringToNewUTF8',
] as const;

let loading: Promise<SqlJsStatic> | undefined;
let native: SqliteNative | null = null;

/**
 * sql.js compiles its WebAssembly once per process; every workbook shares the module. We instantiate
 * the WebAssembly ourselves (Emscripten's documented `instantiateWasm` hook) only to keep a handle on
 * its memory, which sql.js does not expose and the bulk insert path (fast-insert.ts) writes into.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const compiled = await wasm.compile(readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm')));
    let memory: WasmMemory | undefined;
    const SQL = await initSqlJs({
      instantiateWasm(imports: object, receive: (instance: WasmInstance) => void) {
        const instance = new wasm.Instance(compiled, imports);
        memory = Object.values(instance.exports).find((e): e is WasmMemory => e instanceof wasm.Memory);
        receive(instance);
        return {};
      },
    } as Parameters<typeof initSqlJs>[0]);
    native = nativeOf(SQL, memory);
    return SQL;
  })();
  return loading;
}

/**
 * sql.js caches its module per process: if something else initialised it first, the hook never ran
 * and the memory is unknown, so callers fall back to the ordinary Statement API.
 */
function nativeOf(SQL: SqlJsStatic, memory: WasmMemory | undefined): SqliteNative | null {
  if (!memory) return null;
  const mod = SQL as unknown as Record<string, unknown>;
  if (!nativeNames.every((n) => typeof mod[n] === 'function')) return null;
  return { ...(Object.fromEntries(nativeNames.map((n) => [n, mod[n]])) as Omit<SqliteNative, 'memory'>), memory };
}

/** The raw SQLite functions once loadSqlJs has resolved; null when they are not reachable. */
export function sqliteNative(): SqliteNative | null {
  return native;
}
