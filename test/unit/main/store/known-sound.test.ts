import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageHash, knownSound, rememberSound } from '../../../../main/store/known-sound';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook } from '../../../../main/store/workbook';
import { addTargets, expectFailure, rowCount, snapshot, tempFolder } from './files';

const RECORD = 'checked-workbooks.json';
/** A 64-hex-digit hash that differs for each n. */
const fakeHash = (n: number): string => n.toString(16).padStart(64, '0');

test('imageHash is the SHA-256 of the bytes (FIPS 180-2 test vector for "abc")', () => {
  assert.equal(imageHash(new TextEncoder().encode('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('an image is known only after it is remembered, and only with the same size', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    assert.equal(await knownSound(fakeHash(1), 4096, dir), false, 'no record yet');
    await rememberSound(fakeHash(1), 4096, dir);
    assert.equal(await knownSound(fakeHash(1), 4096, dir), true);
    assert.equal(await knownSound(fakeHash(1), 8192, dir), false, 'same hash, other size');
    assert.equal(await knownSound(fakeHash(2), 4096, dir), false, 'other hash');
  } finally {
    cleanup();
  }
});

test('an unreadable record, or one written under other checks, vouches for nothing and is rewritten', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    writeFileSync(join(dir, RECORD), '{"check": "header+quick_check/1", "images": [');
    assert.equal(await knownSound(fakeHash(1), 4096, dir), false, 'cut-short JSON');
    writeFileSync(join(dir, RECORD), JSON.stringify({ check: 'an older, weaker check', images: [{ sha256: fakeHash(1), size: 4096 }] }));
    assert.equal(await knownSound(fakeHash(1), 4096, dir), false, 'records of other checks count for nothing');
    await rememberSound(fakeHash(3), 4096, dir);
    assert.equal(await knownSound(fakeHash(3), 4096, dir), true);
    assert.equal(await knownSound(fakeHash(1), 4096, dir), false);
  } finally {
    cleanup();
  }
});

test('the record keeps the 200 most recent images', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    // Images 1..201 in order: 201 - 200 = 1 falls out, the oldest; 2 is the oldest kept.
    for (let n = 1; n <= 201; n++) await rememberSound(fakeHash(n), 4096, dir);
    assert.equal(await knownSound(fakeHash(1), 4096, dir), false);
    assert.equal(await knownSound(fakeHash(2), 4096, dir), true);
    assert.equal(await knownSound(fakeHash(201), 4096, dir), true);
    // Remembering 2 again moves it to the front, so adding 202 pushes out 3 instead.
    await rememberSound(fakeHash(2), 4096, dir);
    await rememberSound(fakeHash(202), 4096, dir);
    assert.equal(await knownSound(fakeHash(2), 4096, dir), true);
    assert.equal(await knownSound(fakeHash(3), 4096, dir), false);
  } finally {
    cleanup();
  }
});

/** A saved workbook of 3000 target rows (many pages), its path, and the same bytes with one b-tree page scrambled. */
async function workbookAndScrambledCopy(dir: string): Promise<{ path: string; good: Buffer; scrambled: Buffer }> {
  const path = join(dir, 'good.kpiw');
  const wb = await createWorkbook(path);
  addTargets(wb.db, 1, 3000);
  await saveWorkbook(wb);
  closeWorkbook(wb);
  const good = readFileSync(path);
  const scrambled = Buffer.from(good);
  const pageSize = good.readUInt16BE(16);
  // As in identify.test.ts: the last table-leaf page's first cell pointer points past the page's end;
  // plain queries still read the rows, only quick_check notices.
  let leaf = -1;
  for (let page = 1; page < good.length / pageSize; page++) if (good[page * pageSize] === 0x0d) leaf = page;
  assert.ok(leaf > 0);
  scrambled.writeUInt16BE(0xfff0, leaf * pageSize + 8);
  return { path, good, scrambled };
}

/** Runs `body` with the app's data folder (where the record lives) in a temp folder of its own. */
async function withDataDir(body: (dataDir: string, dir: string) => Promise<void>): Promise<void> {
  const data = tempFolder();
  const work = tempFolder();
  const previous = process.env.KPIW_DATA_DIR;
  process.env.KPIW_DATA_DIR = data.dir;
  try {
    await body(data.dir, work.dir);
  } finally {
    if (previous === undefined) delete process.env.KPIW_DATA_DIR;
    else process.env.KPIW_DATA_DIR = previous;
    data.cleanup();
    work.cleanup();
  }
}

test('opening a file the app has not seen runs the full check and then remembers its bytes', () =>
  withDataDir(async (dataDir, dir) => {
    const { good } = await workbookAndScrambledCopy(dir);
    // Copied by another program: same bytes as a file this app checked, written under a new name.
    const copy = join(dir, 'copy.kpiw');
    writeFileSync(copy, good);
    const wb = await openWorkbook(copy, { readOnly: true });
    assert.equal(rowCount(wb.db, 'targets'), 3000);
    closeWorkbook(wb);
    assert.equal(await knownSound(imageHash(good), good.length, dataDir), true);
  }));

test('one changed byte in a file opened before makes it unknown: full check, refused, untouched, not remembered', () =>
  withDataDir(async (dataDir, dir) => {
    const { path, good, scrambled } = await workbookAndScrambledCopy(dir);
    closeWorkbook(await openWorkbook(path));
    assert.equal(await knownSound(imageHash(good), good.length, dataDir), true);
    writeFileSync(path, scrambled);
    const before = snapshot(path);
    const e = await expectFailure(() => openWorkbook(path), 'workbook_damaged');
    assert.match(e.message, /integrity check/);
    assert.deepEqual(snapshot(path), before);
    assert.equal(await knownSound(imageHash(scrambled), scrambled.length, dataDir), false);
  }));

test('bytes the record vouches for are not walked again (so only checked or self-written images may enter it)', () =>
  withDataDir(async (dataDir, dir) => {
    const { path, scrambled } = await workbookAndScrambledCopy(dir);
    writeFileSync(path, scrambled);
    await expectFailure(() => openWorkbook(path), 'workbook_damaged');
    // The same damaged bytes, vouched for by hand: quick_check is skipped, so the open succeeds.
    await rememberSound(imageHash(scrambled), scrambled.length, dataDir);
    const wb = await openWorkbook(path, { readOnly: true });
    assert.equal(rowCount(wb.db, 'targets'), 3000);
    closeWorkbook(wb);
  }));
