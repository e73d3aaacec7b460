/**
 * The bench's input files, deterministic from the demo generator's default seed and kept in
 * test/bench/data/ (gitignored) between runs: a deals CSV, the next export of the same deals with
 * every tenth one changed, the first rows of the CSV as an XLSX, and the sample company's workbook.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once as eventOnce } from 'node:events';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { writeDealsCsv } from '../../main/demo/deals-csv';
import { lostStage, wonStage } from '../../main/demo/company';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const dataDir = join(repoRoot, 'test', 'bench', 'data');
export const kpiwBin = join(repoRoot, 'main', 'cli', 'bin.mjs');

export interface BenchData {
  csv: string;
  csvRows: number;
  csvBytes: number;
  /** The same deals, every tenth changed (CHANGED_EVERY). */
  changedCsv: string;
  changedRows: number;
  xlsx: string;
  xlsxRows: number;
  xlsxBytes: number;
  demo: string;
}

/** Written under a temporary name and renamed, so an interrupted run never leaves half a file to reuse. */
async function once(path: string, make: (tmp: string) => Promise<void>): Promise<string> {
  if (existsSync(path)) return path;
  const tmp = `${path}.part`;
  await make(tmp);
  renameSync(tmp, path);
  return path;
}

/**
 * The first `rows` deals of the CSV as a HubSpot-style XLSX: ids and amounts as numbers, dates as
 * date cells (what a spreadsheet export holds), written with exceljs's streaming writer.
 */
async function writeDealsXlsx(csv: string, rows: number, out: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: true, useStyles: true });
  const sheet = book.addWorksheet('Deals');
  const parser = createReadStream(csv).pipe(parse({ to_line: rows + 1 }));
  const date = (text: string): Date | null => (text === '' ? null : new Date(`${text.replace(' ', 'T')}Z`));
  let header = true;
  for await (const rec of parser as AsyncIterable<string[]>) {
    if (header) {
      sheet.addRow(rec).commit();
      header = false;
      continue;
    }
    const [id, name, stage, amount, created, closed, ...rest] = rec;
    const row = sheet.addRow([Number(id), name, stage, Number(amount), date(created!), date(closed!), ...rest]);
    row.getCell(5).numFmt = 'yyyy-mm-dd hh:mm';
    row.getCell(6).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}

/** Every CHANGED_EVERY-th deal of the changed export differs from the first in stage, amount and close date. */
export const CHANGED_EVERY = 10;

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The next quarter's export of the same deals, as a CRM gives it: same IDs and columns, and every
 * tenth deal moved on — an open deal won (closed 30 days after it was created when it had no
 * expected date), a won one lost, a lost one won again, each with its amount 500 higher and, where
 * it had one, its close date a week later.
 */
async function writeChangedCsv(csv: string, out: string): Promise<void> {
  const file = createWriteStream(out);
  let deal = 0;
  let header = true;
  for await (const rec of createReadStream(csv).pipe(parse()) as AsyncIterable<string[]>) {
    if (!header && ++deal % CHANGED_EVERY === 0) {
      const [, , stage, amount, created, closed] = rec as [string, string, string, string, string, string];
      rec[2] = stage === wonStage ? lostStage : wonStage;
      rec[3] = String(Number(amount) + 500);
      rec[5] = closed === '' ? addDays(created, 30) : addDays(closed, 7);
    }
    header = false;
    if (!file.write(`${rec.map(csvField).join(',')}\r\n`)) await eventOnce(file, 'drain');
  }
  file.end();
  await eventOnce(file, 'finish');
}

function kpiwDemo(out: string): void {
  const r = spawnSync(process.execPath, [kpiwBin, 'demo', '--out', out], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, KPIW_DATA_DIR: join(dataDir, 'kpiw-home') },
  });
  if (r.status !== 0) throw new Error(`kpiw demo failed:\n${r.stderr}${r.stdout}`);
}

export async function prepareData(csvRows: number, xlsxRows: number, log: (line: string) => void): Promise<BenchData> {
  mkdirSync(join(dataDir, 'kpiw-home'), { recursive: true });
  const csv = join(dataDir, `deals-${csvRows}.csv`);
  if (!existsSync(csv)) log(`writing ${csvRows.toLocaleString('en-US')} deals to ${csv}`);
  await once(csv, async (tmp) => void (await writeDealsCsv(tmp, csvRows)));
  const xlsx = join(dataDir, `deals-${xlsxRows}.xlsx`);
  if (!existsSync(xlsx)) log(`writing ${xlsxRows.toLocaleString('en-US')} deals to ${xlsx}`);
  // The XLSX holds the CSV's first rows, so it needs a CSV at least that long.
  const source = xlsxRows <= csvRows ? csv : await once(join(dataDir, `deals-${xlsxRows}.csv`), async (tmp) => void (await writeDealsCsv(tmp, xlsxRows)));
  await once(xlsx, (tmp) => writeDealsXlsx(source, xlsxRows, tmp));
  const changedCsv = join(dataDir, `deals-${csvRows}-changed.csv`);
  if (!existsSync(changedCsv)) log(`writing the same deals with every ${CHANGED_EVERY}th changed to ${changedCsv}`);
  await once(changedCsv, (tmp) => writeChangedCsv(csv, tmp));
  const demo = join(dataDir, 'sample-company.kpiw');
  if (!existsSync(demo)) {
    log('writing the sample company');
    kpiwDemo(demo);
  }
  return {
    csv,
    csvRows,
    csvBytes: statSync(csv).size,
    changedCsv,
    changedRows: Math.floor(csvRows / CHANGED_EVERY),
    xlsx,
    xlsxRows,
    xlsxBytes: statSync(xlsx).size,
    demo,
  };
}
