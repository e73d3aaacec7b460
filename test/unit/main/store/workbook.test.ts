import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook, saveWorkbookAs } from '../../../../main/store/workbook';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../../main/store/schema';
import { addTargets, expectFailure, listing, rowCount, snapshot, sqliteFile, tempFolder } from './files';

test('create, save, close and open again: the data survives', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    const wb = await createWorkbook(path);
    assert.equal(wb.readOnly, false);
    assert.equal(wb.readOnlyReason, null);
    assert.equal(wb.dirty, false);
    addTargets(wb.db, 1, 3);
    wb.dirty = true;
    await saveWorkbook(wb);
    assert.equal(wb.dirty, false);
    closeWorkbook(wb);
    assert.equal(existsSync(`${path}.lock`), false, 'closing releases the lock');

    const again = await openWorkbook(path);
    // Three rows metric-1..metric-3 with values 1, 2, 3: sum 6.
    assert.equal(rowCount(again.db, 'targets'), 3);
    assert.equal(Number(again.db.exec('SELECT sum(value) FROM targets')[0]!.values[0]![0]), 6);
    assert.equal(Number(again.db.exec('PRAGMA foreign_keys')[0]!.values[0]![0]), 1);
    assert.equal(again.dirty, false);
    closeWorkbook(again);
    // Only the workbook remains: no temp, lock or .bak.tmp files, and no .bak of the empty workbook it was.
    assert.deepEqual(listing(dir), ['sales.kpiw']);
  } finally {
    cleanup();
  }
});

test('the first save of a workbook this process created keeps no .bak of the empty file; later saves do, and an older .bak stays', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    writeFileSync(`${path}.bak`, 'a previous version from long ago');
    const wb = await createWorkbook(path);
    addTargets(wb.db, 1, 2);
    await saveWorkbook(wb);
    assert.equal(readFileSync(`${path}.bak`, 'utf8'), 'a previous version from long ago');
    const firstSave = readFileSync(path);
    addTargets(wb.db, 3, 1);
    await saveWorkbook(wb);
    assert.deepEqual(readFileSync(`${path}.bak`), firstSave);
    closeWorkbook(wb);

    const other = join(dir, 'opened.kpiw');
    closeWorkbook(await createWorkbook(other));
    const empty = readFileSync(other);
    // Opened, not created, by this process: its first save keeps the file as it was.
    const opened = await openWorkbook(other);
    addTargets(opened.db, 1, 1);
    await saveWorkbook(opened);
    closeWorkbook(opened);
    assert.deepEqual(readFileSync(`${other}.bak`), empty);
  } finally {
    cleanup();
  }
});

test('the header carries our application id and schema version', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'a.kpiw');
    closeWorkbook(await createWorkbook(path));
    const b = readFileSync(path);
    assert.equal(b.readUInt32BE(68), APPLICATION_ID);
    assert.equal(b.readUInt32BE(60), SCHEMA_VERSION);
  } finally {
    cleanup();
  }
});

test('.bak holds the version before the last save', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    const wb = await createWorkbook(path);
    addTargets(wb.db, 1, 2);
    await saveWorkbook(wb);
    const firstSave = readFileSync(path);
    addTargets(wb.db, 3, 5);
    await saveWorkbook(wb);
    assert.deepEqual(readFileSync(`${path}.bak`), firstSave);
    closeWorkbook(wb);
    const bak = await openWorkbook(`${path}.bak`, { readOnly: true });
    assert.equal(rowCount(bak.db, 'targets'), 2);
    closeWorkbook(bak);
    const cur = await openWorkbook(path, { readOnly: true });
    assert.equal(rowCount(cur.db, 'targets'), 7);
    closeWorkbook(cur);
  } finally {
    cleanup();
  }
});

test('create refuses an existing file and leaves it alone', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'notes.kpiw');
    writeFileSync(path, 'precious');
    const before = snapshot(path);
    const e = await expectFailure(() => createWorkbook(path), 'target_not_writable');
    assert.match(e.message, /notes\.kpiw already exists/);
    assert.deepEqual(snapshot(path), before);
    assert.deepEqual(listing(dir), ['notes.kpiw']);
  } finally {
    cleanup();
  }
});

test('a read-only workbook can be read but not saved', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    closeWorkbook(await createWorkbook(path));
    const before = snapshot(path);
    const wb = await openWorkbook(path, { readOnly: true });
    assert.equal(wb.readOnly, true);
    assert.match(wb.readOnlyReason ?? '', /sales\.kpiw was opened read-only/);
    assert.equal(existsSync(`${path}.lock`), false, 'a read-only open takes no lock');
    addTargets(wb.db, 1, 1);
    assert.equal(rowCount(wb.db, 'targets'), 1);
    const e = await expectFailure(() => saveWorkbook(wb), 'workbook_read_only');
    assert.match(e.message, /sales\.kpiw/);
    closeWorkbook(wb);
    assert.deepEqual(snapshot(path), before);
  } finally {
    cleanup();
  }
});

