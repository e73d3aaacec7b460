import { basename, dirname, join, resolve } from 'node:path';
import type { Database } from 'sql.js';
import { AppFailure } from '../../shared/result';
import { currentStamp, sameStamp, saveFailure, tempPattern, writeAtomically, type FileStamp } from './atomic-save';
import { errnoCode, io } from './fsio';
import { checkHeader, checkIntegrity, checkSidecars, MAX_WORKBOOK_BYTES } from './identify';
import { imageHash, knownSound, rememberSound } from './known-sound';
import { acquireLock, processAlive, type HeldLock } from './lock';
import { memoryDatabase } from './memory';
import { migrate } from './schema';
import { loadSqlJs } from './sqljs';

export { MAX_WORKBOOK_BYTES } from './identify';

export interface Workbook {
  /** Absolute path of the .kpiw file. */
  readonly path: string;
  readonly db: Database;
  readonly readOnly: boolean;
  /** Why the workbook is read-only, as a sentence for the user; null when writable. */
  readonly readOnlyReason: string | null;
  /** Changes in memory that are not on disk yet. */
  dirty: boolean;
}

interface State {
  lock: HeldLock | null;
  /** The file as we last read or wrote it (null: not on disk yet). */
  stamp: FileStamp | null;
  /** False once Save As handed the database to the new Workbook. */
  ownsDb: boolean;
  closed: boolean;
  /** Saves of one workbook run one after another, never interleaved. */
  queue: Promise<void>;
  /**
   * The file on disk is the empty workbook this process just created: its first save keeps no `.bak`
   * of it, which would only be an empty workbook beside the real one.
   */
  blank: boolean;
}

const states = new WeakMap<Workbook, State>();

function stateOf(wb: Workbook): State {
  const s = states.get(wb);
  if (!s || s.closed) throw new AppFailure('no_workbook', `${basename(wb.path)} is closed.`, { file: basename(wb.path) });
  return s;
}

function make(
  path: string,
  db: Database,
  readOnlyReason: string | null,
  lock: HeldLock | null,
  stamp: FileStamp | null,
  dirty: boolean,
  blank = false,
): Workbook {
  const wb: Workbook = { path, db, readOnly: readOnlyReason !== null, readOnlyReason, dirty };
  states.set(wb, { lock, stamp, ownsDb: true, closed: false, queue: Promise.resolve(), blank });
  return wb;
}

/**
 * Older sql.js closed and reopened the database in export(), dropping connection PRAGMAs; 1.16 keeps
 * foreign_keys on [measured], but setting them after every export keeps an upgrade from silently
 * turning them off.
 */
function applyPragmas(db: Database): void {
  db.run('PRAGMA foreign_keys = ON');
  // The database lives in memory and reaches disk only through the atomic save, so the rollback
  // journal protects nothing a crash could keep; in sql.js's in-memory file system it is a file grown
  // by copying, which for an import that ends every tenth of a million deals (every page touched)
  // cost ~280 MB and 2 s, against ~150 MB and 1 s held as plain memory.
  db.run('PRAGMA journal_mode = MEMORY');
}

const totalChanges = (db: Database): number => Number(db.exec('SELECT total_changes()')[0]?.values[0]?.[0] ?? 0);

/** The database image, taken outside any transaction (sql.js refuses inside a write transaction). */
function exportBytes(db: Database, name: string): Uint8Array {
  try {
    return db.export();
  } catch (e) {
    throw new AppFailure('save_failed', `Could not save ${name}: a change is still being made (${(e as Error).message}); nothing was changed on disk.`, {
      file: name,
    });
  } finally {
    applyPragmas(db);
  }
}

/**
 * Writes an image and remembers it as sound, so the next open of these exact bytes skips the page walk
 * (known-sound.ts). The image is not quick_checked first: that costs about 1 s a million rows on every
 * save; what it would catch is a fault in this app's own writing, while what the open check is for —
 * a file changed or damaged after it was written — changes the bytes and so still gets the full check.
 * A crash before the record only costs the next open a full check.
 */
async function writeImage(abs: string, bytes: Uint8Array, mode: 'create' | 'replace', keepPrevious = true): Promise<FileStamp> {
  const stamp = await writeAtomically(abs, bytes, mode, keepPrevious);
  await rememberSound(imageHash(bytes), bytes.length);
  return stamp;
}

