/**
 * The `app://kpiw` scheme that serves the built renderer. A privileged standard scheme gives the
 * page a real origin (so CSP 'self' means something, unlike file://) and lets the file lookup reuse
 * browser mode's traversal-proof resolver. Every response carries the CSP header.
 */
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_HOST, APP_SCHEME } from './trusted-url';
import { findStatic } from '../serve/static';
import { securityHeaders } from '../serve/headers';

/** Must run before the app is ready. */
export const privilegedScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.hostname !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await findStatic(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers: securityHeaders });
    return new Response(await readFile(file.path), { status: 200, headers: { ...securityHeaders, 'Content-Type': file.contentType } });
  });
}
