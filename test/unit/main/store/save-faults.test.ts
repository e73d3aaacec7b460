import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../../shared/result';
import { realFsio, replaceFsio, type FsIo } from '../../../../main/store/fsio';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook, type Workbook } from '../../../../main/store/workbook';
import { addTargets, listing, rowCount, snapshot, tempFolder } from './files';

const counted = ['open', 'writeAll', 'fsync', 'fstat', 'close', 'rename', 'copyFile', 'unlink', 'stat', 'readFile', 'readdir', 'utimes', 'writable'] as const;

const errno = (code: string, op: string): Error => Object.assign(new Error(`${code}: injected fault in ${op}`), { code });

/**
 * The real file system, except that the operations for which `fails(n, op)` is true throw `code`
 * (n counts every file operation from 1). Back-off delays are recorded and skipped.
 */
function faulty(fails: (n: number, op: string, args: unknown[]) => boolean, code: string, log: string[], delays: number[] = []): FsIo {
  let n = 0;
  const io: Record<string, unknown> = { ...realFsio, delay: async (ms: number) => void delays.push(ms) };
  for (const op of counted) {
    const real = realFsio[op] as (...args: unknown[]) => Promise<unknown>;
    io[op] = (...args: unknown[]) => {
      n++;
      log.push(op);
      if (!fails(n, op, args)) return real(...args);
      // `writable` answers rather than throws: a failed access check means "not writable".
      return op === 'writable' ? Promise.resolve(false) : Promise.reject(errno(code, op));
    };
  }
  return io as unknown as FsIo;
}

/** A workbook saved twice: the file holds rows 1-5 (second save), the .bak rows 1-2 (first save). */
async function twiceSaved(dir: string): Promise<Workbook> {
  const wb = await createWorkbook(join(dir, 'sales.kpiw'));
  addTargets(wb.db, 1, 2);
  await saveWorkbook(wb);
  addTargets(wb.db, 3, 3);
  await saveWorkbook(wb);
  return wb;
}

async function rowsIn(path: string): Promise<number> {
  const wb = await openWorkbook(path, { readOnly: true });
  try {
    return rowCount(wb.db, 'targets');
  } finally {
    closeWorkbook(wb);
  }
}

/*
 * Hand count of the file operations of one save over an existing file with a .bak:
 *  1 stat target (changed behind our back?)   2 open temp 'wx'   3 write   4 fsync   5 fstat   6 close
 *  7 stat target (is there a previous version?)   8 copyFile target -> .bak.tmp   9 open .bak.tmp
 * 10 fsync   11 close   12 rename temp -> target   13 rename .bak.tmp -> .bak   14-16 open/fsync/close dir.
 * A fault in 1-12 must leave everything as it was. From 13 on the new file is already in place: a
 * failing .bak rename only leaves the older .bak (still a valid previous version), and the directory
 * fsync is best effort, so the first fault that lets the save succeed is number 13.
 * EPERM is different at 12: rename retries it (Windows scanners), so the save succeeds from 12.
 */
const cases = [
  { code: 'EIO', expectCode: 'save_failed', firstSuccess: 13 },
  { code: 'ENOSPC', expectCode: 'disk_full', firstSuccess: 13 },
  { code: 'EPERM', expectCode: 'save_failed', firstSuccess: 12 },
] as const;

for (const c of cases) {
  test(`a ${c.code} at the Nth file operation, N = 1, 2, ... until the save succeeds: nothing changes on disk`, async () => {
    const { dir, cleanup } = tempFolder();
    try {
      const wb = await twiceSaved(dir);
      const path = wb.path;
      addTargets(wb.db, 6, 3);
      wb.dirty = true;
      const target = snapshot(path);
      const bak = snapshot(`${path}.bak`);
      const files = listing(dir);
      assert.deepEqual(files, ['sales.kpiw', 'sales.kpiw.bak', 'sales.kpiw.lock']);
      let n = 1;
      for (; n < 50; n++) {
        const log: string[] = [];
        const restore = replaceFsio(faulty((i) => i === n, c.code, log));
        let failure: unknown = null;
        try {
          await saveWorkbook(wb);
        } catch (e) {
          failure = e;
        } finally {
          restore();
        }
        if (failure === null) break;
        assert.ok(failure instanceof AppFailure, `N=${n}: ${String(failure)}`);
        assert.equal(failure.code, c.expectCode, `N=${n} (${log[n - 1]})`);
        assert.match(failure.message, /sales\.kpiw/);
        assert.match(failure.message, /nothing was (changed on disk|saved)/);
        assert.deepEqual(snapshot(path), target, `N=${n}: target unchanged`);
        assert.deepEqual(snapshot(`${path}.bak`), bak, `N=${n}: .bak unchanged`);
        assert.deepEqual(listing(dir), files, `N=${n}: no temp file left (fault in ${log[n - 1]})`);
        assert.equal(wb.dirty, true);
        assert.equal(rowCount(wb.db, 'targets'), 8, 'the workbook stays open with its changes');
      }
      assert.equal(n, c.firstSuccess);
      assert.equal(wb.dirty, false);
      assert.deepEqual(listing(dir), files);
      // Rows 1-5 were on disk, 6-8 were added: the file now holds 8.
      assert.equal(await rowsIn(path), 8);
      if (c.firstSuccess === 13) assert.deepEqual(snapshot(`${path}.bak`), bak, 'the .bak rename failed: the older .bak stays');
      else assert.equal(await rowsIn(`${path}.bak`), 5, '.bak holds the previous save');
      closeWorkbook(wb);
    } finally {
      cleanup();
    }
  });
}

