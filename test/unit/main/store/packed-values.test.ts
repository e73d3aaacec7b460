import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INT_KIND, NULL_KIND, packValues, REAL_KIND, TEXT_KIND, unpackValues, type PackableValue } from '../../../../main/store/packed-values';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

test('an ASCII batch packs to one kind, one number and the bytes of each value, worked out by hand', () => {
  const p = packValues(['ab', null, 7, '', 2.5, 'c']);
  assert.deepEqual([...p.kinds], [TEXT_KIND, NULL_KIND, INT_KIND, TEXT_KIND, REAL_KIND, TEXT_KIND]);
  // Strings carry their byte length: 'ab' 2, '' 0, 'c' 1; numbers themselves; null 0.
  assert.deepEqual([...p.numbers], [2, 0, 7, 0, 2.5, 1]);
  // 'a' 61, 'b' 62, 'c' 63, back to back.
  assert.equal(hex(p.text), '616263');
});

test('numbers are kinded as the binding needs them: 32-bit integers INTEGER, everything else REAL', () => {
  const values = [0, -0, 1, -1, 2_147_483_647, -2_147_483_648, 2_147_483_648, -2_147_483_649, 14_000_000_000, 0.5, NaN, Infinity, -Infinity];
  const p = packValues(values);
  // -0 | 0 is 0 and -0 === 0, so -0 binds as INTEGER 0 (as sql.js and run() bind it); 2^31 and beyond
  // do not survive `| 0`, nor do fractions, NaN or infinities.
  assert.deepEqual(
    [...p.kinds],
    [INT_KIND, INT_KIND, INT_KIND, INT_KIND, INT_KIND, INT_KIND, REAL_KIND, REAL_KIND, REAL_KIND, REAL_KIND, REAL_KIND, REAL_KIND, REAL_KIND],
  );
  const back = unpackValues(p);
  assert.deepEqual(back, values);
  assert.ok(Object.is(back[1], -0));
  assert.equal(p.text.length, 0);
});

test('non-ASCII text is encoded value by value, with byte lengths, and comes back unchanged', () => {
  const values: PackableValue[] = ['a\u0000b', 'Zoë', '日本', '😀', '', 'x', '\uFEFFbom', null, 3];
  const p = packValues(values);
  // Bytes by hand: a 00 b = 3; Z o ë(c3 ab) = 4; 日(e6 97 a5) 本(e6 9c ac) = 6; 😀 (f0 9f 98 80) = 4;
  // '' 0; x 1; U+FEFF (ef bb bf) b o m = 6.
  assert.deepEqual([...p.numbers.slice(0, 7)], [3, 4, 6, 4, 0, 1, 6]);
  assert.equal(hex(p.text), '610062' + '5a6fc3ab' + 'e697a5e69cac' + 'f09f9880' + '' + '78' + 'efbbbf626f6d');
  assert.deepEqual(unpackValues(p), values);
});

test('a batch with one non-ASCII value among ASCII ones keeps every length right', () => {
  const values: PackableValue[] = [];
  for (let i = 0; i < 1000; i++) values.push(`row ${i}`, i, i === 500 ? 'Müller' : 'Miller', null);
  const p = packValues(values);
  // 'Müller' is 7 bytes (ü is c3 bc), 'Miller' 6.
  assert.equal(p.numbers[500 * 4 + 2], 7);
  assert.equal(p.numbers[499 * 4 + 2], 6);
  assert.deepEqual(unpackValues(p), values);
});

test('an empty batch and a batch of only nulls pack to empty text', () => {
  assert.deepEqual(unpackValues(packValues([])), []);
  const p = packValues([null, null]);
  assert.deepEqual([...p.kinds], [NULL_KIND, NULL_KIND]);
  assert.deepEqual(unpackValues(p), [null, null]);
});
