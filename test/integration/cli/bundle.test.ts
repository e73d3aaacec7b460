/**
 * The `kpiw` command starts from a cached esbuild bundle (main/cli/bundle.mjs). These tests run a
 * throwaway copy of the project (its sources copied, its node_modules linked to the real packages),
 * so that they can edit sources and place caches without touching the real checkout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeDealsCsv } from '../../../main/demo/deals-csv';
import { send } from '../../security/serve-helpers';

type BuildDir = (options: { root: string; dirs: string[] }) => Promise<string | null>;

const realRoot = fileURLToPath(new URL('../../../', import.meta.url));

let base: string;
let root: string;
let buildDir: BuildDir;

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'kpiw-bundle-'));
  root = join(base, 'project');
  for (const part of ['main', 'shared', 'tsconfig.base.json', 'package.json']) cpSync(join(realRoot, part), join(root, part), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  for (const name of readdirSync(join(realRoot, 'node_modules'))) {
    if (!name.startsWith('.')) symlinkSync(join(realRoot, 'node_modules', name), join(root, 'node_modules', name));
  }
  mkdirSync(join(root, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(root, 'dist', 'renderer', 'index.html'), '<html><body>bundle-test-page</body></html>');
  ({ buildDir } = (await import(pathToFileURL(join(root, 'main', 'cli', 'bundle.mjs')).href)) as { buildDir: BuildDir });
  // Files written within 2 s of a build are not trusted to be the ones it read (bundle.mjs, UNSURE_MS).
  await sleep(2100);
});

after(() => rmSync(base, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, KPIW_DATA_DIR: join(base, 'data') };
  delete e.KPIW_NO_BUNDLE;
  delete e.KPIW_RENDERER_DIR;
  return { ...e, ...extra };
};

function run(file: string, args: string[], extraEnv: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', env: env(extraEnv), timeout: 120_000 });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/** `kpiw ARGS` from the build in `dir`, as bin.mjs runs it (`node -e` gives the script no argv slot, hence the placeholder). */
const fromBuild = (dir: string, args: string[]): string[] => [
  '--input-type=module',
  '-e',
  `import { runCommand } from ${JSON.stringify(pathToFileURL(join(root, 'main', 'cli', 'bundle.mjs')).href)}; await runCommand(${JSON.stringify(dir)});`,
  'kpiw',
  ...args,
];

function runBuild(dir: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, fromBuild(dir, args), { encoding: 'utf8', env: env(), timeout: 120_000 });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

function runAsync(file: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { env: env() });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

const projectCache = () => join(root, 'node_modules', '.cache', 'kpiw');
const manifest = () => JSON.parse(readFileSync(join(projectCache(), 'manifest.json'), 'utf8')) as { build: string };
const bin = () => join(root, 'main', 'cli', 'bin.mjs');

/** A cache place that cannot be written (a folder inside a file), then one under the test's own temp folder. */
const fallbackDirs = (name: string) => [join(root, 'package.json', 'cache'), join(base, name, 'cache')];

