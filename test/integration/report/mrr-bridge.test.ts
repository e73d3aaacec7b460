/**
 * The report's MRR bridge sheet for 2025-Q1 of the two subscriptions exports (the figures of
 * test/integration/metrics/mrr-movements.test.ts): start and steps as cells with their customers, the
 * end a live formula cached at the app's figure, beside the MRR KPI; the waterfall's chart data as
 * formulas and its native chart, a stacked column on an invisible base; LibreOffice recalculating every
 * formula of the sheet to the app's figures, and drawing the chart (the page is kept as a PNG in
 * test/artifacts for a person to look at). No such sheet for period all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ApiName } from '../../../shared/api-names';
import { MRR_Q1_EXPORT, MRR_Q2_EXPORT } from '../../fixtures/mrr-exports';
import { formulaCells, readWorkbook, sheet } from '../../unit/main/report/report-files';
import { NS, all, part } from '../../unit/main/report/xml-dom';
import { NO_SOFFICE, convert, pdfToPngs, sofficePath, withoutCachedValues } from './soffice';

const skip = sofficePath() ? false : NO_SOFFICE;
const artifacts = join(import.meta.dirname, '..', '..', 'artifacts');

async function ok<K extends ApiName>(session: Session, name: K, input: unknown) {
  const r = await callService(session, name, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

/** The two exports imported, and the report of `period` written. */
async function report(period: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-mrr-report-'));
  const session = new Session('cli', dir);
  await ok(session, 'workbook.create', { file: { path: join(dir, 'billing.kpiw') } });
  for (const [i, [lines, asOf]] of (
    [
      [MRR_Q1_EXPORT, '2025-03-31'],
      [MRR_Q2_EXPORT, '2025-06-30'],
    ] as const
  ).entries()) {
    const path = join(dir, `subscriptions-${i + 1}.csv`);
    writeFileSync(path, lines.join('\n'));
    await ok(session, 'import.run', { file: { path }, options: { as: 'subscriptions', asOf } });
  }
  const out = join(dir, `${period}.xlsx`);
  await ok(session, 'report.export', { period, file: { path: out } });
  return out;
}

/** The sheet's formulas as [address, formula, cached value]. */
const formulasOf = async (path: string) =>
  (await formulaCells(path)).filter((c) => c.sheet === 'MRR bridge').map((c) => [c.address, c.formula, Number(c.cached)]);

/** Hand-worked: MRR after each bar 1,275, 1,565, 1,725, 1,905, 1,780, 1,390, 1,390; each step on the lower of the levels around it. */
const FORMULAS = [
  ['B11', 'B5+SUM(B6:B10)', 1_390],
  ['B12', 'Customers!D', 1_390],
  ['B16', 'B5', 1_275],
  ['F16', 'B16', 1_275],
  ['B17', 'B16+B6', 1_565],
  ['C17', 'MIN(B16,B17)', 1_275],
  ['D17', 'MAX(B6,0)', 290],
  ['E17', 'MAX(-B6,0)', 0],
  ['B18', 'B17+B7', 1_725],
  ['C18', 'MIN(B17,B18)', 1_565],
  ['D18', 'MAX(B7,0)', 160],
  ['E18', 'MAX(-B7,0)', 0],
  ['B19', 'B18+B8', 1_905],
  ['C19', 'MIN(B18,B19)', 1_725],
  ['D19', 'MAX(B8,0)', 180],
  ['E19', 'MAX(-B8,0)', 0],
  ['B20', 'B19+B9', 1_780],
  ['C20', 'MIN(B19,B20)', 1_780],
  ['D20', 'MAX(B9,0)', 0],
  ['E20', 'MAX(-B9,0)', 125],
  ['B21', 'B20+B10', 1_390],
  ['C21', 'MIN(B20,B21)', 1_390],
  ['D21', 'MAX(B10,0)', 0],
  ['E21', 'MAX(-B10,0)', 390],
  ['B22', 'B11', 1_390],
  ['F22', 'B22', 1_390],
];

/** The link to the KPI names its row on the Customers sheet, which depends on the KPIs with data: compared by prefix. */
const comparable = (rows: (string | number)[][]) => rows.map(([a, f, v]) => [a, String(f).replace(/^'?Customers'?!D\d+$/, 'Customers!D'), v]);

