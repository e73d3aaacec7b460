/**
 * The folder a browser test suite works in (the app's data folder inside it) and what the suite opens:
 * servers and browsers, closed newest first, then the folder removed. Call it first in describe(),
 * so that its before() runs ahead of the suite's own.
 */
import { after, before } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRendererBuilt, repoRoot } from './build';
import type { Browser } from './chromium';
import type { Served } from './cli';

/** Screenshots a person looks at. */
export const artifacts = join(repoRoot, 'test', 'artifacts');

export interface Scratch {
  /** Set when the suite starts. */
  readonly tmp: string;
  readonly dataDir: string;
  readonly opened: (Browser | Served)[];
}

export function scratch(name: string): Scratch {
  const s = { tmp: '', dataDir: '', opened: [] as (Browser | Served)[] };
  before(() => {
    ensureRendererBuilt();
    mkdirSync(artifacts, { recursive: true });
    s.tmp = mkdtempSync(join(tmpdir(), `kpiw-e2e-${name}-`));
    s.dataDir = join(s.tmp, 'data');
    mkdirSync(s.dataDir);
  });
  after(async () => {
    for (const o of s.opened.reverse()) await ('page' in o ? o.close() : o.stop());
    rmSync(s.tmp, { recursive: true, force: true });
  });
  return s;
}
