/**
 * The Restatements sheet on hand-made input: numbers in the KPI's format, the change as a live formula
 * (percentage points for ratios), file names from imports as text even when they look like formulas,
 * a figure with no data any more, and a restatement no import explains. The summary points at it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, fixtureInput } from './fixture';
import { formulaCells, sheet, writeAndRead } from './report-files';
import type { ReportRestatement } from '../../../../main/report/types';

const base = { reportedAt: '2026-10-02T09:15:00.000Z', report: 'Q3 board.xlsx' } as const;

const rows: ReportRestatement[] = [
  // Win rate 50% -> 55%: +5 percentage points, changed by two imports.
  {
    ...base,
    period: '2026-Q3',
    id: 'win_rate',
    name: 'Win rate',
    unit: 'ratio',
    reported: 0.5,
    now: 0.55,
    imports: [
      { batch: 4, fileName: '=HYPERLINK("http://evil.example","deals").csv' },
      { batch: 6, fileName: HOSTILE[4]! },
    ],
  },
  // Won revenue €120,400 -> €122,900: +€2,500.
  {
    ...base,
    period: '2026-Q3',
    id: 'won_revenue',
    name: 'Won revenue',
    unit: 'currency',
    reported: 120_400,
    now: 122_900,
    imports: [{ batch: 5, fileName: 'deals.csv' }],
  },
  // No data any more, and no import since: an undo did it.
  { ...base, period: '2026-Q2', id: 'sales_cycle_days', name: 'Sales cycle', unit: 'days', reported: 35, now: null, imports: [] },
];

test('the Restatements sheet: what was reported, where, what it is now, the change and the imports', async () => {
  const { path, wb } = await writeAndRead(fixtureInput({ restatements: rows }));
  assert.deepEqual(wb.worksheets.map((w) => w.name).slice(0, 3), ['Summary', 'Restatements', 'Sales']);
  assert.equal(sheet(wb, 'Summary').getCell('A4').value, '3 figures published in earlier reports have changed since: see the Restatements sheet.');
  const ws = sheet(wb, 'Restatements');
  assert.equal(ws.getCell('A1').value, 'Restatements');

  const formulas = new Map((await formulaCells(path)).filter((c) => c.sheet === 'Restatements').map((c) => [c.address, c]));
  assert.deepEqual([...formulas.keys()], ['E5', 'E6'], 'the changes are the only formulas');

  // Row 5: win rate, in percent; the change in points.
  assert.deepEqual([ws.getCell('A5').value, ws.getCell('B5').value, ws.getCell('C5').value, ws.getCell('D5').value], ['2026-Q3', 'Win rate', 0.5, 0.55]);
  assert.equal(ws.getCell('C5').numFmt, '0.0%');
  assert.equal(ws.getCell('D5').numFmt, '0.0%');
  assert.equal(formulas.get('E5')!.formula, '(D5-C5)*100');
  assert.ok(Math.abs(Number(formulas.get('E5')!.cached) - 5) < 1e-9);
  assert.equal(ws.getCell('E5').numFmt, '+0.0 "pp";-0.0 "pp";0.0 "pp"');
  assert.match(String(ws.getCell('F5').value), /^Q3 board\.xlsx, 2 Oct 2026, \d\d:\d\d$/);
  assert.equal(ws.getCell('G5').value, `=HYPERLINK("http://evil.example","deals").csv (batch 4); ${HOSTILE[4]} (batch 6)`);

  // Row 6: won revenue in the workbook's euros.
  assert.deepEqual([ws.getCell('C6').value, ws.getCell('D6').value], [120_400, 122_900]);
  assert.equal(ws.getCell('C6').numFmt, '"€"#,##0.00');
  assert.equal(formulas.get('E6')!.formula, 'D6-C6');
  assert.equal(Number(formulas.get('E6')!.cached), 2_500);
  assert.equal(ws.getCell('E6').numFmt, '+"€"#,##0.00;-"€"#,##0.00;"€"#,##0.00');
  assert.equal(ws.getCell('G6').value, 'deals.csv (batch 5)');

  // Row 7: no data now, so no change; no import to name.
  assert.deepEqual([ws.getCell('A7').value, ws.getCell('C7').value, ws.getCell('D7').value, ws.getCell('E7').value], ['2026-Q2', 35, 'No data', null]);
  assert.equal(ws.getCell('C7').numFmt, '0.0 "days"');
  assert.equal(ws.getCell('G7').value, 'No import of its data since that report: an undo or a changed setting changed it.');
  assert.equal(ws.getCell('A8').value, null);
});

test('one restatement is one figure; none, no sheet and no note', async () => {
  const one = await writeAndRead(fixtureInput({ restatements: [rows[1]!] }));
  assert.equal(sheet(one.wb, 'Summary').getCell('A4').value, '1 figure published in earlier reports has changed since: see the Restatements sheet.');
  const none = await writeAndRead(fixtureInput());
  assert.equal(none.wb.getWorksheet('Restatements'), undefined);
  assert.equal(sheet(none.wb, 'Summary').getCell('A4').value, null);
});
