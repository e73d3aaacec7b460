/**
 * Browser mode (`kpiw serve`): the built renderer and the API over HTTP, for one person on this
 * machine. Bound to 127.0.0.1 only; every request must carry the right Host (DNS rebinding), a
 * foreign Origin or cross-site fetch is refused, and everything needs the random token: once in the
 * printed URL (exchanged for an HttpOnly SameSite=Strict cookie), then in the X-KPIW-Token header on
 * every API call, which only our own page can add. No CORS headers are ever sent.
 *
 * Routes: GET /?token=… (cookie exchange), GET static files, POST /api/:name (JSON), GET /api/events
 * (Server-Sent Events), POST /upload (raw body → file id), GET /download/:id.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as auth from './auth';
import { securityHeaders } from './headers';
import { findStatic, injectToken, openStatic, readStaticText } from './static';
import { createEventHub } from './events';
import { BadUpload, UploadTooLarge, storeUpload } from './upload';
import type { FaceBackend } from '../face-backend';

export interface ServeOptions {
  /** The app as `faceBackend(session)` builds it; downloads need its `fileFor`. */
  backend: Required<FaceBackend>;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  /** 0 or absent: the OS picks a free port. */
  port?: number;
  /** Largest JSON body of an API call. */
  bodyLimit?: number;
  /** Largest upload, streamed to disk. */
  uploadLimit?: number;
}

