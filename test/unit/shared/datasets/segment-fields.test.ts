import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentFields } from '../../../../shared/datasets/catalog';
import { api } from '../../../../shared/api';

test("the fields KPIs can be split by are the declarations' segment fields, and the API takes exactly those", () => {
  assert.deepEqual(segmentFields, ['owner', 'channel', 'region', 'source', 'plan', 'product', 'segment', 'stage', 'agent']);
  const input = api['metrics.compute'].input;
  for (const field of segmentFields) assert.equal(input.safeParse({ segment: field }).success, true, field);
  assert.equal(input.safeParse({ segment: 'amount' }).success, false, 'a field not declared a segment');
});
