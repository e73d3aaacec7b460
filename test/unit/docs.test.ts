/**
 * The docs name the code as it is: docs/architecture.md has a line for every folder of main/,
 * renderer/ and shared/ that git tracks and names no folder that is gone, and every path either doc
 * names exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
const doc = (name: string): string => readFileSync(`${root}docs/${name}`, 'utf8');

/** Folders directly under each layer, as `main/store/`. */
const layerFolders = new Set(
  tracked.flatMap((path) => {
    const parts = path.split('/');
    return ['main', 'renderer', 'shared'].includes(parts[0]!) && parts.length > 2 ? [`${parts[0]}/${parts[1]}/`] : [];
  }),
);

/** The paths a doc names in backticks (globs such as `print-*.ts` left out). */
const namedPaths = (text: string): string[] => [...text.matchAll(/`((?:main|renderer|shared|test|docs|build|\.ci)\/[^`\s*]*)`/g)].map((m) => m[1]!);

test('docs/architecture.md names every folder of main/, renderer/ and shared/, and none that does not exist', () => {
  const named = new Set(namedPaths(doc('architecture.md')).filter((p) => /^(main|renderer|shared)\/[^/]+\/$/.test(p)));
  assert.deepEqual([...layerFolders].filter((f) => !named.has(f)).sort(), [], 'folders the doc does not name');
  assert.deepEqual([...named].filter((f) => !layerFolders.has(f)).sort(), [], 'folders the doc names that git does not track');
  assert.ok(layerFolders.size >= 10, `found only ${layerFolders.size} folders`);
});

test('every path docs/architecture.md and docs/reliability.md name is tracked', () => {
  const exists = (p: string): boolean => (p.endsWith('/') ? tracked.some((t) => t.startsWith(p)) : tracked.includes(p));
  for (const name of ['architecture.md', 'reliability.md']) {
    const paths = namedPaths(doc(name));
    assert.ok(paths.length > 10, `${name} names only ${paths.length} paths`);
    assert.deepEqual(
      paths.filter((p) => !exists(p)),
      [],
      `${name}: paths that do not exist`,
    );
  }
});
