#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise browser mode (`kpiw serve`),
// saying plainly why. Electron's own `require('electron')` would try to download the runtime, so
// the binary is located by hand from the files its install script leaves behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);

/** The Electron executable, or a sentence saying why there is none. */
function findElectron() {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'Electron is not installed on this machine (run `npm install` on a connected machine)' };
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  const binary = relative ? join(distDir, relative) : '';
  if (!binary || !existsSync(binary)) {
    return {
      missing: 'Electron is not installed on this machine (its runtime is downloaded by `node node_modules/electron/install.js` on a connected machine)',
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'There is no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop window cannot open' };
  }
  return { binary };
}

/** Runs a child with our signals forwarded, and exits with its status. */
function run(command, commandArgs, options, onError) {
  const child = spawn(command, commandArgs, options);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', onError);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}

function browserMode(reason) {
  process.stderr.write(`${reason}; opening browser mode instead.\n`);
  // stdin is a pipe the server watches: when this process goes away, so does the server.
  run(
    process.execPath,
    [join(root, 'main/cli/bin.mjs'), 'serve', ...args],
    {
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { ...process.env, KPIW_STOP_ON_STDIN_CLOSE: '1' },
    },
    (e) => {
      process.stderr.write(`Browser mode could not start either: ${e.message}\n`);
      process.exit(1);
    },
  );
}

/**
 * With install scripts off, Electron's runtime is fetched here, once, on the first start: its
 * installer needs Node 22.12+ and a network that reaches Electron's downloads (not this sandbox's).
 */
function fetchElectron() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) return `Electron's installer needs Node.js 22.12 or newer (this is ${process.versions.node})`;
  let installer;
  try {
    installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
  } catch {
    return 'Electron is not installed on this machine (run `npm install` on a connected machine)';
  }
  process.stderr.write('Downloading the Electron runtime (first start only)...\n');
  const res = spawnSync(process.execPath, [installer], { stdio: 'inherit', timeout: 300_000 });
  return res.status === 0 ? null : 'the Electron runtime could not be downloaded';
}

let electron = findElectron();
if (electron.missing && !electron.missing.startsWith('There is no graphical display')) {
  const failed = fetchElectron();
  electron = failed ? { missing: `${electron.missing}; ${failed}` } : findElectron();
}
if (electron.missing) {
  browserMode(electron.missing);
} else if (!existsSync(join(root, 'dist/electron/main.cjs'))) {
  process.stderr.write('The desktop app is not built yet: run `npm run build`, then `npm start`.\n');
  process.exit(1);
} else {
  run(electron.binary, [root, ...args], { stdio: 'inherit' }, (e) => browserMode(`Electron could not start (${e.message})`));
}
