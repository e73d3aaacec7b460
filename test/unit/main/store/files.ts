import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { AppFailure, type ErrorCode } from '../../../../shared/result';
import { loadSqlJs } from '../../../../main/store/sqljs';

/** A fresh folder under the OS temp dir; removed by the returned cleanup. */
export function tempFolder(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What "unchanged" means for a file: same bytes (by hash) and same mtime. */
export interface Snapshot {
  readonly hash: string;
  readonly mtimeMs: number;
}

/** Files above this are hashed by size, first and last MiB (the sparse over-the-ceiling file is 1.5 GB). */
const WHOLE_HASH_LIMIT = 64 * 1024 * 1024;

export function snapshot(path: string): Snapshot | null {
  let st;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  if (st.size <= WHOLE_HASH_LIMIT) hash.update(readFileSync(path));
  else {
    const fd = openSync(path, 'r');
    const mib = Buffer.alloc(1024 * 1024);
    readSync(fd, mib, 0, mib.length, 0);
    hash.update(mib);
    readSync(fd, mib, 0, mib.length, st.size - mib.length);
    hash.update(mib).update(String(st.size));
    closeSync(fd);
  }
  return { hash: hash.digest('hex'), mtimeMs: st.mtimeMs };
}

export const listing = (dir: string): string[] => readdirSync(dir).sort();

export function rowCount(db: Database, table: string): number {
  return Number(db.exec(`SELECT count(*) FROM ${table}`)[0]!.values[0]![0]);
}

/** Adds `n` target rows numbered from `from`, so a count tells which save a file holds. */
export function addTargets(db: Database, from: number, n: number): void {
  const ins = db.prepare("INSERT INTO targets (metric_id, period, value) VALUES (?, '2024-Q1', ?)");
  for (let i = from; i < from + n; i++) ins.run([`metric-${i}`, i]);
  ins.free();
}

/** A plain SQLite database (not a workbook) with the given header fields. */
export async function sqliteFile(path: string, pragmas: { applicationId?: number; userVersion?: number }): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE t (x)');
  db.run("INSERT INTO t VALUES ('hello')");
  if (pragmas.applicationId !== undefined) db.run(`PRAGMA application_id = ${pragmas.applicationId}`);
  if (pragmas.userVersion !== undefined) db.run(`PRAGMA user_version = ${pragmas.userVersion}`);
  writeFileSync(path, db.export());
  db.close();
}

/** Runs `fn`, expecting an AppFailure with `code`; returns it for further checks. */
export async function expectFailure(fn: () => Promise<unknown>, code: ErrorCode): Promise<AppFailure> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`, { cause: e });
    return e;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}
