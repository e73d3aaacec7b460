import * as fs from 'node:fs';
import { promisify } from 'node:util';

/**
 * Every file operation of the workbook store goes through this one seam, so tests can fail the Nth
 * operation (SQLite's FAULTSIM loop) without touching the real disk's behaviour.
 * Plain file descriptors keep each call a single, countable operation.
 */
export interface FsIo {
  open(path: string, flags: string): Promise<number>;
  /** Writes the whole buffer at `position` (looping over short writes) or throws. */
  writeAll(fd: number, data: Uint8Array, position: number): Promise<void>;
  fsync(fd: number): Promise<void>;
  fstat(fd: number): Promise<fs.Stats>;
  close(fd: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<fs.Stats>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
  utimes(path: string, time: Date): Promise<void>;
  /** Whether the current user may write the file (the OS read-only flag or permissions). */
  writable(path: string): Promise<boolean>;
  /** Only for releasing a lock, which also runs in the exit handler where nothing asynchronous runs. */
  readFileSync(path: string): string;
  unlinkSync(path: string): void;
  /** Back-off between retries; tests make it instant. */
  delay(ms: number): Promise<void>;
}

const write = (fd: number, buf: Uint8Array, off: number, len: number, pos: number): Promise<number> =>
  new Promise((resolve, reject) => fs.write(fd, buf, off, len, pos, (err, n) => (err ? reject(err) : resolve(n))));

const nodeFsio: FsIo = {
  open: (path, flags) => promisify(fs.open)(path, flags),
  async writeAll(fd, data, position) {
    let done = 0;
    while (done < data.length) done += await write(fd, data, done, data.length - done, position + done);
  },
  fsync: promisify(fs.fsync),
  fstat: (fd) => promisify(fs.fstat)(fd),
  close: promisify(fs.close),
  rename: fs.promises.rename,
  copyFile: (from, to) => fs.promises.copyFile(from, to),
  unlink: fs.promises.unlink,
  stat: (path) => fs.promises.stat(path),
  readFile: (path) => fs.promises.readFile(path),
  readdir: (path) => fs.promises.readdir(path),
  utimes: (path, time) => fs.promises.utimes(path, time, time),
  writable: (path) =>
    fs.promises.access(path, fs.constants.W_OK).then(
      () => true,
      () => false,
    ),
  readFileSync: (path) => fs.readFileSync(path, 'utf8'),
  unlinkSync: fs.unlinkSync,
  delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

let current: FsIo = nodeFsio;

/** The operations in force (the real file system unless a test replaced them). */
export const io = (): FsIo => current;

/** The real file system, for a replacement that only wraps some calls. */
export const realFsio: FsIo = nodeFsio;

/** Swaps the seam (tests only); returns the function that puts the previous one back. */
export function replaceFsio(next: FsIo): () => void {
  const previous = current;
  current = next;
  return () => {
    current = previous;
  };
}

/** The error code of a failed Node file operation ('ENOSPC', 'EPERM'...), or undefined. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
