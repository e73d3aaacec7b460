/**
 * Damaged workbook pages: a real workbook of a few hundred deals with one byte
 * flipped, or a run of bytes scrambled, in every page and at seeded random offsets. Each copy must
 * either be refused with a clean code and left byte for byte as it was, or open and pass quick_check
 * (SQLite has no page checksums, so a flip inside a stored value is legitimately invisible).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AppFailure, type ErrorCode } from '../../../shared/result';
import { closeWorkbook, createWorkbook, openWorkbook, saveWorkbook } from '../../../main/store/workbook';
import { insertBatch, type CanonicalRow } from '../../../main/store/batches';

const REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['not_a_workbook', 'workbook_damaged', 'workbook_too_new']);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dir: string;
let good: Buffer;
let pageSize: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpiw-flips-'));
  const wb = await createWorkbook(join(dir, 'good.kpiw'));
  const owners = ['Ann', 'Bob', 'Chloé', 'Dmitri'];
  const rows: CanonicalRow[] = Array.from({ length: 400 }, (_, i) => ({
    deal_id: `D-${1000 + i}`,
    stage: i % 3 === 0 ? 'Closed Won' : i % 3 === 1 ? 'Closed Lost' : 'Negotiation',
    status: i % 3 === 0 ? 'won' : i % 3 === 1 ? 'lost' : 'open',
    amount: 250 + ((i * 37) % 5000),
    created_at: `2024-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}`,
    closed_at: i % 3 === 2 ? null : `2024-${String(7 + (i % 6)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    owner: owners[i % owners.length]!,
    product: `Product with a longer name ${i % 17}`,
    region: i % 2 ? 'North' : 'South',
  }));
  insertBatch(
    wb.db,
    { dataset: 'deals', fileName: 'deals.csv', fileSize: 12345, fileHash: 'x'.repeat(64), sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    rows,
    '2024-07-01T09:00:00',
  );
  await saveWorkbook(wb);
  closeWorkbook(wb);
  good = readFileSync(join(dir, 'good.kpiw'));
  const raw = good.readUInt16BE(16);
  pageSize = raw === 1 ? 65536 : raw;
});

after(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { opened: true; deals: number } | { opened: false; code: ErrorCode };

let serial = 0;
/** Writes `bytes` as a fresh workbook file, opens it, and checks the promise for whichever outcome. */
async function tryOpen(bytes: Buffer, label: string): Promise<Outcome> {
  const name = `v${++serial}.kpiw`;
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const before = sha(bytes);
  try {
    const wb = await openWorkbook(path);
    try {
      const check = wb.db.exec('PRAGMA quick_check')[0]?.values.map((r) => String(r[0]));
      assert.deepEqual(check, ['ok'], `${label}: opened but quick_check says ${JSON.stringify(check)}`);
      const deals = Number(wb.db.exec('SELECT count(*) FROM deals')[0]!.values[0]![0]);
      return { opened: true, deals };
    } finally {
      closeWorkbook(wb);
    }
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assert.ok(e instanceof AppFailure, `${label}: not an AppFailure but ${e instanceof Error ? e.stack : String(e)}`);
    assert.ok(REFUSALS.has(e.code), `${label}: refused with ${e.code}: ${e.message}`);
    assert.ok(e.message.includes(name), `${label}: the message names the file: ${e.message}`);
    assert.equal(sha(readFileSync(path)), before, `${label}: a refused file keeps its bytes`);
    return { opened: false, code: e.code };
  } finally {
    rmSync(path, { force: true });
    for (const f of readdirSync(dir)) if (f.startsWith(name)) rmSync(join(dir, f), { force: true });
  }
}

const flip = (offset: number, mask = 0xff): Buffer => {
  const copy = Buffer.from(good);
  copy[offset] = copy[offset]! ^ mask;
  return copy;
};

test('the base workbook opens with its 400 deals', async () => {
  assert.deepEqual(await tryOpen(Buffer.from(good), 'unchanged'), { opened: true, deals: 400 });
  assert.ok(good.length / pageSize >= 10, `the base spans several pages (${good.length / pageSize})`);
});

test('every byte of the 100-byte header flipped: refused cleanly or still a sound workbook', async (t) => {
  const refused = new Map<string, number>();
  for (let offset = 0; offset < 100; offset++) {
    const o = await tryOpen(flip(offset), `header byte ${offset}`);
    if (!o.opened) refused.set(o.code, (refused.get(o.code) ?? 0) + 1);
  }
  // The magic string (bytes 0-15), page size (16-17), application id (68-71) and user_version
  // (60-63, its top byte makes version > 1) must each be refused; so at least 16+2+4+1 bytes.
  const total = [...refused.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`header flips refused: ${JSON.stringify([...refused])}`);
  assert.ok(total >= 23, `refused ${total} header flips: ${JSON.stringify([...refused])}`);
});

test('one flipped byte in every page, at a seeded offset: refused cleanly or sound', async () => {
  const pages = good.length / pageSize;
  const offsets = fc.sample(fc.integer({ min: 0, max: pageSize - 1 }), { numRuns: pages, seed: 7 });
  for (let page = 0; page < pages; page++) {
    const offset = page * pageSize + (page === 0 ? 100 + (offsets[page]! % (pageSize - 100)) : offsets[page]!);
    await tryOpen(flip(offset), `page ${page + 1} byte ${offset}`);
  }
});

test('the b-tree page header of every page scrambled: refused cleanly or sound', async (t) => {
  const pages = good.length / pageSize;
  let refusedCount = 0;
  for (let page = 0; page < pages; page++) {
    const start = page * pageSize + (page === 0 ? 100 : 0);
    const copy = Buffer.from(good);
    // Bytes 0-11 of a b-tree page: type, freeblock, cell count, content start, fragmented bytes, right child.
    for (let i = 0; i < 12; i++) copy[start + i] = (copy[start + i]! * 31 + 17 + i) & 0xff;
    const o = await tryOpen(copy, `page ${page + 1} header scrambled`);
    if (!o.opened) refusedCount++;
  }
  t.diagnostic(`${refusedCount} of ${pages} pages with a scrambled header refused`);
  assert.ok(refusedCount > 0, 'scrambled page headers are noticed at least somewhere');
});

test('whole pages zeroed or filled with noise: refused cleanly or sound', async (t) => {
  const pages = good.length / pageSize;
  let refusedCount = 0;
  for (let page = 1; page < pages; page++) {
    const zeroed = Buffer.from(good);
    zeroed.fill(0, page * pageSize, (page + 1) * pageSize);
    if (!(await tryOpen(zeroed, `page ${page + 1} zeroed`)).opened) refusedCount++;
    const noise = Buffer.from(good);
    for (let i = 0; i < pageSize; i++) noise[page * pageSize + i] = (i * 7919 + page * 104729) & 0xff;
    if (!(await tryOpen(noise, `page ${page + 1} noise`)).opened) refusedCount++;
  }
  t.diagnostic(`${refusedCount} of ${2 * (pages - 1)} zeroed or noisy pages refused (${pages} pages of ${pageSize} bytes)`);
});

test('60 seeded random offsets with random masks: refused cleanly or sound', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), async (offset, mask) => {
      await tryOpen(flip(offset, mask), `offset ${offset} ^ ${mask}`);
    }),
    { numRuns: 60, seed: 20241123 },
  );
});
