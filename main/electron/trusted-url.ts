/**
 * Our pages are served from one private origin, `app://kpiw`, by the protocol handler in
 * protocol.ts; nothing else is ever trusted to call the API or be navigated to. Pure, so the
 * predicate is unit tested without Electron.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kpiw';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** True only for `app://kpiw/...` with no credentials or port: the page our window loads, any route within it. */
export function isTrustedAppUrl(raw: string | undefined | null): boolean {
  if (typeof raw !== 'string' || raw.length === 0) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}
