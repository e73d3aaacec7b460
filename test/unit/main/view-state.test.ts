import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readView, writeView } from '../../../main/view-state';

test('the period and comparison are remembered per workbook, a patch keeps what it does not name, null forgets', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kpiw-view-'));
  try {
    assert.deepEqual(await readView(dir, '/books/a.kpiw'), { period: null, compare: null });
    await writeView(dir, '/books/a.kpiw', { period: '2024-Q3' });
    await writeView(dir, '/books/b.kpiw', { period: '2017-Q2', compare: 'year' });
    assert.deepEqual(await writeView(dir, '/books/a.kpiw', { compare: 'year' }), { period: '2024-Q3', compare: 'year' });
    assert.deepEqual(await readView(dir, '/books/b.kpiw'), { period: '2017-Q2', compare: 'year' });
    assert.deepEqual(await writeView(dir, '/books/b.kpiw', { period: null }), { period: null, compare: 'year' });
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'view-state.json'), 'utf8')), {
      '/books/b.kpiw': { period: null, compare: 'year' },
      '/books/a.kpiw': { period: '2024-Q3', compare: 'year' },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a path named like an object key is one workbook like any other', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kpiw-view-'));
  try {
    assert.deepEqual(await readView(dir, '__proto__'), { period: null, compare: null });
    await writeView(dir, '__proto__', { period: '2024-Q1' });
    assert.deepEqual(await readView(dir, '__proto__'), { period: '2024-Q1', compare: null });
    assert.equal(({} as Record<string, unknown>).period, undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