test('a write that keeps failing (disk full from the first write on) leaves no partial temp file', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const wb = await twiceSaved(dir);
    addTargets(wb.db, 6, 1);
    const target = snapshot(wb.path);
    const files = listing(dir);
    const restore = replaceFsio(faulty((_n, op) => op === 'writeAll', 'ENOSPC', []));
    let failure: unknown;
    try {
      await saveWorkbook(wb);
    } catch (e) {
      failure = e;
    } finally {
      restore();
    }
    assert.ok(failure instanceof AppFailure);
    assert.equal(failure.code, 'disk_full');
    assert.equal(failure.message, 'Not enough disk space to save sales.kpiw; nothing was changed on disk.');
    assert.deepEqual(snapshot(wb.path), target);
    assert.deepEqual(listing(dir), files);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('rename over the target is retried with back-off while EBUSY, then succeeds', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const wb = await twiceSaved(dir);
    addTargets(wb.db, 6, 1);
    const delays: number[] = [];
    let busy = 3;
    const restore = replaceFsio(faulty((_n, op, args) => op === 'rename' && args[1] === wb.path && busy-- > 0, 'EBUSY', [], delays));
    try {
      await saveWorkbook(wb);
    } finally {
      restore();
    }
    // Three failures, three waits: 50, 100, 200 ms (doubling from 50).
    assert.deepEqual(delays, [50, 100, 200]);
    assert.equal(await rowsIn(wb.path), 6);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a rename that stays EBUSY is given up after 10 tries (~5.5 s of back-off) and nothing changes', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const wb = await twiceSaved(dir);
    addTargets(wb.db, 6, 1);
    wb.dirty = true;
    const before = readFileSync(wb.path);
    const files = listing(dir);
    const delays: number[] = [];
    const log: string[] = [];
    const restore = replaceFsio(faulty((_n, op, args) => op === 'rename' && args[1] === wb.path, 'EBUSY', log, delays));
    let failure: unknown;
    try {
      await saveWorkbook(wb);
    } catch (e) {
      failure = e;
    } finally {
      restore();
    }
    assert.ok(failure instanceof AppFailure);
    assert.equal(failure.code, 'save_failed');
    assert.equal(failure.message, 'Could not save sales.kpiw (EBUSY while replacing the file); nothing was changed on disk.');
    assert.equal(log.filter((op) => op === 'rename').length, 10);
    // 50 + 100 + 200 + 400 + 800 + 4 x 1000 (capped) = 5550 ms between the 10 tries.
    assert.deepEqual(delays, [50, 100, 200, 400, 800, 1000, 1000, 1000, 1000]);
    assert.deepEqual(readFileSync(wb.path), before);
    assert.deepEqual(listing(dir), files);
    assert.equal(wb.dirty, true);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a fault at the Nth operation of create, for every N: it fails cleanly or succeeds, never half-way', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'new.kpiw');
    let failures = 0;
    let n = 1;
    for (; n < 60; n++) {
      const log: string[] = [];
      const restore = replaceFsio(faulty((i) => i === n, 'EIO', log));
      let failure: unknown = null;
      try {
        closeWorkbook(await createWorkbook(path));
      } catch (e) {
        failure = e;
      } finally {
        restore();
      }
      const fired = log.length >= n;
      if (failure === null) {
        // Faults after the rename (closing the lock file, syncing the folder) are harmless.
        assert.deepEqual(listing(dir), ['new.kpiw'], `N=${n}`);
        assert.equal(await rowsIn(path), 0);
        rmSync(path);
        if (!fired) break;
        continue;
      }
      failures++;
      assert.ok(failure instanceof AppFailure, `N=${n}: ${String(failure)}`);
      assert.match(failure.message, /new\.kpiw/);
      assert.deepEqual(listing(dir), [], `N=${n} (${log[n - 1]}): no file, temp or lock left`);
    }
    assert.ok(n < 60 && failures >= 8, `${failures} of ${n - 1} faults made create fail`);
  } finally {
    cleanup();
  }
});

test('a fault at the Nth operation of open, for every N, never changes the file or leaves a lock', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const wb = await twiceSaved(dir);
    const path = wb.path;
    closeWorkbook(wb);
    const files = listing(dir);
    const before = files.map((f) => snapshot(join(dir, f)));
    let n = 1;
    for (; n < 60; n++) {
      const log: string[] = [];
      const restore = replaceFsio(faulty((i) => i === n, 'EIO', log));
      let opened = null;
      try {
        opened = await openWorkbook(path);
      } catch (e) {
        assert.ok(e instanceof AppFailure, `N=${n}: ${String(e)}`);
        assert.match(e.message, /sales\.kpiw/);
      } finally {
        restore();
      }
      if (opened) {
        // A fault in taking the lock leaves it read-only, and it says why.
        assert.equal(opened.readOnly, opened.readOnlyReason !== null);
        closeWorkbook(opened);
      }
      assert.deepEqual(listing(dir), files, `N=${n}`);
      assert.deepEqual(
        files.map((f) => snapshot(join(dir, f))),
        before,
      );
      if (log.length < n) break;
    }
    assert.ok(n > 5 && n < 60);
  } finally {
    cleanup();
  }
});
