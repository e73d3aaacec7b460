/**
 * Files of the built renderer, and nothing else. The URL path is checked before it touches the file
 * system (encoded dots, backslashes, NUL, drive letters) and the resolved real path must still lie
 * under the renderer folder, so neither `..` nor a symlink can reach outside it.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const contentTypes = new Map<string, string>([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.woff2', 'font/woff2'],
  ['.wasm', 'application/wasm'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

/** Characters that never belong in a renderer asset path, raw or percent-encoded. */
const forbiddenRaw = /[\\\0]|%00|%5c|%2f|%2e/i;
const forbiddenDecoded = /[\\\0:]/;

/**
 * The file a URL path names under `root`, or null when the path is malformed or would leave it.
 * Pure: it does not look at the disk (serveStatic also checks the real path).
 */
export function staticPathFor(root: string, pathname: string): string | null {
  if (!pathname.startsWith('/') || forbiddenRaw.test(pathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (forbiddenDecoded.test(decoded)) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const base = resolve(root);
  const full = resolve(base, `.${relative}`);
  return full.startsWith(base + sep) ? full : null;
}

export function contentTypeFor(path: string): string {
  return contentTypes.get(extname(path).toLowerCase()) ?? 'application/octet-stream';
}

export interface StaticFile {
  path: string;
  size: number;
  contentType: string;
}

/** The real file behind a URL path, or null (missing, a folder, or outside the renderer folder). */
export async function findStatic(root: string, pathname: string): Promise<StaticFile | null> {
  const candidate = staticPathFor(root, pathname);
  if (candidate === null) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    const info = await stat(realFile);
    if (!info.isFile()) return null;
    return { path: realFile, size: info.size, contentType: contentTypeFor(realFile) };
  } catch {
    return null;
  }
}

export function openStatic(file: StaticFile): NodeJS.ReadableStream {
  return createReadStream(file.path);
}

export async function readStaticText(file: StaticFile): Promise<string> {
  return readFile(file.path, 'utf8');
}

/**
 * The page learns the API token from a meta tag the server writes into index.html (only ever served
 * to a request that already proved itself with the cookie), so no script has to read a cookie.
 */
export function injectToken(html: string, token: string): string {
  const meta = `<meta name="kpiw-token" content="${token}">`;
  return html.includes('</head>') ? html.replace('</head>', `${meta}</head>`) : `${meta}${html}`;
}
