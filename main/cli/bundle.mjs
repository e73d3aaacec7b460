/**
 * The cached build the `kpiw` command starts from, made by esbuild on the first run and again after
 * any change to a file it read (tsx compiling the sources on every start took about 2 s of CPU a
 * command). Each build folder holds:
 * - kpiw.mjs: main/cli/kpiw.ts alone, an ES module for its top-level await;
 * - modules.cjs: everything kpiw.ts imports, npm packages included (loading hundreds of package files
 *   one by one costs more than the rest of a start-up), as CommonJS because Node 20 can keep V8's
 *   compiled code of a script (modules.cjs.v8, written after its first run) but not of an ES module;
 * - import-worker.cjs: the import worker, beside the code that starts it, as off-thread.ts expects.
 *
 * Plain JavaScript on purpose: this runs before anything can compile TypeScript.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = 'main/cli/kpiw.ts';
const WORKER = 'main/import/worker.ts';

/** Files that shape the build without being bundled: the options below and the tsconfig files esbuild reads. */
const BUILD_INPUTS = ['main/cli/bundle.mjs', 'tsconfig.base.json', 'main/tsconfig.json', 'shared/tsconfig.json'];

/**
 * A file written this close to the build's start may have changed after esbuild read it (or within
 * a coarse file-system clock tick); its times are not trusted, so the next start builds again.
 */
const UNSURE_MS = 2000;

/** Build folders no manifest names any more are removed once this old (a running `kpiw serve` may still start its worker from one). */
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;

/** Where kpiw.mjs finds its imports: modules.cjs, loaded first. */
const MODULES_GLOBAL = '__kpiwModules';
/** The name of modules.cjs's generated entry, not a file. */
const MODULES_STDIN = 'kpiw-modules.js';

/**
 * Where builds are cached, in order: the project's node_modules/.cache, else a folder of this
 * user's own under the system temp folder (a global install is usually read-only).
 */
export function cacheDirs(root = PROJECT_ROOT) {
  const user = process.getuid?.() ?? 'user';
  const key = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16);
  return [join(root, 'node_modules', '.cache', 'kpiw'), join(tmpdir(), `kpiw-cache-${user}`, key)];
}

/**
 * The folder of a fresh build of the sources under `root`, built first when there is none; null
 * when none can be had (no esbuild, a build error, nowhere to write), and the caller runs the
 * sources through tsx instead.
 */
export async function buildDir({ root = PROJECT_ROOT, dirs = cacheDirs(root) } = {}) {
  for (const [i, dir] of dirs.entries()) {
    const build = i === 0 || ownedPrivateParent(dir, false) ? freshBuild(dir, root) : null;
    if (build !== null) return join(dir, build);
  }
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    // A production install has no dev dependencies: tsx it is, with nothing to report.
    return null;
  }
  let built;
  try {
    built = await buildBundle(esbuild, root);
  } catch (e) {
    // Said once a start, so that a source esbuild cannot bundle (a top-level await outside kpiw.ts) is not a silent slowdown.
    const first = e.errors?.[0];
    const why = first === undefined ? String(e.message) : `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}`;
    process.stderr.write(`kpiw: running the sources through tsx, slower: they could not be bundled (${why})\n`);
    return null;
  }
  for (const [i, dir] of dirs.entries()) {
    const build = i === 0 || ownedPrivateParent(dir, true) ? store(dir, root, built) : null;
    if (build !== null) return join(dir, build);
  }
  return null;
}

/** Runs the `kpiw` command (with this process's arguments) from a build folder. */
export async function runCommand(dir) {
  globalThis[MODULES_GLOBAL] = loadWithCodeCache(join(dir, 'modules.cjs'));
  await import(pathToFileURL(join(dir, 'kpiw.mjs')).href);
}

/**
 * Runs a CommonJS file as Node's loader would, but compiled from V8's code cache when there is one
 * that fits; when there is none, one is written as the process exits (by then it holds every
 * function this run compiled, not only the top level).
 */
