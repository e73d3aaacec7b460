/**
 * The renderer's only door out: `call(name, input)` and `on(event, cb)` over the typed contract of
 * shared/api.ts. In Electron the preload's `window.kpi` carries them over IPC; in browser mode they
 * travel over HTTP to `kpiw serve` (POST /api/:name with the token the server wrote into the page,
 * Server-Sent Events for events). Both give the same Result values, so no page knows which it has.
 */
import type { ApiName, EventName } from '../shared/api-names';
import type { Input, Output, EventPayload } from '../shared/api';
import type { Result } from '../shared/result';

interface Bridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    kpi?: Bridge;
  }
}

const bridge: Bridge | undefined = window.kpi;

/** 'electron' when the preload is there, else browser mode. */
export const transport: 'electron' | 'http' = bridge ? 'electron' : 'http';

function token(): string {
  return document.querySelector('meta[name="kpiw-token"]')?.getAttribute('content') ?? '';
}

const unreachable = (e: unknown): Result<never> => ({
  ok: false,
  error: {
    code: 'internal',
    message: `The app is not answering (${e instanceof Error ? e.message : String(e)}). If you closed \`kpiw serve\`, start it again.`,
  },
});

/** A reply that is not a Result (a proxy page, a crash) becomes one, so callers only ever see Results. */
function asResult<T>(body: unknown, status: number): Result<T> {
  if (typeof body === 'object' && body !== null && 'ok' in body) return body as Result<T>;
  return { ok: false, error: { code: 'internal', message: `The app answered with HTTP ${status} and no result.` } };
}

async function httpCall(name: string, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-KPIW-Token': token() },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
    const body: unknown = await res.json().catch(() => null);
    return asResult(body, res.status);
  } catch (e) {
    return unreachable(e);
  }
}

export async function call<K extends ApiName>(name: K, input: Input<K>): Promise<Result<Output<K>>> {
  if (bridge) {
    try {
      return (await bridge.call(name, input)) as Result<Output<K>>;
    } catch (e) {
      return unreachable(e);
    }
  }
  return (await httpCall(name, input)) as Result<Output<K>>;
}

let source: EventSource | null = null;

export function on<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void {
  if (bridge) return bridge.on(event, (p) => callback(p as EventPayload<E>));
  source ??= new EventSource('/api/events');
  const listener = (e: MessageEvent<string>) => {
    try {
      callback(JSON.parse(e.data) as EventPayload<E>);
    } catch {
      // A frame that is not JSON is not one of ours; ignore it rather than break the page.
    }
  };
  const es = source;
  es.addEventListener(event, listener as EventListener);
  return () => es.removeEventListener(event, listener as EventListener);
}

export interface Uploaded {
  id: string;
  name: string;
  size: number;
}

/** Browser mode only: sends a file the user picked or dropped to the server, for an opaque file id. */
export async function upload(file: File): Promise<Result<Uploaded>> {
  try {
    const res = await fetch('/upload', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-KPIW-Token': token(),
        'X-KPIW-Filename': encodeURIComponent(file.name),
        // The export's own date: an import takes it as the day the export shows unless told otherwise.
        'X-KPIW-Modified': String(file.lastModified),
      },
      body: file,
      credentials: 'same-origin',
    });
    const body: unknown = await res.json().catch(() => null);
    return asResult<Uploaded>(body, res.status);
  } catch (e) {
    return unreachable(e);
  }
}

/** Browser mode only: where a finished report can be fetched. */
export function downloadUrl(downloadId: string): string {
  return `/download/${encodeURIComponent(downloadId)}`;
}

/** Browser mode only: hands a finished report to the browser's download (its Save dialog, or the downloads folder). */
export function startDownload(downloadId: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = downloadUrl(downloadId);
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** A job id the caller chooses, so it can cancel the job while the call is still running. */
export function newJobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `job-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
