/**
 * `kpiw serve [BOOK] [--port N] [--no-open]`: starts browser mode, prints the URL (token included)
 * as the first line of output, opens the browser, and runs until Ctrl+C, SIGTERM, or, when started
 * by `npm start`'s fallback (KPIW_STOP_ON_STDIN_CLOSE=1), until its parent's pipe closes.
 */
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { callService } from '../services';
import type { Session } from '../session';
import { AppFailure } from '../../shared/result';
import { faceBackend } from '../face-backend';
import { startServer } from './http';

export interface ServeCommandOptions {
  /** A workbook named on the command line (an absolute path), opened before the URL is printed. */
  book: string | null;
  port: number;
  open: boolean;
}

/**
 * The Vite build of renderer/; KPIW_RENDERER_DIR points elsewhere (tests, packaged layouts). The CLI's
 * bundle may be cached outside the project, so its build defines KPIW_PROJECT_ROOT (main/cli/bundle.mjs).
 */
export function defaultRendererDir(): string {
  const root = process.env.KPIW_PROJECT_ROOT;
  return (
    process.env.KPIW_RENDERER_DIR ?? (root === undefined ? fileURLToPath(new URL('../../dist/renderer', import.meta.url)) : join(root, 'dist', 'renderer'))
  );
}

/** The platform's "open this URL" command, given the URL as an argument (never through a shell string). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write('Could not open a browser; open the URL above yourself.\n'));
  child.unref();
}

export async function serve(session: Session, options: ServeCommandOptions): Promise<void> {
  const rendererDir = defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppFailure('file_not_found', `The app's pages are not built (${rendererDir} has no index.html). Run \`npm run build\` first.`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new AppFailure('invalid_input', `--port must be a whole number from 0 to 65535, not ${options.port}.`);
  }
  // A named workbook is opened, or created when it does not exist yet; without one, the sample company.
  const opened =
    options.book === null
      ? await callService(session, 'workbook.openSample', {})
      : await callService(session, existsSync(options.book) ? 'workbook.open' : 'workbook.create', { file: { id: session.registerFile(options.book) } });
  if (!opened.ok) throw new AppFailure(opened.error.code, opened.error.message, opened.error.details);
  // The dashboard's first two calls, made once before the URL is printed, so the first page a person
  // sees is drawn from a warm metric cache.
  await callService(session, 'metrics.compute', { compare: 'previous' });
  await callService(session, 'metrics.trend', { count: 8 });
  const server = await startServer({ backend: faceBackend(session), rendererDir, port: options.port });
  process.stdout.write(`${server.url}\n`);
  process.stdout.write('Browser mode: 127.0.0.1 only. Keep this URL private; press Ctrl+C to stop.\n');
  if (options.open) openBrowser(server.url);

  const watchStdin = process.env.KPIW_STOP_ON_STDIN_CLOSE === '1';
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (watchStdin) process.stdin.destroy();
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (watchStdin) {
      process.stdin.on('end', stop);
      process.stdin.on('close', stop);
      process.stdin.resume();
    }
  });
  if (session.workbook) await callService(session, 'workbook.close', {});
}
