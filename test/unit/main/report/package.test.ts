import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { XlsxPackage } from '../../../../main/report/package';

test('XlsxPackage writes a ZIP that JSZip reads back, CRCs checked, parts in order', async () => {
  const src = new JSZip();
  src.file('[Content_Types].xml', '<Types/>');
  src.file('xl/workbook.xml', '<workbook/>');
  const pkg = await XlsxPackage.load(await src.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  assert.equal(pkg.text('xl/workbook.xml'), '<workbook/>');
  assert.equal(pkg.text('nope.xml'), undefined);
  pkg.set('xl/worksheets/sheet1.xml', `<c>${'é€😀'.repeat(1000)}</c>`);
  pkg.set('xl/workbook.xml', '<workbook a="1"/>');
  const out = await JSZip.loadAsync(await pkg.toBuffer(new Date(2026, 10, 23, 13, 30, 10)), { checkCRC32: true });
  assert.deepEqual(Object.keys(out.files), ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
  assert.equal(await out.file('xl/worksheets/sheet1.xml')?.async('string'), `<c>${'é€😀'.repeat(1000)}</c>`);
  assert.equal(await out.file('xl/workbook.xml')?.async('string'), '<workbook a="1"/>');
});
