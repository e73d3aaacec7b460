/**
 * Published figures and restatements through the service table and the CLI: a report of 2025-Q3 records
 * its figures; a newer export that changes one won deal's amount restates three of them (in
 * metrics.compute, `kpiw metrics --json` and its text); undoing that import restates nothing; the next
 * report lists the restatements with the import that made them; a period never reported has none; a
 * workbook another program holds still gets its report, and is told its figures were not recorded.
 *
 * The deals (hand-worked figures of 2025-Q3, 1 Jul to 30 Sep):
 *   D-1 won  50,000  created 2025-06-01, closed 2025-07-10 (39 days)
 *   D-2 won  70,400  created 2025-07-01, closed 2025-08-20 (50 days) — 72,900 in the newer export
 *   D-3 lost  5,000  created 2025-07-15, closed 2025-09-05
 *   D-4 open  8,000  created 2025-08-01
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import type { ApiName } from '../../../shared/api-names';
import type { Output } from '../../../shared/api';
import type { MetricResult } from '../../../shared/metrics/types';
import { kpiw } from '../cli/run-cli';
import { formulaCells, readWorkbook, sheet } from '../../unit/main/report/report-files';

const HEADER = 'Deal ID,Deal Name,Stage,Amount,Created Date,Close Date,Owner';
const DEALS = [
  'D-1,Acme,Closed Won,50000,2025-06-01,2025-07-10,Anna',
  'D-2,Birch,Closed Won,70400,2025-07-01,2025-08-20,Ben',
  'D-3,Cobalt,Closed Lost,5000,2025-07-15,2025-09-05,Anna',
  'D-4,Dune,Negotiation,8000,2025-08-01,,Ben',
];

function files(dir: string): { first: string; newer: string } {
  const first = join(dir, 'deals-2025-09-30.csv');
  const newer = join(dir, 'deals-2025-10-15.csv');
  writeFileSync(first, [HEADER, ...DEALS].join('\n'));
  writeFileSync(newer, [HEADER, ...DEALS.map((l) => l.replace('Birch,Closed Won,70400', 'Birch,Closed Won,72900'))].join('\n'));
  return { first, newer };
}

async function call<K extends ApiName>(session: Session, name: K, input: unknown): Promise<Output<K>> {
  const r = await callService(session, name, input);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

const byId = (ms: readonly MetricResult[]): Map<string, MetricResult> => new Map(ms.map((m) => [m.id, m]));

/** Equal within the restatement tolerance: the engine's velocity multiplies in its own order. */
function close(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${what}: ${actual} is not ${expected}`);
}

interface PublishedRow {
  report: string;
  at: string;
  lastBatch: number;
  period: string;
  metric: string;
  segmentField: string;
  segmentValue: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

function published(session: Session): PublishedRow[] {
  const rows =
    session.workbook!.db.exec(
      'SELECT report, published_at, last_batch, period, metric_id, segment_field, segment_value, value, numerator, denominator FROM published ORDER BY rowid',
    )[0]?.values ?? [];
  return rows.map(([report, at, lastBatch, period, metric, segmentField, segmentValue, value, numerator, denominator]) => ({
    report: String(report),
    at: String(at),
    lastBatch: Number(lastBatch),
    period: String(period),
    metric: String(metric),
    segmentField: String(segmentField),
    segmentValue: String(segmentValue),
    value: Number(value),
    numerator: numerator === null ? null : Number(numerator),
    denominator: denominator === null ? null : Number(denominator),
  }));
}

/** 2025-Q3 before the newer export: [KPI, value, numerator, denominator]. */
const Q3_REPORTED: [string, number, number | null, number | null][] = [
  // Won in Q3 (D-1, D-2) / closed in Q3 (D-1, D-2, D-3).
  ['win_rate', 2 / 3, 2, 3],
  // Created in Q3 and won (D-2) / created in Q3 (D-2, D-3, D-4).
  ['close_rate', 1 / 3, 1, 3],
  // (39 + 50) days / 2 won deals.
  ['sales_cycle_days', 44.5, 89, 2],
  // (50,000 + 70,400) / 2.
  ['avg_deal_size', 60_200, 120_400, 2],
  ['won_revenue', 120_400, 120_400, null],
  // D-4, open on 30 Sep.
  ['pipeline_value', 8_000, 8_000, null],
  // 1 open deal x 2/3 win rate x 60,200 average / 44.5 days.
  ['pipeline_velocity', ((2 / 3) * 60_200) / 44.5, (2 / 3) * 60_200, 44.5],
  // 12 optional deal fields x 4 rows; filled: ID, status, amount, created and owner 4 each, closed 3.
  ['data_completeness', 23 / 48, 23, 48],
];

test('a report records its figures; a newer export restates three; undo restates none; the next report lists them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-restated-'));
  const { first, newer } = files(dir);
  const book = join(dir, 'sales.kpiw');
  const session = new Session('cli', dir);
  await call(session, 'workbook.create', { file: { path: book } });
  assert.equal((await call(session, 'import.run', { file: { path: first }, options: { asOf: '2025-09-30' } })).batchId, 1);

  // The Q3 report: its eight figures, exactly.
  const q3 = await call(session, 'report.export', { period: '2025-Q3', file: { path: join(dir, 'q3.xlsx') } });
  assert.deepEqual([q3.fileName, q3.figures, q3.unrecorded], ['q3.xlsx', 8, null]);
  const rows = published(session);
  assert.equal(rows.length, 8);
  const at = rows[0]!.at;
  assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  for (const [i, [metric, value, numerator, denominator]] of Q3_REPORTED.entries()) {
    const r = rows[i]!;
    assert.deepEqual(
      { ...r, value: 0, numerator: 0, denominator: 0 },
      { report: 'q3.xlsx', at, lastBatch: 1, period: '2025-Q3', metric, segmentField: '', segmentValue: '', value: 0, numerator: 0, denominator: 0 },
    );
    close(r.value, value, `${metric} value`);
    if (numerator === null) assert.equal(r.numerator, null, metric);
    else close(r.numerator, numerator, `${metric} numerator`);
    if (denominator === null) assert.equal(r.denominator, null, metric);
    else close(r.denominator, denominator, `${metric} denominator`);
  }
  // Saved at once: the file on disk has them.
  await call(session, 'workbook.close', {});
  await call(session, 'workbook.open', { file: { path: book } });
  assert.equal(published(session).length, 8);
  const unchanged = byId((await call(session, 'metrics.compute', { period: '2025-Q3' })).metrics);
  assert.deepEqual(
    [...unchanged.values()].filter((m) => m.reported),
    [],
    'figures equal to those published are not restated',
  );

  // D-2 won for 72,900 instead of 70,400.
  assert.equal((await call(session, 'import.run', { file: { path: newer }, options: { asOf: '2025-10-15' } })).changed, 1);
  const restated = byId((await call(session, 'metrics.compute', { period: '2025-Q3' })).metrics);
  assert.deepEqual(
    [...restated.values()].filter((m) => m.reported).map((m) => m.id),
    ['avg_deal_size', 'won_revenue', 'pipeline_velocity'],
  );
  assert.equal(restated.get('won_revenue')!.value, 122_900);
  assert.deepEqual(restated.get('won_revenue')!.reported, { value: 120_400, at, report: 'q3.xlsx' });
  assert.equal(restated.get('avg_deal_size')!.value, 61_450);
  assert.deepEqual(restated.get('avg_deal_size')!.reported, { value: 60_200, at, report: 'q3.xlsx' });
  close(restated.get('pipeline_velocity')!.value, ((2 / 3) * 61_450) / 44.5, 'velocity now');
  close(restated.get('pipeline_velocity')!.reported?.value, ((2 / 3) * 60_200) / 44.5, 'velocity reported');
  // A period never reported has nothing to restate.
  const q2 = (await call(session, 'metrics.compute', { period: '2025-Q2' })).metrics;
  assert.ok(q2.some((m) => m.status === 'ok'));
  assert.deepEqual(
    q2.filter((m) => m.reported),
    [],
  );

  // The CLI reads the workbook this session holds read-only: the JSON shape and the marked text.
  const json = kpiw(['metrics', book, '--period', '2025-Q3', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const won = (JSON.parse(json.stdout) as { metrics: Record<string, unknown>[] }).metrics.find((m) => m.id === 'won_revenue')!;
  assert.deepEqual(Object.keys(won).slice(0, 9), ['id', 'name', 'area', 'unit', 'direction', 'status', 'value', 'reported', 'numerator']);
  assert.deepEqual([won.value, won.reported], [122_900, { value: 120_400, at, report: 'q3.xlsx' }]);
  const winRate = (JSON.parse(json.stdout) as { metrics: Record<string, unknown>[] }).metrics.find((m) => m.id === 'win_rate')!;
  assert.equal('reported' in winRate, false);
  const text = kpiw(['metrics', book, '--period', '2025-Q3']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ {2}Won revenue +\$122,900 \*$/m);
  assert.match(text.stdout, /^ {2}Win rate +66\.7%$/m);
  assert.match(
    text.stdout,
    /^\* Restated: changed since a report published it:\n {2}Average deal size: reported \$60,200 on \d{4}-\d\d-\d\d in q3\.xlsx; now \$61,450\n {2}Won revenue: reported \$120,400 on \d{4}-\d\d-\d\d in q3\.xlsx; now \$122,900\n {2}Pipeline velocity: reported \$901\.87 on .* in q3\.xlsx; now \$920\.60$/m,
  );

  // Undo of the newer import: the figures are those published again.
  await call(session, 'import.undo', { batch: 2 });
  assert.deepEqual(
    (await call(session, 'metrics.compute', { period: '2025-Q3' })).metrics.filter((m) => m.reported),
    [],
  );

  // The same export again (batch 3): restated again, and the Q4 report (of a period never reported) lists it.
  assert.equal((await call(session, 'import.run', { file: { path: newer }, options: { asOf: '2025-10-15' } })).batchId, 3);
  const q4 = await call(session, 'report.export', { period: '2025-Q4', file: { path: join(dir, 'q4.xlsx') } });
  assert.equal(q4.unrecorded, null);
  const wb = await readWorkbook(join(dir, 'q4.xlsx'));
  assert.deepEqual(wb.worksheets.map((w) => w.name).slice(0, 3), ['Summary', 'Restatements', 'Sales']);
  assert.equal(sheet(wb, 'Summary').getCell('A4').value, '3 figures published in earlier reports have changed since: see the Restatements sheet.');
  const ws = sheet(wb, 'Restatements');
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((c) => ws.getCell(4, c).value),
    ['Period', 'KPI', 'Reported', 'Now', 'Change', 'Reported in', 'Changed by'],
  );
  const changes = new Map((await formulaCells(join(dir, 'q4.xlsx'))).filter((c) => c.sheet === 'Restatements').map((c) => [c.address, c]));
  const expected: [string, number, number, number][] = [
    ['Average deal size', 60_200, 61_450, 1_250],
    ['Won revenue', 120_400, 122_900, 2_500],
    ['Pipeline velocity', ((2 / 3) * 60_200) / 44.5, ((2 / 3) * 61_450) / 44.5, ((2 / 3) * 61_450 - (2 / 3) * 60_200) / 44.5],
  ];
  for (const [i, [name, was, now, change]] of expected.entries()) {
    const r = 5 + i;
    assert.equal(ws.getCell(r, 1).value, '2025-Q3');
    assert.equal(ws.getCell(r, 2).value, name);
    close(ws.getCell(r, 3).value as number, was, `${name} reported`);
    assert.equal(ws.getCell(r, 3).numFmt, '"$"#,##0.00');
    close(ws.getCell(r, 4).value as number, now, `${name} now`);
    assert.equal(changes.get(`E${r}`)?.formula, `D${r}-C${r}`);
    close(Number(changes.get(`E${r}`)?.cached), change, `${name} change`);
    assert.equal(ws.getCell(r, 5).numFmt, '+"$"#,##0.00;-"$"#,##0.00;"$"#,##0.00');
    assert.match(String(ws.getCell(r, 6).value), /^q3\.xlsx, /);
    // Batch 2, undone, changed nothing in the end; batch 3 did.
    assert.equal(ws.getCell(r, 7).value, 'deals-2025-10-15.csv (batch 3)');
  }
  assert.equal(ws.getCell(8, 1).value, null);

  // Q3 reported again: the restatement is in that report, and then settled; a report of Q2, never reported, has none.
  await call(session, 'report.export', { period: '2025-Q3', file: { path: join(dir, 'q3-again.xlsx') } });
  assert.ok((await readWorkbook(join(dir, 'q3-again.xlsx'))).getWorksheet('Restatements'));
  assert.deepEqual(
    (await call(session, 'metrics.compute', { period: '2025-Q3' })).metrics.filter((m) => m.reported),
    [],
  );
  await call(session, 'report.export', { period: '2025-Q2', file: { path: join(dir, 'q2.xlsx') } });
  const q2Report = await readWorkbook(join(dir, 'q2.xlsx'));
  assert.equal(q2Report.getWorksheet('Restatements'), undefined);
  assert.equal(sheet(q2Report, 'Summary').getCell('A4').value, null);
  await call(session, 'workbook.close', {});
});

test('a workbook another program holds still gets its report, and is told its figures were not recorded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-restated-ro-'));
  const { first } = files(dir);
  const book = join(dir, 'sales.kpiw');
  const holder = new Session('cli', dir);
  await call(holder, 'workbook.create', { file: { path: book } });
  await call(holder, 'import.run', { file: { path: first }, options: { asOf: '2025-09-30' } });

  // A second window of this process.
  const second = new Session('cli', dir);
  const opened = await call(second, 'workbook.open', { file: { path: book } });
  assert.equal(opened.readOnly, true);
  const res = await call(second, 'report.export', { period: '2025-Q3', file: { path: join(dir, 'in-app.xlsx') } });
  assert.ok(existsSync(join(dir, 'in-app.xlsx')));
  assert.equal(res.figures, 8);
  assert.equal(
    res.unrecorded,
    "The report's 8 figures could not be recorded in sales.kpiw: sales.kpiw is already open in this KPI Workbook process. " +
      'Export the report again once the workbook can be written, or a later change to these figures will not show as a restatement.',
  );
  assert.deepEqual(published(second), []);
  await call(second, 'workbook.close', {});

  // `kpiw report` in another process: the report is written and the command says plainly what it could not do.
  const cli = kpiw(['report', book, '--period', '2025-Q3', '--out', join(dir, 'cli.xlsx')]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^Wrote .*cli\.xlsx \([\d,]+ bytes\)\.\n$/);
  assert.equal(
    cli.stderr,
    `kpiw: The report's 8 figures could not be recorded in sales.kpiw: sales.kpiw is open in another KPI Workbook process (pid ${process.pid}). ` +
      'Export the report again once the workbook can be written, or a later change to these figures will not show as a restatement.\n',
  );
  assert.ok(existsSync(join(dir, 'cli.xlsx')));
  assert.deepEqual(published(holder), []);

  // Once it is free, `kpiw report` records them.
  await call(holder, 'workbook.close', {});
  const free = kpiw(['report', book, '--period', '2025-Q3', '--out', join(dir, 'cli.xlsx')]);
  assert.equal(free.code, 0, free.stderr);
  assert.match(free.stdout, /; its 8 figures are recorded in .*sales\.kpiw\.\n$/);
  assert.equal(free.stderr, '');
  await call(holder, 'workbook.open', { file: { path: book } });
  assert.deepEqual(
    published(holder).map((r) => [r.report, r.metric]),
    Q3_REPORTED.map(([m]) => ['cli.xlsx', m]),
  );
  await call(holder, 'workbook.close', {});
});
