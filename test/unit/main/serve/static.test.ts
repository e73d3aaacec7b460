import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { staticPathFor, contentTypeFor, injectToken } from '../../../../main/serve/static';

const root = join('/srv', 'renderer');

test('staticPathFor: ordinary asset paths map under the root; folders get index.html', () => {
  assert.equal(staticPathFor(root, '/'), join(root, 'index.html'));
  assert.equal(staticPathFor(root, '/assets/index-abc.js'), join(root, 'assets', 'index-abc.js'));
  assert.equal(staticPathFor(root, '/assets/'), join(root, 'assets', 'index.html'));
  assert.equal(staticPathFor(root, '/a%20b.png'), join(root, 'a b.png'));
});

test('staticPathFor: traversal, encoded separators, backslashes, NUL, drive letters and bad escapes → null', () => {
  for (const p of [
    '/..',
    '/../x',
    '/a/../../x',
    '/./x',
    '/%2e%2e/x',
    '/..%2fx',
    '/a%2Fb',
    '/a\\b',
    '/a%5c..%5cx',
    '/x%00.js',
    '/C:/x',
    '/%E0%A4%A',
    'x',
    '/a/%2E/b',
  ]) {
    assert.equal(staticPathFor(root, p), null, p);
  }
});

test('contentTypeFor: known types by extension, octet-stream otherwise', () => {
  assert.equal(contentTypeFor('/a/b.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('/a/b.css'), 'text/css; charset=utf-8');
  assert.equal(contentTypeFor('/a/b'), 'application/octet-stream');
});

test('injectToken: the meta tag goes just before </head>', () => {
  assert.equal(
    injectToken('<html><head><title>x</title></head></html>', 'T'),
    '<html><head><title>x</title><meta name="kpiw-token" content="T"></head></html>',
  );
});
