/**
 * The report's forecast sheet for 2025-Q4 of a small workbook, worked out by hand.
 *
 * Subscriptions (export of 2025-12-31): C1 1,000 from 2025-01-15, C2 100 from 2025-05-01, C3 200 from
 * 2025-08-01, C4 100 from 2025-11-01. MRR at the quarters' ends of 2025: 1,000, 1,100, 1,300, 1,400
 * (none in 2024). Net new MRR of the last three: 100, 200, 100; their mean 400/3 = 133.33, their sample
 * standard deviation sqrt((33.33² + 66.67² + 33.33²) / 2) = 100/sqrt(3) = 57.735. Projected from 1,400:
 * base 1,400 + k x 400/3 (1,533.33, 1,666.67, 1,800), upside and downside k x (400/3 ± 100/sqrt(3)).
 *
 * Deals (HubSpot's labels, the stage settings' defaults; Negotiation read as open, with no setting):
 *   D1 Contract Sent           1,000  2026-02-15          -> 90%, Commit
 *   D2 Presentation Scheduled  2,000  2026-03-10  50% own -> Best case
 *   D3 Appointment Scheduled   4,000  2026-05-01          -> 20%, Pipeline
 *   D4 Negotiation               500  2026-08-01          -> 0%, no category
 *   D5 Closed Won              3,000  2025-11-10
 * Quotas 5,000 for 2026-Q1 and 6,000 for 2026-Q2, none for 2026-Q3.
 * 2026-Q1: weighted 900 + 1,000 = 1,900, commit 1,000, best case 3,000, gap 5,000 - 0 - 1,000 = 4,000.
 * 2026-Q2: weighted 800, commit 0, best case 0, gap 6,000. 2026-Q3: weighted 0, commit 0, best case 0, no gap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ImportOptions } from '../../../shared/api';
import { formulaCells, readWorkbook, sheet } from '../../unit/main/report/report-files';
import { NS, all, part } from '../../unit/main/report/xml-dom';
import { NO_SOFFICE, convert, sofficePath, withoutCachedValues } from './soffice';

const SUBSCRIPTIONS = [
  'Subscription ID,Customer ID,Start Date,End Date,MRR',
  'S1,C1,2025-01-15,,1000',
  'S2,C2,2025-05-01,,100',
  'S3,C3,2025-08-01,,200',
  'S4,C4,2025-11-01,,100',
];
const DEALS = [
  'Record ID,Deal Stage,Amount,Close Date,Deal probability',
  'D1,Contract Sent,1000,2026-02-15,',
  'D2,Presentation Scheduled,2000,2026-03-10,0.5',
  'D3,Appointment Scheduled,4000,2026-05-01,',
  'D4,Negotiation,500,2026-08-01,',
  'D5,Closed Won,3000,2025-11-10,',
];
const QUOTAS = ['Period,Amount', '2026-Q1,5000', '2026-Q2,6000'];

/** The report of `period` from the datasets asked for. */
async function report(period: string, with_: { subscriptions?: boolean; deals?: boolean } = { subscriptions: true, deals: true }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-forecast-report-'));
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.create', { file: { path: join(dir, 'f.kpiw') } })).ok);
  const load = async (name: string, lines: string[], options: ImportOptions) => {
    const path = join(dir, `${name}.csv`);
    writeFileSync(path, lines.join('\n'));
    const r = await callService(session, 'import.run', { file: { path }, options: { asOf: '2025-12-31', ...options } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.rejected, 0, JSON.stringify(r.value.problems));
  };
  if (with_.subscriptions) await load('subscriptions', SUBSCRIPTIONS, { as: 'subscriptions' });
  if (with_.deals) {
    await load('deals', DEALS, { as: 'deals', values: [['status', 'Negotiation', 'open']] });
    await load('quotas', QUOTAS, { as: 'quotas' });
  }
  const out = join(dir, `${period}.xlsx`);
  const r = await callService(session, 'report.export', { period, file: { path: out } });
  assert.ok(r.ok, JSON.stringify(r));
  await callService(session, 'workbook.close', {});
  return out;
}

const MEAN = 400 / 3;
const SD = 100 / Math.sqrt(3);
/** Rows of the MRR part when the sheet has the deals' part above it: 8 actual quarters from row 20. */
const FORMULAS: [string, string, number][] = [
  ['C21', 'B21-B20', 0],
  ['C22', 'B22-B21', 0],
  ['C23', 'B23-B22', 0],
  ['C24', 'B24-B23', 1_000],
  ['C25', 'B25-B24', 100],
  ['C26', 'B26-B25', 200],
  ['C27', 'B27-B26', 100],
  ['D27', 'B27', 1_400],
  ['E27', 'B27', 1_400],
  ['F27', 'B27', 1_400],
  ['D28', 'B27+1*C31', 1_400 + MEAN],
  ['E28', 'B27+1*(C31+C32)', 1_400 + MEAN + SD],
  ['F28', 'B27+1*(C31-C32)', 1_400 + MEAN - SD],
  ['D29', 'B27+2*C31', 1_400 + 2 * MEAN],
  ['E29', 'B27+2*(C31+C32)', 1_400 + 2 * (MEAN + SD)],
  ['F29', 'B27+2*(C31-C32)', 1_400 + 2 * (MEAN - SD)],
  ['D30', 'B27+3*C31', 1_800],
  ['E30', 'B27+3*(C31+C32)', 1_400 + 3 * (MEAN + SD)],
  ['F30', 'B27+3*(C31-C32)', 1_400 + 3 * (MEAN - SD)],
  ['C31', 'AVERAGE(C25:C27)', MEAN],
  ['C32', 'STDEV(C25:C27)', SD],
];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** The sheet's formulas as [address, formula, cached value], each checked against FORMULAS. */
function assertFormulas(cells: { address: string; formula: string; cached: string | null }[], what: string): void {
  assert.deepEqual(
    cells.map((c) => [c.address, c.formula]),
    FORMULAS.map(([a, f]) => [a, f]),
  );
  for (const [i, c] of cells.entries()) {
    const want = FORMULAS[i]![2];
    assert.ok(close(Number(c.cached), want), `${what} ${c.address} =${c.formula}: ${c.cached}, by hand ${want}`);
  }
}

test('the forecast sheet: the open deals of the next three quarters, the stages they count at, MRR and its projection as live formulas', async () => {
  const path = await report('2025-Q4');
  const wb = await readWorkbook(path);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name).filter((n) => ['Cohorts', 'Forecast', 'Definitions'].includes(n)),
    ['Cohorts', 'Forecast', 'Definitions'],
  );
  const ws = sheet(wb, 'Forecast');
  const row = (r: number, cols = 6) => Array.from({ length: cols }, (_, c) => ws.getCell(r, c + 1).value);
  assert.equal(ws.getCell('A1').value, 'Forecast — My company');
  assert.equal(
    ws.getCell('A2').value,
    'The 3 periods after 2025-Q4, 2026-Q1 to 2026-Q3: what the deals open now are expected to bring in them; and MRR projected over them from its trend, a projection and not actual figures.',
  );
  assert.deepEqual(row(5, 5), ['Period', 'Weighted pipeline', 'Commit', 'Best case', 'Gap to quota']);
  assert.deepEqual(row(6, 5), ['2026-Q1', 1_900, 1_000, 3_000, 4_000]);
  assert.deepEqual(row(7, 5), ['2026-Q2', 800, 0, 0, 6_000]);
  assert.deepEqual(row(8, 5), ['2026-Q3', 0, 0, 0, null]);
  assert.match(String(ws.getCell('A9').value), /^From the deals open now and the close dates their reps expect\./);

  assert.equal(ws.getCell('A11').value, 'Stage probabilities and forecast categories used (Settings)');
  assert.deepEqual(row(12), ['Stage of the open deals', 'Open deals', 'Amount', 'With a probability of their own', 'Stage probability', 'Forecast category']);
  assert.deepEqual(row(13), ['Appointment Scheduled', 1, 4_000, 0, 0.2, 'Pipeline']);
  assert.deepEqual(row(14), ['Contract Sent', 1, 1_000, 0, 0.9, 'Commit']);
  assert.deepEqual(row(15), ['Negotiation', 1, 500, 0, 'None: counts at 0%', 'None: in neither']);
  assert.deepEqual(row(16), ['Presentation Scheduled', 1, 2_000, 1, 0.6, 'Best case']);

  assert.equal(ws.getCell('A18').value, 'MRR: the last 8 periods actual, then a projection of the next 3 (not actual figures)');
  assert.deepEqual(row(19), ['Period', 'MRR (actual)', 'Net new MRR', 'Projection: base', 'Projection: upside', 'Projection: downside']);
  const periods = Array.from({ length: 11 }, (_, i) => ws.getCell(20 + i, 1).value);
  assert.deepEqual(periods, [
    '2024-Q1',
    '2024-Q2',
    '2024-Q3',
    '2024-Q4',
    '2025-Q1',
    '2025-Q2',
    '2025-Q3',
    '2025-Q4',
    '2026-Q1 (projected)',
    '2026-Q2 (projected)',
    '2026-Q3 (projected)',
  ]);
  assert.deepEqual(
    Array.from({ length: 11 }, (_, i) => ws.getCell(20 + i, 2).value),
    [0, 0, 0, 0, 1_000, 1_100, 1_300, 1_400, null, null, null],
    'actual MRR only in the actual quarters',
  );
  assert.deepEqual(row(31, 1), ['Mean net new MRR, last 3 periods']);
  assert.deepEqual(row(32, 1), ['Its standard deviation (sample)']);
  assert.match(String(ws.getCell('A33').value), /^A projection, not actual figures\./);
  assertFormulas(
    (await formulaCells(path)).filter((c) => c.sheet === 'Forecast'),
    'cached',
  );
});

