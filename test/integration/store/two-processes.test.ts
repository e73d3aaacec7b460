import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook } from '../../../main/store/workbook';
import { expectFailure, tempFolder } from '../../unit/main/store/files';
import { exited, lines, startChild } from './spawn';

interface Opened {
  readOnly: boolean;
  reason: string | null;
}

async function hold(path: string, ...extra: string[]): Promise<{ child: ReturnType<typeof startChild>; opened: Opened }> {
  const child = startChild('child-hold.ts', [path, ...extra]);
  const opened = JSON.parse(await lines(child).next()) as Opened;
  return { child, opened };
}

test('a second process gets the workbook read-only with the reason; after the first closes it is writable again', async () => {
  const { dir, cleanup } = tempFolder();
  const children: ReturnType<typeof startChild>[] = [];
  try {
    const path = join(dir, 'sales.kpiw');
    closeWorkbook(await createWorkbook(path));

    const first = await hold(path);
    children.push(first.child);
    assert.deepEqual(first.opened, { readOnly: false, reason: null });

    const here = await openWorkbook(path);
    assert.equal(here.readOnly, true);
    assert.equal(here.readOnlyReason, `sales.kpiw is open in another KPI Workbook process (pid ${first.child.pid}); opened read-only`);
    await expectFailure(() => saveWorkbook(here), 'workbook_read_only');
    closeWorkbook(here);

    const second = await hold(path);
    children.push(second.child);
    assert.deepEqual(second.opened, {
      readOnly: true,
      reason: `sales.kpiw is open in another KPI Workbook process (pid ${first.child.pid}); opened read-only`,
    });

    // The holder closes normally: its lock goes with it.
    first.child.stdin.end();
    assert.equal((await exited(first.child)).code, 0);
    assert.equal(existsSync(`${path}.lock`), false);
    const after = await openWorkbook(path);
    assert.equal(after.readOnly, false);
    closeWorkbook(after);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    cleanup();
  }
});

test('a holder killed with SIGKILL leaves its lock behind; the next opener sees it is stale and gets the workbook writable', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    closeWorkbook(await createWorkbook(path));
    const holder = await hold(path);
    assert.equal(holder.opened.readOnly, false);
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    assert.equal(existsSync(`${path}.lock`), true, 'no exit handler ran');
    const wb = await openWorkbook(path);
    assert.equal(wb.readOnly, false);
    assert.equal(wb.readOnlyReason, null);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a process that exits without closing the workbook still removes its lock', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    closeWorkbook(await createWorkbook(path));
    const quitter = await hold(path, 'exit');
    assert.equal(quitter.opened.readOnly, false);
    assert.equal((await exited(quitter.child)).code, 0);
    assert.equal(existsSync(`${path}.lock`), false);
  } finally {
    cleanup();
  }
});
