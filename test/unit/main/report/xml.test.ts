import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppFailure } from '../../../../shared/result';
import { elements } from '../../../../main/report/xml';

test('elements: names, decoded attributes, depth and the offset of each `<`, past comments, CDATA and `>` in values', () => {
  const xml =
    '<?xml version="1.0"?>\n<!-- <fake a="1"/> --><w:ws a="x&gt;y&amp;z"><![CDATA[<nope/>]]><sheetData>\r\n<row r="1"/></sheetData><drawing r:id="rId1"/></w:ws>';
  const found = elements(xml, 'sheet.xml').map((e) => ({ ...e, attrs: { ...e.attrs } }));
  assert.deepEqual(found, [
    { name: 'w:ws', attrs: { a: 'x>y&z' }, depth: 0, start: xml.indexOf('<w:ws') },
    { name: 'sheetData', attrs: {}, depth: 1, start: xml.indexOf('<sheetData') },
    { name: 'row', attrs: { r: '1' }, depth: 2, start: xml.indexOf('<row') },
    { name: 'drawing', attrs: { 'r:id': 'rId1' }, depth: 1, start: xml.indexOf('<drawing') },
  ]);
});

test('elements: a part that is not well-formed is refused with its name', () => {
  assert.throws(
    () => elements('<a><b></a>', 'xl/worksheets/sheet1.xml'),
    (e: unknown) =>
      e instanceof AppFailure && e.code === 'report_failed' && e.message.startsWith('The report part xl/worksheets/sheet1.xml is not well-formed XML'),
  );
});
