#!/usr/bin/env node
// The `kpiw` command. It runs a cached esbuild build of the TypeScript sources (bundle.mjs makes it
// on the first run and after any source change), so `npm install` then `npx kpiw ...` works with no
// build step, whatever the install scripts setting. tsx runs the sources instead when no build can
// be had (esbuild not installed, a build error, nowhere to write) or KPIW_NO_BUNDLE=1 asks for it.
import { buildDir, runCommand } from './bundle.mjs';

const dir = process.env.KPIW_NO_BUNDLE === '1' ? null : await buildDir();
if (dir === null) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./kpiw.ts');
} else {
  await runCommand(dir);
}
