/**
 * The report's pipeline bridge sheet for 2025-Q2 of the three-export CRM (the figures of
 * test/integration/metrics/movements.test.ts): start and steps as cells, the end a live formula over
 * them cached at the app's figure and recalculated to it by LibreOffice, beside the pipeline value KPI;
 * the stage matrix. A report of period all, or of a workbook without deals, has no such sheet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ApiName } from '../../../shared/api-names';
import { Q1_EXPORT, Q2_EXPORT, Q3_EXPORT } from '../../fixtures/pipeline-exports';
import { formulaCells, readWorkbook, sheet } from '../../unit/main/report/report-files';
import { NO_SOFFICE, convert, sofficePath, withoutCachedValues } from './soffice';

async function ok<K extends ApiName>(session: Session, name: K, input: unknown) {
  const r = await callService(session, name, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** The three exports imported, and the report of `period` written. */
async function report(period: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-bridge-report-'));
  const session = new Session('cli', dir);
  await ok(session, 'workbook.create', { file: { path: join(dir, 'crm.kpiw') } });
  const exports = [
    [Q1_EXPORT, { asOf: '2025-03-31' }],
    [Q2_EXPORT, { asOf: '2025-06-30', missing: 'delete' }],
    [Q3_EXPORT, { asOf: '2025-09-30' }],
  ] as const;
  for (const [i, [lines, options]] of exports.entries()) {
    const path = join(dir, `deals-${i + 1}.csv`);
    writeFileSync(path, lines.join('\n'));
    await ok(session, 'import.run', { file: { path }, options: { as: 'deals', ...options } });
  }
  const out = join(dir, `${period}.xlsx`);
  await ok(session, 'report.export', { period, file: { path: out } });
  return out;
}

test("the bridge sheet: steps as cells, the end a live formula cached at the app's figure, the stage matrix", async () => {
  const path = await report('2025-Q2');
  const wb = await readWorkbook(path);
  const ws = sheet(wb, 'Pipeline bridge');
  const column = (col: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ws.getCell(`${col}${from + i}`).value);
  assert.deepEqual(column('A', 4, 13), [
    'Step',
    'Open pipeline on 2025-03-31',
    'Created',
    'Increased',
    'Decreased',
    'Won',
    'Lost',
    'Removed',
    'Open pipeline on 2025-06-30',
    'Pipeline value KPI',
  ]);
  assert.deepEqual(column('B', 5, 11), [16_600, 7_800, 1_000, -500, -4_000, -3_000, -4_000]);
  const end = ws.getCell('B12').value as { formula: string; result: number };
  assert.deepEqual(end, { formula: 'B5+SUM(B6:B11)', result: 13_900 });
  const kpi = ws.getCell('B13').value as { formula: string; result: number };
  assert.match(kpi.formula, /^'Sales'!D\d+$/);
  assert.equal(kpi.result, 13_900);
  const sales = sheet(wb, 'Sales').getCell(kpi.formula.slice("'Sales'!".length));
  assert.equal((sales.value as { result?: number }).result ?? sales.value, 13_900, 'it links to the pipeline value on the Sales sheet');

  const rows = Array.from({ length: 6 }, (_, r) => Array.from({ length: 6 }, (_, c) => ws.getCell(16 + r, 1 + c).value));
  assert.equal(ws.getCell('A15').value, 'Deals by stage: on 2025-03-31 (rows) and on 2025-06-30 (columns)');
  assert.deepEqual(rows, [
    ['Stage', '(none)', 'Proposal', 'Qualification', 'Closed Won', 'Closed Lost'],
    ['(none)', null, null, 1, 1, null],
    ['Negotiation', null, null, null, null, 1],
    ['Proposal', null, 1, null, 2, null],
    ['Qualification', 1, 1, 1, null, null],
    [
      'The deals open on either day, or created and closed in between. (none): not created yet, or not in the export of that day.',
      null,
      null,
      null,
      null,
      null,
    ],
  ]);
});

test("LibreOffice recalculates the bridge's end and its link to the KPI to the app's figure", { skip: sofficePath() ? false : NO_SOFFICE }, async () => {
  const path = await report('2025-Q3');
  const mine = (await formulaCells(path)).filter((c) => c.sheet === 'Pipeline bridge');
  assert.deepEqual(
    mine.map((c) => [c.address, c.cached]),
    [
      ['B12', '14500'],
      ['B13', '14500'],
    ],
  );
  const [recalculated] = convert(await withoutCachedValues(path), 'xlsx:Calc MS Excel 2007 XML', { recalculate: true });
  const again = (await formulaCells(recalculated!)).filter((c) => c.sheet === 'Pipeline bridge');
  assert.deepEqual(
    again.map((c) => [c.address, Number(c.cached)]),
    [
      ['B12', 14_500],
      ['B13', 14_500],
    ],
  );
});

test('no bridge sheet for period all', async () => {
  const wb = await readWorkbook(await report('all'));
  assert.equal(wb.getWorksheet('Pipeline bridge'), undefined);
  assert.ok(wb.getWorksheet('Sales'));
});
