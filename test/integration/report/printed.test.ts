/**
 * The sample company's report as LibreOffice prints it: a few dozen pages, not one per thousand data
 * rows. The summary prints one page wide, each area sheet prints its table, trend and charts on one
 * page, and a data sheet prints its heading and columns only (the rows stay in the sheet).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryDatabase } from '../../../main/store/memory';
import { writeDemo } from '../../../main/demo/generate';
import { exportReport } from '../../../main/report/export';
import { scratchDir } from '../../unit/main/report/report-files';
import { NO_SOFFICE, convert, sofficePath } from './soffice';

const NO_PDFTOTEXT = 'pdftotext is not installed: apt-get install -y poppler-utils';
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

let printed: Promise<string> | undefined;

/** The demo report, with its data sheets at the default row cap, printed to PDF once for every test here. */
function printedReport(): Promise<string> {
  printed ??= (async () => {
    const db = await memoryDatabase();
    writeDemo(db);
    const xlsx = join(scratchDir(), 'demo.xlsx');
    await exportReport(db, xlsx);
    const [pdf] = convert(xlsx, 'pdf');
    assert.ok(pdf !== undefined);
    return pdf;
  })();
  return printed;
}

/** Page objects in the PDF (`/Type /Page`, not the `/Pages` nodes of the page tree). */
function pageCount(pdf: string): number {
  return (
    readFileSync(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0
  );
}

test('the sample report prints on fewer than 40 pages', { skip: sofficePath() ? false : NO_SOFFICE }, async () => {
  const pages = pageCount(await printedReport());
  console.log(`the sample report prints on ${pages} pages`);
  assert.ok(pages > 10, `${pages} pages: the report printed next to nothing`);
  assert.ok(pages < 40, `${pages} pages`);
});

test(
  'each sheet prints on the pages its footer names: the summary and every area sheet on one',
  { skip: !sofficePath() ? NO_SOFFICE : hasPdftotext ? false : NO_PDFTOTEXT },
  async () => {
    const pdf = await printedReport();
    const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // The footer is the sheet's name on the left and "Page n of N" on the right.
    const pages = new Map<string, number>();
    for (const page of r.stdout.split('\f')) {
      const footer = /^\s*(\S.*?)\s{2,}Page \d+ of \d+\s*$/m.exec(page);
      if (footer?.[1] !== undefined) pages.set(footer[1], (pages.get(footer[1]) ?? 0) + 1);
    }
    for (const sheet of ['Summary', 'Sales', 'Marketing', 'Customers', 'Service', 'Adoption', 'Data Deals', 'Data Leads']) {
      assert.equal(pages.get(sheet), 1, `${sheet}: ${JSON.stringify([...pages])}`);
    }
  },
);
