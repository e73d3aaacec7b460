import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { memoryDatabase } from '../../../../main/store/memory';
import { fastInsert, type BindValue } from '../../../../main/store/fast-insert';
import { beginBatch, RowInserter } from '../../../../main/store/batches';
import { sqliteNative } from '../../../../main/store/sqljs';
import { packValues } from '../../../../main/store/packed-values';
import { valuesHash } from '../../../../shared/datasets/identity';
import { storedFields } from '../../../../shared/datasets/catalog';

/** A plain table: one column of each affinity the workbook uses, so conversions show. */
const CREATE = 'CREATE TABLE t (a TEXT, b REAL, c INTEGER, d)';
const INSERT = 'INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)';
const READ = 'SELECT a, typeof(a), b, typeof(b), c, typeof(c), d, typeof(d) FROM t ORDER BY rowid';

const long = 'é'.repeat(16_383) + 'x'; // 32,767 UTF-16 units, 65,535 UTF-8 bytes
const rows: BindValue[][] = [
  ['O\'Brien "quoted", comma', "it's", '"', "''"],
  ['', '', null, ''],
  [null, null, null, null],
  ['Zoë — 日本語 😀', 'Ⅻ', 'ß', '\u00a0'],
  [1, 2.5, 3, -0.25],
  [14_000_000_000, 2_147_483_647, -2_147_483_648, 2_147_483_648],
  ['007', '1e3', '12abc', ' 42 '],
  [long, 'x'.repeat(32_767), long, ''],
  ['a\u0000b', 'tab\there', 'line\r\nbreak', '\\'],
];

async function tableWith(insert: (db: Database) => void): Promise<Database> {
  const db = await memoryDatabase();
  db.run(CREATE);
  insert(db);
  return db;
}

function read(db: Database): unknown[][] {
  return db.exec(READ)[0]?.values ?? [];
}

test('the raw SQLite functions are reachable once sql.js is loaded through loadSqlJs', async () => {
  await memoryDatabase();
  assert.notEqual(sqliteNative(), null);
});

test('fast inserts store exactly what sql.js Statement.run stores (quotes, unicode, empty vs NULL, numbers, long text)', async () => {
  // Rows 0-7 compare with the plain path; row 8 (a NUL inside a string) is checked by hand below.
  const plain = await tableWith((db) => {
    const stmt = db.prepare(INSERT);
    for (const r of rows.slice(0, 8)) stmt.run(r);
    stmt.free();
  });
  const fast = await tableWith((db) => {
    const ins = fastInsert(db, INSERT)!;
    for (const r of rows.slice(0, 8)) ins.run(r);
    ins.free();
  });
  assert.deepEqual(read(fast), read(plain));
});

test('values land with the affinities SQLite gives them, worked out by hand', async () => {
  const db = await tableWith((d) => {
    const ins = fastInsert(d, INSERT)!;
    for (const r of rows) ins.run(r);
    ins.free();
  });
  const got = read(db);
  // Empty strings stay empty TEXT in every column; a REAL/INTEGER column cannot read '' as a number.
  assert.deepEqual(got[1], ['', 'text', '', 'text', null, 'null', '', 'text']);
  assert.deepEqual(got[2], [null, 'null', null, 'null', null, 'null', null, 'null']);
  // 1 into TEXT becomes '1'; 3 into INTEGER stays 3; -0.25 into an untyped column stays REAL.
  assert.deepEqual(got[4], ['1', 'text', 2.5, 'real', 3, 'integer', -0.25, 'real']);
  // 14e9 does not fit 32 bits, so it is bound as a double: TEXT affinity renders it '14000000000.0'.
  // 2^31-1 fits: INTEGER bound, REAL column stores 2147483647.0 (shown as the number). 2^31 does not fit.
  assert.deepEqual(got[5], ['14000000000.0', 'text', 2147483647, 'real', -2147483648, 'integer', 2147483648, 'real']);
  // Numeric-looking text converts in REAL/INTEGER columns only when the whole text is a number.
  assert.deepEqual(got[6], ['007', 'text', 1000, 'real', '12abc', 'text', ' 42 ', 'text']);
  const lengths = db.exec('SELECT length(a), length(CAST(a AS BLOB)), length(b) FROM t WHERE rowid = 8')[0]!.values[0];
  // 16,383 'é' (2 bytes each) + 'x' = 16,384 characters in 32,767 bytes; b is 32,767 ASCII characters.
  assert.deepEqual(lengths, [16_384, 32_767, 32_767]);
  // The NUL is kept (sql.js's own binding would cut the string there): 3 bytes.
  assert.deepEqual(db.exec('SELECT length(CAST(a AS BLOB)), hex(a) FROM t WHERE rowid = 9')[0]!.values[0], [3, '610062']);
  assert.deepEqual(got[8]!.slice(2), ['tab\there', 'text', 'line\r\nbreak', 'text', '\\', 'text']);
});

