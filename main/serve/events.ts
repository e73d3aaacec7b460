/**
 * Server-Sent Events for browser mode: the contract's events (job progress, workbook changes) are
 * pushed to every open page on GET /api/events. EventSource cannot send a custom header, so this one
 * GET is authenticated by the SameSite=Strict cookie (plus the Host and Origin checks); it only ever
 * reads.
 */
import type { ServerResponse } from 'node:http';

export interface EventHub {
  attach(res: ServerResponse): void;
  emit(name: string, payload: unknown): void;
  closeAll(): void;
  readonly size: number;
}

/** Comment lines keep proxies and the browser from timing the stream out. */
const KEEPALIVE_MS = 25_000;

export function createEventHub(headers: Readonly<Record<string, string>>): EventHub {
  const clients = new Set<ServerResponse>();
  let timer: NodeJS.Timeout | null = null;

  const ensureTimer = () => {
    if (timer !== null || clients.size === 0) return;
    timer = setInterval(() => {
      for (const c of clients) c.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    timer.unref();
  };
  const drop = (res: ServerResponse) => {
    clients.delete(res);
    if (clients.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };

  return {
    attach(res) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      res.on('close', () => drop(res));
      ensureTimer();
    },
    emit(name, payload) {
      // JSON.stringify never emits a raw newline, so one data line per event is safe.
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(frame);
    },
    closeAll() {
      for (const c of [...clients]) {
        c.end();
        drop(c);
      }
    },
    get size() {
      return clients.size;
    },
  };
}