test('KPIW_NO_BUNDLE=1 runs the sources through tsx and writes no bundle', { timeout: 120_000 }, () => {
  const r = run(bin(), ['--help'], { KPIW_NO_BUNDLE: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage:/);
  assert.equal(existsSync(projectCache()), false);
});

test('the first runs build the bundle (two at once), later runs reuse it, a source change rebuilds it', { timeout: 180_000 }, async () => {
  const racing = await Promise.all([runAsync(bin(), ['--help']), runAsync(bin(), ['--help'])]);
  for (const r of racing) {
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage:/);
  }
  const first = manifest().build;
  for (const file of ['kpiw.mjs', 'modules.cjs', 'modules.cjs.v8', 'import-worker.cjs']) assert.ok(existsSync(join(projectCache(), first, file)), file);
  const writtenAt = statSync(join(projectCache(), 'manifest.json')).mtimeMs;

  const again = run(bin(), ['--help']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(statSync(join(projectCache(), 'manifest.json')).mtimeMs, writtenAt, 'a fresh bundle is reused, not rebuilt');

  const source = join(root, 'main', 'cli', 'kpiw.ts');
  writeFileSync(source, readFileSync(source, 'utf8').replace('const usage = `Usage:', 'const usage = `Usage (edited):'));
  const edited = run(bin(), ['--help']);
  assert.equal(edited.code, 0, edited.stderr);
  assert.match(edited.stdout, /^Usage \(edited\):/);
  assert.notEqual(manifest().build, first);
  assert.ok(existsSync(join(projectCache(), first, 'import-worker.cjs')), 'the replaced build stays for processes started from it');
});

test('cached outside the project, the bundle still finds sql.js, its worker and dist/renderer', { timeout: 300_000 }, async () => {
  const dir = await buildDir({ root, dirs: fallbackDirs('outside') });
  assert.ok(dir !== null && dir.startsWith(join(base, 'outside', 'cache')), `build at ${dir}`);
  assert.ok(lstatSync(join(base, 'outside', 'cache', 'node_modules')).isSymbolicLink());
  assert.equal(statSync(join(base, 'outside')).mode & 0o777, 0o700);

  // A file of 70,000 deals is 9.1 MB, over the 8 MB from which off-thread.ts reads on the worker.
  // The bundle's worker is wrapped so that its start leaves a mark.
  const csv = join(base, 'deals.csv');
  assert.ok((await writeDealsCsv(csv, 70_000)) >= 8 * 1024 * 1024);
  const mark = join(base, 'worker-started');
  renameSync(join(dir, 'import-worker.cjs'), join(dir, 'real-import-worker.cjs'));
  writeFileSync(
    join(dir, 'import-worker.cjs'),
    `require('node:fs').writeFileSync(${JSON.stringify(mark)}, 'started');\nrequire('./real-import-worker.cjs');\n`,
  );
  const book = join(base, 'big.kpiw');
  const imported = runBuild(dir, ['import', csv, '--into', book, '--as', 'deals']);
  assert.equal(imported.code, 0, imported.stderr);
  assert.ok(existsSync(mark), 'the import ran on the worker');
  const listed = runBuild(dir, ['list', book]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /deals\s+70,000\n/);

  const child = spawn(process.execPath, fromBuild(dir, ['serve', '--no-open']), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: env({ KPIW_STOP_ON_STDIN_CLOSE: '1' }),
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
    const port = Number(url.port);
    const entry = await send(port, { path: `${url.pathname}${url.search}` });
    assert.equal(entry.status, 303);
    const cookie = String(entry.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const page = await send(port, { path: '/', headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    assert.match(page.body, /bundle-test-page/, "the project's dist/renderer/index.html");
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    assert.equal(await exited, 0);
  } finally {
    child.kill();
  }
});

test('a temp-folder cache that others could write to is not trusted', { timeout: 120_000, skip: process.platform === 'win32' }, async () => {
  mkdirSync(join(base, 'shared-tmp'), { mode: 0o700 });
  chmodSync(join(base, 'shared-tmp'), 0o777);
  assert.equal(await buildDir({ root, dirs: fallbackDirs('shared-tmp') }), null);
  assert.equal(existsSync(join(base, 'shared-tmp', 'cache')), false);
});

test('sources esbuild cannot bundle still run, through tsx, and the slowdown is said', { timeout: 120_000 }, () => {
  // A top-level await outside kpiw.ts cannot go into modules.cjs (CommonJS).
  const source = join(root, 'main', 'cli', 'progress.ts');
  writeFileSync(source, `${readFileSync(source, 'utf8')}\nawait Promise.resolve();\n`);
  const r = run(bin(), ['--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage/);
  assert.match(r.stderr, /^kpiw: running the sources through tsx, slower: they could not be bundled \(.*[Tt]op-level await/);
});