async function readWorkbookFile(path: string): Promise<{ bytes: Uint8Array; stamp: FileStamp }> {
  const name = basename(path);
  let size: number;
  let isFile: boolean;
  try {
    const st = await io().stat(path);
    size = st.size;
    isFile = st.isFile();
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppFailure('file_not_found', `${name} does not exist (${path}).`, { file: name });
    throw new AppFailure('file_unreadable', `Cannot read ${name} (${code ?? String(e)}).`, { file: name });
  }
  if (!isFile) throw new AppFailure('not_a_workbook', `${name} is a folder or device, not a KPI Workbook file.`, { file: name });
  if (size > MAX_WORKBOOK_BYTES) {
    const gb = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GB`;
    throw new AppFailure('file_unreadable', `${name} is ${gb(size)}; KPI Workbook opens workbooks of up to ${gb(MAX_WORKBOOK_BYTES)}.`, {
      file: name,
      size,
      limit: MAX_WORKBOOK_BYTES,
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = await io().readFile(path);
  } catch (e) {
    throw new AppFailure('file_unreadable', `Cannot read ${name} (${errnoCode(e) ?? String(e)}).`, { file: name });
  }
  const stamp = await currentStamp(path).catch((e: unknown) => {
    throw new AppFailure('file_unreadable', `Cannot read ${name} (${errnoCode(e) ?? String(e)}).`, { file: name });
  });
  if (!stamp || stamp.size !== bytes.length) throw new AppFailure('file_unreadable', `${name} changed while it was being read; try again.`, { file: name });
  return { bytes, stamp };
}

/** Removes temporary files of saves that crashed (their process is gone); we hold the lock. */
async function clearCrashedTemps(path: string): Promise<void> {
  const pattern = tempPattern(path);
  let names: string[];
  try {
    names = await io().readdir(dirname(path));
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(pattern.exec(n)?.[1] ?? NaN);
    if (Number.isNaN(pid) || pid === process.pid || processAlive(pid)) continue;
    await io()
      .unlink(join(dirname(path), n))
      .catch(() => undefined);
  }
}

/**
 * Opens a workbook: identify it from its bytes before sql.js sees them, check integrity (quick_check,
 * unless these exact bytes were found sound before), then migrate forward in memory: a workbook that
 * was brought up to date comes back dirty, for the caller to save (the file as it was becomes the
 * `.bak`). A refused file is never written. Another process
 * holding the lock makes this one read-only, with the reason in `readOnlyReason`.
 */
export async function openWorkbook(path: string, opts: { readOnly?: boolean } = {}): Promise<Workbook> {
  const abs = resolve(path);
  const name = basename(abs);
  // Compiling sql.js's WebAssembly (first open in a process) overlaps reading the file.
  const sqlReady = loadSqlJs();
  sqlReady.catch(() => undefined);
  const { bytes, stamp } = await readWorkbookFile(abs);
  checkHeader(abs, bytes);
  await checkSidecars(abs);
  const hash = imageHash(bytes);
  const known = await knownSound(hash, bytes.length);

  const SQL = await sqlReady;
  // sql.js's in-memory file system takes `bytes.slice()`, a view for a Node Buffer but a full copy for
  // a plain Uint8Array (0.3-0.5 s per 130 MB [measured]): keep handing it the Buffer readFile made.
  const db = new SQL.Database(bytes);
  let lock: HeldLock | null = null;
  try {
    // The same bytes passed quick_check here before, or were written by this app (writeImage); any
    // other image, one changed byte included, gets the full check before use.
    if (!known) {
      checkIntegrity(abs, db);
      await rememberSound(hash, bytes.length);
    }
    applyPragmas(db);
    let migrated: boolean;
    try {
      migrated = migrate(db);
    } catch (e) {
      throw new AppFailure('workbook_damaged', `${name} could not be brought up to date (${(e as Error).message}); the file has not been changed.`, {
        file: name,
      });
    }
    let reason: string | null = opts.readOnly ? `${name} was opened read-only` : null;
    if (!reason) {
      const outcome = await acquireLock(abs);
      if (outcome.held) lock = outcome.held;
      else reason = outcome.reason;
    }
    if (lock && !(await io().writable(abs))) {
      lock.release();
      lock = null;
      reason = `${name} is read-only on disk; opened read-only`;
    }
    if (lock) await clearCrashedTemps(abs);
    return make(abs, db, reason, lock, stamp, migrated && reason === null);
  } catch (e) {
    lock?.release();
    db.close();
    throw e;
  }
}

/** The lock on a file we are about to write under a new name (create, Save As), or why we may not. */
async function lockForWriting(abs: string): Promise<HeldLock> {
  const outcome = await acquireLock(abs);
  if (outcome.held) return outcome.held;
  const message = outcome.reason.replace(/; opened read-only$/, '; choose another name.');
  throw new AppFailure(outcome.busy ? 'workbook_locked' : 'target_not_writable', message, { file: basename(abs) });
}

/** Refuses to overwrite a file someone else wrote since we last read or wrote it. */
async function ensureUnchanged(path: string, stamp: FileStamp | null): Promise<void> {
  const name = basename(path);
  let onDisk: FileStamp | null;
  try {
    onDisk = await currentStamp(path);
  } catch (e) {
    throw saveFailure(name, 'checking the file on disk', e);
  }
  if (stamp && onDisk && !sameStamp(stamp, onDisk))
    throw new AppFailure(
      'save_failed',
      `${name} was changed on disk by another program since it was opened here; nothing was saved. Use Save As to keep your changes in a new file.`,
      { file: name, changedOnDisk: true },
    );
}

/** Creates a new, empty workbook at `path` (refused if anything is there already) and keeps it locked. */
export async function createWorkbook(path: string): Promise<Workbook> {
  const abs = resolve(path);
  const name = basename(abs);
  const existing = await currentStamp(abs).catch((e: unknown) => {
    throw saveFailure(name, 'checking whether it exists', e);
  });
  if (existing) throw new AppFailure('target_not_writable', `${name} already exists; open it, or choose another name for the new workbook.`, { file: name });
  const lock = await lockForWriting(abs);
  const db = await memoryDatabase();
  try {
    const stamp = await writeImage(abs, exportBytes(db, name), 'create');
    return make(abs, db, null, lock, stamp, false, true);
  } catch (e) {
    db.close();
    lock.release();
    throw e;
  }
}

async function saveNow(wb: Workbook, s: State): Promise<void> {
  const name = basename(wb.path);
  if (s.closed) throw new AppFailure('no_workbook', `${name} was closed before it could be saved.`, { file: name });
  await ensureUnchanged(wb.path, s.stamp);
  const before = totalChanges(wb.db);
  const bytes = exportBytes(wb.db, name);
  s.stamp = await writeImage(wb.path, bytes, 'replace', !s.blank);
  s.blank = false;
  // Changes made while the file was being written are not in it.
  wb.dirty = totalChanges(wb.db) !== before;
}

/** Writes the workbook over its file atomically, keeping the previous version as `<name>.bak`. */
export function saveWorkbook(wb: Workbook): Promise<void> {
  const s = stateOf(wb);
  if (wb.readOnly)
    return Promise.reject(
      new AppFailure(
        'workbook_read_only',
        `${wb.readOnlyReason ?? `${basename(wb.path)} is open read-only`}; use Save As to keep your changes in a new file.`,
        {
          file: basename(wb.path),
        },
      ),
    );
  const run = s.queue.then(() => saveNow(wb, s));
  s.queue = run.catch(() => undefined);
  return run;
}

/**
 * Writes the workbook to `newPath` and returns it as a new, writable Workbook that owns the database;
 * the old one is closed (its lock released, its database handed over). On failure the old one stays
 * open and unchanged. Overwriting an existing file is the caller's decision (the dialog asks); its
 * previous content is kept as `.bak` like any save.
 */
export async function saveWorkbookAs(wb: Workbook, newPath: string): Promise<Workbook> {
  const s = stateOf(wb);
  const abs = resolve(newPath);
  if (abs === wb.path && !wb.readOnly) {
    await saveWorkbook(wb);
    return wb;
  }
  await s.queue;
  const lock = await lockForWriting(abs);
  try {
    if (abs === wb.path) await ensureUnchanged(abs, s.stamp);
    // A hot journal beside the target would be replayed into our new file by the next SQLite opener.
    await checkSidecars(abs);
    const before = totalChanges(wb.db);
    const stamp = await writeImage(abs, exportBytes(wb.db, basename(abs)), 'replace');
    const next = make(abs, wb.db, null, lock, stamp, totalChanges(wb.db) !== before);
    s.ownsDb = false;
    closeWorkbook(wb);
    return next;
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Frees the database (unless Save As handed it on) and releases the lock; safe to call twice. */
export function closeWorkbook(wb: Workbook): void {
  const s = states.get(wb);
  if (!s || s.closed) return;
  s.closed = true;
  s.lock?.release();
  s.lock = null;
  if (s.ownsDb) wb.db.close();
}
