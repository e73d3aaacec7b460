/**
 * `kpiw serve` as a process: its first line is the URL with the token, it answers only on
 * 127.0.0.1, and when started by `npm start`'s fallback (KPIW_STOP_ON_STDIN_CLOSE=1) it exits
 * cleanly once its parent's pipe closes, so no server outlives the app that opened it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { send } from './serve-helpers';

const bin = fileURLToPath(new URL('../../main/cli/bin.mjs', import.meta.url));

test('kpiw serve: URL first, token required, exits when stdin closes', { timeout: 120_000 }, async () => {
  const renderer = mkdtempSync(join(tmpdir(), 'kpiw-serve-cmd-'));
  writeFileSync(join(renderer, 'index.html'), '<html><head></head><body>app</body></html>');
  const child = spawn(process.execPath, [bin, 'serve', '--no-open'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, KPIW_RENDERER_DIR: renderer, KPIW_STOP_ON_STDIN_CLOSE: '1' },
  });
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    const url = new URL(firstLine);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(url.pathname, '/');
    const token = url.searchParams.get('token') ?? '';
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    const port = Number(url.port);
    assert.equal((await send(port, { path: '/' })).status, 401);
    assert.equal((await send(port, { path: `/?token=${token}` })).status, 303);
    const info = await send(port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { 'Content-Type': 'application/json', 'X-KPIW-Token': token },
      body: '{}',
    });
    const reply = JSON.parse(info.body) as { ok: boolean; value: { face: string } };
    assert.equal(reply.ok, true);
    assert.equal(reply.value.face, 'serve');

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    assert.equal(await exited, 0);
  } finally {
    child.kill();
    rmSync(renderer, { recursive: true, force: true });
  }
});
