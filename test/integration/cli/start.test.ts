/**
 * `npm start` on a machine where Electron cannot run (as here: no runtime, and Node 20 cannot run its
 * installer) says so plainly and opens browser mode with the sample company.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './run-cli';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const electronBinaryMissing = !existsSync(join(root, 'node_modules', 'electron', 'dist'));

test(
  'npm start without an Electron runtime explains why and serves the app on 127.0.0.1',
  { skip: !electronBinaryMissing && 'Electron is installed here', timeout: 120_000 },
  async () => {
    const child = spawn(process.execPath, [join(root, 'main/electron/start.mjs'), '--no-open'], {
      env: { ...process.env, KPIW_DATA_DIR: tempDir() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL after 90 s; stderr: ${stderr}`)), 90_000);
        child.stdout.on('data', () => {
          if (stdout.includes('\n')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      assert.match(stderr, /Electron is not installed on this machine.*opening browser mode instead/);
      assert.match(stdout.split('\n')[0]!, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      const res = await fetch(stdout.split('\n')[0]!, { redirect: 'manual' });
      assert.equal(res.status, 303, 'the token is exchanged for a cookie');
    } finally {
      child.stdin.end();
      child.kill('SIGTERM');
    }
  },
);
