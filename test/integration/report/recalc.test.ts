/**
 * Every formula in the report recalculates, in LibreOffice, to the value the app computed and cached.
 * The cached values are overwritten with a sentinel before LibreOffice opens the file, so a value that
 * comes back can only be LibreOffice's own calculation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { memoryDatabase } from '../../../main/store/memory';
import { writeDemo } from '../../../main/demo/generate';
import { exportReport } from '../../../main/report/export';
import { fixtureInput } from '../../unit/main/report/fixture';
import { formulaCells, scratchDir, writeAndRead } from '../../unit/main/report/report-files';
import { NO_SOFFICE, convert, sofficePath, withoutCachedValues } from './soffice';

const skip = sofficePath() ? false : NO_SOFFICE;

async function checkRecalculation(path: string): Promise<number> {
  const expected = await formulaCells(path);
  assert.ok(expected.length > 0, 'the report has formulas');
  assert.deepEqual(
    expected.filter((e) => e.cached === null),
    [],
    'every formula has a cached value',
  );
  const [recalculated] = convert(await withoutCachedValues(path), 'xlsx:Calc MS Excel 2007 XML', { recalculate: true });
  const got = new Map((await formulaCells(recalculated!)).map((c) => [`${c.sheet}!${c.address}`, c]));
  const problems: string[] = [];
  for (const e of expected) {
    const g = got.get(`${e.sheet}!${e.address}`);
    const a = Number(g?.cached);
    const b = Number(e.cached);
    const same = g?.cached === e.cached || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
    if (!same) problems.push(`${e.sheet}!${e.address} =${e.formula}: cached ${e.cached}, LibreOffice ${g?.cached ?? 'no formula'}`);
  }
  assert.deepEqual(problems, []);
  return expected.length;
}

test('the fixture report: LibreOffice recalculates every formula to its cached value', { skip }, async () => {
  const { path } = await writeAndRead(fixtureInput());
  const n = await checkRecalculation(path);
  // Counted by hand from the fixture's 12 KPIs with data. Area sheets: 11 value formulas (all but won
  // revenue, a sum), 4 links (CLV's and LTV:CAC's numerator and denominator), 11 changes (first
  // contact resolution has no previous value). Summary: 12 value links and the same 11 changes.
  assert.equal(n, 11 + 4 + 11 + 12 + 11);
});

test('the demo company report: LibreOffice recalculates every formula to its cached value', { skip }, async () => {
  const db = await memoryDatabase();
  writeDemo(db);
  const path = join(scratchDir(), 'demo.xlsx');
  await exportReport(db, path, { dataRowCap: 50 });
  await checkRecalculation(path);
});
