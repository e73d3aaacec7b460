/**
 * Runs the test files under test/ (or the folders named on the command line) with Node's test
 * runner. Node 20 has no glob in `node --test`, so the list is built here.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const folders = process.argv.slice(2);
const roots = folders.length > 0 ? folders.map((f) => join(root, f)) : [root];

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'artifacts' || name === 'fixtures' || name === 'bench') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
}

const files: string[] = [];
for (const r of roots) walk(r, files);
files.sort();
console.log(`Running ${files.length} test files: ${files.map((f) => relative(root, f)).join(', ')}`);
// The app's data folder (recent files, the record of workbooks found sound) is a fresh one per run,
// never the person's own.
const dataDir = mkdtempSync(join(tmpdir(), 'kpiw-test-data-'));
// The second reporter prints, after everything, one line per reason tests were skipped for.
const reporters = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'support', 'skip-summary.mjs')}`,
  '--test-reporter-destination=stdout',
];
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], {
  stdio: 'inherit',
  env: { ...process.env, KPIW_TEST: '1', KPIW_DATA_DIR: dataDir },
});
rmSync(dataDir, { recursive: true, force: true });
process.exit(res.status ?? 1);
