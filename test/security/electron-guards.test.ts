/**
 * The desktop shell's guards, tested without Electron (its runtime cannot be downloaded here): the
 * trusted-URL predicate, the web preferences, the IPC sender check and allow-list, drops, and the
 * remembered window state. Electron itself is only imported as types by these modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, IpcMain, Session, WebContents } from 'electron';
import { isTrustedAppUrl, APP_ENTRY } from '../../main/electron/trusted-url';
import { createSecureWindow, type WindowConstructor } from '../../main/electron/window';
import { contentSecurityPolicy } from '../../main/serve/headers';
import { registerIpc, isTrustedSender } from '../../main/electron/ipc';
import type { FaceBackend } from '../../main/face-backend';
import { hardenSession, requestAllowed } from '../../main/electron/security';
import { dropAction, droppedPaths } from '../../main/electron/files';
import { apiNames } from '../../shared/api-names';

test('isTrustedAppUrl: our app:// page and its routes only', () => {
  for (const u of [APP_ENTRY, 'app://kpiw/', 'app://kpiw/index.html#/import', 'app://kpiw/index.html?x=1']) assert.equal(isTrustedAppUrl(u), true, u);
  for (const u of [
    undefined,
    null,
    '',
    'about:blank',
    'file:///index.html',
    'http://127.0.0.1/index.html',
    'https://kpiw/index.html',
    'app://evil/index.html',
    'app://kpiw.evil/index.html',
    'app://kpiw:80/index.html',
    'app://user@kpiw/index.html',
    'app://kpiw@evil/index.html',
    'devtools://devtools/bundled/inspector.html',
    'javascript:alert(1)',
    'not a url',
  ]) {
    assert.equal(isTrustedAppUrl(u), false, String(u));
  }
});

interface Recorded {
  options: BrowserWindowConstructorOptions;
  handlers: Map<string, (event: { preventDefault(): void }) => void>;
  openHandler: (() => { action: string }) | null;
  loaded: string | null;
}

function fakeWindowClass(record: Recorded[]): WindowConstructor {
  return class {
    webContents: unknown;
    constructor(options: BrowserWindowConstructorOptions) {
      const r: Recorded = { options, handlers: new Map(), openHandler: null, loaded: null };
      record.push(r);
      this.webContents = {
        setWindowOpenHandler: (h: () => { action: string }) => (r.openHandler = h),
        on: (name: string, h: (event: { preventDefault(): void }) => void) => r.handlers.set(name, h),
      };
      this.loadURL = async (url: string) => {
        r.loaded = url;
      };
    }
    loadURL: (url: string) => Promise<void>;
    once() {}
  } as unknown as WindowConstructor;
}

test('createSecureWindow: isolation, sandbox, no Node, web security; new windows, navigation and webviews refused', () => {
  const record: Recorded[] = [];
  createSecureWindow(fakeWindowClass(record), { preload: '/app/dist/electron/preload.cjs', bounds: { width: 1280, height: 800 }, maximized: false });
  const [w] = record;
  assert.ok(w);
  const p = w.options.webPreferences ?? {};
  assert.equal(p.preload, '/app/dist/electron/preload.cjs');
  assert.equal(p.contextIsolation, true);
  assert.equal(p.sandbox, true);
  assert.equal(p.nodeIntegration, false);
  assert.equal(p.nodeIntegrationInWorker, false);
  assert.equal(p.nodeIntegrationInSubFrames, false);
  assert.equal(p.webSecurity, true);
  assert.equal(p.allowRunningInsecureContent, false);
  assert.equal(p.experimentalFeatures, false);
  assert.equal(p.webviewTag, false);
  assert.equal(p.navigateOnDragDrop, false);
  assert.equal(p.enableBlinkFeatures, undefined);
  assert.equal(w.loaded, APP_ENTRY);
  assert.deepEqual(w.openHandler?.(), { action: 'deny' });
  for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
    let prevented = false;
    w.handlers.get(name)?.({ preventDefault: () => (prevented = true) });
    assert.equal(prevented, true, name);
  }
});

test('hardenSession: every permission denied, foreign requests cancelled, the same CSP as browser mode added', () => {
  const got: Record<string, unknown> = {};
  const ses = {
    setPermissionRequestHandler: (h: unknown) => (got.request = h),
    setPermissionCheckHandler: (h: unknown) => (got.check = h),
    setDevicePermissionHandler: (h: unknown) => (got.device = h),
    webRequest: {
      onBeforeRequest: (h: unknown) => (got.before = h),
      onHeadersReceived: (h: unknown) => (got.headers = h),
    },
  } as unknown as Session;
  hardenSession(ses);
  const answers: boolean[] = [];
  for (const perm of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    (got.request as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)(null, perm, (ok) => answers.push(ok));
  }
  assert.deepEqual(answers, [false, false, false, false, false]);
  assert.equal((got.check as () => boolean)(), false);
  assert.equal((got.device as () => boolean)(), false);
  let cancel: unknown;
  (got.before as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void)({ url: 'https://evil.example/x.js' }, (r) => (cancel = r.cancel));
  assert.equal(cancel, true);
  let headers: Record<string, string[]> = {};
  (got.headers as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
    { responseHeaders: { 'Content-Type': ['text/html'] } },
    (r) => (headers = r.responseHeaders),
  );
  assert.deepEqual(headers, { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy] });
});

test('requestAllowed: nothing leaves the app scheme (no remote content)', () => {
  assert.equal(requestAllowed('app://kpiw/assets/index.js'), true);
  assert.equal(requestAllowed('data:image/png;base64,AAAA'), true);
  for (const u of ['https://cdn.example.com/x.js', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'ws://localhost/'])
    assert.equal(requestAllowed(u), false, u);
});

test('isTrustedSender: the top frame of our page only', () => {
  assert.equal(isTrustedSender({ senderFrame: { url: APP_ENTRY, parent: null } }), true);
  assert.equal(isTrustedSender({ senderFrame: null }), false);
  assert.equal(isTrustedSender({ senderFrame: { url: APP_ENTRY, parent: {} } }), false);
  assert.equal(isTrustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } }), false);
});

interface FakeIpc {
  ipc: IpcMain;
  handlers: Map<string, (event: unknown, input: unknown) => Promise<unknown>>;
}
function fakeIpc(): FakeIpc {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const ipc = {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcMain;
  return { ipc, handlers };
}

function fakeBackend() {
  const calls: { name: string; input: unknown }[] = [];
  const registered: string[] = [];
  let listener: ((name: string, payload: unknown) => void) | null = null;
  const backend: FaceBackend = {
    names: apiNames,
    call: async (name, input) => {
      calls.push({ name, input });
      return { ok: true, value: 'done' };
    },
    registerFile: (path) => {
      registered.push(path);
      return `id${registered.length}`;
    },
    onEvent: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return { backend, calls, registered, emit: (n: string, p: unknown) => listener?.(n, p) };
}

const sent: { channel: string; payload: unknown }[] = [];
const sender = { send: (channel: string, payload: unknown) => sent.push({ channel, payload }) };
const trusted = { senderFrame: { url: APP_ENTRY, parent: null }, sender };
const foreign = { senderFrame: { url: 'https://evil.example/', parent: null }, sender };

test('registerIpc: one kpi:<name> handler per contract call; foreign senders refused before the service runs', async () => {
  const { ipc, handlers } = fakeIpc();
  const b = fakeBackend();
  const dispose = registerIpc(ipc, b.backend, () => []);
  assert.deepEqual([...handlers.keys()].filter((c) => c.startsWith('kpi:')).sort(), apiNames.map((n) => `kpi:${n}`).sort());
  const open = handlers.get('kpi:workbook.open')!;
  assert.deepEqual(await open(trusted, { file: { id: 'x' } }), { ok: true, value: 'done' });
  assert.deepEqual(b.calls, [{ name: 'workbook.open', input: { file: { id: 'x' } } }]);
  const refused = (await open(foreign, { file: { id: 'x' } })) as { ok: boolean; error: { code: string } };
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'invalid_input');
  const fromSubframe = (await open({ senderFrame: { url: APP_ENTRY, parent: {} }, sender }, {})) as { ok: boolean };
  assert.equal(fromSubframe.ok, false);
  assert.equal(b.calls.length, 1);
  dispose();
  assert.equal(handlers.size, 0);
});

test('registerIpc: events reach only windows showing our page', () => {
  const { ipc } = fakeIpc();
  const b = fakeBackend();
  const got: string[] = [];
  const wc = (url: string, destroyed = false) =>
    ({ isDestroyed: () => destroyed, getURL: () => url, send: (c: string) => got.push(`${url} ${c}`) }) as unknown as WebContents;
  registerIpc(ipc, b.backend, () => [wc(APP_ENTRY), wc('https://evil.example/'), wc(APP_ENTRY, true)]);
  b.emit('job.progress', { jobId: 'j' });
  assert.deepEqual(got, [`${APP_ENTRY} kpi-event:job.progress`]);
});

test('drops: only real files with a known extension become ids; malformed payloads are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-drop-'));
  try {
    const csv = join(dir, 'deals.csv');
    const book = join(dir, 'book.kpiw');
    writeFileSync(csv, 'a\n1\n');
    writeFileSync(book, '');
    const { ipc, handlers } = fakeIpc();
    const b = fakeBackend();
    registerIpc(ipc, b.backend, () => []);
    const drop = handlers.get('kpi-drop')!;
    sent.length = 0;
    const reply = await drop(trusted, [csv, book, join(dir, 'missing.csv'), join(dir, 'evil.exe'), dir]);
    assert.deepEqual(reply, { ok: true, value: null });
    assert.deepEqual(b.registered, [csv, book]);
    assert.deepEqual(sent, [
      { channel: 'kpi-event:menu.action', payload: { action: 'import', fileId: 'id1' } },
      { channel: 'kpi-event:menu.action', payload: { action: 'open', fileId: 'id2' } },
    ]);
    for (const bad of ['x', [], ['relative.csv'], [`${csv}\0`], new Array(21).fill(csv), [42]]) {
      assert.equal(((await drop(trusted, bad)) as { ok: boolean }).ok, false, JSON.stringify(bad));
    }
    assert.equal(((await drop(foreign, [csv])) as { ok: boolean }).ok, false);
    assert.equal(b.registered.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dropAction / droppedPaths: pure rules', () => {
  assert.equal(dropAction('/a/B.KPIW'), 'open');
  assert.equal(dropAction('/a/b.xlsx'), 'import');
  assert.equal(dropAction('/a/b.tsv'), 'import');
  assert.equal(dropAction('/a/b.xls'), null);
  assert.equal(dropAction('/a/b'), null);
  assert.deepEqual(droppedPaths(['/x.csv']), ['/x.csv']);
  assert.equal(droppedPaths(['../x.csv']), null);
});
