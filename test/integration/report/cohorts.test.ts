/**
 * The report's cohort sheet for 2025-Q3, worked out by hand: the subscriptions of
 * test/integration/metrics/cohorts.test.ts and three customers more,
 *
 *   C7  S11  2025-05-10  -            500
 *   C8  S12  2025-06-01  2025-08-01   100
 *   C9  S13  2025-08-15  -            250
 *
 * Quarter ends Mar 31, Jun 30, Sep 30 (every one before the export, dated 2025-09-30, is rebuilt from it). 2025-Q1 (C1..C6, 6): paying 4, 5, 5; MRR 630, 690, 690.
 * 2025-Q2 (C7, C8; 2): paying 2, 1; MRR 600, 500. 2025-Q3 (C9; 1): paying 1; MRR 250.
 * Average logo: (4+2+1)/9, (5+1)/8, 5/6; revenue: 1, (690+500)/(630+600), 690/630.
 * Each grid cell is a formula over the data blocks; LibreOffice recalculates every one of them to
 * the app's figure from sentinel cached values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { formulaCells, readWorkbook, sheet } from '../../unit/main/report/report-files';
import { NO_SOFFICE, convert, sofficePath, withoutCachedValues } from './soffice';
import type { ConditionalFormattingOptions } from 'exceljs';
import { cohortHeader, cohortRows } from '../../fixtures/cohort-subscriptions';

const subscriptions = [cohortHeader, ...cohortRows, 'S11,C7,2025-05-10,,500', 'S12,C8,2025-06-01,2025-08-01,100', 'S13,C9,2025-08-15,,250'];

async function report(period: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-cohort-report-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'c.kpiw') } })).ok);
  const csv = join(dir, 'subscriptions.csv');
  writeFileSync(csv, subscriptions.join('\n'));
  const imported = await callService(session, 'import.run', { file: { path: csv }, options: { as: 'subscriptions', asOf: '2025-09-30' } });
  assert.ok(imported.ok, JSON.stringify(imported));
  const out = join(dir, `${period}.xlsx`);
  const r = await callService(session, 'report.export', { period, file: { path: out } });
  assert.ok(r.ok, JSON.stringify(r));
  await callService(session, 'workbook.close', {});
  return out;
}

type Formula = { formula: string; result: number };

test("the cohort sheet: the grids as formulas over the data blocks, cached at the app's figures, with a colour scale", async () => {
  const path = await report('2025-Q3');
  const ws = sheet(await readWorkbook(path), 'Cohorts');
  const row = (r: number, cols = 5) => Array.from({ length: cols }, (_, c) => ws.getCell(r, c + 1).value);
  // Three cohorts: each block is a title, a header, (an average), three cohort rows, a gap.
  assert.equal(ws.getCell('A4').value, 'Logo retention: the share of each cohort with MRR above 0 at the end of quarter c+k');
  assert.deepEqual(row(5), ['Cohort', 'Customers', 'Q0', 'Q1', 'Q2']);
  assert.equal(ws.getCell('A11').value, "Revenue retention: the cohort's MRR at the end of quarter c+k over its MRR at the end of quarter c");
  assert.equal(ws.getCell('A18').value, 'Data: customers with MRR above 0 at the end of quarter c+k');
  assert.deepEqual(row(20), ['2025-Q1', 6, 4, 5, 5]);
  assert.deepEqual(row(21), ['2025-Q2', 2, 2, 1, null]);
  assert.deepEqual(row(22), ['2025-Q3', 1, 1, null, null]);
  assert.equal(ws.getCell('A24').value, "Data: the cohort's MRR at the end of quarter c+k");
  assert.deepEqual(row(26), ['2025-Q1', null, 630, 690, 690]);
  assert.deepEqual(row(27), ['2025-Q2', null, 600, 500, null]);
  assert.deepEqual(row(28), ['2025-Q3', null, 250, null, null]);

  const f = (address: string) => ws.getCell(address).value as Formula;
  // Logo grid: the average over the cohorts that reach each quarter, then each cohort's cells.
  assert.deepEqual(f('C6'), { formula: 'SUM(C20:C22)/SUM(B20:B22)', result: 7 / 9 });
  assert.deepEqual(f('D6'), { formula: 'SUM(D20:D21)/SUM(B20:B21)', result: 6 / 8 });
  assert.deepEqual(f('E6'), { formula: 'SUM(E20:E20)/SUM(B20:B20)', result: 5 / 6 });
  assert.deepEqual(f('B7'), { formula: 'B20', result: 6 });
  assert.deepEqual(f('C7'), { formula: 'C20/B20', result: 4 / 6 });
  assert.deepEqual(f('D8'), { formula: 'D21/B21', result: 1 / 2 });
  assert.equal(ws.getCell('E8').value, null, '2025-Q2 has no third quarter yet');
  // Revenue grid.
  assert.deepEqual(row(12), ['Cohort', 'MRR at first', 'Q0', 'Q1', 'Q2']);
  assert.deepEqual(f('D13'), { formula: 'SUM(D26:D27)/SUM(C26:C27)', result: 1190 / 1230 });
  assert.deepEqual(f('B14'), { formula: 'C26', result: 630 });
  assert.deepEqual(f('D14'), { formula: 'D26/C26', result: 690 / 630 });
  assert.deepEqual(f('D15'), { formula: 'D27/C27', result: 500 / 600 });
  assert.equal(ws.getCell('C7').numFmt, '0.0%');

  // exceljs keeps a sheet's conditional formats on a field its typings leave out.
  const formats = (ws as unknown as { conditionalFormattings: ConditionalFormattingOptions[] }).conditionalFormattings;
  const scales = formats.map((c) => [c.ref, c.rules.map((r) => r.type)]);
  assert.deepEqual(scales, [
    ['C6:E9', ['colorScale']],
    ['C13:E16', ['colorScale']],
  ]);
});

test("LibreOffice recalculates every cell of the cohort grids to the app's figure", { skip: sofficePath() ? false : NO_SOFFICE }, async () => {
  const path = await report('2025-Q3');
  const mine = (await formulaCells(path)).filter((c) => c.sheet === 'Cohorts');
  // Logo: 3 averages, 3 sizes, 6 cells; revenue: 3 averages, 3 first MRRs, 6 cells.
  assert.equal(mine.length, 24);
  const [recalculated] = convert(await withoutCachedValues(path), 'xlsx:Calc MS Excel 2007 XML', { recalculate: true });
  const again = new Map((await formulaCells(recalculated!)).filter((c) => c.sheet === 'Cohorts').map((c) => [c.address, Number(c.cached)]));
  for (const c of mine)
    assert.ok(Math.abs(again.get(c.address)! - Number(c.cached)) < 1e-12, `${c.address} =${c.formula}: ${c.cached} vs ${again.get(c.address)}`);
});

test('no cohort sheet without subscriptions or customers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-cohort-report-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'd.kpiw') } })).ok);
  const csv = join(dir, 'deals.csv');
  writeFileSync(csv, ['Deal ID,Stage,Amount,Close Date', 'D1,Closed Won,100,2025-05-01'].join('\n'));
  assert.ok((await callService(session, 'import.run', { file: { path: csv }, options: { as: 'deals' } })).ok);
  const out = join(dir, 'r.xlsx');
  assert.ok((await callService(session, 'report.export', { period: '2025-Q2', file: { path: out } })).ok);
  assert.equal((await readWorkbook(out)).getWorksheet('Cohorts'), undefined);
  await callService(session, 'workbook.close', {});
});
