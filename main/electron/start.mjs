#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise browser mode (`kpiw serve`),
// saying plainly why. Electron's own `require('electron')` would try to download the runtime, so
// the binary is located by hand from the files its install script leaves behind.
import { spawn } from 'node:child_process';
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
      missing:
        'Electron is not installed on this machine (its runtime is downloaded by `node node_modules/electron/install.js` on a connected machine)',
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
  run(process.execPath, [join(root, 'main/cli/bin.mjs'), 'serve', ...args], {
    stdio: ['pipe', 'inherit', 'inherit'],
    env: { ...process.env, KPIW_STOP_ON_STDIN_CLOSE: '1' },
  }, (e) => {
    process.stderr.write(`Browser mode could not start either: ${e.message}\n`);
    process.exit(1);
  });
}

const electron = findElectron();
if (electron.missing) {
  browserMode(electron.missing);
} else if (!existsSync(join(root, 'dist/electron/main.cjs'))) {
  process.stderr.write('The desktop app is not built yet: run `npm run build`, then `npm start`.\n');
  process.exit(1);
} else {
  run(electron.binary, [root, ...args], { stdio: 'inherit' }, (e) => browserMode(`Electron could not start (${e.message})`));
}
