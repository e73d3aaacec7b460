import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const bin = fileURLToPath(new URL('../../../main/cli/bin.mjs', import.meta.url));

/** Runs `kpiw` exactly as a user's shell would (a fresh process), with its own data folder; `env` adds to the environment (LANG). */
export function kpiw(args: string[], cwd?: string, env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, ...env, KPIW_DATA_DIR: join(tmpdir(), 'kpiw-cli-test-data') },
    timeout: 120_000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'kpiw-cli-'));
