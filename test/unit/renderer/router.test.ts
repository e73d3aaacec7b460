import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hrefFor, parseHash } from '../../../renderer/router';

test('hash routes carry the page and its parameters', () => {
  const r = parseHash('#/dashboard?period=2017-Q2&compare=year');
  assert.equal(r.page, 'dashboard');
  assert.equal(r.params.get('period'), '2017-Q2');
  assert.equal(r.params.get('compare'), 'year');
  assert.equal(hrefFor('data', { dataset: 'deals', sort: undefined }), '#/data?dataset=deals');
});

test('an unknown or empty route opens the dashboard', () => {
  assert.equal(parseHash('').page, 'dashboard');
  assert.equal(parseHash('#/nowhere').page, 'dashboard');
});
