/** Test helpers: write a report into a scratch folder and read it back with exceljs and JSZip. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { writeReport } from '../../../../main/report/write';
import type { ReportInput, WriteOptions } from '../../../../main/report/types';
import { NS, all, part, rels } from './xml-dom';

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'kpiw-report-'));
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ExcelJS.Buffer);
  return wb;
}

export async function writeAndRead(input: ReportInput, opts: WriteOptions = {}): Promise<{ path: string; wb: ExcelJS.Workbook; zip: JSZip }> {
  const path = join(scratchDir(), 'report.xlsx');
  await writeReport(input, path, opts);
  return { path, wb: await readWorkbook(path), zip: await JSZip.loadAsync(readFileSync(path)) };
}

export function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
}

/** The part path of a sheet, following xl/workbook.xml and its relationships. */
export async function sheetPartPath(zip: JSZip, name: string): Promise<string> {
  const book = await part(zip, 'xl/workbook.xml');
  const entry = all(book, NS.main, 'sheet').find((e) => e.getAttribute('name') === name);
  if (!entry) throw new Error(`no sheet ${name}`);
  const rel = (await rels(zip, 'xl/_rels/workbook.xml.rels')).get(entry.getAttributeNS(NS.r, 'id') ?? '');
  if (!rel) throw new Error(`no relationship for sheet ${name}`);
  return `xl/${rel.target.replace(/^\/?xl\//, '')}`;
}

export interface FormulaCell {
  sheet: string;
  address: string;
  formula: string;
  /** The cached value as written in <v>; exceljs cannot be used here, it reads a cached 0 as no value. */
  cached: string | null;
}

export async function formulaCells(path: string): Promise<FormulaCell[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const book = await part(zip, 'xl/workbook.xml');
  const out: FormulaCell[] = [];
  for (const sheet of all(book, NS.main, 'sheet').map((e) => e.getAttribute('name') ?? '')) {
    const doc = await part(zip, await sheetPartPath(zip, sheet));
    for (const c of all(doc, NS.main, 'c')) {
      const f = all(c, NS.main, 'f')[0];
      if (!f) continue;
      const v = all(c, NS.main, 'v')[0];
      out.push({ sheet, address: c.getAttribute('r') ?? '', formula: f.textContent ?? '', cached: v ? (v.textContent ?? '') : null });
    }
  }
  return out;
}
