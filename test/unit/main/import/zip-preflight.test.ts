import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { part, writeZip, type ZipPart } from '../../../fixtures/make-bad-inputs';
import { openZip } from '../../../../main/import/zip-preflight';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpiw-zip-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function readPart(parts: ZipPart[], name: string): Promise<Buffer> {
  const path = join(dir, `${name.replace(/\W/g, '-')}-${parts.length}.zip`);
  writeFileSync(path, writeZip(parts));
  const zip = await openZip(path, 'book.xlsx');
  try {
    const entry = zip.entries.get(name);
    assert.ok(entry !== undefined);
    const chunks: Buffer[] = [];
    for await (const c of zip.chunks(entry)) chunks.push(c);
    return Buffer.concat(chunks);
  } finally {
    zip.close();
  }
}

test('a deflated part of several inflate chunks comes back byte for byte', async () => {
  // 1 MiB of varied text: four or more chunks of 256 KiB.
  const text = Array.from({ length: 40_000 }, (_, i) => `<row r="${i + 1}"><c><v>${i * 7}</v></c></row>`).join('');
  assert.ok(text.length > 1_000_000);
  assert.equal((await readPart([part('a.xml', text)], 'a.xml')).toString('utf8'), text);
});

test('a stored (uncompressed) part reads as it is', async () => {
  const bytes = Buffer.from('<worksheet><sheetData/></worksheet>');
  const stored: ZipPart = { name: 's.xml', data: bytes, crc: crc32(bytes), size: bytes.length, method: 0 };
  assert.equal((await readPart([stored], 's.xml')).toString('utf8'), '<worksheet><sheetData/></worksheet>');
});

test('a part that inflates to less or more than it declares is stopped', async () => {
  const real = part('x.xml', 'x'.repeat(1000));
  await assert.rejects(readPart([{ ...real, size: 2000 }], 'x.xml'), /not enough bytes in the stream. expected 2000. got only 1000/);
  await assert.rejects(readPart([{ ...real, size: 10 }], 'x.xml'), /too many bytes in the stream. expected 10. got at least 1000/);
});