test('the MRR chart: a native line chart, the actual MRR solid, base, upside and downside dashed from the last actual quarter', async () => {
  const path = await report('2025-Q4');
  const zip = await JSZip.loadAsync(readFileSync(path));
  const charts = await Promise.all(
    Object.keys(zip.files)
      .filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))
      .map((p) => part(zip, p)),
  );
  const doc = charts.find((d) => all(d, NS.a, 't').some((t) => t.textContent === 'MRR, and a projection of the next 3 periods'));
  assert.ok(doc, 'the report has the forecast chart');
  const series = all(all(doc, NS.c, 'lineChart')[0]!, NS.c, 'ser');
  const text = (e: Element, local: string) => all(all(e, NS.c, local)[0]!, NS.c, 'f')[0]!.textContent;
  assert.deepEqual(
    series.map((s) => [text(s, 'tx'), text(s, 'val')]),
    [
      ["'Forecast'!$B$19", "'Forecast'!$B$20:$B$30"],
      ["'Forecast'!$D$19", "'Forecast'!$D$20:$D$30"],
      ["'Forecast'!$E$19", "'Forecast'!$E$20:$E$30"],
      ["'Forecast'!$F$19", "'Forecast'!$F$20:$F$30"],
    ],
  );
  assert.equal(text(series[0]!, 'cat'), "'Forecast'!$A$20:$A$30");
  // The line's properties in CT_LineProperties order: its fill, its dash (the projection only), its join.
  const ln = series.map((s) =>
    Array.from(all(all(s, NS.c, 'spPr')[0]!, NS.a, 'ln')[0]!.childNodes)
      .filter((n) => n.nodeType === 1)
      .map((n) => (n as Element).localName),
  );
  assert.deepEqual(ln, [
    ['solidFill', 'round'],
    ['solidFill', 'prstDash', 'round'],
    ['solidFill', 'prstDash', 'round'],
    ['solidFill', 'prstDash', 'round'],
  ]);
  assert.deepEqual(
    series.slice(1).map((s) => all(s, NS.a, 'prstDash')[0]!.getAttribute('val')),
    ['dash', 'dash', 'dash'],
  );
  const cached = series.map((s) => {
    const pts = all(all(s, NS.c, 'val')[0]!, NS.c, 'pt');
    return pts.map((p) => [Number(p.getAttribute('idx')), Number(all(p, NS.c, 'v')[0]!.textContent)]);
  });
  assert.deepEqual(cached[0], [
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 0],
    [4, 1_000],
    [5, 1_100],
    [6, 1_300],
    [7, 1_400],
  ]);
  assert.deepEqual(
    cached[1]!.map(([i]) => i),
    [7, 8, 9, 10],
    'the projection starts at the last actual quarter',
  );
  assert.equal(cached[1]![0]![1], 1_400);
  assert.ok(close(cached[1]![1]![1]!, 1_400 + MEAN) && close(cached[1]![3]![1]!, 1_800));
  assert.ok(close(cached[2]![3]![1]!, 1_400 + 3 * (MEAN + SD)) && close(cached[3]![3]![1]!, 1_400 + 3 * (MEAN - SD)));
});

