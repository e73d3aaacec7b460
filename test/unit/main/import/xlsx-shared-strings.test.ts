import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppFailure } from '../../../../shared/result';
import { SharedStringsScanner } from '../../../../main/import/xlsx-shared-strings';

function strings(chunks: readonly string[]): string[] {
  const scanner = new SharedStringsScanner('book.xlsx', 'xl/sharedStrings.xml');
  for (const c of chunks) scanner.write(c);
  scanner.end();
  return scanner.strings;
}

/** The table of a whole part, checked to come out the same however it is cut into chunks. */
function table(xml: string): string[] {
  const whole = strings([xml]);
  for (let cut = 1; cut < xml.length; cut++) assert.deepEqual(strings([xml.slice(0, cut), xml.slice(cut)]), whole, `cut at ${cut}`);
  assert.deepEqual(strings([...xml]), whole, 'one character per chunk');
  return whole;
}

const sst = (items: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">${items}</sst>`;

test('plain, spaced, empty and self-closing items keep their places', () => {
  assert.deepEqual(table(sst('<si><t>Deal</t></si><si><t xml:space="preserve"> two  spaces </t></si><si><t></t></si><si/><si><t/></si><si><t>last</t></si>')), [
    'Deal',
    ' two  spaces ',
    '',
    '',
    '',
    'last',
  ]);
});

test('rich text runs join; phonetic guides and run properties are left out; references, CDATA and _xHHHH_ decode', () => {
  const xml = sst(
    '<si><r><rPr><b/><sz val="11"/></rPr><t>Big </t></r><r><t>Deal</t></r><rPh sb="0" eb="3"><t>ビッグ</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><t>R&amp;D &#8364;5 &lt;b&gt;</t></si><si><t><![CDATA[a & b]]></t></si><si><t>tab_x0009_here</t></si>',
  );
  // &#8364; is the euro sign; _x0009_ is Excel's escape for a tab.
  assert.deepEqual(table(xml), ['Big Deal', 'R&D €5 <b>', 'a & b', 'tab\there']);
});

test('prefixed names read like plain ones', () => {
  const xml =
    '<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>one</x:t></x:si><x:si><x:r><x:t>t</x:t></x:r><x:r><x:t>wo</x:t></x:r></x:si></x:sst>';
  assert.deepEqual(table(xml), ['one', 'two']);
});

test('entity tricks and broken XML are refused as not valid XML', () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;">]>${sst('<si><t>&l1;</t></si>')}`;
  for (const [xml, why] of [
    [laughs, 'DOCTYPE'],
    [sst('<si><t>&l1;</t></si>'), 'undefined entity &l1;'],
    [sst('<si><t>open</si>'), '</si> where </t> was expected'],
    ['<sst><si><t>cut', 'the part ends inside <t>'],
  ] as const) {
    assert.throws(
      () => strings([xml]),
      (e: unknown) =>
        e instanceof AppFailure && e.code === 'import_unreadable' && e.message.includes('xl/sharedStrings.xml is not valid XML') && e.message.includes(why),
      why,
    );
  }
});