test('the statement stays usable after a failed row, and strings survive the heap growing', async () => {
  const db = await memoryDatabase();
  db.run('CREATE TABLE u (id INTEGER PRIMARY KEY, s TEXT NOT NULL)');
  const ins = fastInsert(db, 'INSERT INTO u (id, s) VALUES (?, ?)')!;
  ins.run([1, 'one']);
  assert.throws(() => ins.run([1, 'again']), /UNIQUE constraint failed: u\.id/);
  assert.throws(() => ins.run([2, null]), /NOT NULL constraint failed: u\.s/);
  // 40 rows of 1 MB each, kept in a page cache allowed 200 MB inside one transaction, outgrow the
  // WebAssembly heap while SQLite steps: the buffer is replaced under us between two rows.
  db.run('PRAGMA cache_size = -200000');
  db.run('BEGIN');
  const big = (i: number) => String.fromCharCode(65 + (i % 26)).repeat(1 << 20);
  const before = sqliteNative()!.memory.buffer;
  for (let i = 0; i < 40; i++) ins.run([i + 10, big(i)]);
  assert.notEqual(sqliteNative()!.memory.buffer, before);
  ins.run([2, 'two']);
  ins.free();
  db.run('COMMIT');
  assert.deepEqual(db.exec('SELECT id, s FROM u WHERE id < 10 ORDER BY id')[0]!.values, [
    [1, 'one'],
    [2, 'two'],
  ]);
  // Row 10+i holds letter i mod 26 a million times: check a few by their first letter and length.
  assert.deepEqual(db.exec('SELECT substr(s, 1, 1), length(s) FROM u WHERE id IN (10, 35, 49) ORDER BY id')[0]!.values, [
    ['A', 1 << 20],
    ['Z', 1 << 20],
    ['N', 1 << 20],
  ]);
});

