/**
 * Calls that arrive while an import runs wait for it: the import keeps a transaction open across many
 * awaits, and a save, close or undo in the middle would act on half an import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../../../main/session';
import { callService } from '../../../main/services';
import { realData, withoutRealData } from '../../support/real-data';

const maven = realData('maven-crm-sales/sales_pipeline.csv');

test('settings, undo and close sent during an import run after it, each with its own result', { skip: withoutRealData }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-serial-'));
  const session = new Session('cli', dir);
  const book = join(dir, 'b.kpiw');
  assert.ok((await callService(session, 'workbook.create', { file: { path: book } })).ok);
  const first = await callService(session, 'import.run', { file: { path: maven }, options: {} });
  assert.ok(first.ok);

  // The same export again, with other mapping: its deal IDs left out, the rows have no identity and add.
  const importing = callService(session, 'import.run', { file: { path: maven }, options: { again: true, map: [['opportunity_id', '']] } });
  const settings = callService(session, 'settings.set', { patch: { company_name: 'Acme' } });
  const undo = callService(session, 'import.undo', { batch: 1 });
  const summary = callService(session, 'data.summary', {});
  const info = await callService(session, 'app.info', {});
  assert.ok(info.ok, 'calls that do not touch the workbook answer at once');

  const [imp, set, und, sum] = await Promise.all([importing, settings, undo, summary]);
  assert.ok(imp.ok && imp.value.accepted === 8800, JSON.stringify(imp));
  assert.ok(set.ok && set.value.settings.company_name === 'Acme', JSON.stringify(set));
  assert.ok(und.ok && und.value.id === 1, JSON.stringify(und));
  // Queued in order: import (2 batches), settings, undo of batch 1, then the summary sees batch 2 only.
  assert.ok(sum.ok);
  assert.deepEqual(
    sum.value.batches.map((b) => b.id),
    [2],
  );
  assert.equal(sum.value.datasets.find((d) => d.name === 'deals')!.rows, 8800);
  assert.ok((await callService(session, 'workbook.close', {})).ok);

  const reopened = new Session('cli', dir);
  const again = await callService(reopened, 'workbook.open', { file: { path: book }, readOnly: true });
  assert.ok(again.ok && again.value.settings.company_name === 'Acme');
  const after = await callService(reopened, 'data.summary', {});
  assert.ok(after.ok && after.value.batches.length === 1);
  await callService(reopened, 'workbook.close', {});
});
