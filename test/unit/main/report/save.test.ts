import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReport } from '../../../../main/report/write';
import { AppFailure } from '../../../../shared/result';
import { fixtureInput } from './fixture';
import { scratchDir } from './report-files';

const failsWith = (code: string, message?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof AppFailure, String(e));
  assert.equal(e.code, code);
  if (message) assert.match(e.message, message);
  return true;
};

test('an export replaces an existing report and leaves no temporary file', async () => {
  const dir = scratchDir();
  const path = join(dir, 'report.xlsx');
  writeFileSync(path, 'old report');
  await writeReport(fixtureInput(), path);
  assert.equal(readFileSync(path).subarray(0, 2).toString('latin1'), 'PK');
  assert.deepEqual(readdirSync(dir), ['report.xlsx']);
});

test('a read-only target is refused and left as it was', async () => {
  const dir = scratchDir();
  const path = join(dir, 'report.xlsx');
  writeFileSync(path, 'keep me');
  chmodSync(path, 0o444);
  await assert.rejects(writeReport(fixtureInput(), path), failsWith('target_not_writable', /^Cannot write .*report\.xlsx: the file is read-only\.$/));
  assert.equal(readFileSync(path, 'utf8'), 'keep me');
  assert.deepEqual(readdirSync(dir), ['report.xlsx']);
});

test('a report open in Excel or LibreOffice (their lock file beside it) is refused', async () => {
  for (const lock of ['~$report.xlsx', '.~lock.report.xlsx#']) {
    const dir = scratchDir();
    const path = join(dir, 'report.xlsx');
    writeFileSync(path, 'open elsewhere');
    writeFileSync(join(dir, lock), 'owner');
    await assert.rejects(writeReport(fixtureInput(), path), failsWith('target_not_writable', /it is open in another program/));
    assert.equal(readFileSync(path, 'utf8'), 'open elsewhere');
  }
});

test('a missing or read-only folder is refused', async () => {
  const dir = scratchDir();
  await assert.rejects(writeReport(fixtureInput(), join(dir, 'nope', 'report.xlsx')), failsWith('target_not_writable', /the folder does not exist/));
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  chmodSync(ro, 0o555);
  await assert.rejects(writeReport(fixtureInput(), join(ro, 'report.xlsx')), failsWith('target_not_writable'));
  assert.deepEqual(readdirSync(ro), []);
});

test('a cancelled export writes nothing and keeps the existing report', async () => {
  for (const at of [1, 3, 5]) {
    const dir = scratchDir();
    const path = join(dir, 'report.xlsx');
    writeFileSync(path, 'previous report');
    const ctl = new AbortController();
    const seen: number[] = [];
    const run = writeReport(fixtureInput(), path, {
      signal: ctl.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === at) ctl.abort();
      },
    });
    await assert.rejects(run, failsWith('cancelled'));
    assert.equal(readFileSync(path, 'utf8'), 'previous report');
    assert.deepEqual(readdirSync(dir), ['report.xlsx']);
    assert.equal(seen.at(-1), at);
  }
});

test('progress counts up to its total', async () => {
  const seen: [number, number][] = [];
  await writeReport(fixtureInput(), join(scratchDir(), 'r.xlsx'), { onProgress: (d, t) => seen.push([d, t]) });
  // 2 datasets: areas+summary, definitions, 2 data sheets, package, save = 6 steps, then done.
  assert.deepEqual(
    seen.map(([d]) => d),
    [1, 2, 3, 4, 5, 6],
  );
  assert.ok(seen.every(([, t]) => t === 6));
});
