/**
 * Through the service table, as the app and the CLI use it: an import reports its phases, keeps the
 * rollups in the saved file, and a later session answers the dashboard from them with the same KPIs
 * as one computed from the rows alone (Maven's 8,800 real deals).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { loadSqlJs } from '../../../main/store/sqljs';
import { realData, withoutRealData } from '../../support/real-data';

const maven = realData('maven-crm-sales/sales_pipeline.csv');

async function dashboardOf(dir: string, book: string): Promise<unknown> {
  const session = new Session('cli', dir);
  assert.ok((await callService(session, 'workbook.open', { file: { path: book }, readOnly: true })).ok);
  const r = await callService(session, 'metrics.compute', { period: '2017-Q3', compare: 'previous' });
  assert.ok(r.ok, JSON.stringify(r));
  await callService(session, 'workbook.close', {});
  return r.value;
}

test('an import says what it is doing, saves its rollups, and the next session computes the same KPIs from them', { skip: withoutRealData }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-rollups-svc-'));
  const book = join(dir, 'b.kpiw');
  const session = new Session('cli', dir);
  const phases: string[] = [];
  session.on((name, payload) => {
    if (name === 'job.progress') phases.push((payload as { phase: string }).phase);
  });
  assert.ok((await callService(session, 'workbook.create', { file: { path: book } })).ok);
  const imported = await callService(session, 'import.run', { file: { path: maven }, options: {} });
  assert.ok(imported.ok && imported.value.accepted === 8800, JSON.stringify(imported));
  assert.deepEqual([...new Set(phases)], ['reading', 'importing', 'summarising', 'saving']);
  assert.ok((await callService(session, 'workbook.close', {})).ok);

  const SQL = await loadSqlJs();
  const saved = new SQL.Database(readFileSync(book));
  const kept = Number(saved.exec('SELECT count(*) FROM rollups WHERE batch = 1')[0]!.values[0]![0]);
  assert.ok(kept >= 4, `rollups saved with the import: ${kept}`);
  // The same workbook with its rollups taken out: every KPI is then grouped from the rows.
  saved.run('DELETE FROM rollups');
  const bare = join(dir, 'bare.kpiw');
  writeFileSync(bare, saved.export());
  saved.close();
  copyFileSync(book, join(dir, 'copy.kpiw'));

  assert.deepEqual(await dashboardOf(dir, join(dir, 'copy.kpiw')), await dashboardOf(dir, bare));
});
