/**
 * Puts the finished report on disk without ever leaving a half-written file: the bytes go to a
 * temporary file in the target's folder, are flushed, and the temporary file is renamed over the
 * target in one step. A failure at any point removes the temporary file and leaves an existing
 * report as it was.
 */
import { constants } from 'node:fs';
import { access, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppFailure } from '../../shared/result';

const code = (e: unknown): string | undefined => {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
};

const why: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (is the file open in another program?)',
  EBUSY: 'the file is open in another program',
  EROFS: 'the disk is read-only',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
};

function notWritable(path: string, reason: string, e?: unknown): AppFailure {
  return new AppFailure('target_not_writable', `Cannot write ${path}: ${reason}.`, { path, ...(e === undefined ? {} : { errno: code(e) }) });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses, before any work is lost, a target that Excel or LibreOffice has open (their lock files sit
 * beside it), that is read-only, or whose folder cannot be written. The permission bits are read as
 * well as access(): for root, access() allows everything, yet a read-only file was made so on purpose.
 */
export async function checkTarget(path: string): Promise<void> {
  const dir = dirname(path);
  const name = basename(path);
  for (const lock of [`~$${name}`, `.~lock.${name}#`]) {
    if (await exists(join(dir, lock))) throw notWritable(path, `it is open in another program (lock file ${lock})`);
  }
  let dirStat;
  try {
    dirStat = await stat(dir);
  } catch (e) {
    throw notWritable(path, why[code(e) ?? ''] ?? String(e), e);
  }
  if (!dirStat.isDirectory()) throw notWritable(path, why.ENOTDIR ?? '');
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw notWritable(path, `the folder ${dir} is not writable`, e);
  }
  if ((dirStat.mode & 0o222) === 0) throw notWritable(path, `the folder ${dir} is read-only`);
  let target;
  try {
    target = await stat(path);
  } catch {
    return;
  }
  if (target.isDirectory()) throw notWritable(path, why.EISDIR ?? '');
  if ((target.mode & 0o222) === 0) throw notWritable(path, 'the file is read-only');
  try {
    await access(path, constants.W_OK);
  } catch (e) {
    throw notWritable(path, 'the file is read-only', e);
  }
}

/** Writes `bytes` to `path` atomically (see the module comment). */
export async function saveAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await checkTarget(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fh;
  try {
    fh = await open(temp, 'wx');
  } catch (e) {
    throw notWritable(path, why[code(e) ?? ''] ?? String(e), e);
  }
  try {
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    const c = code(e) ?? '';
    if (c === 'ENOSPC' || c === 'EDQUOT') throw new AppFailure('disk_full', `Cannot write ${path}: ${why[c]}.`, { path });
    throw notWritable(path, why[c] ?? String(e), e);
  }
}