test("LibreOffice recalculates every formula of the forecast sheet to the app's figure", { skip: sofficePath() ? false : NO_SOFFICE }, async () => {
  const path = await report('2025-Q4');
  const [recalculated] = convert(await withoutCachedValues(path), 'xlsx:Calc MS Excel 2007 XML', { recalculate: true });
  assertFormulas(
    (await formulaCells(recalculated!)).filter((c) => c.sheet === 'Forecast'),
    'recalculated',
  );
});

test('without MRR the sheet has the deals only; without deals the MRR only; none for period all', async () => {
  const deals = sheet(await readWorkbook(await report('2025-Q4', { deals: true })), 'Forecast');
  assert.equal(deals.rowCount, 16, 'the sheet ends with the stages');
  assert.deepEqual(
    [deals.getCell('A4').value, deals.getCell('A11').value],
    ['Open deals expected to close in each period', 'Stage probabilities and forecast categories used (Settings)'],
  );

  const path = await report('2025-Q4', { subscriptions: true });
  const mrr = sheet(await readWorkbook(path), 'Forecast');
  assert.equal(
    mrr.getCell('A2').value,
    'The 3 periods after 2025-Q4, 2026-Q1 to 2026-Q3: MRR projected over them from its trend, a projection and not actual figures.',
  );
  assert.equal(mrr.getCell('A4').value, 'MRR: the last 8 periods actual, then a projection of the next 3 (not actual figures)');
  const formulas = (await formulaCells(path)).filter((c) => c.sheet === 'Forecast');
  // The same table fourteen rows up.
  assert.deepEqual(
    formulas.map((c) => [c.address, c.formula]),
    FORMULAS.map(([a, f]) => [a.replace(/\d+/, (r) => String(Number(r) - 14)), f.replace(/[A-Z](\d+)/g, (ref, r: string) => `${ref[0]}${Number(r) - 14}`)]),
  );

  assert.equal((await readWorkbook(await report('all'))).getWorksheet('Forecast'), undefined);
});
