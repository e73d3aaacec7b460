import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closeWorkbook, createWorkbook, openWorkbook } from '../../../main/store/workbook';
import { listing, tempFolder } from '../../unit/main/store/files';
import { exited, lines, startChild } from './spawn';

/** mulberry32: a tiny seeded generator, so a failing run can be repeated exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KILLS = 30;
const STEP = 250;
const SEED = 20261123;

/** Rows in the file, and whether they are exactly 1..n (a save is all or nothing, never a mix). */
async function contents(path: string): Promise<{ rows: number; consecutive: boolean }> {
  const wb = await openWorkbook(path, { readOnly: true });
  try {
    const [count, min, max, distinct] = wb.db.exec('SELECT count(*), min(value), max(value), count(DISTINCT value) FROM targets')[0]!.values[0]!.map(Number);
    return { rows: count!, consecutive: count === 0 || (min === 1 && max === count && distinct === count) };
  } finally {
    closeWorkbook(wb);
  }
}

/*
 * SQLite's crash tests without a custom VFS: a child keeps adding STEP rows and
 * saving; it is SIGKILLed at a seeded-random moment. Each save holds rows 1..n, and the child prints
 * `saved n` after the save returns, so after the kill the file must hold the last acknowledged n or
 * the save that was in flight (n + STEP), pass quick_check (openWorkbook runs it) and hold 1..n
 * exactly. The next child opening it writable also proves the dead child's lock is seen as stale.
 */
test(`SIGKILL at ${KILLS} random moments during repeated saves: the workbook is always the old or the new one`, async (t) => {
  const { dir, cleanup } = tempFolder();
  const pool: { child: ReturnType<typeof startChild>; out: ReturnType<typeof lines> }[] = [];
  try {
    const path = join(dir, 'sales.kpiw');
    closeWorkbook(await createWorkbook(path));
    const random = seeded(SEED);
    let acknowledged = 0;
    const outcomes = { old: 0, new: 0 };
    let saveMs = 200;
    // Starting node + tsx + sql.js takes about a second on a busy machine; children are started a few
    // ahead and wait, warm, for their turn.
    const warm = (): { child: ReturnType<typeof startChild>; out: ReturnType<typeof lines> } => {
      const child = startChild('child-saver.ts', [path, String(STEP)]);
      return { child, out: lines(child) };
    };
    pool.push(warm(), warm(), warm());
    for (let k = 0; k < KILLS; k++) {
      const { child, out } = pool.shift()!;
      if (k + pool.length + 1 < KILLS) pool.push(warm());
      assert.equal(await out.next(), 'warm', out.stderr());
      child.stdin.write('go\n');
      const ready = await out.next();
      assert.equal(ready, `ready ${acknowledged}`, `kill ${k}: the child starts from what is on disk`);
      // Let 0-2 saves complete, then kill at a random fraction of a save's duration (measured as we
      // go, so the kills spread over whole save cycles on a fast or a busy machine alike).
      let last = Date.now();
      const savesFirst = Math.floor(random() * 3);
      for (let i = 0; i < savesFirst; i++) {
        await out.next();
        saveMs = (saveMs + Date.now() - last) / 2;
        last = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * saveMs)));
      child.kill('SIGKILL');
      const { signal } = await exited(child);
      assert.equal(signal, 'SIGKILL', out.stderr());
      const saved = out.all.filter((l) => l.startsWith('saved ')).map((l) => Number(l.slice(6)));
      const lastAck = saved.length > 0 ? saved[saved.length - 1]! : acknowledged;
      const { rows, consecutive } = await contents(path);
      assert.ok(consecutive, `kill ${k}: rows are 1..${rows} with nothing missing or mixed`);
      assert.ok(rows === lastAck || rows === lastAck + STEP, `kill ${k}: ${rows} rows on disk, last acknowledged save had ${lastAck}`);
      if (rows === lastAck) outcomes.old++;
      else outcomes.new++;
      if (existsSync(`${path}.bak`)) {
        const bak = await contents(`${path}.bak`);
        assert.ok(bak.consecutive && bak.rows <= rows, `kill ${k}: .bak is an earlier save`);
      }
      acknowledged = rows;
    }
    t.diagnostic(
      `final rows ${acknowledged}; one save took ~${Math.round(saveMs)} ms; after the kill the file held the acknowledged save ${outcomes.old}x, the in-flight one ${outcomes.new}x`,
    );
    // A writable open clears the temp files of the killed children.
    closeWorkbook(await openWorkbook(path));
    const left = listing(dir).filter((f) => !['sales.kpiw', 'sales.kpiw.bak', 'sales.kpiw.bak.tmp'].includes(f));
    assert.deepEqual(left, []);
  } finally {
    for (const { child } of pool) child.kill('SIGKILL');
    cleanup();
  }
});
