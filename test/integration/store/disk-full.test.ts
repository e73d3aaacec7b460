import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook } from '../../../main/store/workbook';
import { addTargets, listing, rowCount, snapshot, tempFolder } from '../../unit/main/store/files';
import { exited, lines, startChild } from './spawn';

/*
 * A real full disk without root: under `ulimit -f 256` the child
 * may not write past 256 KiB in any file; Node ignores SIGXFSZ and gets EFBIG, leaving a partial file.
 * The workbook starts well under the limit and the child adds ~20,000 rows (over 1 MB), so writing
 * the temp file fails half-way.
 */
test('a save that runs out of space (ulimit -f, EFBIG) leaves the workbook and its .bak as they were', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    const wb = await createWorkbook(path);
    addTargets(wb.db, 1, 10);
    await saveWorkbook(wb);
    closeWorkbook(wb);
    assert.ok(statSync(path).size < 256 * 1024, 'the workbook itself fits under the limit');
    const target = snapshot(path);
    const bak = snapshot(`${path}.bak`);
    const files = listing(dir);

    const child = startChild('child-save.ts', [path, '20000'], 'ulimit -f 256;');
    const out = lines(child);
    const { code } = await exited(child);
    assert.equal(code, 0, out.stderr());
    const result = JSON.parse(out.all[0]!) as { ok: boolean; code: string; message: string; dirty: boolean };
    assert.equal(result.ok, false);
    assert.equal(result.code, 'disk_full');
    assert.equal(result.message, 'Not enough disk space to save sales.kpiw; nothing was changed on disk.');
    assert.equal(result.dirty, true);

    assert.deepEqual(snapshot(path), target);
    assert.deepEqual(snapshot(`${path}.bak`), bak);
    assert.deepEqual(listing(dir), files, 'the partial temp file was removed and the lock released');
    const again = await openWorkbook(path);
    assert.equal(rowCount(again.db, 'targets'), 10);
    closeWorkbook(again);
  } finally {
    cleanup();
  }
});
