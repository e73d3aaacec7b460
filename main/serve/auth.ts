/**
 * The checks that keep browser mode private to the person who started it: a
 * random token, the Host header (DNS rebinding), the Origin header and Fetch metadata (CSRF). Each is
 * a small pure predicate so the security tests can probe it directly as well as over HTTP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe, so it can sit in the printed URL unescaped. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; a missing or differently sized candidate is simply unequal. */
export function tokenMatches(expected: string, candidate: string | undefined | null): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(candidate, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/**
 * Only the exact loopback names on our own port. A browser tricked by DNS rebinding sends the
 * attacker's host name here (`evil.com:PORT`, `127.0.0.1.evil.com:PORT`), which is refused.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Absent is fine (same-origin GETs and non-browser clients); anything present must be us. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Fetch metadata, where the browser sends it: refuse anything a foreign site initiated. */
export function fetchSiteAllowed(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** `application/json`, optionally with a charset; the simple types a foreign form can send are refused. */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [type, ...params] = value.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8');
}

/**
 * Cookies are shared by every port of a host, so the name carries the port: two `kpiw serve`
 * instances side by side never read each other's cookie.
 */
export function cookieName(port: number): string {
  return `kpiw_${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