test('a file changed behind our back is not overwritten', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    const wb = await createWorkbook(path);
    // Another program rewrites the file (same size, new mtime).
    const other = readFileSync(path);
    other[200] = (other[200]! + 1) % 256;
    writeFileSync(path, other);
    utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const before = snapshot(path);
    addTargets(wb.db, 1, 1);
    wb.dirty = true;
    const e = await expectFailure(() => saveWorkbook(wb), 'save_failed');
    assert.equal(e.details?.changedOnDisk, true);
    assert.match(e.message, /sales\.kpiw was changed on disk/);
    assert.deepEqual(snapshot(path), before);
    assert.equal(wb.dirty, true);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('saving inside an open transaction is refused and writes nothing', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    const wb = await createWorkbook(path);
    const before = snapshot(path);
    wb.db.run('BEGIN');
    addTargets(wb.db, 1, 1);
    wb.dirty = true;
    await expectFailure(() => saveWorkbook(wb), 'save_failed');
    assert.deepEqual(snapshot(path), before);
    wb.db.run('COMMIT');
    await saveWorkbook(wb);
    // The export reset nothing that matters: foreign keys are still enforced after it.
    assert.equal(Number(wb.db.exec('PRAGMA foreign_keys')[0]!.values[0]![0]), 1);
    closeWorkbook(wb);
    const again = await openWorkbook(path);
    assert.equal(rowCount(again.db, 'targets'), 1);
    closeWorkbook(again);
  } finally {
    cleanup();
  }
});

test('save as: the copy is a new writable workbook, the old lock is released', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const a = join(dir, 'a.kpiw');
    const b = join(dir, 'b.kpiw');
    const wb = await createWorkbook(a);
    const aBefore = snapshot(a);
    addTargets(wb.db, 1, 4);
    wb.dirty = true;
    const next = await saveWorkbookAs(wb, b);
    assert.equal(next.path, b);
    assert.equal(next.dirty, false);
    assert.equal(next.readOnly, false);
    assert.equal(existsSync(`${a}.lock`), false);
    assert.equal(existsSync(`${b}.lock`), true);
    // Closing the old handle must not close the database the new one now owns.
    closeWorkbook(wb);
    assert.equal(rowCount(next.db, 'targets'), 4);
    closeWorkbook(next);
    assert.deepEqual(snapshot(a), aBefore, 'the original file keeps its saved content');
    const reopened = await openWorkbook(b);
    assert.equal(rowCount(reopened.db, 'targets'), 4);
    closeWorkbook(reopened);
  } finally {
    cleanup();
  }
});

test('save as from a read-only workbook gives a writable copy', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const a = join(dir, 'a.kpiw');
    closeWorkbook(await createWorkbook(a));
    const ro = await openWorkbook(a, { readOnly: true });
    addTargets(ro.db, 1, 2);
    const copy = await saveWorkbookAs(ro, join(dir, 'copy.kpiw'));
    assert.equal(copy.readOnly, false);
    await saveWorkbook(copy);
    closeWorkbook(copy);
    const check = await openWorkbook(join(dir, 'copy.kpiw'), { readOnly: true });
    assert.equal(rowCount(check.db, 'targets'), 2);
    closeWorkbook(check);
  } finally {
    cleanup();
  }
});

test('an un-migrated workbook (version 0) is brought up to date in memory and marked dirty, the file untouched', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'old.kpiw');
    await sqliteFile(path, { applicationId: APPLICATION_ID, userVersion: 0 });
    const before = snapshot(path);
    const wb = await openWorkbook(path);
    assert.equal(wb.dirty, true);
    assert.deepEqual(snapshot(path), before);
    assert.equal(rowCount(wb.db, 'targets'), 0);
    assert.equal(Number(wb.db.exec('PRAGMA user_version')[0]!.values[0]![0]), SCHEMA_VERSION);
    await saveWorkbook(wb);
    assert.equal(readFileSync(path).readUInt32BE(60), SCHEMA_VERSION);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('saves of one workbook queue up instead of interleaving', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    const wb = await createWorkbook(path);
    addTargets(wb.db, 1, 1);
    const first = saveWorkbook(wb);
    const second = saveWorkbook(wb);
    await Promise.all([first, second]);
    closeWorkbook(wb);
    const again = await openWorkbook(path);
    assert.equal(rowCount(again.db, 'targets'), 1);
    closeWorkbook(again);
    assert.deepEqual(listing(dir), ['sales.kpiw', 'sales.kpiw.bak']);
  } finally {
    cleanup();
  }
});

test('create in a folder that does not exist is target_not_writable', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const e = await expectFailure(() => createWorkbook(join(dir, 'missing', 'new.kpiw')), 'target_not_writable');
    assert.match(e.message, /new\.kpiw/);
    assert.deepEqual(listing(dir), []);
  } finally {
    cleanup();
  }
});

test('save as refuses a target with a hot journal beside it (SQLite would replay it into our file)', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const wb = await createWorkbook(join(dir, 'a.kpiw'));
    const target = join(dir, 'b.kpiw');
    writeFileSync(target, 'old');
    writeFileSync(`${target}-journal`, 'journal bytes');
    const before = [snapshot(target), snapshot(`${target}-journal`)];
    await expectFailure(() => saveWorkbookAs(wb, target), 'workbook_has_journal');
    assert.deepEqual([snapshot(target), snapshot(`${target}-journal`)], before);
    assert.equal(existsSync(`${target}.lock`), false, 'the lock taken for the target is given back');
    assert.equal(wb.readOnly, false);
    await saveWorkbook(wb);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('save as over the same path from a read-only open still refuses a file changed behind our back', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    closeWorkbook(await createWorkbook(path));
    const ro = await openWorkbook(path, { readOnly: true });
    utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const e = await expectFailure(() => saveWorkbookAs(ro, path), 'save_failed');
    assert.equal(e.details?.changedOnDisk, true);
    closeWorkbook(ro);
  } finally {
    cleanup();
  }
});
