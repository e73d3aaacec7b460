/**
 * Child process for the kill test: opens the workbook named on the command line and, until it is
 * killed, adds `step` target rows (values continuing from the highest stored) and saves, printing
 * `saved <rows>` after each save returns. It loads everything, prints `warm`, waits for a line on
 * stdin (so the test can start the next child while this one's predecessor runs), then opens the
 * workbook and prints `ready <rows>`.
 */
import { once } from 'node:events';
import { loadSqlJs } from '../../../main/store/sqljs';
import { openWorkbook, saveWorkbook } from '../../../main/store/workbook';

const [path, stepArg] = process.argv.slice(2);
const step = Number(stepArg);
await loadSqlJs();
console.log('warm');
await once(process.stdin, 'data');
const wb = await openWorkbook(path!);
if (wb.readOnly) throw new Error(`opened read-only: ${wb.readOnlyReason}`);
let rows = Number(wb.db.exec('SELECT count(*) FROM targets')[0]!.values[0]![0]);
console.log(`ready ${rows}`);
const ins = wb.db.prepare("INSERT INTO targets (metric_id, period, value) VALUES (?, '2024-Q1', ?)");
for (;;) {
  wb.db.run('BEGIN');
  for (let i = rows + 1; i <= rows + step; i++) ins.run([`metric-${i}-${'x'.repeat(30)}`, i]);
  wb.db.run('COMMIT');
  rows += step;
  wb.dirty = true;
  await saveWorkbook(wb);
  console.log(`saved ${rows}`);
}
