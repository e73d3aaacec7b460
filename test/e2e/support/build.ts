/**
 * The built renderer the server hands out. Built here when dist/renderer is missing or older than
 * any source it is made from, so the journey never runs against stale pages.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

export function ensureRendererBuilt(): void {
  const built = join(repoRoot, 'dist', 'renderer', 'index.html');
  const sources = Math.max(newest(join(repoRoot, 'renderer')), newest(join(repoRoot, 'shared')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`The renderer build failed:\n${r.stderr}${r.stdout}`);
}
