import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook, saveWorkbookAs } from '../../../../main/store/workbook';
import { LOCK_HEARTBEAT_MS, LOCK_STALE_MS } from '../../../../main/store/lock';
import { expectFailure, tempFolder } from './files';

/** A workbook on disk with nobody holding it. */
async function closedWorkbook(dir: string, name = 'sales.kpiw'): Promise<string> {
  const path = join(dir, name);
  closeWorkbook(await createWorkbook(path));
  return path;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.equal(child.status, 0);
  return child.pid;
}

const minutesAgo = (m: number): Date => new Date(Date.now() - m * 60_000);

test('a second open in the same process is read-only; closing the first frees it', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    const first = await openWorkbook(path);
    assert.equal(first.readOnly, false);
    const lock = JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as { pid: number; host: string };
    assert.equal(lock.pid, process.pid);
    assert.equal(lock.host, hostname());
    const second = await openWorkbook(path);
    assert.equal(second.readOnly, true);
    assert.equal(second.readOnlyReason, 'sales.kpiw is already open in this KPI Workbook process; opened read-only');
    await expectFailure(() => saveWorkbook(second), 'workbook_read_only');
    closeWorkbook(second);
    assert.equal(existsSync(`${path}.lock`), true, "closing the read-only copy leaves the holder's lock");
    closeWorkbook(first);
    assert.equal(existsSync(`${path}.lock`), false);
    const third = await openWorkbook(path);
    assert.equal(third.readOnly, false);
    closeWorkbook(third);
  } finally {
    cleanup();
  }
});

test('a lock held by another live process on this machine makes the open read-only, naming its pid', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    // Our parent (the test runner) is alive for as long as this test runs.
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date().toISOString() }));
    const wb = await openWorkbook(path);
    assert.equal(wb.readOnlyReason, `sales.kpiw is open in another KPI Workbook process (pid ${process.ppid}); opened read-only`);
    closeWorkbook(wb);
    assert.equal(existsSync(`${path}.lock`), true, 'the other process keeps its lock');
  } finally {
    cleanup();
  }
});

test('a lock left by a dead process on this machine is stale at once, however fresh its mtime', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString() }));
    const wb = await openWorkbook(path);
    assert.equal(wb.readOnly, false);
    assert.equal((JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as { pid: number }).pid, process.pid);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a lock naming our own pid that we do not hold was left by an earlier process with the same pid', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const wb = await openWorkbook(path);
    assert.equal(wb.readOnly, false);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a live pid whose lock heartbeat stopped long ago is a reused pid: the lock is stale', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date().toISOString() }));
    // The heartbeat refreshes every 20 s; 3 minutes without one is past LOCK_STALE_MS (2 minutes).
    utimesSync(`${path}.lock`, minutesAgo(3), minutesAgo(3));
    const wb = await openWorkbook(path);
    assert.equal(wb.readOnly, false);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a lock from another computer counts while its heartbeat is fresh, and is stale after it stops', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 4242, host: 'other-laptop', since: new Date().toISOString() }));
    const held = await openWorkbook(path);
    assert.equal(held.readOnlyReason, 'sales.kpiw is open in KPI Workbook on another computer (other-laptop, pid 4242); opened read-only');
    closeWorkbook(held);
    // LOCK_STALE_MS is 2 minutes; 3 minutes without a heartbeat means the other app is gone.
    assert.equal(LOCK_STALE_MS, 120_000);
    utimesSync(`${path}.lock`, minutesAgo(3), minutesAgo(3));
    const free = await openWorkbook(path);
    assert.equal(free.readOnly, false);
    closeWorkbook(free);
  } finally {
    cleanup();
  }
});

test('a lock file without a readable owner is respected briefly (being written), then stale', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = await closedWorkbook(dir);
    writeFileSync(`${path}.lock`, '');
    const busy = await openWorkbook(path);
    assert.equal(busy.readOnlyReason, 'sales.kpiw is being opened by another KPI Workbook process; opened read-only');
    closeWorkbook(busy);
    utimesSync(`${path}.lock`, minutesAgo(1), minutesAgo(1));
    const free = await openWorkbook(path);
    assert.equal(free.readOnly, false);
    closeWorkbook(free);
  } finally {
    cleanup();
  }
});

test('create and save-as refuse a name whose lock another process holds', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const other = join(dir, 'theirs.kpiw');
    writeFileSync(`${other}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date().toISOString() }));
    const e = await expectFailure(() => createWorkbook(other), 'workbook_locked');
    assert.match(e.message, /theirs\.kpiw is open in another KPI Workbook process .*choose another name/);
    const path = await closedWorkbook(dir);
    const wb = await openWorkbook(path);
    await expectFailure(() => saveWorkbookAs(wb, other), 'workbook_locked');
    assert.equal(existsSync(other), false);
    assert.equal(wb.readOnly, false, 'the original stays open');
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a holder refreshes its lock mtime every heartbeat, so it never looks stale', async () => {
  const { dir, cleanup } = tempFolder();
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const path = await closedWorkbook(dir);
    const wb = await openWorkbook(path);
    utimesSync(`${path}.lock`, minutesAgo(3), minutesAgo(3));
    mock.timers.tick(LOCK_HEARTBEAT_MS);
    // The refresh is real file I/O started by the tick; give it a moment to land.
    for (let i = 0; i < 100 && Date.now() - statSync(`${path}.lock`).mtimeMs > 60_000; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(Date.now() - statSync(`${path}.lock`).mtimeMs < 60_000, 'the mtime was refreshed');
    closeWorkbook(wb);
  } finally {
    mock.timers.reset();
    cleanup();
  }
});
