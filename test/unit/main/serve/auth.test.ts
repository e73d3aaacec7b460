import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as auth from '../../../../main/serve/auth';

test('tokenMatches: exact match only; missing, empty, shorter, longer and case-changed tokens fail', () => {
  const t = auth.createToken();
  assert.equal(auth.tokenMatches(t, t), true);
  for (const c of [undefined, null, '', t.slice(1), `${t}A`, t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase()]) {
    assert.equal(auth.tokenMatches(t, c), false, String(c));
  }
});

test('hostAllowed: 127.0.0.1 and localhost on our port, nothing else', () => {
  assert.equal(auth.hostAllowed('127.0.0.1:8080', 8080), true);
  assert.equal(auth.hostAllowed('localhost:8080', 8080), true);
  for (const h of [
    undefined,
    '',
    '127.0.0.1',
    'localhost',
    '127.0.0.1:8081',
    'evil.com:8080',
    '127.0.0.1.evil.com:8080',
    'LOCALHOST:8080x',
    '[::1]:8080',
    '127.1:8080',
  ]) {
    assert.equal(auth.hostAllowed(h, 8080), false, String(h));
  }
});

test('originAllowed: absent or our own http origins only', () => {
  assert.equal(auth.originAllowed(undefined, 5000), true);
  assert.equal(auth.originAllowed('http://127.0.0.1:5000', 5000), true);
  assert.equal(auth.originAllowed('http://localhost:5000', 5000), true);
  for (const o of ['null', '', 'http://127.0.0.1:5001', 'https://127.0.0.1:5000', 'http://evil.com', 'http://127.0.0.1:5000/']) {
    assert.equal(auth.originAllowed(o, 5000), false, o);
  }
});

test('fetchSiteAllowed: refuses cross-site and same-site (another port or subdomain is another site for us)', () => {
  assert.equal(auth.fetchSiteAllowed(undefined), true);
  assert.equal(auth.fetchSiteAllowed('same-origin'), true);
  assert.equal(auth.fetchSiteAllowed('none'), true);
  assert.equal(auth.fetchSiteAllowed('same-site'), false);
  assert.equal(auth.fetchSiteAllowed('cross-site'), false);
});

test('isJsonContentType: application/json with at most a utf-8 charset', () => {
  assert.equal(auth.isJsonContentType('application/json'), true);
  assert.equal(auth.isJsonContentType('Application/JSON; charset=UTF-8'), true);
  for (const v of [undefined, 'text/plain', 'application/json-patch+json', 'application/json; charset=latin1', 'application/x-www-form-urlencoded']) {
    assert.equal(auth.isJsonContentType(v), false, String(v));
  }
});

test('cookies: the name carries the port; readCookie picks the exact name', () => {
  assert.equal(auth.sessionCookie(4321, 'abc'), 'kpiw_4321=abc; HttpOnly; SameSite=Strict; Path=/');
  assert.equal(auth.readCookie('a=1; kpiw_4321=tok; kpiw_43210=other', 'kpiw_4321'), 'tok');
  assert.equal(auth.readCookie('kpiw_43210=other', 'kpiw_4321'), undefined);
  assert.equal(auth.readCookie(undefined, 'kpiw_4321'), undefined);
});