export interface RunningServer {
  /** The URL to open, token included; print it, never log it elsewhere. */
  readonly url: string;
  readonly port: number;
  /** The bound socket address (always 127.0.0.1), for the security tests. */
  address(): AddressInfo;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

type Refusal = { status: number; code: 'invalid_input' | 'import_too_large' | 'file_not_found' | 'internal'; message: string };

function send(res: ServerResponse, status: number, body: string, type: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
}

function refuse(res: ServerResponse, r: Refusal, extra: Record<string, string> = {}): void {
  sendJson(res, r.status, { ok: false, error: { code: r.code, message: r.message } }, extra);
}

/** Reads a JSON body of at most `limit` bytes; null and a 413 sent when it is larger. */
async function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | null> {
  const tooLarge = () => {
    refuse(res, { status: 413, code: 'invalid_input', message: `The request body is larger than ${limit} bytes.` }, { Connection: 'close' });
    req.resume();
    return null;
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { backend, rendererDir } = options;
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  const uploadLimit = options.uploadLimit ?? 1024 * 1024 * 1024;
  const token = auth.createToken();
  const uploadDir = await mkdtemp(join(tmpdir(), 'kpiw-upload-'));
  const hub = createEventHub(securityHeaders);
  const unsubscribe = backend.onEvent((name, payload) => hub.emit(name, payload));
  const names = new Set(backend.names);
  let port = 0;

  const hasCookie = (req: IncomingMessage) => auth.tokenMatches(token, auth.readCookie(req.headers.cookie, auth.cookieName(port)));
  const headerToken = (req: IncomingMessage) => {
    const h = req.headers['x-kpiw-token'];
    return typeof h === 'string' ? h : undefined;
  };
  /** Writes need the header (a foreign page cannot add one without a CORS preflight we never answer). */
  const checkHeaderToken = (req: IncomingMessage, res: ServerResponse): boolean => {
    const h = headerToken(req);
    if (auth.tokenMatches(token, h)) return true;
    refuse(
      res,
      h === undefined
        ? { status: 401, code: 'invalid_input', message: 'Missing X-KPIW-Token header.' }
        : { status: 403, code: 'invalid_input', message: 'Wrong token.' },
    );
    return false;
  };
  /** Reads that a plain link or EventSource makes (no custom header possible) accept the cookie too. */
  const checkReadAccess = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (hasCookie(req) || auth.tokenMatches(token, headerToken(req))) return true;
    refuse(res, { status: 401, code: 'invalid_input', message: 'Open the URL that `kpiw serve` printed (it carries the token).' });
    return false;
  };

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!checkHeaderToken(req, res)) return;
    if (!auth.isJsonContentType(req.headers['content-type'])) {
      refuse(res, { status: 415, code: 'invalid_input', message: 'API calls must be sent as application/json.' });
      return;
    }
    if (!names.has(name)) {
      req.resume();
      refuse(res, { status: 404, code: 'invalid_input', message: `Unknown call ${JSON.stringify(name)}.` });
      return;
    }
    const body = await readBody(req, res, bodyLimit);
    if (body === null) return;
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      refuse(res, { status: 400, code: 'invalid_input', message: 'The request body is not valid JSON.' });
      return;
    }
    sendJson(res, 200, await backend.call(name, input));
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!checkHeaderToken(req, res)) return;
    if (req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== 'application/octet-stream') {
      refuse(res, { status: 415, code: 'invalid_input', message: 'Uploads must be sent as application/octet-stream.' });
      return;
    }
    try {
      const stored = await storeUpload(req, uploadDir, uploadLimit);
      const id = backend.registerFile(stored.path, stored.name);
      sendJson(res, 200, { ok: true, value: { id, name: stored.name, size: stored.size } });
    } catch (e) {
      if (e instanceof UploadTooLarge) refuse(res, { status: 413, code: 'import_too_large', message: e.message }, { Connection: 'close' });
      else if (e instanceof BadUpload) refuse(res, { status: 400, code: 'invalid_input', message: e.message });
      else throw e;
    }
  }

  async function download(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    if (!checkReadAccess(req, res)) return;
    const file = idPattern.test(id) ? backend.fileFor(id) : null;
    const info = file ? await stat(file.path).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      refuse(res, { status: 404, code: 'file_not_found', message: 'That download is no longer available.' });
      return;
    }
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(info.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
    createReadStream(file.path).pipe(res);
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!auth.tokenMatches(token, offered)) {
        send(res, 403, 'Wrong token. Open the URL that `kpiw serve` printed.', 'text/plain; charset=utf-8');
        return;
      }
      url.searchParams.delete('token');
      send(res, 303, '', 'text/plain; charset=utf-8', { 'Set-Cookie': auth.sessionCookie(port, token), Location: `${url.pathname}${url.search}` });
      return;
    }
    if (!hasCookie(req)) {
      send(res, 401, 'Open the URL that `kpiw serve` printed: it carries the access token.', 'text/plain; charset=utf-8');
      return;
    }
    const file = await findStatic(rendererDir, url.pathname);
    if (!file) {
      send(res, 404, 'Not found.', 'text/plain; charset=utf-8');
      return;
    }
    if (file.contentType.startsWith('text/html')) {
      send(res, 200, injectToken(await readStaticText(file), token), file.contentType);
      return;
    }
    res.writeHead(200, { ...securityHeaders, 'Content-Type': file.contentType, 'Content-Length': String(file.size) });
    openStatic(file).pipe(res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!auth.hostAllowed(req.headers.host, port)) {
      send(res, 403, 'This server answers only to 127.0.0.1 and localhost on its own port.', 'text/plain; charset=utf-8');
      return;
    }
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if (!auth.originAllowed(typeof origin === 'string' ? origin : undefined, port) || !auth.fetchSiteAllowed(typeof site === 'string' ? site : undefined)) {
      send(res, 403, 'Requests from other sites are refused.', 'text/plain; charset=utf-8');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/api/events' && method === 'GET') {
      if (checkReadAccess(req, res)) hub.attach(res);
    } else if (path.startsWith('/api/') && method === 'POST') await api(req, res, path.slice('/api/'.length));
    else if (path === '/upload' && method === 'POST') await upload(req, res);
    else if (path.startsWith('/download/') && method === 'GET') await download(req, res, path.slice('/download/'.length));
    else if (method === 'GET' && !path.startsWith('/api/')) await page(req, res, url);
    else send(res, 405, 'Method not allowed.', 'text/plain; charset=utf-8', { Allow: path.startsWith('/api/') ? 'POST' : 'GET' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      refuse(res, { status: 500, code: 'internal', message: `Browser mode failed to answer: ${message}` });
    });
  });
  // Slow or idle clients must not hold the server open; uploads of a gigabyte still fit in this.
  server.requestTimeout = 30 * 60 * 1000;
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    address: () => server.address() as AddressInfo,
    async close() {
      unsubscribe();
      hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}
