import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../../../shared/result';
import { closeWorkbook, createWorkbook, MAX_WORKBOOK_BYTES, openWorkbook, saveWorkbook } from '../../../../main/store/workbook';
import { loadSqlJs } from '../../../../main/store/sqljs';
import { addTargets, expectFailure, listing, snapshot, sqliteFile, tempFolder } from './files';

/** A real workbook with enough target rows to span many pages, as the base for damaged copies. */
async function goodWorkbook(dir: string): Promise<Buffer> {
  const path = join(dir, 'good.kpiw');
  const wb = await createWorkbook(path);
  addTargets(wb.db, 1, 3000);
  await saveWorkbook(wb);
  closeWorkbook(wb);
  return readFileSync(path);
}

/**
 * Opens `name` (prepared by `prepare`), expects `code`, and checks the refusal touched nothing: every
 * file in the folder keeps its bytes and mtime, and no file (lock, temp, backup) appears.
 */
async function refused(name: string, code: ErrorCode, prepare: (path: string, dir: string) => Promise<void> | void, message?: RegExp): Promise<void> {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, name);
    await prepare(path, dir);
    const files = listing(dir);
    const before = files.map((f) => snapshot(join(dir, f)));
    const e = await expectFailure(() => openWorkbook(path), code);
    assert.ok(e.message.includes(name), `message names the file: ${e.message}`);
    if (message) assert.match(e.message, message);
    assert.deepEqual(listing(dir), files);
    assert.deepEqual(
      files.map((f) => snapshot(join(dir, f))),
      before,
    );
  } finally {
    cleanup();
  }
}

test('a 0-byte file is not a workbook (sql.js would happily open it as an empty database)', () =>
  refused('empty.kpiw', 'not_a_workbook', (p) => writeFileSync(p, ''), /empty \(0 bytes\)/));

test('a CSV file is recognised as such and pointed to import', () =>
  refused(
    'deals.kpiw',
    'not_a_workbook',
    (p) => writeFileSync(p, 'Deal Name,Amount,Close Date\nAcme,1200,2024-03-01\n'),
    /looks like a CSV file.*kpiw import/,
  ));

test('a plain text file is not a workbook', () =>
  refused('notes.kpiw', 'not_a_workbook', (p) => writeFileSync(p, 'Remember to call Acme about the renewal.\n'), /looks like a text file/));

test('an XLSX (ZIP) file is recognised and pointed to import', () =>
  refused(
    'report.kpiw',
    'not_a_workbook',
    (p) => writeFileSync(p, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 7)])),
    /Excel \(\.xlsx\)/,
  ));

test('binary junk is not a workbook', () => refused('junk.kpiw', 'not_a_workbook', (p) => writeFileSync(p, Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 9]))));

test('a file shorter than the SQLite header is damaged', () =>
  refused('short.kpiw', 'workbook_damaged', (p) => writeFileSync(p, 'SQLite format 3\0\x10\x00'), /only 18 bytes/));

test('a workbook cut in half is refused before SQLite sees it', () =>
  refused(
    'half.kpiw',
    'workbook_damaged',
    async (p, dir) => {
      const good = await goodWorkbook(dir);
      writeFileSync(p, good.subarray(0, good.length / 2));
    },
    /cut short/,
  ));

test('a workbook cut mid-page is refused', () =>
  refused(
    'cut.kpiw',
    'workbook_damaged',
    async (p, dir) => {
      const good = await goodWorkbook(dir);
      writeFileSync(p, good.subarray(0, good.length - 100));
    },
    /not a whole number of 4096-byte pages/,
  ));

test('a scrambled b-tree page that plain queries still read is caught by quick_check', () =>
  refused(
    'scrambled.kpiw',
    'workbook_damaged',
    async (p, dir) => {
      const good = await goodWorkbook(dir);
      const pageSize = good.readUInt16BE(16);
      // The last table-leaf page (type byte 0x0D) holds target rows. Its first cell pointer (offset 8
      // of a leaf page header) is pointed past the end of the page.
      let leaf = -1;
      for (let page = 1; page < good.length / pageSize; page++) if (good[page * pageSize] === 0x0d) leaf = page;
      assert.ok(leaf > 0);
      good.writeUInt16BE(0xfff0, leaf * pageSize + 8);
      writeFileSync(p, good);
      // sql.js on its own still counts the rows without complaint: only quick_check notices.
      const SQL = await loadSqlJs();
      const naive = new SQL.Database(good);
      assert.equal(Number(naive.exec('SELECT count(*) FROM targets')[0]!.values[0]![0]), 3000);
      naive.close();
    },
    /integrity check/,
  ));

test('an SQLite database of another program is not a workbook', () =>
  refused('other.kpiw', 'not_a_workbook', (p) => sqliteFile(p, { applicationId: 12345 }), /another program \(application id 12345\)/));

test('a plain SQLite database (application id 0) is not a workbook', () => refused('plain.db', 'not_a_workbook', (p) => sqliteFile(p, {}), /application id 0/));

test('a workbook from a newer version (user_version 99) is refused from its header', () =>
  refused(
    'future.kpiw',
    'workbook_too_new',
    async (p, dir) => {
      const good = await goodWorkbook(dir);
      good.writeUInt32BE(99, 60);
      writeFileSync(p, good);
    },
    /version 99.*newer version of KPI Workbook/,
  ));

test('a non-empty -wal beside the workbook is refused and kept', () =>
  refused(
    'sales.kpiw',
    'workbook_has_journal',
    async (p, dir) => {
      writeFileSync(p, await goodWorkbook(dir));
      writeFileSync(`${p}-wal`, Buffer.alloc(4128, 1));
    },
    /sales\.kpiw-wal lies beside sales\.kpiw/,
  ));

test('a non-empty -journal (hot journal) beside the workbook is refused and kept', () =>
  refused(
    'sales.kpiw',
    'workbook_has_journal',
    async (p, dir) => {
      writeFileSync(p, await goodWorkbook(dir));
      writeFileSync(`${p}-journal`, Buffer.alloc(512, 1));
    },
    /sales\.kpiw-journal lies beside/,
  ));

test('an empty -journal (SQLite truncate mode leftover) does not block opening', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    const path = join(dir, 'sales.kpiw');
    writeFileSync(path, await goodWorkbook(dir));
    writeFileSync(`${path}-journal`, '');
    const wb = await openWorkbook(path);
    assert.equal(wb.readOnly, false);
    closeWorkbook(wb);
  } finally {
    cleanup();
  }
});

test('a missing file is file_not_found', async () => {
  const e = await expectFailure(() => openWorkbook('/nonexistent/dir/gone.kpiw'), 'file_not_found');
  assert.match(e.message, /gone\.kpiw does not exist/);
});

test('a folder is not a workbook', async () => {
  const { dir, cleanup } = tempFolder();
  try {
    await expectFailure(() => openWorkbook(dir), 'not_a_workbook');
  } finally {
    cleanup();
  }
});

test(`a file over the size ceiling (${MAX_WORKBOOK_BYTES} bytes = 1.5 GB) is refused before it is read`, () =>
  // A sparse file: the size is real, the disk space is not used.
  refused(
    'huge.kpiw',
    'file_unreadable',
    (p) => {
      writeFileSync(p, '');
      truncateSync(p, MAX_WORKBOOK_BYTES + 4096);
    },
    /huge\.kpiw is 1\.5 GB; KPI Workbook opens workbooks of up to 1\.5 GB/,
  ));
