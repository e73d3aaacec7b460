/** A browser-mode server over a fake service table and a throwaway renderer folder, and a raw HTTP client. */
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startServer, type RunningServer } from '../../main/serve/http';
import type { FaceBackend } from '../../main/face-backend';

export const SECRET = 'top-secret-outside-the-renderer';

export interface FakeBackend extends Required<FaceBackend> {
  calls: { name: string; input: unknown }[];
  files: Map<string, { path: string; name: string }>;
  emit(name: string, payload: unknown): void;
}

export function fakeBackend(): FakeBackend {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const calls: { name: string; input: unknown }[] = [];
  const files = new Map<string, { path: string; name: string }>();
  return {
    names: ['app.info', 'workbook.open'],
    calls,
    files,
    async call(name, input) {
      calls.push({ name, input });
      return { ok: true, value: { echoed: name } };
    },
    registerFile(path, name) {
      const id = `f${files.size + 1}`;
      files.set(id, { path, name: name ?? basename(path) });
      return id;
    },
    fileFor: (id) => files.get(id) ?? null,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name, payload) {
      for (const l of listeners) l(name, payload);
    },
  };
}

export interface Fixture {
  server: RunningServer;
  backend: FakeBackend;
  token: string;
  root: string;
  cleanup(): Promise<void>;
}

/**
 * Layout: <tmp>/secret.txt (must never be served), <tmp>/renderer/index.html, renderer/assets/app.js,
 * and renderer/assets/link.txt, a symlink to the secret.
 */
export async function startFixture(limits: { bodyLimit?: number; uploadLimit?: number } = {}): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'kpiw-serve-test-'));
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><title>KPI</title></head><body></body></html>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1);');
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
  const backend = fakeBackend();
  const server = await startServer({ backend, rendererDir: renderer, ...limits });
  const token = new URL(server.url).searchParams.get('token') ?? '';
  return {
    server,
    backend,
    token,
    root,
    async cleanup() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends exactly the path and headers given (Host included), so tests can forge what a browser would not. */
export function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