test('RowInserter (fast path) writes a batch as the catalogue orders it, with the foreign key checked', async () => {
  const db = await memoryDatabase();
  db.run('BEGIN');
  const id = beginBatch(
    db,
    { dataset: 'deals', fileName: 'd.csv', fileSize: 1, fileHash: 'h', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    '2026-01-01T00:00:00',
  );
  const ins = new RowInserter(db, 'deals', id);
  ins.insert(2, {
    deal_id: 'D-1',
    stage: 'Closed Won',
    status: 'won',
    amount: 1200,
    created_at: '2024-01-05',
    closed_at: '2024-02-01',
    owner: 'Zoë',
    source: null,
    region: '',
  });
  ins.insert(3, { deal_id: 'D-2', stage: 'Qualified', status: 'open', amount: 99.5, created_at: '2024-01-06' });
  assert.equal(ins.count, 2);
  // The page cache is raised while the inserter is open and SQLite's default (-2000 KiB) comes back after.
  assert.equal(db.exec('PRAGMA cache_size')[0]!.values[0]![0], -32_768);
  ins.free();
  ins.free();
  assert.equal(db.exec('PRAGMA cache_size')[0]!.values[0]![0], -2000);
  db.run('COMMIT');
  const got = db.exec(
    'SELECT _batch, _row, deal_id, stage, status, amount, typeof(amount), created_at, closed_at, owner, source, region FROM deals ORDER BY _row',
  )[0]!.values;
  assert.deepEqual(got, [
    [id, 2, 'D-1', 'Closed Won', 'won', 1200, 'real', '2024-01-05', '2024-02-01', 'Zoë', null, ''],
    [id, 3, 'D-2', 'Qualified', 'open', 99.5, 'real', '2024-01-06', null, null, null, null],
  ]);
  const orphan = new RowInserter(db, 'deals', id + 100);
  assert.throws(() => orphan.insert(2, { stage: 'Won' }), /FOREIGN KEY constraint failed/);
  orphan.free();
});

test('without a reachable SQLite handle the caller is told to use the ordinary path', async () => {
  await memoryDatabase();
  assert.equal(fastInsert({} as Database, INSERT), null);
});

/** The same table with two leading columns, filled by runPacked's batch constant and row number. */
const CREATE_LED = 'CREATE TABLE t (k, r INTEGER, a TEXT, b REAL, c INTEGER, d)';
const INSERT_LED = 'INSERT INTO t (k, r, a, b, c, d) VALUES (?, ?, ?, ?, ?, ?)';
const READ_LED = 'SELECT k, typeof(k), r, hex(a), typeof(a), b, typeof(b), c, typeof(c), hex(d), typeof(d) FROM t ORDER BY rowid';
const extra: BindValue[][] = [
  [-0, NaN, Infinity, -Infinity],
  [2_147_483_648, -2_147_483_649, 0.1, 1e300],
  ['\uFEFFx', '😀😀', 'a\u0000', '\u0000'],
];

test('packed rows store exactly what run() stores, NUL, emoji, -0, NaN and 2^31 included', async () => {
  const all = [...rows, ...extra];
  const one = await memoryDatabase();
  one.run(CREATE_LED);
  const byRow = fastInsert(one, INSERT_LED)!;
  all.forEach((r, i) => byRow.run([7, i + 2, ...r]));
  byRow.free();
  const packed = await memoryDatabase();
  packed.run(CREATE_LED);
  const byBatch = fastInsert(packed, INSERT_LED)!;
  // Two calls, so the second binds into a scratch buffer already holding the first batch's text.
  byBatch.runPacked(7, [2, 3, 4, 5, 6], packValues(all.slice(0, 5).flat()), 4);
  byBatch.runPacked(
    7,
    all.slice(5).map((_, i) => i + 7),
    packValues(all.slice(5).flat()),
    4,
  );
  byBatch.free();
  const expected = one.exec(READ_LED)[0]!.values;
  assert.deepEqual(packed.exec(READ_LED)[0]!.values, expected);
  // Checked by hand on the extra rows: -0 is INTEGER 0 in an untyped column; NaN binds as a double
  // SQLite turns into NULL; 2^31 stays REAL in the TEXT column as '2147483648.0'; 'a' NUL is 2 bytes.
  const last = expected.length;
  assert.deepEqual(expected[last - 3]!.slice(3, 7), ['30', 'text', null, 'null']);
  assert.deepEqual(expected[last - 2]!.slice(3, 5), [Buffer.from('2147483648.0').toString('hex').toUpperCase(), 'text']);
  assert.deepEqual(expected[last - 1]!.slice(3, 5), ['EFBBBF78', 'text']);
  assert.deepEqual(expected[last - 1]!.slice(7), ['a\u0000', 'text', '00', 'text']);
});

test('a packed batch whose values do not fill its rows is refused before anything is bound', async () => {
  const db = await memoryDatabase();
  db.run(CREATE_LED);
  const ins = fastInsert(db, INSERT_LED)!;
  assert.throws(() => ins.runPacked(1, [2, 3], packValues(['a', 1, 2, 3]), 4), /4 values cannot fill 2 rows of 4/);
  assert.equal(db.exec('SELECT count(*) FROM t')[0]!.values[0]![0], 0);
  ins.free();
});

test('a packed batch of large text survives the heap growing while it is stepped', async () => {
  const db = await memoryDatabase();
  db.run('CREATE TABLE u (k, r, s TEXT)');
  const ins = fastInsert(db, 'INSERT INTO u VALUES (?, ?, ?)')!;
  db.run('PRAGMA cache_size = -200000');
  db.run('BEGIN');
  const before = sqliteNative()!.memory.buffer;
  const texts = Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + (i % 26)).repeat(1 << 20));
  ins.runPacked(
    1,
    texts.map((_, i) => i),
    packValues(texts),
    1,
  );
  assert.notEqual(sqliteNative()!.memory.buffer, before);
  ins.free();
  db.run('COMMIT');
  // Row i holds letter i mod 26 a million times.
  assert.deepEqual(db.exec('SELECT r, substr(s, 1, 1), substr(s, -1), length(s) FROM u WHERE r IN (0, 25, 39) ORDER BY r')[0]!.values, [
    [0, 'A', 'A', 1 << 20],
    [25, 'Z', 'Z', 1 << 20],
    [39, 'N', 'N', 1 << 20],
  ]);
});

