/**
 * Child process for the two-process lock test: opens the workbook named on the command line, prints
 * how it was opened as one JSON line, and holds it until its stdin closes. With `exit` as second
 * argument it exits at once without closing, to show the exit handler releases the lock.
 */
import { closeWorkbook, openWorkbook } from '../../../main/store/workbook';

const wb = await openWorkbook(process.argv[2]!);
console.log(JSON.stringify({ readOnly: wb.readOnly, reason: wb.readOnlyReason }));
if (process.argv[3] === 'exit') process.exit(0);
process.stdin.resume();
process.stdin.on('end', () => {
  closeWorkbook(wb);
  process.exit(0);
});
