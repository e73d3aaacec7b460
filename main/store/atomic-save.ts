import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AppFailure } from '../../shared/result';
import { errnoCode, io } from './fsio';

/** What a file looked like when we last read or wrote it; a difference means someone else wrote it. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

const stampOf = (s: Stats): FileStamp => ({ size: s.size, mtimeMs: s.mtimeMs, ino: s.ino });

export const sameStamp = (a: FileStamp, b: FileStamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

/** The file's stamp now, or null when it does not exist. */
export async function currentStamp(path: string): Promise<FileStamp | null> {
  try {
    return stampOf(await io().stat(path));
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return null;
    throw e;
  }
}

/** The name pattern of our temporary files, so a later open can clear those of a crashed save. */
export const tempName = (target: string, pid: number): string => `.${basename(target)}.${pid}.${randomBytes(6).toString('hex')}.tmp`;
export const tempPattern = (target: string): RegExp =>
  new RegExp(`^\\.${basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);

const RENAME_RETRIES = 10;
const TRANSIENT_RENAME = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * On Windows a virus scanner, the search indexer or a sync client briefly holds the file and rename
 * fails with EPERM/EACCES/EBUSY (write-file-atomic#28); retry with back-off (~5.5 s in all) rather
 * than ever falling back to writing in place.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await io().rename(from, to);
      return;
    } catch (e) {
      if (attempt + 1 >= RENAME_RETRIES || !TRANSIENT_RENAME.has(errnoCode(e) ?? '')) throw e;
      await io().delay(Math.min(50 * 2 ** attempt, 1000));
    }
  }
}

/**
 * Makes the rename durable. Best effort, as in SQLite's unixSync: the new file is already in place,
 * and Windows cannot open a directory for fsync at all (EISDIR/EPERM).
 */
async function syncDirectory(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = await io().open(dir, 'r');
  } catch {
    return;
  }
  await io()
    .fsync(fd)
    .catch(() => undefined);
  await io()
    .close(fd)
    .catch(() => undefined);
}

const DISK_FULL = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);

/** A failed save step as the user reads it: disk full, or what failed and why. */
export function saveFailure(name: string, step: string, e: unknown): AppFailure {
  if (e instanceof AppFailure) return e;
  const code = errnoCode(e);
  if (code && DISK_FULL.has(code))
    return new AppFailure('disk_full', `Not enough disk space to save ${name}; nothing was changed on disk.`, { file: name, reason: code, step });
  const reason = code ?? (e instanceof Error ? e.message : String(e));
  return new AppFailure('save_failed', `Could not save ${name} (${reason} while ${step}); nothing was changed on disk.`, { file: name, reason, step });
}

/**
 * Replaces (or, with mode 'create', creates) `target` with `bytes` so that a crash or error at any
 * point leaves either the old file or the new one: temp file in the same folder,
 * fsync, previous version copied to `.bak.tmp` and fsynced, rename over the target, then `.bak.tmp`
 * renamed to `.bak` and the folder fsynced. The `.bak` is replaced only after the target, so a failed
 * save leaves both exactly as they were. With `keepPrevious` false the previous version is not kept
 * (an existing `.bak` stays as it is). Returns the new file's stamp.
 */
export async function writeAtomically(target: string, bytes: Uint8Array, mode: 'create' | 'replace', keepPrevious = true): Promise<FileStamp> {
  const name = basename(target);
  const dir = dirname(target);
  const tmp = join(dir, tempName(target, process.pid));
  const bak = `${target}.bak`;
  const bakTmp = `${bak}.tmp`;
  const openFds = new Set<number>();
  const created: string[] = [];
  let step = 'creating a temporary file';
  let stamp: FileStamp;
  const closeFd = async (fd: number): Promise<void> => {
    openFds.delete(fd);
    await io().close(fd);
  };
  try {
    const fd = await io().open(tmp, 'wx');
    openFds.add(fd);
    created.push(tmp);
    step = 'writing the temporary file';
    await io().writeAll(fd, bytes, 0);
    step = 'flushing the temporary file to disk';
    await io().fsync(fd);
    stamp = stampOf(await io().fstat(fd));
    await closeFd(fd);

    const existing = await currentStamp(target);
    if (mode === 'create' && existing) throw new AppFailure('target_not_writable', `${name} already exists; nothing was changed on disk.`, { file: name });
    if (existing && keepPrevious) {
      step = 'keeping the previous version';
      created.push(bakTmp);
      await io().copyFile(target, bakTmp);
      const bfd = await io().open(bakTmp, 'r+');
      openFds.add(bfd);
      await io().fsync(bfd);
      await closeFd(bfd);
    }
    step = 'replacing the file';
    await renameWithRetry(tmp, target);
  } catch (e) {
    for (const fd of openFds)
      await io()
        .close(fd)
        .catch(() => undefined);
    for (const path of created)
      await io()
        .unlink(path)
        .catch(() => undefined);
    throw saveFailure(name, step, e);
  }
  if (created.includes(bakTmp)) {
    await renameWithRetry(bakTmp, bak).catch(() =>
      io()
        .unlink(bakTmp)
        .catch(() => undefined),
    );
  }
  await syncDirectory(dir);
  return stamp;
}
