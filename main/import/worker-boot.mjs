// Starts the import worker when its parent runs from the TypeScript sources (tests, KPIW_NO_BUNDLE=1).
// A worker thread does not inherit the tsx loader of the thread that made it: it runs the worker from
// the CLI's cached build (fresh by construction, and compiled already), else registers tsx itself.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDir } from '../cli/bundle.mjs';

const dir = process.env.KPIW_NO_BUNDLE === '1' ? null : await buildDir();
if (dir === null) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
} else {
  await import(pathToFileURL(join(dir, 'import-worker.cjs')).href);
}
