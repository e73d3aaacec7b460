import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasets, datasetNames, storedFields } from '../../../shared/datasets/catalog';

test('the catalogue has the twelve canonical datasets, each with its required fields', () => {
  assert.deepEqual(
    datasets.map((d) => d.name),
    [...datasetNames],
  );
  assert.equal(datasets.length, 12);
  const required = Object.fromEntries(datasets.map((d) => [d.name, d.fields.filter((f) => f.required).map((f) => f.name)]));
  assert.deepEqual(required.deals, ['stage']);
  assert.deepEqual(required.orders, ['customer_id', 'ordered_at', 'amount']);
  assert.deepEqual(required.crm_usage, ['user', 'day']);
  assert.ok(!storedFields('deals').some((f) => f.name === 'estimated_amount'));
});