test("the MRR bridge sheet: steps and customers as cells, the end a live formula at the app's figure, the chart data as formulas", async () => {
  const path = await report('2025-Q1');
  const wb = await readWorkbook(path);
  const ws = sheet(wb, 'MRR bridge');
  const column = (col: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ws.getCell(`${col}${from + i}`).value);
  assert.deepEqual(column('A', 4, 12), [
    'Step',
    'MRR at the end of 2024-12-31',
    'New',
    'Expansion',
    'Reactivation',
    'Contraction',
    'Churned',
    'MRR at the end of 2025-03-31',
    'MRR KPI',
  ]);
  assert.deepEqual(column('B', 5, 10), [1_275, 290, 160, 180, -125, -390]);
  assert.deepEqual(column('C', 6, 10), [3, 2, 1, 2, 2]);
  assert.deepEqual(ws.getCell('B11').value, { formula: 'B5+SUM(B6:B10)', result: 1_390 });
  const kpi = ws.getCell('B12').value as { formula: string; result: number };
  const customers = sheet(wb, 'Customers').getCell(kpi.formula.slice("'Customers'!".length));
  assert.equal(customers.value, 1_390, 'it links to the MRR on the Customers sheet');
  assert.deepEqual(column('A', 15, 22), ['Bar', 'MRR 2024-12-31', 'New', 'Expansion', 'Reactivation', 'Contraction', 'Churned', 'MRR 2025-03-31']);
  assert.deepEqual(comparable(await formulasOf(path)), FORMULAS);
});

test('the waterfall is a native stacked column chart over the chart data, its base drawn without fill and left out of the legend', async () => {
  const path = await report('2025-Q1');
  const zip = await JSZip.loadAsync(readFileSync(path));
  const charts = await Promise.all(
    Object.keys(zip.files)
      .filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))
      .map((p) => part(zip, p)),
  );
  const doc = charts.find((d) => all(d, NS.a, 't').some((t) => t.textContent === 'MRR bridge 2025-Q1'));
  assert.ok(doc, 'the report has the MRR bridge chart');
  const bar = all(doc, NS.c, 'barChart')[0]!;
  assert.equal(all(bar, NS.c, 'grouping')[0]!.getAttribute('val'), 'stacked');
  assert.equal(all(bar, NS.c, 'overlap')[0]!.getAttribute('val'), '100');
  const series = all(bar, NS.c, 'ser');
  const refs = series.map((s) => all(all(s, NS.c, 'val')[0]!, NS.c, 'f')[0]!.textContent);
  assert.deepEqual(refs, ["'MRR bridge'!$C$16:$C$22", "'MRR bridge'!$D$16:$D$22", "'MRR bridge'!$E$16:$E$22", "'MRR bridge'!$F$16:$F$22"]);
  const cached = series.map((s) => all(all(s, NS.c, 'val')[0]!, NS.c, 'pt').map((p) => Number(p.textContent)));
  assert.deepEqual(cached, [
    [0, 1_275, 1_565, 1_725, 1_780, 1_390, 0],
    [0, 290, 160, 180, 0, 0, 0],
    [0, 0, 0, 0, 125, 390, 0],
    [1_275, 0, 0, 0, 0, 0, 1_390],
  ]);
  assert.equal(all(all(series[0]!, NS.c, 'spPr')[0]!, NS.a, 'noFill').length, 2, 'the base has neither fill nor line');
  const hidden = all(doc, NS.c, 'legendEntry').map((e) => all(e, NS.c, 'idx')[0]!.getAttribute('val'));
  assert.deepEqual(hidden, ['0']);
});

test("LibreOffice recalculates every formula of the MRR bridge to the app's figures and draws its chart", { skip }, async () => {
  const path = await report('2025-Q1');
  const [recalculated] = convert(await withoutCachedValues(path), 'xlsx:Calc MS Excel 2007 XML', { recalculate: true });
  assert.deepEqual(comparable(await formulasOf(recalculated!)), FORMULAS);

  // The sheet alone, printed as LibreOffice prints it: its page, with the chart, kept for a person to look at.
  const [pdf] = convert(path, 'pdf');
  const pages = spawnSync('pdftotext', ['-layout', pdf!, '-'], { encoding: 'utf8' }).stdout.split('\f');
  const page = pages.findIndex((t) => t.includes('MRR bridge —'));
  assert.ok(page >= 0, 'the PDF has the MRR bridge sheet');
  const pngs = pdfToPngs(pdf!, 80);
  mkdirSync(artifacts, { recursive: true });
  copyFileSync(pngs[page]!, join(artifacts, 'report-mrr-bridge.png'));
});

test('no MRR bridge sheet for period all', async () => {
  const wb = await readWorkbook(await report('all'));
  assert.equal(wb.getWorksheet('MRR bridge'), undefined);
  assert.ok(wb.getWorksheet('Customers'));
});
