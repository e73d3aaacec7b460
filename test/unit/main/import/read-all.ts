/** Test helper: opens a source and collects every data row. */
import assert from 'node:assert/strict';
import { AppFailure, type ErrorCode } from '../../../../shared/result';
import type { Cell } from '../../../../shared/datasets/cell';
import { openSource, type SourceInfo, type SourceRow } from '../../../../main/import/source';

export async function readAll(path: string, opts: { sheet?: string } = {}): Promise<{ info: SourceInfo; rows: SourceRow[] }> {
  const source = await openSource(path, opts);
  const rows: SourceRow[] = [];
  for await (const batch of source.batches()) {
    for (const r of batch) {
      assert.equal(r.cells.length, source.info.headers.length, `row ${r.row} has as many cells as headers`);
      for (const c of r.cells) assert.ok(isPlain(c), `row ${r.row}: ${JSON.stringify(c)} is a plain cell`);
      rows.push(r);
    }
  }
  return { info: source.info, rows };
}

/** No exceljs-style object ({sharedString}, {formula}, {richText}, {hyperlink}, {error}) may get through. */
function isPlain(c: Cell): boolean {
  return c === null || typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c));
}

export async function refusal(promise: Promise<unknown>, code: ErrorCode, ...fragments: string[]): Promise<AppFailure> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof AppFailure, `an AppFailure, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    for (const f of fragments) assert.ok(e.message.includes(f), `"${e.message}" mentions "${f}"`);
    return e;
  }
  assert.fail(`expected ${code}`);
}
