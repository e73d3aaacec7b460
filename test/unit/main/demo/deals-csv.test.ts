import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { dealsCsvHeader, generateDeals, writeDealsCsv } from '../../../../main/demo/deals-csv';

const dir = mkdtempSync(join(tmpdir(), 'kpiw-deals-csv-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the CSV holds exactly the deals generateDeals returns, under HubSpot-style headers', async () => {
  const path = join(dir, 'deals.csv');
  const bytes = await writeDealsCsv(path, 3000, 11);
  const text = readFileSync(path, 'utf8');
  assert.equal(bytes, Buffer.byteLength(text));
  assert.ok(text.startsWith(`${dealsCsvHeader}\r\n`));
  // Names with a comma ("Hale, Brook & Partners - Growth") must be quoted to survive.
  assert.match(text, /,"[^",]+, [^"]+ - [^"]+",/);
  const records = parse(text, { columns: true }) as Record<string, string>[];
  const rows = generateDeals(3000, 11);
  assert.equal(records.length, 3000);
  records.forEach((rec, i) => {
    const r = rows[i]!;
    assert.equal(rec['Record ID'], r.deal_id);
    assert.equal(rec['Deal Stage'], r.stage);
    assert.equal(Number(rec.Amount), r.amount);
    assert.match(rec['Create Date']!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.equal(rec['Create Date']!.slice(0, 10), r.created_at);
    assert.equal(rec['Close Date'] === '' ? null : rec['Close Date'], r.closed_at);
    assert.equal(rec['Deal owner'], r.owner);
    assert.equal(rec.Source, r.source);
    assert.equal(rec.Product, r.product);
    assert.equal(rec.Region, r.region);
    assert.ok(rec['Deal Name']!.endsWith(` - ${r.product}`));
  });
});

test('the same seed writes the same bytes; another seed other deals', async () => {
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  const c = join(dir, 'c.csv');
  await writeDealsCsv(a, 500, 3);
  await writeDealsCsv(b, 500, 3);
  await writeDealsCsv(c, 500, 4);
  assert.ok(readFileSync(a).equals(readFileSync(b)));
  assert.ok(!readFileSync(a).equals(readFileSync(c)));
});

test('large deals are consistent: status from stage, closing after creation, ids and dates rising', () => {
  const rows = generateDeals(20_000, 5);
  const statusOf = (stage: unknown): string => (stage === 'Closed Won' ? 'won' : stage === 'Closed Lost' ? 'lost' : 'open');
  let prevId = 0;
  let prevCreated = '';
  const statuses = new Set<unknown>();
  for (const r of rows) {
    statuses.add(r.status);
    assert.equal(r.status, statusOf(r.stage));
    if (r.status !== 'open') assert.ok(typeof r.closed_at === 'string' && r.closed_at >= String(r.created_at));
    // The story's ten quarters run from 2024-04-01 to 2026-09-30; won and lost deals closed by then.
    assert.ok(String(r.created_at) >= '2024-04-01' && String(r.created_at) <= '2026-09-30');
    if (r.status !== 'open') assert.ok(String(r.closed_at) <= '2026-09-30');
    assert.ok(Number(r.deal_id) > prevId && String(r.created_at) >= prevCreated);
    prevId = Number(r.deal_id);
    prevCreated = String(r.created_at);
  }
  assert.deepEqual([...statuses].sort(), ['lost', 'open', 'won']);
});

test('a path that cannot be written rejects instead of hanging', async () => {
  await assert.rejects(writeDealsCsv(join(dir, 'missing', 'deals.csv'), 10), /ENOENT/);
});
