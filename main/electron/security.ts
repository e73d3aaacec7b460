/**
 * Session- and app-wide guards, because Electron's defaults allow each of these (it grants
 * permission requests, sends no CSP of its own, and lets web contents navigate and open windows):
 * every permission denied, no request leaves the app's own scheme, the CSP header added to any
 * response that reaches a page, and no web contents may open windows, navigate or attach webviews,
 * whichever window they belong to.
 */
import type { App, Session, WebContents } from 'electron';
import { APP_SCHEME } from './trusted-url';

/** Our pages load only from app:// (and inline data:/blob: images chart.js can make); no remote content. */
export function requestAllowed(url: string): boolean {
  return url.startsWith(`${APP_SCHEME}://`) || url.startsWith('data:') || url.startsWith('blob:');
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !requestAllowed(details.url) }));
  // The policy is written out here, equal to serve/headers.ts (a test holds them together), so that
  // Electronegativity can read and evaluate it on the bundle.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
}

export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Applies the lock-down to every web contents the app ever creates, not only our window's. */
export function lockDownApp(app: App): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
