/** The `kpiw` command as a user runs it, and `kpiw serve` in the background for the browser. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { repoRoot } from './build';

const bin = join(repoRoot, 'main', 'cli', 'bin.mjs');

export function kpiw(args: string[], dataDir: string): string {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, KPIW_DATA_DIR: dataDir } });
  if (r.status !== 0) throw new Error(`kpiw ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Starts `kpiw serve BOOK --no-open --port 0` and reads the URL from its first line of output. */
export async function serve(book: string, dataDir: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [bin, 'serve', book, '--no-open', '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, KPIW_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, 'line').then(([l]) => String(l)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`kpiw serve exited ${code} before printing its URL:\n${stderr}`);
    }),
  ]);
  if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(first)) throw new Error(`kpiw serve printed ${first}`);
  return {
    url: first,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
