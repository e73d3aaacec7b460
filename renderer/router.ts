/** Hash routes (`#/dashboard?period=2017-Q2`): they work from file-like app URLs and need no server help. */
import { useEffect, useState } from 'preact/hooks';

export const pages = ['dashboard', 'import', 'data', 'metrics', 'targets', 'reports', 'settings'] as const;
export type PageName = (typeof pages)[number];

export interface Route {
  page: PageName;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (pages as readonly string[]).includes(path) ? (path as PageName) : 'dashboard';
  return { page, params: new URLSearchParams(query) };
}

export function hrefFor(page: PageName, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return `#/${page}${s ? `?${s}` : ''}`;
}

export function navigate(page: PageName, params: Record<string, string | undefined> = {}): void {
  location.hash = hrefFor(page, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
