import { hostname } from 'node:os';
import { basename } from 'node:path';
import { errnoCode, io } from './fsio';

/**
 * One writer per workbook, across the app, `kpiw serve` and the CLI: a small `<name>.kpiw.lock` file
 * created with 'wx' (exclusive create) that says who holds it.
 *
 * Not proper-lockfile: it records no pid, so a lock left by a killed CLI run blocks the next run until
 * its mtime goes stale (at least 2 s, 10 s by default), and its timer-driven refresh declares the lock
 * "compromised" (throwing, by default) when a long synchronous sql.js step starves the event loop.
 * With pid + host in the file, a lock from a dead process on this machine is stale at once. An mtime
 * heartbeat covers what the pid cannot: a holder on another machine (a shared folder), and a pid
 * that has since been reused by an unrelated process.
 */

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface HeldLock {
  readonly lockPath: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** Not held: `busy` when another KPI Workbook holds it, otherwise the folder would not let us lock. */
export type LockOutcome =
  { readonly held: HeldLock } | { readonly held: null; readonly busy: boolean; readonly owner: LockOwner | null; readonly reason: string };

/** A holder refreshes its lock's mtime this often... */
export const LOCK_HEARTBEAT_MS = 20_000;
/** ...so a lock untouched for this long was left by a process that is gone (or, on another machine, asleep). */
export const LOCK_STALE_MS = 120_000;
/** A lock file with no readable owner yet is being written by its creator for at most this long. */
const UNREADABLE_GRACE_MS = 10_000;

const held = new Set<OwnLock>();
let exitHookInstalled = false;

/** Whether a process with this pid runs on this machine (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

class OwnLock implements HeldLock {
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private released = false;

  constructor(
    readonly lockPath: string,
    readonly content: string,
  ) {
    this.heartbeat = setInterval(() => {
      io()
        .utimes(lockPath, new Date())
        .catch(() => undefined);
    }, LOCK_HEARTBEAT_MS);
    this.heartbeat.unref();
    held.add(this);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    held.delete(this);
    try {
      // Someone on another machine may have judged our lock stale and taken it; theirs stays.
      if (io().readFileSync(this.lockPath) === this.content) io().unlinkSync(this.lockPath);
    } catch {
      // Already gone, or the folder went away with it: nothing left to release.
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process killed by a signal skips this; its lock is then recognised as stale by pid.
  process.on('exit', () => {
    for (const lock of [...held]) lock.release();
  });
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string') return { pid: o.pid, host: o.host, since: o.since };
  } catch {
    // Half-written or foreign content: judged by its age below.
  }
  return null;
}

type Judgement = { readonly kind: 'gone' } | { readonly kind: 'stale' } | { readonly kind: 'live'; readonly owner: LockOwner | null };

async function judge(lockPath: string): Promise<Judgement> {
  let text: string;
  let mtimeMs: number;
  try {
    text = new TextDecoder().decode(await io().readFile(lockPath));
    mtimeMs = (await io().stat(lockPath)).mtimeMs;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return { kind: 'gone' };
    throw e;
  }
  const owner = parseOwner(text);
  const age = Date.now() - mtimeMs;
  let stale: boolean;
  if (!owner) stale = age > UNREADABLE_GRACE_MS;
  else if (owner.host !== hostname()) stale = age > LOCK_STALE_MS;
  // Our own pid in a lock we do not hold: a previous process with the same pid (containers reuse pids).
  else if (owner.pid === process.pid) stale = ![...held].some((l) => l.content === text);
  // A live pid whose heartbeat stopped: the holder died and an unrelated process got its pid.
  else stale = !processAlive(owner.pid) || age > LOCK_STALE_MS;
  return stale ? { kind: 'stale' } : { kind: 'live', owner };
}

function describe(target: string, owner: LockOwner | null): string {
  const name = basename(target);
  if (!owner) return `${name} is being opened by another KPI Workbook process; opened read-only`;
  if (owner.host !== hostname()) return `${name} is open in KPI Workbook on another computer (${owner.host}, pid ${owner.pid}); opened read-only`;
  if (owner.pid === process.pid) return `${name} is already open in this KPI Workbook process; opened read-only`;
  return `${name} is open in another KPI Workbook process (pid ${owner.pid}); opened read-only`;
}

/**
 * Takes the lock beside `target`, or says who holds it. A stale lock is removed and the attempt
 * repeated. Two openers breaking the same stale lock in the same instant could both succeed; the
 * changed-on-disk check before every save is the backstop for that window.
 */
export async function acquireLock(target: string): Promise<LockOutcome> {
  const lockPath = `${target}.lock`;
  const content = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockOwner);
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = await io().open(lockPath, 'wx');
    } catch (e) {
      const code = errnoCode(e);
      if (code !== 'EEXIST') {
        return {
          held: null,
          busy: false,
          owner: null,
          reason: `${basename(target)} is in a folder KPI Workbook cannot write to (${code ?? String(e)}); opened read-only`,
        };
      }
      let j: Judgement;
      try {
        j = await judge(lockPath);
        if (j.kind === 'stale') await io().unlink(lockPath);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue;
        return {
          held: null,
          busy: false,
          owner: null,
          reason: `${basename(target)} has a lock file KPI Workbook cannot check (${errnoCode(err) ?? String(err)}); opened read-only`,
        };
      }
      if (j.kind !== 'live') continue;
      return { held: null, busy: true, owner: j.owner, reason: describe(target, j.owner) };
    }
    try {
      await io().writeAll(fd, new TextEncoder().encode(content), 0);
    } catch (e) {
      await io()
        .close(fd)
        .catch(() => undefined);
      await io()
        .unlink(lockPath)
        .catch(() => undefined);
      return {
        held: null,
        busy: false,
        owner: null,
        reason: `${basename(target)} could not be locked for writing (${errnoCode(e) ?? String(e)}); opened read-only`,
      };
    }
    await io()
      .close(fd)
      .catch(() => undefined);
    installExitHook();
    return { held: new OwnLock(lockPath, content) };
  }
  return { held: null, busy: true, owner: null, reason: describe(target, null) };
}
