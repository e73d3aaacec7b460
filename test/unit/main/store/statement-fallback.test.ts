import { test } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import { memoryDatabase } from '../../../../main/store/memory';
import { beginBatch, RowInserter } from '../../../../main/store/batches';
import { sqliteNative } from '../../../../main/store/sqljs';
import { packValues } from '../../../../main/store/packed-values';
import { storedFields } from '../../../../shared/datasets/catalog';

test('when sql.js was initialised elsewhere, packed rows go through its Statement and store the same values', async () => {
  // sql.js keeps the first initialisation of the process: loadSqlJs's hook then never runs.
  await initSqlJs();
  const db = await memoryDatabase();
  assert.equal(sqliteNative(), null);
  db.run('BEGIN');
  const id = beginBatch(
    db,
    { dataset: 'deals', fileName: 'd.csv', fileSize: 1, fileHash: 'h', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    '2026-01-01T00:00:00',
  );
  const ins = new RowInserter(db, 'deals', id);
  const order = storedFields('deals').map((f) => f.name);
  // Each row's stored values, then its key and fingerprint.
  const row = (values: Record<string, string | number | null>) => [...order.map((f) => values[f] ?? null), values.deal_id ?? null, 1];
  ins.insertPacked(
    [2, 3],
    packValues([
      ...row({ deal_id: 'D-1', stage: 'Closed Won', status: 'won', amount: 1200, created_at: '2024-01-05', owner: 'Zoë 😀', region: '' }),
      ...row({ deal_id: 'D-2', stage: 'Qualified', status: 'open', amount: 2_147_483_648.5, owner: '\uFEFFx' }),
    ]),
  );
  assert.equal(ins.count, 2);
  assert.throws(() => ins.insertPacked([4], packValues(['too few'])), /1 values cannot fill 1 deals rows/);
  ins.free();
  db.run('COMMIT');
  // Owners compared as bytes: sql.js drops a leading U+FEFF when it reads text back, not when it stores it.
  // 'Zoë 😀' is 5a 6f c3ab 20 f09f9880; U+FEFF 'x' is efbbbf 78.
  assert.deepEqual(
    db.exec('SELECT _batch, _row, deal_id, stage, status, amount, typeof(amount), created_at, hex(owner), region, source FROM deals ORDER BY _row')[0]!.values,
    [
      [id, 2, 'D-1', 'Closed Won', 'won', 1200, 'real', '2024-01-05', '5A6FC3AB20F09F9880', '', null],
      [id, 3, 'D-2', 'Qualified', 'open', 2_147_483_648.5, 'real', null, 'EFBBBF78', null, null],
    ],
  );
});
