/**
 * The desktop face's file pickers without Electron: a stand-in dialog answers as the native one would,
 * and the page gets an id and a name, never the path. The native dialogs themselves need Electron.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserWindow, Dialog, WebContents } from 'electron';
import { pickFileHandlers } from '../../../../main/electron/pick-files';

function fakeDialog(answer: { canceled: boolean; path?: string }) {
  const asked: { kind: string; options: Record<string, unknown> }[] = [];
  const dialog = {
    showOpenDialog: async (_w: unknown, options: Record<string, unknown>) => {
      asked.push({ kind: 'open', options });
      return { canceled: answer.canceled, filePaths: answer.path === undefined ? [] : [answer.path] };
    },
    showSaveDialog: async (_w: unknown, options: Record<string, unknown>) => {
      asked.push({ kind: 'save', options });
      return { canceled: answer.canceled, filePath: answer.path };
    },
  } as unknown as Dialog;
  return { dialog, asked };
}

const win = {} as BrowserWindow;
const sender = {} as WebContents;

test('pickOpen: an import dialog for CSV and Excel files; the page gets an id and the file name', async () => {
  const { dialog, asked } = fakeDialog({ canceled: false, path: '/home/ann/exports/deals.csv' });
  const registered: string[] = [];
  const handlers = pickFileHandlers(
    dialog,
    () => win,
    (p) => (registered.push(p), `file-${registered.length}`),
  );
  const r = await handlers.get('files.pickOpen')!({ purpose: 'import' }, sender);
  assert.deepEqual(r, { ok: true, value: { id: 'file-1', name: 'deals.csv' } });
  assert.deepEqual(registered, ['/home/ann/exports/deals.csv']);
  assert.equal(asked[0]?.kind, 'open');
  assert.deepEqual(asked[0]?.options.filters, [{ name: 'CSV or Excel files', extensions: ['csv', 'tsv', 'txt', 'xlsx'] }]);
});

test('pickSave: an export dialog that adds .xlsx; cancelling gives null and registers nothing', async () => {
  const { dialog, asked } = fakeDialog({ canceled: false, path: '/home/ann/Q3 report' });
  const registered: string[] = [];
  const handlers = pickFileHandlers(
    dialog,
    () => win,
    (p) => (registered.push(p), 'file-9'),
  );
  assert.deepEqual(await handlers.get('files.pickSave')!({ purpose: 'export' }, sender), { ok: true, value: { id: 'file-9', name: 'Q3 report.xlsx' } });
  assert.deepEqual(registered, ['/home/ann/Q3 report.xlsx']);
  assert.equal(asked[0]?.kind, 'save');

  const cancelled = pickFileHandlers(
    fakeDialog({ canceled: true }).dialog,
    () => win,
    () => assert.fail('nothing to register'),
  );
  assert.deepEqual(await cancelled.get('files.pickSave')!({ purpose: 'export' }, sender), { ok: true, value: null });
});

test('a purpose the contract does not have, or no window, is an error value and opens no dialog', async () => {
  const { dialog, asked } = fakeDialog({ canceled: false, path: '/etc/passwd' });
  const handlers = pickFileHandlers(
    dialog,
    () => win,
    () => 'x',
  );
  const bad = await handlers.get('files.pickOpen')!({ purpose: 'export' }, sender);
  assert.equal(bad.ok ? 'ok' : bad.error.code, 'invalid_input');
  const noWindow = await pickFileHandlers(
    dialog,
    () => null,
    () => 'x',
  ).get('files.pickSave')!({ purpose: 'export' }, sender);
  assert.equal(noWindow.ok ? 'ok' : noWindow.error.code, 'internal');
  assert.deepEqual(asked, []);
});
