import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { fromWire, packedValues, toWire, type WireBatch } from '../../../../main/import/batch-wire';
import type { NormalisedBatch } from '../../../../main/import/normalise-batches';
import { unpackValues } from '../../../../main/store/packed-values';

const batch: NormalisedBatch = {
  rows: [2, 3, 5],
  values: ['D-1', 1200, null, 'D-2', -0, 'Zoë 😀', 'a\u0000b', 2_147_483_648, ''],
  prev: [0, 17, 0],
  checks: [{ row: 6, prev: 9, values: ['D-9', 1, 'x'] }],
  samples: [{ row: 3, prev: 17, values: ['D-2', -0, 'Zoë 😀'] }],
  problems: [{ row: 4, column: 'Amount', value: 'abc', reason: 'is not a number' }],
  rejected: 1,
  done: 40,
  total: 100,
};

function post(wire: WireBatch, transfer: ArrayBuffer[]): Promise<WireBatch> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once('message', (m: WireBatch) => {
      port1.close();
      resolve(m);
    });
    port1.postMessage(wire, transfer);
  });
}

test('a batch posted across threads arrives with the same rows, values, problems and progress', async () => {
  const { wire, transfer } = toWire(batch);
  const arrived = fromWire(await post(wire, transfer));
  // The buffers were moved, not copied: the sender's views are now empty.
  assert.equal(wire.values.kinds.length, 0);
  assert.equal(wire.rows.length, 0);
  assert.deepEqual(arrived.rows, [2, 3, 5]);
  assert.deepEqual(arrived.prev, [0, 17, 0]);
  assert.deepEqual(arrived.checks, batch.checks);
  assert.deepEqual(arrived.samples, batch.samples);
  assert.deepEqual(arrived.values, batch.values);
  assert.ok(Object.is(arrived.values[4], -0));
  assert.deepEqual(arrived.problems, batch.problems);
  assert.deepEqual([arrived.rejected, arrived.done, arrived.total], [1, 40, 100]);
});

test('the inserter gets the packed values that crossed, and batches read on this thread are packed alike', async () => {
  const { wire, transfer } = toWire(batch);
  const received = await post(wire, transfer);
  const arrived = fromWire(received);
  assert.equal(packedValues(arrived), received.values);
  const here = packedValues(batch);
  assert.deepEqual(unpackValues(here), batch.values);
  assert.deepEqual([...here.kinds], [...received.values.kinds]);
  assert.deepEqual([...here.text], [...received.values.text]);
});
