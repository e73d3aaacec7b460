/**
 * How a file's structure reaches the records, through the service table: a semicolon CSV with an
 * inch mark and a row shifted by an unquoted delimiter; a workbook with an owner merged down over
 * three deals and formulas saved without their results, in a required field, a measure and a text.
 * Every file is built here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportResult } from '../../../shared/api';
import { describeRowProblem } from '../../../shared/result';

async function book(): Promise<{ dir: string; session: Session }> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-structure-'));
  const session = new Session('cli', dir);
  const made = await callService(session, 'workbook.create', { file: { path: join(dir, 'b.kpiw') } });
  assert.ok(made.ok, JSON.stringify(made));
  return { dir, session };
}

async function imp(session: Session, file: string): Promise<ImportResult> {
  const r = await callService(session, 'import.run', { file: { path: file }, options: { as: 'deals', asOf: '2024-06-30' } });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** Deal ID -> the named fields of its current record. */
async function dealsBy(session: Session, ...fields: string[]): Promise<Map<string, (string | number | null)[]>> {
  const r = await callService(session, 'data.rows', { dataset: 'deals', offset: 0, limit: 100 });
  assert.ok(r.ok, JSON.stringify(r));
  const at = (f: string): number => r.value.columns.indexOf(f);
  return new Map(r.value.rows.map((row) => [String(row[at('deal_id')]), fields.map((f) => row[at(f)] ?? null)]));
}

test('a semicolon CSV: an inch mark is text, and a row shifted by an unquoted delimiter is rejected with its count of fields', async () => {
  const { dir, session } = await book();
  const path = join(dir, 'deals.csv');
  writeFileSync(
    path,
    [
      'Deal ID;Stage;Amount;Product;Owner',
      'D1;Closed Won;1200;12" oven;Ann',
      'D2;Closed Won;80;Pan; cast iron;Bob',
      'D3;Closed Lost;40;Pot;Cy;;',
      'D4;Prospecting;55;"Tray; 30""";Dee',
      '',
    ].join('\n'),
  );
  const r = await imp(session, path);
  assert.deepEqual([r.accepted, r.rejected], [3, 1]);
  assert.deepEqual(r.problems.map(describeRowProblem), [
    'Row 3, column "Column 6": "Bob" is past the last column: row 3 has 6 fields, the header 5, so a value in it probably holds an unquoted ";"; put that value in quotes (or remove the ";") and import again',
  ]);
  assert.deepEqual(
    [...(await dealsBy(session, 'amount', 'product', 'owner'))],
    [
      ['D1', [1200, '12" oven', 'Ann']],
      ['D3', [40, 'Pot', 'Cy']],
      ['D4', [55, 'Tray; 30"', 'Dee']],
    ],
  );
});

test('a workbook: an owner merged over three deals reaches all three; formulas without results reject in Stage and Amount, not in Product', async () => {
  const { dir, session } = await book();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Deals');
  ws.addRow(['Deal ID', 'Stage', 'Owner', 'Amount', 'Product']);
  ws.addRow(['D1', 'Closed Won', 'Ann', 100, 'Oven']);
  ws.addRow(['D2', 'Closed Won', null, 200, 'Pan']);
  ws.addRow(['D3', 'Closed Lost', null, 300, 'Pot']);
  ws.addRow(['D4', 'Closed Won', 'Bob', { formula: 'D2+D3' }, 'Wok']);
  ws.addRow(['D5', { formula: 'B2' }, 'Bob', 500, 'Tray']);
  ws.addRow(['D6', 'Closed Won', 'Cy', 600, { formula: 'E2' }]);
  ws.mergeCells('C2:C4');
  const path = join(dir, 'deals.xlsx');
  await wb.xlsx.writeFile(path);

  const r = await imp(session, path);
  assert.deepEqual([r.accepted, r.rejected], [4, 2]);
  assert.deepEqual(r.problems.map(describeRowProblem), [
    'Row 5, column "Amount": empty because cell D5 holds a formula without a saved result: open the file in Excel, save it and import it again',
    'Row 6, column "Stage": empty because cell B6 holds a formula without a saved result: open the file in Excel, save it and import it again',
  ]);
  assert.ok(r.warnings.includes('A cell merged down over several rows ("Owner" C2:C4): its value was read into every row it covers'), r.warnings.join('|'));
  assert.ok(
    r.warnings.includes(
      '1 cell held a formula with no saved result and was read as empty (E7): open the file in Excel and save it to store the results, then import it again',
    ),
    r.warnings.join('|'),
  );
  assert.deepEqual(
    [...(await dealsBy(session, 'owner', 'amount', 'product'))],
    [
      ['D1', ['Ann', 100, 'Oven']],
      ['D2', ['Ann', 200, 'Pan']],
      ['D3', ['Ann', 300, 'Pot']],
      ['D6', ['Cy', 600, null]],
    ],
  );
});
