/**
 * Child process for the disk-full test: opens the workbook named on the command line, adds the given
 * number of target rows, saves, and prints the outcome as one JSON line.
 */
import { AppFailure } from '../../../shared/result';
import { closeWorkbook, openWorkbook, saveWorkbook } from '../../../main/store/workbook';

const [path, rows] = process.argv.slice(2);
const wb = await openWorkbook(path!);
const ins = wb.db.prepare("INSERT INTO targets (metric_id, period, value) VALUES (?, '2024-Q1', ?)");
for (let i = 0; i < Number(rows); i++) ins.run([`bulk-${i}-${'x'.repeat(40)}`, i]);
ins.free();
wb.dirty = true;
try {
  await saveWorkbook(wb);
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  if (!(e instanceof AppFailure)) throw e;
  console.log(JSON.stringify({ ok: false, code: e.code, message: e.message, dirty: wb.dirty }));
} finally {
  closeWorkbook(wb);
}
