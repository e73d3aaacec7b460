/**
 * Browser mode probed the way an attacker would: no token, a
 * wrong token, forged Host and Origin headers (DNS rebinding, CSRF), simple-request content types,
 * path traversal, oversized bodies; and it must listen on 127.0.0.1 only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { startFixture, send, SECRET, type Fixture } from './serve-helpers';

let fx: Fixture;
let port: number;
before(async () => {
  fx = await startFixture({ bodyLimit: 1024, uploadLimit: 4096 });
  port = fx.server.port;
});
after(async () => fx.cleanup());

const api = (name: string, headers: Record<string, string>, body = '{}') => send(port, { method: 'POST', path: `/api/${name}`, headers, body });
const good = () => ({ 'Content-Type': 'application/json', 'X-KPIW-Token': fx.token });
const cookie = () => ({ Cookie: `kpiw_${port}=${fx.token}` });

test('listens on 127.0.0.1 only, on the port the OS chose', async () => {
  const address = fx.server.address();
  assert.equal(address.address, '127.0.0.1');
  assert.equal(address.family, 'IPv4');
  assert.ok(port > 0);
  assert.match(fx.server.url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`));
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  for (const host of ['::1', ...(external ? [external.address] : [])]) {
    const reached = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    assert.equal(reached, false, `port ${port} must not be reachable on ${host}`);
  }
});

test('the token is 32 random bytes (43 base64url characters) and differs per server', async () => {
  const other = await startFixture();
  try {
    assert.equal(Buffer.from(fx.token, 'base64url').length, 32);
    assert.notEqual(other.token, fx.token);
  } finally {
    await other.cleanup();
  }
});

test('pages: no token → 401, wrong token → 403, right token → cookie and redirect without it', async () => {
  assert.equal((await send(port, { path: '/' })).status, 401);
  assert.equal((await send(port, { path: '/assets/app.js' })).status, 401);
  assert.equal((await send(port, { path: `/?token=${'A'.repeat(43)}` })).status, 403);
  assert.equal((await send(port, { path: `/?token=${fx.token}x` })).status, 403);
  const ok = await send(port, { path: `/?token=${fx.token}` });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/');
  assert.equal(ok.headers['referrer-policy'], 'no-referrer');
  const setCookie = String(ok.headers['set-cookie']);
  assert.match(setCookie, new RegExp(`^kpiw_${port}=${fx.token};`));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
});

test('with the cookie: index.html carries the API token in a meta tag and the security headers', async () => {
  const page = await send(port, { path: '/', headers: cookie() });
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(`<meta name="kpiw-token" content="${fx.token}">`));
  const csp = String(page.headers['content-security-policy']);
  for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(d), d);
  }
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  const js = await send(port, { path: '/assets/app.js', headers: cookie() });
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  const wrongPortCookie = await send(port, { path: '/', headers: { Cookie: `kpiw_${port + 1}=${fx.token}` } });
  assert.equal(wrongPortCookie.status, 401);
});

test('API: the token header is required and checked; the cookie alone is not enough', async () => {
  assert.equal((await api('app.info', { 'Content-Type': 'application/json' })).status, 401);
  assert.equal((await api('app.info', { 'Content-Type': 'application/json', ...cookie() })).status, 401);
  assert.equal((await api('app.info', { 'Content-Type': 'application/json', 'X-KPIW-Token': 'nope' })).status, 403);
  // One character off (a random token may already end in 'A': then 'B').
  const offByOne = `${fx.token.slice(0, -1)}${fx.token.endsWith('A') ? 'B' : 'A'}`;
  assert.equal((await api('app.info', { 'Content-Type': 'application/json', 'X-KPIW-Token': offByOne })).status, 403);
  const before = fx.backend.calls.length;
  const ok = await api('workbook.open', good(), '{"file":{"id":"abc"}}');
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.body), { ok: true, value: { echoed: 'workbook.open' } });
  assert.deepEqual(fx.backend.calls.slice(before), [{ name: 'workbook.open', input: { file: { id: 'abc' } } }]);
});

test('API: simple-request content types (what a foreign form can send) are refused', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json']) {
    const r = await api('app.info', { 'Content-Type': type, 'X-KPIW-Token': fx.token });
    assert.equal(r.status, 415, type);
  }
  assert.equal((await api('app.info', { 'X-KPIW-Token': fx.token })).status, 415);
  assert.equal((await api('app.info', { ...good(), 'Content-Type': 'application/json; charset=utf-8' })).status, 200);
});

test('API: unknown names → 404 JSON error; bad JSON → 400; GET on the API → 405', async () => {
  for (const name of ['nope', '__proto__', 'constructor', 'app.info/..', '']) {
    const r = await api(name, good());
    assert.equal(r.status, 404, name);
    assert.equal(JSON.parse(r.body).ok, false);
  }
  assert.equal((await api('app.info', good(), '{not json')).status, 400);
  assert.equal((await send(port, { path: '/api/app.info', headers: { ...cookie(), 'X-KPIW-Token': fx.token } })).status, 405);
});

test('foreign Host headers (DNS rebinding) are refused on every route, with a valid token', async () => {
  for (const host of [
    `evil.com:${port}`,
    `127.0.0.1.evil.com:${port}`,
    `localhost.evil.com:${port}`,
    `127.0.0.1:${port + 1}`,
    '127.0.0.1',
    'localhost',
    `[::1]:${port}`,
    `0.0.0.0:${port}`,
  ]) {
    const page = await send(port, { path: `/?token=${fx.token}`, headers: { Host: host } });
    assert.equal(page.status, 403, host);
    assert.equal(page.headers['set-cookie'], undefined);
    assert.equal((await api('app.info', { ...good(), Host: host })).status, 403, host);
  }
  assert.equal((await api('app.info', { ...good(), Host: `localhost:${port}` })).status, 200);
  assert.equal(fx.backend.calls.filter((c) => c.name === 'app.info').length >= 1, true);
});

test('foreign Origin and cross-site fetch metadata are refused; our own origins pass', async () => {
  for (const origin of ['http://evil.com', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1.evil.com:${port}`]) {
    assert.equal((await api('app.info', { ...good(), Origin: origin })).status, 403, origin);
  }
  assert.equal((await api('app.info', { ...good(), 'Sec-Fetch-Site': 'cross-site' })).status, 403);
  assert.equal((await api('app.info', { ...good(), 'Sec-Fetch-Site': 'same-site' })).status, 403);
  assert.equal((await api('app.info', { ...good(), Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
  assert.equal((await api('app.info', { ...good(), Origin: `http://localhost:${port}` })).status, 200);
});

test('no response ever carries a CORS header', async () => {
  const replies = await Promise.all([
    send(port, { method: 'OPTIONS', path: '/api/app.info', headers: { Origin: 'http://evil.com', 'Access-Control-Request-Method': 'POST' } }),
    send(port, {
      method: 'OPTIONS',
      path: '/api/app.info',
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-kpiw-token' },
    }),
    api('app.info', good()),
    send(port, { path: '/', headers: cookie() }),
  ]);
  for (const r of replies) {
    assert.deepEqual(
      Object.keys(r.headers).filter((h) => h.startsWith('access-control-')),
      [],
    );
  }
  assert.equal(replies[1]!.status, 405);
});

test('path traversal never reaches a file outside the renderer folder', async () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/assets/app.js%00.html',
    '/assets/link.txt',
    '//etc/passwd',
    '/C:/Windows/win.ini',
    '/%c0%ae%c0%ae/secret.txt',
  ];
  for (const path of attempts) {
    const r = await send(port, { path, headers: cookie() });
    assert.notEqual(r.status, 200, path);
    assert.ok(!r.body.includes(SECRET), path);
  }
});

test('oversized API bodies → 413 before the service runs', async () => {
  const calls = fx.backend.calls.length;
  const big = JSON.stringify({ pad: 'x'.repeat(2000) });
  assert.equal((await api('app.info', good(), big)).status, 413);
  assert.equal(fx.backend.calls.length, calls);
});

test('upload: streamed to a private file, answered with an id (never a path); oversize → 413', async () => {
  const body = Buffer.from('Deal,Amount\nA,1\n');
  const headers = { 'X-KPIW-Token': fx.token, 'Content-Type': 'application/octet-stream', 'X-KPIW-Filename': encodeURIComponent('../../Pipeline ü.csv') };
  const r = await send(port, { method: 'POST', path: '/upload', headers, body });
  assert.equal(r.status, 200);
  const reply = JSON.parse(r.body);
  assert.equal(reply.ok, true);
  assert.equal(reply.value.name, 'Pipeline ü.csv');
  assert.equal(reply.value.size, body.length);
  assert.ok(!r.body.includes(fx.root) && !r.body.includes('/tmp'));
  const stored = fx.backend.files.get(reply.value.id);
  assert.ok(stored);
  assert.deepEqual(readFileSync(stored.path), body);
  assert.ok(!stored.path.includes('Pipeline'));

  assert.equal((await send(port, { method: 'POST', path: '/upload', headers: { ...headers, 'X-KPIW-Token': 'x' }, body })).status, 403);
  assert.equal((await send(port, { method: 'POST', path: '/upload', headers: { ...headers, 'Content-Type': 'text/plain' }, body })).status, 415);
  const tooBig = await send(port, { method: 'POST', path: '/upload', headers, body: Buffer.alloc(5000) });
  assert.equal(tooBig.status, 413);
});

test('upload without a declared length is cut off at the limit too', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/upload',
        headers: {
          Host: `127.0.0.1:${port}`,
          'X-KPIW-Token': fx.token,
          'Content-Type': 'application/octet-stream',
          'X-KPIW-Filename': 'a.csv',
          'Transfer-Encoding': 'chunked',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.write(Buffer.alloc(3000));
    req.end(Buffer.alloc(3000));
  });
  assert.equal(status, 413);
});

test('download: by id only, with the cookie or token; unknown ids and anonymous requests refused', async () => {
  const up = await send(port, {
    method: 'POST',
    path: '/upload',
    headers: { 'X-KPIW-Token': fx.token, 'Content-Type': 'application/octet-stream', 'X-KPIW-Filename': 'report.xlsx' },
    body: 'xlsx-bytes',
  });
  const id = JSON.parse(up.body).value.id as string;
  const got = await send(port, { path: `/download/${id}`, headers: cookie() });
  assert.equal(got.status, 200);
  assert.equal(got.body, 'xlsx-bytes');
  assert.equal(got.headers['content-disposition'], "attachment; filename*=UTF-8''report.xlsx");
  assert.equal((await send(port, { path: `/download/${id}` })).status, 401);
  assert.equal((await send(port, { path: '/download/unknown', headers: cookie() })).status, 404);
  assert.equal((await send(port, { path: '/download/..%2f..%2fsecret.txt', headers: cookie() })).status, 404);
});

test('events: Server-Sent Events need the cookie and carry contract events', async () => {
  assert.equal((await send(port, { path: '/api/events' })).status, 401);
  const frame = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { Host: `127.0.0.1:${port}`, ...cookie() } }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        if (text.includes(': connected')) fx.backend.emit('job.progress', { jobId: 'j1', phase: 'reading', done: 1, total: 2 });
        const at = text.indexOf('event: ');
        if (at >= 0 && text.indexOf('\n\n', at) > 0) {
          resolve(text.slice(at, text.indexOf('\n\n', at)));
          req.destroy();
        }
      });
    });
    req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
    req.end();
  });
  assert.equal(frame, 'event: job.progress\ndata: {"jobId":"j1","phase":"reading","done":1,"total":2}');
});
