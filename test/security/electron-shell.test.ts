/** The menu template and the remembered window state: pure parts of the desktop shell. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuAction } from '../../main/electron/menu';
import { defaultWindowState, loadWindowState, parseWindowState, saveWindowState, withRecent, STATE_FILE } from '../../main/electron/window-state';

function fileMenu(platform: NodeJS.Platform, recent: string[] = []) {
  const ran: [MenuAction, string | undefined][] = [];
  const template = menuTemplate({ run: (a, p) => ran.push([a, p]), recent, platform });
  const file = template.find((m) => m.label === '&File');
  assert.ok(file && Array.isArray(file.submenu));
  return { template, items: file.submenu as MenuItemConstructorOptions[], ran };
}

test('File menu: new, open, import, export, save and save as with their accelerators, each firing its action', () => {
  const { items, ran } = fileMenu('linux');
  const withAccel = items.filter((i) => i.accelerator).map((i) => [i.label, i.accelerator]);
  assert.deepEqual(withAccel, [
    ['&New Workbook…', 'CmdOrCtrl+N'],
    ['&Open…', 'CmdOrCtrl+O'],
    ['&Import Data…', 'CmdOrCtrl+I'],
    ['&Export Report…', 'CmdOrCtrl+E'],
    ['&Save', 'CmdOrCtrl+S'],
    ['Save &As…', 'CmdOrCtrl+Shift+S'],
  ]);
  for (const i of items) if (i.click) (i.click as () => void)();
  assert.deepEqual(
    ran.map(([a]) => a),
    ['new', 'open', 'import', 'export', 'save', 'saveAs'],
  );
  assert.ok(items.some((i) => i.role === 'quit'));
});

test('Open Recent lists basenames and opens the full path; empty list is a disabled item', () => {
  const { items, ran } = fileMenu('darwin', ['/books/A.kpiw', '/books/B.kpiw']);
  const recent = items.find((i) => i.label === 'Open &Recent');
  const sub = recent?.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(
    sub.map((i) => i.label),
    ['A.kpiw', 'B.kpiw'],
  );
  (sub[1]!.click as () => void)();
  assert.deepEqual(ran, [['openRecent', '/books/B.kpiw']]);
  assert.ok(!items.some((i) => i.role === 'quit'), 'macOS quits from the app menu');
  const empty = fileMenu('win32').items.find((i) => i.label === 'Open &Recent')?.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(
    empty.map((i) => [i.label, i.enabled]),
    [['No recent workbooks', false]],
  );
});

test('window state: damaged or hostile files fall back to the defaults', () => {
  for (const text of [
    '',
    '{',
    'null',
    '[]',
    '{"bounds":{"width":5,"height":5},"maximized":false,"lastWorkbook":null,"recent":[]}',
    '{"bounds":{"width":800,"height":600},"maximized":"yes","lastWorkbook":null,"recent":[]}',
  ]) {
    assert.deepEqual(parseWindowState(text), defaultWindowState, text);
  }
  const good = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true, lastWorkbook: '/b.kpiw', recent: ['/b.kpiw'] };
  assert.deepEqual(parseWindowState(JSON.stringify(good)), good);
});

test('withRecent: newest first, no duplicates, at most 10', () => {
  let s = defaultWindowState;
  for (let i = 1; i <= 12; i++) s = withRecent(s, `/b${i}.kpiw`);
  s = withRecent(s, '/b5.kpiw');
  assert.equal(s.lastWorkbook, '/b5.kpiw');
  // b12..b3 were the 10 kept before b5 moved to the front: b5, b12, b11, b10, b9, b8, b7, b6, b4, b3.
  assert.deepEqual(s.recent, ['/b5.kpiw', '/b12.kpiw', '/b11.kpiw', '/b10.kpiw', '/b9.kpiw', '/b8.kpiw', '/b7.kpiw', '/b6.kpiw', '/b4.kpiw', '/b3.kpiw']);
});

test('window state round-trips through userData and survives a missing file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpiw-state-'));
  try {
    assert.deepEqual(await loadWindowState(dir), defaultWindowState);
    const s = withRecent({ ...defaultWindowState, bounds: { width: 1000, height: 700 } }, '/x.kpiw');
    await saveWindowState(dir, s);
    assert.deepEqual(await loadWindowState(dir), s);
    writeFileSync(join(dir, STATE_FILE), '{"garbage":');
    assert.deepEqual(await loadWindowState(dir), defaultWindowState);
    assert.ok(readFileSync(join(dir, STATE_FILE), 'utf8').startsWith('{'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