function loadWithCodeCache(file) {
  const cacheFile = `${file}.v8`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    process.once('exit', () => {
      try {
        const temp = `${cacheFile}-${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
      } catch {
        // A read-only cache only costs the next start its compile time.
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** The build folder the manifest in `dir` names, if every input still has its recorded size and times. */
function freshBuild(dir, root) {
  const manifest = readManifest(dir);
  if (manifest === null || manifest.node !== process.version || manifest.root !== resolve(root)) return null;
  if (!existsSync(join(dir, manifest.build, 'kpiw.mjs'))) return null;
  try {
    for (const [file, recorded] of manifest.inputs) {
      const now = fingerprint(resolve(root, file));
      if (recorded === null || now.some((v, i) => v !== recorded[i])) return null;
    }
  } catch {
    return null;
  }
  return manifest.build;
}

function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Size, modification and change times; a missing file is [-1, 0, 0], so that its appearing counts as a change. */
function fingerprint(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  return s === undefined ? [-1, 0, 0] : [s.size, s.mtimeMs, s.ctimeMs];
}

/** Builds in memory: the output files and each input's size and times, or null for those written too recently to trust. */
async function buildBundle(esbuild, root) {
  const started = Date.now();
  const common = {
    absWorkingDir: resolve(root),
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node}`,
    logLevel: 'silent',
  };
  const commonJs = {
    ...common,
    format: 'cjs',
    // sql.js loads its .wasm from its own package folder, found from the bundle's location.
    external: ['sql.js'],
    // import.meta.url is the output file's URL, as in the Electron build. The build may be cached outside
    // the project (the temp folder), so paths into the project come from KPIW_PROJECT_ROOT instead.
    define: { 'process.env.KPIW_PROJECT_ROOT': JSON.stringify(resolve(root)), 'import.meta.url': '__kpiw_import_meta_url' },
    banner: { js: "const __kpiw_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    // A compiled script cannot import(); esbuild turns dynamic imports into require calls.
    supported: { 'dynamic-import': false },
  };
  const entryFile = resolve(root, ENTRY);
  const imports = [];
  const fromModules = {
    name: 'kpiw-imports-from-modules-cjs',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.importer !== entryFile || args.path.startsWith('node:')) return undefined;
        imports.push(args.path);
        return { path: args.path, namespace: 'kpiw-modules' };
      });
      build.onLoad({ filter: /.*/, namespace: 'kpiw-modules' }, (args) => ({
        contents: `module.exports = globalThis.${MODULES_GLOBAL}[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
  const [entry, worker] = await Promise.all([
    esbuild.build({ ...common, format: 'esm', entryPoints: [ENTRY], outfile: 'kpiw.mjs', plugins: [fromModules] }),
    esbuild.build({ ...commonJs, entryPoints: [WORKER], outfile: 'import-worker.cjs' }),
  ]);
  // Each of kpiw.ts's imports, run on first use, in the order kpiw.ts's own imports ask for them.
  const getters = [...new Set(imports)].map(
    (spec) => `Object.defineProperty(modules, ${JSON.stringify(spec)}, { get: () => require(${JSON.stringify(spec)}) });`,
  );
  const modules = await esbuild.build({
    ...commonJs,
    stdin: {
      contents: ['const modules = {};', ...getters, 'module.exports = modules;'].join('\n'),
      resolveDir: dirname(entryFile),
      sourcefile: MODULES_STDIN,
      loader: 'js',
    },
    outfile: 'modules.cjs',
  });
  const results = [entry, worker, modules];
  const esbuildPackage = createRequire(import.meta.url).resolve('esbuild/package.json');
  const read = results.flatMap((r) => Object.keys(r.metafile.inputs)).filter((file) => !file.startsWith('kpiw-modules:') && !file.endsWith(MODULES_STDIN));
  const files = [...new Set([...read.map(packageOf), ...BUILD_INPUTS, esbuildPackage])];
  const inputs = files.map((file) => {
    const print = fingerprint(resolve(root, file));
    return [file, Math.max(print[1], print[2]) < started - UNSURE_MS ? print : null];
  });
  const outputs = results.flatMap((r) => r.outputFiles).map((f) => ({ name: basename(f.path), contents: f.contents }));
  const hash = createHash('sha256');
  for (const o of outputs) hash.update(o.name).update(o.contents);
  return { esbuild: esbuild.version, inputs, outputs, build: `b-${hash.digest('hex').slice(0, 16)}` };
}

/** A bundled package's files stand for its package.json: (re)installing it rewrites that too, and a start stats dozens of files, not hundreds. */
function packageOf(file) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match === null ? file : `${match[1]}/package.json`;
}

/**
 * Writes the build into `dir` and points the manifest at it; null when `dir` is not writable. Two
 * `kpiw` processes may build at once: each writes a whole folder under a temporary name and renames
 * it, and the manifest is replaced by a rename too, so a reader never sees half a bundle.
 */
function store(dir, root, built) {
  try {
    mkdirSync(dir, { recursive: true });
    linkDependencies(dir, root);
    const temp = mkdtempSync(join(dir, 'tmp-'));
    for (const o of built.outputs) writeFileSync(join(temp, o.name), o.contents);
    try {
      renameSync(temp, join(dir, built.build));
    } catch {
      // The same build is there already (its name is a hash of its contents).
      rmSync(temp, { recursive: true, force: true });
    }
    const previous = readManifest(dir)?.build;
    const manifest = { node: process.version, esbuild: built.esbuild, root: resolve(root), build: built.build, inputs: built.inputs };
    const tempManifest = join(dir, `manifest-${process.pid}.tmp`);
    writeFileSync(tempManifest, JSON.stringify(manifest));
    renameSync(tempManifest, join(dir, 'manifest.json'));
    // The day a replaced build is kept counts from now: processes started from it may still start its worker.
    const now = new Date();
    if (previous !== undefined && previous !== built.build) {
      try {
        utimesSync(join(dir, previous), now, now);
      } catch {
        // Removed already.
      }
    }
    removeOldBuilds(dir, built.build);
    return built.build;
  } catch {
    return null;
  }
}

/** Outside the project, a node_modules link beside the builds lets the bundle find sql.js. */
function linkDependencies(dir, root) {
  const target = resolve(root, 'node_modules');
  if (resolve(dir).startsWith(target + sep)) return;
  const link = join(dir, 'node_modules');
  let current = null;
  try {
    current = readlinkSync(link);
  } catch {
    // No link yet.
  }
  if (current !== null && resolve(current) === target) return;
  rmSync(link, { force: true });
  symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
}

function removeOldBuilds(dir, keep) {
  const cutoff = Date.now() - KEEP_OLD_BUILDS_MS;
  for (const name of readdirSync(dir)) {
    if (name === keep || !/^(b-|tmp-|manifest-)/.test(name)) continue;
    const path = join(dir, name);
    if (statSync(path).mtimeMs < cutoff) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The temp folder is shared: only a parent folder this user owns and no one else can write to is
 * trusted to hold code that will be run (`create` makes it so when missing).
 */
function ownedPrivateParent(dir, create) {
  const parent = resolve(dir, '..');
  try {
    if (create) mkdirSync(parent, { recursive: true, mode: 0o700 });
    const s = lstatSync(parent);
    if (!s.isDirectory()) return false;
    if (process.getuid === undefined) return true;
    return s.uid === process.getuid() && (s.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