test('RowInserter.insertPacked stores the same rows as insert()', async () => {
  const deal = (i: number): (string | number | null)[] => [
    `D-${i}`,
    i % 2 ? 'Closed Won' : 'Qualified',
    i % 2 ? 'won' : 'open',
    i * 10.5,
    '2024-01-05',
    null,
    i % 3 ? 'Zoë' : '',
    null,
    'EMEA',
  ];
  const fields = ['deal_id', 'stage', 'status', 'amount', 'created_at', 'closed_at', 'owner', 'source', 'region'];
  const fill = async (how: (ins: RowInserter) => void): Promise<unknown[][]> => {
    const db = await memoryDatabase();
    db.run('BEGIN');
    const id = beginBatch(
      db,
      { dataset: 'deals', fileName: 'd.csv', fileSize: 1, fileHash: 'h', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
      '2026-01-01T00:00:00',
    );
    const ins = new RowInserter(db, 'deals', id);
    how(ins);
    assert.equal(ins.count, 6);
    ins.free();
    db.run('COMMIT');
    return db.exec('SELECT * FROM deals ORDER BY _row')[0]!.values;
  };
  const one = await fill((ins) => {
    for (let i = 0; i < 6; i++) ins.insert(i + 2, Object.fromEntries(fields.map((f, j) => [f, deal(i)[j]!])));
  });
  const packed = await fill((ins) => {
    // The catalogue's full field order, with the fields the deal leaves out as null, then the key and fingerprint.
    const order = storedFields('deals').map((f) => f.name);
    const values = [0, 1, 2, 3, 4, 5].flatMap((i) => {
      const stored = order.map((f) => (fields.includes(f) ? deal(i)[fields.indexOf(f)]! : null));
      return [...stored, `D-${i}`, valuesHash(stored, 0, stored.length)];
    });
    ins.insertPacked([2, 3, 4, 5, 6, 7], packValues(values));
  });
  assert.equal(one.length, 6);
  assert.deepEqual(packed, one);
});

/** Every table's rows and the schema: what a rollback must restore (free pages may keep other bytes). */
function contents(db: Database): unknown {
  const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]!.values.map((r) => String(r[0]));
  return [
    db.exec('SELECT type, name, sql FROM sqlite_master ORDER BY name')[0]!.values,
    ...tables.map((t) => db.exec(`SELECT * FROM "${t}" ORDER BY rowid`)[0]?.values ?? []),
  ];
}

test('a rolled-back bulk insert larger than the page cache leaves every table as it was', async () => {
  const db = await memoryDatabase();
  const before = contents(db);
  const pages = db.exec('PRAGMA page_count')[0]!.values[0]![0];
  db.run('BEGIN');
  const id = beginBatch(
    db,
    { dataset: 'deals', fileName: 'd.csv', fileSize: 1, fileHash: 'h', sheet: null, rowsRejected: 0, mapping: {}, details: {} },
    '2026-01-01T00:00:00',
  );
  const ins = new RowInserter(db, 'deals', id);
  const width = storedFields('deals').length;
  // 40,000 rows with a 1,000-character deal_id are over 40 MB of pages, past the 32 MB bulk cache,
  // so SQLite has written some of them into the database file before the rollback.
  for (let b = 0; b < 8; b++) {
    const rows = Array.from({ length: 5000 }, (_, i) => b * 5000 + i + 2);
    const values = rows.flatMap((r) => [
      String(r).padStart(1000, '0'),
      'Qualified',
      ...new Array<null>(width - 2).fill(null),
      String(r).padStart(1000, '0'),
      r,
    ]);
    ins.insertPacked(rows, packValues(values));
  }
  ins.free();
  db.run('ROLLBACK');
  assert.deepEqual(contents(db), before);
  assert.equal(db.exec('PRAGMA page_count')[0]!.values[0]![0], pages);
  assert.equal(db.exec('PRAGMA integrity_check')[0]!.values[0]![0], 'ok');
});
