/**
 * The report of the demo company, end to end: the figures in the workbook are the metric engine's
 * (what `kpiw metrics --json` prints), every ratio KPI is a live formula, and the data sheets hold the
 * datasets the KPIs were computed from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { memoryDatabase } from '../../../main/store/memory';
import { writeDemo } from '../../../main/demo/generate';
import { readSettings } from '../../../main/store/settings';
import { computeMetrics, computeTrend } from '../../../main/metrics/compute';
import { parsePeriod, shiftPeriod } from '../../../shared/periods';
import { exportReport } from '../../../main/report/export';
import { AppFailure } from '../../../shared/result';
import { formulaCells, readWorkbook, scratchDir, sheet } from '../../unit/main/report/report-files';

const AREA_SHEETS = new Map([
  ['sales', 'Sales'],
  ['marketing', 'Marketing'],
  ['customers', 'Customers'],
  ['service', 'Service'],
  ['adoption', 'Adoption'],
]);

test("the demo report holds the engine's figures, as live formulas where they are ratios", async () => {
  const db = await memoryDatabase();
  writeDemo(db);
  const path = join(scratchDir(), 'demo.xlsx');
  const phases = new Set<string>();
  await exportReport(db, path, { dataRowCap: 100, onProgress: (phase) => phases.add(phase) });
  assert.deepEqual([...phases], ['computing', 'writing']);
  const metrics = computeMetrics(db, { compare: 'previous' }, readSettings(db));
  const wb = await readWorkbook(path);
  const formulas = new Map((await formulaCells(path)).map((c) => [`${c.sheet}!${c.address}`, c]));

  assert.equal(wb.company, 'Larkspur Analytics');
  assert.equal(wb.subject, metrics.period.id);
  const names = wb.worksheets.map((w) => w.name);
  assert.deepEqual(names.slice(0, 11), [
    'Summary',
    'Sales',
    'Marketing',
    'Customers',
    'Service',
    'Adoption',
    'Pipeline bridge',
    'MRR bridge',
    'Cohorts',
    'Forecast',
    'Definitions',
  ]);
  assert.ok(names.includes('Data Deals') && names.includes('Data Tickets'), names.join(', '));

  const withData = metrics.metrics.filter((m) => m.status === 'ok');
  assert.ok(withData.length > 30, `${withData.length} KPIs with data`);
  const rowsByArea = new Map<string, number>();
  let ratioWithoutFormula: string[] = [];
  for (const m of withData) {
    const sheetName = AREA_SHEETS.get(m.area) ?? '';
    const ws = sheet(wb, sheetName);
    const r = 5 + (rowsByArea.get(m.area) ?? 0);
    rowsByArea.set(m.area, (rowsByArea.get(m.area) ?? 0) + 1);
    assert.equal(ws.getCell(r, 1).value, m.name, `${sheetName} row ${r}`);
    const f = formulas.get(`${sheetName}!D${r}`);
    const cached = f ? Number(f.cached) : ws.getCell(r, 4).value;
    assert.equal(cached, m.value, `${m.id}: the value cell holds the engine's value`);
    if (m.denominator !== null && m.denominator !== 0 && !f) ratioWithoutFormula.push(m.id);
  }
  ratioWithoutFormula = ratioWithoutFormula.sort();
  assert.deepEqual(ratioWithoutFormula, [], 'every KPI with a denominator is a live formula');

  const summary = sheet(wb, 'Summary');
  let linked = 0;
  summary.eachRow((row, r) => {
    const m = withData.find((x) => x.name === row.getCell(1).value);
    if (!m) return;
    const f = formulas.get(`Summary!B${r}`);
    assert.ok(f, `${m.id} on the summary links to its area sheet`);
    assert.equal(Number(f.cached), m.value);
    linked++;
  });
  assert.equal(linked, withData.length);

  // The forecast of the three quarters after, as the dashboard asks for it.
  const settings = readSettings(db);
  const last = shiftPeriod(parsePeriod(metrics.period.id, settings.fiscal_year_start_month)!, 3)!;
  const ids = ['weighted_pipeline', 'commit_forecast', 'best_case_forecast', 'forecast_gap_to_quota'];
  const trend = computeTrend(db, { period: last.id, count: 3, ids }, settings);
  const forecast = sheet(wb, 'Forecast');
  trend.periods.forEach((p, k) => {
    const row = Array.from({ length: 5 }, (_, c) => forecast.getCell(6 + k, 1 + c).value);
    assert.deepEqual(row, [p.id, ...ids.map((id) => trend.series.find((s) => s.id === id)!.values[k])]);
  });

  const deals = sheet(wb, 'Data Deals');
  assert.match(String(deals.getCell('A2').value), /^The first 100 of [\d,]+ rows/);
});

test('an export onto a read-only report fails with a message naming the file', async () => {
  const db = await memoryDatabase();
  writeDemo(db);
  await assert.rejects(exportReport(db, join(scratchDir(), 'missing', 'r.xlsx')), (e: unknown) => {
    assert.ok(e instanceof AppFailure);
    assert.equal(e.code, 'target_not_writable');
    assert.match(e.message, /^Cannot write .*r\.xlsx: the folder does not exist\.$/);
    return true;
  });
});
